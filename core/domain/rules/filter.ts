/**
 * Filter evaluation, split in two so the hot path stays cheap: the swap part (side, size, wallet
 * labels) needs only the swap and the trader's profile; the token part (market cap, liquidity,
 * age, risk facts) needs a token context the caller fetches once per token and batch, and only
 * when some filter asks for it (`needsTokenContext`).
 *
 * Unknown data fails a bound: a chat that asks for "market cap at least $100k" does not get a
 * token whose market cap cannot be told. A filter without that bound is never affected.
 */
import type { TokenFacts } from "../token-facts.js";
import type { TokenStatsSnapshot } from "../token-stats.js";
import type { WalletProfile } from "../wallet-profile.js";
import { toUiAmount, USDC_MINT, USDT_MINT, viewSwap, WSOL_MINT, type Swap, type SwapView } from "../swap.js";
import type { Filter, QuietHours } from "./schema.js";

export interface TokenContext {
  stats: TokenStatsSnapshot | null;
  facts: TokenFacts | null;
}

/** A swap measured once for every filter and rule that looks at it. */
export interface MeasuredSwap {
  swap: Swap;
  view: SwapView;
  /** Event time in unix seconds (block time, or estimated from the slot; see `SwapClock`). */
  timeSec: number;
  sizeSol: number | null;
  sizeUsd: number | null;
}

export function measureSwap(swap: Swap, timeSec: number): MeasuredSwap {
  const view = viewSwap(swap);
  const tokenUi = toUiAmount(view.tokenAmount, view.tokenDecimals);
  const quoteUi = toUiAmount(view.quoteAmount, view.quoteDecimals);
  const stable = view.quoteMint === USDC_MINT || view.quoteMint === USDT_MINT;
  const sizeSol = view.quoteMint === WSOL_MINT ? quoteUi : swap.priceSol !== null ? tokenUi * swap.priceSol : null;
  let sizeUsd = stable ? quoteUi : swap.priceUsd !== null ? tokenUi * swap.priceUsd : null;
  // A SOL trade without a USD price still has a USD size when the SOL/USD rate is implied.
  if (sizeUsd === null && sizeSol !== null && swap.priceSol && swap.priceUsd) sizeUsd = (sizeSol * swap.priceUsd) / swap.priceSol;
  return { swap, view, timeSec, sizeSol, sizeUsd };
}

const within = (v: number | null, min: number | undefined, max: number | undefined): boolean => {
  if (min === undefined && max === undefined) return true;
  if (v === null) return false;
  return (min === undefined || v >= min) && (max === undefined || v <= max);
};

/** Side, size and wallet labels. */
export function passesSwapFilter(f: Filter, m: MeasuredSwap, profile: WalletProfile | undefined): boolean {
  if (f.side !== "both" && f.side !== m.view.side) return false;
  if (!within(m.sizeSol, f.minSol, f.maxSol)) return false;
  if (!within(m.sizeUsd, f.minUsd, f.maxUsd)) return false;
  if (f.excludeLabels.length > 0 && profile) {
    for (const l of profile.labels) if (f.excludeLabels.includes(l)) return false;
  }
  return true;
}

/** True when the token part of `f` has anything to check. */
export function needsTokenContext(f: Filter): boolean {
  return (
    f.minMcapUsd !== undefined ||
    f.maxMcapUsd !== undefined ||
    f.minLiquidityUsd !== undefined ||
    f.maxLiquidityUsd !== undefined ||
    f.minAgeSec !== undefined ||
    f.maxAgeSec !== undefined ||
    f.noMintAuthority ||
    f.noFreezeAuthority ||
    f.noRiskyExtensions
  );
}

/** Market cap in USD: supply (from the facts) times the last USD price (from the stats). */
export function marketCapUsd(ctx: TokenContext): number | null {
  const price = ctx.stats?.priceUsd ?? null;
  if (price === null || !ctx.facts) return null;
  return toUiAmount(ctx.facts.supply, ctx.facts.decimals) * price;
}

/** Seconds since the token's first trade PumpSpace saw; null when it never traded here. */
export function tokenAgeSec(ctx: TokenContext, nowSec: number): number | null {
  const first = ctx.stats?.firstTradeAt ?? null;
  return first === null ? null : Math.max(0, nowSec - first);
}

/** Market cap, liquidity, age and risk facts. */
export function passesTokenFilter(f: Filter, ctx: TokenContext, nowSec: number): boolean {
  if (!within(marketCapUsd(ctx), f.minMcapUsd, f.maxMcapUsd)) return false;
  if (!within(ctx.stats?.liquidityUsd ?? null, f.minLiquidityUsd, f.maxLiquidityUsd)) return false;
  if (!within(tokenAgeSec(ctx, nowSec), f.minAgeSec, f.maxAgeSec)) return false;
  if (f.noMintAuthority || f.noFreezeAuthority || f.noRiskyExtensions) {
    const facts = ctx.facts;
    if (!facts) return false;
    if (f.noMintAuthority && facts.mintAuthority !== null) return false;
    if (f.noFreezeAuthority && facts.freezeAuthority !== null) return false;
    if (f.noRiskyExtensions && facts.riskyExtensions.length > 0) return false;
  }
  return true;
}

/**
 * True while quiet hours hold at `nowSec`. The range may wrap midnight ("22:00"–"07:00"); `from`
 * is inside, `to` is not, and equal ends mean no quiet time at all.
 */
export function inQuietHours(q: QuietHours | null, nowSec: number): boolean {
  if (!q) return false;
  const toMin = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
  const from = toMin(q.from);
  const to = toMin(q.to);
  if (from === to) return false;
  const minuteOfDay = (((Math.floor(nowSec / 60) + q.utcOffsetMin) % 1440) + 1440) % 1440;
  return from < to ? minuteOfDay >= from && minuteOfDay < to : minuteOfDay >= from || minuteOfDay < to;
}
