/**
 * Swap retention: drops the slot partitions that lie entirely before the retention window.
 * "Now" is the newest stored slot, not the wall clock, so a replay of old data is not deleted
 * the moment it lands and a stalled ingest does not eat its own history.
 *
 * The same run prunes the bot's own history past the window by the wall clock (`pruneHistory`).
 *
 * Runs from a BullMQ job scheduler (one job per tick across every worker process) and also takes
 * a Postgres advisory lock, so even a manual run beside a scheduled one cannot overlap.
 */
import type { SqlRunner, SqlSession } from "../../core/data/db.js";
import { JobRuns } from "../../core/data/job-runs.js";
import { SLOTS_PER_PARTITION, SwapPartitions } from "../../core/data/swap-partitions.js";

/** Slots per day at ~400 ms a slot; one partition spans one such day. */
export const SLOTS_PER_DAY = SLOTS_PER_PARTITION;
export const RETENTION_LOCK_KEY = 0x5245_544e; // "RETN"

export interface RetentionResult {
  counts: { dropped: number; newestSlot: number } & Partial<HistoryPruned>;
  dropped: string[];
  skipped?: "locked" | "empty";
}

export async function runSwapRetention(sql: SqlRunner, retentionDays: number): Promise<RetentionResult> {
  return new JobRuns(sql).record("swap-retention", () =>
    sql.session(async (s) => {
      const [lock] = await s.query<{ ok: boolean }>("SELECT pg_try_advisory_lock($1) AS ok", [RETENTION_LOCK_KEY]);
      if (!lock?.ok) return { counts: { dropped: 0, newestSlot: 0 }, dropped: [], skipped: "locked" as const };
      try {
        const pruned = await pruneHistory(s, retentionDays);
        const [row] = await s.query<{ newest: string | null }>("SELECT max(slot) AS newest FROM swap");
        if (row?.newest == null) return { counts: { dropped: 0, newestSlot: 0, ...pruned }, dropped: [], skipped: "empty" as const };
        const newest = Number(row.newest);
        const dropped = await new SwapPartitions(sql).dropBefore(newest - retentionDays * SLOTS_PER_DAY);
        return { counts: { dropped: dropped.length, newestSlot: newest, ...pruned }, dropped };
      } finally {
        await s.query("SELECT pg_advisory_unlock($1)", [RETENTION_LOCK_KEY]);
      }
    }),
  );
}

/** Rows removed from each history table by one run. */
export interface HistoryPruned {
  alerts: number;
  deliveries: number;
  jobRuns: number;
  topViews: number;
  inlineChoices: number;
}

/**
 * What the bot and the workers record as they go grows with use, not with the chain: settled
 * alerts (a pending one is still owed, so it stays) and their delivery records, finished job runs,
 * /top's last looks and inline choices. Older than `days` by the wall clock they are removed, in
 * slices so no statement holds its locks for long. Swaps past the window are gone by then, so an
 * alert's dedupe key can no longer come back.
 */
export async function pruneHistory(sql: SqlSession, days: number): Promise<HistoryPruned> {
  const SLICE = 20_000;
  const prune = async (table: string, where: string): Promise<number> => {
    let total = 0;
    for (;;) {
      const [r] = await sql.query<{ n: string }>(
        `WITH gone AS (DELETE FROM ${table} WHERE ctid IN (SELECT ctid FROM ${table} WHERE ${where} LIMIT ${SLICE}) RETURNING 1)
         SELECT count(*) AS n FROM gone`,
        [days],
      );
      const n = Number(r?.n ?? 0);
      total += n;
      if (n < SLICE) return total;
    }
  };
  const before = (column: string) => `${column} < now() - make_interval(days => $1)`;
  return {
    alerts: await prune("alert", `status <> 'pending' AND ${before("created_at")}`),
    deliveries: await prune("alert_delivery", `status <> 'queued' AND ${before("queued_at")}`),
    jobRuns: await prune("job_run", `status <> 'running' AND ${before("started_at")}`),
    topViews: await prune("top_view", before("shown_at")),
    inlineChoices: await prune("inline_choice", before("chosen_at")),
  };
}
