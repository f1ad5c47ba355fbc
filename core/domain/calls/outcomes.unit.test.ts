import { describe, expect, it } from "vitest";
import { rankCallers, wilsonLowerBound, median, type ScoredCall } from "./leaderboard.js";
import { computeOutcome, horizonDue, marketCapUsd } from "./outcomes.js";

const pt = (at: number, usd: number | null, sol: number | null = null) => ({ at, priceUsd: usd, priceSol: sol });

describe("computeOutcome", () => {
  it("takes the last price in the window, and the extremes including the call price", () => {
    const o = computeOutcome({ priceUsd: 2, priceSol: 0.01 }, [pt(3, 5), pt(1, 1), pt(2, 8), pt(4, 3)], null);
    expect(o).toEqual({ basis: "usd", price: 3, peak: 8, trough: 1, returnPct: 0.5, athPct: 3, drawdownPct: -0.5, swaps: 4 });
  });

  it("falls back to the last price before the window, and to SOL when the call had no USD price", () => {
    const quiet = computeOutcome({ priceUsd: 2, priceSol: null }, [], pt(0, 4));
    expect(quiet).toMatchObject({ price: 4, peak: 2, trough: 2, returnPct: 1, athPct: 0, drawdownPct: 0, swaps: 0 });
    const sol = computeOutcome({ priceUsd: null, priceSol: 0.5 }, [pt(1, 100, 1), pt(2, null, 0.25)], null);
    expect(sol).toMatchObject({ basis: "sol", price: 0.25, peak: 1, trough: 0.25, returnPct: -0.5, athPct: 1, drawdownPct: -0.5 });
  });

  it("gives no returns for a call that was never priced", () => {
    expect(computeOutcome({ priceUsd: null, priceSol: null }, [pt(1, 3)], null)).toMatchObject({ price: 3, returnPct: null, athPct: null });
  });

  it("knows when each horizon is due and the market cap of launchpad tokens", () => {
    expect(horizonDue(1000, "3d")).toBe(1000 + 72 * 3_600_000);
    expect(marketCapUsd("Abcpump", 0.00005, null)).toBeCloseTo(50_000);
    expect(marketCapUsd("Abc", 0.5, null)).toBeNull();
    expect(marketCapUsd("Abc", 0.5, 1000)).toBe(500);
  });
});

describe("leaderboard", () => {
  it("computes the Wilson lower bound as by hand", () => {
    expect(wilsonLowerBound(3, 3)).toBeCloseTo(0.4385, 4);
    expect(wilsonLowerBound(15, 20)).toBeCloseTo(0.5313, 4);
    expect(wilsonLowerBound(40, 60)).toBeCloseTo(0.5406, 4);
    expect(wilsonLowerBound(0, 0)).toBe(0);
    expect(median([3, 1, 2, 10])).toBe(2.5);
  });

  it("ranks a long good record above three lucky calls, with medians, bests and first calls", () => {
    const calls: ScoredCall[] = [];
    const out = (ath: number, ret: number) => ({ "1h": { returnPct: ret / 2, athPct: ath / 2 }, "24h": { returnPct: ret, athPct: ath } });
    // lucky: 3 calls, all 2x or better within 24h; first on mint L0 only.
    calls.push({ callerId: "lucky", mint: "L0", calledAt: 1, outcomes: out(1.5, 0.5) });
    calls.push({ callerId: "lucky", mint: "L1", calledAt: 50, outcomes: out(1.0, -0.2) });
    calls.push({ callerId: "lucky", mint: "L2", calledAt: 50, outcomes: out(3.0, 2.0) });
    // steady: 20 judged calls, 15 hits, plus one call too fresh to judge; copies L1 earlier than lucky.
    for (let i = 0; i < 20; i++) calls.push({ callerId: "steady", mint: `S${i}`, calledAt: 10 + i, outcomes: out(i < 15 ? 1.2 : 0.4, i / 10) });
    calls.push({ callerId: "steady", mint: "L1", calledAt: 40, outcomes: {} });
    // loud: many calls, few hits.
    for (let i = 0; i < 30; i++) calls.push({ callerId: "loud", mint: `S${i}`, calledAt: 100 + i, outcomes: out(i < 3 ? 1 : 0.1, -0.5) });

    const table = rankCallers(calls, { hitMultiple: 2, hitHorizon: "24h" });
    expect(table.map((s) => s.callerId)).toEqual(["steady", "lucky", "loud"]);
    const [steady, lucky, loud] = table;
    expect(steady).toMatchObject({ calls: 21, judged: 20, hits: 15, hitRate: 0.75, firstCalls: 21 });
    expect(steady!.confidence).toBeCloseTo(0.5313, 4);
    // returns 0.0 .. 1.9 step 0.1: median of 20 values = (0.9 + 1.0) / 2
    expect(steady!.median["24h"]).toBeCloseTo(0.95);
    expect(steady!.best["24h"]).toBeCloseTo(1.9);
    expect(steady!.median["3d"]).toBeNull();
    expect(lucky).toMatchObject({ calls: 3, judged: 3, hits: 3, hitRate: 1, firstCalls: 2 });
    expect(lucky!.median["24h"]).toBeCloseTo(0.5);
    expect(lucky!.best["24h"]).toBeCloseTo(2.0);
    expect(lucky!.median["1h"]).toBeCloseTo(0.25);
    // S20..S29 nobody else called: loud was first on those ten.
    expect(loud).toMatchObject({ calls: 30, hits: 3, hitRate: 0.1, firstCalls: 10 });
    expect(loud!.confidence).toBeCloseTo(wilsonLowerBound(3, 30), 10);
  });

  it("uses the configured multiple", () => {
    const c: ScoredCall = { callerId: "a", mint: "m", calledAt: 1, outcomes: { "24h": { returnPct: 0, athPct: 1.5 } } };
    expect(rankCallers([c], { hitMultiple: 3, hitHorizon: "24h" })[0]!.hits).toBe(0);
    expect(rankCallers([c], { hitMultiple: 2.5, hitHorizon: "24h" })[0]!.hits).toBe(1);
  });
});
