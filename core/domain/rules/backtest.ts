/**
 * Backtest of one pattern rule over a stored swap stream: feed chunks in slot order, then read
 * how often the rule would have fired and what the fired tokens did 1h and 24h after each fire.
 *
 * Key idea: it runs the live `RuleEngine` (one synthetic chat holding the rule), so a backtest
 * and the live pipeline fire on exactly the same swaps. Returns use the price as of the target
 * time: the last trade of the token at or before fire + 1h (or + 24h), in USD when both ends have
 * a USD price, else in SOL. A fire whose target lies past the end of the data has no outcome.
 * Trap: profiles are today's, not those of the day each swap happened (tiers move): the figure
 * flatters a rule somewhat, and the report says so.
 */
import type { Swap } from "../swap.js";
import type { WalletProfile } from "../wallet-profile.js";
import { viewSwap } from "../swap.js";
import { RuleEngine } from "./engine.js";
import type { PatternFire } from "./patterns.js";
import { chatRulesSchema, type PatternRule } from "./schema.js";

export const OUTCOME_HORIZONS = [
  ["1h", 3600],
  ["24h", 86400],
] as const;
export type Horizon = (typeof OUTCOME_HORIZONS)[number][0];

export interface ReturnStats {
  /** Fires with a known outcome at this horizon. */
  n: number;
  medianPct: number | null;
  bestPct: number | null;
  worstPct: number | null;
}

export interface BacktestFire {
  fire: PatternFire;
  returns: Partial<Record<Horizon, number>>;
}

export interface BacktestReport {
  swaps: number;
  fires: number;
  tokens: number;
  firstSec: number | null;
  lastSec: number | null;
  returns: Record<Horizon, ReturnStats>;
  list: BacktestFire[];
}

interface Price {
  usd: number | null;
  sol: number | null;
}

interface Pending {
  target: number;
  horizon: Horizon;
  result: BacktestFire;
  entry: Price;
}

export class Backtest {
  private readonly engine = new RuleEngine();
  private readonly results: BacktestFire[] = [];
  private readonly pending = new Map<string, Pending[]>();
  private readonly lastPrice = new Map<string, Price>();
  private swaps = 0;
  private first: number | null = null;
  private last: number | null = null;

  constructor(readonly rule: PatternRule) {
    this.engine.setChats([{ chatId: "backtest", rules: chatRulesSchema.parse({ rules: [{ ...rule, enabled: true }] }), wallets: [] }]);
  }

  /** Fires so far. */
  get fires(): number {
    return this.results.length;
  }

  /** The next chunk of the stream (slot order), with the profiles of its traders. */
  feed(swaps: readonly Swap[], profiles: ReadonlyMap<string, WalletProfile>): void {
    for (const s of swaps) {
      // One swap at a time: a fire must see the prices up to its own swap, not the chunk's end.
      const out = this.engine.evaluate([s], profiles, s.blockTime ?? this.last ?? 0);
      const t = this.engine.clock.timeOf(s, this.last ?? 0);
      this.swaps++;
      this.first ??= t;
      this.last = Math.max(this.last ?? t, t);
      const mint = viewSwap(s).tokenMint;
      this.settle(mint, t);
      if (this.pending.has(mint) || out.fires.some((f) => f.tokenMint === mint)) {
        this.lastPrice.set(mint, { usd: s.priceUsd, sol: s.priceSol });
      }
      for (const fire of out.fires) this.track(fire);
    }
  }

  private track(fire: PatternFire): void {
    const result: BacktestFire = { fire, returns: {} };
    this.results.push(result);
    const entry = { usd: fire.priceUsd, sol: fire.priceSol };
    const list = this.pending.get(fire.tokenMint) ?? [];
    for (const [horizon, sec] of OUTCOME_HORIZONS) list.push({ target: fire.timeSec + sec, horizon, result, entry });
    this.pending.set(fire.tokenMint, list);
  }

  /** Targets before `t` take the price as of then: the last trade before this one. */
  private settle(mint: string, t: number, inclusive = false): void {
    const list = this.pending.get(mint);
    if (!list) return;
    const price = this.lastPrice.get(mint);
    const left = list.filter((p) => {
      if (inclusive ? p.target > t : p.target >= t) return true;
      const r = price ? pctChange(p.entry, price) : null;
      if (r !== null) p.result.returns[p.horizon] = r;
      return false;
    });
    if (left.length) this.pending.set(mint, left);
    else this.pending.delete(mint);
  }

  report(): BacktestReport {
    // The data ends at the last swap seen: targets up to then are known, later ones are not.
    if (this.last !== null) for (const mint of [...this.pending.keys()]) this.settle(mint, this.last, true);
    const returns = {} as Record<Horizon, ReturnStats>;
    for (const [h] of OUTCOME_HORIZONS) returns[h] = summarize(this.results.flatMap((r) => (r.returns[h] === undefined ? [] : [r.returns[h]!])));
    return {
      swaps: this.swaps,
      fires: this.results.length,
      tokens: new Set(this.results.map((r) => r.fire.tokenMint)).size,
      firstSec: this.first,
      lastSec: this.last,
      returns,
      list: this.results,
    };
  }
}

function pctChange(entry: Price, now: Price): number | null {
  if (entry.usd && now.usd !== null) return (now.usd / entry.usd - 1) * 100;
  if (entry.sol && now.sol !== null) return (now.sol / entry.sol - 1) * 100;
  return null;
}

export function summarize(xs: readonly number[]): ReturnStats {
  if (xs.length === 0) return { n: 0, medianPct: null, bestPct: null, worstPct: null };
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  const median = s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
  return { n: s.length, medianPct: median, bestPct: s[s.length - 1]!, worstPct: s[0]! };
}
