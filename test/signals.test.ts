// The userbot logic against a ChannelClient double built from GramJS's own Api types (MTProto
// cannot be reached here), with real Postgres and Redis behind it: a live new message, a live
// edit, catch-up after downtime from the per-channel cursor, a poll that sees an edit, and
// FLOOD_WAIT backoff.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Api, errors, helpers } from "telegram";
import { CallStore, type CallerRow } from "../core/data/calls.js";
import { createLogger } from "../core/logger.js";
import { createQueue, createRedis } from "../core/queues/connection.js";
import { QueueName } from "../core/queues/contract.js";
import type { ChannelClient, ChannelInfo, ChannelUpdate } from "../workers/signals/channel-client.js";
import { CallRecorder } from "../workers/signals/recorder.js";
import { SignalsService } from "../workers/signals/service.js";
import { createTestDatabase, type TestDatabase } from "./helpers/db.js";
import { createTestRedis, waitFor, type TestRedis } from "./helpers/redis.js";
import { startTestWorkers } from "./helpers/workers.js";

const CHANNEL_ID = 1_777_000_123;
const MINTS = [
  "4ujRzsCrE4KK4CRPuyzALCKtkJSQ8ztPkhkSo3jpump",
  "56uhFfNkFL2ZD3Y6KWZeT25Zf8suxMwospCwyMppump",
  "3CzwwiHPvY3Rfxs5coMfp6oAZwUw49LsnUdsmV4Rpump",
  "F8PK2Phxhu6RUmxs47LyrWH8P42HQyUcqKbh6gAapump",
  "bzzHT6WM3CBmbUoLbNhqtTxGKzvXS2efSqyuWc6pump",
  "CPPwfu1QHs489WZeaqdEyw9Jv6SYS4wQny8zSLQspump",
  "6UEyP3QXGs1gtVpbhpeVWVmjuBEP5uqBLFD6ktPRpump",
];
const T0 = Math.floor(Date.parse("2026-11-20T12:00:00Z") / 1000);

function post(id: number, text: string, extra: { button?: string; textUrl?: string; editDate?: number } = {}): Api.Message {
  return new Api.Message({
    id,
    peerId: new Api.PeerChannel({ channelId: helpers.returnBigInt(CHANNEL_ID) }),
    date: T0 + id * 60,
    message: text,
    ...(extra.textUrl ? { entities: [new Api.MessageEntityTextUrl({ offset: 0, length: 4, url: extra.textUrl })] } : {}),
    ...(extra.button
      ? { replyMarkup: new Api.ReplyInlineMarkup({ rows: [new Api.KeyboardButtonRow({ buttons: [new Api.KeyboardButtonUrl({ text: "Buy", url: extra.button })] })] }) }
      : {}),
    ...(extra.editDate ? { editDate: extra.editDate } : {}),
  });
}

function floodWait(seconds: number): Error {
  return new errors.FloodWaitError({ request: new Api.messages.GetHistory({ peer: "alpha", limit: 1 }), capture: seconds });
}

/** The channel as Telegram would serve it, with scripted failures and a log of requests. */
class ChannelDouble implements ChannelClient {
  posts: Api.Message[] = [];
  failures: { method: "resolve" | "history" | "recent"; error: Error }[] = [];
  requests: string[] = [];
  private handlers: ((u: ChannelUpdate) => void)[] = [];

  private fail(method: "resolve" | "history" | "recent"): void {
    const i = this.failures.findIndex((f) => f.method === method);
    if (i >= 0) throw this.failures.splice(i, 1)[0]!.error;
  }
  async resolve(username: string): Promise<ChannelInfo> {
    this.requests.push(`resolve ${username}`);
    this.fail("resolve");
    if (username !== "alpha") throw new Error("USERNAME_NOT_OCCUPIED");
    return { id: String(CHANNEL_ID), username, title: "Alpha Calls" };
  }
  async history(username: string, afterId: number, limit: number): Promise<Api.Message[]> {
    this.requests.push(`history ${username} ${afterId} ${limit}`);
    this.fail("history");
    return this.posts.filter((m) => m.id > afterId).sort((a, b) => a.id - b.id).slice(0, limit);
  }
  async recent(username: string, limit: number): Promise<Api.Message[]> {
    this.requests.push(`recent ${username} ${limit}`);
    this.fail("recent");
    return [...this.posts].sort((a, b) => b.id - a.id).slice(0, limit);
  }
  onUpdate(handler: (u: ChannelUpdate) => void): () => void {
    this.handlers.push(handler);
    return () => (this.handlers = this.handlers.filter((h) => h !== handler));
  }
  push(kind: "new" | "edit", message: Api.Message): void {
    const i = this.posts.findIndex((m) => m.id === message.id);
    if (i >= 0) this.posts[i] = message;
    else this.posts.push(message);
    for (const h of this.handlers) h({ kind, channelId: String(CHANNEL_ID), message });
  }
}

let db: TestDatabase;
let redis: TestRedis;
let store: CallStore;
let recorder: CallRecorder;
const connections: ReturnType<typeof createRedis>[] = [];
let outcomes: ReturnType<typeof createQueue>;
const log = createLogger("silent");
const slept: number[] = [];

function service(client: ChannelClient): SignalsService {
  return new SignalsService({
    client,
    store,
    recorder,
    logger: log,
    pollMs: 0,
    pageSize: 4,
    initialPosts: 3,
    editWindow: 5,
    sleep: async (ms) => {
      slept.push(ms);
    },
  });
}

const callsOf = async (caller: CallerRow) =>
  (await db.prisma.call.findMany({ where: { callerId: BigInt(caller.id) }, orderBy: { id: "asc" } })).map((c) => [c.messageId, c.mint, c.calledAt.getTime() / 1000]);
const cursor = async (caller: CallerRow) => (await store.caller("channel", caller.handle))!.lastMessageId;

beforeAll(async () => {
  db = await createTestDatabase();
  redis = createTestRedis();
  store = new CallStore(db.sql);
  const c = createRedis(redis.url, "worker");
  connections.push(c);
  outcomes = createQueue(QueueName.CallOutcomes, { connection: c, prefix: redis.prefix });
  recorder = new CallRecorder({ store, outcomes, clock: () => Date.now(), repostWindowMs: 3_600_000, logger: log });
});

afterAll(async () => {
  await outcomes?.close();
  for (const c of connections) c.disconnect();
  await redis?.cleanup();
  await db?.drop();
});

describe("signals userbot", () => {
  const tg = new ChannelDouble();
  let alpha: CallerRow;
  let svc: SignalsService;

  it("resolves a new channel and reads only its last few posts", async () => {
    alpha = await store.addCaller("channel", "alpha");
    await store.addCaller("channel", "ghost_channel"); // cannot be resolved: skipped, not fatal
    for (let id = 1; id <= 6; id++) tg.posts.push(post(id, id === 5 ? `CA: ${MINTS[0]}` : `gm #${id}`));
    svc = service(tg);
    await svc.start();
    expect(tg.requests).toContain("resolve alpha");
    expect(tg.requests).toContain("resolve ghost_channel");
    expect(await callsOf(alpha)).toEqual([[5, MINTS[0], T0 + 300]]);
    expect(await cursor(alpha)).toBe(6);
    const row = await store.caller("channel", "alpha");
    expect([row!.telegramId, row!.title]).toEqual([String(CHANNEL_ID), "Alpha Calls"]);
  });

  it("records a live new message, with links from entities and buttons", async () => {
    tg.push("new", post(7, "Chart 📈 buy below", { textUrl: `https://dexscreener.com/solana/${MINTS[1]}`, button: `https://t.me/bonkbot_bot?start=ref_x_ca_${MINTS[2]}` }));
    await waitFor(async () => (await cursor(alpha)) === 7, "cursor 7");
    expect((await callsOf(alpha)).slice(1)).toEqual([
      [7, MINTS[1], T0 + 420],
      [7, MINTS[2], T0 + 420],
    ]);
  });

  it("records a live edit: a mint added by editing is called at the edit", async () => {
    const editDate = T0 + 420 + 90;
    tg.push("edit", post(7, `Chart 📈 buy below\nalso ${MINTS[3]}`, { textUrl: `https://dexscreener.com/solana/${MINTS[1]}`, editDate }));
    await waitFor(async () => (await callsOf(alpha)).length === 4, "edit call");
    expect((await callsOf(alpha))[3]).toEqual([7, MINTS[3], editDate]);
    await svc.stop();
  });

  it("catches up after downtime from the cursor, in order, page by page, waiting out FLOOD_WAIT", async () => {
    for (let id = 8; id <= 17; id++) tg.posts.push(post(id, id === 9 ? `$X ${MINTS[4]}` : id === 16 ? `🔥 ${MINTS[5]}` : `chatter ${id}`));
    tg.failures.push({ method: "history", error: floodWait(7) });
    tg.requests = [];
    slept.length = 0;
    svc = service(tg);
    await svc.start();
    expect(slept).toEqual([8000]);
    // The failed request is retried as it was, then the pages follow from the cursor.
    expect(tg.requests.filter((r) => r.startsWith("history alpha"))).toEqual([
      "history alpha 7 4",
      "history alpha 7 4",
      "history alpha 11 4",
      "history alpha 15 4",
    ]);
    expect(await cursor(alpha)).toBe(17);
    expect((await callsOf(alpha)).slice(4)).toEqual([
      [9, MINTS[4], T0 + 540],
      [16, MINTS[5], T0 + 960],
    ]);
  });

  it("a poll sees an edit of a recent post, and does nothing twice", async () => {
    const editDate = T0 + 2000;
    const i = tg.posts.findIndex((m) => m.id === 15);
    tg.posts[i] = post(15, `update: ${MINTS[6]}`, { editDate });
    await svc.pollOnce();
    await svc.pollOnce();
    expect((await callsOf(alpha)).slice(6)).toEqual([[15, MINTS[6], editDate]]);
    expect(await db.prisma.call.count()).toBe(7);
  });

  it("gives up on a channel after too many flood waits and keeps the others going", async () => {
    for (let k = 0; k < 7; k++) tg.failures.push({ method: "history", error: floodWait(1) });
    slept.length = 0;
    tg.posts.push(post(18, `late ${MINTS[0]}`));
    await svc.pollOnce();
    expect(slept).toEqual([2000, 2000, 2000, 2000, 2000]);
    expect(await cursor(alpha)).toBe(17);
    tg.failures.length = 0;
    await svc.pollOnce();
    expect(await cursor(alpha)).toBe(18);
    await svc.stop();
  });
});

describe("signals role", () => {
  it("starts the userbot in the worker process, stores calls and runs their due outcome checks", async () => {
    const tg = new ChannelDouble();
    const beta = await store.addCaller("channel", "alpha");
    await db.sql.query(`UPDATE caller SET active = false WHERE handle <> 'alpha'`);
    tg.posts.push(post(19, `role test ${MINTS[6]}`));
    // A chat following the channel: the role's recorder alerts it (workers/app.ts wires onCalls).
    await db.prisma.chat.create({ data: { id: 9191n, type: "private" } });
    await store.subscribe("9191", beta.id);
    // The clock stands eight days after the post: every horizon is due at once.
    const running = await startTestWorkers(["signals"], { db, redis }, {
      channelClient: tg,
      signals: { pollMs: 0, join: false, repostWindowMs: 3_600_000 },
      clock: () => (T0 + 19 * 60) * 1000 + 8 * 86_400_000,
    });
    try {
      expect(running.signals).toBeDefined();
      const call = await db.prisma.call.findFirst({ where: { callerId: BigInt(beta.id), messageId: 19 } });
      expect(call?.mint).toBe(MINTS[6]);
      await waitFor(async () => (await db.prisma.callOutcome.count({ where: { callId: call!.id } })) === 4, "outcomes of the role's call");
      const alerts = await db.sql.query<{ chat_id: string; dedupe_key: string }>(`SELECT chat_id, dedupe_key FROM alert WHERE kind = 'call'`);
      expect(alerts.map((a) => [String(a.chat_id), a.dedupe_key])).toEqual([["9191", String(call!.id)]]);
    } finally {
      await running.stop();
    }
  });
});
