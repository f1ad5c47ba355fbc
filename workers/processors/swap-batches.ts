/**
 * swap-batches processor: stores a batch of swaps with the alerts they trigger (one transaction),
 * then enqueues one notify job per new alert. Thin on purpose: the work lives in core/data.
 *
 * If enqueueing fails after the commit, the alerts stay pending in Postgres; the job's retry
 * gets them back from the idempotent store and enqueues them again (enqueueAlerts keeps that
 * from doubling: an alert's job id, or its bundle's membership).
 */
import type { Job, Queue } from "bullmq";
import type { SqlRunner } from "../../core/data/db.js";
import type { SwapPartitions } from "../../core/data/swap-partitions.js";
import { insertSwapsReturningKeys, storeSwapBatch, swapKeysStoredBy, upsertTokens, type StoreResult, type TokenInfo } from "../../core/data/swap-store.js";
import type { SqlSession } from "../../core/data/db.js";
import { TrackedWalletIndex } from "../../core/data/tracked-wallets.js";
import type { Logger } from "../../core/logger.js";
import type { Metrics } from "../../core/metrics.js";
import { swapBatchPayload } from "../../core/queues/contract.js";
import { enqueueAlerts } from "../../core/queues/producers.js";
import { swapFromPayload } from "../../core/queues/swap-codec.js";
import { swapKey, type Swap, type SwapSource } from "../../core/domain/swap.js";
import type { TokenEvent } from "../../core/domain/token-events.js";

/**
 * A later stage fed by the swap batches (token stats, wallet scoring, live rules). It runs after
 * the batch's transaction committed, in registration order; a throw fails the job, which BullMQ
 * retries, so a consumer must tolerate seeing a batch again (the store itself is idempotent).
 */
export interface SwapBatchConsumer {
  readonly name: string;
  consume(swaps: readonly Swap[], ctx: SwapBatchContext): Promise<void>;
}

export interface SwapBatchContext {
  /** The BullMQ job id: stable across retries of the same batch. */
  jobId: string;
  source: SwapSource;
  /** How many earlier attempts of this job failed (0 on the first run). */
  attemptsMade: number;
  /**
   * The swaps of this batch that this job stored: new to the database in this attempt, or in an
   * earlier attempt of the same job that crashed or failed after its commit. A consumer that
   * must count each stored swap once (token stats) reads this instead of the whole batch, and
   * guards its own effect with the job id (a retry sees the same `inserted` again). Always set by
   * the processor; optional only so contexts built elsewhere stay valid.
   */
  inserted?: readonly Swap[];
  /** When the job was created (ms), the same on every attempt. */
  enqueuedAt?: number;
  /** Token creations and holdings decoded with the batch (dev and insider labels). */
  tokenEvents?: readonly TokenEvent[];
}

export interface SwapBatchDeps {
  sql: SqlRunner;
  partitions: SwapPartitions;
  notifyQueue: Queue;
  logger: Logger;
  metrics?: Metrics;
  consumers?: readonly SwapBatchConsumer[];
  /**
   * True when a consumer (the rules stage) sends tracked wallets' alerts under each chat's
   * filters: the store then writes swaps and tokens only.
   */
  walletAlertsByConsumer?: boolean;
}

export interface SwapBatchResult {
  swaps: number;
  inserted: number;
  alerts: number;
}

/**
 * The batch's swaps this job stored. Only a job that ran before (a retry after a failure, or a
 * stalled job taken over after a crash) can have stored some in an earlier attempt; only then,
 * and only for the swaps this attempt did not insert, is Postgres asked again.
 */
async function insertedByJob(
  sql: SqlRunner,
  swaps: readonly Swap[],
  insertedNow: ReadonlySet<string>,
  job: Pick<Job, "id" | "attemptsMade" | "attemptsStarted">,
): Promise<Swap[]> {
  let keys: ReadonlySet<string> = insertedNow;
  const ranBefore = job.attemptsMade > 0 || (job.attemptsStarted ?? 0) > 1;
  if (ranBefore && insertedNow.size < swaps.length) {
    const rest = swaps.filter((s) => !insertedNow.has(swapKey(s)));
    const earlier = await swapKeysStoredBy(sql, rest, String(job.id));
    keys = new Set([...insertedNow, ...earlier]);
  }
  // A key twice in one batch was stored once: hand it on once.
  const seen = new Set<string>();
  return swaps.filter((s) => {
    const k = swapKey(s);
    if (!keys.has(k) || seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

export function createSwapBatchProcessor(deps: SwapBatchDeps) {
  const tracked = new TrackedWalletIndex();
  return async (job: Job): Promise<SwapBatchResult> => {
    const end = deps.metrics?.batchSeconds.startTimer();
    const batch = swapBatchPayload.parse(job.data);
    const swaps = batch.swaps.map(swapFromPayload);
    await deps.partitions.ensure(swaps.map((s) => s.slot));
    const jobId = String(job.id);
    const stored = await deps.sql.transaction((tx) =>
      deps.walletAlertsByConsumer
        ? storeSwapsOnly(tx, swaps, batch.tokens, batch.source, jobId)
        : storeSwapBatch(tx, swaps, batch.tokens, batch.source, tracked, jobId),
    );
    await enqueueAlerts(deps.notifyQueue, stored.alerts);
    const ctx: SwapBatchContext = {
      jobId,
      source: batch.source,
      attemptsMade: job.attemptsMade,
      enqueuedAt: job.timestamp,
      tokenEvents: batch.tokenEvents ?? [],
      inserted: deps.consumers?.length ? await insertedByJob(deps.sql, swaps, stored.insertedKeys, job) : [],
    };
    for (const consumer of deps.consumers ?? []) await consumer.consume(swaps, ctx);
    end?.();
    deps.metrics?.storedSwaps.inc(stored.inserted);
    if (stored.alerts.length) deps.logger.debug({ job: job.id, alerts: stored.alerts.length }, "alerts enqueued");
    return { swaps: swaps.length, inserted: stored.inserted, alerts: stored.alerts.length };
  };
}

async function storeSwapsOnly(
  tx: SqlSession,
  swaps: readonly Swap[],
  tokens: readonly TokenInfo[],
  source: SwapSource,
  batchJob: string,
): Promise<StoreResult> {
  const insertedKeys = await insertSwapsReturningKeys(tx, swaps, source, batchJob);
  await upsertTokens(tx, tokens, swaps);
  return { inserted: insertedKeys.size, insertedKeys, alerts: [] };
}
