/**
 * Telegram file_ids of pictures already sent, by the hash of their view model: the second send
 * of the same picture is a file_id, not a render and an upload.
 */
import type { SqlRunner } from "./db.js";

export interface RenderedImageRecord {
  hash: string;
  kind: string;
  fileId: string;
  width: number;
  height: number;
  bytes: number;
}

export class RenderedImageStore {
  constructor(private readonly sql: Pick<SqlRunner, "query">) {}

  /** The file_id sent for `hash`, touching its last use (for a later clean-up by age). */
  async fileId(hash: string): Promise<string | null> {
    const rows = await this.sql.query<{ file_id: string }>(
      `UPDATE rendered_image SET used_at = now() WHERE hash = $1 RETURNING file_id`,
      [hash],
    );
    return rows[0]?.file_id ?? null;
  }

  async save(record: RenderedImageRecord): Promise<void> {
    await this.sql.query(
      `INSERT INTO rendered_image (hash, kind, file_id, width, height, bytes) VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (hash) DO UPDATE SET file_id = EXCLUDED.file_id, used_at = now()`,
      [record.hash, record.kind, record.fileId, record.width, record.height, record.bytes],
    );
  }

  /** Forgets a file_id Telegram refused (another bot's, or expired). */
  async forget(hash: string): Promise<void> {
    await this.sql.query(`DELETE FROM rendered_image WHERE hash = $1`, [hash]);
  }
}
