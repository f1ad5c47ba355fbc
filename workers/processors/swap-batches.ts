/**
 * swap-batches processor: stores a batch of swaps with the alerts they trigger (one transaction),
 * then enqueues one notify job per new alert. Thin on purpose: the work lives in core/data.
 *
 * If enqueueing fails after the commit, the alerts stay pending in Postgres; the job's retry
 * gets them back from the idempotent store and enqueues them again (jobId `alert-<id>` keeps
 * that from doubling).
 */
import type { Job, Queue } from "bullmq";
import type { SqlRunner } from "../../core/data/db.js";
import type { SwapPartitions } from "../../core/data/swap-partitions.js";
import { storeSwapBatch } from "../../core/data/swap-store.js";
import { TrackedWalletIndex } from "../../core/data/tracked-wallets.js";
import type { Logger } from "../../core/logger.js";
import type { Metrics } from "../../core/metrics.js";
import { swapBatchPayload } from "../../core/queues/contract.js";
import { enqueueAlerts } from "../../core/queues/producers.js";
import { swapFromPayload } from "../../core/queues/swap-codec.js";
import type { Swap, SwapSource } from "../../core/domain/swap.js";

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
}

export interface SwapBatchDeps {
  sql: SqlRunner;
  partitions: SwapPartitions;
  notifyQueue: Queue;
  logger: Logger;
  metrics?: Metrics;
  consumers?: readonly SwapBatchConsumer[];
}

export interface SwapBatchResult {
  swaps: number;
  inserted: number;
  alerts: number;
}

export function createSwapBatchProcessor(deps: SwapBatchDeps) {
  const tracked = new TrackedWalletIndex();
  return async (job: Job): Promise<SwapBatchResult> => {
    const end = deps.metrics?.batchSeconds.startTimer();
    const batch = swapBatchPayload.parse(job.data);
    const swaps = batch.swaps.map(swapFromPayload);
    await deps.partitions.ensure(swaps.map((s) => s.slot));
    const stored = await deps.sql.transaction((tx) => storeSwapBatch(tx, swaps, batch.tokens, batch.source, tracked));
    await enqueueAlerts(deps.notifyQueue, stored.alerts);
    const ctx: SwapBatchContext = { jobId: String(job.id), source: batch.source, attemptsMade: job.attemptsMade };
    for (const consumer of deps.consumers ?? []) await consumer.consume(swaps, ctx);
    end?.();
    deps.metrics?.storedSwaps.inc(stored.inserted);
    if (stored.alerts.length) deps.logger.debug({ job: job.id, alerts: stored.alerts.length }, "alerts enqueued");
    return { swaps: swaps.length, inserted: stored.inserted, alerts: stored.alerts.length };
  };
}
