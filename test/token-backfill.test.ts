// On-demand token backfills through the token-backfill queue, end to end: the real bot against
// the Bot API emulator, a pipeline process running the queue against a local JSON-RPC server
// serving recorded mainnet transactions, real Postgres and Redis.
// - /top on a token PumpSpace never saw: "working on it", progress edits, then the list;
// - /top on a known token: the stored list at once, then an incremental refresh that edits in a
//   new wallet, marked as new;
// - the RPC down: a clear error in the message; no RPC configured: says so;
// - the signals role: a call on a token never seen is priced from the backfilled swaps.
import type { RunnerHandle } from "@grammyjs/runner";
import type { Bot } from "grammy";
import { fileURLToPath } from "node:url";
import { Keypair } from "@solana/web3.js";
import { Api, helpers } from "telegram";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createBot, type BotContext } from "../bot/bot.js";
import { CallStore } from "../core/data/calls.js";
import { ChatRepository } from "../core/data/chat-repository.js";
import { TopViews } from "../core/data/top-views.js";
import { WalletCards } from "../core/data/wallet-card.js";
import { latestSwapPrices } from "../core/data/wallet-scores.js";
import { QUOTE_MINTS, WSOL_MINT, type Swap } from "../core/domain/swap.js";
import { SwapPartitions } from "../core/data/swap-partitions.js";
import { insertSwaps } from "../core/data/swap-store.js";
import { loadScoreSettings, recordTokenSeen, rescoreWallets } from "../core/data/wallet-scores.js";
import { fakeAddress, PUMPFUN_PROGRAM } from "./helpers/scoring-data.js";
import { createI18n } from "../core/i18n.js";
import { createLogger } from "../core/logger.js";
import { TokenBackfillClient } from "../core/queues/token-backfill.js";
import { decodeRaw } from "../workers/ingest/ingest.js";
import type { RunningWorkers } from "../workers/app.js";
import type { ChannelClient, ChannelInfo, ChannelUpdate } from "../workers/signals/channel-client.js";
import { createTestDatabase, type TestDatabase } from "./helpers/db.js";
import { loadRecordedLedger, startJsonRpcServer, type JsonRpcTestServer, type RecordedLedger, type SignatureInfo } from "./helpers/json-rpc-server.js";
import { createTestRedis, waitFor, type TestRedis } from "./helpers/redis.js";
import { createTestUser, runTestBot, startTelegramEmulator, waitForBotMessageEdit, type TelegramEmulator } from "./helpers/telegram.js";
import { startTestWorkers } from "./helpers/workers.js";

const FIXTURES = fileURLToPath(new URL("./fixtures/solana/", import.meta.url));
const TOKEN = "1234567:PumpSpaceTokenBackfill_abcdefg";
const TOKEN_NO_RPC = "7654321:PumpSpaceTokenBackfillNoRpc_ab";
const logger = createLogger("silent");

let tg: TelegramEmulator;
let db: TestDatabase;
let redis: TestRedis;
let rpc: JsonRpcTestServer;
let ledger: RecordedLedger;
let workers: RunningWorkers;
let backfills: TokenBackfillClient;
const bots: { bot: Bot<BotContext>; runner: RunnerHandle }[] = [];
/** Every text the bot edited a message to, in order. */
const edits: { messageId: number; text: string }[] = [];
let chatId = 7000;

/** Per traded mint: the successful recorded transactions with a swap of it, newest first, and who bought in each. */
const byMint = new Map<string, { infos: SignatureInfo[]; buyers: Map<string, string[]> }>();
/** The mints each recorded transaction trades. */
const mintsOf = new Map<string, Set<string>>();
/** The tokens of each test, chosen up front: a test's backfill must not store another test's token. */
const mints = { fresh: "", known: "", down: "", noRpc: "", called: "" };

const tuning = { pageSize: 5, backoffBaseMs: 10, backoffMaxMs: 40, maxRetries: 1, requestTimeoutMs: 2_000 };

beforeAll(async () => {
  [tg, db, ledger] = await Promise.all([startTelegramEmulator(), createTestDatabase(), loadRecordedLedger(FIXTURES)]);
  redis = createTestRedis();
  for (const info of ledger.infos) {
    if (info.err !== null) continue;
    const r = decodeRaw({ raw: ledger.transactions.get(info.signature), origin: info.signature, slot: info.slot }, 150);
    for (const s of r.swaps) {
      const inQuote = QUOTE_MINTS.has(s.mintIn);
      if (inQuote === QUOTE_MINTS.has(s.mintOut)) continue;
      const mint = inQuote ? s.mintOut : s.mintIn;
      const entry = byMint.get(mint) ?? { infos: [], buyers: new Map<string, string[]>() };
      if (!entry.infos.includes(info)) entry.infos.push(info);
      if (inQuote) entry.buyers.set(info.signature, [...(entry.buyers.get(info.signature) ?? []), s.trader]);
      byMint.set(mint, entry);
      mintsOf.set(info.signature, (mintsOf.get(info.signature) ?? new Set()).add(mint));
    }
  }
  mints.known = boughtMint();
  mints.down = boughtMint([mints.known]);
  mints.noRpc = boughtMint([mints.known, mints.down]);
  mints.called = [...byMint].find(
    ([m, e]) => ![mints.known, mints.down, mints.noRpc].includes(m) && e.infos.length === 1 && e.infos[0]!.blockTime !== null,
  )![0];
  mints.fresh = boughtMint([mints.known, mints.down, mints.noRpc, mints.called]);
  rpc = await startJsonRpcServer({ signatures: {}, transactions: ledger.transactions });
  // The pipeline process that runs the queue (and stores what it queues).
  workers = await startTestWorkers(["pipeline"], { db, redis }, {
    // The recorded transactions span over a year of slots: keep retention off them.
    retentionDays: 36_500,
    tokenBackfill: { rpcUrl: rpc.url, pages: 100, requestsPerSecond: 1000, tuning },
  });
  backfills = new TokenBackfillClient({ redisUrl: redis.url, prefix: redis.prefix, timeoutMs: 60_000 });
  const deps = (withRpc: boolean) => ({
    chats: new ChatRepository(db.prisma),
    config: { walletLimit: 5, topProgressEveryMs: 30 },
    logger,
    i18n: createI18n<BotContext>(),
    walletCards: new WalletCards(db.sql, latestSwapPrices(db.sql)),
    top: { views: new TopViews(db.sql), ...(withRpc ? { backfills } : {}) },
  });
  for (const [token, withRpc] of [
    [TOKEN, true],
    [TOKEN_NO_RPC, false],
  ] as const) {
    const bot = createBot(token, deps(withRpc), { apiRoot: tg.apiRoot });
    bot.api.config.use(async (prev, method, payload, signal) => {
      if (method === "editMessageText" && token === TOKEN) {
        const p = payload as { message_id: number; text: string };
        edits.push({ messageId: p.message_id, text: p.text });
      }
      return prev(method, payload, signal);
    });
    bots.push({ bot, runner: runTestBot(bot) });
  }
}, 60_000);

afterAll(async () => {
  for (const b of bots) await b.runner.stop();
  await backfills?.close();
  await workers?.stop();
  await rpc?.close();
  await tg?.stop();
  await redis?.cleanup();
  await db?.drop();
});

const user = (token = TOKEN) => createTestUser(tg.server, token, { chatId: ++chatId, languageCode: "en" });
/** Wallets listed in a /top text, in order. */
const listed = (text: string) => [...text.matchAll(/^\d+\. <code>(\w+)<\/code>/gm)].map((m) => m[1]!);
const holders = async (mint: string) =>
  (await db.sql.query<{ wallet: string }>(`SELECT wallet FROM wallet_position WHERE mint = $1 AND bought_sol > 0`, [mint])).map((r) => r.wallet);

/** A mint of the recordings that somebody bought, not in `exclude`. */
function boughtMint(exclude: readonly string[] = []): string {
  const hit = [...byMint].find(([mint, e]) => e.buyers.size > 0 && !exclude.includes(mint));
  if (!hit) throw new Error("no recorded mint left that somebody bought");
  return hit[0];
}

describe("/top with on-demand backfills", () => {
  it("backfills a token it never saw: working on it, progress edits, then the list", async () => {
    const mint = mints.fresh;
    // The mint's history as the node lists it: its own swaps among many other transactions (none
    // of the other tests' tokens), so the sweep takes several pages (5 signatures each) and
    // reports progress on the way.
    const others = new Set(Object.values(mints).filter((m) => m !== mint));
    rpc.setSignatures(mint, ledger.infos.filter((i) => ![...(mintsOf.get(i.signature) ?? [])].some((m) => others.has(m))));
    rpc.setDelay((call) => (call.method === "getSignaturesForAddress" ? 40 : 5));
    const u = user();
    await u.command(`/top ${mint}`);
    const [reply] = await u.replies(1);
    expect(reply!.text).toContain("reading its history from the chain");
    const final = await waitForBotMessageEdit(tg.server, TOKEN, reply!.messageId, (m) => m.text.includes("Most profitable wallets"), 30_000);
    rpc.setDelay(undefined);

    const mine = edits.filter((e) => e.messageId === reply!.messageId).map((e) => e.text);
    const progress = mine.filter((t) => t.includes("Reading the history of"));
    expect(progress.length).toBeGreaterThanOrEqual(1);
    expect(mine.indexOf(progress[0]!)).toBeLessThan(mine.length - 1);
    expect(progress.at(-1)).toMatch(/\d+ transactions listed, \d+ fetched, \d+ swaps found/);

    // The list is the token's positions, scored before the job finished.
    const want = await holders(mint);
    expect(want.length).toBeGreaterThan(0);
    expect(listed(final.text).sort()).toEqual(want.slice(0, 10).sort());
    // A first look marks nothing.
    expect(final.text).not.toContain("🆕");
    const view = await db.sql.query<{ n: number }>(`SELECT jsonb_array_length(entries) AS n FROM top_view WHERE chat_id = $1 AND mint = $2`, [u.chatId, mint]);
    expect(view[0]?.n).toBe(listed(final.text).length);
  }, 60_000);

  it("answers a known token at once, then edits in what an incremental refresh found, marked new", async () => {
    // The live stream stored an earlier buy of the token (no backfill has swept it yet).
    const mint = mints.known;
    const entry = byMint.get(mint)!;
    const newest = entry.infos[0]!;
    const early: Swap = {
      signature: fakeAddress("early-sig-a") + fakeAddress("early-sig-b"),
      slot: newest.slot - 1_000,
      blockTime: (newest.blockTime ?? 1_700_000_000) - 400,
      ixPath: "1",
      dex: "pumpfun",
      programId: PUMPFUN_PROGRAM,
      pool: null,
      trader: fakeAddress("early-buyer"),
      mintIn: WSOL_MINT,
      amountIn: 1_000_000_000n,
      decimalsIn: 9,
      mintOut: mint,
      amountOut: 1_000_000_000n,
      decimalsOut: 6,
      priceSol: 1e-6,
      priceUsd: 1.5e-4,
    };
    await new SwapPartitions(db.sql).ensure([early.slot]);
    await insertSwaps(db.sql, [early], "grpc");
    await recordTokenSeen(db.sql, [early]);
    await rescoreWallets(db.sql, [early.trader], { nowSec: Math.floor(Date.now() / 1000), settings: await loadScoreSettings(db.sql) });
    const before = await holders(mint);
    expect(before).toEqual([early.trader]);

    // The node lists the token's recorded transactions above it.
    const earlyInfo: SignatureInfo = { signature: early.signature, slot: early.slot, err: null, memo: null, blockTime: early.blockTime, confirmationStatus: "finalized" };
    rpc.setSignatures(mint, [...entry.infos, earlyInfo]);
    const calls = rpc.calls.length;
    const u = user();
    await u.command(`/top ${mint}`);
    const [reply] = await u.replies(1);
    expect(listed(reply!.text).sort()).toEqual(before.slice(0, 10).sort());

    const after = await waitForBotMessageEdit(tg.server, TOKEN, reply!.messageId, (m) => m.text.includes("🆕"), 30_000);
    const added = (await holders(mint)).filter((w) => !before.includes(w));
    expect(added.length).toBeGreaterThan(0);
    for (const line of after.text.split("\n")) {
      const wallet = listed(line)[0];
      if (wallet) expect(line.includes("🆕 new")).toBe(added.includes(wallet));
    }
    expect(after.text).toContain("Changes since your last look");
    // Incremental: the sweep stopped at the newest swap the stream had stored (until).
    const listings = rpc.calls.slice(calls).filter((c) => c.method === "getSignaturesForAddress");
    expect(listings.length).toBeGreaterThan(0);
    for (const c of listings) expect((c.params[1] as { until?: string }).until).toBe(early.signature);

    // The next look compares with the edited list: nothing changed since.
    await u.command(`/top ${mint}`);
    const [again] = await u.replies(1);
    expect(again!.text).toContain("No change since your last look");
  }, 60_000);

  it("says clearly when the RPC cannot be reached, and when none is configured", async () => {
    const mint = mints.down;
    rpc.setSignatures(mint, byMint.get(mint)!.infos);
    rpc.setFault(() => ({ kind: "reset" }));
    const u = user();
    await u.command(`/top ${mint}`);
    const [reply] = await u.replies(1);
    const failed = await waitForBotMessageEdit(tg.server, TOKEN, reply!.messageId, (m) => !m.text.startsWith("⏳"), 30_000);
    rpc.setFault(undefined);
    expect(failed.text).toContain("Could not reach the Solana RPC");

    // A token whose history has no swap at all.
    const empty = Keypair.generate().publicKey.toBase58();
    rpc.setSignatures(empty, []);
    await u.command(`/top ${empty}`);
    const [working] = await u.replies(1);
    const nothing = await waitForBotMessageEdit(tg.server, TOKEN, working!.messageId, (m) => !m.text.startsWith("⏳"), 30_000);
    expect(nothing.text).toContain("has no swaps PumpSpace can read");

    const other = mints.noRpc;
    const v = user(TOKEN_NO_RPC);
    await v.command(`/top ${other}`);
    const [none] = await v.replies(1);
    expect(none!.text).toContain("no Solana RPC is configured");
    expect(none!.text).toContain("SOLANA_RPC_URL");
  }, 60_000);

  it("shows a Top wallets button on the token card", async () => {
    const { TOKEN_TOP_CALLBACK_PREFIX } = await import("../core/domain/token-card.js");
    expect(TOKEN_TOP_CALLBACK_PREFIX).toBe("top:");
    const mint = mints.fresh;
    const u = user();
    await u.command(`/top ${mint}`);
    const [first] = await u.replies(1);
    await u.press(`top:${mint}`, first!.messageId);
    const [pressed] = await u.replies(1);
    expect(pressed!.text).toContain("Most profitable wallets");
    // Each look started a refresh of this mint; join it so the next test does not count its sweep.
    await backfills.run(mint);
  }, 30_000);
});

describe("the token-backfill queue", () => {
  it("lets concurrent asks for one mint share one run, and runs again for a later ask", async () => {
    const mint = mints.fresh;
    const listings = () => rpc.calls.filter((c) => c.method === "getSignaturesForAddress" && c.params[0] === mint).length;
    const before = listings();
    rpc.setDelay(() => 150);
    const progress: string[] = [];
    const [a, b] = await Promise.all([backfills.run(mint, { onProgress: (p) => progress.push(p.phase) }), backfills.run(mint)]);
    rpc.setDelay(undefined);
    // One incremental sweep above what test one stored: one listing, one result for both.
    expect(listings() - before).toBe(1);
    expect(a).toEqual(b);
    expect(a).toMatchObject({ phase: "done", mode: "incremental", swaps: 0 });
    expect(progress).toContain("listing");
    await backfills.run(mint);
    expect(listings() - before).toBe(2);
  }, 30_000);
});

const CHANNEL_ID = 1_888_000_123;

/** A channel with one post, as Telegram would serve it. */
class OnePostChannel implements ChannelClient {
  constructor(private readonly posts: Api.Message[]) {}
  async resolve(username: string): Promise<ChannelInfo> {
    return { id: String(CHANNEL_ID), username, title: "Beta Calls" };
  }
  async history(_u: string, afterId: number, limit: number): Promise<Api.Message[]> {
    return this.posts.filter((m) => m.id > afterId).slice(0, limit);
  }
  async recent(_u: string, limit: number): Promise<Api.Message[]> {
    return this.posts.slice(-limit);
  }
  onUpdate(_h: (u: ChannelUpdate) => void): () => void {
    return () => {};
  }
}

describe("signals: a call on a token PumpSpace never saw", () => {
  it("is priced from the swaps its backfill stored", async () => {
    const mint = mints.called;
    const entry = byMint.get(mint)!;
    expect(await db.sql.query(`SELECT 1 FROM token_seen WHERE mint = $1`, [mint])).toEqual([]);
    const info = entry.infos[0]!;
    rpc.setSignatures(mint, entry.infos);
    const store = new CallStore(db.sql);
    const caller = await store.addCaller("channel", "beta_calls");
    const post = new Api.Message({
      id: 1,
      peerId: new Api.PeerChannel({ channelId: helpers.returnBigInt(CHANNEL_ID) }),
      // A minute after the token's trade: the call is priced at that trade.
      date: info.blockTime! + 60,
      message: `🚀 CA: ${mint}`,
    });
    const signals = await startTestWorkers(["signals"], { db, redis }, {
      channelClient: new OnePostChannel([post]),
      signals: { pollMs: 0, join: false, repostWindowMs: 3_600_000 },
      tokenBackfill: { rpcUrl: rpc.url, callWaitMs: 30_000 },
    });
    try {
      await waitFor(async () => (await db.prisma.call.count({ where: { callerId: BigInt(caller.id) } })) === 1, "the call", 30_000);
      const [call] = await db.sql.query<{ mint: string; price_sol: number | null }>(`SELECT mint, price_sol FROM call WHERE caller_id = $1`, [caller.id]);
      const [swap] = await db.sql.query<{ price_sol: number }>(
        `SELECT price_sol FROM swap WHERE (mint_in = $1 OR mint_out = $1) AND price_sol IS NOT NULL ORDER BY slot DESC LIMIT 1`,
        [mint],
      );
      expect(call!.mint).toBe(mint);
      expect(swap).toBeDefined();
      expect(call!.price_sol).toBeCloseTo(swap!.price_sol, 12);
    } finally {
      await signals.stop();
    }
  }, 60_000);
});
