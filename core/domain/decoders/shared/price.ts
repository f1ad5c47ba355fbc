/**
 * Prices are derived, display-grade numbers: the raw amounts stay authoritative. The traded
 * token and its quote are chosen by `viewSwap` so that prices and buy/sell sides always agree.
 */
import { USDC_MINT, USDT_MINT, WSOL_MINT, toUiAmount, viewSwap } from "../../swap.js";
import type { Swap } from "../../swap.js";

export interface Prices {
  priceSol: number | null;
  priceUsd: number | null;
}

type Amounts = Pick<Swap, "mintIn" | "amountIn" | "decimalsIn" | "mintOut" | "amountOut" | "decimalsOut">;

export function computePrices(s: Amounts, solUsd: number | null | undefined): Prices {
  const v = viewSwap(s as Swap);
  if (v.tokenAmount === 0n || v.quoteAmount === 0n || v.tokenMint === v.quoteMint) {
    return { priceSol: null, priceUsd: null };
  }
  const ratio = uiAmount(v.quoteAmount, v.quoteDecimals) / uiAmount(v.tokenAmount, v.tokenDecimals);
  if (!Number.isFinite(ratio)) return { priceSol: null, priceUsd: null };
  if (v.quoteMint === WSOL_MINT) {
    const usd = typeof solUsd === "number" && Number.isFinite(solUsd) && solUsd > 0 ? ratio * solUsd : null;
    return { priceSol: ratio, priceUsd: usd };
  }
  if (v.quoteMint === USDC_MINT || v.quoteMint === USDT_MINT) {
    return { priceSol: null, priceUsd: ratio };
  }
  return { priceSol: null, priceUsd: null };
}

/** 10^d as bigints for the decimals a mint can have (0..255), built on first use. */
const POW10: bigint[] = [];

/**
 * `toUiAmount` with the power of ten looked up instead of recomputed (`10n ** BigInt(d)`
 * allocates twice per call, twice per swap): the same arithmetic, so the same result.
 */
function uiAmount(raw: bigint, decimals: number): number {
  if (decimals === 0 || !Number.isInteger(decimals) || decimals < 0 || decimals > 255) return toUiAmount(raw, decimals);
  const base = (POW10[decimals] ??= 10n ** BigInt(decimals));
  return Number(raw / base) + Number(raw % base) / Number(base);
}
