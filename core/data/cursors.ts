// Durable datasource positions (ingest_cursor): a slot or signature watermark per source name.
import type { SqlRunner } from "./db.js";
import { retrying } from "./retry.js";

export interface SlotCursor {
  load(): Promise<number | null>;
  save(slot: number): Promise<void>;
}

/** A slot watermark that only moves forward, whatever order saves arrive in. */
export function slotCursor(sql: SqlRunner, source: string): SlotCursor {
  return {
    async load() {
      const rows = await sql.query<{ slot: string | null }>(`SELECT slot FROM ingest_cursor WHERE source = $1`, [source]);
      const slot = rows[0]?.slot;
      return slot === undefined || slot === null ? null : Number(slot);
    },
    async save(slot) {
      await retrying(() => sql.query(
        `INSERT INTO ingest_cursor (source, slot) VALUES ($1, $2)
         ON CONFLICT (source) DO UPDATE SET slot = GREATEST(ingest_cursor.slot, EXCLUDED.slot), updated_at = now()`,
        [source, slot],
      ));
    },
  };
}
