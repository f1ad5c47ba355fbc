/**
 * Signature cursors for backward sweeps over an address's history (the RPC backfill), kept in
 * `ingest_cursor` next to the slot cursors of the live datasources.
 *
 * Key idea: `getSignaturesForAddress` pages from newest to oldest, so a sweep has a top (its
 * newest signature, fixed when it starts) and a front that moves down as transactions are handed
 * off. Three rows per source:
 * - `<source>`: `signature` = the oldest signature fully handed off (the front). An interrupted
 *   sweep resumes with `before` = this signature.
 * - `<source>:sweep`: the top of a sweep that started and has not finished; absent otherwise.
 * - `<source>:newest`: the newest signature of the last finished sweep, so the next run is
 *   incremental (`until` = this signature). It only moves when a sweep finishes: while a sweep
 *   is pending it is that sweep's floor, and an incremental run never skips a gap left by a crash.
 *
 * Trap: the `slot` column of the `<source>` row is not ours. The ingest loop saves a slot
 * watermark (GREATEST) in the row named after the datasource for every non-replay source, so
 * here it ends up holding the newest slot handed off. This module never writes it and never
 * reads it as the front's slot.
 */
import type { SqlRunner } from "./db.js";
import { retrying } from "./retry.js";

export interface SignatureMark {
  signature: string;
  /** Null where it is not known (the front's slot is not stored, see the header). */
  slot: number | null;
}

export interface SignatureCursorState {
  /** The oldest signature fully handed off by the latest sweep. */
  oldest: SignatureMark | null;
  /** The top of an unfinished sweep (then `oldest` is where it resumes), else null. */
  sweepTop: SignatureMark | null;
  /** The newest signature of the last finished sweep: `until` for the next run. */
  newest: SignatureMark | null;
}

export interface SignatureCursor {
  readonly source: string;
  load(): Promise<SignatureCursorState>;
  /** Everything from `top` down to `oldest` (inclusive) is handed off; the sweep is not finished. */
  advance(top: SignatureMark, oldest: SignatureMark): Promise<void>;
  /**
   * The sweep from `top` reached its end (its floor, the end of history, or its page budget):
   * `top` becomes the newest, the pending sweep is cleared, and `oldest` (the lowest signature
   * the sweep listed, when it listed any) becomes the front.
   */
  finish(top: SignatureMark, oldest: SignatureMark | null): Promise<void>;
}

const UPSERT_SIGNATURE = `INSERT INTO ingest_cursor (source, signature) VALUES ($1, $2)
  ON CONFLICT (source) DO UPDATE SET signature = EXCLUDED.signature, updated_at = now()`;
const UPSERT_MARK = `INSERT INTO ingest_cursor (source, slot, signature) VALUES ($1, $2, $3)
  ON CONFLICT (source) DO UPDATE SET slot = EXCLUDED.slot, signature = EXCLUDED.signature, updated_at = now()`;

/**
 * The signature cursor of one source, e.g. `rpc:<address>`.
 *
 * @example
 * const cursor = signatureCursor(db.sql, `rpc:${mint}`);
 * const { newest } = await cursor.load(); // newest?.signature is the `until` of an incremental run
 */
export function signatureCursor(sql: SqlRunner, source: string): SignatureCursor {
  const front = source;
  const sweep = `${source}:sweep`;
  const newest = `${source}:newest`;
  return {
    source,
    async load() {
      const rows = await sql.query<{ source: string; slot: string | null; signature: string | null }>(
        `SELECT source, slot, signature FROM ingest_cursor WHERE source = ANY($1::text[])`,
        [[front, sweep, newest]],
      );
      const mark = (name: string, withSlot: boolean): SignatureMark | null => {
        const r = rows.find((x) => x.source === name);
        if (!r?.signature) return null;
        return { signature: r.signature, slot: withSlot && r.slot !== null ? Number(r.slot) : null };
      };
      return { oldest: mark(front, false), sweepTop: mark(sweep, true), newest: mark(newest, true) };
    },
    async advance(top, oldest) {
      // One transaction: a pending sweep is never recorded without its front, or the reverse.
      await retrying(() =>
        sql.transaction(async (tx) => {
          await tx.query(UPSERT_MARK, [sweep, top.slot, top.signature]);
          await tx.query(UPSERT_SIGNATURE, [front, oldest.signature]);
        }),
      );
    },
    async finish(top, oldest) {
      await retrying(() =>
        sql.transaction(async (tx) => {
          await tx.query(UPSERT_MARK, [newest, top.slot, top.signature]);
          if (oldest) await tx.query(UPSERT_SIGNATURE, [front, oldest.signature]);
          await tx.query(`DELETE FROM ingest_cursor WHERE source = $1`, [sweep]);
        }),
      );
    },
  };
}
