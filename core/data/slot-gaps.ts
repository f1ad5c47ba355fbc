/**
 * Slot gaps: ranges of slots a live datasource missed (its server could not replay from the
 * resume slot), kept as `dead_letter` rows with source `slot-gap` until an RPC backfill fills
 * them (workers/periodic/slot-gaps.ts). The payload grows as the gap is learnt:
 * `{datasource, fromSlot, at}` when the stream is refused, `toSlot` (+ `toSlotFrom: "stream"`)
 * when it delivers its first transaction again, or `toSlotFrom: "rpc"` when the filler had to
 * ask the node for its tip instead. Both ends are inclusive.
 *
 * Trap: a process that crashes before the stream resumes is refused the same slot again after
 * the restart; `recordSlotGap` keeps one open row per (datasource, fromSlot), not one per refusal.
 */
import { z } from "zod";
import type { SqlRunner } from "./db.js";
import { retrying } from "./retry.js";

export const SLOT_GAP_SOURCE = "slot-gap";

export const slotGapPayload = z.object({
  datasource: z.string(),
  fromSlot: z.number().int().nonnegative(),
  at: z.string().optional(),
  /** The last slot of the gap (inclusive), once known. */
  toSlot: z.number().int().nonnegative().optional(),
  /** Where `toSlot` came from: the stream's first slot after the gap, or the node's tip. */
  toSlotFrom: z.enum(["stream", "rpc"]).optional(),
  /** A gap split off a larger one (a block that could not be fetched). */
  parent: z.string().optional(),
});
export type SlotGapPayload = z.infer<typeof slotGapPayload>;

/** A gap split off another one carries its parent in the key, or a first slot shared with the parent would merge them. */
export const slotGapKey = (datasource: string, fromSlot: number, parent?: string) =>
  `${datasource}-from-${fromSlot}${parent === undefined ? "" : `-in-${parent}`}`;

/**
 * Records that `datasource` missed everything from `fromSlot` on; a second refusal of the same
 * slot while the first is open adds nothing. Returns the row id.
 */
export async function recordSlotGap(
  sql: SqlRunner,
  gap: { datasource: string; fromSlot: number; reason: string; toSlot?: number; parent?: string },
): Promise<string> {
  const key = slotGapKey(gap.datasource, gap.fromSlot, gap.parent);
  const payload: SlotGapPayload = {
    datasource: gap.datasource,
    fromSlot: gap.fromSlot,
    at: new Date().toISOString(),
    ...(gap.toSlot !== undefined ? { toSlot: gap.toSlot } : {}),
    ...(gap.parent !== undefined ? { parent: gap.parent } : {}),
  };
  return retrying(() =>
    // Two recorders racing (a restart beside a slow first attempt) serialize on a lock held
    // until commit, so the second sees the first one's row.
    sql.transaction(async (tx) => {
      await tx.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`slot-gap:${key}`]);
      const open = await tx.query<{ id: string }>(
        `SELECT id FROM dead_letter WHERE source = $1 AND key = $2 AND retried_at IS NULL ORDER BY id LIMIT 1`,
        [SLOT_GAP_SOURCE, key],
      );
      if (open[0]) return String(open[0].id);
      const rows = await tx.query<{ id: string }>(
        `INSERT INTO dead_letter (source, key, reason, payload) VALUES ($1, $2, $3, $4::jsonb) RETURNING id`,
        [SLOT_GAP_SOURCE, key, gap.reason.slice(0, 2000), JSON.stringify(payload)],
      );
      return String(rows[0]!.id);
    }),
  );
}

/**
 * The stream is back: `firstSlot` is the first slot it delivered after the gap, so the gap ends
 * there (inclusive: the stream may have joined that slot part-way; the store is idempotent).
 * Sets the end of every open gap of `datasource` that has none yet. Returns how many it closed.
 */
export async function closeSlotGaps(sql: SqlRunner, datasource: string, firstSlot: number): Promise<number> {
  const rows = await retrying(() =>
    sql.query<{ id: string }>(
      `UPDATE dead_letter
          SET payload = payload || jsonb_build_object('toSlot', GREATEST($3::bigint, (payload->>'fromSlot')::bigint), 'toSlotFrom', 'stream')
        WHERE source = $1 AND retried_at IS NULL AND payload->>'datasource' = $2 AND NOT payload ? 'toSlot'
        RETURNING id`,
      [SLOT_GAP_SOURCE, datasource, firstSlot],
    ),
  );
  return rows.length;
}

/** Stores an end learnt at fill time (the node's tip), so later runs of this gap use the same one. */
export async function setSlotGapEnd(sql: SqlRunner, id: string, toSlot: number): Promise<void> {
  await retrying(() =>
    sql.query(
      `UPDATE dead_letter SET payload = payload || jsonb_build_object('toSlot', $2::bigint, 'toSlotFrom', 'rpc')
        WHERE id = $1 AND NOT payload ? 'toSlot'`,
      [id, toSlot],
    ),
  );
}

/** Name of the durable per-gap cursor: the next slot to fill (inclusive) in `ingest_cursor`. */
export const slotGapCursorName = (id: string) => `slot-gap:${id}`;

export async function dropSlotGapCursor(sql: SqlRunner, id: string): Promise<void> {
  await retrying(() => sql.query(`DELETE FROM ingest_cursor WHERE source = $1`, [slotGapCursorName(id)]));
}

/**
 * The Yellowstone datasource's gap callbacks for `datasource`: record the gap when the server
 * refuses the resume slot, and its end when the stream delivers again.
 *
 * @example
 * new YellowstoneDatasource({ ...opts, name, ...slotGapHooks(db.sql, name) });
 */
export function slotGapHooks(
  sql: SqlRunner,
  datasource: string,
): {
  onSlotGap: (fromSlot: number, reason: string) => Promise<void>;
  onSlotGapEnd: (fromSlot: number, firstSlot: number) => Promise<void>;
} {
  return {
    onSlotGap: async (fromSlot, reason) => {
      await recordSlotGap(sql, { datasource, fromSlot, reason });
    },
    onSlotGapEnd: async (_fromSlot, firstSlot) => {
      await closeSlotGaps(sql, datasource, firstSlot);
    },
  };
}
