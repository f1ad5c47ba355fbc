// Dev and insider labels on real Postgres, Redis and BullMQ: the replayed mainnet fixtures go
// through ingest and the pipeline, and their token creations come out as token_creation rows and
// dev labels; holdings before trading become insider labels only where the rules say so.
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SwapPartitions } from "../core/data/swap-partitions.js";
import { insertSwaps } from "../core/data/swap-store.js";
import { HELD_BEFORE_TRADING, recordTokenLabels } from "../core/data/token-labels.js";
import { walletProfileReader } from "../core/data/wallet-scores.js";
import { WSOL_MINT, type Swap } from "../core/domain/swap.js";
import type { TokenEvent } from "../core/domain/token-events.js";
import { ReplayDatasource } from "../workers/ingest/replay.js";
import { runIncrementalScoring } from "../workers/processors/wallet-scoring.js";
import { ChangedWallets } from "../core/data/changed-wallets.js";
import { Redis } from "ioredis";
import { createTestDatabase, type TestDatabase } from "./helpers/db.js";
import { createTestRedis, waitFor, type TestRedis } from "./helpers/redis.js";
import { fakeAddress, PUMPFUN_PROGRAM } from "./helpers/scoring-data.js";
import { startTestWorkers } from "./helpers/workers.js";

const FIXTURES = fileURLToPath(new URL("./fixtures/solana/", import.meta.url));

describe("dev labels from replayed creations", () => {
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
    expect((await w.swapBatches.getJobCounts("failed")).failed ?? 0).toBe(0);
    const conn = new Redis(redis.url);
    await waitFor(async () => (await new ChangedWallets(conn, redis.prefix).pending()) === 0, "changed wallets to be rescored", 30_000);
    conn.disconnect();
    await w.stop();
  }

  it("records both creations (one without any swap) with their devs, once across two replays", async () => {
    await replay();
    const snapshot = async () => ({
      creations: await db.sql.query(`SELECT mint, creator, slot::text, source FROM token_creation ORDER BY mint`),
      labels: await db.sql.query(`SELECT mint, wallet, role, slot::text, source FROM token_insider ORDER BY mint, wallet`),
    });
    const first = await snapshot();
    expect(first.creations).toEqual([
      { mint: "7F7TeMsGutc2YpxeH7U3PiFLwG2FygN2jMLeDKAXNbwu", creator: "FiYwf895W6ntoitNvhVwBLS4uwKZmMhsxiQmYY44488U", slot: expect.any(String), source: "pumpfun" },
      { mint: "AqFe2tk1BRx6czUuRPGUZ8mtvcBGDZYsG6oPvELwzray", creator: "FeGbW3kbwQnV42hxUAFfbupVzDU5sKhcHswvtRbrYpn5", slot: "345646824", source: "raydium-launchlab" },
    ]);
    expect(first.labels).toEqual(first.creations.map((c) => ({ mint: c["mint"], wallet: c["creator"], role: "dev", slot: c["slot"], source: c["source"] })));
    // The LaunchLab creator bought its own token in the creation transaction: scored, labelled dev, no tier.
    const dev = (await walletProfileReader(db.sql)(["FeGbW3kbwQnV42hxUAFfbupVzDU5sKhcHswvtRbrYpn5"])).get("FeGbW3kbwQnV42hxUAFfbupVzDU5sKhcHswvtRbrYpn5");
    expect(dev?.labels).toContain("dev");
    expect(dev?.tier).toBeNull();
    await replay();
    expect(await snapshot()).toEqual(first);
  });
});

describe("insider labels from holdings before trading", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => db?.drop());

  const MINT = fakeAddress("mint-known");
  const UNKNOWN = fakeAddress("mint-unknown");
  const [DEV, HOLDER, BUYER, LATE, UNSEEN] = ["dev", "holder", "buyer", "late", "unseen"].map(fakeAddress) as [string, string, string, string, string];
  let n = 0;
  const swap = (trader: string, mint: string, slot: number, side: "buy" | "sell"): Swap => ({
    signature: fakeAddress(`s${++n}`) + fakeAddress(`S${n}`),
    slot,
    blockTime: 1_790_000_000 + slot,
    ixPath: "0",
    dex: "pumpfun",
    programId: PUMPFUN_PROGRAM,
    pool: null,
    trader,
    ...(side === "buy"
      ? { mintIn: WSOL_MINT, amountIn: 10n ** 9n, decimalsIn: 9, mintOut: mint, amountOut: 10n ** 6n, decimalsOut: 6 }
      : { mintIn: mint, amountIn: 10n ** 6n, decimalsIn: 6, mintOut: WSOL_MINT, amountOut: 10n ** 9n, decimalsOut: 9 }),
    priceSol: 1e-3,
    priceUsd: null,
  });
  const ev = (kind: TokenEvent["kind"], s: Pick<Swap, "slot" | "signature" | "trader">, mint: string): TokenEvent => ({
    kind, mint, wallet: s.trader, slot: s.slot, signature: s.signature, ...(kind === "held-before-swap" ? {} : { source: "pumpfun" as const }),
  });
  async function batch(swaps: Swap[], events: TokenEvent[]) {
    await new SwapPartitions(db.sql).ensure(swaps.map((s) => s.slot));
    await insertSwaps(db.sql, swaps, "replay");
    return recordTokenLabels(db.sql, events, swaps);
  }
  const roles = async () => Object.fromEntries((await db.sql.query<{ wallet: string; mint: string; role: string; source: string }>(
    `SELECT wallet, mint, role, source FROM token_insider ORDER BY wallet, mint`)).map((r) => [`${r.wallet === DEV ? "dev" : r.wallet === HOLDER ? "holder" : r.wallet === BUYER ? "buyer" : r.wallet === LATE ? "late" : "unseen"}:${r.mint === MINT ? "known" : "unknown"}`, `${r.role}/${r.source}`]));

  it("labels a seller with no buy of a token whose creation PumpSpace saw, and nobody else", async () => {
    const slot = 310_000_000;
    const create = { slot, signature: fakeAddress("create") + fakeAddress("CREATE"), trader: DEV };
    const buy = swap(BUYER, MINT, slot + 1, "buy");
    const r1 = await batch([buy], [ev("created", create, MINT)]);
    expect(r1.creations).toBe(1);
    // The holder sells without a buy; the buyer sells what it bought; UNSEEN holds a token whose creation we never saw.
    const holderSell = swap(HOLDER, MINT, slot + 2, "sell");
    const buyerSell = swap(BUYER, MINT, slot + 3, "sell");
    const unseenSell = swap(UNSEEN, UNKNOWN, slot + 3, "sell");
    const r2 = await batch([holderSell, buyerSell, unseenSell], [holderSell, buyerSell, unseenSell].map((s) => ev("held-before-swap", s, s.mintIn)));
    expect(r2.wallets).toEqual([HOLDER]);
    // A sell judged before its buy was stored (batches in flight together): the buy, when it lands, takes the label back.
    const lateSell = swap(LATE, MINT, slot + 6, "sell");
    await batch([lateSell], [ev("held-before-swap", lateSell, MINT)]);
    expect(await roles()).toEqual({ "dev:known": "dev/pumpfun", "holder:known": `insider/${HELD_BEFORE_TRADING}`, "late:known": `insider/${HELD_BEFORE_TRADING}` });
    const r3 = await batch([swap(LATE, MINT, slot + 5, "buy")], []);
    expect(r3.wallets).toEqual([LATE]);
    expect(await roles()).toEqual({ "dev:known": "dev/pumpfun", "holder:known": `insider/${HELD_BEFORE_TRADING}` });
    // Seen again: nothing changes, and a dev who also got tokens at creation stays dev.
    await batch([holderSell, buyerSell], [ev("held-before-swap", holderSell, MINT), ev("received-at-creation", create, MINT), ev("created", create, MINT)]);
    expect(await roles()).toEqual({ "dev:known": "dev/pumpfun", "holder:known": `insider/${HELD_BEFORE_TRADING}` });
  });

  it("the rescoring it triggers takes the insider's tier away", async () => {
    const redis = createTestRedis();
    const conn = new Redis(redis.url);
    try {
      const changed = new ChangedWallets(conn, redis.prefix);
      await changed.touch([HOLDER]);
      await runIncrementalScoring({ sql: db.sql, changed, nowSec: () => 1_800_000_000 });
      const p = (await walletProfileReader(db.sql)([HOLDER])).get(HOLDER);
      expect(p?.labels).toContain("insider");
      expect(p?.tier).toBeNull();
    } finally {
      conn.disconnect();
      await redis.cleanup();
    }
  });
});
