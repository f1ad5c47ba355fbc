// Typed producers: every job enters its queue through here, with its idempotent job id.
import type { Queue } from "bullmq";
import type { Redis } from "ioredis";
import type { NotifyPayload } from "./contract.js";

/** An alert to enqueue: its id, and its chat when known (for fair ordering across chats). */
export type AlertRef = string | { id: string; chatId: string };

/** BullMQ's largest priority (2^21 - 1); ranks beyond it share it. */
const MAX_PRIORITY = 2_097_151;
/** A chat's backlog count heals itself after this long without new alerts (a lost decrement). */
const FAIR_KEY_TTL_SECONDS = 3600;

/** The Redis key counting a chat's alerts waiting in the notify queue. */
export function notifyBacklogKey(prefix: string, chatId: string): string {
  return `${prefix}:notify-fair:${chatId}`;
}

/**
 * One notify job per alert; the job id makes a repeated enqueue of the same alert a no-op.
 *
 * Fairness: a job's priority is its rank in its chat's backlog (1 for a chat with nothing
 * waiting, 2 for the next, …), counted in Redis and given back by the processor when the job is
 * done. BullMQ takes lower priorities first, so every chat's first alert goes before any chat's
 * second: a chat with a thousand alerts waiting delays another chat's alert by one round, not by
 * a thousand messages. Alerts given without a chat id keep BullMQ's plain order (ahead of ranked
 * ones).
 */
export async function enqueueAlerts(queue: Queue, alerts: readonly AlertRef[]): Promise<void> {
  if (alerts.length === 0) return;
  const refs = alerts.map((a) => (typeof a === "string" ? { id: a, chatId: undefined } : a));
  const ranked = refs.filter((r): r is { id: string; chatId: string } => r.chatId !== undefined);
  const ranks = new Map<string, number>();
  if (ranked.length > 0) {
    const client = (await queue.client) as unknown as Redis;
    const pipeline = client.pipeline();
    for (const r of ranked) {
      const key = notifyBacklogKey(queue.opts.prefix ?? "bull", r.chatId);
      pipeline.incr(key).expire(key, FAIR_KEY_TTL_SECONDS);
    }
    const results = (await pipeline.exec()) ?? [];
    ranked.forEach((r, i) => ranks.set(r.id, Number(results[i * 2]?.[1] ?? 1)));
  }
  await queue.addBulk(
    refs.map((r) => {
      const rank = ranks.get(r.id);
      return {
        name: "alert",
        data: (r.chatId !== undefined ? { alertId: r.id, chatId: r.chatId } : { alertId: r.id }) satisfies NotifyPayload,
        opts: { jobId: `alert-${r.id}`, ...(rank !== undefined ? { priority: Math.min(Math.max(rank, 1), MAX_PRIORITY) } : {}) },
      };
    }),
  );
}
