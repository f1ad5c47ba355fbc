import { describe, expect, it } from "vitest";
import { matchCallsWithClusters, type CallSignal, type ClusterSignal } from "./combined.js";

const MIN = 60_000;
const call = (callId: string, mint: string, at: number): CallSignal => ({ callId, callerId: "c1", mint, at });
const cluster = (key: string, mint: string, at: number): ClusterSignal => ({ key, mint, at, wallets: ["w1", "w2", "w3"] });

describe("call + smart-money cluster", () => {
  it("matches either order within the window, on the same mint only", () => {
    const matches = matchCallsWithClusters(
      [call("1", "A", 0), call("2", "B", 100 * MIN), call("3", "C", 0)],
      [cluster("k1", "A", 20 * MIN), cluster("k2", "B", 75 * MIN), cluster("k3", "C", 31 * MIN), cluster("k4", "D", 0)],
      30 * MIN,
    );
    expect(matches.map((m) => [m.mint, m.order, m.gapMs / MIN, m.dedupeKey])).toEqual([
      ["A", "call-first", 20, "combined-1-k1"],
      ["B", "cluster-first", 25, "combined-2-k2"],
    ]);
  });

  it("fires once per pair, whichever event is seen again", () => {
    const c = call("9", "A", 0);
    const k = cluster("k", "A", MIN);
    expect(matchCallsWithClusters([c, c], [k, k], 5 * MIN)).toHaveLength(1);
    expect(matchCallsWithClusters([c], [k], 5 * MIN)[0]!.dedupeKey).toBe(matchCallsWithClusters([c], [k, cluster("k0", "A", -MIN)], 5 * MIN)[1]!.dedupeKey);
  });
});
