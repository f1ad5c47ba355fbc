/**
 * ingest: the hot path after decoding, end to end on the real services: swap batches on the
 * BullMQ queue -> pipeline worker -> one Postgres transaction per batch (swaps by unnest insert,
 * tokens, tracked-wallet match, alert outbox) -> notify jobs. 10,000 wallets are tracked by 1,000
 * chats, so some swaps trigger alerts as in production.
 *
 * Swaps are real decoded swaps from the fixtures with fresh signatures, slots and traders, so
 * every row is new. Reports swaps/s through the pipeline and batch latency (enqueue -> stored).
 */
import { randomBytes } from "node:crypto";
import bs58 from "bs58";
import pg from "pg";
import { Queue, QueueEvents } from "bullmq";
import { Redis } from "ioredis";
import { connectPostgres } from "../core/data/db.js";
import { migrate } from "../core/data/migrate.js";
import { decodeSwaps } from "../core/domain/decoders/index.js";
import type { Swap } from "../core/domain/swap.js";
import { fromRpcTransaction } from "../core/domain/transaction.js";
import { createI18n } from "../core/i18n.js";
import { createLogger } from "../core/logger.js";
import { QueueName, type SwapBatchPayload } from "../core/queues/contract.js";
import { swapToPayload } from "../core/queues/swap-codec.js";
import { createTelegramApi } from "../core/telegram.js";
import { startWorkers } from "../workers/app.js";
import { transactionTexts } from "./fixtures.js";
import { percentile, round } from "./stats.js";

const PG = process.env.BENCH_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const REDIS = process.env.BENCH_REDIS_URL ?? "redis://127.0.0.1:6379";
const SWAPS = Number(process.env.BENCH_SWAPS ?? 100_000);
const BATCH = Number(process.env.BENCH_BATCH ?? 500);
const WALLETS = 50_000;
const TRACKED = 10_000;
const CHATS = 1_000;

const key = () => bs58.encode(randomBytes(32));

export async function run(): Promise<Record<string, number>> {
  const templates: Swap[] = [];
  for (const t of await transactionTexts()) {
    const raw = JSON.parse(t) as { slot?: number };
    templates.push(...decodeSwaps(fromRpcTransaction(raw, raw.slot === undefined ? { slot: 1 } : {})).swaps);
  }
  const wallets = Array.from({ length: WALLETS }, key);
  const dbName = `pumpspace_bench_${process.pid}`;
  const admin = new pg.Client({ connectionString: PG });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${dbName}`);
  const url = new URL(PG);
  url.pathname = `/${dbName}`;
  const db = connectPostgres(url.toString(), { max: 6 });
  const prefix = `pumpspace-bench-${process.pid}`;
  const redis = new Redis(REDIS, { maxRetriesPerRequest: null });
  try {
    await migrate(db.sql);
    await db.sql.query(`INSERT INTO chat (id, type) SELECT g, 'private' FROM generate_series(1, $1) g`, [CHATS]);
    await db.sql.query(
      `INSERT INTO tracked_wallet (chat_id, address) SELECT (i % $2) + 1, a FROM unnest($1::text[]) WITH ORDINALITY AS t(a, i)`,
      [wallets.slice(0, TRACKED), CHATS],
    );
    const workers = await startWorkers({
      roles: new Set(["pipeline"]),
      db,
      redisUrl: REDIS,
      queuePrefix: prefix,
      logger: createLogger("silent"),
      api: createTelegramApi("1:bench", { apiRoot: "http://127.0.0.1:9" }),
      i18n: createI18n(),
      solUsdFallback: 150,
      batchSize: BATCH,
      batchMaxWaitMs: 50,
      notifyConcurrency: 1,
      notifyRatePerSecond: 1,
    });
    const queue = new Queue(QueueName.SwapBatches, { connection: redis, prefix });
    const events = new QueueEvents(QueueName.SwapBatches, { connection: redis.duplicate(), prefix });
    await events.waitUntilReady();

    const batches: SwapBatchPayload[] = [];
    let slot = 350_000_000;
    for (let n = 0; n < SWAPS; n += BATCH) {
      const swaps = [];
      for (let k = 0; k < BATCH && n + k < SWAPS; k++) {
        const t = templates[(n + k) % templates.length]!;
        slot += (n + k) % 40 === 0 ? 1 : 0;
        swaps.push(swapToPayload({ ...t, signature: bs58.encode(randomBytes(64)), slot, trader: wallets[(n + k * 7919) % WALLETS]! }));
      }
      batches.push({ source: "replay", swaps, tokens: [] });
    }

    process.stderr.write(`ingest: ${SWAPS} swaps in ${batches.length} batches of ${BATCH}\n`);
    const started = performance.now();
    const enqueuedAt = new Map<string, number>();
    const latencies: number[] = [];
    const done = new Promise<void>((resolve) => {
      events.on("completed", ({ jobId }) => {
        latencies.push(performance.now() - enqueuedAt.get(jobId)!);
        if (latencies.length === batches.length) resolve();
      });
    });
    for (const [i, b] of batches.entries()) {
      const id = `b${i}`;
      enqueuedAt.set(id, performance.now());
      await queue.add("batch", b, { jobId: id });
    }
    await done;
    const secs = (performance.now() - started) / 1000;
    // Time each batch spent in the worker (store + match + enqueue), without queueing delay.
    const jobs = await queue.getJobs(["completed"], 0, -1);
    const processing = jobs.map((j) => (j.finishedOn ?? 0) - (j.processedOn ?? 0));
    const [{ n: stored }] = (await db.sql.query<{ n: string }>(`SELECT count(*) AS n FROM swap`)) as [{ n: string }];
    const [{ n: alerts }] = (await db.sql.query<{ n: string }>(`SELECT count(*) AS n FROM alert`)) as [{ n: string }];
    if (Number(stored) !== SWAPS) throw new Error(`stored ${stored} swaps, expected ${SWAPS}`);
    await events.close();
    await queue.close();
    await workers.stop();
    return {
      swaps: SWAPS,
      batch_size: BATCH,
      tracked_wallets: TRACKED,
      swaps_per_s: round(SWAPS / secs),
      batch_processing_p50_ms: round(percentile(processing, 50), 1),
      batch_processing_p99_ms: round(percentile(processing, 99), 1),
      backlog_drain_p99_ms: round(percentile(latencies, 99), 1),
      alerts_created: Number(alerts),
    };
  } finally {
    await db.close();
    await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    await admin.end();
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
  }
}
