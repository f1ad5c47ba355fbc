/**
 * notify processor: sends one alert to its chat, in the chat's language at send time, and records
 * the outcome on the alert row. Idempotent: an alert that is no longer pending is not sent again.
 *
 * Telegram's answers steer it: 403 (blocked, kicked) marks the chat blocked and drops its alerts
 * (clean unsubscription); 400 is final (dead letter, no retry); a long 429 pauses the whole queue
 * (every chat shares the bot's limit); anything else is retried with backoff by BullMQ.
 */
import { GrammyError, HttpError, type Api } from "grammy";
import { UnrecoverableError, Worker, type Job } from "bullmq";
import type { SqlRunner } from "../../core/data/db.js";
import { writeDeadLetters } from "../../core/data/job-runs.js";
import { renderAlert } from "../../core/domain/alert-render.js";
import type { PatternAlert, WalletSwapAlert } from "../../core/domain/alerts.js";
import { pickLocale, translator, type Translator } from "../../core/i18n.js";
import type { Logger } from "../../core/logger.js";
import type { Metrics } from "../../core/metrics.js";
import { notifyPayload } from "../../core/queues/contract.js";

export interface NotifyDeps {
  sql: SqlRunner;
  api: Api;
  i18n: Translator;
  logger: Logger;
  /** Pauses the whole queue (Worker.rateLimit); wired by the worker registration. */
  pauseQueue?: (ms: number) => Promise<void>;
  metrics?: Metrics;
}

export type NotifyOutcome = "sent" | "skipped" | "dropped";

interface AlertRow {
  id: string;
  chat_id: string;
  payload: WalletSwapAlert | PatternAlert;
  status: string;
  language: string | null;
  client_language: string | null;
  blocked_at: Date | null;
}

export function createNotifyProcessor(deps: NotifyDeps) {
  const send = sendAlert(deps);
  return async (job: Job): Promise<NotifyOutcome> => {
    try {
      const outcome = await send(job);
      deps.metrics?.alertsSent.inc({ outcome });
      return outcome;
    } catch (err) {
      if (err instanceof UnrecoverableError) deps.metrics?.alertsSent.inc({ outcome: "failed" });
      throw err;
    }
  };
}

function sendAlert(deps: NotifyDeps) {
  return async (job: Job): Promise<NotifyOutcome> => {
    const { alertId } = notifyPayload.parse(job.data);
    const [row] = await deps.sql.query<AlertRow>(
      `SELECT a.id, a.chat_id, a.payload, a.status, c.language, c.client_language, c.blocked_at
       FROM alert a JOIN chat c ON c.id = a.chat_id WHERE a.id = $1`,
      [alertId],
    );
    if (!row || row.status !== "pending") return "skipped";
    if (row.blocked_at) {
      await setStatus(deps.sql, alertId, "dropped", "chat blocked the bot");
      return "dropped";
    }
    const locale = pickLocale(row.language, row.client_language ?? undefined);
    const message = renderAlert(row.payload, translator(deps.i18n, locale), Date.now() / 1000);
    try {
      const sent = await deps.api.sendMessage(row.chat_id, message.text, {
        parse_mode: "HTML",
        reply_markup: message.reply_markup,
        link_preview_options: { is_disabled: true },
      });
      await deps.sql.query(
        `UPDATE alert SET status = 'sent', sent_at = now(), message_id = $2, attempts = attempts + 1, error = NULL
         WHERE id = $1`,
        [alertId, sent.message_id],
      );
      return "sent";
    } catch (err) {
      return handleSendError(deps, job, row, err);
    }
  };
}

async function setStatus(sql: SqlRunner, id: string, status: string, error: string | null): Promise<void> {
  await sql.query(`UPDATE alert SET status = $2, error = $3, attempts = attempts + 1 WHERE id = $1`, [id, status, error]);
}

async function handleSendError(deps: NotifyDeps, job: Job, row: AlertRow, err: unknown): Promise<NotifyOutcome> {
  const log = deps.logger.child({ alertId: row.id, chatId: row.chat_id, attempt: job.attemptsMade + 1 });
  if (err instanceof GrammyError && err.error_code === 403) {
    await deps.sql.transaction(async (tx) => {
      await tx.query(`UPDATE chat SET blocked_at = now() WHERE id = $1`, [row.chat_id]);
      await tx.query(
        `UPDATE alert SET status = 'dropped', error = $2 WHERE chat_id = $1 AND status = 'pending'`,
        [row.chat_id, err.description],
      );
    });
    log.info({ description: err.description }, "chat blocked the bot; its alerts stop until it comes back");
    return "dropped";
  }
  if (err instanceof GrammyError && err.error_code === 429) {
    const wait = (err.parameters.retry_after ?? 5) * 1000;
    log.warn({ waitMs: wait }, "long flood wait from Telegram: pausing the notify queue");
    await deps.sql.query(`UPDATE alert SET attempts = attempts + 1, error = $2 WHERE id = $1`, [row.id, err.description]);
    await deps.pauseQueue?.(wait);
    throw Worker.RateLimitError();
  }
  const final = err instanceof GrammyError && err.error_code === 400;
  const lastTry = final || job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
  const reason = err instanceof GrammyError ? err.description : err instanceof HttpError ? err.message : String(err);
  if (lastTry) {
    await setStatus(deps.sql, row.id, "failed", reason);
    await writeDeadLetters(deps.sql, [{ source: "notify", key: row.id, reason, payload: { alertId: row.id, chatId: row.chat_id } }]);
    log.error({ reason }, "alert could not be delivered; kept in dead_letter");
    throw new UnrecoverableError(reason);
  }
  await deps.sql.query(`UPDATE alert SET attempts = attempts + 1, error = $2 WHERE id = $1`, [row.id, reason]);
  log.warn({ reason }, "alert delivery failed; will retry");
  throw err;
}
