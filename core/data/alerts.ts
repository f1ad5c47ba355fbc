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

/** How the notifier records an outcome in `alert_delivery` (the row was written as "queued"). */
export interface DeliveryOutcome {
  alertIds: readonly string[];
  status: "sent" | "failed" | "dropped";
  at: Date;
  tokenIndex?: number;
  messageId?: number | null;
  /** Merged into a digest: the digest's first alert. */
  digestOf?: string | null;
  error?: string | null;
}

/**
 * Writes the outcome of a send attempt for each alert: sent (time, latency from the block time,
 * token, message id, digest) or failed/dropped (time, reason). Alerts inserted before the
 * delivery table existed get their row here.
 */
export async function recordDeliveries(sql: SqlSession, o: DeliveryOutcome): Promise<void> {
  if (o.alertIds.length === 0) return;
  await sql.query(
    `INSERT INTO alert_delivery (alert_id, chat_id, status, queued_at, sent_at, failed_at, block_time, latency_ms,
                                 token_index, message_id, digest_of, error)
     SELECT a.id, a.chat_id, $2, a.created_at,
            CASE WHEN $2 = 'sent' THEN $3::timestamptz END,
            CASE WHEN $2 <> 'sent' THEN $3::timestamptz END,
            bt.block_time,
            CASE WHEN $2 = 'sent' AND bt.block_time IS NOT NULL
                 THEN LEAST(2147483647, GREATEST(0, EXTRACT(EPOCH FROM ($3::timestamptz - bt.block_time)) * 1000))::int END,
            $4, $5, $6, $7
     FROM alert a
     CROSS JOIN LATERAL (SELECT CASE WHEN jsonb_typeof(a.payload -> 'blockTime') = 'number'
                                     THEN to_timestamp((a.payload ->> 'blockTime')::double precision) END AS block_time) bt
     WHERE a.id = ANY($1::int8[])
     ON CONFLICT (alert_id) DO UPDATE SET
       status = EXCLUDED.status, sent_at = EXCLUDED.sent_at, failed_at = EXCLUDED.failed_at,
       latency_ms = EXCLUDED.latency_ms, token_index = EXCLUDED.token_index, message_id = EXCLUDED.message_id,
       digest_of = EXCLUDED.digest_of, error = EXCLUDED.error`,
    [o.alertIds, o.status, o.at, o.tokenIndex ?? 0, o.messageId ?? null, o.digestOf ?? null, o.error ?? null],
  );
}
