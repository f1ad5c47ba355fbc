// The ingest process stores each batch before handing it on (its commit is the hand-off), on real
// Postgres, Redis and BullMQ: what the stages then receive, and what happens when the ingest
// process dies or loses Postgres between adding a batch's job and handing it on.
import { fileURLToPath } from "node:url";
import type { Job, Queue } from "bullmq";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { SqlRunner } from "../core/data/db.js";
import { SwapPartitions } from "../core/data/swap-partitions.js";
import { storeSwapRows } from "../core/data/swap-store.js";
import { SolUsdPrice } from "../core/domain/sol-price.js";
import { swapKey, type Swap } from "../core/domain/swap.js";
import { createLogger } from "../core/logger.js";
import { createQueue, createRedis } from "../core/queues/connection.js";
import { QueueName, swapBatchPayload, type SwapBatchPayload } from "../core/queues/contract.js";
import { swapFromPayload, swapToPayload } from "../core/queues/swap-codec.js";
import { runIngest, STORE_FALLBACK_DELAY_MS, type HandedOffBatch } from "../workers/ingest/ingest.js";
import { ReplayDatasource } from "../workers/ingest/replay.js";
import { createSwapBatchProcessor, type SwapBatchConsumer } from "../workers/processors/swap-batches.js";
import { createTestDatabase, type TestDatabase } from "./helpers/db.js";
import { createTestRedis, type TestRedis } from "./helpers/redis.js";

const FIXTURES = fileURLToPath(new URL("./fixtures/solana/", import.meta.url));
const logger = createLogger("silent");
const notifyQueue = { addBulk: async () => [] } as unknown as Queue;

/** A stage that records what it was given to count (ctx.inserted). */
function recorder(): SwapBatchConsumer & { got: Swap[] } {
  const got: Swap[] = [];
  return { name: "recorder", got, async consume(_swaps, ctx) { got.push(...(ctx.inserted ?? [])); } };
}

async function storedCount(db: TestDatabase): Promise<number> {
  const [row] = await db.sql.query<{ n: string }>(`SELECT count(*) AS n FROM swap`);
  return Number(row!.n);
}

describe("ingest stores, then hands off", () => {
  let db: TestDatabase;
  let redis: TestRedis;
  let connection: ReturnType<typeof createRedis>;
  let queue: Queue;

  beforeEach(async () => {
    db = await createTestDatabase();
    redis = createTestRedis();
    connection = createRedis(redis.url, "worker");
    queue = createQueue(QueueName.SwapBatches, { connection, prefix: redis.prefix });
  });
  afterEach(async () => {
    await queue?.close();
    connection?.disconnect();
    await db?.drop();
    await redis?.cleanup();
  });

  const ingest = (sql: SqlRunner, handed: HandedOffBatch[]) =>
    runIngest(
      new ReplayDatasource(FIXTURES),
      {
        queue,
        sql,
        partitions: new SwapPartitions(db.sql),
        logger,
        solUsd: new SolUsdPrice(150),
        batchSize: 7,
        maxWaitMs: 10,
        onHandedOff: (b) => handed.push(b),
      },
      new AbortController().signal,
    );

  it("stores every batch itself and hands it on marked stored, so the stages need no Postgres for it", async () => {
    const handed: HandedOffBatch[] = [];
    const counts = await ingest(db.sql, handed);
    expect(counts.swaps).toBeGreaterThan(10);
    // Stored before any pipeline ran, each row under its batch's job id.
    expect(await storedCount(db)).toBe(counts.swaps);
    expect(handed.every((b) => b.storedHere)).toBe(true);
    const byJob = await db.sql.query<{ job: string; n: string }>(`SELECT batch_job AS job, count(*) AS n FROM swap GROUP BY 1`);
    expect(new Map(byJob.map((r) => [r.job, Number(r.n)]))).toEqual(new Map(handed.map((b) => [b.jobId, b.swaps.length])));

    // Handed on: promoted out of the delayed set, with the count the store reported.
    expect((await queue.getJobCounts("delayed")).delayed).toBe(0);
    const jobs = await queue.getJobs(["wait"]);
    expect(jobs).toHaveLength(handed.length);
    expect(jobs.reduce((n, j) => n + (j.progress as { inserted: number }).inserted, 0)).toBe(counts.swaps);

    // The stages get every stored swap once, and storing is not repeated: this Postgres refuses all.
    const refusing: SqlRunner = {
      query: () => Promise.reject(new Error("the pipeline asked Postgres")),
      exec: () => Promise.reject(new Error("the pipeline asked Postgres")),
      transaction: () => Promise.reject(new Error("the pipeline asked Postgres")),
      session: () => Promise.reject(new Error("the pipeline asked Postgres")),
    };
    const stage = recorder();
    const process = createSwapBatchProcessor({
      sql: refusing,
      partitions: new SwapPartitions(refusing),
      notifyQueue,
      logger,
      consumers: [stage],
      walletAlertsByConsumer: true,
    });
    for (const job of jobs) await process(job);
    expect(stage.got).toHaveLength(counts.swaps);
    expect(new Set(stage.got.map(swapKey)).size).toBe(counts.swaps);
  });

  it("stores every field as decoded, token metadata with quotes and backslashes included", async () => {
    const handed: HandedOffBatch[] = [];
    await ingest(db.sql, handed);
    const swaps = handed.flatMap((b) => b.swaps);
    expect(swaps.some((s) => s.legs?.length)).toBe(true);
    const rows = await db.sql.query<Record<string, unknown>>(
      `SELECT signature, ix_path, slot, extract(epoch FROM block_time)::int8 AS block_time, dex, program_id, pool, trader,
              mint_in, amount_in, decimals_in, mint_out, amount_out, decimals_out, price_sol, price_usd, legs, fees, source FROM swap`,
    );
    const byKey = new Map(rows.map((r) => [`${r.signature}-${r.ix_path}`, r]));
    for (const s of swaps) {
      const p = swapToPayload(s);
      expect(byKey.get(swapKey(s))).toEqual({
        signature: p.signature,
        ix_path: p.ixPath,
        slot: String(p.slot),
        block_time: p.blockTime === null ? null : String(p.blockTime),
        dex: p.dex,
        program_id: p.programId,
        pool: p.pool,
        trader: p.trader,
        mint_in: p.mintIn,
        amount_in: p.amountIn,
        decimals_in: p.decimalsIn,
        mint_out: p.mintOut,
        amount_out: p.amountOut,
        decimals_out: p.decimalsOut,
        price_sol: p.priceSol,
        price_usd: p.priceUsd,
        legs: p.legs ?? null,
        fees: p.fees ?? null,
        source: "replay",
      });
    }
    const odd = { mint: "TokOddMetadata", symbol: 'a"b\\c', name: "名字, {x} NULL", decimals: 6 };
    await storeSwapRows(db.sql, [], [odd], "replay", null);
    const [token] = await db.sql.query(`SELECT mint, symbol, name, decimals FROM token WHERE mint = $1`, [odd.mint]);
    expect(token).toEqual(odd);
  });

  it("counts once a batch whose ingest process stored it and died before handing it on", async () => {
    const handed: HandedOffBatch[] = [];
    await ingest(db.sql, handed);
    // A batch as the ingest process left it: stored under its job's id, job still delayed, no note.
    const swaps = handed[0]!.swaps.map((s) => ({ ...s, signature: `died${s.signature.slice(4)}` }));
    await storeSwapRows(db.sql, swaps, [], "replay", "batch-died");
    const payload: SwapBatchPayload = { source: "replay", swaps: swaps.map(swapToPayload), tokens: [] };
    const job = (id: string, delay: number) =>
      ({ id, data: payload, attemptsMade: 0, attemptsStarted: 1, opts: { delay }, progress: 0, timestamp: Date.now() }) as unknown as Job;
    const stage = recorder();
    const process = createSwapBatchProcessor({
      sql: db.sql,
      partitions: new SwapPartitions(db.sql),
      notifyQueue,
      logger,
      consumers: [stage],
      walletAlertsByConsumer: true,
    });
    // The delay ran out: the pipeline stores (nothing new) yet owes the stages every swap.
    expect((await process(job("batch-died", STORE_FALLBACK_DELAY_MS))).inserted).toBe(0);
    expect(stage.got.map(swapKey)).toEqual(swaps.map(swapKey));
    // The same swaps in another batch (a replay) are nobody's news.
    await process(job("batch-replayed", 0));
    expect(stage.got).toHaveLength(swaps.length);
  });

  it("hands a batch on unstored when its Postgres fails, and the pipeline stores it", async () => {
    const handed: HandedOffBatch[] = [];
    // Everything but the swap store works (partitions, dead letters).
    const failing: SqlRunner = {
      ...db.sql,
      query: (text, params) =>
        text.includes("INSERT INTO swap") ? Promise.reject(new Error("connection reset")) : db.sql.query(text, params),
    };
    const counts = await ingest(failing, handed);
    expect(handed.length).toBeGreaterThan(1);
    expect(handed.every((b) => !b.storedHere)).toBe(true);
    expect(await storedCount(db)).toBe(0);
    // Handed on at once (not left to the delay), without the stored note.
    expect((await queue.getJobCounts("delayed")).delayed).toBe(0);
    const jobs = await queue.getJobs(["wait"]);
    expect(jobs.every((j) => j.progress === 0)).toBe(true);

    const stage = recorder();
    const process = createSwapBatchProcessor({
      sql: db.sql,
      partitions: new SwapPartitions(db.sql),
      notifyQueue,
      logger,
      consumers: [stage],
      walletAlertsByConsumer: true,
    });
    for (const job of jobs) await process(job);
    expect(await storedCount(db)).toBe(counts.swaps);
    expect(stage.got).toHaveLength(counts.swaps);
    const stored = jobs.flatMap((j) => swapBatchPayload.parse(j.data).swaps.map(swapFromPayload));
    expect(new Set(stored.map(swapKey)).size).toBe(counts.swaps);
  });
});
