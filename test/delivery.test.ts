// The notifier's delivery rules on real Postgres, Redis and BullMQ, talking HTTP to a scripted
// Bot API stand-in: delivery records and the latency line, action buttons, 403 deactivation,
// a long 429's retry_after, group digests, fairness across chats, several bot tokens, fan-outs
// sent as bundles.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildWalletSwapAlert } from "../core/domain/alerts.js";
import { tokenIndexForChat } from "../core/domain/alert-delivery.js";
import { WSOL_MINT, type Swap } from "../core/domain/swap.js";
import { insertAlerts } from "../core/data/swap-store.js";
import { createI18n } from "../core/i18n.js";
import { createLogger } from "../core/logger.js";
import type { Redis } from "ioredis";
import { createQueue, createRedis } from "../core/queues/connection.js";
import { alertsInLiveBundles, enqueueAlerts } from "../core/queues/producers.js";
import { createTelegramApi } from "../core/telegram.js";
import { startWorkers, type RunningWorkers, type WorkersOptions } from "../workers/app.js";
import { createTestDatabase, type TestDatabase } from "./helpers/db.js";
import { startFakeBotApi, type FakeBotApi } from "./helpers/fake-bot-api.js";
import { createTestRedis, waitFor, type TestRedis } from "./helpers/redis.js";

const TRADER = "3P2pmfQAFTwcC1xWtYbVYoRn3hngya8Kd9jMaF5GfnUa";
const MINT = "FstBRGMkNKf4wNvfieYUPS9YsbNoQJMCh6v89zajpump";
const TOKEN_A = "111:fake-token-for-tests-only-aaaa";
const TOKEN_B = "222:fake-token-for-tests-only-bbbb";

let n = 0;
function swap(blockTime = Math.floor(Date.now() / 1000) - 2): Swap {
  n++;
  return {
    signature: `4${"y".repeat(60)}${n}`,
    slot: 310_000_000 + n,
    blockTime,
    ixPath: "2",
    dex: "pumpfun",
    programId: "6EF8rrecthR5Dkzon8Nwu78hRvfCKubJ14M5uBEwF6P",
    pool: null,
    trader: TRADER,
    mintIn: WSOL_MINT,
    amountIn: 1_500_000_000n,
    decimalsIn: 9,
    mintOut: MINT,
    amountOut: 94_443_000_000n,
    decimalsOut: 6,
    priceSol: null,
    priceUsd: null,
  };
}

let db: TestDatabase;
let redis: TestRedis;
let tg: FakeBotApi;
const running: RunningWorkers[] = [];

beforeAll(async () => {
  db = await createTestDatabase();
  redis = createTestRedis();
  tg = await startFakeBotApi();
});
afterAll(async () => {
  for (const w of running) await w.stop();
  await tg?.close();
  await db?.drop();
  await redis?.cleanup();
});

/** A notifier on its own Redis prefix (so its queue and pacing clocks are its own). */
async function notifier(overrides: Partial<WorkersOptions> = {}): Promise<RunningWorkers> {
  const w = await startWorkers({
    roles: new Set(["notifier"]),
    db,
    redisUrl: redis.url,
    queuePrefix: `${redis.prefix}-${running.length}`,
    logger: createLogger("silent"),
    api: createTelegramApi(TOKEN_A, { apiRoot: tg.apiRoot, maxInlineRetrySeconds: 1 }),
    i18n: createI18n(),
    solUsdFallback: 150,
    batchSize: 10,
    batchMaxWaitMs: 10,
    notifyConcurrency: 4,
    notifyRatePerSecond: 100,
    sweepEveryMs: 60_000,
    pacing: { chatIntervalMs: 200, groupIntervalMs: 1500, maxInlineWaitMs: 100 },
    ...overrides,
  });
  running.push(w);
  return w;
}

async function chat(id: bigint, type = "private") {
  await db.prisma.chat.upsert({ where: { id }, create: { id, type }, update: {} });
}

/** Inserts `count` alerts for the chat (one outbox statement, like the pipeline) and enqueues them. */
async function alerts(w: RunningWorkers, chatId: bigint, count = 1, opts: { enqueue?: boolean; blockTime?: number } = {}) {
  const rows = await insertAlerts(
    db.sql,
    Array.from({ length: count }, () => ({ chatId: String(chatId), alert: buildWalletSwapAlert(swap(opts.blockTime), "whale", new Map([[MINT, "PEPE"]])) })),
  );
  if (opts.enqueue !== false) await enqueueAlerts(w.notify, rows);
  return rows.map((r) => r.id);
}

const alertRow = (id: string) => db.prisma.alert.findUniqueOrThrow({ where: { id: BigInt(id) } });
const delivery = (id: string) => db.prisma.alertDelivery.findUniqueOrThrow({ where: { alertId: BigInt(id) } });
const sentTo = (chatId: bigint) => tg.sent.filter((m) => m.chatId === String(chatId));

describe("one notifier, one token", () => {
  let w: RunningWorkers;
  beforeAll(async () => {
    w = await notifier();
  });

  it("records queued and sent with the latency from block time, and shows it with the action buttons", async () => {
    await chat(7001n);
    await db.prisma.trackedWallet.create({ data: { chatId: 7001n, address: TRADER, label: "whale" } });
    const blockTime = Math.floor(Date.now() / 1000) - 3;
    const [id] = await alerts(w, 7001n, 1, { blockTime });
    const queued = await delivery(id!);
    expect(queued.status === "queued" || queued.status === "sent").toBe(true);
    expect(queued.blockTime?.getTime()).toBe(blockTime * 1000);
    await waitFor(async () => (await delivery(id!)).status === "sent", "delivery sent");

    const d = await delivery(id!);
    expect(d.sentAt!.getTime()).toBeGreaterThanOrEqual(d.queuedAt.getTime());
    expect(d.latencyMs).toBe(d.sentAt!.getTime() - blockTime * 1000);
    expect(d.latencyMs!).toBeGreaterThanOrEqual(2_000);
    expect(d.tokenIndex).toBe(0);
    expect((await alertRow(id!)).messageId).toBe(d.messageId);

    const [msg] = sentTo(7001n);
    expect(msg!.text).toMatch(/⏱ block \d\d:\d\d:\d\d → sent \d\d:\d\d:\d\d UTC \(\d+\.\d\d s\)/);
    const data = msg!.replyMarkup!.inline_keyboard.flat().map((b) => b.callback_data).filter(Boolean);
    expect(data).toEqual([`token:${MINT}`, `wallet:${TRADER}`, `untrack:${TRADER}`, `mute-token:${MINT}`]);
    expect(msg!.params!.allow_paid_broadcast).toBeUndefined();
  });

  it("offers 'track' when the chat does not track the wallet, and drops alerts about a muted token", async () => {
    await chat(7002n);
    const [first] = await alerts(w, 7002n);
    await waitFor(async () => (await alertRow(first!)).status === "sent", "first sent");
    expect(sentTo(7002n)[0]!.replyMarkup!.inline_keyboard.flat().map((b) => b.callback_data)).toContain(`track:${TRADER}`);

    await db.prisma.chatMute.create({ data: { chatId: 7002n, kind: "token", value: MINT } });
    const [second] = await alerts(w, 7002n);
    await waitFor(async () => (await alertRow(second!)).status === "dropped", "muted alert dropped");
    expect((await delivery(second!)).status).toBe("dropped");
    expect(sentTo(7002n)).toHaveLength(1);
  });

  it("deactivates a chat that blocked the bot (403): no retry, pending alerts dropped and recorded", async () => {
    await chat(7003n);
    const blocked = { ok: false as const, error_code: 403, description: "Forbidden: bot was blocked by the user" };
    tg.script(7003, [blocked, blocked, blocked]);
    const ids = await alerts(w, 7003n, 3);
    await waitFor(async () => (await Promise.all(ids.map(alertRow))).every((a) => a.status === "dropped"), "all dropped");
    expect((await db.prisma.chat.findUniqueOrThrow({ where: { id: 7003n } })).blockedAt).not.toBeNull();
    // Never retried: each alert (its text links its own transaction) was tried once at most. A
    // send already under way when the first 403 arrived may still try (and get its own 403).
    const tries = sentTo(7003n);
    expect(tries.length).toBeGreaterThanOrEqual(1);
    const signatures = tries.map((m) => /solscan\.io\/tx\/(\w+)/.exec(m.text)?.[1]);
    expect(signatures.every(Boolean)).toBe(true);
    expect(new Set(signatures).size).toBe(tries.length);
    expect(tries.every((m) => m.status === 403)).toBe(true);
    for (const id of ids) {
      const d = await delivery(id);
      expect(d.status).toBe("dropped");
      expect(d.failedAt).not.toBeNull();
    }
  });

  it("skips a 400 for one message and records it as failed", async () => {
    await chat(7004n);
    tg.script(7004, [{ ok: false, error_code: 400, description: "Bad Request: can't parse entities" }]);
    const [id] = await alerts(w, 7004n);
    await waitFor(async () => (await delivery(id!)).status === "failed", "failed recorded");
    expect((await delivery(id!)).error).toContain("can't parse entities");
    expect(sentTo(7004n)).toHaveLength(1);
  });

  it("merges a burst to a group into one digest, within the group's pace", async () => {
    await chat(-7005n, "supergroup");
    const [single] = await alerts(w, -7005n);
    await waitFor(async () => (await alertRow(single!)).status === "sent", "first group alert");
    const burst = await alerts(w, -7005n, 5);
    await waitFor(async () => (await Promise.all(burst.map(alertRow))).every((a) => a.status === "sent"), "burst sent");

    const messages = sentTo(-7005n);
    expect(messages).toHaveLength(2);
    expect(messages[1]!.text).toContain("<b>5 alerts</b>");
    expect(messages[1]!.text.match(/🟢 whale bought/g)).toHaveLength(5);
    // The burst waited for the group's next slot (1.5 s here; arrival jitters with load).
    expect(messages[1]!.at! - messages[0]!.at!).toBeGreaterThanOrEqual(1000);
    const rows = await Promise.all(burst.map(delivery));
    expect(new Set(rows.map((r) => r.messageId)).size).toBe(1);
    expect(rows.every((r) => r.digestOf === BigInt(burst[0]!))).toBe(true);
  });

  it("keeps a busy chat from starving another", async () => {
    await chat(7006n);
    await chat(7007n);
    const busy = await alerts(w, 7006n, 15);
    const [quiet] = await alerts(w, 7007n);
    await waitFor(async () => (await alertRow(quiet!)).status === "sent", "quiet chat served");
    const busySentBefore = sentTo(7006n).filter((m) => m.at! <= sentTo(7007n)[0]!.at!).length;
    expect(busySentBefore).toBeLessThanOrEqual(2);
    await waitFor(async () => (await Promise.all(busy.map(alertRow))).every((a) => a.status === "sent"), "busy chat drained", 20_000);
    const times = sentTo(7006n).map((m) => m.at!);
    // One message per chat interval (200 ms here): the pacer spaces the reservations, so 15
    // messages span at least 14 intervals (single gaps jitter with the machine's load).
    expect(times).toHaveLength(15);
    expect(times.at(-1)! - times[0]!).toBeGreaterThanOrEqual(14 * 200 - 50);
  });

  it("waits out a long 429's retry_after before anything else goes out", async () => {
    await chat(7008n);
    await chat(7009n);
    tg.script(7008, [{ ok: false, error_code: 429, description: "Too Many Requests: retry after 2", parameters: { retry_after: 2 } }]);
    const [id] = await alerts(w, 7008n);
    await waitFor(() => sentTo(7008n).length >= 1, "429 answered");
    const [other] = await alerts(w, 7009n);
    await waitFor(async () => (await alertRow(id!)).status === "sent" && (await alertRow(other!)).status === "sent", "both sent");
    const tries = sentTo(7008n);
    expect(tries.map((t) => t.status)).toEqual([429, 200]);
    expect(tries[1]!.at! - tries[0]!.at!).toBeGreaterThanOrEqual(1950);
    expect(sentTo(7009n)[0]!.at! - tries[0]!.at!).toBeGreaterThanOrEqual(1950);
  });
});

describe("several bot tokens and paid broadcast", () => {
  it("sends each chat through its own stable token, with allow_paid_broadcast", async () => {
    const apis = [TOKEN_A, TOKEN_B].map((t) => createTelegramApi(t, { apiRoot: tg.apiRoot }));
    const w = await notifier({ api: apis[0]!, apis, paidBroadcast: true });
    const chats = Array.from({ length: 12 }, (_, i) => BigInt(8000 + i));
    const ids: string[] = [];
    for (const c of chats) {
      await chat(c);
      ids.push(...(await alerts(w, c)));
    }
    await waitFor(async () => (await Promise.all(ids.map(alertRow))).every((a) => a.status === "sent"), "all sent");
    const used = new Set<string>();
    for (const c of chats) {
      const [m] = sentTo(c);
      const expected = [TOKEN_A, TOKEN_B][tokenIndexForChat(c, 2)]!;
      expect(m!.token).toBe(expected);
      expect(m!.params!.allow_paid_broadcast).toBe(true);
      used.add(m!.token!);
    }
    expect(used.size).toBe(2);
    const rows = await Promise.all(ids.map(delivery));
    expect(rows.map((r) => r.tokenIndex).sort()).toEqual(chats.map((c) => tokenIndexForChat(c, 2)).sort());
  });
});

describe("fair order without pacing", () => {
  it("serves a chat's first alert before another chat's backlog (priority = rank in its chat)", async () => {
    // No pacer: BullMQ's limiter alone, so only the job priorities can put the quiet chat first.
    const w = await notifier({ pacing: false, notifyRatePerSecond: 20, notifyConcurrency: 1 });
    await chat(9001n);
    await chat(9002n);
    const busy = await alerts(w, 9001n, 12);
    const [quiet] = await alerts(w, 9002n);
    await waitFor(async () => (await Promise.all([...busy, quiet!].map(alertRow))).every((a) => a.status === "sent"), "all sent");
    const order = tg.sent.filter((m) => m.chatId === "9001" || m.chatId === "9002").map((m) => m.chatId);
    expect(order.indexOf("9002")).toBeLessThanOrEqual(1);
    expect(order).toHaveLength(13);
  });
});

describe("fan-out bundles", () => {
  /** One alert to each chat (a fan-out), inserted in one statement like the rule stage does. */
  async function fanOut(chats: readonly bigint[]) {
    for (const c of chats) await chat(c);
    const alert = buildWalletSwapAlert(swap(), "whale", new Map([[MINT, "PEPE"]]));
    return insertAlerts(db.sql, chats.map((c) => ({ chatId: String(c), alert })));
  }

  it("sends a fan-out as bundles of up to 100 chats, each alert once, with its own 400 and 403, within the pace", async () => {
    const w = await notifier({ notifyRatePerSecond: 200, notifyConcurrency: 2, pacing: { chatIntervalMs: 3000, groupIntervalMs: 3000, maxInlineWaitMs: 100 } });
    const chats = Array.from({ length: 130 }, (_, i) => BigInt(9100 + i));
    tg.script(9101, [{ ok: false, error_code: 400, description: "Bad Request: chat not found" }]);
    tg.script(9102, [{ ok: false, error_code: 403, description: "Forbidden: bot was blocked by the user" }]);
    // The first chat was just sent to: its next turn is a chat interval away (3 s here, beyond the
    // 100 ms a send may wait inline), so its bundled alert moves to a job of its own.
    const rows = await fanOut(chats);
    const ids = rows.map((r) => r.id);
    const [earlier] = await alerts(w, chats[0]!);
    await waitFor(async () => (await alertRow(earlier!)).status === "sent", "earlier alert sent");
    const started = performance.now();
    await enqueueAlerts(w.notify, rows);
    await waitFor(async () => (await Promise.all(ids.map(alertRow))).every((a) => a.status !== "pending"), "fan-out done", 20_000);

    await waitFor(async () => Object.values(await w.notify.getJobCounts("wait", "active", "delayed", "prioritized")).every((n) => n === 0), "jobs done");
    // 130 chats in bundles of at most 100 (the first chat's rank may still have been taken by
    // its earlier alert, which puts its fan-out alert in a rank of its own).
    const bundles = (await w.notify.getJobs(["completed"])).filter((j) => j.name === "alerts" && chats.includes(BigInt(j.data.alerts[0].chatId)));
    const sizes = bundles.map((j) => j.data.alerts.length as number).sort((a, b) => a - b);
    expect(sizes.length === 2 && sizes[0] === 30 && sizes[1]! >= 99 && sizes[1]! <= 100).toBe(true);
    for (const c of chats) expect(sentTo(c)).toHaveLength(c === chats[0] ? 2 : 1);
    const statuses = await Promise.all(ids.map(async (id) => (await alertRow(id)).status));
    expect(statuses[1]).toBe("failed");
    expect(statuses[2]).toBe("dropped");
    expect(statuses.filter((s) => s === "sent")).toHaveLength(128);
    expect(await db.prisma.deadLetter.count({ where: { source: "notify", key: ids[1]! } })).toBe(1);
    expect((await db.prisma.chat.findUniqueOrThrow({ where: { id: 9102n } })).blockedAt).not.toBeNull();
    const sent = await db.prisma.alertDelivery.findMany({ where: { alertId: { in: ids.map(BigInt) }, status: "sent" } });
    expect(new Set(sent.map((d) => d.messageId)).size).toBe(128);
    // The bot's pace held (200/s here): 130 sends take at least 129 intervals.
    const times = chats.map((c) => sentTo(c).at(-1)!.at).sort((a, b) => a - b);
    expect(times.at(-1)! - times[0]!).toBeGreaterThanOrEqual(129 * 5 - 20);
    expect(times.at(-1)! - started).toBeGreaterThanOrEqual(129 * 5 - 20);
    const own = await w.notify.getJob(`alert-${ids[0]}`);
    expect(own?.data).toMatchObject({ alertId: ids[0], chatId: String(chats[0]) });
    expect(await own?.getState()).toBe("completed");
    // Every rank was given back and no alert is left listed in a bundle.
    const redisClient = (await w.notify.client) as unknown as Redis;
    expect(await redisClient.hlen(`${w.notify.opts.prefix}:notify-bundled`)).toBe(0);
    for (const c of chats) expect(await redisClient.exists(`${w.notify.opts.prefix}:notify-fair:${c}`)).toBe(0);
  });

  it("never puts an alert in two jobs, and the sweeper leaves a waiting bundle's alerts to it", async () => {
    // A queue with no worker: the jobs stay where the producer put them.
    const connection = createRedis(redis.url, "producer");
    const queue = createQueue("notify", { connection, prefix: `${redis.prefix}-idle` });
    try {
      const rows = await fanOut(Array.from({ length: 5 }, (_, i) => BigInt(9300 + i)));
      await enqueueAlerts(queue, rows);
      await enqueueAlerts(queue, rows); // a retried batch
      await enqueueAlerts(queue, rows.map((r) => r.id)); // the sweeper before it checks
      const jobs = await queue.getJobs(["prioritized", "wait"]);
      const bundle = jobs.filter((j) => j.name === "alerts");
      expect(bundle).toHaveLength(1);
      expect(bundle[0]!.opts.priority).toBe(1);
      expect(bundle[0]!.data.alerts.map((a: { alertId: string }) => a.alertId)).toEqual(rows.map((r) => r.id));
      expect(await alertsInLiveBundles(queue, [...rows.map((r) => r.id), "999999"])).toEqual(new Set(rows.map((r) => r.id)));
      // A bundle that is gone no longer holds its alerts.
      await bundle[0]!.remove();
      expect((await alertsInLiveBundles(queue, rows.map((r) => r.id))).size).toBe(0);
    } finally {
      await queue.close();
      connection.disconnect();
    }
  });
});
