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
    expect(BLOB_BYTES).toBeLessThanOrEqual(3072 - 16);
    const st = emptyState();
    expect(decodeState(encodeState(st))).toEqual(st);
    expect(snapshotOf("M", decodeState(new Uint8Array(7)), NOW).lastTradeAt).toBeNull();
  });
});
