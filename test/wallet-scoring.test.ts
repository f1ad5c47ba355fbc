// Wallet scoring on real Postgres and Redis: the replayed fixtures get scores through the real
// pipeline and scoring queue; a replay seen twice changes nothing; incremental runs after each
// batch give exactly what one full recompute gives; the profile reader and settings work.
import { fileURLToPath } from "node:url";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ChangedWallets } from "../core/data/changed-wallets.js";
import { SwapPartitions } from "../core/data/swap-partitions.js";
import { insertSwaps } from "../core/data/swap-store.js";
import {
  fullRescore,
  latestSwapPrices,
  setScoreSetting,
  walletProfileReader,
} from "../core/data/wallet-scores.js";
import { WSOL_MINT, type Swap } from "../core/domain/swap.js";
import { ReplayDatasource } from "../workers/ingest/replay.js";
import { IncrementalLanes } from "../core/data/wallet-incremental-threads.js";
import { runIncrementalScoring, walletScoringConsumer } from "../workers/processors/wallet-scoring.js";
import { createTestDatabase, type TestDatabase } from "./helpers/db.js";
import { createTestRedis, waitFor, type TestRedis } from "./helpers/redis.js";
import { fakeAddress, PUMPFUN_PROGRAM, synthSwaps } from "./helpers/scoring-data.js";
import { startTestWorkers } from "./helpers/workers.js";

const FIXTURES = fileURLToPath(new URL("./fixtures/solana/", import.meta.url));
const NOW = 1_790_000_000;

async function snapshot(db: TestDatabase) {
  const scores = await db.sql.query(
    `SELECT wallet, score, confidence, tier, labels, cluster_id, parts, metrics, swaps FROM wallet_score ORDER BY wallet`,
  );
  const positions = await db.sql.query(`SELECT * FROM wallet_position ORDER BY wallet, mint`);
  return { scores, positions };
}

describe("wallet scoring from replayed fixtures", () => {
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

  async function replay() {
    const w = await startTestWorkers(["ingest", "pipeline"], { db, redis }, { datasource: new ReplayDatasource(FIXTURES), batchSize: 7 });
    await w.ingestDone;
    await waitFor(async () => {
      const c = await w.swapBatches.getJobCounts("wait", "active", "delayed", "prioritized");
      return Object.values(c).every((n) => n === 0);
    }, "swap batches to drain");
    // The scheduled incremental run picks the changed wallets up within seconds.
    const conn = new Redis(redis.url);
    const changed = new ChangedWallets(conn, redis.prefix);
    await waitFor(async () => (await changed.pending()) === 0, "changed wallets to be rescored", 30_000);
    conn.disconnect();
    await w.stop();
  }

  it("scores every trader, the same after the same replay again, and the same as a full recompute", async () => {
    await replay();
    const traders = await db.sql.query<{ trader: string }>(`SELECT DISTINCT trader FROM swap`);
    expect(traders.length).toBeGreaterThan(10);
    const first = await snapshot(db);
    expect(first.scores.length).toBe(traders.length);
    expect(first.positions.length).toBeGreaterThanOrEqual(traders.length - 5);
    const seen = await db.sql.query<{ n: string }>(`SELECT count(*) AS n FROM token_seen WHERE last_price_sol IS NOT NULL`);
    expect(Number(seen[0]!.n)).toBeGreaterThan(5);

    await replay();
    expect(await snapshot(db)).toEqual(first);

    // The fixtures are from 2024–25: every window but "all" is empty at any clock past them.
    await fullRescore(db.sql, { nowSec: Math.floor(Date.now() / 1000), chunk: 7 });
    expect(await snapshot(db)).toEqual(first);
  });
});

describe("incremental scoring", () => {
  let db: TestDatabase;
  let redis: TestRedis;
  let conn: Redis;
  let changed: ChangedWallets;
  beforeAll(async () => {
    db = await createTestDatabase();
    redis = createTestRedis();
    conn = new Redis(redis.url);
    changed = new ChangedWallets(conn, redis.prefix);
  });
  afterAll(async () => {
    conn?.disconnect();
    await db?.drop();
    await redis?.cleanup();
  });

  const swaps = synthSwaps({ seed: 7, wallets: 60, tokens: 12, swaps: 3000, startSlot: 300_000_000, startTime: NOW - 20 * 86_400 });
  const consumer = () => walletScoringConsumer(db.sql, changed);

  async function store(batch: readonly Swap[]) {
    await new SwapPartitions(db.sql).ensure(batch.map((s) => s.slot));
    await insertSwaps(db.sql, batch, "replay");
    await consumer().consume(batch, { jobId: "t", source: "replay", attemptsMade: 0 });
  }

  it("gives, batch after batch, exactly what one full recompute gives", async () => {
    // A same-slot round trip around another wallet's trade (a sandwich), a funder shared by two
    // wallets, and a dev role: context from other tables must also agree.
    const last = swaps[swaps.length - 1]!;
    const [victim, attacker] = [swaps[0]!.trader, swaps[1]!.trader];
    const mint = swaps.find((s) => s.mintOut !== WSOL_MINT)!.mintOut;
    const slot = last.slot + 10;
    const leg = (trader: string, buy: boolean, i: number): Swap => ({
      ...last,
      signature: fakeAddress(`sw${i}`) + fakeAddress(`SW${i}`),
      slot,
      trader,
      dex: "pumpfun",
      programId: PUMPFUN_PROGRAM,
      ...(buy
        ? { mintIn: WSOL_MINT, amountIn: 1_000_000_000n, decimalsIn: 9, mintOut: mint, amountOut: 10_000_000n, decimalsOut: 6 }
        : { mintIn: mint, amountIn: 10_000_000n, decimalsIn: 6, mintOut: WSOL_MINT, amountOut: 1_050_000_000n, decimalsOut: 9 }),
    });
    const sandwich = [leg(attacker, true, 1), leg(victim, true, 2), leg(attacker, false, 3)];
    await db.sql.query(
      `INSERT INTO wallet_funder (wallet, funder, source) VALUES ($1, 'FunderX', 'manual'), ($2, 'FunderX', 'manual')`,
      [swaps[2]!.trader, swaps[3]!.trader],
    );
    await db.sql.query(`INSERT INTO token_insider (mint, wallet, role, source) VALUES ($1, $2, 'dev', 'manual')`, [mint, swaps[4]!.trader]);
    await setScoreSetting(db.sql, "tiers", { S: 60, A: 40, B: 20 });

    const batches = [swaps.slice(0, 1000), swaps.slice(1000, 2200), [...swaps.slice(2200), ...sandwich]];
    let rescored = 0;
    // The middle batch runs in the worker threads the pipeline keeps for incremental runs.
    const lanes = new IncrementalLanes(db.url, 2);
    try {
      for (const [i, b] of batches.entries()) {
        await store(b);
        const r = await runIncrementalScoring({ sql: db.sql, changed, nowSec: () => NOW, chunk: 17, ...(i === 1 ? { lanes } : {}) });
        expect(r.counts.wallets).toBe(new Set(b.map((s) => s.trader)).size);
        if (i === 1) expect(r.counts.chunks).toBeGreaterThan(2);
        rescored += r.counts.wallets;
      }
    } finally {
      await lanes.close();
    }
    expect(await changed.pending()).toBe(0);
    const incremental = await snapshot(db);
    expect(rescored).toBeGreaterThan(incremental.scores.length); // wallets were rescored more than once

    await fullRescore(db.sql, { nowSec: NOW, chunk: 13, concurrency: 3 });
    const full = await snapshot(db);
    expect(full).toEqual(incremental);
    // In place (what the nightly run does): the same rows, and a wallet without swaps is dropped.
    await db.sql.query(`INSERT INTO wallet_score (wallet, score, confidence, labels, parts, metrics, swaps, computed_at)
                        VALUES ('gone', 1, 1, '[]', '[]', '{}', 1, now())`);
    await fullRescore(db.sql, { nowSec: NOW, chunk: 29, inPlace: true });
    expect(await snapshot(db)).toEqual(incremental);

    // The parts that come from other tables made it in, and settings shape the tiers.
    const profiles = await walletProfileReader(db.sql)([attacker, swaps[2]!.trader, swaps[4]!.trader, "nobody"]);
    expect(profiles.get(attacker)!.labels).toContain("mev");
    expect(profiles.get(swaps[2]!.trader)!.clusterId).toBe("funder:FunderX");
    expect(profiles.get(swaps[4]!.trader)!.labels).toContain("dev");
    expect(profiles.get(swaps[4]!.trader)!.tier).toBeNull();
    expect(profiles.has("nobody")).toBe(false);
    const tiers = await db.sql.query<{ tier: string | null; min: number }>(
      `SELECT tier, min(score) AS min FROM wallet_score WHERE tier IS NOT NULL GROUP BY tier`,
    );
    for (const t of tiers) expect(t.min).toBeGreaterThanOrEqual({ S: 60, A: 40, B: 20 }[t.tier as "S" | "A" | "B"]);

    const prices = await latestSwapPrices(db.sql)([mint]);
    expect(prices.get(mint)).toBeCloseTo(last.priceSol!, 12);
  });

  it("keeps a crashed run's wallets: they are finished by the next run", async () => {
    const extra = synthSwaps({ seed: 8, wallets: 5, tokens: 2, swaps: 40, startSlot: 300_100_000, startTime: NOW - 86_400 });
    await store(extra);
    await changed.claim();
    const pendingBefore = await changed.pending();
    expect(pendingBefore).toBe(5);
    // A run died here (claimed, nothing committed); the next run must still see all five.
    const r = await runIncrementalScoring({ sql: db.sql, changed, nowSec: () => NOW });
    expect(r.counts.wallets).toBe(5);
    const rows = await db.sql.query(`SELECT 1 FROM wallet_score WHERE wallet = ANY($1::text[])`, [[...new Set(extra.map((s) => s.trader))]]);
    expect(rows.length).toBe(5);
  });

  it("fails a run whose scoring thread cannot reach Postgres, keeping its wallets for the next run", async () => {
    const extra = synthSwaps({ seed: 9, wallets: 4, tokens: 2, swaps: 30, startSlot: 300_200_000, startTime: NOW - 86_400 });
    await store(extra);
    const broken = new IncrementalLanes("postgresql://postgres@127.0.0.1:1/none", 2);
    try {
      await expect(runIncrementalScoring({ sql: db.sql, changed, nowSec: () => NOW, lanes: broken })).rejects.toThrow();
    } finally {
      await broken.close();
    }
    expect(await changed.pending()).toBe(4);
    const r = await runIncrementalScoring({ sql: db.sql, changed, nowSec: () => NOW });
    expect(r.counts.wallets).toBe(4);
  });
});

describe("incremental scoring with late, out-of-order and retried batches (FIFO cost)", () => {
  let db: TestDatabase;
  let redis: TestRedis;
  let conn: Redis;
  let changed: ChangedWallets;
  beforeAll(async () => {
    db = await createTestDatabase();
    redis = createTestRedis();
    conn = new Redis(redis.url);
    changed = new ChangedWallets(conn, redis.prefix);
  });
  afterAll(async () => {
    conn?.disconnect();
    await db?.drop();
    await redis?.cleanup();
  });

  const swaps = synthSwaps({ seed: 11, wallets: 25, tokens: 6, swaps: 2400, startSlot: 300_000_000, startTime: NOW - 40 * 86_400 });

  async function store(batch: readonly Swap[], attemptsMade = 0) {
    await new SwapPartitions(db.sql).ensure(batch.map((s) => s.slot));
    await insertSwaps(db.sql, batch, "replay");
    await walletScoringConsumer(db.sql, changed).consume(batch, { jobId: "t", source: "replay", attemptsMade });
  }
  const run = () => runIncrementalScoring({ sql: db.sql, changed, nowSec: () => NOW, chunk: 7 });

  it("folds only new swaps when they come in order, rebuilds a wallet on an older one, and ends where a full recompute does", async () => {
    await setScoreSetting(db.sql, "method", "fifo");
    // Same-slot rows of one wallet, split across batches, with the later-sorting one stored first.
    const w0 = swaps[0]!.trader;
    const tail = swaps[swaps.length - 1]!;
    const sameSlot = [0, 1].map((i): Swap => ({
      ...tail,
      trader: w0,
      slot: tail.slot + 5,
      signature: (i === 0 ? "1" : "z") + fakeAddress(`late${i}`) + fakeAddress(`LATE${i}`).slice(1),
      ixPath: "1",
    }));

    await store(swaps.slice(0, 800));
    const first = await run();
    expect(first.counts.rebuilt).toBe(first.counts.wallets); // new wallets are folded from their first swap

    // In order: every wallet resumes from its watermark.
    await store(swaps.slice(800, 1200));
    const inOrder = await run();
    expect(inOrder.counts.wallets).toBeGreaterThan(0);
    expect(inOrder.counts.rebuilt).toBe(0);
    expect(inOrder.counts.swaps).toBe(400);

    // Out of order: 1600–2400 lands before 1200–1600; the older batch then rebuilds its wallets.
    await store(swaps.slice(1600));
    await run();
    await store(swaps.slice(1200, 1600));
    const late = await run();
    expect(late.counts.rebuilt).toBeGreaterThan(0);

    // A retried batch (already stored) and a same-slot row that sorts before one already folded.
    await store(swaps.slice(900, 1000), 1);
    await run();
    await store([sameSlot[1]!]);
    await run();
    await store([sameSlot[0]!]);
    const sameSlotRun = await run();
    expect(sameSlotRun.counts.rebuilt).toBe(1);
    expect(await changed.pending()).toBe(0);
    const incremental = await snapshot(db);
    const folds = await db.sql.query(`SELECT * FROM wallet_fold ORDER BY wallet`);

    await fullRescore(db.sql, { nowSec: NOW, chunk: 5 });
    expect(await snapshot(db)).toEqual(incremental);
    expect(await db.sql.query(`SELECT * FROM wallet_fold ORDER BY wallet`)).toEqual(folds);
    const lots = await db.sql.query<{ n: string }>(`SELECT count(*) AS n FROM wallet_position WHERE state NOT LIKE '%,'`);
    expect(Number(lots[0]!.n)).toBeGreaterThan(0); // FIFO lots were stored and resumed

    // Another cost method rebuilds every wallet it rescores.
    await setScoreSetting(db.sql, "method", "average");
    await store(swaps.slice(0, 50), 1);
    const switched = await run();
    expect(switched.counts.rebuilt).toBe(switched.counts.wallets);

    // Positions written before the state column (state NULL) rebuild their wallet, which then
    // ends where a full recompute does.
    const [old] = await db.sql.query<{ wallet: string }>(`SELECT wallet FROM wallet_position ORDER BY wallet LIMIT 1`);
    await db.sql.query(`UPDATE wallet_position SET state = NULL WHERE wallet = $1`, [old!.wallet]);
    await changed.touch([old!.wallet]);
    const stale = await run();
    expect(stale.counts.rebuilt).toBe(1);
    const afterStale = await snapshot(db);
    await fullRescore(db.sql, { nowSec: NOW, chunk: 5 });
    expect(await snapshot(db)).toEqual(afterStale);
  });

  it("a full rescore in worker threads gives what one in this thread gives", async () => {
    const inThread = await fullRescore(db.sql, { nowSec: NOW, chunk: 5 });
    const one = await snapshot(db);
    const threaded = await fullRescore(db.sql, { nowSec: NOW, chunk: 5, threads: { count: 2, databaseUrl: db.url } });
    expect(threaded.wallets).toBe(inThread.wallets);
    expect(threaded.swaps).toBe(inThread.swaps);
    expect(await snapshot(db)).toEqual(one);
  });
});
