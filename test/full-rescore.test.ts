// The full rescore's ways of reading and writing give the same stored rows: binary COPY into
// columns and COPY writes (Postgres), ordinary queries in slot ranges and INSERTs (what PGlite
// gets), and worker threads. Same-slot rows of one wallet and amounts past 2^53 included.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SqlRunner } from "../core/data/db.js";
import { SwapPartitions } from "../core/data/swap-partitions.js";
import { insertSwaps } from "../core/data/swap-store.js";
import { fullRescore, recordTokenSeen } from "../core/data/wallet-scores.js";
import { WSOL_MINT, type Swap } from "../core/domain/swap.js";
import { createTestDatabase, type TestDatabase } from "./helpers/db.js";
import { fakeAddress, synthSwaps } from "./helpers/scoring-data.js";

const NOW = 1_790_000_000;

describe("full rescore, every way of moving the rows", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
    const swaps = synthSwaps({ seed: 21, wallets: 40, tokens: 7, swaps: 3000, startSlot: 300_000_000, startTime: NOW - 20 * 86_400 });
    const w0 = swaps[0]!.trader;
    const last = swaps[swaps.length - 1]!;
    // Two rows of one wallet in one slot (signature order decides), and a huge token amount.
    const extra: Swap[] = [
      { ...last, trader: w0, slot: last.slot + 3, signature: "z" + fakeAddress("late-a") + fakeAddress("late-b").slice(1), ixPath: "1" },
      { ...last, trader: w0, slot: last.slot + 3, signature: "1" + fakeAddress("late-c") + fakeAddress("late-d").slice(1), ixPath: "1" },
      {
        ...last, trader: w0, slot: last.slot + 4, signature: fakeAddress("big") + fakeAddress("big2"), ixPath: "2",
        mintIn: WSOL_MINT, amountIn: 1_000_000_000n, decimalsIn: 9, mintOut: fakeAddress("m21-0"), amountOut: 12_345_678_901_234_567_890n, decimalsOut: 6,
      },
    ];
    const all = [...swaps, ...extra];
    await new SwapPartitions(db.sql).ensure(all.map((s) => s.slot));
    for (let i = 0; i < all.length; i += 500) {
      await insertSwaps(db.sql, all.slice(i, i + 500), "replay");
      await recordTokenSeen(db.sql, all.slice(i, i + 500));
    }
  });
  afterAll(async () => {
    await db?.drop();
  });

  const snapshot = async () => ({
    scores: await db.sql.query(`SELECT wallet, score, confidence, tier, labels, cluster_id, parts, metrics, swaps FROM wallet_score ORDER BY wallet`),
    positions: await db.sql.query(`SELECT * FROM wallet_position ORDER BY wallet, mint`),
    folds: await db.sql.query(`SELECT * FROM wallet_fold ORDER BY wallet`),
  });

  it("stores the same rows by COPY, by queries and INSERTs, and in threads", async () => {
    const copied = await fullRescore(db.sql, { nowSec: NOW, chunk: 9 });
    expect(copied.wallets).toBe(40);
    expect(copied.swaps).toBe(3003);
    const viaCopy = await snapshot();
    expect(viaCopy.positions.length).toBe(copied.positions);
    expect(viaCopy.positions.some((p) => String(p.held).length >= 20)).toBe(true); // the amount past 2^53 made it through

    // What a runner without COPY (PGlite) takes: slot ranges of ordinary rows, INSERTs.
    const noCopy: SqlRunner = { ...db.sql, copyTo: undefined, copyFrom: undefined };
    const queried = await fullRescore(noCopy, { nowSec: NOW, chunk: 11, readRows: 100 });
    expect(queried).toEqual(copied);
    expect(await snapshot()).toEqual(viaCopy);

    const threaded = await fullRescore(db.sql, { nowSec: NOW, chunk: 5, threads: { count: 3, databaseUrl: db.url } });
    expect(threaded).toEqual(copied);
    expect(await snapshot()).toEqual(viaCopy);
  });
});
