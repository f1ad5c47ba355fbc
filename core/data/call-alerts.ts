/**
 * Outbox queries for call alerts: the recent cluster-buy fires of some tokens (read from the
 * `alert` outbox, where the rules stage writes them), the recent calls of followed callers on
 * some tokens with the chats following them, and the insert of combined alerts.
 *
 * Trap: the combined insert refuses a second "call-cluster" alert for the same chat and token
 * within the window (by event time), so a burst of calls or clusters on one token gives the chat
 * one message; the same (call, cluster) pair seen from both sides shares a dedupe key.
 */
import type { SqlSession } from "./db.js";
import type { PatternAlert } from "../domain/alerts.js";
import { ALERT_KIND_CALL_CLUSTER, clusterFromPattern, type CallClusterAlert, type ClusterFire, type FollowedCall } from "../domain/calls/alerts.js";

/** How far back the outbox is scanned for cluster fires (bounds the scan; windows are shorter). */
const OUTBOX_LOOKBACK = "2 days";

/** Cluster-buy fires on `mints` with event time in [fromSec, toSec], one per completing swap. */
export async function recentClusterFires(sql: SqlSession, mints: readonly string[], fromSec: number, toSec: number): Promise<ClusterFire[]> {
  if (mints.length === 0) return [];
  const rows = await sql.query<{ payload: PatternAlert }>(
    `SELECT DISTINCT ON (payload->>'signature', payload->>'tokenMint') payload FROM alert
     WHERE kind = 'cluster-buy' AND payload->>'tokenMint' = ANY($1::text[])
       AND (payload->>'timeSec')::float8 BETWEEN $2 AND $3
       AND created_at > now() - interval '${OUTBOX_LOOKBACK}'
     ORDER BY payload->>'signature', payload->>'tokenMint', id`,
    [mints, fromSec, toSec],
  );
  return rows.map((r) => ({ mint: r.payload.tokenMint, tokenSymbol: r.payload.tokenSymbol, cluster: clusterFromPattern(r.payload) }));
}

/** Calls on `mints` posted in [from, to] by callers some chat follows, with those chats. */
export async function recentFollowedCalls(sql: SqlSession, mints: readonly string[], from: Date, to: Date): Promise<FollowedCall[]> {
  if (mints.length === 0) return [];
  const rows = await sql.query<{
    id: string;
    caller_id: string;
    mint: string;
    called_at: Date;
    link: string | null;
    price_usd: number | null;
    price_sol: number | null;
    market_cap_usd: number | null;
    handle: string;
    title: string | null;
    chats: string[];
  }>(
    `SELECT c.id, c.caller_id, c.mint, c.called_at, c.link, c.price_usd, c.price_sol, c.market_cap_usd, cr.handle, cr.title,
            array_agg(s.chat_id::text ORDER BY s.chat_id) AS chats
     FROM call c JOIN caller cr ON cr.id = c.caller_id JOIN caller_subscription s ON s.caller_id = c.caller_id
     WHERE c.mint = ANY($1::text[]) AND c.called_at BETWEEN $2 AND $3
     GROUP BY c.id, cr.id`,
    [mints, from, to],
  );
  return rows.map((r) => ({
    mint: r.mint,
    chats: r.chats,
    call: {
      callId: String(r.id),
      callerId: String(r.caller_id),
      callerHandle: r.handle,
      callerTitle: r.title,
      link: r.link,
      calledAtSec: r.called_at.getTime() / 1000,
      priceUsd: r.price_usd,
      priceSol: r.price_sol,
      marketCapUsd: r.market_cap_usd,
    },
  }));
}

/**
 * Inserts combined alerts, idempotent on (chat, kind, key) like every outbox insert, and skipping
 * one whose chat already has a combined alert on the token within `windowSec` of it. The token
 * symbol is filled from the token table when the payload has none. Returns the ids to enqueue.
 */
export async function insertCallClusterAlerts(
  sql: SqlSession,
  alerts: readonly { chatId: string; alert: CallClusterAlert }[],
  windowSec: number,
): Promise<{ id: string; chatId: string }[]> {
  if (alerts.length === 0) return [];
  const rows = await sql.query<{ id: string; chat_id: string }>(
    `INSERT INTO alert (chat_id, kind, dedupe_key, payload)
     SELECT u.chat_id, $5, u.dedupe_key,
            CASE WHEN u.payload->>'tokenSymbol' IS NULL AND t.symbol IS NOT NULL
                 THEN jsonb_set(u.payload, '{tokenSymbol}', to_jsonb(t.symbol)) ELSE u.payload END
     FROM unnest($1::int8[], $2::text[], $3::jsonb[]) AS u(chat_id, dedupe_key, payload)
     LEFT JOIN token t ON t.mint = u.payload->>'tokenMint'
     WHERE NOT EXISTS (
       SELECT 1 FROM alert a WHERE a.chat_id = u.chat_id AND a.kind = $5 AND a.dedupe_key <> u.dedupe_key
         AND a.payload->>'tokenMint' = u.payload->>'tokenMint'
         AND abs((a.payload->>'blockTime')::float8 - (u.payload->>'blockTime')::float8) <= $4)
     ON CONFLICT (chat_id, kind, dedupe_key) DO UPDATE SET status = alert.status WHERE alert.status = 'pending'
     RETURNING id, chat_id`,
    [alerts.map((a) => a.chatId), alerts.map((a) => a.alert.key), alerts.map((a) => JSON.stringify(a.alert)), windowSec, ALERT_KIND_CALL_CLUSTER],
  );
  return rows.map((r) => ({ id: String(r.id), chatId: String(r.chat_id) }));
}
