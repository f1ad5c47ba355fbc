// What chats muted from alert buttons (a token, a rule); the notifier drops matching alerts.
import type { SqlRunner } from "./db.js";

export type MuteKind = "token" | "rule";

export class ChatMutes {
  constructor(private readonly sql: SqlRunner) {}

  /** Mutes `value` for the chat; false when it was already muted. */
  async mute(chatId: number | bigint | string, kind: MuteKind, value: string): Promise<boolean> {
    const rows = await this.sql.query(
      `INSERT INTO chat_mute (chat_id, kind, value) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING RETURNING 1`,
      [String(chatId), kind, value],
    );
    return rows.length > 0;
  }

  /** Unmutes; false when it was not muted. */
  async unmute(chatId: number | bigint | string, kind: MuteKind, value: string): Promise<boolean> {
    const rows = await this.sql.query(`DELETE FROM chat_mute WHERE chat_id = $1 AND kind = $2 AND value = $3 RETURNING 1`, [
      String(chatId),
      kind,
      value,
    ]);
    return rows.length > 0;
  }

  async list(chatId: number | bigint | string): Promise<{ kind: MuteKind; value: string }[]> {
    return this.sql.query<{ kind: MuteKind; value: string }>(
      `SELECT kind, value FROM chat_mute WHERE chat_id = $1 ORDER BY created_at, value`,
      [String(chatId)],
    );
  }
}
