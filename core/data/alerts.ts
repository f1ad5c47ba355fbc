// Alert outbox queries outside the hot path.
import type { SqlRunner, SqlSession } from "./db.js";

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
