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
 * Bundles (see enqueueAlerts): a job may carry up to NOTIFY_BUNDLE_MAX alerts of one rank, each
 * to its own chat; they go out side by side (BUNDLE_SEND_CONCURRENCY at a time, and never more
 * sends in flight in the process than `sendConcurrency`, NOTIFY_CONCURRENCY), each with its
 * own pacing, answer and record. What a single job would do with BullMQ (wait for its chat's turn,
 * retry, wait out a long 429) a bundled alert gets from a job of its own (`alert-<id>`, same
 * priority, delayed as needed), so a bundle never holds a worker for one slow chat.
 *
 * Round trips: the read of a job's alert and the "sent" mark are shared by the jobs running at
 * the same moment (one query for all of them while the previous one is in flight), so a burst of
 * a pattern's fan-out costs a few queries instead of two per alert. A bundle's lane does not wait
 * for its sent alert's record: it sends the next one while the records are written, and the
 * bundle ends only when every record is in (a failed one retries like any failure on our side).
 */
import { setTimeout as sleep } from "node:timers/promises";
import { GrammyError, HttpError, type Api } from "grammy";
import { DelayedError, UnrecoverableError, Worker, type Job, type Queue } from "bullmq";
import type { InlineKeyboardButton, InlineKeyboardMarkup } from "grammy/types";
import { recordDeliveries } from "../../core/data/alerts.js";
import type { SqlRunner } from "../../core/data/db.js";
import { writeDeadLetters } from "../../core/data/job-runs.js";
import { renderAlert, type Translate } from "../../core/domain/alert-render.js";
import { alertActionRows, type AlertAction, DIGEST_MAX_ALERTS, latencyLine, packAction, renderDigest, tokenIndexForChat } from "../../core/domain/alert-delivery.js";
import { ALERT_KIND_WALLET_SWAP, PATTERN_ALERT_KINDS, type PatternAlert, type WalletSwapAlert } from "../../core/domain/alerts.js";
import { isCallAlert, renderAnyCallAlert, type AnyCallAlert } from "../../core/domain/calls/alerts.js";
import { pickLocale, translator, type Translator } from "../../core/i18n.js";
import type { Logger } from "../../core/logger.js";
import type { Metrics } from "../../core/metrics.js";
import { notifyBundlePayload, notifyPayload, type NotifyPayload } from "../../core/queues/contract.js";
import type { SendPacer } from "../../core/queues/pacer.js";
import { notifyBacklogKey, notifyBundleMembersKey } from "../../core/queues/producers.js";

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
  /**
   * Gives finished alerts' backlog ranks back and forgets their bundle membership (see
   * enqueueAlerts); wired by the worker registration.
   */
  finishAlerts?: (alerts: readonly FinishedAlert[]) => Promise<void>;
  /** Queues bundled alerts that need a job of their own (deferred, retried); wired by the worker registration. */
  enqueueOwnJobs?: (jobs: readonly OwnJob[]) => Promise<void>;
  /**
   * Most sends in flight in this process, bundles and single jobs together (a send waiting for its
   * paced instant counts: many sleepers woken together by a stalled event loop would overrun
   * Telegram's one-second allowance). Default: unbounded.
   */
  sendConcurrency?: number;
  /** Without a pacer: the most messages per second a bundle sends (BullMQ's limiter counts jobs, not messages). */
  unpacedRatePerSecond?: number;
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

/** An alert done for good (sent, skipped, dropped, failed): its chat's rank is given back. */
export interface FinishedAlert {
  alertId: string;
  chatId?: string | undefined;
}

/** A bundled alert moving to a job of its own: when it may run, and how many tries it has left. */
export interface OwnJob {
  alertId: string;
  chatId: string;
  delayMs: number;
  priority?: number | undefined;
  attempts: number;
}

/** A message ready to send. */
interface RenderedMessage {
  text: string;
  reply_markup: InlineKeyboardMarkup;
}
/** Distinct rendered messages kept (a few fan-outs' worth, in every language). */
const RENDER_CACHE_MAX = 512;

/** Alerts one bundle job sends at once. */
export const BUNDLE_SEND_CONCURRENCY = 16;

/**
 * Gives finished alerts' ranks back (DECR, dropping the key at zero so a lost count never goes
 * negative) and removes them from the bundle-membership hash, in one script call per job.
 */
export function alertFinisher(redis: { eval(script: string, n: number, ...args: string[]): Promise<unknown> }, prefix: string) {
  const script = `
for i = 2, #ARGV, 2 do
  redis.call('HDEL', KEYS[1], ARGV[i])
  if ARGV[i + 1] ~= '' then
    local key = ARGV[1] .. ARGV[i + 1]
    local v = redis.call('DECR', key)
    if v <= 0 then redis.call('DEL', key) end
  end
end
return 0`;
  return async (alerts: readonly FinishedAlert[]) => {
    if (alerts.length === 0) return;
    await redis.eval(script, 1, notifyBundleMembersKey(prefix), notifyBacklogKey(prefix, ""), ...alerts.flatMap((a) => [a.alertId, a.chatId ?? ""]));
  };
}

/**
 * Gives a bundled alert its own job: the membership hash names that job first (so the sweeper and
 * a repeated enqueue leave the alert to it), then the job is added with its bundle's priority.
 */
export function ownJobEnqueuer(queue: Queue) {
  return async (jobs: readonly OwnJob[]) => {
    if (jobs.length === 0) return;
    const client = (await queue.client) as unknown as { hset(key: string, ...fieldValues: string[]): Promise<number> };
    await client.hset(notifyBundleMembersKey(queue.opts.prefix ?? "bull"), ...jobs.flatMap((j) => [j.alertId, `alert-${j.alertId}`]));
    await queue.addBulk(
      jobs.map((j) => ({
        name: "alert",
        data: { alertId: j.alertId, chatId: j.chatId } satisfies NotifyPayload,
        opts: {
          jobId: `alert-${j.alertId}`,
          delay: Math.max(0, Math.round(j.delayMs)),
          attempts: Math.max(1, j.attempts),
          ...(j.priority ? { priority: j.priority } : {}),
        },
      })),
    );
  };
}

/** At most `limit` calls of `run` at once; the others wait in order. */
export function limited<A extends unknown[], R>(limit: number, run: (...args: A) => Promise<R>): (...args: A) => Promise<R> {
  let active = 0;
  const waiting: (() => void)[] = [];
  return async (...args) => {
    if (active >= limit) await new Promise<void>((resolve) => waiting.push(resolve));
    else active++;
    try {
      return await run(...args);
    } finally {
      const next = waiting.shift();
      if (next) next();
      else active--;
    }
  };
}

export function createNotifyProcessor(deps: NotifyDeps) {
  const { deliver: deliverNow, read } = alertDeliverer(deps);
  const deliver = deps.sendConcurrency ? limited(deps.sendConcurrency, deliverNow) : deliverNow;
  const finish = (alerts: FinishedAlert[]) => (deps.finishAlerts ? deps.finishAlerts(alerts).catch(() => {}) : Promise.resolve());
  const count = (outcome: string) => deps.metrics?.alertsSent.inc({ outcome });

  async function single(job: Job, token: string | undefined): Promise<NotifyOutcome> {
    const { alertId, chatId } = notifyPayload.parse(job.data);
    const d = await deliver(alertId, { made: job.attemptsMade, max: job.opts.attempts ?? 1 });
    switch (d.kind) {
      case "sent":
      case "skipped":
      case "dropped":
        count(d.kind);
        await finish([{ alertId, chatId }]);
        return d.kind;
      case "defer":
        // Not an attempt: the job comes back when its chat (or its bot) may send again.
        await job.moveToDelayed(d.until, token);
        throw new DelayedError();
      case "hold":
        if (d.tokens > 1) {
          // Other bots keep sending: park only this job.
          await job.moveToDelayed(Date.now() + d.waitMs, token);
          throw new DelayedError();
        }
        await deps.pauseQueue?.(d.waitMs);
        throw Worker.RateLimitError();
      case "retry":
        throw d.error;
      case "failed":
        count("failed");
        await finish([{ alertId, chatId }]);
        throw new UnrecoverableError(d.reason);
    }
  }

  /**
   * A bundle: its alerts go out side by side; each one that cannot finish now (its chat's turn is
   * later, a long 429, a failure to retry, one of ours included) gets a job of its own.
   */
  async function bundle(job: Job): Promise<NotifyOutcome> {
    const { alerts } = notifyBundlePayload.parse(job.data);
    // Every alert of the bundle read in one query. A private chat's row is used as read (its
    // alert has no other job, and no digest takes it); a group's is read again at its turn, as a
    // digest of another job may have sent it meanwhile.
    const rows = await Promise.all(alerts.map((a) => read(a.alertId)));
    const prefetched = new Map(rows.flatMap((r) => (r && r.chat_type === "private" ? [[String(r.id), r] as const] : [])));
    const attempts = job.opts.attempts ?? 1;
    const priority = job.opts.priority;
    const finished: FinishedAlert[] = [];
    const own: OwnJob[] = [];
    let heldUntil = 0;
    let broken: unknown;
    // Sent alerts whose record is still being written: a lane goes on to its next send meanwhile.
    const marks: Promise<void>[] = [];
    let next = 0;
    let spacedUntil = 0;
    const lane = async () => {
      while (next < alerts.length) {
        const { alertId, chatId } = alerts[next++]!;
        if (broken) {
          own.push({ alertId, chatId, delayMs: 1000, priority, attempts: attempts - 1 });
          continue;
        }
        if (heldUntil > Date.now()) {
          // The only bot is held by a long 429: the rest waits it out in jobs of their own.
          own.push({ alertId, chatId, delayMs: heldUntil - Date.now(), priority, attempts });
          continue;
        }
        if (!deps.pacer && deps.unpacedRatePerSecond) {
          const at = Math.max(Date.now(), spacedUntil);
          spacedUntil = at + 1000 / deps.unpacedRatePerSecond;
          if (at > Date.now()) await sleep(at - Date.now());
        }
        let d: Delivery;
        try {
          d = await deliver(alertId, { made: 0, max: attempts }, prefetched.get(alertId), { recordLater: true });
        } catch (err) {
          // Ours (Postgres, Redis), not Telegram's: this alert and the rest retry in jobs of their own.
          broken ??= err;
          d = { kind: "retry", error: err };
        }
        if (broken) {
          own.push({ alertId, chatId, delayMs: 1000, priority, attempts: attempts - 1 });
          continue;
        }
        switch (d.kind) {
          case "sent":
            if (d.recorded) {
              marks.push(
                d.recorded.then(
                  () => {
                    count("sent");
                    finished.push({ alertId, chatId });
                  },
                  (err: unknown) => {
                    // As when the record failed before the lane went on: ours, so it retries in a job of its own.
                    broken ??= err;
                    own.push({ alertId, chatId, delayMs: 1000, priority, attempts: attempts - 1 });
                  },
                ),
              );
              break;
            }
            count(d.kind);
            finished.push({ alertId, chatId });
            break;
          case "skipped":
          case "dropped":
            count(d.kind);
            finished.push({ alertId, chatId });
            break;
          case "failed":
            count("failed");
            finished.push({ alertId, chatId });
            break;
          case "defer":
            own.push({ alertId, chatId, delayMs: d.until - Date.now(), priority, attempts });
            break;
          case "hold":
            own.push({ alertId, chatId, delayMs: d.waitMs, priority, attempts });
            if (d.tokens <= 1) {
              heldUntil = Math.max(heldUntil, Date.now() + d.waitMs);
              await deps.pauseQueue?.(d.waitMs);
            }
            break;
          case "retry":
            // BullMQ's first backoff step for the queue, then the single job's own backoff.
            own.push({ alertId, chatId, delayMs: 1000, priority, attempts: attempts - 1 });
            break;
        }
      }
    };
    const lanes = Math.min(BUNDLE_SEND_CONCURRENCY, deps.sendConcurrency ?? BUNDLE_SEND_CONCURRENCY, alerts.length);
    await Promise.all(Array.from({ length: lanes }, lane));
    await Promise.all(marks);
    if (broken) deps.logger.warn({ job: job.id, err: (broken as Error).message }, "a bundle's send failed on our side; its unsent alerts retry in jobs of their own");
    // Every alert is now finished or has its own job, so the bundle itself never runs again
    // (a rerun beside those jobs could send one twice) — unless handing them on fails.
    await deps.enqueueOwnJobs?.(own);
    await finish(finished);
    return "sent";
  }

  return async (job: Job, token?: string): Promise<NotifyOutcome> =>
    job.data && typeof job.data === "object" && "alerts" in job.data ? bundle(job) : single(job, token);
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

/**
 * What became of one alert: done for good (sent, skipped: no longer pending, dropped: blocked chat
 * or muted, failed: a 400 or its last try, recorded and dead-lettered), or not yet (defer: its
 * chat's or bot's turn is at `until`; hold: a long 429 for its bot; retry: a transient error).
 */
export type Delivery =
  | { kind: "sent"; recorded?: Promise<void> }
  | { kind: "skipped" | "dropped" }
  | { kind: "failed"; reason: string }
  | { kind: "defer"; until: number }
  | { kind: "hold"; waitMs: number; tokens: number }
  | { kind: "retry"; error: unknown };

/** Tries already made for an alert and how many it has: the last one records a failure for good. */
interface Attempt {
  made: number;
  max: number;
}

function alertDeliverer(deps: NotifyDeps) {
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
  /**
   * Rendered messages by language and content: a fan-out sends one alert's content to hundreds of
   * chats, and rendering it (a dozen translations) cost as much as the send's own HTTP work. The
   * key holds everything the message depends on; the latency line of a swap alert is added per send.
   */
  const renderCache = new Map<string, RenderedMessage>();
  const rendered = (key: string, render: () => RenderedMessage): RenderedMessage => {
    const hit = renderCache.get(key);
    if (hit) return hit;
    const made = render();
    renderCache.set(key, made);
    if (renderCache.size > RENDER_CACHE_MAX) renderCache.delete(renderCache.keys().next().value!);
    return made;
  };
  /**
   * `recordLater`: a sent alert returns at once with its record's promise (`recorded`) instead of
   * waiting for it, so a bundle's lane sends its next alert while the records of the last ones are
   * written together; a failed record is then the caller's to handle.
   */
  const deliver = async (alertId: string, attempt: Attempt, prefetched?: AlertRow, opts: { recordLater?: boolean } = {}): Promise<Delivery> => {
    const row = prefetched ?? (await readAlert(alertId));
    if (!row || row.status !== "pending") return { kind: "skipped" };
    if (row.blocked_at) {
      await setStatus(deps.sql, alertId, "dropped", "chat blocked the bot");
      return { kind: "dropped" };
    }
    if (row.muted) {
      await setStatus(deps.sql, alertId, "dropped", "muted by the chat");
      return { kind: "dropped" };
    }
    const tokenIndex = tokenIndexForChat(row.chat_id, apis.length);
    if (deps.pacer) {
      const slot = await deps.pacer.reserve(row.chat_id, row.chat_type, tokenIndex);
      if (slot.kind === "defer") return { kind: "defer", until: slot.until };
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
    let message: RenderedMessage;
    const single = row.payload;
    if (batch.length > 1) {
      message = renderDigest(batch as WalletSwapAlert[], now, t);
    } else if (isCallAlert(single)) {
      // A call alert carries its own latency (from the post); a token card and a mute, no rule to mute.
      const base = renderAnyCallAlert(single, t, now / 1000);
      message = {
        text: base.text,
        reply_markup: { inline_keyboard: [...base.reply_markup.inline_keyboard, tokenActionRow(t, single.tokenMint)] },
      };
    } else if (isPatternAlert(single)) {
      // A pattern's message carries its own latency (from the event that completed it), in whole seconds.
      const seconds = Math.max(0, Math.round(now / 1000 - single.timeSec));
      message = rendered(`p|${locale}|${seconds}|${JSON.stringify(single)}`, () => {
        const base = renderAlert(single, t, now / 1000);
        return {
          text: base.text,
          reply_markup: { inline_keyboard: [...base.reply_markup.inline_keyboard, tokenActionRow(t, single.tokenMint, single.ruleId)] },
        };
      });
    } else {
      const base = rendered(`s|${locale}|${row.tracked ? 1 : 0}|${JSON.stringify(single)}`, () => {
        const r = renderAlert(single, t, now / 1000);
        return {
          text: r.text,
          reply_markup: {
            inline_keyboard: [...r.reply_markup.inline_keyboard, ...alertActionRows(single, { tracked: row.tracked, ruleId: single.ruleId ?? null }, t)],
          },
        };
      });
      message = { text: `${base.text}\n${latencyLine(single.blockTime, now, t)}`, reply_markup: base.reply_markup };
    }
    try {
      const sent = await apis[tokenIndex]!.sendMessage(row.chat_id, message.text, {
        parse_mode: "HTML",
        reply_markup: message.reply_markup,
        link_preview_options: { is_disabled: true },
        ...(deps.paidBroadcast ? { allow_paid_broadcast: true } : {}),
      });
      const recorded = markSent({ ids, at: new Date(), messageId: sent.message_id, tokenIndex });
      if (opts.recordLater) {
        // Handled by the caller; this keeps an early rejection from counting as unhandled.
        recorded.catch(() => {});
        return { kind: "sent", recorded };
      }
      await recorded;
      return { kind: "sent" };
    } catch (err) {
      return handleSendError(deps, attempt, row, ids, tokenIndex, apis.length, err);
    }
  };
  return { deliver, read: readAlert };
}

/** The buttons under an alert about a token rather than a wallet: its card, mute it, and mute the rule when one sent it. */
function tokenActionRow(t: Translate, tokenMint: string, ruleId?: string): InlineKeyboardButton[] {
  const button = (text: string, action: AlertAction): InlineKeyboardButton => ({ text, callback_data: packAction(action) });
  const row = [button(t("alert-button-token-card"), { verb: "token", value: tokenMint }), button(t("alert-button-mute-token"), { verb: "mute-token", value: tokenMint })];
  if (ruleId) row.push(button(t("alert-button-mute-rule"), { verb: "mute-rule", value: ruleId }));
  return row;
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
  attempt: Attempt,
  row: AlertRow,
  ids: readonly string[],
  tokenIndex: number,
  tokens: number,
  err: unknown,
): Promise<Delivery> {
  const log = deps.logger.child({ alertId: row.id, chatId: row.chat_id, attempt: attempt.made + 1, tokenIndex });
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
    return { kind: "dropped" };
  }
  if (err instanceof GrammyError && err.error_code === 429) {
    const wait = (err.parameters.retry_after ?? 5) * 1000;
    await deps.sql.query(`UPDATE alert SET attempts = attempts + 1, error = $2 WHERE id = $1`, [row.id, err.description]);
    // Nothing goes out through this bot until Telegram's wait is over.
    await deps.pacer?.holdToken(tokenIndex, wait);
    log.warn({ waitMs: wait }, tokens > 1 ? "long flood wait from Telegram: holding this bot token" : "long flood wait from Telegram: pausing the notify queue");
    return { kind: "hold", waitMs: wait, tokens };
  }
  const final = err instanceof GrammyError && err.error_code === 400;
  const lastTry = final || attempt.made + 1 >= attempt.max;
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
    return { kind: "failed", reason };
  }
  await deps.sql.query(`UPDATE alert SET attempts = attempts + 1, error = $2 WHERE id = $1`, [row.id, reason]);
  log.warn({ reason }, "alert delivery failed; will retry");
  return { kind: "retry", error: err };
}
