import bs58 from "bs58";
import { seededRandom } from "./test-support/random.js";
import { describe, expect, it } from "vitest";
import { USDC_MINT, WSOL_MINT, type Swap } from "./swap.js";
import {
  applyDelta,
  BLOB_BYTES,
  decodeState,
  emptyState,
  encodeDelta,
  encodeState,
  foldTrades,
  HLL_REGISTERS,
  hllEstimate,
  hllPosition,
  roundTrip,
  snapshotOf,
  TIERS,
  tradePoint,
  type TokenState,
  type TradePoint,
} from "./token-windows.js";
import type { TokenStatsSnapshot, TokenWindowStats } from "./token-stats.js";

const rng = seededRandom;

const NOW = 1_790_000_000;
const MINTS = ["MintA111111111111111111111111111111111111111", "MintB222222222222222222222222222222222222222", "MintC3"];

function randomPoints(seed: number, n: number): TradePoint[] {
  const r = rng(seed);
  const traders = Array.from({ length: 1 + Math.floor(r() * 300) }, (_, i) => `trader-${seed}-${i}`);
  return Array.from({ length: n }, (_, i) => {
    // Mostly recent trades, some older than every window, a few in the future of nothing.
    const age = r() < 0.1 ? 86_400 + r() * 20_000 : r() < 0.4 ? r() * 400 : r() * 90_000;
    const unpriced = r() < 0.05;
    const priceSol = unpriced ? null : 1e-6 * (1 + r());
    const priceUsd = unpriced || r() < 0.1 ? null : (priceSol ?? 0) * 150;
    return {
      mint: MINTS[Math.floor(r() * MINTS.length)]!,
      t: Math.floor(NOW - age),
      key: Math.floor(r() * 2 ** 31) * 0x100000 + i + 1,
      side: r() < 0.5 ? "buy" : "sell",
      volSol: r() * 10,
      volUsd: r() * 1500,
      priceSol,
      priceUsd,
      trader: traders[Math.floor(r() * traders.length)]!,
    } satisfies TradePoint;
  });
}

/** The window stats recomputed from the raw trades, with no buckets at all. */
function bruteForce(points: readonly TradePoint[], mint: string, now: number) {
  const mine = points.filter((p) => p.mint === mint);
  const lastPriced = mine.filter((p) => p.priceSol !== null || p.priceUsd !== null).sort((a, b) => b.key - a.key)[0];
  const windows: Record<string, TokenWindowStats> = {};
  for (const tier of TIERS) {
    const nowId = Math.floor(now / tier.bucketSec);
    const inside = mine.filter((p) => {
      const id = Math.floor(p.t / tier.bucketSec);
      return id > nowId - tier.slots && id <= nowId;
    });
    const open = inside.filter((p) => p.priceSol !== null || p.priceUsd !== null).sort((a, b) => a.key - b.key)[0];
    const regs = new Uint8Array(HLL_REGISTERS);
    for (const p of inside) {
      const [reg, rank] = hllPosition(p.trader);
      regs[reg] = Math.max(regs[reg]!, rank);
    }
    const sum = (f: (p: TradePoint) => number) => inside.reduce((a, p) => a + f(p), 0);
    const buys = inside.filter((p) => p.side === "buy");
    const sells = inside.filter((p) => p.side === "sell");
    windows[tier.window] = {
      openPriceSol: open?.priceSol ?? null,
      openPriceUsd: open?.priceUsd ?? null,
      changePct: null,
      volumeSol: sum((p) => p.volSol),
      volumeUsd: sum((p) => p.volUsd),
      buys: buys.length,
      sells: sells.length,
      buyVolumeSol: buys.reduce((a, p) => a + p.volSol, 0),
      sellVolumeSol: sells.reduce((a, p) => a + p.volSol, 0),
      buyVolumeUsd: buys.reduce((a, p) => a + p.volUsd, 0),
      sellVolumeUsd: sells.reduce((a, p) => a + p.volUsd, 0),
      traders: hllEstimate(regs),
    };
  }
  return {
    priceSol: lastPriced?.priceSol ?? null,
    priceUsd: lastPriced?.priceUsd ?? null,
    firstTradeAt: mine.length ? Math.min(...mine.map((p) => p.t)) : null,
    lastTradeAt: mine.length ? Math.max(...mine.map((p) => p.t)) : null,
    windows,
    distinct: Object.fromEntries(
      TIERS.map((tier) => {
        const nowId = Math.floor(now / tier.bucketSec);
        const ids = new Set(
          mine.filter((p) => Math.floor(p.t / tier.bucketSec) > nowId - tier.slots).map((p) => p.trader),
        );
        return [tier.window, ids.size];
      }),
    ),
  };
}

/** Delivers points in shuffled batches, each stored as bytes the way Redis keeps them. */
function deliver(points: readonly TradePoint[], seed: number): Map<string, TokenState> {
  const r = rng(seed);
  const shuffled = [...points].sort(() => r() - 0.5);
  const states = new Map<string, TokenState>();
  for (let i = 0; i < shuffled.length; ) {
    const n = 1 + Math.floor(r() * 40);
    for (const d of foldTrades(shuffled.slice(i, i + n)).values()) {
      const st = states.get(d.mint) ?? emptyState();
      applyDelta(st, d);
      states.set(d.mint, decodeState(encodeState(st)));
    }
    i += n;
  }
  return states;
}

const close = (a: number, b: number) => Math.abs(a - b) <= 1e-4 * Math.max(1, Math.abs(b));

function expectMatches(got: TokenStatsSnapshot, want: ReturnType<typeof bruteForce>) {
  expect(got.priceSol).toBe(want.priceSol);
  expect(got.priceUsd).toBe(want.priceUsd);
  expect(got.firstTradeAt).toBe(want.firstTradeAt);
  expect(got.lastTradeAt).toBe(want.lastTradeAt);
  for (const tier of TIERS) {
    const g = got.windows[tier.window];
    const w = want.windows[tier.window]!;
    expect(g.buys, tier.window).toBe(w.buys);
    expect(g.sells, tier.window).toBe(w.sells);
    expect(g.traders, tier.window).toBe(w.traders);
    for (const f of ["volumeSol", "volumeUsd", "buyVolumeSol", "sellVolumeSol", "buyVolumeUsd", "sellVolumeUsd"] as const) {
      expect(close(g[f], w[f]), `${tier.window} ${f}: ${g[f]} vs ${w[f]}`).toBe(true);
    }
    // Open prices are stored as f32.
    for (const f of ["openPriceSol", "openPriceUsd"] as const) {
      if (w[f] === null) expect(g[f]).toBeNull();
      else expect(Math.abs(g[f]! - w[f]!) / w[f]!).toBeLessThan(1e-6);
    }
  }
}

describe("token windows", () => {
  it("match a brute-force recomputation over random swap sequences delivered out of order", () => {
    for (let seed = 1; seed <= 25; seed++) {
      const points = randomPoints(seed, 50 + seed * 20);
      const a = deliver(points, seed * 7);
      const b = deliver(points, seed * 13 + 1);
      for (const mint of MINTS) {
        const want = bruteForce(points, mint, NOW);
        if (want.lastTradeAt === null) {
          expect(a.has(mint)).toBe(false);
          continue;
        }
        const sa = snapshotOf(mint, a.get(mint)!, NOW);
        const sb = snapshotOf(mint, b.get(mint)!, NOW);
        expectMatches(sa, want);
        expectMatches(sb, want);
        // Two delivery orders agree on everything but float rounding.
        expect(sa.windows["24h"].buys).toBe(sb.windows["24h"].buys);
      }
    }
  });

  it("counts change from the window's first trade to the last one", () => {
    const p = (t: number, key: number, price: number): TradePoint => ({
      mint: "M",
      t,
      key,
      side: "buy",
      volSol: 1,
      volUsd: 150,
      priceSol: price,
      priceUsd: price * 150,
      trader: "w",
    });
    const st = emptyState();
    // Delivered newest first: the open is still the earliest trade.
    for (const d of foldTrades([p(NOW - 10, 30, 2), p(NOW - 100, 20, 1.5), p(NOW - 3000, 10, 1)]).values()) applyDelta(st, d);
    const s = snapshotOf("M", st, NOW);
    expect(s.priceSol).toBe(2);
    expect(s.windows["5m"].openPriceSol).toBe(1.5);
    expect(s.windows["5m"].changePct).toBeCloseTo((2 / 1.5 - 1) * 100, 6);
    expect(s.windows["1h"].openPriceSol).toBe(1);
    expect(s.windows["1h"].changePct).toBeCloseTo(100, 6);
    expect(s.windows["5m"].buys).toBe(2);
    expect(s.windows["24h"].buys).toBe(3);
    expect(s.windows["24h"].traders).toBe(1);
    // A day later every window is empty but the last price stays.
    const later = snapshotOf("M", st, NOW + 90_000);
    expect(later.windows["24h"].buys).toBe(0);
    expect(later.windows["24h"].changePct).toBeNull();
    expect(later.priceSol).toBe(2);
  });

  it("estimates distinct traders within the sketch's error", () => {
    for (const n of [1, 5, 40, 1000, 20_000]) {
      const regs = new Uint8Array(HLL_REGISTERS);
      for (let i = 0; i < n; i++) {
        const [reg, rank] = hllPosition(`wallet-${n}-${i}`);
        regs[reg] = Math.max(regs[reg]!, rank);
      }
      const est = hllEstimate(regs);
      const tolerance = n <= 5 ? 1 : n * 0.45;
      expect(Math.abs(est - n), `n=${n} est=${est}`).toBeLessThanOrEqual(tolerance);
    }
  });

  it("reads the token side of a swap: buy when the trader receives the token", () => {
    const base: Swap = {
      signature: "sig1111111111111111111111111111111111",
      slot: 300_000_000,
      blockTime: NOW - 5,
      ixPath: "2",
      dex: "pumpfun",
      programId: "p",
      pool: null,
      trader: "W",
      mintIn: WSOL_MINT,
      amountIn: 2_000_000_000n,
      decimalsIn: 9,
      mintOut: "TOKEN",
      amountOut: 1_000_000n,
      decimalsOut: 6,
      priceSol: 2,
      priceUsd: 300,
    };
    const buy = tradePoint(base, NOW)!;
    expect(buy).toMatchObject({ mint: "TOKEN", side: "buy", volSol: 2, t: NOW - 5 });
    expect(buy.volUsd).toBeCloseTo(300, 9);
    const sell = tradePoint({ ...base, mintIn: "TOKEN", amountIn: 1_000_000n, decimalsIn: 6, mintOut: USDC_MINT, amountOut: 300_000_000n, decimalsOut: 6, blockTime: null }, NOW)!;
    expect(sell).toMatchObject({ mint: "TOKEN", side: "sell", volUsd: 300, volSol: 2, t: NOW });
    expect(tradePoint({ ...base, mintIn: "OTHER" }, NOW)).toBeNull();
    // Later slot orders after earlier slot, whatever the hashes.
    expect(tradePoint({ ...base, slot: base.slot + 1 }, NOW)!.key).toBeGreaterThan(buy.key);
  });

  it("keeps a full state within the memory budget", () => {
    // The allocator's 3584-byte size class (with Redis's string header); the whole per-token
    // footprint the stats bench measures must stay under 4 KB.
    expect(BLOB_BYTES).toBeLessThanOrEqual(3584 - 16);
    const st = emptyState();
    expect(decodeState(encodeState(st))).toEqual(st);
    expect(snapshotOf("M", decodeState(new Uint8Array(7)), NOW).lastTradeAt).toBeNull();
  });
});

// ---- pools, liquidity and price from reserves ----------------------------------------------

const addrOf = (i: number) => bs58.encode(Uint8Array.from({ length: 32 }, (_, j) => (j === 0 ? i + 1 : (i * 7 + j) & 0xff)));
const POOLS = [0, 1, 2, 3].map(addrOf);

/** Trades of MINTS[0..1] over four pools (no more than the records: the result is exact). */
function pooledPoints(seed: number, n: number): TradePoint[] {
  const r = rng(seed);
  return Array.from({ length: n }, (_, i) => {
    const age = r() < 0.3 ? 43_200 + r() * 90_000 : r() * 43_200;
    const known = r() < 0.7;
    return {
      mint: MINTS[Math.floor(r() * 2)]!,
      pool: POOLS[Math.floor(r() * POOLS.length)]!,
      dex: r() < 0.5 ? "pumpswap" : "raydium-amm-v4",
      liqUsd: known ? Math.round(r() * 1e6) : null,
      t: Math.floor(NOW - age),
      key: Math.floor(r() * 2 ** 31) * 0x100000 + i + 1,
      side: r() < 0.5 ? "buy" : "sell",
      volSol: r() * 10,
      volUsd: Math.round(r() * 1500),
      priceSol: 1e-6,
      priceUsd: 1.5e-4,
      trader: `t${i % 50}`,
    } satisfies TradePoint;
  });
}

function bruteForcePools(points: readonly TradePoint[], mint: string, now: number) {
  const id = Math.floor(now / 43_200);
  const byPool = new Map<string, { vol: number; liqKey: number; liq: number | null }>();
  for (const p of points.filter((q) => q.mint === mint)) {
    const pid = Math.floor(p.t / 43_200);
    const e = byPool.get(p.pool!) ?? { vol: 0, liqKey: 0, liq: null, live: false };
    if (pid === id || pid === id - 1) e.vol += p.volUsd;
    if (p.liqUsd != null && p.key > e.liqKey) {
      e.liqKey = p.key;
      e.liq = p.liqUsd;
    }
    byPool.set(p.pool!, e);
  }
  // a pool counts when it traded in the last two 12-hour buckets (its record is that fresh)
  const live = points.filter((q) => q.mint === mint && Math.floor(q.t / 43_200) >= id - 1).map((q) => q.pool!);
  let liquidity: number | null = null;
  for (const pool of new Set(live)) {
    const e = byPool.get(pool)!;
    if (e.liq !== null) liquidity = (liquidity ?? 0) + e.liq;
  }
  const top = [...byPool.entries()]
    .filter(([, e]) => e.vol > 0)
    .sort((a, b) => b[1].vol - a[1].vol)
    .slice(0, 3)
    .map(([pool, e]) => ({ pool, volumeUsd: e.vol }));
  return { liquidity, top };
}

describe("token windows: pools", () => {
  it("liquidity and top pools match a brute-force recomputation, whatever the delivery order", () => {
    let full = 0;
    for (let seed = 1; seed <= 20; seed++) {
      const points = pooledPoints(seed, 40 + seed * 15);
      for (const order of [seed * 3, seed * 5 + 2]) {
        const states = deliver(points, order);
        for (const mint of MINTS.slice(0, 2)) {
          const want = bruteForcePools(points, mint, NOW);
          const st = states.get(mint);
          if (!st) continue;
          const got = snapshotOf(mint, st, NOW);
          if (want.liquidity === null) expect(got.liquidityUsd).toBeNull();
          else expect(Math.abs(got.liquidityUsd! - want.liquidity)).toBeLessThanOrEqual(1e-6 * want.liquidity + 4);
          expect(got.topPools.map((p) => p.pool)).toEqual(want.top.map((p) => p.pool));
          got.topPools.forEach((p, i) => expect(close(p.volumeUsd, want.top[i]!.volumeUsd)).toBe(true));
          for (const p of got.topPools) expect(["pumpswap", "raydium-amm-v4"]).toContain(p.dex);
          if (got.topPools.length === 3 && got.liquidityUsd !== null) full++;
        }
      }
    }
    expect(full).toBeGreaterThan(20);
  });

  it("keeps the busiest pool through a long tail of small pools", () => {
    const st = emptyState();
    const big: TradePoint = { ...pooledPoints(1, 1)[0]!, mint: "M", pool: addrOf(100), volUsd: 50_000, t: NOW - 60, liqUsd: 80_000 };
    applyDelta(st, foldTrades([big]).get("M")!);
    for (let i = 0; i < 40; i++) {
      applyDelta(st, foldTrades([{ ...big, pool: addrOf(200 + i), volUsd: 10 + i, liqUsd: null, key: big.key + i + 1 }]).get("M")!);
    }
    const snap = snapshotOf("M", roundTrip(st), NOW);
    expect(snap.topPools[0]).toMatchObject({ pool: addrOf(100), volumeUsd: 50_000 });
    expect(snap.topPools).toHaveLength(3);
    expect(snap.liquidityUsd).toBe(80_000);
    // pools that stopped trading two buckets ago no longer count
    expect(snapshotOf("M", st, NOW + 2 * 43_200).liquidityUsd).toBeNull();
    expect(snapshotOf("M", st, NOW + 2 * 43_200).topPools).toEqual([]);
  });

  it("prices a tiny trade by its pool's reserves, a normal one by its own ratio; liquidity is twice the quote side", () => {
    const TOKEN = MINTS[0]!;
    const tiny: Swap = {
      signature: "s".repeat(88), slot: 1, blockTime: NOW, ixPath: "1", dex: "pumpswap",
      programId: "pAMMBay6oceH9fJKBRHGP5D4bD4sWpmSwMn52FMfXEA", pool: POOLS[0]!, trader: "w",
      mintIn: WSOL_MINT, amountIn: 1_000_000n, decimalsIn: 9, // 0.001 SOL
      mintOut: TOKEN, amountOut: 500_000n, decimalsOut: 6, // 0.5 token: own price 0.002 SOL, distorted
      priceSol: 0.002, priceUsd: 0.3,
      reserves: { base: 1_000_000_000_000n, quote: 1_000_000_000_000n }, // 1e6 tokens, 1000 SOL: 0.001 SOL
    };
    const p = tradePoint(tiny, NOW)!;
    expect(p.priceSol).toBeCloseTo(0.001, 12);
    expect(p.priceUsd).toBeCloseTo(0.15, 9); // at the swap's own SOL/USD (150)
    expect(p.liqUsd).toBeCloseTo(2 * 1000 * 150, 6);
    expect(p.volSol).toBeCloseTo(0.001, 12); // volume stays what moved

    const normal = tradePoint({ ...tiny, amountIn: 2_000_000_000n, amountOut: 1_000_000_000n, priceSol: 0.002, priceUsd: 0.3 }, NOW)!;
    expect(normal.priceSol).toBe(0.002);
    expect(normal.priceUsd).toBe(0.3);

    // a curve: the virtual reserves price it, only the real SOL is liquidity
    const curve = tradePoint({ ...tiny, dex: "pumpfun", reserves: { base: 1_000_000_000_000n, quote: 40_000_000_000n, realQuote: 10_000_000_000n } }, NOW)!;
    expect(curve.priceSol).toBeCloseTo(0.00004, 12);
    expect(curve.liqUsd).toBeCloseTo(2 * 10 * 150, 6);

    // USDC-quoted: reserve price is USD; SOL price at the swap's own SOL/USD
    const usdc = tradePoint({
      ...tiny, mintIn: USDC_MINT, decimalsIn: 6, amountIn: 500_000n, priceSol: 0.01, priceUsd: 1.5,
      reserves: { base: 1_000_000_000_000n, quote: 2_000_000_000n },
    }, NOW)!;
    expect(usdc.priceUsd).toBeCloseTo(0.002, 12); // 2000 USDC / 1e6 tokens
    expect(usdc.priceSol).toBeCloseTo(0.002 / 150, 12);
    expect(usdc.liqUsd).toBeCloseTo(4000, 6);

    // no SOL/USD known: no USD liquidity, reserve SOL price still used
    const noUsd = tradePoint({ ...tiny, priceUsd: null }, NOW)!;
    expect(noUsd.liqUsd).toBeNull();
    expect(noUsd.priceSol).toBeCloseTo(0.001, 12);
    expect(noUsd.priceUsd).toBeNull();
  });
});
