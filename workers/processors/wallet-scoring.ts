/**
 * Wallet scoring: a swap-batch consumer that marks the batch's traders as changed (one Redis
 * call) and keeps token_seen current (one statement), and the wallet-scoring queue's processor
 * that rescores the changed wallets in chunks, or every wallet (mode "full").
 *
 * Runs never overlap: the queue's worker has concurrency 1 and each run also holds a Postgres
 * advisory lock, so a second process (or a manual full run) skips instead of interleaving.
 */
import type { Job } from "bullmq";
import type { Redis } from "ioredis";
import { ChangedWallets, type WalletChange } from "../../core/data/changed-wallets.js";
import type { SqlRunner } from "../../core/data/db.js";
import { JobRuns } from "../../core/data/job-runs.js";
import type { IncrementalLanes } from "../../core/data/wallet-incremental-threads.js";
import {
  fullRescore,
  loadScoreSettings,
  recordTokenSeen,
  rescoreChanged,
  type RescoreCounts,
} from "../../core/data/wallet-scores.js";
import type { Logger } from "../../core/logger.js";
import { walletScoringPayload } from "../../core/queues/contract.js";
import type { SwapBatchConsumer } from "./swap-batches.js";

export const SCORING_LOCK_KEY = 0x5343_5245; // "SCRE"
/** Incremental runs every few seconds; a full one nightly at 03:43 UTC, off the hour. */
export const SCORING_EVERY_MS = 5_000;
export const FULL_RESCORE_SCHEDULE = "43 3 * * *";

export function changedWallets(redis: Redis, prefix: string): ChangedWallets {
  return new ChangedWallets(redis, prefix);
}

export function walletScoringConsumer(sql: SqlRunner, changed: ChangedWallets): SwapBatchConsumer {
  return {
    name: "wallet-scoring",
    async consume(swaps) {
      // token_seen first: a rescore of these wallets must find the tokens' first slots.
      await recordTokenSeen(sql, swaps);
      await changed.add(swaps);
    },
  };
}

export interface ScoringDeps {
  sql: SqlRunner;
  changed: ChangedWallets;
  /** Unix seconds; fixed in tests so runs compare. */
  nowSec?: () => number;
  chunk?: number;
  logger?: Logger;
  /** Worker threads for the full rescore (see `fullRescore`); in this thread without. */
  fullRescoreThreads?: { count: number; databaseUrl: string };
  /** Worker threads for the incremental runs, one lane each; two lanes in this thread without. */
  lanes?: IncrementalLanes;
}

let runs = 0;

export type ScoringResult = { counts: Record<string, number> & RescoreCounts & { chunks: number }; skipped?: "locked" };

/**
 * Rescores the wallets marked changed, chunk by chunk, removing each chunk once committed. Two
 * chunks are in flight (distinct wallets): one waits on Postgres while the other folds. With
 * `lanes`, each lane's chunks run in a thread of its own, so the folding uses every core.
 */
export async function runIncrementalScoring(d: ScoringDeps): Promise<ScoringResult> {
  const now = (d.nowSec ?? (() => Math.floor(Date.now() / 1000)))();
  const counts = emptyCounts();
  if ((await d.changed.claim()) === 0) return { counts };
  const settings = await loadScoreSettings(d.sql);
  const chunk = d.chunk ?? 1000;
  const queue = await d.changed.claimed();
  const tokenFirstSlots = new Map<string, number>();
  let next = 0;
  const take = (): WalletChange[] => queue.slice(next, (next += chunk));
  const run = runs++;
  const work = async (lane: number) => {
    for (;;) {
      const changes = take();
      if (changes.length === 0) return;
      const c = d.lanes
        ? await d.lanes.rescore(lane, run, changes, now, settings)
        : await rescoreChanged(d.sql, changes, { nowSec: now, settings, tokenFirstSlots });
      await d.changed.done(changes.map((x) => x.wallet));
      counts.wallets += c.wallets;
      counts.swaps += c.swaps;
      counts.positions += c.positions;
      counts.rebuilt += c.rebuilt;
      counts.chunks++;
    }
  };
  // Every lane ends before the run does, even when one fails: a lane still writing after the run
  // (and its lock) ended could race the next run over the same wallets.
  const ended = await Promise.allSettled(Array.from({ length: d.lanes?.count ?? 2 }, (_, i) => work(i)));
  const failed = ended.find((r): r is PromiseRejectedResult => r.status === "rejected");
  if (failed) throw failed.reason;
  return { counts };
}

const emptyCounts = () => ({ wallets: 0, swaps: 0, positions: 0, rebuilt: 0, chunks: 0 });

async function locked(sql: SqlRunner, fn: () => Promise<ScoringResult>): Promise<ScoringResult> {
  return sql.session(async (s) => {
    const [lock] = await s.query<{ ok: boolean }>("SELECT pg_try_advisory_lock($1) AS ok", [SCORING_LOCK_KEY]);
    if (!lock?.ok) return { counts: emptyCounts(), skipped: "locked" as const };
    try {
      return await fn();
    } finally {
      await s.query("SELECT pg_advisory_unlock($1)", [SCORING_LOCK_KEY]);
    }
  });
}

export function createWalletScoringProcessor(d: ScoringDeps) {
  const runs = new JobRuns(d.sql);
  return async (job: Job): Promise<ScoringResult> => {
    const { mode } = walletScoringPayload.parse(job.data);
    if (mode === "incremental") return locked(d.sql, () => runIncrementalScoring(d));
    // A full run is rare and long: it gets a job_run record; the incremental ticks would flood it.
    return runs.record("wallet-scoring-full", () =>
      locked(d.sql, async () => {
        const now = (d.nowSec ?? (() => Math.floor(Date.now() / 1000)))();
        // Changes that arrive during the full run are rescored by the next incremental tick.
        const c = await fullRescore(d.sql, {
          nowSec: now,
          inPlace: true,
          ...(d.fullRescoreThreads ? { threads: d.fullRescoreThreads } : {}),
          onProgress: (phase, done, total) => d.logger?.debug({ phase, done, total }, "full rescore progress"),
        });
        return { counts: { ...c, chunks: 0 } };
      }),
    );
  };
}
