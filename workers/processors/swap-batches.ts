/**
 * swap-batches processor: runs the stages behind the store (token stats, rules, scoring marks,
 * rule calls) on a stored batch. The ingest process normally stored the batch before handing the
 * job on (the job's progress says so); otherwise (ingest died or lost Postgres) this stores it
 * first. With the rules stage off, tracked wallets' alerts are written with the swaps here (one
 * transaction) and one notify job is enqueued per new alert. Thin on purpose: the work lives in
 * core/data.
 *
 * If enqueueing fails after the commit, the alerts stay pending in Postgres; the job's retry
 * gets them back from the idempotent store and enqueues them again (enqueueAlerts keeps that
 * from doubling: an alert's job id, or its bundle's membership).
 */
import type { Job, Queue } from "bullmq";
import type { SqlRunner } from "../../core/data/db.js";
import type { SwapPartitions } from "../../core/data/swap-partitions.js";
import { KnownTokens } from "../../core/data/known-tokens.js";
import { storeSwapBatch, storeSwapRows, swapKeysStoredBy, type StoreResult } from "../../core/data/swap-store.js";
import { TrackedWalletIndex } from "../../core/data/tracked-wallets.js";
import type { Logger } from "../../core/logger.js";
import type { Metrics } from "../../core/metrics.js";
import { swapBatchStored, type SwapBatchStored } from "../../core/queues/contract.js";
import { enqueueAlerts } from "../../core/queues/producers.js";
import { decodeSwapBatch } from "../../core/queues/swap-batch-decode.js";
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

/** The ingest process's note on a batch it stored itself, if any. */
export function storedByIngest(job: Pick<Job, "progress">): SwapBatchStored | null {
  const r = swapBatchStored.safeParse(job.progress);
  return r.success ? r.data : null;
}

/** Each key once, in batch order (a key twice in one batch was stored once). */
function uniqueByKey(swaps: readonly Swap[], keep: (key: string) => boolean): Swap[] {
  const seen = new Set<string>();
  return swaps.filter((s) => {
    const k = swapKey(s);
    if (seen.has(k) || !keep(k)) return false;
    seen.add(k);
    return true;
  });
}

/**
 * The batch's swaps this job stored, in this attempt or an earlier one, or by the ingest process
 * that created the job (every row records its job's id). When this attempt stored the whole
 * batch, nothing is looked up; otherwise Postgres is asked which of the batch's rows carry this
 * job's id, but only when someone could have stored some before: a retry, a stalled job taken
 * over, or a job the ingest process meant to store itself (created delayed, see runIngest).
 */
async function insertedByJob(
  sql: SqlRunner,
  swaps: readonly Swap[],
  insertedNow: number,
  job: Pick<Job, "id" | "attemptsMade" | "attemptsStarted" | "opts">,
  insertedNowKeys?: ReadonlySet<string>,
): Promise<Swap[]> {
  if (insertedNow >= swaps.length) return uniqueByKey(swaps, () => true);
  const mayHaveRunBefore = job.attemptsMade > 0 || (job.attemptsStarted ?? 0) > 1 || (job.opts?.delay ?? 0) > 0;
  if (!mayHaveRunBefore && insertedNowKeys) return uniqueByKey(swaps, (k) => insertedNowKeys.has(k));
  if (!mayHaveRunBefore && insertedNow === 0) return [];
  const keys = await swapKeysStoredBy(sql, swaps, String(job.id));
  return uniqueByKey(swaps, (k) => keys.has(k));
}

export function createSwapBatchProcessor(deps: SwapBatchDeps) {
  const tracked = new TrackedWalletIndex();
  const known = new KnownTokens();
  return async (job: Job): Promise<SwapBatchResult> => {
    const end = deps.metrics?.batchSeconds.startTimer();
    const batch = decodeSwapBatch(job.data);
    const swaps = batch.swaps;
    const jobId = String(job.id);
    const pre = storedByIngest(job);
    let inserted: number;
    let insertedKeys: ReadonlySet<string> | undefined;
    let alerts: StoreResult["alerts"] = [];
    if (deps.walletAlertsByConsumer) {
      // The store alone: done already when the ingest process stored the batch before handing it on.
      if (pre) inserted = pre.inserted;
      else {
        await deps.partitions.ensure(swaps.map((s) => s.slot));
        inserted = (await storeSwapRows(deps.sql, swaps, batch.tokens, batch.source, jobId, known)).inserted;
      }
    } else {
      // Tracked wallets' alerts with the swaps, in one transaction (rerun on a pre-stored batch:
      // the swaps conflict, the alerts are keyed).
      await deps.partitions.ensure(swaps.map((s) => s.slot));
      const stored = await deps.sql.transaction((tx) => storeSwapBatch(tx, swaps, batch.tokens, batch.source, tracked, jobId));
      inserted = pre ? pre.inserted + stored.inserted : stored.inserted;
      insertedKeys = pre ? undefined : stored.insertedKeys;
      alerts = stored.alerts;
    }
    await enqueueAlerts(deps.notifyQueue, alerts);
    const ctx: SwapBatchContext = {
      jobId,
      source: batch.source,
      attemptsMade: job.attemptsMade,
      enqueuedAt: job.timestamp,
      tokenEvents: batch.tokenEvents ?? [],
      inserted: deps.consumers?.length ? await insertedByJob(deps.sql, swaps, inserted, job, insertedKeys) : [],
    };
    for (const consumer of deps.consumers ?? []) {
      const endStage = deps.metrics?.stageSeconds.startTimer({ stage: consumer.name });
      await consumer.consume(swaps, ctx);
      endStage?.();
    }
    end?.();
    if (!pre) deps.metrics?.storedSwaps.inc(inserted);
    if (alerts.length) deps.logger.debug({ job: job.id, alerts: alerts.length }, "alerts enqueued");
    return { swaps: swaps.length, inserted, alerts: alerts.length };
  };
}
