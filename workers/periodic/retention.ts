/**
 * Swap retention: drops the slot partitions that lie entirely before the retention window.
 * "Now" is the newest stored slot, not the wall clock, so a replay of old data is not deleted
 * the moment it lands and a stalled ingest does not eat its own history.
 *
 * Runs from a BullMQ job scheduler (one job per tick across every worker process) and also takes
 * a Postgres advisory lock, so even a manual run beside a scheduled one cannot overlap.
 */
import type { SqlRunner } from "../../core/data/db.js";
import { JobRuns } from "../../core/data/job-runs.js";
import { SLOTS_PER_PARTITION, SwapPartitions } from "../../core/data/swap-partitions.js";

/** Slots per day at ~400 ms a slot; one partition spans one such day. */
export const SLOTS_PER_DAY = SLOTS_PER_PARTITION;
export const RETENTION_LOCK_KEY = 0x5245_544e; // "RETN"

export interface RetentionResult {
  counts: { dropped: number; newestSlot: number };
  dropped: string[];
  skipped?: "locked" | "empty";
}

export async function runSwapRetention(sql: SqlRunner, retentionDays: number): Promise<RetentionResult> {
  return new JobRuns(sql).record("swap-retention", () =>
    sql.session(async (s) => {
      const [lock] = await s.query<{ ok: boolean }>("SELECT pg_try_advisory_lock($1) AS ok", [RETENTION_LOCK_KEY]);
      if (!lock?.ok) return { counts: { dropped: 0, newestSlot: 0 }, dropped: [], skipped: "locked" as const };
      try {
        const [row] = await s.query<{ newest: string | null }>("SELECT max(slot) AS newest FROM swap");
        if (row?.newest == null) return { counts: { dropped: 0, newestSlot: 0 }, dropped: [], skipped: "empty" as const };
        const newest = Number(row.newest);
        const dropped = await new SwapPartitions(sql).dropBefore(newest - retentionDays * SLOTS_PER_DAY);
        return { counts: { dropped: dropped.length, newestSlot: newest }, dropped };
      } finally {
        await s.query("SELECT pg_advisory_unlock($1)", [RETENTION_LOCK_KEY]);
      }
    }),
  );
}
