/**
 * fanout: one alert to many subscribed chats through the real notifier (BullMQ jobs ranked per
 * chat, the Redis pacer, Postgres reads and delivery records), against a local HTTP Bot API
 * stand-in that enforces a global per-bot limit the way Telegram does (a token bucket one second
 * deep; beyond it, 429 with retry_after).
 *
 * Measured: seconds from enqueueing the fan-out to the last delivery, and
 * efficiency = achieved messages/s ÷ the configured global limit (1.0 = every second of the limit
 * used). The ideal for 10,000 chats at Telegram's ~30 messages/s is ~333 s, so the default run is
 * scaled to 2,000 chats at the same 30/s (~67 s); BENCH_FULL=1 runs all 10,000. Knobs:
 * BENCH_CHATS, BENCH_LIMIT (a higher emulated limit, as with paid broadcast), BENCH_CONCURRENCY.
 */
import { Redis } from "ioredis";
import { migrate } from "../core/data/migrate.js";
import { throwawayDatabase } from "./database.js";
import { insertAlerts } from "../core/data/swap-store.js";
import { buildWalletSwapAlert } from "../core/domain/alerts.js";
import { WSOL_MINT, type Swap } from "../core/domain/swap.js";
import { createI18n } from "../core/i18n.js";
import { createLogger } from "../core/logger.js";
import { enqueueAlerts } from "../core/queues/producers.js";
import { createTelegramApi } from "../core/telegram.js";
import { startWorkers } from "../workers/app.js";
import { startFakeBotApi } from "../test/helpers/fake-bot-api.js";
import { round } from "./stats.js";

const REDIS = process.env.BENCH_REDIS_URL ?? "redis://127.0.0.1:6379";
const FULL = process.env.BENCH_FULL === "1";
const CHATS = Number(process.env.BENCH_CHATS ?? (FULL ? 10_000 : 2_000));
const LIMIT = Number(process.env.BENCH_LIMIT ?? 30);
// In flight at once: the notifier's default (8), more for a higher emulated limit.
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? Math.max(8, Math.ceil(LIMIT / 10)));

const TRADER = "3P2pmfQAFTwcC1xWtYbVYoRn3hngya8Kd9jMaF5GfnUa";
const MINT = "FstBRGMkNKf4wNvfieYUPS9YsbNoQJMCh6v89zajpump";

export async function run(): Promise<Record<string, number | string | boolean>> {
  const { db, drop } = await throwawayDatabase("fanout", 8);
  const prefix = `pumpspace-bench-fanout-${process.pid}`;
  const tg = await startFakeBotApi({ globalLimitPerSecond: LIMIT });
  const redis = new Redis(REDIS, { maxRetriesPerRequest: null });
  try {
    await migrate(db.sql);
    await db.sql.query(`INSERT INTO chat (id, type) SELECT g, 'private' FROM generate_series(1, $1) g`, [CHATS]);
    const workers = await startWorkers({
      roles: new Set(["notifier"]),
      db,
      redisUrl: REDIS,
      queuePrefix: prefix,
      logger: createLogger("warn"),
      api: createTelegramApi("1000:bench-token-not-a-secret-xxxxxx", { apiRoot: tg.apiRoot }),
      i18n: createI18n(),
      solUsdFallback: 150,
      batchSize: 500,
      batchMaxWaitMs: 50,
      notifyConcurrency: CONCURRENCY,
      notifyRatePerSecond: LIMIT,
      paidBroadcast: LIMIT > 30,
      sweepEveryMs: 15_000,
    });
    const swap: Swap = {
      signature: `5${"b".repeat(87)}`,
      slot: 300_000_001,
      blockTime: Math.floor(Date.now() / 1000),
      ixPath: "1",
      dex: "pumpfun",
      programId: "6EF8rrecthR5Dkzon8Nwu78hRvfCKubJ14M5uBEwF6P",
      pool: null,
      trader: TRADER,
      mintIn: WSOL_MINT,
      amountIn: 2_000_000_000n,
      decimalsIn: 9,
      mintOut: MINT,
      amountOut: 5_000_000_000n,
      decimalsOut: 6,
      priceSol: null,
      priceUsd: null,
    };
    const alert = buildWalletSwapAlert(swap, "smart money", new Map([[MINT, "PEPE"]]));
    const rows = await insertAlerts(
      db.sql,
      Array.from({ length: CHATS }, (_, i) => ({ chatId: String(i + 1), alert })),
    );
    console.error(`fanout: ${CHATS} chats, limit ${LIMIT}/s, concurrency ${CONCURRENCY}, ideal ${round(CHATS / LIMIT, 1)} s`);
    const start = Date.now();
    await enqueueAlerts(workers.notify, rows);
    let last = 0;
    for (;;) {
      const [counts] = await db.sql.query<{ sent: string; open: string }>(
        `SELECT count(*) FILTER (WHERE status = 'sent') AS sent, count(*) FILTER (WHERE status = 'pending') AS open FROM alert`,
      );
      const done = Number(counts?.sent);
      if (Date.now() - last > 5000) {
        last = Date.now();
        console.error(`fanout: ${done}/${CHATS} sent after ${round((Date.now() - start) / 1000, 1)} s`);
      }
      if (Number(counts?.open) === 0) break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const [outcome] = await db.sql.query<{ first: Date; final: Date; failed: string }>(
      `SELECT min(sent_at) AS first, max(sent_at) AS final, count(*) FILTER (WHERE status <> 'sent') AS failed FROM alert_delivery`,
    );
    await workers.stop();
    const { first, final, failed } = outcome!;
    const seconds = (final.getTime() - start) / 1000;
    const rate = CHATS / seconds;
    const throttled = tg.sent.filter((m) => m.status === 429).length;
    return {
      scaled: !FULL,
      chats: CHATS,
      limitPerSecond: LIMIT,
      concurrency: CONCURRENCY,
      seconds: round(seconds, 2),
      idealSeconds: round(CHATS / LIMIT, 2),
      firstSendMs: first.getTime() - start,
      ratePerSecond: round(rate, 1),
      efficiency: round(rate / LIMIT, 3),
      answered429: throttled,
      failed: Number(failed),
    };
  } finally {
    await tg.close();
    await drop();
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
  }
}
