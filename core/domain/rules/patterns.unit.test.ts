import { describe, expect, it } from "vitest";
import { readdirSync } from "node:fs";
import { decodeSwaps } from "../decoders/index.js";
import { FIXTURE_DIR, loadTx } from "../test-support/fixtures.js";
import type { Swap } from "../swap.js";
import type { WalletProfile } from "../wallet-profile.js";
import { measureSwap } from "./filter.js";
import { createPatternEvaluator, type PatternFire } from "./patterns.js";
import { patternRuleSchema, type PatternRuleInput } from "./schema.js";
import { mint, profile, swapAt, wallet, type SwapSpec } from "../test-support/rules.js";

function run(ruleIn: PatternRuleInput, swaps: readonly Swap[], profiles: ReadonlyMap<string, WalletProfile>): PatternFire[] {
  const ev = createPatternEvaluator(patternRuleSchema.parse(ruleIn));
  const fires: PatternFire[] = [];
  for (const s of swaps) {
    const f = ev.observe(measureSwap(s, s.blockTime!), profiles.get(s.trader));
    if (f) fires.push(f);
  }
  return fires;
}

const A = wallet("a"), B = wallet("b"), C = wallet("c"), D = wallet("d"), X = wallet("x");
const TOKEN = mint("t1"), OTHER = mint("t2");
const smart = new Map<string, WalletProfile>([
  [A, profile(A, "S")],
  [B, profile(B, "A")],
  [C, profile(C, "B")],
  [D, profile(D, "S")],
]);
const buys = (specs: Omit<SwapSpec, "mint">[], m = TOKEN) => specs.map((s) => swapAt({ mint: m, ...s }));

describe("cluster buy", () => {
  it("fires when the third distinct smart wallet buys within 60 s, with the evidence", () => {
    const fires = run({ id: "r", kind: "cluster-buy" }, buys([{ trader: A, t: 1000, sol: 2 }, { trader: B, t: 1030 }, { trader: C, t: 1059, sol: 0.5 }]), smart);
    expect(fires).toHaveLength(1);
    expect(fires[0]!.kind).toBe("cluster-buy");
    expect(fires[0]!.tokenMint).toBe(TOKEN);
    expect(fires[0]!.timeSec).toBe(1059);
    expect(fires[0]!.evidence.map((e) => [e.wallet, e.timeSec, e.sizeSol])).toEqual([
      [A, 1000, 2],
      [B, 1030, 1],
      [C, 1059, 0.5],
    ]);
  });

  it("does not fire when the buys spread wider than the window, or one wallet buys thrice", () => {
    expect(run({ id: "r", kind: "cluster-buy" }, buys([{ trader: A, t: 1000 }, { trader: B, t: 1030 }, { trader: C, t: 1061 }]), smart)).toEqual([]);
    expect(run({ id: "r", kind: "cluster-buy" }, buys([{ trader: A, t: 1000 }, { trader: A, t: 1001 }, { trader: A, t: 1002 }]), smart)).toEqual([]);
  });

  it("counts wallets of one owner cluster once", () => {
    const clustered = new Map(smart);
    clustered.set(B, profile(B, "A", { clusterId: "owner-1" }));
    clustered.set(C, profile(C, "B", { clusterId: "owner-1" }));
    const stream = buys([{ trader: A, t: 1000 }, { trader: B, t: 1010 }, { trader: C, t: 1020 }]);
    expect(run({ id: "r", kind: "cluster-buy" }, stream, clustered)).toEqual([]);
    // A fourth, independent owner completes it; the owner's first wallet is its evidence.
    const fires = run({ id: "r", kind: "cluster-buy" }, [...stream, ...buys([{ trader: D, t: 1030 }])], clustered);
    expect(fires).toHaveLength(1);
    expect(fires[0]!.evidence.map((e) => e.wallet)).toEqual([A, B, D]);
    expect(fires[0]!.evidence[1]!.clusterId).toBe("owner-1");
  });

  it("ignores wallets that are not smart, of other tiers, labelled bots, or below the minimum size", () => {
    const profiles = new Map(smart);
    profiles.set(D, profile(D, "S", { labels: ["bot"] }));
    const stream = buys([{ trader: A, t: 1000 }, { trader: X, t: 1001 }, { trader: D, t: 1002 }, { trader: C, t: 1003, sol: 0.1 }, { trader: B, t: 1004 }]);
    expect(run({ id: "r", kind: "cluster-buy" }, stream, profiles)).toHaveLength(1);
    expect(run({ id: "r", kind: "cluster-buy", minBuySol: 0.5 }, stream, profiles)).toEqual([]);
    expect(run({ id: "r", kind: "cluster-buy", tiers: ["S", "A"] }, stream, profiles)).toEqual([]);
  });

  it("fires once per token within the cooldown, again after it, and per token independently", () => {
    const wave = (t0: number, m = TOKEN) => buys([{ trader: A, t: t0 }, { trader: B, t: t0 + 1 }, { trader: C, t: t0 + 2 }, { trader: D, t: t0 + 3 }], m);
    const stream = [...wave(1000), ...wave(1100), ...wave(1105, OTHER), ...wave(2900)];
    const fires = run({ id: "r", kind: "cluster-buy", cooldownSec: 1800 }, stream, smart);
    expect(fires.map((f) => [f.tokenMint, f.timeSec])).toEqual([
      [TOKEN, 1002],
      [OTHER, 1107],
      [TOKEN, 2902],
    ]);
  });

  it("tolerates a buy up to 30 s late, and ignores one later than that", () => {
    // C's buy at 1020 arrives after a buy at 1045: still within tolerance, completes the window.
    const late = buys([{ trader: A, t: 1000 }, { trader: B, t: 1045 }, { trader: C, t: 1020 }]);
    const fires = run({ id: "r", kind: "cluster-buy" }, late, smart);
    expect(fires).toHaveLength(1);
    expect(fires[0]!.evidence.map((e) => e.wallet)).toEqual([A, C, B]);
    const tooLate = buys([{ trader: A, t: 1000 }, { trader: B, t: 1040 }, { trader: D, t: 1090 }, { trader: C, t: 1041 }]);
    const ev = createPatternEvaluator(patternRuleSchema.parse({ id: "r", kind: "cluster-buy" }));
    const got = tooLate.map((s) => ev.observe(measureSwap(s, s.blockTime!), smart.get(s.trader))).filter(Boolean);
    expect(got).toEqual([]);
    expect(ev.late).toBe(1);
  });
});

describe("accumulation", () => {
  it("fires when one owner buys the same token K times within T, with each buy as evidence", () => {
    const stream = buys([{ trader: A, t: 0 }, { trader: B, t: 10 }, { trader: A, t: 100 }, { trader: A, t: 500 }]);
    const fires = run({ id: "r", kind: "accumulation", minBuys: 3, windowSec: 600 }, stream, smart);
    expect(fires).toHaveLength(1);
    expect(fires[0]!.evidence.map((e) => [e.wallet, e.timeSec])).toEqual([[A, 0], [A, 100], [A, 500]]);
    expect(run({ id: "r", kind: "accumulation", minBuys: 3, windowSec: 400 }, stream, smart)).toEqual([]);
  });

  it("counts buys across wallets of one owner, and respects the cooldown", () => {
    const profiles = new Map(smart);
    profiles.set(B, profile(B, "A", { clusterId: "o" }));
    profiles.set(C, profile(C, "B", { clusterId: "o" }));
    const stream = buys([{ trader: B, t: 0 }, { trader: C, t: 10 }, { trader: B, t: 20 }, { trader: C, t: 30 }, { trader: B, t: 40 }, { trader: C, t: 50 }]);
    const fires = run({ id: "r", kind: "accumulation", minBuys: 3, cooldownSec: 600 }, stream, profiles);
    expect(fires.map((f) => f.timeSec)).toEqual([20]);
    expect(run({ id: "r", kind: "accumulation", minBuys: 3, cooldownSec: 25 }, stream, profiles).map((f) => f.timeSec)).toEqual([20, 50]);
  });
});

describe("first buy", () => {
  it("fires on the first smart buy of a token and not on later ones within the memory", () => {
    const stream = [
      swapAt({ trader: X, mint: TOKEN, t: 0 }),
      swapAt({ trader: A, mint: TOKEN, t: 10 }),
      swapAt({ trader: B, mint: TOKEN, t: 20 }),
      swapAt({ trader: B, mint: OTHER, t: 30 }),
      swapAt({ trader: C, mint: TOKEN, t: 10 + 3600 * 25 }),
    ];
    const fires = run({ id: "r", kind: "first-buy", memorySec: 86400, cooldownSec: 0 }, stream, smart);
    expect(fires.map((f) => [f.tokenMint, f.evidence[0]!.wallet])).toEqual([
      [TOKEN, A],
      [OTHER, B],
      [TOKEN, C],
    ]);
  });

  it("does not fire on sells", () => {
    expect(run({ id: "r", kind: "first-buy" }, [swapAt({ trader: A, mint: TOKEN, t: 0, side: "sell" })], smart)).toEqual([]);
  });
});

describe("cluster exit", () => {
  const cluster = buys([{ trader: A, t: 1000 }, { trader: B, t: 1010 }, { trader: C, t: 1020 }]);
  it("fires when owners of an earlier cluster sell, with the sells as evidence", () => {
    const stream = [
      ...cluster,
      swapAt({ trader: X, mint: TOKEN, t: 1100, side: "sell" }),
      swapAt({ trader: A, mint: TOKEN, t: 2000, side: "sell" }),
      swapAt({ trader: A, mint: TOKEN, t: 2001, side: "sell" }),
      swapAt({ trader: C, mint: TOKEN, t: 2500, side: "sell", sol: 3 }),
      swapAt({ trader: B, mint: TOKEN, t: 2600, side: "sell" }),
    ];
    const fires = run({ id: "r", kind: "cluster-exit", minSellers: 2 }, stream, smart);
    expect(fires).toHaveLength(1);
    expect(fires[0]!.timeSec).toBe(2500);
    expect(fires[0]!.clusterAtSec).toBe(1020);
    expect(fires[0]!.clusterSize).toBe(3);
    expect(fires[0]!.evidence.map((e) => [e.wallet, e.side, e.sizeSol])).toEqual([
      [A, "sell", 1],
      [C, "sell", 3],
    ]);
  });

  it("needs a cluster first, and forgets it after the horizon", () => {
    const sells = [swapAt({ trader: A, mint: TOKEN, t: 5000, side: "sell" }), swapAt({ trader: B, mint: TOKEN, t: 5001, side: "sell" })];
    expect(run({ id: "r", kind: "cluster-exit" }, sells, smart)).toEqual([]);
    expect(run({ id: "r", kind: "cluster-exit", horizonSec: 3600 }, [...cluster, ...sells], smart)).toEqual([]);
    expect(run({ id: "r", kind: "cluster-exit", horizonSec: 7200 }, [...cluster, ...sells], smart)).toHaveLength(1);
  });

  it("recognises a seller through its owner cluster", () => {
    const profiles = new Map(smart);
    const A2 = wallet("a2");
    profiles.set(A, profile(A, "S", { clusterId: "oa" }));
    profiles.set(A2, profile(A2, null, { clusterId: "oa" }));
    const stream = [...cluster, swapAt({ trader: A2, mint: TOKEN, t: 1500, side: "sell" }), swapAt({ trader: B, mint: TOKEN, t: 1600, side: "sell" })];
    expect(run({ id: "r", kind: "cluster-exit" }, stream, profiles)).toHaveLength(1);
  });
});

/**
 * Reference implementation, written from the rule's definition rather than incrementally: at
 * each smart buy, look back over everything seen so far.
 */
function reference(kind: "cluster-buy" | "accumulation", n: number, windowSec: number, cooldownSec: number, swaps: Swap[], profiles: ReadonlyMap<string, WalletProfile>) {
  const seen: { mint: string; owner: string; t: number }[] = [];
  const lastFire = new Map<string, number>();
  const fires: [string, number][] = [];
  for (const s of swaps) {
    const m = measureSwap(s, s.blockTime!);
    const p = profiles.get(s.trader);
    if (m.view.side !== "buy" || !p?.tier) continue;
    const owner = p.clusterId ?? s.trader;
    const t = m.timeSec;
    seen.push({ mint: m.view.tokenMint, owner, t });
    const inWindow = seen.filter((e) => e.mint === m.view.tokenMint && e.t >= t - windowSec && e.t <= t);
    const hit = kind === "cluster-buy" ? new Set(inWindow.map((e) => e.owner)).size >= n : inWindow.filter((e) => e.owner === owner).length >= n;
    const prev = lastFire.get(m.view.tokenMint);
    if (hit && (prev === undefined || t - prev >= cooldownSec)) {
      lastFire.set(m.view.tokenMint, t);
      fires.push([m.view.tokenMint, t]);
    }
  }
  return fires;
}

describe("fixture stream", () => {
  // Real decoded mainnet swaps (routed, USDC-quoted, Token-2022...), re-timed onto a dense
  // timeline and folded onto three tokens so the patterns have something to find.
  const files = readdirSync(FIXTURE_DIR).filter((f) => f.endsWith(".json") && !f.endsWith(".expected.json") && f !== "manifest.json");
  const decoded = files.flatMap((f) => {
    try {
      return decodeSwaps(loadTx(f), { slot: 1 }).swaps;
    } catch {
      return [];
    }
  });
  const tokens = [mint("f1"), mint("f2"), mint("f3")];
  const traders = [...new Set(decoded.map((s) => s.trader))];
  const stream: Swap[] = [];
  for (let round = 0; round < 6; round++) {
    decoded.forEach((s, i) => {
      const t = 10_000 + (round * decoded.length + i) * 7;
      const tok = tokens[(i + round) % 3]!;
      const asBuy = (i + round) % 4 !== 0;
      // Keep the real amounts and decimals; only the token side and the time are rewritten.
      stream.push({ ...s, blockTime: t, slot: t * 3, mintIn: asBuy ? s.mintIn : tok, mintOut: asBuy ? tok : s.mintOut, signature: `${s.signature.slice(0, 60)}${round}` });
    });
  }
  const profiles = new Map<string, WalletProfile>(traders.map((w, i) => [w, profile(w, i % 5 === 4 ? null : "A", { ...(i % 3 === 0 ? { clusterId: "c0" } : {}) })]));

  it("has a stream worth testing", () => {
    expect(decoded.length).toBeGreaterThan(20);
    expect(traders.length).toBeGreaterThan(10);
  });

  for (const [kind, n, windowSec, cooldown] of [
    ["cluster-buy", 3, 60, 120],
    ["cluster-buy", 4, 200, 0],
    ["accumulation", 2, 900, 300],
  ] as const) {
    it(`${kind} N=${n} T=${windowSec} cooldown=${cooldown} matches the reference`, () => {
      const want = reference(kind, n, windowSec, cooldown, stream, profiles);
      const rule = kind === "cluster-buy" ? { id: "r", kind, minWallets: n, windowSec, cooldownSec: cooldown, excludeLabels: [] } : { id: "r", kind, minBuys: n, windowSec, cooldownSec: cooldown, excludeLabels: [] };
      const got = run(rule, stream, profiles).map((f) => [f.tokenMint, f.timeSec]);
      expect(want.length).toBeGreaterThan(0);
      expect(got).toEqual(want);
    });
  }
});
