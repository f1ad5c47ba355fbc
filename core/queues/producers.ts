// Typed producers: every job enters its queue through here, with its idempotent job id.
import type { Queue } from "bullmq";
import type { Redis } from "ioredis";
import type { NotifyBundlePayload, NotifyPayload } from "./contract.js";

/** An alert to enqueue: its id, and its chat when known (for fair ordering across chats). */
export type AlertRef = string | { id: string; chatId: string };

/** BullMQ's largest priority (2^21 - 1); ranks beyond it share it. */
export const MAX_PRIORITY = 2_097_151;
/** A chat's backlog count heals itself after this long without new alerts (a lost decrement). */
const FAIR_KEY_TTL_SECONDS = 3600;
/** Most alerts one notify job carries (a fan-out of 10,000 chats is a hundred jobs, not 10,000). */
export const NOTIFY_BUNDLE_MAX = 100;
/** How long an alert stays listed as carried by a bundle when nothing removes it (a crash). */
const BUNDLE_MEMBER_TTL_SECONDS = 86_400;

/** The Redis key counting a chat's alerts waiting in the notify queue. */
export function notifyBacklogKey(prefix: string, chatId: string): string {
  return `${prefix}:notify-fair:${chatId}`;
}

/** The Redis hash naming, for each alert carried by a bundle job, that job's id. */
export function notifyBundleMembersKey(prefix: string): string {
  return `${prefix}:notify-bundled`;
}

/**
 * Ranks the alerts not already carried by a bundle and groups them into bundles, atomically, so
 * two producers enqueuing the same alerts (a retried batch, the sweeper) never put one alert in
 * two jobs. ARGV: fair-key prefix, key TTL, bundle max, member TTL, then (alert id, chat id) pairs.
 * Returns (alert id, rank, bundle id or "") triples for the alerts it took; a bundle is named after
 * its first alert, and one of a single alert gets no bundle (its `alert-<id>` job id dedupes it).
 */
const RANK_AND_BUNDLE = `
local members = KEYS[1]
local fairPrefix = ARGV[1]
local ttl = tonumber(ARGV[2])
local maxBundle = tonumber(ARGV[3])
local memberTtl = tonumber(ARGV[4])
local taken = {}
local byRank = {}
local ranks = {}
for i = 5, #ARGV, 2 do
  local id = ARGV[i]
  if redis.call('HEXISTS', members, id) == 0 then
    local key = fairPrefix .. ARGV[i + 1]
    local rank = redis.call('INCR', key)
    redis.call('EXPIRE', key, ttl)
    taken[#taken + 1] = id
    ranks[id] = rank
    local list = byRank[rank]
    if not list then list = {} byRank[rank] = list end
    list[#list + 1] = id
  end
end
local bundleOf = {}
for rank, list in pairs(byRank) do
  if #list > 1 then
    for start = 1, #list, maxBundle do
      local last = math.min(#list, start + maxBundle - 1)
      if last > start then
        local name = 'alerts-' .. list[start]
        for j = start, last do
          bundleOf[list[j]] = name
          redis.call('HSET', members, list[j], name)
        end
      end
    end
  end
end
if #taken > 0 then redis.call('EXPIRE', members, memberTtl) end
local out = {}
for _, id in ipairs(taken) do
  out[#out + 1] = id
  out[#out + 1] = ranks[id]
  out[#out + 1] = bundleOf[id] or ''
end
return out
`;

type BundlingRedis = Redis & { pumpspaceRankAndBundle(members: string, ...args: (string | number)[]): Promise<(string | number)[]> };

function bundlingClient(client: Redis): BundlingRedis {
  if (!("pumpspaceRankAndBundle" in client)) client.defineCommand("pumpspaceRankAndBundle", { numberOfKeys: 1, lua: RANK_AND_BUNDLE });
  return client as BundlingRedis;
}

const priorityOf = (rank: number) => Math.min(Math.max(rank, 1), MAX_PRIORITY);

/**
 * Enqueues alerts for the notifier; a repeated enqueue of the same alert is a no-op.
 *
 * Fairness: a job's priority is its alert's rank in its chat's backlog (1 for a chat with nothing
 * waiting, 2 for the next, …), counted in Redis and given back by the processor when the alert is
 * done. BullMQ takes lower priorities first, so every chat's first alert goes before any chat's
 * second: a chat with a thousand alerts waiting delays another chat's alert by one round, not by
 * a thousand messages. Alerts given without a chat id keep BullMQ's plain order (ahead of ranked
 * ones), one job each.
 *
 * Bundles: alerts of one call that share a rank (a fan-out: one alert to many chats, one each)
 * travel together, up to NOTIFY_BUNDLE_MAX per job, and the notifier sends them side by side. A
 * job per alert cost two BullMQ scripts and a Redis write per alert on each side, which made a
 * 300-chat burst queue for half a second; a bundle costs that once. Equal ranks keep fairness:
 * a bundle of first alerts goes before any chat's second. An alert alone in its rank gets its
 * own `alert-<id>` job, as before.
 */
export async function enqueueAlerts(queue: Queue, alerts: readonly AlertRef[]): Promise<void> {
  if (alerts.length === 0) return;
  const refs = alerts.map((a) => (typeof a === "string" ? { id: a, chatId: undefined } : a));
  const ranked = refs.filter((r): r is { id: string; chatId: string } => r.chatId !== undefined);
  const plain = refs.filter((r) => r.chatId === undefined);
  const prefix = queue.opts.prefix ?? "bull";
  const jobs: { name: string; data: NotifyPayload | NotifyBundlePayload; opts: { jobId: string; priority?: number } }[] = plain.map((r) => ({
    name: "alert",
    data: { alertId: r.id },
    opts: { jobId: `alert-${r.id}` },
  }));
  if (ranked.length > 0) {
    const client = bundlingClient((await queue.client) as unknown as Redis);
    const chatOf = new Map(ranked.map((r) => [r.id, r.chatId]));
    const out = await client.pumpspaceRankAndBundle(
      notifyBundleMembersKey(prefix),
      notifyBacklogKey(prefix, ""),
      FAIR_KEY_TTL_SECONDS,
      NOTIFY_BUNDLE_MAX,
      BUNDLE_MEMBER_TTL_SECONDS,
      ...ranked.flatMap((r) => [r.id, r.chatId]),
    );
    const bundles = new Map<string, { rank: number; alerts: { alertId: string; chatId: string }[] }>();
    for (let i = 0; i < out.length; i += 3) {
      const id = String(out[i]);
      const rank = Number(out[i + 1]);
      const bundle = String(out[i + 2]);
      const chatId = chatOf.get(id)!;
      if (bundle === "") {
        jobs.push({ name: "alert", data: { alertId: id, chatId }, opts: { jobId: `alert-${id}`, priority: priorityOf(rank) } });
        continue;
      }
      const b = bundles.get(bundle) ?? { rank, alerts: [] };
      b.alerts.push({ alertId: id, chatId });
      bundles.set(bundle, b);
    }
    for (const [jobId, b] of bundles) jobs.push({ name: "alerts", data: { alerts: b.alerts }, opts: { jobId, priority: priorityOf(b.rank) } });
  }
  if (jobs.length > 0) await queue.addBulk(jobs);
}

/**
 * Of `alertIds`, those a bundle job still waiting or running carries: the sweeper leaves them to
 * it (another job for one of them could send it twice). A bundle that finished or vanished (a
 * Redis outage) no longer counts, and its alerts get their own jobs.
 */
export async function alertsInLiveBundles(queue: Queue, alertIds: readonly string[]): Promise<Set<string>> {
  const live = new Set<string>();
  if (alertIds.length === 0) return live;
  const client = (await queue.client) as unknown as Redis;
  const bundleIds = await client.hmget(notifyBundleMembersKey(queue.opts.prefix ?? "bull"), ...alertIds);
  const states = new Map<string, string>();
  for (const b of new Set(bundleIds.filter((b): b is string => b !== null))) states.set(b, await queue.getJobState(b));
  const running = new Set(["waiting", "prioritized", "delayed", "active", "waiting-children"]);
  alertIds.forEach((id, i) => {
    const b = bundleIds[i];
    if (b && running.has(states.get(b) ?? "unknown")) live.add(id);
  });
  return live;
}
