/**
 * What the admin chat's health view shows, read from Postgres (cursors, recent swaps, dead
 * letters, job runs) and, when given, BullMQ queue depths.
 *
 * Lag: each datasource's cursor against the newest slot PumpSpace has seen anywhere (any cursor
 * or stored swap), in slots, and in seconds since the newest stored swap's block time. Swaps/s
 * counts rows stored in the last minute, read from the newest slots only so the partitioned
 * swap table is not scanned.
 */
import type { SqlRunner } from "./db.js";

/** Anything with BullMQ's getJobCounts (a Queue). */
export interface QueueLike {
  name: string;
  getJobCounts(...types: string[]): Promise<Record<string, number>>;
}

export interface IngestHealth {
  at: Date;
  latestSlot: number | null;
  /** Seconds between now and the newest stored swap's block time (null: no swaps). */
  secondsBehind: number | null;
  cursors: { source: string; slot: number | null; lagSlots: number | null; updatedSecondsAgo: number }[];
  swapsPerSecond: number;
  queues: { name: string; waiting: number; active: number; delayed: number; failed: number }[];
  deadLettersLastHour: number;
  recentErrors: { source: string; reason: string; at: Date }[];
  recentRuns: { name: string; status: string; startedAt: Date; error: string | null }[];
}

/** Slots in a minute at ~400 ms a slot, with margin. */
const SLOTS_PER_MINUTE_MARGIN = 200;

export async function collectIngestHealth(sql: SqlRunner, queues: readonly QueueLike[] = []): Promise<IngestHealth> {
  const [cursorRows, newest, recent, dead, errors, runs] = await Promise.all([
    sql.query<{ source: string; slot: string | null; age: number }>(
      `SELECT source, slot, EXTRACT(EPOCH FROM now() - updated_at)::float8 AS age FROM ingest_cursor ORDER BY source`,
    ),
    sql.query<{ slot: string | null; behind: number | null }>(
      `SELECT s.slot, EXTRACT(EPOCH FROM now() - s.block_time)::float8 AS behind
       FROM swap s ORDER BY s.slot DESC LIMIT 1`,
    ),
    sql.query<{ n: string }>(
      `SELECT count(*) AS n FROM swap
       WHERE slot >= (SELECT max(slot) FROM swap) - $1 AND inserted_at > now() - interval '60 seconds'`,
      [SLOTS_PER_MINUTE_MARGIN],
    ),
    sql.query<{ n: string }>(`SELECT count(*) AS n FROM dead_letter WHERE created_at > now() - interval '1 hour'`),
    sql.query<{ source: string; reason: string; created_at: Date }>(
      `SELECT source, reason, created_at FROM dead_letter ORDER BY id DESC LIMIT 3`,
    ),
    sql.query<{ name: string; status: string; started_at: Date; error: string | null }>(
      `SELECT name, status, started_at, error FROM job_run ORDER BY id DESC LIMIT 3`,
    ),
  ]);
  const slots = [...cursorRows.map((c) => c.slot), newest[0]?.slot ?? null].filter((s): s is string => s !== null).map(Number);
  const latestSlot = slots.length ? Math.max(...slots) : null;
  const queueRows = await Promise.all(
    queues.map(async (q) => {
      const c = await q.getJobCounts("wait", "prioritized", "active", "delayed", "failed");
      return { name: q.name, waiting: (c.wait ?? 0) + (c.prioritized ?? 0), active: c.active ?? 0, delayed: c.delayed ?? 0, failed: c.failed ?? 0 };
    }),
  );
  return {
    at: new Date(),
    latestSlot,
    secondsBehind: newest[0]?.behind === null || newest[0]?.behind === undefined ? null : Math.max(0, Math.round(newest[0].behind)),
    cursors: cursorRows.map((c) => ({
      source: c.source,
      slot: c.slot === null ? null : Number(c.slot),
      lagSlots: c.slot === null || latestSlot === null ? null : latestSlot - Number(c.slot),
      updatedSecondsAgo: Math.round(c.age),
    })),
    swapsPerSecond: Number(recent[0]?.n ?? 0) / 60,
    queues: queueRows,
    deadLettersLastHour: Number(dead[0]?.n ?? 0),
    recentErrors: errors.map((e) => ({ source: e.source, reason: e.reason, at: e.created_at })),
    recentRuns: runs.map((r) => ({ name: r.name, status: r.status, startedAt: r.started_at, error: r.error })),
  };
}
