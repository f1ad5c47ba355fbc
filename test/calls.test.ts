// Calls end to end on real Postgres and Redis: a post's calls are stored once, priced from
// stored swaps (a backfill for a token never seen), outcome jobs are delayed by the horizon and
// run under a controllable clock, and the leaderboard ranks as computed by hand.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Job } from "bullmq";
import { CallStore, channelHandle, type CallerRow } from "../core/data/calls.js";
import { SwapPartitions } from "../core/data/swap-partitions.js";
import { insertSwaps } from "../core/data/swap-store.js";
import { rankCallers, wilsonLowerBound } from "../core/domain/calls/leaderboard.js";
import { WSOL_MINT, type Swap } from "../core/domain/swap.js";
import { createLogger } from "../core/logger.js";
import { createQueue, createRedis } from "../core/queues/connection.js";
import { QueueName } from "../core/queues/contract.js";
import { registerWorkers, type WorkerSet } from "../core/queues/workers.js";
import { createCallOutcomeProcessor } from "../workers/processors/call-outcomes.js";
import { CallRecorder } from "../workers/signals/recorder.js";
import { RuleCallConsumer, TRACKED_WALLET_BUY_RULE } from "../workers/signals/rule-calls.js";
import { createTestDatabase, type TestDatabase } from "./helpers/db.js";
import { createTestRedis, waitFor, type TestRedis } from "./helpers/redis.js";

const M = "4ujRzsCrE4KK4CRPuyzALCKtkJSQ8ztPkhkSo3jpump";
const M2 = "56uhFfNkFL2ZD3Y6KWZeT25Zf8suxMwospCwyMppump";
const OTHER = "DezXAZ8z7PnrnRJjz3wXBoRgixCa6xjnB7YaB1pPB263";
const T0 = Date.parse("2026-11-01T00:00:00Z");
const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

let db: TestDatabase;
let redis: TestRedis;
let store: CallStore;
let now = T0;
const clock = () => now;
const log = createLogger("silent");
let slot = 300_000_000;
let seq = 0;

function swap(mint: string, at: number, priceUsd: number, quote = WSOL_MINT): Swap {
  seq++;
  return {
    signature: `sig${seq}`.padEnd(64, "x"),
    slot: slot++,
    blockTime: Math.floor(at / 1000),
    ixPath: "0",
    dex: "pumpfun",
    programId: "6EF8rrecthR5Dkzon8Nwu78hRvfCKubJ14M5uBEwF6P",
    pool: `pool-${mint.slice(0, 6)}`,
    trader: "trader",
    mintIn: quote,
    amountIn: 1000n,
    decimalsIn: 9,
    mintOut: mint,
    amountOut: 1000n,
    decimalsOut: 6,
    priceSol: priceUsd / 100,
    priceUsd,
  };
}

async function storeSwaps(swaps: Swap[]): Promise<void> {
  await new SwapPartitions(db.sql).ensure(swaps.map((s) => s.slot));
  await db.sql.transaction((tx) => insertSwaps(tx, swaps, "rpc"));
}

beforeAll(async () => {
  db = await createTestDatabase();
  redis = createTestRedis();
  store = new CallStore(db.sql);
  await storeSwaps([
    swap(M, T0 - 10 * MIN, 1.0),
    swap(M, T0 + 30 * MIN, 1.5),
    swap(M, T0 + 50 * MIN, 0.8),
    swap(M, T0 + 2 * HOUR, 2.5),
    swap(M, T0 + 20 * HOUR, 3.0),
    swap(M, T0 + 30 * HOUR, 0.5),
    swap(M, T0 + 5 * DAY, 1.2),
    swap(M, T0 + 8 * DAY, 9.0),
    // A token-to-token trade: its price is not M's in USD and must be ignored.
    swap(M, T0 + 3 * HOUR, 100, OTHER),
  ]);
});

afterAll(async () => {
  await redis?.cleanup();
  await db?.drop();
});

describe("calls", () => {
  const connections: ReturnType<typeof createRedis>[] = [];
  const connect = () => {
    const c = createRedis(redis.url, "worker");
    connections.push(c);
    return c;
  };
  let outcomes: ReturnType<typeof createQueue>;
  let workers: WorkerSet | undefined;
  let recorder: CallRecorder;
  let alpha: CallerRow;
  let beta: CallerRow;
  const backfilled: string[] = [];

  beforeAll(async () => {
    outcomes = createQueue(QueueName.CallOutcomes, { connection: connect(), prefix: redis.prefix });
    recorder = new CallRecorder({
      store,
      outcomes,
      clock,
      repostWindowMs: 6 * HOUR,
      logger: log,
      backfill: async (mint) => {
        backfilled.push(mint);
        await storeSwaps([swap(mint, T0 - MIN, 0.001), swap(mint, T0 + 2 * HOUR, 0.0005)]);
      },
    });
    alpha = await store.addCaller("channel", channelHandle("https://t.me/AlphaCalls")!, { title: "Alpha" });
    beta = await store.addCaller("channel", channelHandle("@beta_gems")!);
  });

  afterAll(async () => {
    await workers?.close();
    await outcomes?.close();
    for (const c of connections) c.disconnect();
  });

  it("reads channel handles from @names and links", () => {
    expect(channelHandle("@Some_Channel")).toBe("some_channel");
    expect(channelHandle("t.me/abcde/123")).toBe("abcde");
    expect(channelHandle("not a channel!")).toBeNull();
  });

  it("stores a post's calls once, priced at the call, backfilling a token never seen", async () => {
    const post = { id: 10, date: new Date(T0), text: `🚀 ${M}\n$NEW ${M2}`, urls: [`https://pump.fun/coin/${M}`] };
    const first = await recorder.record(alpha, post);
    expect(first.map((c) => c.mint)).toEqual([M, M2]);
    expect(backfilled).toEqual([M2]);
    const rows = await db.prisma.call.findMany({ orderBy: { id: "asc" } });
    expect(rows.map((r) => [r.mint, r.priceUsd, r.link, r.marketCapUsd])).toEqual([
      [M, 1.0, "https://t.me/alphacalls/10", 1e9],
      [M2, 0.001, "https://t.me/alphacalls/10", 1e6],
    ]);
    // The same post again (a catch-up overlapping live updates) stores nothing.
    expect(await recorder.record(alpha, post)).toEqual([]);
    expect(await db.prisma.call.count()).toBe(2);

    const b = await recorder.record(beta, { id: 5, date: new Date(T0 + HOUR), text: `late to ${M}`, urls: [] });
    expect(b.map((c) => [c.mint, c.priceUsd])).toEqual([[M, 0.8]]);
  });

  it("delays one outcome job per call and horizon, with ids free of ':'", async () => {
    const delayed = await outcomes.getDelayed();
    expect(delayed).toHaveLength(12);
    const alphaM = (await db.prisma.call.findFirst({ where: { callerId: BigInt(alpha.id), mint: M } }))!;
    const byId = new Map(delayed.map((j) => [j.id, j]));
    const expectDelay: Record<string, number> = { "1h": HOUR, "24h": DAY, "3d": 3 * DAY, "7d": 7 * DAY };
    for (const [h, ms] of Object.entries(expectDelay)) {
      const job = byId.get(`call-${alphaM.id}-${h}`);
      expect(job?.opts.delay).toBe(ms);
    }
    for (const j of delayed) expect(j.id).not.toContain(":");
  });

  async function promoteAll(): Promise<void> {
    for (const j of await outcomes.getDelayed()) await (j as Job).promote();
  }

  it("runs the due checks when the clock moves, and puts early ones back", async () => {
    workers = registerWorkers(
      [{ name: QueueName.CallOutcomes, processor: createCallOutcomeProcessor({ store, clock, logger: log }), concurrency: 4 }],
      { connection: connect(), prefix: redis.prefix, logger: log },
    );
    now = T0 + HOUR + 1000; // alpha's 1h checks are due; beta's (called an hour later) are not
    await promoteAll();
    await waitFor(async () => (await db.prisma.callOutcome.count()) === 2 && (await outcomes.getDelayed()).length === 10, "1h outcomes");
    const one = await db.prisma.callOutcome.findMany({ where: { horizon: "1h" } });
    expect(one).toHaveLength(2);

    now = T0 + 9 * DAY;
    await promoteAll();
    await waitFor(async () => (await db.prisma.callOutcome.count()) === 12, "all outcomes");
    const m = await db.prisma.callOutcome.findMany({
      where: { callId: (await db.prisma.call.findFirst({ where: { callerId: BigInt(alpha.id), mint: M } }))!.id },
    });
    const by = Object.fromEntries(m.map((o) => [o.horizon, o]));
    // Hand computation from the swaps above (call price 1.0).
    expect(by["1h"]).toMatchObject({ price: 0.8, peak: 1.5, trough: 0.8, basis: "usd", swaps: 2 });
    expect(by["1h"]!.returnPct).toBeCloseTo(-0.2);
    expect(by["1h"]!.athPct).toBeCloseTo(0.5);
    expect(by["1h"]!.drawdownPct).toBeCloseTo(-0.2);
    expect(by["24h"]).toMatchObject({ price: 3.0, peak: 3.0, trough: 0.8, swaps: 4 });
    expect(by["3d"]).toMatchObject({ price: 0.5, peak: 3.0, trough: 0.5, returnPct: -0.5, athPct: 2, drawdownPct: -0.5 });
    expect(by["7d"]).toMatchObject({ price: 1.2, peak: 3.0, trough: 0.5, athPct: 2, drawdownPct: -0.5 });
    expect(by["7d"]!.returnPct).toBeCloseTo(0.2);
  });

  it("ranks the callers as computed by hand", async () => {
    const table = rankCallers(await store.scoredCalls("channel", new Date(T0 - DAY)), { hitMultiple: 2, hitHorizon: "24h" });
    // beta: 1 call, a hit (0.8 -> peak 3.0 within 24h). alpha: M hit (1.0 -> 3.0), M2 miss (0.001 -> 0.0005).
    expect(table.map((s) => s.callerId)).toEqual([beta.id, alpha.id]);
    const [b, a] = table;
    expect(b).toMatchObject({ calls: 1, judged: 1, hits: 1, firstCalls: 0 });
    expect(b!.confidence).toBeCloseTo(0.2065, 4);
    expect(b!.median["24h"]).toBeCloseTo(2.75);
    expect(a).toMatchObject({ calls: 2, judged: 2, hits: 1, hitRate: 0.5, firstCalls: 2 });
    expect(a!.confidence).toBeCloseTo(wilsonLowerBound(1, 2), 10);
    expect(a!.confidence).toBeCloseTo(0.0945, 4);
    expect(a!.median["24h"]).toBeCloseTo(0.75);
    expect(a!.best["24h"]).toBeCloseTo(2.0);
  });

  it("does not store a repost within the window, and does after it; edits add only new mints", async () => {
    const rule = await store.addCaller("rule", "smart-money-cluster");
    const at = (ms: number, id: number, text: string) => recorder.record(rule, { id, date: new Date(T0 + ms), text, urls: [] });
    expect(await at(0, 1, M)).toHaveLength(1);
    expect(await at(2 * HOUR, 2, `again ${M}`)).toEqual([]);
    expect((await at(2 * HOUR, 2, `again ${M} and ${M2}`)).map((c) => c.mint)).toEqual([M2]);
    expect((await at(7 * HOUR, 3, `once more ${M}`)).map((c) => c.mint)).toEqual([M]);
    const calls = await db.prisma.call.findMany({ where: { callerId: BigInt(rule.id) }, orderBy: { id: "asc" } });
    expect(calls.map((c) => [c.messageId, c.mint, c.link])).toEqual([
      [1, M, null],
      [2, M2, null],
      [3, M, null],
    ]);
  });

  it("scores PumpSpace's own tracked-wallet alerts as calls of a rule, once per slot and token", async () => {
    const wallet = "GQpoa61ghhu51v6RnseVodSHkVki9XmtumBXjzBR8mQg";
    await db.prisma.chat.create({ data: { id: 4242n, type: "private" } });
    await db.prisma.trackedWallet.create({ data: { chatId: 4242n, address: wallet } });
    const consumer = new RuleCallConsumer({ sql: db.sql, store, recorder, repostWindowMs: 6 * HOUR });
    const buy = { ...swap(M2, T0 + 3 * DAY, 0.002), trader: wallet };
    const again = { ...swap(M2, T0 + 3 * DAY, 0.0021), trader: wallet, slot: buy.slot };
    const sell = { ...swap(M, T0 + 3 * DAY, 2), trader: wallet, mintIn: M, mintOut: WSOL_MINT };
    const stranger = swap(OTHER, T0 + 3 * DAY, 5);
    await consumer.consume([buy, again, sell, stranger], { jobId: "b1", source: "grpc", attemptsMade: 0 });
    await consumer.consume([buy], { jobId: "b1", source: "grpc", attemptsMade: 1 });
    await consumer.consume([{ ...buy, slot: buy.slot + 99 }], { jobId: "b2", source: "rpc", attemptsMade: 0 });
    const rule = (await store.caller("rule", TRACKED_WALLET_BUY_RULE))!;
    const calls = await db.prisma.call.findMany({ where: { callerId: BigInt(rule.id) } });
    expect(calls.map((c) => [c.mint, c.messageId, c.priceUsd, c.source, c.calledAt.getTime()])).toEqual([[M2, buy.slot, 0.002, "rule", T0 + 3 * DAY]]);
    // The clock stands at T0 + 9 days: the 1h, 24h and 3d checks are due and run, the 7d one waits.
    const id = calls[0]!.id;
    await waitFor(async () => (await db.prisma.callOutcome.count({ where: { callId: id } })) === 3, "rule call outcomes");
    expect(await (await outcomes.getJob(`call-${id}-7d`))?.getState()).toBe("delayed");
  });
});
