/**
 * /top's memory: the list each chat was last shown for a token (`top_view`), so the next look can
 * mark what changed, and whether PumpSpace has stored any trade of a token at all.
 */
import { z } from "zod";
import type { TopEntry } from "../domain/top-changes.js";
import type { SqlSession } from "./db.js";

const storedEntries = z.array(z.object({ wallet: z.string(), rank: z.number().int().positive(), pnlSol: z.number() }));

export interface TopView {
  entries: TopEntry[];
  shownAt: Date;
}

export class TopViews {
  constructor(private readonly sql: SqlSession) {}

  /** The list last shown to the chat for the token; null for a first look (or an unreadable row). */
  async last(chatId: number, mint: string): Promise<TopView | null> {
    const [row] = await this.sql.query<{ entries: unknown; shown_at: Date }>(
      `SELECT entries, shown_at FROM top_view WHERE chat_id = $1 AND mint = $2`,
      [String(chatId), mint],
    );
    if (!row) return null;
    const parsed = storedEntries.safeParse(row.entries);
    return parsed.success ? { entries: parsed.data, shownAt: new Date(row.shown_at) } : null;
  }

  async save(chatId: number, mint: string, entries: readonly TopEntry[]): Promise<void> {
    await this.sql.query(
      `INSERT INTO top_view (chat_id, mint, entries, shown_at) VALUES ($1, $2, $3::jsonb, now())
       ON CONFLICT (chat_id, mint) DO UPDATE SET entries = EXCLUDED.entries, shown_at = EXCLUDED.shown_at`,
      [String(chatId), mint, JSON.stringify(entries)],
    );
  }

  /** Whether any trade of the token is stored (token_seen is kept from every stored batch). */
  async hasTrades(mint: string): Promise<boolean> {
    const rows = await this.sql.query(`SELECT 1 FROM token_seen WHERE mint = $1`, [mint]);
    return rows.length > 0;
  }
}
