import { describe, expect, it } from "vitest";
import { buildCallerCard, buildWalletCard, type CallerCardLabels, type WalletCardInput, type WalletCardLabels } from "./cards.js";

const walletLabels: WalletCardLabels = {
  heading: "Wallet PnL",
  tier: "Tier",
  unranked: "–",
  score: "Score",
  pnl7d: "PnL 7d",
  pnl30d: "PnL 30d",
  winRate: "Win rate",
  trades: "Trades 30d",
  bestTrades: "Best trades",
  noTrades: "No closed trades",
  equity: "PnL curve",
  asOf: (t) => `as of ${t}`,
};
const ADDRESS = "GQpoa61ghhu51v6RnseVodSHkVki9XmtumBXjzBR8mQg";
const input: WalletCardInput = {
  address: ADDRESS,
  tier: "A",
  score: 72.44,
  pnl7dUsd: -1500,
  pnl30dUsd: 56_789,
  roi30dPct: 120,
  winRate: 0.625,
  trades30d: 231,
  bestTrades: Array.from({ length: 7 }, (_, i) => ({ token: `T${i}`, pnlUsd: 1000 - i * 300, roiPct: i === 0 ? null : 10 })),
  equity: [
    { t: 0, pnlUsd: 0 },
    { t: 86_400, pnlUsd: -2000 },
    { t: 172_800, pnlUsd: 5000 },
  ],
  asOf: Date.UTC(2026, 10, 22, 14, 5) / 1000,
};

describe("buildWalletCard", () => {
  it("shows tier, score, PnL with tones, win rate, up to five best trades and the curve", () => {
    const card = buildWalletCard(input, walletLabels);
    expect(card.title).toBe("GQpo…8mQg");
    expect(card.badge).toEqual({ text: "A", caption: "Tier", tier: "A" });
    expect(card.stats).toEqual([
      { label: "Score", value: "72.4", detail: "", tone: "flat" },
      { label: "PnL 7d", value: "-$1.5K", detail: "", tone: "down" },
      { label: "PnL 30d", value: "+$56.8K", detail: "+120%", tone: "up" },
      { label: "Win rate", value: "63%", detail: "", tone: "up" },
      { label: "Trades 30d", value: "231", detail: "", tone: "flat" },
    ]);
    expect(card.rows).toHaveLength(5);
    expect(card.rows[0]).toEqual({ name: "T0", value: "+$1K", detail: "", tone: "up" });
    expect(card.rows[4]).toMatchObject({ value: "-$200", tone: "down" });
    expect(card.curve).toMatchObject({ tone: "up" });
    expect(card.curve!.min).toBeLessThanOrEqual(-2000);
    expect(card.curve!.max).toBeGreaterThanOrEqual(5000);
    expect(card.footer).toBe("PumpSpace · as of 2026-11-22 14:05 UTC");
  });
  it("uses the label as title, and says unranked without a tier; no curve from one point", () => {
    const card = buildWalletCard({ ...input, label: "Whale", tier: null, winRate: null, equity: [{ t: 0, pnlUsd: 1 }] }, walletLabels);
    expect(card.title).toBe("Whale");
    expect(card.badge).toMatchObject({ text: "–", tier: null });
    expect(card.stats[3]).toMatchObject({ value: "–", tone: "flat" });
    expect(card.curve).toBeNull();
  });
});

describe("buildCallerCard", () => {
  const labels: CallerCardLabels = {
    heading: "Caller",
    rank: "Rank",
    unranked: "–",
    calls: "Calls",
    hitRate: "Hit rate",
    median: "Median",
    best: "Best",
    lead: "Lead",
    topCalls: "Best calls",
    noCalls: "No calls",
    asOf: (t) => t,
  };
  it("shows the rank, hit rate and returns", () => {
    const card = buildCallerCard(
      { name: "Alpha", handle: "@alpha", rank: 3, calls: 142, hitRate: 0.41, medianReturnPct: -5, bestReturnPct: 1840, medianLeadMinutes: 12.4, topCalls: [{ token: "POPCAT", returnPct: 1840, calledAt: 0 }], asOf: 0 },
      labels,
    );
    expect(card.badge).toEqual({ text: "#3", caption: "Rank", tier: null });
    expect(card.subtitle).toBe("Caller · @alpha");
    expect(card.stats.map((s) => s.value)).toEqual(["142", "41%", "-5.00%", "+1,840%", "12m"]);
    expect(card.rows).toEqual([{ name: "POPCAT", value: "+1,840%", detail: "1970-01-01", tone: "up" }]);
  });
});
