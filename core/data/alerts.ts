// Alert outbox queries.
import type { SqlRunner, SqlSession } from "./db.js";

/**
 * Inserts alerts like `insertAlerts` (idempotent on (chat, kind, key); returns the ids new or
 * still pending), filling each payload's missing `tokenSymbol` from the token table in the same
 * statement, so the rule stage spends one round trip per batch on its alerts.
 */
export async function insertAlertsWithSymbols(
  tx: SqlSession,
  alerts: readonly { chatId: string; alert: { kind: string; key: string; tokenMint: string; tokenSymbol: string | null } }[],
): Promise<{ id: string; chatId: string }[]> {
  if (alerts.length === 0) return [];
  const rows = await tx.query<{ id: string; chat_id: string }>(
    `INSERT INTO alert (chat_id, kind, dedupe_key, payload)
     SELECT u.chat_id, u.kind, u.dedupe_key,
            CASE WHEN u.payload->>'tokenSymbol' IS NULL AND t.symbol IS NOT NULL
                 THEN jsonb_set(u.payload, '{tokenSymbol}', to_jsonb(t.symbol)) ELSE u.payload END
     FROM unnest($1::int8[], $2::text[], $3::text[], $4::jsonb[]) AS u(chat_id, kind, dedupe_key, payload)
     LEFT JOIN token t ON t.mint = u.payload->>'tokenMint'
     ON CONFLICT (chat_id, kind, dedupe_key) DO UPDATE SET status = alert.status WHERE alert.status = 'pending'
     RETURNING id, chat_id`,
    [alerts.map((a) => a.chatId), alerts.map((a) => a.alert.kind), alerts.map((a) => a.alert.key), alerts.map((a) => JSON.stringify(a.alert))],
  );
  return rows.map((r) => ({ id: String(r.id), chatId: String(r.chat_id) }));
}

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

/**
 * The newest pattern fire per rule and token over the last `sinceSec`, from the outbox: what the
 * rule stage needs to restore its cooldowns after a restart. The rule is named by the hash
 * prefix of the alert key (`fireKey`).
 */
export async function recentPatternFires(
  sql: SqlSession,
  kinds: readonly string[],
  sinceSec: number,
): Promise<{ ruleHash: string; tokenMint: string; timeSec: number }[]> {
  if (sinceSec <= 0) return [];
  const rows = await sql.query<{ h: string; mint: string; t: number }>(
    `SELECT DISTINCT ON (h, mint) h, mint, t FROM (
       SELECT split_part(dedupe_key, '-', 1) AS h, payload->>'tokenMint' AS mint, (payload->>'timeSec')::float8 AS t
       FROM alert WHERE kind = ANY($1::text[]) AND created_at > now() - make_interval(secs => $2)) f
     ORDER BY h, mint, t DESC`,
    [kinds, sinceSec],
  );
  return rows.map((r) => ({ ruleHash: r.h, tokenMint: r.mint, timeSec: Number(r.t) }));
}
