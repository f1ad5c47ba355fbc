// Live token stats on real Redis and Postgres: the Lua update matches the pure window math, each
// stored swap counts once across retries and replays, and an idle token goes to Postgres and
// comes back with its windows when it trades again.
import { seededRandom } from "../core/domain/test-support/random.js";
import type { Job } from "bullmq";
import bs58 from "bs58";
import { Redis } from "ioredis";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { SwapPartitions } from "../core/data/swap-partitions.js";
import { createTokenStatsReader, TokenStatsStore } from "../core/data/token-stats-store.js";
import { WSOL_MINT, type Swap } from "../core/domain/swap.js";
import {
  applyDelta,
  decodeState,
  emptyState,
  encodeState,
  foldTrades,
  snapshotOf,
  TIERS,
  tradePoint,
  type TokenState,
} from "../core/domain/token-windows.js";
import type { TokenStatsSnapshot } from "../core/domain/token-stats.js";
import { createLogger } from "../core/logger.js";
import { createSwapBatchProcessor, type SwapBatchConsumer } from "../workers/processors/swap-batches.js";
import { createTokenStatsConsumer, runTokenStatsSweep } from "../workers/processors/token-stats.js";
import { createTestDatabase, type TestDatabase } from "./helpers/db.js";
import { createTestRedis, type TestRedis } from "./helpers/redis.js";
import type { Queue } from "bullmq";

const NOW = Math.floor(Date.now() / 1000);
const logger = createLogger("silent");

const rng = seededRandom;

let counter = 0;
function swap(mint: string, opts: { ageSec: number; buy: boolean; sol: number; trader: string; slot?: number }): Swap {
  const n = ++counter;
  const tokenRaw = 1_000_000n + BigInt(n);
  const lamports = BigInt(Math.round(opts.sol * 1e9));
  const priceSol = opts.sol / (Number(tokenRaw) / 1e6);
  return {
    signature: `sig${String(n).padStart(40, "x")}`,
    slot: opts.slot ?? 300_000_000 + n,
    blockTime: NOW - opts.ageSec,
    ixPath: "1",
    dex: "pumpfun",
    programId: "6EF8rrecthR5Dkzon8Nwu78hRvfCKubJ14M5uBEwF6P",
    pool: null,
    trader: opts.trader,
    mintIn: opts.buy ? WSOL_MINT : mint,
    amountIn: opts.buy ? lamports : tokenRaw,
    decimalsIn: opts.buy ? 9 : 6,
    mintOut: opts.buy ? mint : WSOL_MINT,
    amountOut: opts.buy ? tokenRaw : lamports,
    decimalsOut: opts.buy ? 6 : 9,
    priceSol,
    priceUsd: priceSol * 150,
  };
}

function randomSwaps(seed: number, n: number, mints: readonly string[]): Swap[] {
  const r = rng(seed);
  return Array.from({ length: n }, () =>
    swap(mints[Math.floor(r() * mints.length)]!, {
      ageSec: Math.floor(r() < 0.3 ? r() * 600 : r() * 100_000),
      buy: r() < 0.5,
      sol: 0.01 + r() * 5,
      trader: `wallet-${Math.floor(r() * 200)}`,
      slot: 300_000_000 + Math.floor(r() * 200_000),
    }),
  );
}

/** The pure twin: what the windows must read after applying `swaps` once each. */
function twin(swaps: readonly Swap[]): Map<string, TokenState> {
  const states = new Map<string, TokenState>();
  const points = swaps.map((s) => tradePoint(s, NOW)!);
  for (const d of foldTrades(points).values()) {
    const st = emptyState();
    applyDelta(st, d);
    states.set(d.mint, decodeState(encodeState(st)));
  }
  return states;
}

function expectSame(got: TokenStatsSnapshot | null, want: TokenStatsSnapshot) {
  expect(got).not.toBeNull();
  expect(got!.priceSol).toBe(want.priceSol);
  expect(got!.firstTradeAt).toBe(want.firstTradeAt);
  expect(got!.lastTradeAt).toBe(want.lastTradeAt);
  for (const t of TIERS) {
    const g = got!.windows[t.window];
    const w = want.windows[t.window];
    expect(g.buys, t.window).toBe(w.buys);
    expect(g.sells, t.window).toBe(w.sells);
    expect(g.traders, t.window).toBe(w.traders);
    expect(g.openPriceSol, t.window).toBe(w.openPriceSol);
    expect(Math.abs(g.volumeSol - w.volumeSol), `${t.window} volume`).toBeLessThanOrEqual(1e-4 * Math.max(1, w.volumeSol));
    expect(Math.abs(g.buyVolumeUsd - w.buyVolumeUsd)).toBeLessThanOrEqual(1e-4 * Math.max(1, w.buyVolumeUsd));
  }
}

describe("token stats store", () => {
  let db: TestDatabase;
  let redis: TestRedis;
  let conn: Redis;
  let store: TokenStatsStore;

  beforeAll(async () => {
    db = await createTestDatabase();
    conn = new Redis(createTestRedis().url);
  });
  beforeEach(async () => {
    await redis?.cleanup();
    redis = createTestRedis();
    store = new TokenStatsStore({ redis: conn, prefix: redis.prefix, sql: db.sql, keyTtlSec: 7200 });
  });
  afterAll(async () => {
    await redis?.cleanup();
    conn?.disconnect();
    await db?.drop();
  });

  it("keeps the same windows in Redis as the pure window math, whatever the batch order", async () => {
    const mints = ["TokA", "TokB", "TokC", "TokD"];
    const swaps = randomSwaps(7, 600, mints);
    const r = rng(99);
    const shuffled = [...swaps].sort(() => r() - 0.5);
    for (let i = 0, job = 0; i < shuffled.length; job++) {
      const n = 1 + Math.floor(r() * 60);
      const res = await store.apply(shuffled.slice(i, i + n), `job-${job}`, NOW);
      expect(res.applied).toBe(true);
      i += n;
    }
    const want = twin(swaps);
    for (const mint of mints) expectSame(await store.read(mint, NOW), snapshotOf(mint, want.get(mint)!, NOW));
    expect(await store.read("NeverTraded", NOW)).toBeNull();
    expect(await store.activeTokens()).toBe(mints.length);
    // The safety-net TTL is set on every token key.
    const ttl = await conn.ttl(store.tokenKey("TokA"));
    expect(ttl).toBeGreaterThan(7000);
  });

  it("keeps pool records (top pools, liquidity from reserves) in Redis as the pure math does", async () => {
    const pools = [1, 2, 3].map((i) => bs58.encode(Uint8Array.from({ length: 32 }, (_, j) => (i * 13 + j) & 0xff)));
    const r = rng(5);
    const swaps = randomSwaps(11, 300, ["PoolTokA", "PoolTokB"]).map((s, i) => ({
      ...s,
      pool: pools[i % 3]!,
      dex: i % 3 === 0 ? "pumpfun" : "pumpswap",
      blockTime: NOW - Math.floor(r() * 40_000),
      reserves: { base: 10n ** 15n + BigInt(i), quote: BigInt(1e11 + i * 1e6), ...(i % 3 === 0 ? { realQuote: BigInt(1e10) } : {}) },
    }) satisfies Swap);
    const shuffled = [...swaps].sort(() => r() - 0.5);
    for (let i = 0, job = 0; i < shuffled.length; job++) {
      const n = 1 + Math.floor(r() * 50);
      await store.apply(shuffled.slice(i, i + n), `pjob-${job}`, NOW);
      i += n;
    }
    const want = twin(swaps);
    for (const mint of ["PoolTokA", "PoolTokB"]) {
      const got = (await store.read(mint, NOW))!;
      const w = snapshotOf(mint, want.get(mint)!, NOW);
      expect(got.topPools.map((p) => [p.pool, p.dex])).toEqual(w.topPools.map((p) => [p.pool, p.dex]));
      expect(got.topPools).toHaveLength(3);
      got.topPools.forEach((p, i) => expect(Math.abs(p.volumeUsd - w.topPools[i]!.volumeUsd)).toBeLessThanOrEqual(1e-4 * w.topPools[i]!.volumeUsd));
      expect(got.liquidityUsd).not.toBeNull();
      expect(Math.abs(got.liquidityUsd! - w.liquidityUsd!)).toBeLessThanOrEqual(1e-5 * w.liquidityUsd!);
      // two constant-product pools (~100 SOL each side: ~2 x 100 x 150 USD) and a curve holding 10 real SOL
      expect(got.liquidityUsd!).toBeGreaterThan(2 * 2 * 100 * 150 * 0.99);
      expect(got.liquidityUsd!).toBeLessThan((2 * 2 * 101 + 2 * 10) * 150 * 1.01);
    }
  });

  it("applies a job once however often it is delivered", async () => {
    const swaps = randomSwaps(3, 40, ["TokA"]);
    expect((await store.apply(swaps, "job-1", NOW)).applied).toBe(true);
    expect((await store.apply(swaps, "job-1", NOW)).applied).toBe(false);
    const s = await store.read("TokA", NOW);
    const all = s!.windows["24h"].buys + s!.windows["24h"].sells;
    const want = snapshotOf("TokA", twin(swaps).get("TokA")!, NOW).windows["24h"];
    expect(all).toBe(want.buys + want.sells);
  });

  it("counts each stored swap once across a crash after commit, a retry and a replay in another batch", async () => {
    const partitions = new SwapPartitions(db.sql);
    let crash = true;
    const crasher: SwapBatchConsumer = {
      name: "crash-after-commit",
      async consume() {
        if (crash) throw new Error("worker died after the commit");
      },
    };
    const stats = createTokenStatsConsumer(store);
    const notifyQueue = { addBulk: async () => [] } as unknown as Queue;
    const process = createSwapBatchProcessor({ sql: db.sql, partitions, notifyQueue, logger, consumers: [crasher, stats] });
    const mint = "TokExactlyOnce";
    const swaps = Array.from({ length: 15 }, (_, i) =>
      swap(mint, { ageSec: 100 + i, buy: i % 3 !== 0, sol: 1 + i, trader: `w${i}` }),
    );
    const payload = (list: Swap[]) => ({
      source: "replay",
      swaps: list.map((s) => ({ ...s, amountIn: s.amountIn.toString(), amountOut: s.amountOut.toString() })),
      tokens: [],
    });
    const job = (id: string, list: Swap[], attemptsMade: number, attemptsStarted: number) =>
      ({ id, data: payload(list), attemptsMade, attemptsStarted, timestamp: Date.now() }) as unknown as Job;

    // First attempt: stored in Postgres, then the process "dies" before the stats run.
    await expect(process(job("batch-a", swaps.slice(0, 10), 0, 1))).rejects.toThrow("died");
    expect(await store.read(mint, NOW)).toBeNull();
    crash = false;
    // The retry inserts nothing new, yet owes the stats the ten swaps its first attempt stored.
    const retry = await process(job("batch-a", swaps.slice(0, 10), 1, 2));
    expect(retry.inserted).toBe(0);
    const volume = (s: TokenStatsSnapshot | null) => s!.windows["1h"].volumeSol;
    const count = (s: TokenStatsSnapshot | null) => s!.windows["1h"].buys + s!.windows["1h"].sells;
    expect(count(await store.read(mint, NOW))).toBe(10);
    // A stalled copy of the same job running once more changes nothing.
    await process(job("batch-a", swaps.slice(0, 10), 1, 3));
    expect(count(await store.read(mint, NOW))).toBe(10);
    // Another batch replaying five of those swaps plus five new ones adds only the new ones.
    await process(job("batch-b", swaps.slice(5, 15), 0, 1));
    const after = await store.read(mint, NOW);
    expect(count(after)).toBe(15);
    const want = swaps.reduce((a, s) => a + Number(s.mintIn === WSOL_MINT ? s.amountIn : s.amountOut) / 1e9, 0);
    expect(Math.abs(volume(after) - want)).toBeLessThan(1e-3);
  });

  it("saves an idle token to Postgres, serves it from there, and restores its windows when it trades again", async () => {
    const mint = "TokIdle";
    const early = [
      swap(mint, { ageSec: 5 * 3600, buy: true, sol: 2, trader: "a" }),
      swap(mint, { ageSec: 3 * 3600, buy: false, sol: 1, trader: "b" }),
      swap(mint, { ageSec: 2 * 3600, buy: true, sol: 4, trader: "c" }),
    ];
    await store.apply(early, "job-early", NOW);
    const other = swap("TokBusy", { ageSec: 10, buy: true, sol: 1, trader: "z" });
    await store.apply([other], "job-busy", NOW);
    const before = await store.read(mint, NOW);
    expect(before!.windows["6h"].buys).toBe(2);

    // Only TokIdle is idle: TokBusy was touched after the cutoff.
    await conn.zadd(store.activeKey, Date.now() - 2 * 3600_000, mint);
    const swept = await runTokenStatsSweep(store, 3600, logger);
    expect(swept).toMatchObject({ archived: 1, kept: 0, locked: true });
    expect(await conn.exists(store.tokenKey(mint))).toBe(0);
    expect(await conn.exists(store.tokenKey("TokBusy"))).toBe(1);
    const [row] = await db.sql.query<{ n: number; last: Date }>(
      `SELECT length(windows) AS n, last_trade_at AS last FROM token_stats_backup WHERE mint = $1`,
      [mint],
    );
    expect(row?.last.getTime()).toBe((NOW - 2 * 3600) * 1000);
    // While idle, the card still reads it (from Postgres), through the bot's reader too.
    expectSame(await store.read(mint, NOW), before!);
    const botReader = createTokenStatsReader({ redis: conn, prefix: redis.prefix, sql: db.sql });
    expectSame(await botReader(mint, NOW), before!);
    expect(await createTokenStatsReader({ redis: conn, prefix: redis.prefix })(mint, NOW)).toBeNull();

    // It trades again: the old windows come back first, then the new swap lands on them.
    const again = swap(mint, { ageSec: 30, buy: false, sol: 3, trader: "d" });
    const res = await store.apply([again], "job-again", NOW);
    expect(res).toMatchObject({ applied: true, restored: 1 });
    const after = await store.read(mint, NOW);
    expectSame(after, snapshotOf(mint, twin([...early, again]).get(mint)!, NOW));
    expect(after!.windows["6h"].buys + after!.windows["6h"].sells).toBe(4);
    expect(after!.windows["24h"].traders).toBe(4);
    expect(after!.firstTradeAt).toBe(NOW - 5 * 3600);
  });

  it("keeps a token that trades while it is being saved, and lets only one sweeper run", async () => {
    const mint = "TokRace";
    await store.apply([swap(mint, { ageSec: 60, buy: true, sol: 1, trader: "a" })], "job-r1", NOW);
    expect(await store.lock("other-sweeper", 60_000)).toBe(true);
    expect((await runTokenStatsSweep(store, 0, logger)).locked).toBe(false);
    await store.unlock("other-sweeper");
    // The sweeper read the old bytes; a trade lands before the eviction: the key must stay.
    const saved = await conn.getBuffer(store.tokenKey(mint));
    await store.apply([swap(mint, { ageSec: 30, buy: true, sol: 1, trader: "b" })], "job-r2", NOW);
    const evict = (conn as unknown as { psTokenStatsEvict(n: number, ...a: (string | Buffer)[]): Promise<number> }).psTokenStatsEvict;
    const n = await evict.call(conn, 2, store.activeKey, store.tokenKey(mint), mint, saved!);
    expect(n).toBe(0);
    expect((await store.read(mint, NOW))!.windows["5m"].buys).toBe(2);
  });
});

describe("token stats in the pipeline role", () => {
  let db: TestDatabase;
  let redis: TestRedis;
  beforeAll(async () => {
    db = await createTestDatabase();
    redis = createTestRedis();
  });
  afterAll(async () => {
    await db?.drop();
    await redis?.cleanup();
  });

  it("follows the stored swaps of a replay, and a second replay of the same history adds nothing", async () => {
    const { ReplayDatasource } = await import("../workers/ingest/replay.js");
    const { startTestWorkers } = await import("./helpers/workers.js");
    const { waitFor } = await import("./helpers/redis.js");
    const fixtures = new URL("./fixtures/solana/", import.meta.url).pathname;
    const replay = async () => {
      const w = await startTestWorkers(["ingest", "pipeline"], { db, redis }, { datasource: new ReplayDatasource(fixtures), batchSize: 7 });
      await w.ingestDone;
      await waitFor(async () => {
        const c = await w.swapBatches.getJobCounts("wait", "active", "delayed", "prioritized");
        return Object.values(c).every((n) => n === 0);
      }, "swap batches to drain");
      expect((await w.swapBatches.getJobCounts("failed")).failed ?? 0).toBe(0);
      return w;
    };
    // The token with the most stored swaps, counted straight from Postgres.
    const countTrades = async () => {
      const [top] = await db.sql.query<{ mint: string; n: string; last: Date }>(
        `SELECT CASE WHEN mint_in = $1 THEN mint_out ELSE mint_in END AS mint, count(*) AS n, max(block_time) AS last
         FROM swap WHERE (mint_in = $1) <> (mint_out = $1) GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT 1`,
        [WSOL_MINT],
      );
      return top!;
    };
    const w1 = await replay();
    const top = await countTrades();
    const at = top.last.getTime() / 1000;
    const trades = (s: TokenStatsSnapshot | null) => s!.windows["24h"].buys + s!.windows["24h"].sells;
    const first = await w1.tokenStats!.read(top.mint, at);
    expect(trades(first)).toBe(Number(top.n));
    await w1.stop();
    const w2 = await replay();
    expect(trades(await w2.tokenStats!.read(top.mint, at))).toBe(Number(top.n));
    await w2.stop();
  });
});
