import { describe, expect, it } from "vitest";
import type { TokenFacts } from "../token-facts.js";
import type { TokenStatsSnapshot } from "../token-stats.js";
import type { WalletProfile } from "../wallet-profile.js";
import { deliverable, fireKey, mintsNeedingContext, RuleEngine, SwapClock, type ChatRuleSet } from "./engine.js";
import { inQuietHours, marketCapUsd, measureSwap, passesSwapFilter, passesTokenFilter, type TokenContext } from "./filter.js";
import { chatRulesSchema, filterSchema, patternKey, patternRuleSchema, type ChatRulesInput } from "./schema.js";
import { mint, profile, swapAt, wallet } from "../test-support/rules.js";

const A = wallet("a"), B = wallet("b"), C = wallet("c"), X = wallet("x");
const TOKEN = mint("t1");
const profiles = new Map<string, WalletProfile>([
  [A, profile(A, "S")],
  [B, profile(B, "A")],
  [C, profile(C, "S", { labels: ["sniper"] })],
]);
const chat = (chatId: string, rules: ChatRulesInput, wallets: ChatRuleSet["wallets"] = []): ChatRuleSet => ({ chatId, rules: chatRulesSchema.parse(rules), wallets });

function stats(over: Partial<TokenStatsSnapshot>): TokenStatsSnapshot {
  const w = { openPriceSol: null, openPriceUsd: null, changePct: null, volumeSol: 0, volumeUsd: 0, buys: 0, sells: 0, buyVolumeSol: 0, sellVolumeSol: 0, buyVolumeUsd: 0, sellVolumeUsd: 0, traders: 0 };
  return { mint: TOKEN, priceSol: null, priceUsd: 0.001, lastTradeAt: 0, firstTradeAt: 0, windows: { "5m": w, "1h": w, "6h": w, "24h": w }, liquidityUsd: 50_000, topPools: [], ...over };
}
function facts(over: Partial<TokenFacts>): TokenFacts {
  return { mint: TOKEN, program: "spl-token", symbol: "T", name: "T", uri: null, decimals: 6, supply: 1_000_000_000_000_000n, mintAuthority: null, freezeAuthority: null, riskyExtensions: [], transferFeeBps: null, top10HolderShare: null, fetchedAt: 0, ...over };
}

describe("schemas", () => {
  it("fills defaults, keeps the version, refuses unknown versions and bad bounds", () => {
    const doc = chatRulesSchema.parse({});
    expect(doc).toMatchObject({ v: 1, subscriptions: [], rules: [], quietHours: null, filter: { side: "both", excludeLabels: [] } });
    expect(chatRulesSchema.safeParse({ v: 2 }).success).toBe(false);
    expect(filterSchema.safeParse({ minSol: 5, maxSol: 1 }).success).toBe(false);
    expect(chatRulesSchema.safeParse({ subscriptions: [{ id: "a", kind: "token", mint: "0OIl" }] }).success).toBe(false);
    expect(chatRulesSchema.safeParse({ rules: [{ id: "r", kind: "cluster-buy" }, { id: "r", kind: "first-buy" }] }).success).toBe(false);
    expect(patternRuleSchema.parse({ id: "r", kind: "cluster-buy" })).toMatchObject({ minWallets: 3, windowSec: 60 });
  });

  it("gives rules with the same parameters the same key, whatever their id or tier order", () => {
    const a = patternRuleSchema.parse({ id: "one", kind: "cluster-buy", tiers: ["S", "A"] });
    const b = patternRuleSchema.parse({ id: "two", kind: "cluster-buy", tiers: ["A", "S"], enabled: false });
    const c = patternRuleSchema.parse({ id: "one", kind: "cluster-buy", minWallets: 4 });
    expect(patternKey(a)).toBe(patternKey(b));
    expect(patternKey(a)).not.toBe(patternKey(c));
  });
});

describe("filters", () => {
  const buy = measureSwap(swapAt({ trader: A, mint: TOKEN, t: 100, sol: 2 }), 100);
  it("checks side, size in SOL and USD, and wallet labels", () => {
    const f = (x: object) => filterSchema.parse(x);
    expect(passesSwapFilter(f({}), buy, profiles.get(A))).toBe(true);
    expect(passesSwapFilter(f({ side: "sell" }), buy, profiles.get(A))).toBe(false);
    expect(passesSwapFilter(f({ minSol: 2, maxSol: 3 }), buy, undefined)).toBe(true);
    expect(passesSwapFilter(f({ minSol: 2.5 }), buy, undefined)).toBe(false);
    expect(buy.sizeUsd).toBeCloseTo(300);
    expect(passesSwapFilter(f({ maxUsd: 299 }), buy, undefined)).toBe(false);
    expect(passesSwapFilter(f({ excludeLabels: ["sniper"] }), measureSwap(swapAt({ trader: C, mint: TOKEN, t: 1 }), 1), profiles.get(C))).toBe(false);
  });

  it("checks market cap, liquidity, age and risk facts, failing a bound it cannot tell", () => {
    const ctx: TokenContext = { stats: stats({ firstTradeAt: 1000 }), facts: facts({}) };
    expect(marketCapUsd(ctx)).toBeCloseTo(1_000_000);
    const f = (x: object) => filterSchema.parse(x);
    expect(passesTokenFilter(f({ minMcapUsd: 500_000, maxMcapUsd: 2_000_000 }), ctx, 2000)).toBe(true);
    expect(passesTokenFilter(f({ maxMcapUsd: 500_000 }), ctx, 2000)).toBe(false);
    expect(passesTokenFilter(f({ minLiquidityUsd: 60_000 }), ctx, 2000)).toBe(false);
    expect(passesTokenFilter(f({ maxAgeSec: 600 }), ctx, 2000)).toBe(false);
    expect(passesTokenFilter(f({ minAgeSec: 600 }), ctx, 2000)).toBe(true);
    expect(passesTokenFilter(f({ noMintAuthority: true }), { ...ctx, facts: facts({ mintAuthority: A }) }, 2000)).toBe(false);
    expect(passesTokenFilter(f({ noFreezeAuthority: true }), { ...ctx, facts: facts({ freezeAuthority: A }) }, 2000)).toBe(false);
    expect(passesTokenFilter(f({ noRiskyExtensions: true }), { ...ctx, facts: facts({ program: "token-2022", riskyExtensions: ["permanentDelegate"] }) }, 2000)).toBe(false);
    expect(passesTokenFilter(f({ minMcapUsd: 1 }), { stats: null, facts: null }, 2000)).toBe(false);
    expect(passesTokenFilter(f({}), { stats: null, facts: null }, 2000)).toBe(true);
  });

  it("knows quiet hours, across midnight and in the chat's time zone", () => {
    const at = (hh: number, mm = 0) => Date.UTC(2026, 0, 1, hh, mm) / 1000;
    const night = { from: "22:00", to: "07:00", utcOffsetMin: 0 };
    expect(inQuietHours(night, at(23))).toBe(true);
    expect(inQuietHours(night, at(6, 59))).toBe(true);
    expect(inQuietHours(night, at(7))).toBe(false);
    expect(inQuietHours(night, at(12))).toBe(false);
    // 14:30 UTC is 22:30 in UTC+8.
    expect(inQuietHours({ ...night, utcOffsetMin: 480 }, at(14, 30))).toBe(true);
    expect(inQuietHours({ from: "09:00", to: "09:00", utcOffsetMin: 0 }, at(9))).toBe(false);
    expect(inQuietHours(null, at(9))).toBe(false);
  });
});

describe("engine", () => {
  it("matches a swap by wallet, token and tier, once per chat, under each subscription's filter", () => {
    const engine = new RuleEngine();
    engine.setChats([
      chat("1", {}, [{ address: A, label: "whale" }]),
      chat("2", { subscriptions: [{ id: "t", kind: "token", mint: TOKEN }, { id: "s", kind: "tier", tiers: ["S"] }] }),
      chat("3", { subscriptions: [{ id: "s", kind: "tier", tiers: ["A"] }] }),
      chat("4", { subscriptions: [{ id: "s", kind: "tier", tiers: ["S"], filter: { minSol: 5 } }] }),
      chat("5", { filter: { side: "sell" } }, [{ address: A, label: null }]),
    ]);
    expect(engine.size).toBe(6);
    const out = engine.evaluate([swapAt({ trader: A, mint: TOKEN, t: 100 })], profiles, 100);
    expect(out.matches.map((m) => [m.chatId, m.via, m.walletLabel, m.tier])).toEqual([
      ["1", "wallet", "whale", "S"],
      ["2", "token", null, "S"],
    ]);
    const other = engine.evaluate([swapAt({ trader: X, mint: mint("zz"), t: 101 })], profiles, 101);
    expect(other.matches).toEqual([]);
  });

  it("runs one state machine per distinct rule and fans its fires out to every chat that has it", () => {
    const engine = new RuleEngine();
    const rule = { id: "c", kind: "cluster-buy" as const, minWallets: 2 };
    engine.setChats([
      chat("1", { rules: [rule] }),
      chat("2", { rules: [{ ...rule, id: "mine" }] }),
      chat("3", { rules: [{ ...rule, enabled: false }] }),
      chat("4", { rules: [{ ...rule, minWallets: 3 }] }),
    ]);
    expect(engine.patternCount).toBe(2);
    const out = engine.evaluate([swapAt({ trader: A, mint: TOKEN, t: 100 }), swapAt({ trader: B, mint: TOKEN, t: 110 })], profiles, 110);
    expect(out.fires).toHaveLength(1);
    expect(out.deliveries.map((d) => [d.chatId, d.ruleId])).toEqual([["1", "c"], ["2", "mine"]]);
    expect(fireKey(out.fires[0]!)).toMatch(/^[0-9a-f]{8}-/);
  });

  it("keeps a shared rule's state when chats are reloaded", () => {
    const engine = new RuleEngine();
    const rules = { rules: [{ id: "c", kind: "cluster-buy" as const, minWallets: 2 }] };
    engine.setChats([chat("1", rules)]);
    engine.evaluate([swapAt({ trader: A, mint: TOKEN, t: 100 })], profiles, 100);
    engine.setChats([chat("1", rules), chat("2", rules)]);
    const out = engine.evaluate([swapAt({ trader: B, mint: TOKEN, t: 110 })], profiles, 110);
    expect(out.deliveries.map((d) => d.chatId)).toEqual(["1", "2"]);
  });

  it("restores remembered fires into the cooldown of the rule they came from", () => {
    const make = () => {
      const engine = new RuleEngine();
      engine.setChats([chat("1", { rules: [{ id: "c", kind: "cluster-buy", minWallets: 2, cooldownSec: 600 }, { id: "f", kind: "first-buy" }] })]);
      return engine;
    };
    const wave = [swapAt({ trader: A, mint: TOKEN, t: 1000 }), swapAt({ trader: B, mint: TOKEN, t: 1001 })];
    const first = make().evaluate(wave, profiles, 0).fires.find((f) => f.kind === "cluster-buy")!;
    const hash = fireKey(first).split("-")[0]!;
    const seeded = make();
    expect(seeded.maxCooldownSec).toBe(1800);
    expect(seeded.seedFires([{ ruleHash: hash, tokenMint: TOKEN, timeSec: 900 }, { ruleHash: "ffffffff", tokenMint: TOKEN, timeSec: 900 }])).toBe(1);
    const out = seeded.evaluate(wave, profiles, 0);
    expect(out.fires.map((f) => f.kind)).toEqual(["first-buy"]);
  });

  it("leaves token checks and quiet hours to the delivery step", () => {
    const engine = new RuleEngine();
    engine.setChats([
      chat("1", { filter: { minMcapUsd: 2_000_000 } }, [{ address: A, label: null }]),
      chat("2", { filter: { minMcapUsd: 500_000 } }, [{ address: A, label: null }]),
      chat("3", { quietHours: { from: "00:00", to: "12:00" } }, [{ address: A, label: null }]),
      chat("4", {}, [{ address: A, label: null }]),
    ]);
    const out = engine.evaluate([swapAt({ trader: A, mint: TOKEN, t: 100 })], profiles, 100);
    expect(out.matches).toHaveLength(4);
    expect([...mintsNeedingContext(out)]).toEqual([TOKEN]);
    const ctx = new Map([[TOKEN, { stats: stats({}), facts: facts({}) }]]);
    const morning = Date.UTC(2026, 0, 1, 6) / 1000;
    expect(deliverable(out, ctx, morning).matches.map((m) => m.chatId)).toEqual(["2", "4"]);
    expect(deliverable(out, new Map(), morning + 8 * 3600).matches.map((m) => m.chatId)).toEqual(["3", "4"]);
  });
});

describe("swap clock", () => {
  it("uses the block time, or extrapolates from the last one by slot", () => {
    const clock = new SwapClock();
    const s = swapAt({ trader: A, mint: TOKEN, t: 1000, slot: 5000 });
    expect(clock.timeOf({ ...s, blockTime: null }, 42)).toBe(42);
    expect(clock.timeOf(s, 0)).toBe(1000);
    expect(clock.timeOf({ ...s, slot: 5010, blockTime: null }, 0)).toBe(1004);
  });
});
