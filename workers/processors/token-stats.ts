/**
 * token-stats: the swap-batch consumer that keeps every traded token's live windows in Redis,
 * and the maintenance task that moves idle tokens to Postgres.
 *
 * Exactly once: it applies only `ctx.inserted` (the swaps this job stored, re-derived on a
 * retry), under the job id as the store's marker. A batch delivered twice, or its swaps
 * replayed in another batch, adds nothing the second time.
 */
import { hostname } from "node:os";
import type { TokenStatsStore, SweepResult } from "../../core/data/token-stats-store.js";
import type { Logger } from "../../core/logger.js";
import type { SwapBatchConsumer } from "./swap-batches.js";

/**
 * Swaps without a block time (gRPC) are bucketed at arrival: the job's creation time, so a
 * retry an hour later still puts them where the first attempt would have.
 */
export function createTokenStatsConsumer(store: TokenStatsStore): SwapBatchConsumer {
  return {
    name: "token-stats",
    async consume(swaps, ctx) {
      const list = ctx.inserted ?? swaps;
      if (list.length === 0) return;
      const arrival = Math.floor((ctx.enqueuedAt ?? Date.now()) / 1000);
      await store.apply(list, ctx.jobId, arrival);
    },
  };
}

/** One sweep under the store's lock; a second sweeper finds the lock taken and does nothing. */
export async function runTokenStatsSweep(
  store: TokenStatsStore,
  idleSec: number,
  logger: Logger,
): Promise<SweepResult & { locked: boolean }> {
  const owner = `${hostname()}-${process.pid}-${Date.now()}`;
  if (!(await store.lock(owner, 5 * 60_000))) return { archived: 0, kept: 0, locked: false };
  try {
    const r = await store.sweep(idleSec);
    if (r.archived > 0) logger.info({ ...r }, "idle tokens' stats saved to Postgres");
    return { ...r, locked: true };
  } finally {
    await store.unlock(owner);
  }
}
