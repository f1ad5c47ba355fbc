import { describe, expect, it } from "vitest";
import type { Trade } from "./pnl.js";
import {
  MAX_CLUSTER_FUNDED,
  DEFAULT_SCORE_SETTINGS,
  mergeScoreSettings,
  scoreWallet,
  tierFor,
  wilsonLower,
} from "./wallet-score.js";

const NOW = 1_800_000_000;
const DAY = 86_400;

/** One closed round on its own mint: buy for `cost` SOL, sell for `cost × (1 + roi)`. */
function round(i: number, cost: number, roi: number, daysAgo = 3, slot = 1_000 * i): Trade[] {
  const mint = `mint${i}`;
  const time = NOW - daysAgo * DAY;
  return [
    { mint, kind: "buy", amount: 1_000n, decimals: 0, valueSol: cost, valueUsd: null, slot, time },
    { mint, kind: "sell", amount: 1_000n, decimals: 0, valueSol: cost * (1 + roi), valueUsd: null, slot: slot + 500, time: time + 600 },
  ];
}
const rounds = (rois: number[], cost = 1) => rois.flatMap((r, i) => round(i, cost, r));

describe("metrics", () => {
  it("win rate, profit factor, median ROI and the biggest win and loss of closed positions", () => {
    const w = scoreWallet("W", rounds([1, 0.5, -0.5, 0.2]), NOW);
    expect(w.metrics.closed).toBe(4);
    expect(w.metrics.wins).toBe(3);
    expect(w.metrics.winRate).toBe(0.75);
    expect(w.metrics.profitFactor).toBeCloseTo(1.7 / 0.5, 9);
    expect(w.metrics.medianRoi).toBeCloseTo(0.35, 9);
    expect(w.metrics.biggestWinSol).toBeCloseTo(1, 9);
    expect(w.metrics.biggestLossSol).toBeCloseTo(-0.5, 9);
    expect(w.metrics.tokens).toBe(4);
    expect(w.metrics.swaps).toBe(8);
  });

  it("windows take realized profit by the time of the sell", () => {
    const trades = [...round(0, 1, 1, 0.5), ...round(1, 1, 1, 5), ...round(2, 1, 1, 20), ...round(3, 1, 1, 100)];
    const w = scoreWallet("W", trades, NOW).metrics.windows;
    expect([w["1d"].realizedSol, w["7d"].realizedSol, w["30d"].realizedSol, w.all.realizedSol]).toEqual([1, 2, 3, 4]);
    expect(w["7d"].trades).toBe(4);
  });
});

describe("score", () => {
  it("is shrunk: one lucky trade ranks below a long record of ordinary wins", () => {
    const lucky = scoreWallet("L", rounds([50]), NOW);
    const steady = scoreWallet("S", rounds(Array.from({ length: 40 }, (_, i) => (i % 4 === 0 ? -0.3 : 0.4))), NOW);
    expect(steady.score).toBeGreaterThan(lucky.score);
    expect(lucky.confidence).toBeLessThan(0.1);
    expect(steady.confidence).toBeGreaterThan(0.75);
    expect(lucky.tier).toBeNull(); // under minClosed
    expect(steady.tier).not.toBeNull();
  });

  it("penalizes a record whose profit is one trade", () => {
    const onehit = scoreWallet("O", rounds([20, -0.1, -0.1, 0.05, -0.1, -0.1, 0.05, -0.1, -0.1, 0.05]), NOW);
    const luck = onehit.parts.find((p) => p.key === "luck")!;
    expect(luck.value).toBeGreaterThan(0.9);
    expect(luck.points).toBeLessThan(-15);
  });

  it("explains itself: the parts add up to the score", () => {
    const w = scoreWallet("W", rounds([0.3, 0.6, -0.2, 0.4, 0.1, 0.9, -0.4, 0.2]), NOW);
    expect(w.parts.map((p) => p.key)).toEqual(["win-rate", "roi", "profit-factor", "pnl", "luck"]);
    const sum = w.parts.reduce((a, p) => a + p.points, 0);
    expect(w.score).toBeCloseTo(Math.min(100, Math.max(0, sum)), 1);
    expect(w.parts[0]!.value).toBeCloseTo(wilsonLower(6, 8), 3);
  });

  it("losing wallets score low and get no tier", () => {
    const w = scoreWallet("W", rounds(Array.from({ length: 20 }, () => -0.5)), NOW);
    expect(w.score).toBe(0);
    expect(w.tier).toBeNull();
  });

  it("tiers follow the configured thresholds", () => {
    const s = mergeScoreSettings({ tiers: { S: 90, A: 60, B: 10 } });
    expect(tierFor(65, 10, [], s)).toBe("A");
    expect(tierFor(95, 10, [], s)).toBe("S");
    expect(tierFor(5, 10, [], s)).toBeNull();
    expect(tierFor(95, 10, ["bot"], s)).toBeNull();
    expect(tierFor(95, 2, [], s)).toBeNull();
  });

  it("stored settings are merged over defaults; malformed or disordered values fall back", () => {
    expect(mergeScoreSettings({})).toEqual(DEFAULT_SCORE_SETTINGS);
    expect(mergeScoreSettings({ tiers: { S: 10, A: 50, B: 40 } }).tiers).toEqual(DEFAULT_SCORE_SETTINGS.tiers);
    expect(mergeScoreSettings({ minClosed: "7", method: "fifo" })).toMatchObject({ minClosed: 5, method: "fifo" });
  });
});

describe("labels", () => {
  const swap = (mint: string, kind: "buy" | "sell", slot: number): Trade => ({
    mint,
    kind,
    amount: 10n,
    decimals: 0,
    valueSol: 1,
    valueUsd: null,
    slot,
    time: NOW - 1000 + slot,
  });

  it("bot: many trades inside a minute", () => {
    const trades = Array.from({ length: 12 }, (_, i) => swap(`m${i}`, "buy", 100 + i * 10));
    expect(scoreWallet("B", trades, NOW).labels).toContain("bot");
    const slow = Array.from({ length: 12 }, (_, i) => swap(`m${i}`, "buy", 100 + i * 200));
    expect(scoreWallet("B", slow, NOW).labels).not.toContain("bot");
  });

  it("mev: a same-slot round trip around someone else's trade, or repeated round trips", () => {
    const trades = [swap("x", "buy", 50), swap("x", "sell", 50)];
    expect(scoreWallet("M", trades, NOW).labels).not.toContain("mev");
    expect(scoreWallet("M", trades, NOW, { othersInSlot: new Set(["x:50"]) }).labels).toContain("mev");
    const twice = [...trades, swap("y", "buy", 900), swap("y", "sell", 900)];
    expect(scoreWallet("M", twice, NOW).labels).toContain("mev");
  });

  it("sniper: first buys within the first slots of most tokens it bought", () => {
    const trades = [swap("a", "buy", 101), swap("b", "buy", 502), swap("c", "buy", 1003), swap("d", "buy", 5000)];
    const firsts = new Map([["a", 100], ["b", 500], ["c", 1000], ["d", 100]]);
    expect(scoreWallet("S", trades, NOW, { tokenFirstSlot: firsts }).labels).toContain("sniper");
    const late = new Map([["a", 10], ["b", 10], ["c", 1000], ["d", 100]]);
    expect(scoreWallet("S", trades, NOW, { tokenFirstSlot: late }).labels).not.toContain("sniper");
  });

  it("market maker: balanced two-way flow with a thin margin", () => {
    const trades = Array.from({ length: 50 }, (_, i) => swap("mm", i % 2 ? "sell" : "buy", i * 1000));
    expect(scoreWallet("MM", trades, NOW).labels).toEqual(["market-maker"]);
    const oneWay = Array.from({ length: 50 }, (_, i) => swap("mm", "buy", i * 1000));
    expect(scoreWallet("MM", oneWay, NOW).labels).toEqual([]);
  });

  it("dev and insider come from recorded roles; a shared funder makes a cluster", () => {
    const w = scoreWallet("D", rounds([0.1]), NOW, {
      insiderRoles: new Map([["mint0", "dev" as const]]),
      funder: { address: "F", funded: 3 },
    });
    expect(w.labels).toEqual(["dev"]);
    expect(w.clusterId).toBe("funder:F");
    expect(scoreWallet("D", [], NOW, { funder: { address: "F", funded: 1 } }).clusterId).toBeNull();
    // A funder of more wallets than one owner keeps is a service (an exchange): no cluster.
    expect(scoreWallet("D", [], NOW, { funder: { address: "F", funded: MAX_CLUSTER_FUNDED } }).clusterId).toBe("funder:F");
    expect(scoreWallet("D", [], NOW, { funder: { address: "F", funded: MAX_CLUSTER_FUNDED + 1 } }).clusterId).toBeNull();
  });
});
