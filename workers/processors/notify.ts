/**
 * notify processor: sends one alert to its chat, in the chat's language at send time, and records
 * the outcome on the alert row and in `alert_delivery`. Idempotent: an alert that is no longer
 * pending is not sent again.
 *
 * Telegram's answers steer it: 403 (blocked, kicked) marks the chat blocked and drops its alerts
 * (clean unsubscription); 400 is final (dead letter, no retry); a long 429 holds that bot token
 * (and, with one token, pauses the whole queue); anything else is retried with backoff by BullMQ.
 *
 * Pacing and fairness (see core/queues/pacer.ts and producers.ts): each send reserves the next
 * free instant of its chat (1 s in a DM, 3 s in a group) and of its bot token (the per-token
 * rate); a job whose instant is far off goes back to BullMQ's delayed set instead of holding a
 * worker slot. Jobs are prioritized by their rank in their chat's backlog, so one busy chat does
 * not starve the others. When a job finishes for good it gives its rank back.
 *
 * Groups: when a group's turn comes and several of its alerts are pending, they go out as one
 * digest message (up to DIGEST_MAX_ALERTS), which keeps a burst within 20 messages a minute.
 * The job's own alert is always in the digest, so no alert is left without a job.
 *
 * Round trips: the read of a job's alert and the "sent" mark are shared by the jobs running at
 * the same moment (one query for all of them while the previous one is in flight), so a burst of
 * a pattern's fan-out costs a few queries instead of two per alert.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { GrammyError, HttpError, type Api } from "grammy";
import { DelayedError, UnrecoverableError, Worker, type Job } from "bullmq";
import type { InlineKeyboardMarkup } from "grammy/types";
import { recordDeliveries } from "../../core/data/alerts.js";
import type { SqlRunner } from "../../core/data/db.js";
import { writeDeadLetters } from "../../core/data/job-runs.js";
import { renderAlert } from "../../core/domain/alert-render.js";
import { alertActionRows, DIGEST_MAX_ALERTS, latencyLine, packAction, renderDigest, tokenIndexForChat } from "../../core/domain/alert-delivery.js";
import { ALERT_KIND_WALLET_SWAP, PATTERN_ALERT_KINDS, type PatternAlert, type WalletSwapAlert } from "../../core/domain/alerts.js";
import { isCallAlert, renderAnyCallAlert, type AnyCallAlert } from "../../core/domain/calls/alerts.js";
import { pickLocale, translator, type Translator } from "../../core/i18n.js";
import type { Logger } from "../../core/logger.js";
import type { Metrics } from "../../core/metrics.js";
import { notifyPayload } from "../../core/queues/contract.js";
import type { SendPacer } from "../../core/queues/pacer.js";
import { notifyBacklogKey } from "../../core/queues/producers.js";

export interface NotifyDeps {
  sql: SqlRunner;
  /** The bot token's client; with several tokens, `apis` (this one first). */
  api: Api;
  /** Every bot token's client, when there are several (BOT_TOKENS); chats are spread over them stably. */
  apis?: readonly Api[];
  i18n: Translator;
  logger: Logger;
  /** Pauses the whole queue (Worker.rateLimit); wired by the worker registration. */
  pauseQueue?: (ms: number) => Promise<void>;
  metrics?: Metrics;
  /** Per-chat and per-token pacing; without it every job sends at once (BullMQ's limiter alone). */
  pacer?: SendPacer;
  /** Gives a chat's backlog rank back (see enqueueAlerts); wired by the worker registration. */
  releaseRank?: (chatId: string) => Promise<void>;
  /** Sends with allow_paid_broadcast (Stars), for fan-outs beyond 30 messages/s. */
  paidBroadcast?: boolean;
}

export type NotifyOutcome = "sent" | "skipped" | "dropped" | "deferred";

interface AlertRow {
  id: string;
  chat_id: string;
  chat_type: string;
  payload: (WalletSwapAlert & { ruleId?: string | null }) | PatternAlert | AnyCallAlert;
  status: string;
  language: string | null;
  client_language: string | null;
  blocked_at: Date | null;
  tracked: boolean;
  muted: boolean;
}

/** Gives a finished job's rank back: DECR, dropping the key at zero so a lost count never goes negative. */
export function backlogReleaser(redis: { eval(script: string, n: number, ...args: string[]): Promise<unknown> }, prefix: string) {
  const script = `local v = redis.call('DECR', KEYS[1]) if v <= 0 then redis.call('DEL', KEYS[1]) end return v`;
  return async (chatId: string) => {
    await redis.eval(script, 1, notifyBacklogKey(prefix, chatId));
  };
}

export function createNotifyProcessor(deps: NotifyDeps) {
  const send = sendAlert(deps);
  return async (job: Job, token?: string): Promise<NotifyOutcome> => {
    const chatId = typeof job.data?.chatId === "string" ? (job.data.chatId as string) : undefined;
    const release = () => (chatId && deps.releaseRank ? deps.releaseRank(chatId).catch(() => {}) : Promise.resolve());
    try {
      const outcome = await send(job, token);
      if (outcome !== "deferred") {
        deps.metrics?.alertsSent.inc({ outcome });
        await release();
      }
      return outcome;
    } catch (err) {
      if (err instanceof UnrecoverableError) {
        deps.metrics?.alertsSent.inc({ outcome: "failed" });
        await release();
      }
      throw err;
    }
  };
}

const SELECT_ALERT = `
  SELECT a.id, a.chat_id, a.payload, a.status, c.type AS chat_type, c.language, c.client_language, c.blocked_at,
         EXISTS (SELECT 1 FROM tracked_wallet tw WHERE tw.chat_id = a.chat_id AND tw.address = a.payload ->> 'wallet') AS tracked,
         EXISTS (SELECT 1 FROM chat_mute m WHERE m.chat_id = a.chat_id
                   AND ((m.kind = 'token' AND m.value = a.payload ->> 'tokenMint')
                     OR (m.kind = 'rule' AND m.value = a.payload ->> 'ruleId'))) AS muted
  FROM alert a JOIN chat c ON c.id = a.chat_id WHERE a.id = ANY($1::int8[])`;

/**
 * Marks alerts sent and records their delivery in one statement; one row of the arrays per alert
 * (id, sent at, message id, token index, digest), each alert at most once.
 */
const MARK_SENT = `
  WITH v AS (
    SELECT * FROM unnest($1::int8[], $2::timestamptz[], $3::int[], $4::int[], $5::int8[]) AS v(id, sent_at, message_id, token_index, digest_of)
  ), upd AS (
    UPDATE alert a SET status = 'sent', sent_at = v.sent_at, message_id = v.message_id, attempts = a.attempts + 1, error = NULL
    FROM v WHERE a.id = v.id AND a.status = 'pending' RETURNING a.id
  )
  INSERT INTO alert_delivery (alert_id, chat_id, status, queued_at, sent_at, block_time, latency_ms, token_index, message_id, digest_of)
  SELECT a.id, a.chat_id, 'sent', a.created_at, v.sent_at, bt.block_time,
         CASE WHEN bt.block_time IS NOT NULL
              THEN LEAST(2147483647, GREATEST(0, EXTRACT(EPOCH FROM (v.sent_at - bt.block_time)) * 1000))::int END,
         v.token_index, v.message_id, v.digest_of
  FROM alert a
  JOIN v ON v.id = a.id
  CROSS JOIN LATERAL (SELECT CASE WHEN jsonb_typeof(a.payload -> 'blockTime') = 'number'
                                  THEN to_timestamp((a.payload ->> 'blockTime')::double precision) END AS block_time) bt
  WHERE a.id IN (SELECT id FROM upd)
  ON CONFLICT (alert_id) DO UPDATE SET status = 'sent', sent_at = EXCLUDED.sent_at, failed_at = NULL,
    latency_ms = EXCLUDED.latency_ms, token_index = EXCLUDED.token_index, message_id = EXCLUDED.message_id,
    digest_of = EXCLUDED.digest_of, error = NULL`;

/** A sent message's mark: its alerts (a digest has several), when, which message, through which token. */
interface SentMark {
  ids: readonly string[];
  at: Date;
  messageId: number;
  tokenIndex: number;
}

/**
 * Runs `run` once over the items of every call made while the previous run was in flight (or in
 * the same turn of the event loop): concurrent jobs share one round trip. Each call gets its own
 * result; a failed run fails every call in it.
 */
export function coalesced<I, O>(run: (items: readonly I[]) => Promise<readonly O[]>): (item: I) => Promise<O> {
  let waiting: { item: I; resolve: (o: O) => void; reject: (e: unknown) => void }[] = [];
  let running = false;
  const flush = async (): Promise<void> => {
    running = true;
    while (waiting.length > 0) {
      const batch = waiting;
      waiting = [];
      try {
        const out = await run(batch.map((b) => b.item));
        batch.forEach((b, i) => b.resolve(out[i]!));
      } catch (err) {
        for (const b of batch) b.reject(err);
      }
    }
    running = false;
  };
  return (item) =>
    new Promise<O>((resolve, reject) => {
      waiting.push({ item, resolve, reject });
      if (!running) {
        running = true;
        setImmediate(() => void flush());
      }
    });
}

function sendAlert(deps: NotifyDeps) {
  const apis = deps.apis && deps.apis.length > 0 ? deps.apis : [deps.api];
  const readAlert = coalesced(async (ids: readonly string[]) => {
    const rows = await deps.sql.query<AlertRow>(SELECT_ALERT, [[...new Set(ids)]]);
    const byId = new Map(rows.map((r) => [String(r.id), r]));
    return ids.map((id) => byId.get(id));
  });
  const markSent = coalesced(async (marks: readonly SentMark[]) => {
    // An alert in two digests sent at once is marked by the first (the row allows one delivery).
    const seen = new Set<string>();
    const cols = { ids: [] as string[], at: [] as Date[], messageIds: [] as number[], tokens: [] as number[], digests: [] as (string | null)[] };
    for (const m of marks) {
      for (const id of m.ids) {
        if (seen.has(id)) continue;
        seen.add(id);
        cols.ids.push(id);
        cols.at.push(m.at);
        cols.messageIds.push(m.messageId);
        cols.tokens.push(m.tokenIndex);
        cols.digests.push(m.ids.length > 1 ? m.ids[0]! : null);
      }
    }
    await deps.sql.query(MARK_SENT, [cols.ids, cols.at, cols.messageIds, cols.tokens, cols.digests]);
    return marks.map(() => undefined);
  });
  return async (job: Job, token?: string): Promise<NotifyOutcome> => {
    const { alertId } = notifyPayload.parse(job.data);
    const row = await readAlert(alertId);
    if (!row || row.status !== "pending") return "skipped";
    if (row.blocked_at) {
      await setStatus(deps.sql, alertId, "dropped", "chat blocked the bot");
      return "dropped";
    }
    if (row.muted) {
      await setStatus(deps.sql, alertId, "dropped", "muted by the chat");
      return "dropped";
    }
    const tokenIndex = tokenIndexForChat(row.chat_id, apis.length);
    if (deps.pacer) {
      const slot = await deps.pacer.reserve(row.chat_id, row.chat_type, tokenIndex);
      if (slot.kind === "defer") {
        // Not an attempt: the job comes back when its chat (or its bot) may send again.
        await job.moveToDelayed(slot.until, token);
        throw new DelayedError();
      }
      if (slot.waitMs > 0) await sleep(slot.waitMs);
    }

    // Only plain swap alerts merge into a group digest; a pattern or call alert stands alone.
    const rows =
      isGroup(row.chat_type) && !isPatternAlert(row.payload) && !isCallAlert(row.payload)
        ? await digestRows(deps.sql, row as AlertRow & { payload: WalletSwapAlert })
        : [{ id: String(row.id), payload: row.payload }];
    const batch = rows.map((r) => r.payload);
    const ids = rows.map((r) => r.id);
    const locale = pickLocale(row.language, row.client_language ?? undefined);
    const t = translator(deps.i18n, locale);
    const now = Date.now();
    let message: { text: string; reply_markup: InlineKeyboardMarkup };
    const single = row.payload;
    if (batch.length > 1) {
      message = renderDigest(batch as WalletSwapAlert[], now, t);
    } else if (isCallAlert(single)) {
      // A call alert carries its own latency (from the post); a token card and a mute, no rule to mute.
      const base = renderAnyCallAlert(single, t, now / 1000);
      const button = (text: string, verb: "token" | "mute-token", value: string) => ({ text, callback_data: packAction({ verb, value }) });
      message = {
        text: base.text,
        reply_markup: {
          inline_keyboard: [
            ...base.reply_markup.inline_keyboard,
            [button(t("alert-button-token-card"), "token", single.tokenMint), button(t("alert-button-mute-token"), "mute-token", single.tokenMint)],
          ],
        },
      };
    } else if (isPatternAlert(single)) {
      // A pattern's message carries its own latency (from the event that completed it).
      const base = renderAlert(single, t, now / 1000);
      const button = (text: string, verb: "token" | "mute-token" | "mute-rule", value: string) => ({ text, callback_data: packAction({ verb, value }) });
      message = {
        text: base.text,
        reply_markup: {
          inline_keyboard: [
            ...base.reply_markup.inline_keyboard,
            [
              button(t("alert-button-token-card"), "token", single.tokenMint),
              button(t("alert-button-mute-token"), "mute-token", single.tokenMint),
              button(t("alert-button-mute-rule"), "mute-rule", single.ruleId),
            ],
          ],
        },
      };
    } else {
      const base = renderAlert(single, t, now / 1000);
      message = {
        text: `${base.text}\n${latencyLine(single.blockTime, now, t)}`,
        reply_markup: {
          inline_keyboard: [
            ...base.reply_markup.inline_keyboard,
            ...alertActionRows(single, { tracked: row.tracked, ruleId: single.ruleId ?? null }, t),
          ],
        },
      };
    }
    try {
      const sent = await apis[tokenIndex]!.sendMessage(row.chat_id, message.text, {
        parse_mode: "HTML",
        reply_markup: message.reply_markup,
        link_preview_options: { is_disabled: true },
        ...(deps.paidBroadcast ? { allow_paid_broadcast: true } : {}),
      });
      await markSent({ ids, at: new Date(), messageId: sent.message_id, tokenIndex });
      return "sent";
    } catch (err) {
      return handleSendError(deps, job, token, row, ids, tokenIndex, apis.length, err);
    }
  };
}

const isGroup = (type: string) => type === "group" || type === "supergroup";

/** The group's pending alerts to merge (not muted), oldest first, always including the job's own. */
const isPatternAlert = (p: AlertRow["payload"]): p is PatternAlert => (PATTERN_ALERT_KINDS as readonly string[]).includes(p.kind);

async function digestRows(sql: SqlRunner, row: AlertRow & { payload: WalletSwapAlert }): Promise<{ id: string; payload: WalletSwapAlert }[]> {
  const others = await sql.query<{ id: string; payload: WalletSwapAlert }>(
    `SELECT a.id, a.payload FROM alert a
     WHERE a.chat_id = $1 AND a.status = 'pending' AND a.id <> $2 AND a.kind = $4
       AND NOT EXISTS (SELECT 1 FROM chat_mute m WHERE m.chat_id = a.chat_id
                         AND ((m.kind = 'token' AND m.value = a.payload ->> 'tokenMint')
                           OR (m.kind = 'rule' AND m.value = a.payload ->> 'ruleId')))
     ORDER BY a.id LIMIT $3`,
    [row.chat_id, row.id, DIGEST_MAX_ALERTS - 1, ALERT_KIND_WALLET_SWAP],
  );
  return [{ id: String(row.id), payload: row.payload }, ...others.map((o) => ({ id: String(o.id), payload: o.payload }))].sort(
    (a, b) => (BigInt(a.id) < BigInt(b.id) ? -1 : 1),
  );
}

/** The alert's final status and its delivery record, together (a reader never sees one without the other). */
async function setStatus(sql: SqlRunner, id: string, status: "dropped" | "failed", error: string | null): Promise<void> {
  await sql.transaction(async (tx) => {
    await tx.query(`UPDATE alert SET status = $2, error = $3, attempts = attempts + 1 WHERE id = $1`, [id, status, error]);
    await recordDeliveries(tx, { alertIds: [id], status, at: new Date(), error });
  });
}

async function handleSendError(
  deps: NotifyDeps,
  job: Job,
  token: string | undefined,
  row: AlertRow,
  ids: readonly string[],
  tokenIndex: number,
  tokens: number,
  err: unknown,
): Promise<NotifyOutcome> {
  const log = deps.logger.child({ alertId: row.id, chatId: row.chat_id, attempt: job.attemptsMade + 1, tokenIndex });
  if (err instanceof GrammyError && err.error_code === 403) {
    // First, so a job of this chat already past its read does not send into the 403 again.
    await deps.pacer?.holdChat(row.chat_id, 10 * 60_000);
    await deps.sql.transaction(async (tx) => {
      await tx.query(`UPDATE chat SET blocked_at = now() WHERE id = $1`, [row.chat_id]);
      // The rules stage loads only chats that are not blocked; a version bump makes it reload now.
      await tx.query(`UPDATE chat_rules_version SET version = version + 1 WHERE id = 1`);
      const dropped = await tx.query<{ id: string }>(
        `UPDATE alert SET status = 'dropped', error = $2 WHERE chat_id = $1 AND status = 'pending' RETURNING id`,
        [row.chat_id, err.description],
      );
      await recordDeliveries(tx, { alertIds: dropped.map((d) => String(d.id)), status: "dropped", at: new Date(), tokenIndex, error: err.description });
    });
    log.info({ description: err.description }, "chat blocked the bot; its alerts stop until it comes back");
    return "dropped";
  }
  if (err instanceof GrammyError && err.error_code === 429) {
    const wait = (err.parameters.retry_after ?? 5) * 1000;
    await deps.sql.query(`UPDATE alert SET attempts = attempts + 1, error = $2 WHERE id = $1`, [row.id, err.description]);
    // Nothing goes out through this bot until Telegram's wait is over.
    await deps.pacer?.holdToken(tokenIndex, wait);
    if (tokens > 1) {
      // Other bots keep sending: park only this job.
      log.warn({ waitMs: wait }, "long flood wait from Telegram: holding this bot token");
      await job.moveToDelayed(Date.now() + wait, token);
      throw new DelayedError();
    }
    log.warn({ waitMs: wait }, "long flood wait from Telegram: pausing the notify queue");
    await deps.pauseQueue?.(wait);
    throw Worker.RateLimitError();
  }
  const final = err instanceof GrammyError && err.error_code === 400;
  const lastTry = final || job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
  const reason = err instanceof GrammyError ? err.description : err instanceof HttpError ? err.message : String(err);
  if (lastTry) {
    await deps.sql.transaction(async (tx) => {
      await tx.query(`UPDATE alert SET status = 'failed', error = $2, attempts = attempts + 1 WHERE id = ANY($1::int8[]) AND status = 'pending'`, [
        ids,
        reason,
      ]);
      await recordDeliveries(tx, { alertIds: ids, status: "failed", at: new Date(), tokenIndex, error: reason });
    });
    await writeDeadLetters(deps.sql, [{ source: "notify", key: row.id, reason, payload: { alertId: row.id, chatId: row.chat_id, alertIds: ids } }]);
    log.error({ reason }, "alert could not be delivered; kept in dead_letter");
    throw new UnrecoverableError(reason);
  }
  await deps.sql.query(`UPDATE alert SET attempts = attempts + 1, error = $2 WHERE id = $1`, [row.id, reason]);
  log.warn({ reason }, "alert delivery failed; will retry");
  throw err;
}
