/**
 * `npm run demo`: the whole pipeline offline on bundled real mainnet transactions.
 *
 * It brings up what it needs (Postgres from DATABASE_URL or the local server, else an embedded
 * PGlite; Redis from REDIS_URL or the local server, else a redis-server it starts itself; a Bot
 * API emulator in this process), lets two demo users talk to the real bot over HTTP, replays the
 * recorded transactions through ingest -> pipeline -> notifier, prints the conversation and the
 * alerts, and ends with `demo: <N> swaps decoded, <M> alerts delivered`.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { Redis } from "ioredis";
import type { RunnerHandle } from "@grammyjs/runner";
import { createBot } from "../bot/bot.js";
import { ChatMutes } from "../core/data/chat-mutes.js";
import { ChatRepository } from "../core/data/chat-repository.js";
import { SettingsRepository } from "../core/data/settings.js";
import { connectDatabase, connectPglite, connectPostgres, type Database } from "../core/data/db.js";
import { migrate } from "../core/data/migrate.js";
import { createI18n } from "../core/i18n.js";
import { createLogger } from "../core/logger.js";
import { createTelegramApi } from "../core/telegram.js";
import { dexName } from "../core/domain/alert-render.js";
import type { Swap } from "../core/domain/swap.js";
import { isSkipped } from "../workers/ingest/datasource.js";
import { decodeRaw } from "../workers/ingest/ingest.js";
import { ReplayDatasource } from "../workers/ingest/replay.js";
import { startWorkers, type RunningWorkers } from "../workers/app.js";
import {
  createTestUser,
  pollingPause,
  startTelegramEmulator,
  type BotMessage,
  type TelegramEmulator,
  type TestUser,
} from "../test/helpers/telegram.js";

const FIXTURES = fileURLToPath(new URL("../test/fixtures/solana/", import.meta.url));
const TOKEN = "1234567:DEMO-token-for-the-local-emulator";
const logger = createLogger(process.env.LOG_LEVEL ?? "silent", "demo");
const out = (line = "") => process.stdout.write(`${line}\n`);
const note = (line: string) => process.stderr.write(`${line}\n`);
const cleanups: (() => Promise<unknown> | unknown)[] = [];

async function canConnectPostgres(url: string): Promise<boolean> {
  const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1500 });
  try {
    await c.connect();
    return true;
  } catch {
    return false;
  } finally {
    await c.end().catch(() => {});
  }
}

/** DATABASE_URL, else a fresh `pumpspace_demo` on the local server, else embedded PGlite. */
async function openDatabase(): Promise<{ db: Database; where: string }> {
  if (process.env.DATABASE_URL) {
    // `pglite:` (in memory) or `pglite:<dir>` picks the embedded database explicitly.
    return { db: await connectDatabase(process.env.DATABASE_URL), where: `DATABASE_URL (${process.env.DATABASE_URL.split(":")[0]})` };
  }
  const local = "postgresql://postgres@127.0.0.1:5432/postgres";
  if (await canConnectPostgres(local)) {
    const admin = new pg.Client({ connectionString: local });
    await admin.connect();
    await admin.query("DROP DATABASE IF EXISTS pumpspace_demo WITH (FORCE)");
    await admin.query("CREATE DATABASE pumpspace_demo");
    await admin.end();
    return {
      db: connectPostgres("postgresql://postgres@127.0.0.1:5432/pumpspace_demo"),
      where: "local PostgreSQL, database pumpspace_demo",
    };
  }
  return { db: await connectPglite(), where: "embedded PGlite (no PostgreSQL server found)" };
}

async function ping(url: string): Promise<boolean> {
  const r = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 0, connectTimeout: 1000, retryStrategy: () => null });
  r.on("error", () => {});
  try {
    await r.connect();
    return (await r.ping()) === "PONG";
  } catch {
    return false;
  } finally {
    r.disconnect();
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

/** REDIS_URL, else the local server, else a private redis-server on a free port. */
async function openRedis(): Promise<{ url: string; where: string }> {
  if (process.env.REDIS_URL) return { url: process.env.REDIS_URL, where: "Redis from REDIS_URL" };
  if (await ping("redis://127.0.0.1:6379")) return { url: "redis://127.0.0.1:6379", where: "local Redis" };
  const port = await freePort();
  let child: ChildProcess;
  try {
    child = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], {
      stdio: "ignore",
    });
    await new Promise<void>((resolve, reject) => {
      child.once("error", reject);
      child.once("spawn", () => resolve());
    });
  } catch {
    throw new Error("The demo needs Redis: install it (Debian: apt-get install redis-server) or set REDIS_URL.");
  }
  cleanups.push(() => child.kill());
  const url = `redis://127.0.0.1:${port}`;
  for (let i = 0; i < 50 && !(await ping(url)); i++) await new Promise((r) => setTimeout(r, 100));
  return { url, where: `a redis-server started on port ${port}` };
}

/** Telegram HTML to terminal text. */
function plain(html: string): string {
  return html
    .replace(/<a href="[^"]*">([^<]*)<\/a>/g, "$1")
    .replace(/<[^>]+>/g, "")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&quot;/g, '"')
    .replace(/&amp;/g, "&");
}

function indent(text: string, prefix: string): string {
  return text
    .split("\n")
    .map((l, i) => (i === 0 ? prefix : " ".repeat([...prefix].length)) + l)
    .join("\n");
}

function showBot(messages: BotMessage[]): void {
  for (const m of messages) {
    out(indent(plain(m.text), "   🤖 "));
    const buttons = m.replyMarkup?.inline_keyboard.flat().map((b) => `[${b.text}]`);
    if (buttons?.length) out(`      ${buttons.join(" ")}`);
  }
}

async function say(user: TestUser, name: string, text: string, expectReplies = 1): Promise<BotMessage[]> {
  out(`👤 ${name}: ${text}`);
  await user.command(text);
  const replies = await user.replies(expectReplies, 10_000);
  showBot(replies);
  return replies;
}

/** The traders of the recorded swaps, one per DEX, so the demo follows real wallets. */
async function pickWallets(): Promise<{ wallet: string; dex: string }[]> {
  const byDex = new Map<string, Swap>();
  for await (const item of new ReplayDatasource(FIXTURES).read(new AbortController().signal)) {
    if (isSkipped(item)) continue;
    for (const s of decodeRaw(item, 150).swaps) if (!byDex.has(s.dex)) byDex.set(s.dex, s);
  }
  // Wallets caught by a real decoder first; the balance-delta fallback's "unknown" last.
  return [...byDex.values()]
    .sort((a, b) => Number(a.dex === "unknown") - Number(b.dex === "unknown"))
    .map((s) => ({ wallet: s.trader, dex: s.dex }));
}

async function main(): Promise<void> {
  const started = Date.now();
  out("PumpSpace demo: real mainnet transactions, a real bot, an emulated Telegram; nothing leaves this machine.\n");

  const { db, where: dbWhere } = await openDatabase();
  cleanups.push(() => db.close());
  await migrate(db.sql);
  const redis = await openRedis();
  const prefix = `pumpspace-demo-${process.pid}`;
  note(`· database: ${dbWhere}\n· redis: ${redis.where} (keys under ${prefix}:)`);

  const tg: TelegramEmulator = await startTelegramEmulator();
  cleanups.push(() => tg.stop());
  note(`· Telegram: Bot API emulator at ${tg.apiRoot}\n`);

  const i18n = createI18n();
  const deps = { chats: new ChatRepository(db.prisma), config: { walletLimit: 100 }, logger, i18n };
  const bot = createBot(TOKEN, { ...deps, mutes: new ChatMutes(db.sql), settings: new SettingsRepository(db.sql) }, {
    apiRoot: tg.apiRoot,
  });
  bot.api.config.use(pollingPause());
  const { run } = await import("@grammyjs/runner");
  const runner: RunnerHandle = run(bot, { runner: { silent: true } });
  cleanups.push(() => (runner.isRunning() ? runner.stop() : undefined));

  const wallets = await pickWallets();
  if (wallets.length < 3) throw new Error(`expected swaps from at least 3 DEXes in ${FIXTURES}, found ${wallets.length}`);
  const [w1, w2, w3] = wallets as [(typeof wallets)[0], (typeof wallets)[0], (typeof wallets)[0]];

  const alice = createTestUser(tg.server, TOKEN, { chatId: 1001, firstName: "Alice", languageCode: "en" });
  const li = createTestUser(tg.server, TOKEN, { chatId: 1002, firstName: "李雷", languageCode: "zh-hans" });

  out("── The conversation ──────────────────────────────────────────────");
  await say(alice, "Alice", "/start");
  await say(alice, "Alice", "/track 0OIl-not-an-address");
  await say(alice, "Alice", "/track 6EF8rrecthR5Dkzon8Nwu78hRvfCKubJ14M5uBEwF6P");
  await say(alice, "Alice", `/track ${w1.wallet} ${dexName(w1.dex)} trader`);
  await say(alice, "Alice", `/track ${w2.wallet} <b>whale</b> & co`);
  await say(alice, "Alice", "/list");
  await say(li, "李雷", "/start");
  await say(li, "李雷", `/track ${w3.wallet} 聪明钱`);
  await say(li, "李雷", `/track ${w1.wallet}`);
  out();

  let lastProgress = "";
  const workers: RunningWorkers = await startWorkers({
    roles: new Set(["ingest", "pipeline", "notifier"]),
    db,
    redisUrl: redis.url,
    queuePrefix: prefix,
    logger,
    api: createTelegramApi(TOKEN, { apiRoot: tg.apiRoot }),
    i18n,
    datasource: new ReplayDatasource(FIXTURES),
    solUsdFallback: 150,
    batchSize: 16,
    batchMaxWaitMs: 50,
    notifyConcurrency: 4,
    notifyRatePerSecond: 25,
    sweepEveryMs: 2000,
    onIngestProgress: (c) => {
      const line = `replay: ${c.transactions} transactions, ${c.swaps} swaps decoded, ${c.batches} batches queued`;
      if (line === lastProgress) return;
      lastProgress = line;
      process.stderr.write(process.stderr.isTTY ? `\r${line}` : `${line}\n`);
    },
  });
  cleanups.push(async () => {
    await workers.stop();
    const r = new Redis(redis.url);
    const keys = await r.keys(`${prefix}:*`);
    if (keys.length) await r.del(...keys);
    r.disconnect();
  });
  const counts = (await workers.ingestDone)!;
  note("");

  // Wait until every alert the replay created has been delivered (or given up on).
  const deadline = Date.now() + 30_000;
  for (;;) {
    const batches = await workers.swapBatches.getJobCounts("wait", "active", "delayed");
    const pending = await db.prisma.alert.count({ where: { status: "pending" } });
    if (pending === 0 && Object.values(batches).every((n) => n === 0)) break;
    if (Date.now() > deadline) throw new Error(`alerts still pending after 30 s: ${pending}`);
    await new Promise((r) => setTimeout(r, 50));
  }

  out("── Alerts the bot sent ───────────────────────────────────────────");
  for (const [user, name] of [
    [alice, "Alice"],
    [li, "李雷"],
  ] as const) {
    const expected = await db.prisma.alert.count({ where: { chatId: BigInt(user.chatId), status: "sent" } });
    out(`📨 to ${name} (${expected}):`);
    if (expected) showBot(await user.replies(expected, 10_000));
  }

  const delivered = await db.prisma.alert.count({ where: { status: "sent" } });
  const deadLetters = await db.prisma.deadLetter.count();
  out();
  out(
    `${counts.transactions} transactions replayed (${counts.skipped} skipped with a reason, ${deadLetters} kept in dead_letter) ` +
      `in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );
  out(`demo: ${counts.swaps} swaps decoded, ${delivered} alerts delivered`);
}

let code = 0;
try {
  await main();
} catch (err) {
  note(`\ndemo failed: ${err instanceof Error ? err.message : String(err)}`);
  if (process.env.LOG_LEVEL === "debug") console.error(err);
  code = 1;
} finally {
  for (const c of cleanups.reverse()) await Promise.resolve().then(c).catch(() => {});
}
process.exit(code);
