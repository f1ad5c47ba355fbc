// The alert sender on real Postgres, Redis and BullMQ, talking HTTP to a scripted Bot API:
// delivery in the chat's language, 429 retried, 403 unsubscribes the chat, 400 is final, and a
// pending alert whose job was lost is picked up by the sweeper.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildWalletSwapAlert } from "../core/domain/alerts.js";
import { WSOL_MINT, type Swap } from "../core/domain/swap.js";
import { insertAlerts } from "../core/data/swap-store.js";
import { createI18n } from "../core/i18n.js";
import { createLogger } from "../core/logger.js";
import { enqueueAlerts } from "../core/queues/producers.js";
import { createTelegramApi } from "../core/telegram.js";
import { startWorkers, type RunningWorkers } from "../workers/app.js";
import type { Job } from "bullmq";
import type { SqlRunner } from "../core/data/db.js";
import { coalesced, createNotifyProcessor, limited, type FinishedAlert, type OwnJob } from "../workers/processors/notify.js";
import { createTestDatabase, type TestDatabase } from "./helpers/db.js";
import { startFakeBotApi, type FakeBotApi } from "./helpers/fake-bot-api.js";
import { createTestRedis, waitFor, type TestRedis } from "./helpers/redis.js";

const TRADER = "3P2pmfQAFTwcC1xWtYbVYoRn3hngya8Kd9jMaF5GfnUa";
const MINT = "FstBRGMkNKf4wNvfieYUPS9YsbNoQJMCh6v89zajpump";

let n = 0;
function swap(): Swap {
  n++;
  return {
    signature: `5${"x".repeat(60)}${n}`,
    slot: 300_000_000 + n,
    blockTime: 1_725_658_406,
    ixPath: "2",
    dex: "pumpfun",
    programId: "6EF8rrecthR5Dkzon8Nwu78hRvfCKubJ14M5uBEwF6P",
    pool: null,
    trader: TRADER,
    mintIn: MINT,
    amountIn: 94_443_000_000n,
    decimalsIn: 6,
    mintOut: WSOL_MINT,
    amountOut: 3_556_271n,
    decimalsOut: 9,
    priceSol: null,
    priceUsd: null,
  };
}

describe("notify sender", () => {
  let db: TestDatabase;
  let redis: TestRedis;
  let tg: FakeBotApi;
  let workers: RunningWorkers;

  beforeAll(async () => {
    db = await createTestDatabase();
    redis = createTestRedis();
    tg = await startFakeBotApi();
    workers = await startWorkers({
      roles: new Set(["notifier"]),
      db,
      redisUrl: redis.url,
      queuePrefix: redis.prefix,
      logger: createLogger("silent"),
      api: createTelegramApi("123:fake-token-for-tests-only", { apiRoot: tg.apiRoot }),
      i18n: createI18n(),
      solUsdFallback: 150,
      batchSize: 10,
      batchMaxWaitMs: 10,
      notifyConcurrency: 2,
      notifyRatePerSecond: 50,
      sweepEveryMs: 300,
    });
  });
  afterAll(async () => {
    await workers?.stop();
    await tg?.close();
    await db?.drop();
    await redis?.cleanup();
  });

  async function alertFor(chatId: bigint, opts: { language?: string; label?: string; enqueue?: boolean } = {}) {
    await db.prisma.chat.upsert({
      where: { id: chatId },
      create: { id: chatId, type: "private", language: opts.language ?? null },
      update: {},
    });
    const [row] = await insertAlerts(db.sql, [
      { chatId: String(chatId), alert: buildWalletSwapAlert(swap(), opts.label ?? null, new Map([[MINT, "PEPE<3"]])) },
    ]);
    if (opts.enqueue !== false) await enqueueAlerts(workers.notify, [row!.id]);
    return row!.id;
  }

  const status = async (id: string) => (await db.prisma.alert.findUniqueOrThrow({ where: { id: BigInt(id) } })).status;

  it("delivers an alert as HTML in the chat's language, escaping the label and symbol", async () => {
    const id = await alertFor(1001n, { language: "zh", label: "<b>鲸鱼</b>" });
    await waitFor(async () => (await status(id)) === "sent", "alert sent");
    const msg = tg.sent.find((m) => m.chatId === "1001")!;
    expect(msg.parseMode).toBe("HTML");
    expect(msg.text).toContain("&lt;b&gt;鲸鱼&lt;/b&gt;");
    expect(msg.text).toContain("PEPE&lt;3");
    expect(msg.text).toMatch(/卖出/);
    const row = await db.prisma.alert.findUniqueOrThrow({ where: { id: BigInt(id) } });
    expect(row.messageId).not.toBeNull();
  });

  it("waits out a short 429 and delivers exactly once", async () => {
    tg.script(1002, [{ ok: false, error_code: 429, description: "Too Many Requests: retry after 1", parameters: { retry_after: 1 } }]);
    const id = await alertFor(1002n);
    await waitFor(async () => (await status(id)) === "sent", "alert sent after 429");
    const tries = tg.sent.filter((m) => m.chatId === "1002");
    expect(tries.map((t) => t.status)).toEqual([429, 200]);
  });

  it("unsubscribes a chat that blocked the bot (403) and drops its pending alerts", async () => {
    tg.script(1003, [{ ok: false, error_code: 403, description: "Forbidden: bot was blocked by the user" }]);
    const id = await alertFor(1003n);
    await waitFor(async () => (await status(id)) === "dropped", "alert dropped");
    const chat = await db.prisma.chat.findUniqueOrThrow({ where: { id: 1003n } });
    expect(chat.blockedAt).not.toBeNull();
    expect(tg.sent.filter((m) => m.chatId === "1003")).toHaveLength(1);
  });

  it("does not retry a 400 and keeps the alert in the dead-letter table", async () => {
    tg.script(1004, [{ ok: false, error_code: 400, description: "Bad Request: chat not found" }]);
    const id = await alertFor(1004n);
    await waitFor(async () => (await status(id)) === "failed", "alert failed");
    const dead = await db.prisma.deadLetter.findMany({ where: { source: "notify", key: id } });
    expect(dead).toHaveLength(1);
    expect(dead[0]!.reason).toContain("chat not found");
    expect(tg.sent.filter((m) => m.chatId === "1004")).toHaveLength(1);
  });

  it("marks each alert of a burst with its own message when the sends share their queries", async () => {
    const chats = Array.from({ length: 12 }, (_, i) => 1100n + BigInt(i));
    const ids = await Promise.all(chats.map((c) => alertFor(c, { enqueue: false })));
    await enqueueAlerts(workers.notify, ids);
    await waitFor(async () => (await Promise.all(ids.map(status))).every((s) => s === "sent"), "burst sent");
    const rows = await db.sql.query<{ id: string; chat_id: string; message_id: number; d_message_id: number; d_chat_id: string; digest_of: string | null }>(
      `SELECT a.id, a.chat_id, a.message_id, d.message_id AS d_message_id, d.chat_id AS d_chat_id, d.digest_of
       FROM alert a JOIN alert_delivery d ON d.alert_id = a.id WHERE a.id = ANY($1::int8[]) AND d.status = 'sent'`,
      [ids],
    );
    expect(rows).toHaveLength(ids.length);
    for (const r of rows) {
      expect(r.d_message_id).toBe(r.message_id);
      expect(r.d_chat_id).toBe(r.chat_id);
      expect(r.digest_of).toBeNull();
    }
    expect(new Set(rows.map((r) => r.message_id)).size).toBe(ids.length);
    for (const c of chats) expect(tg.sent.filter((m) => m.chatId === String(c))).toHaveLength(1);
  });

  it("sends a pending alert whose job was lost (the sweeper re-enqueues it)", async () => {
    const id = await alertFor(1005n, { enqueue: false });
    await db.sql.query(`UPDATE alert SET created_at = now() - interval '5 seconds' WHERE id = $1`, [id]);
    await waitFor(async () => (await status(id)) === "sent", "swept alert sent");
    expect(tg.sent.filter((m) => m.chatId === "1005")).toHaveLength(1);
  });
});

describe("a bundle's delivery records", () => {
  let db: TestDatabase;
  let tg: FakeBotApi;
  beforeAll(async () => {
    db = await createTestDatabase();
    tg = await startFakeBotApi();
  });
  afterAll(async () => {
    await tg?.close();
    await db?.drop();
  });

  /** The real database, with the "sent" record statement held until `release` (and failing its first run when asked). */
  function heldRecords(failFirst: boolean) {
    let open!: () => void;
    const gate = new Promise<void>((r) => (open = r));
    let runs = 0;
    const sql: SqlRunner = {
      ...db.sql,
      query: async <T extends object>(text: string, params?: readonly unknown[]) => {
        if (!text.includes("INSERT INTO alert_delivery") || !text.includes("unnest")) return db.sql.query<T>(text, params);
        const run = runs++;
        await gate;
        if (failFirst && run === 0) throw new Error("connection lost while recording");
        return db.sql.query<T>(text, params);
      },
    };
    return { sql, release: () => open() };
  }

  async function bundleOf(first: number, count: number) {
    const chats = Array.from({ length: count }, (_, i) => BigInt(first + i));
    for (const c of chats) await db.prisma.chat.create({ data: { id: c, type: "private" } });
    const rows = await insertAlerts(
      db.sql,
      chats.map((c) => ({ chatId: String(c), alert: buildWalletSwapAlert(swap(), null, new Map()) })),
    );
    const alerts = rows.map((r, i) => ({ alertId: r.id, chatId: String(chats[i]) }));
    const job = { id: `bundle-${first}`, data: { alerts }, opts: { attempts: 3 } } as unknown as Job;
    return { alerts, job };
  }

  function processor(sql: SqlRunner) {
    const finished: FinishedAlert[] = [];
    const own: OwnJob[] = [];
    const process = createNotifyProcessor({
      sql,
      api: createTelegramApi("123:fake-token-for-tests-only", { apiRoot: tg.apiRoot }),
      i18n: createI18n(),
      logger: createLogger("silent"),
      // One lane: each send waits for the previous one, so only the records can overlap.
      sendConcurrency: 1,
      finishAlerts: async (a) => void finished.push(...a),
      enqueueOwnJobs: async (j) => void own.push(...j),
    });
    return { process, finished, own };
  }

  const sentTo = (alerts: { chatId: string }[]) => alerts.filter((a) => tg.sent.some((m) => m.chatId === a.chatId)).length;

  it("sends a lane's next alert while the last ones' records are written, and ends when all are in", async () => {
    const { alerts, job } = await bundleOf(2000, 5);
    const held = heldRecords(false);
    const { process, finished, own } = processor(held.sql);
    let done = false;
    const run = process(job).then((outcome) => {
      done = true;
      return outcome;
    });
    // Every alert goes out though no record has been written yet.
    await waitFor(() => sentTo(alerts) === alerts.length, "all five sent before any record");
    expect(done).toBe(false);
    held.release();
    await expect(run).resolves.toBe("sent");
    expect(own).toEqual([]);
    expect(finished.map((f) => f.alertId).sort()).toEqual(alerts.map((a) => a.alertId).sort());
    const recorded = await db.sql.query<{ n: string }>(
      `SELECT count(*) AS n FROM alert a JOIN alert_delivery d ON d.alert_id = a.id
       WHERE a.id = ANY($1::int8[]) AND a.status = 'sent' AND d.status = 'sent' AND d.message_id = a.message_id`,
      [alerts.map((a) => a.alertId)],
    );
    expect(Number(recorded[0]!.n)).toBe(5);
  });

  it("gives an alert whose record failed a job of its own, one try fewer, and finishes the rest", async () => {
    const { alerts, job } = await bundleOf(2100, 5);
    const held = heldRecords(true);
    const { process, finished, own } = processor(held.sql);
    const run = process(job);
    await waitFor(() => sentTo(alerts) === alerts.length, "all five sent");
    held.release();
    await expect(run).resolves.toBe("sent");
    // The first record ran alone (the lane's first send) and failed; the other four were written together.
    expect(own).toEqual([{ alertId: alerts[0]!.alertId, chatId: alerts[0]!.chatId, delayMs: 1000, priority: undefined, attempts: 2 }]);
    expect(finished.map((f) => f.alertId).sort()).toEqual(alerts.slice(1).map((a) => a.alertId).sort());
    const statuses = await db.sql.query<{ id: string; status: string }>(`SELECT id, status FROM alert WHERE id = ANY($1::int8[]) ORDER BY id`, [
      alerts.map((a) => a.alertId),
    ]);
    expect(statuses.map((r) => r.status)).toEqual(["pending", "sent", "sent", "sent", "sent"]);
  });
});

describe("coalesced", () => {
  it("runs calls made together as one batch, each with its own result, and fails them together", async () => {
    const runs: number[][] = [];
    const double = coalesced(async (xs: readonly number[]) => {
      runs.push([...xs]);
      if (xs.includes(13)) throw new Error("unlucky batch");
      return xs.map((x) => x * 2);
    });
    await expect(Promise.all([1, 2, 3].map(double))).resolves.toEqual([2, 4, 6]);
    expect(runs).toEqual([[1, 2, 3]]);
    const failed = await Promise.allSettled([double(12), double(13)]);
    expect(failed.map((r) => r.status)).toEqual(["rejected", "rejected"]);
    // Calls made after a run has started wait for the next one.
    const first = double(4);
    await new Promise((r) => setImmediate(r));
    const later = [double(5), double(6)];
    await expect(Promise.all([first, ...later])).resolves.toEqual([8, 10, 12]);
    expect(runs.slice(2)).toEqual([[4], [5, 6]]);
  });
});

describe("limited", () => {
  it("runs at most N calls at once, starting the waiting ones in order, also after a failure", async () => {
    let active = 0;
    let peak = 0;
    const started: number[] = [];
    const slow = limited(2, async (x: number) => {
      started.push(x);
      active++;
      peak = Math.max(peak, active);
      await new Promise((r) => setTimeout(r, 5));
      active--;
      if (x === 3) throw new Error("three");
      return x * 10;
    });
    const results = await Promise.allSettled([1, 2, 3, 4, 5, 6].map(slow));
    expect(peak).toBe(2);
    expect(started).toEqual([1, 2, 3, 4, 5, 6]);
    expect(results.map((r) => (r.status === "fulfilled" ? r.value : "failed"))).toEqual([10, 20, "failed", 40, 50, 60]);
  });
});
