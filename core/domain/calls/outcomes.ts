/**
 * How a called token did after the call: the price at a horizon, and the highest and lowest
 * price between the call and that horizon (ATH and max drawdown since the call). Pure.
 *
 * Key idea: one price series per call, USD when the call was priced in USD, else SOL, so a
 * return never mixes the two. The trap: a token that did not trade in the window still has a
 * price (the last one before); the call price itself bounds the extremes, so ATH ≥ 0 and
 * drawdown ≤ 0 by construction.
 */

export const CALL_HORIZONS = ["1h", "24h", "3d", "7d"] as const;
export type CallHorizon = (typeof CALL_HORIZONS)[number];

const HOUR = 3_600_000;
export const HORIZON_MS: Readonly<Record<CallHorizon, number>> = { "1h": HOUR, "24h": 24 * HOUR, "3d": 72 * HOUR, "7d": 168 * HOUR };

export type PriceBasis = "usd" | "sol";

/** One priced trade. `at` is unix milliseconds. */
export interface PricePoint {
  at: number;
  priceUsd: number | null;
  priceSol: number | null;
}

export interface CallPrice {
  priceUsd: number | null;
  priceSol: number | null;
}

export interface CallOutcomeFigures {
  basis: PriceBasis;
  price: number | null;
  peak: number | null;
  trough: number | null;
  returnPct: number | null;
  athPct: number | null;
  drawdownPct: number | null;
  swaps: number;
}

/** USD when the call has a USD price, else SOL; null when the call was never priced. */
export function callBasis(call: CallPrice): PriceBasis | null {
  if (call.priceUsd !== null && call.priceUsd > 0) return "usd";
  if (call.priceSol !== null && call.priceSol > 0) return "sol";
  return null;
}

const pick = (p: PricePoint, basis: PriceBasis): number | null => {
  const v = basis === "usd" ? p.priceUsd : p.priceSol;
  return v !== null && Number.isFinite(v) && v > 0 ? v : null;
};

/**
 * Figures for one horizon. `window` holds the trades after the call up to the horizon (any
 * order); `last` is the last trade at or before the horizon (it may precede the call).
 *
 * @example computeOutcome({ priceUsd: 1, priceSol: null }, [{ at: 1, priceUsd: 3, priceSol: null }], null)
 * // { basis: "usd", price: 3, peak: 3, trough: 1, returnPct: 2, athPct: 2, drawdownPct: 0, swaps: 1 }
 */
export function computeOutcome(call: CallPrice, window: readonly PricePoint[], last: PricePoint | null): CallOutcomeFigures {
  const basis = callBasis(call) ?? "usd";
  const entry = basis === "usd" ? call.priceUsd : call.priceSol;
  const prices = window.map((p) => pick(p, basis)).filter((v): v is number => v !== null);
  const latest = [...window].sort((a, b) => b.at - a.at).map((p) => pick(p, basis)).find((v) => v !== null);
  const price = latest ?? (last ? pick(last, basis) : null) ?? (entry !== null && entry > 0 ? entry : null);
  if (entry === null || !(entry > 0)) {
    return { basis, price, peak: null, trough: null, returnPct: null, athPct: null, drawdownPct: null, swaps: prices.length };
  }
  const peak = Math.max(entry, ...prices);
  const trough = Math.min(entry, ...prices);
  return {
    basis,
    price,
    peak,
    trough,
    returnPct: price === null ? null : price / entry - 1,
    athPct: peak / entry - 1,
    drawdownPct: trough / entry - 1,
    swaps: prices.length,
  };
}

/** When the check for `horizon` is due (unix ms). */
export function horizonDue(calledAt: number, horizon: CallHorizon): number {
  return calledAt + HORIZON_MS[horizon];
}

/** A pump.fun (or LetsBonk) token always has 1 billion tokens: enough for a market cap. */
export const LAUNCHPAD_SUPPLY = 1_000_000_000;

/** Market cap in USD from a price and a whole-token supply, when both are known. */
export function marketCapUsd(mint: string, priceUsd: number | null, supply: number | null): number | null {
  if (priceUsd === null) return null;
  const s = supply ?? (/(pump|bonk)$/.test(mint) ? LAUNCHPAD_SUPPLY : null);
  return s === null ? null : priceUsd * s;
}
