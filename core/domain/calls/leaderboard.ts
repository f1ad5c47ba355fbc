/**
 * The caller leaderboard: how good each caller's calls have been. Pure.
 *
 * Key idea: rank by the lower bound of the Wilson score interval of the hit rate, not the hit
 * rate itself: 3 hits out of 3 calls has a lower bound of ~0.44, 40 out of 60 ~0.54, so three
 * lucky calls do not top the table while a long good record does.
 * The trap: only calls whose hit window has passed (their outcome exists) count toward the
 * rate; a fresh call is neither a hit nor a miss yet.
 */
import { CALL_HORIZONS, type CallHorizon } from "./outcomes.js";

export interface ScoredCall {
  callerId: string;
  mint: string;
  /** Unix ms. */
  calledAt: number;
  /** Per computed horizon: return at the horizon and the ATH since the call (fractions: 1 = +100%). */
  outcomes: Partial<Record<CallHorizon, { returnPct: number | null; athPct: number | null }>>;
}

export interface LeaderboardOptions {
  /** A hit reaches this multiple of the call price (2 = 2x) by `hitHorizon`. */
  hitMultiple: number;
  hitHorizon: CallHorizon;
  /** z of the confidence interval (1.96 = 95%). */
  z?: number;
}

export interface CallerScore {
  callerId: string;
  calls: number;
  /** Calls whose hit window has passed. */
  judged: number;
  hits: number;
  hitRate: number | null;
  /** Wilson lower bound of the hit rate (0 with no judged calls). */
  confidence: number;
  median: Record<CallHorizon, number | null>;
  best: Record<CallHorizon, number | null>;
  /** Calls where this caller was the first of all callers to call the token. */
  firstCalls: number;
}

/** Lower bound of the Wilson score interval for `hits` successes in `n` trials. */
export function wilsonLowerBound(hits: number, n: number, z = 1.96): number {
  if (n <= 0) return 0;
  const p = hits / n;
  const z2 = z * z;
  const centre = p + z2 / (2 * n);
  const margin = z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return Math.max(0, (centre - margin) / (1 + z2 / n));
}

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** Scores every caller in `calls` and sorts best first (confidence, then hit rate, then calls). */
export function rankCallers(calls: readonly ScoredCall[], options: LeaderboardOptions): CallerScore[] {
  const z = options.z ?? 1.96;
  const threshold = options.hitMultiple - 1;
  const firstAt = new Map<string, number>();
  for (const c of calls) {
    const t = firstAt.get(c.mint);
    if (t === undefined || c.calledAt < t) firstAt.set(c.mint, c.calledAt);
  }
  const byCaller = new Map<string, ScoredCall[]>();
  for (const c of calls) {
    const list = byCaller.get(c.callerId) ?? [];
    list.push(c);
    byCaller.set(c.callerId, list);
  }
  const scores: CallerScore[] = [];
  for (const [callerId, list] of byCaller) {
    let judged = 0;
    let hits = 0;
    let firstCalls = 0;
    const returns = Object.fromEntries(CALL_HORIZONS.map((h) => [h, [] as number[]])) as Record<CallHorizon, number[]>;
    for (const c of list) {
      if (firstAt.get(c.mint) === c.calledAt) firstCalls++;
      const hit = c.outcomes[options.hitHorizon];
      if (hit && hit.athPct !== null) {
        judged++;
        if (hit.athPct >= threshold - 1e-12) hits++;
      }
      for (const h of CALL_HORIZONS) {
        const r = c.outcomes[h]?.returnPct;
        if (r !== null && r !== undefined) returns[h].push(r);
      }
    }
    const med = {} as Record<CallHorizon, number | null>;
    const best = {} as Record<CallHorizon, number | null>;
    for (const h of CALL_HORIZONS) {
      med[h] = median(returns[h]);
      best[h] = returns[h].length > 0 ? Math.max(...returns[h]) : null;
    }
    scores.push({
      callerId,
      calls: list.length,
      judged,
      hits,
      hitRate: judged > 0 ? hits / judged : null,
      confidence: wilsonLowerBound(hits, judged, z),
      median: med,
      best,
      firstCalls,
    });
  }
  return scores.sort(
    (a, b) =>
      b.confidence - a.confidence || (b.hitRate ?? -1) - (a.hitRate ?? -1) || b.calls - a.calls || a.callerId.localeCompare(b.callerId),
  );
}
