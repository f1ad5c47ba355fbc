// Swaps cross process boundaries as JSON; bigints travel as decimal strings.
import type { Dex, Swap } from "../domain/swap.js";
import type { SwapPayload } from "./contract.js";

export function swapToPayload(s: Swap): SwapPayload {
  return { ...s, amountIn: s.amountIn.toString(), amountOut: s.amountOut.toString() };
}

export function swapFromPayload(p: SwapPayload): Swap {
  return { ...p, dex: p.dex as Dex, amountIn: BigInt(p.amountIn), amountOut: BigInt(p.amountOut) };
}
