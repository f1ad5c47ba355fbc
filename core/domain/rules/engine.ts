/**
 * The rule engine: one swap in, every chat that should hear about it out, in two kinds:
 * - subscription matches (a tracked wallet, a subscribed token, a wallet of a subscribed tier),
 *   found through an index so a swap costs O(subscriptions that can match), never O(all);
 * - pattern fires, from one state machine per distinct rule (chats with identical parameters
 *   share it), fanned out to the chats that have that rule.
 *
 * The engine applies everything that needs only the swap and the trader's profile. Token-level
 * checks (market cap, liquidity, age, risk) and quiet hours need data fetched per token and the
 * wall clock, so candidates carry the filter still to apply (`deliverable`).
 *
 * Trap: the engine is fed in stream order by whoever owns it (the pipeline, the backtest); it
 * keeps pattern state across `setChats`, so editing rules does not reset a rule others share.
 */
import type { WalletProfile, WalletTier } from "../wallet-profile.js";
import { swapKey, type Swap } from "../swap.js";
import { inQuietHours, measureSwap, needsTokenContext, passesSwapFilter, passesTokenFilter, type MeasuredSwap, type TokenContext } from "./filter.js";
import { createPatternEvaluator, DEFAULT_LATE_TOLERANCE_SEC, type PatternEvaluator, type PatternFire } from "./patterns.js";
import { patternKey, type ChatRules, type Filter, type PatternRule, type QuietHours } from "./schema.js";

/** What the engine knows about one chat. */
export interface ChatRuleSet {
  chatId: string;
  rules: ChatRules;
  /** The chat's tracked wallets (from `tracked_wallet`), with its labels for them. */
  wallets: readonly { address: string; label: string | null }[];
}

export type MatchVia = "wallet" | "token" | "tier";

interface SubEntry {
  chatId: string;
  subId: string;
  via: MatchVia;
  filter: Filter;
  label: string | null;
  quiet: QuietHours | null;
}

export interface SubscriptionMatch {
  chatId: string;
  subId: string;
  via: MatchVia;
  swap: MeasuredSwap;
  walletLabel: string | null;
  tier: WalletTier | null;
  /** The filter whose token part is still to be checked; null when it has none. */
  tokenFilter: Filter | null;
  quiet: QuietHours | null;
}

export interface FireDelivery {
  chatId: string;
  ruleId: string;
  rule: PatternRule;
  fire: PatternFire;
  tokenFilter: Filter | null;
  quiet: QuietHours | null;
}

export interface EngineOutput {
  matches: SubscriptionMatch[];
  /** Every fire of every pattern state machine, once each. */
  fires: PatternFire[];
  /** The fires fanned out to the chats that have the rule. */
  deliveries: FireDelivery[];
}

/**
 * Event time for swaps without a block time (gRPC updates): extrapolated from the last swap that
 * had one, at 400 ms per slot; before any, the caller's fallback (the arrival time).
 */
export class SwapClock {
  private anchor: { slot: number; time: number } | null = null;
  timeOf(s: Swap, fallbackSec: number): number {
    if (s.blockTime !== null) {
      if (!this.anchor || s.slot >= this.anchor.slot) this.anchor = { slot: s.slot, time: s.blockTime };
      return s.blockTime;
    }
    if (!this.anchor) return fallbackSec;
    return this.anchor.time + Math.round((s.slot - this.anchor.slot) * 0.4);
  }
}

interface RuleUse {
  chatId: string;
  ruleId: string;
  rule: PatternRule;
  tokenFilter: Filter | null;
  quiet: QuietHours | null;
}

export class RuleEngine {
  private byWallet = new Map<string, SubEntry[]>();
  private byToken = new Map<string, SubEntry[]>();
  private byTier = new Map<WalletTier, SubEntry[]>();
  private evaluators = new Map<string, PatternEvaluator>();
  private uses = new Map<string, RuleUse[]>();
  readonly clock = new SwapClock();

  constructor(private readonly lateToleranceSec = DEFAULT_LATE_TOLERANCE_SEC) {}

  /** Subscriptions in the index (wallet, token and tier entries). */
  get size(): number {
    let n = 0;
    for (const m of [this.byWallet, this.byToken, this.byTier]) for (const l of m.values()) n += l.length;
    return n;
  }

  /** Distinct pattern state machines running. */
  get patternCount(): number {
    return this.evaluators.size;
  }

  /** Replaces every chat's subscriptions and rules; pattern state of rules still in use is kept. */
  setChats(chats: Iterable<ChatRuleSet>): void {
    this.byWallet = new Map();
    this.byToken = new Map();
    this.byTier = new Map();
    const uses = new Map<string, RuleUse[]>();
    const rules = new Map<string, PatternRule>();
    const push = <K>(m: Map<K, SubEntry[]>, k: K, e: SubEntry) => {
      const l = m.get(k);
      if (l) l.push(e);
      else m.set(k, [e]);
    };
    for (const c of chats) {
      const base = { chatId: c.chatId, quiet: c.rules.quietHours };
      for (const w of c.wallets) {
        push(this.byWallet, w.address, { ...base, subId: `wallet:${w.address}`, via: "wallet", filter: c.rules.filter, label: w.label });
      }
      for (const s of c.rules.subscriptions) {
        // A subscription's own filter takes the place of the chat's.
        const e = { ...base, subId: s.id, filter: s.filter ?? c.rules.filter, label: null };
        if (s.kind === "token") push(this.byToken, s.mint, { ...e, via: "token" });
        else if (s.kind === "tier") for (const t of new Set(s.tiers)) push(this.byTier, t, { ...e, via: "tier" });
        // Caller subscriptions wait for signals: nothing on the swap stream matches them.
      }
      for (const r of c.rules.rules) {
        if (!r.enabled) continue;
        const key = patternKey(r);
        rules.set(key, r);
        const tokenFilter = needsTokenContext(c.rules.filter) ? c.rules.filter : null;
        const list = uses.get(key);
        const use = { chatId: c.chatId, ruleId: r.id, rule: r, tokenFilter, quiet: c.rules.quietHours };
        if (list) list.push(use);
        else uses.set(key, [use]);
      }
    }
    const evaluators = new Map<string, PatternEvaluator>();
    for (const [key, rule] of rules) evaluators.set(key, this.evaluators.get(key) ?? createPatternEvaluator(rule, this.lateToleranceSec));
    this.evaluators = evaluators;
    this.uses = uses;
  }

  /** The longest cooldown of the rules running: how far back remembered fires matter. */
  get maxCooldownSec(): number {
    let max = 0;
    for (const ev of this.evaluators.values()) max = Math.max(max, ev.rule.cooldownSec);
    return max;
  }

  /**
   * Puts remembered fires (from the alert outbox, after a restart) back into the cooldowns of
   * the rules they came from, named by the hash prefix of their alert key (`fireKey`).
   */
  seedFires(fires: Iterable<{ ruleHash: string; tokenMint: string; timeSec: number }>): number {
    const byHash = new Map([...this.evaluators.values()].map((ev) => [fnv1a(ev.key), ev]));
    let n = 0;
    for (const f of fires) {
      const ev = byHash.get(f.ruleHash);
      if (!ev) continue;
      ev.seedCooldown(f.tokenMint, f.timeSec);
      n++;
    }
    return n;
  }

  /**
   * Evaluates swaps in the order given (the stream's order). `profiles` holds the traders'
   * profiles (missing: not smart money); `arrivalSec` is the time for swaps without a block time.
   */
  evaluate(swaps: readonly Swap[], profiles: ReadonlyMap<string, WalletProfile>, arrivalSec: number): EngineOutput {
    const out: EngineOutput = { matches: [], fires: [], deliveries: [] };
    const evaluators = [...this.evaluators.values()];
    for (const s of swaps) {
      const m = measureSwap(s, this.clock.timeOf(s, arrivalSec));
      const profile = profiles.get(s.trader);
      this.match(m, profile, out.matches);
      for (const ev of evaluators) {
        const fire = ev.observe(m, profile);
        if (!fire) continue;
        out.fires.push(fire);
        for (const u of this.uses.get(ev.key) ?? []) out.deliveries.push({ ...u, fire });
      }
    }
    return out;
  }

  private match(m: MeasuredSwap, profile: WalletProfile | undefined, into: SubscriptionMatch[]): void {
    const tier = profile?.tier ?? null;
    const lists = [this.byWallet.get(m.swap.trader), this.byToken.get(m.view.tokenMint), tier ? this.byTier.get(tier) : undefined];
    // One alert per chat and swap, however many of its subscriptions match: the first that
    // passes its filter wins (wallet before token before tier).
    let seen: Set<string> | null = null;
    for (const list of lists) {
      if (!list) continue;
      for (const e of list) {
        if (seen?.has(e.chatId)) continue;
        if (!passesSwapFilter(e.filter, m, profile)) continue;
        (seen ??= new Set()).add(e.chatId);
        into.push({
          chatId: e.chatId,
          subId: e.subId,
          via: e.via,
          swap: m,
          walletLabel: e.via === "wallet" ? e.label : null,
          tier,
          tokenFilter: needsTokenContext(e.filter) ? e.filter : null,
          quiet: e.quiet,
        });
      }
    }
  }
}

/** The mints whose token context some candidate still needs. */
export function mintsNeedingContext(out: EngineOutput): Set<string> {
  const mints = new Set<string>();
  for (const m of out.matches) if (m.tokenFilter) mints.add(m.swap.view.tokenMint);
  for (const d of out.deliveries) if (d.tokenFilter) mints.add(d.fire.tokenMint);
  return mints;
}

/**
 * The candidates that survive token filters and quiet hours at `nowSec`. A token without a
 * context fails a filter that needs one (see `passesTokenFilter`).
 */
export function deliverable(
  out: EngineOutput,
  contexts: ReadonlyMap<string, TokenContext>,
  nowSec: number,
): { matches: SubscriptionMatch[]; deliveries: FireDelivery[] } {
  const none: TokenContext = { stats: null, facts: null };
  const ok = (f: Filter | null, mint: string, q: QuietHours | null) =>
    !inQuietHours(q, nowSec) && (!f || passesTokenFilter(f, contexts.get(mint) ?? none, nowSec));
  return {
    matches: out.matches.filter((m) => ok(m.tokenFilter, m.swap.view.tokenMint, m.quiet)),
    deliveries: out.deliveries.filter((d) => ok(d.tokenFilter, d.fire.tokenMint, d.quiet)),
  };
}

/** Idempotency key of a fire's alert: the rule's parameters and the swap that completed it. */
export function fireKey(fire: PatternFire): string {
  return `${fnv1a(fire.ruleKey)}-${fire.triggerKey}`;
}

export { swapKey };

/** 32-bit FNV-1a as 8 hex digits: a short, stable name for a rule's parameters. */
export function fnv1a(s: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, "0");
}
