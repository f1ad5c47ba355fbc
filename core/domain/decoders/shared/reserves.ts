/**
 * A constant-product pool's reserves after a swap, read from its two vaults' post token
 * balances. Only for pools whose vaults hold exactly the pool's liquidity (Raydium AMM v4 and
 * CPMM, PumpSwap, Meteora DAMM v2); concentrated-liquidity pools and curves are left out here
 * (their vault balances are not what prices the next trade).
 *
 * Trap: post balances are the transaction's end state, so when one transaction swaps twice
 * through the same pool both swaps carry the state after the second. Good enough for liquidity
 * and a reference price; never used for amounts.
 */
import { USDC_MINT, USDT_MINT, WSOL_MINT, type PoolReserves } from "../../swap.js";
import type { DecodeContext } from "../types.js";

/**
 * The reserves oriented as the swap's token (base) and quote sides; undefined when either
 * vault's post balance was not recorded, its mint is not the one swapped, or a side is empty.
 */
export function vaultReserves(
  ctx: DecodeContext,
  swap: { mintIn: string; mintOut: string },
  vaultIn: string,
  vaultOut: string,
): PoolReserves | undefined {
  const a = ctx.tokenAccount(vaultIn);
  const b = ctx.tokenAccount(vaultOut);
  if (!a || !b || a.mint !== swap.mintIn || b.mint !== swap.mintOut) return undefined;
  if (a.post <= 0n || b.post <= 0n) return undefined;
  return orientReserves(swap, a.post, b.post);
}

/** Reserves given by input/output side, turned into token (base) / quote the way `viewSwap` reads the swap. */
export function orientReserves(swap: { mintIn: string; mintOut: string }, reserveIn: bigint, reserveOut: bigint): PoolReserves {
  // same ranking as viewSwap: paying the better-ranked quote for the other mint is a buy
  const buy = rank(swap.mintIn) < rank(swap.mintOut);
  return buy ? { base: reserveOut, quote: reserveIn } : { base: reserveIn, quote: reserveOut };
}

const rank = (m: string): number => (m === WSOL_MINT ? 0 : m === USDC_MINT ? 1 : m === USDT_MINT ? 2 : 3);
