import { describe, expect, it } from "vitest";
import { mint } from "../test-support/rules.js";
import { addRuleChange, deleteRuleChange, filterChange, parseBacktestArgs, subscribeChange, toggleRuleChange, unsubscribeChange, type Change } from "./commands.js";
import { chatRulesSchema, emptyChatRules, type ChatRules } from "./schema.js";

const doc = (c: Change): ChatRules => {
  if (!c.ok) throw new Error(`refused: ${c.error.key}`);
  return chatRulesSchema.parse(c.doc);
};
const refused = (c: Change) => (c.ok ? null : c.error);

describe("rule commands", () => {
  it("subscribes to tokens and tiers with fresh ids, and refuses bad input with a reason", () => {
    let d = doc(subscribeChange(emptyChatRules(), `token ${mint("a")}`));
    d = doc(subscribeChange(d, "tier s a"));
    expect(d.subscriptions).toEqual([
      { id: "t1", kind: "token", mint: mint("a") },
      { id: "s1", kind: "tier", tiers: ["S", "A"] },
    ]);
    expect(refused(subscribeChange(d, `token ${mint("a")}`))?.key).toBe("rules-sub-duplicate");
    expect(refused(subscribeChange(d, "token 0x123"))?.key).toBe("rules-sub-bad-mint");
    expect(refused(subscribeChange(d, "tier Z"))).toEqual({ key: "rules-sub-bad-tier", vars: { tiers: "S, A, B" } });
    expect(refused(subscribeChange(d, "wallets"))?.key).toBe("rules-sub-usage");
    expect(doc(unsubscribeChange(d, "t1")).subscriptions.map((s) => s.id)).toEqual(["s1"]);
    expect(refused(unsubscribeChange(d, "zz"))).toEqual({ key: "rules-not-found", vars: { id: "zz" } });
  });

  it("sets, clears and checks filters, ages in minutes, quiet hours with an offset", () => {
    let d = doc(filterChange(emptyChatRules(), "minsol 1.5"));
    d = doc(filterChange(d, "maxage 30"));
    d = doc(filterChange(d, "exclude bot,sniper"));
    d = doc(filterChange(d, "nomint on"));
    d = doc(filterChange(d, "quiet 23:00-07:00 +8"));
    expect(d.filter).toMatchObject({ minSol: 1.5, maxAgeSec: 1800, excludeLabels: ["bot", "sniper"], noMintAuthority: true });
    expect(d.quietHours).toEqual({ from: "23:00", to: "07:00", utcOffsetMin: 480 });
    expect(doc(filterChange(d, "minsol off")).filter.minSol).toBeUndefined();
    expect(refused(filterChange(d, "maxsol 1"))?.key).toBe("rules-filter-conflict");
    expect(refused(filterChange(d, "minsol lots"))).toEqual({ key: "rules-filter-bad-value", vars: { key: "minsol", value: "lots" } });
    expect(refused(filterChange(d, "exclude whales"))?.key).toBe("rules-filter-bad-label");
    expect(refused(filterChange(d, "quiet 25:00-07:00"))?.key).toBe("rules-filter-bad-quiet");
    expect(refused(filterChange(d, "colour blue"))?.key).toBe("rules-filter-usage");
    const reset = doc(filterChange(d, "reset"));
    expect(reset.filter).toEqual(emptyChatRules().filter);
    expect(reset.quietHours).toBeNull();
  });

  it("adds, toggles and deletes pattern rules, validating parameters", () => {
    let d = doc(addRuleChange(emptyChatRules(), "cluster-buy 4 120"));
    d = doc(addRuleChange(d, "accumulation 5"));
    expect(d.rules.map((r) => [r.id, r.kind, "minWallets" in r ? r.minWallets : "minBuys" in r ? r.minBuys : null])).toEqual([
      ["r1", "cluster-buy", 4],
      ["r2", "accumulation", 5],
    ]);
    expect(refused(addRuleChange(d, "cluster-buy 1"))?.key).toBe("rules-add-bad");
    expect(refused(addRuleChange(d, "moon"))?.key).toBe("rules-add-usage");
    d = doc(toggleRuleChange(d, "r1"));
    expect(d.rules[0]!.enabled).toBe(false);
    expect(doc(deleteRuleChange(d, "r2")).rules.map((r) => r.id)).toEqual(["r1"]);
    expect(parseBacktestArgs(d, "r1 3")).toEqual({ ok: true, ruleId: "r1", days: 3 });
    expect(parseBacktestArgs(d, "r1")).toEqual({ ok: true, ruleId: "r1", days: 7 });
    expect(parseBacktestArgs(d, "r1 90")).toEqual({ ok: false, error: { key: "backtest-bad-days" } });
    expect(parseBacktestArgs(d, "r9")).toEqual({ ok: false, error: { key: "rules-not-found", vars: { id: "r9" } } });
  });
});
