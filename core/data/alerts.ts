// Alert outbox queries outside the hot path.
import type { SqlRunner } from "./db.js";

/** Pending alerts old enough that their notify job was probably lost (Redis down, crash). */
export async function stalePendingAlerts(sql: SqlRunner, olderThanMs: number, limit = 1000): Promise<string[]> {
  const rows = await sql.query<{ id: string }>(
    `SELECT id FROM alert WHERE status = 'pending' AND created_at < now() - make_interval(secs => $1)
       AND created_at > now() - interval '1 day'
     ORDER BY id LIMIT $2`,
    [olderThanMs / 1000, limit],
  );
  return rows.map((r) => String(r.id));
}
