import { describe, expect, it } from "vitest";
import type { WalletProfile } from "../wallet-profile.js";
import { mint, profile, swapAt, wallet } from "../test-support/rules.js";
import { Backtest, summarize } from "./backtest.js";
import { RuleEngine } from "./engine.js";
import { chatRulesSchema, patternRuleSchema } from "./schema.js";

const [A, B, C, X] = ["a", "b", "c", "x"].map(wallet) as [string, string, string, string];
const profiles = new Map<string, WalletProfile>([A, B, C].map((w) => [w, profile(w, "S")]));
const T1 = mint("b1"), T2 = mint("b2");
const rule = patternRuleSchema.parse({ id: "c", kind: "cluster-buy", minWallets: 3, windowSec: 60, cooldownSec: 600 });

// Two clusters: T1 at t=1000 (price 1 → 1.5 after 1h → 0.5 after 24h), T2 at t=2000 (price 2 → 1 after 1h, no 24h data).
const stream = [
  swapAt({ trader: A, mint: T1, t: 990, priceUsd: 1 }),
  swapAt({ trader: B, mint: T1, t: 995, priceUsd: 1 }),
  swapAt({ trader: C, mint: T1, t: 1000, priceUsd: 1 }),
  swapAt({ trader: A, mint: T2, t: 1990, priceUsd: 2 }),
  swapAt({ trader: B, mint: T2, t: 1995, priceUsd: 2 }),
  swapAt({ trader: C, mint: T2, t: 2000, priceUsd: 2 }),
  swapAt({ trader: X, mint: T1, t: 4000, priceUsd: 1.5 }),
  // The as-of price at 1000+3600 is the 4000 trade, not this later one.
  swapAt({ trader: X, mint: T1, t: 4700, priceUsd: 9 }),
  swapAt({ trader: X, mint: T2, t: 5000, priceUsd: 1, side: "sell" }),
  swapAt({ trader: X, mint: T2, t: 6000, priceUsd: 1.2, side: "sell" }),
  swapAt({ trader: X, mint: T1, t: 80_000, priceUsd: 0.5 }),
  swapAt({ trader: X, mint: T1, t: 88_000, priceUsd: 0.4 }),
];

describe("backtest", () => {
  it("counts fires and the fired tokens' returns after 1h and 24h, price as of the target", () => {
    const bt = new Backtest(rule);
    bt.feed(stream, profiles);
    const r = bt.report();
    expect(r.fires).toBe(2);
    expect(r.tokens).toBe(2);
    expect(r.swaps).toBe(stream.length);
    expect(r.list.map((f) => f.returns)).toEqual([{ "1h": 50, "24h": -50 }, { "1h": -50 }]);
    expect(r.returns["1h"]).toEqual({ n: 2, medianPct: 0, bestPct: 50, worstPct: -50 });
    expect(r.returns["24h"]).toEqual({ n: 1, medianPct: -50, bestPct: -50, worstPct: -50 });
  });

  it("fires on the same swaps as the live engine, however the stream is chunked", () => {
    const live = new RuleEngine();
    live.setChats([{ chatId: "1", rules: chatRulesSchema.parse({ rules: [rule] }), wallets: [] }]);
    const liveFires = [stream.slice(0, 4), stream.slice(4)].flatMap((b) => live.evaluate(b, profiles, 0).fires.map((f) => f.triggerKey));
    for (const size of [1, 3, 100]) {
      const bt = new Backtest(rule);
      for (let i = 0; i < stream.length; i += size) bt.feed(stream.slice(i, i + size), profiles);
      expect(bt.report().list.map((f) => f.fire.triggerKey)).toEqual(liveFires);
    }
    expect(liveFires).toHaveLength(2);
  });

  it("summarizes empty and odd lists", () => {
    expect(summarize([])).toEqual({ n: 0, medianPct: null, bestPct: null, worstPct: null });
    expect(summarize([3, -1, 10])).toEqual({ n: 3, medianPct: 3, bestPct: 10, worstPct: -1 });
  });
});
