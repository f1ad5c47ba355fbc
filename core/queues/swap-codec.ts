// Swaps cross process boundaries as JSON; bigints travel as decimal strings.
import type { Dex, Swap, SwapLeg } from "../domain/swap.js";
import type { SwapLegPayload, SwapPayload } from "./contract.js";

export function legToPayload(l: SwapLeg): SwapLegPayload {
  return { ...l, amountIn: l.amountIn.toString(), amountOut: l.amountOut.toString() };
}

export function swapToPayload(s: Swap): SwapPayload {
  const { legs, ...rest } = s;
  return {
    ...rest,
    amountIn: s.amountIn.toString(),
    amountOut: s.amountOut.toString(),
    ...(legs ? { legs: legs.map(legToPayload) } : {}),
  };
}

export function swapFromPayload(p: SwapPayload): Swap {
  const { legs, ...rest } = p;
  return {
    ...rest,
    dex: p.dex as Dex,
    amountIn: BigInt(p.amountIn),
    amountOut: BigInt(p.amountOut),
    ...(legs
      ? { legs: legs.map((l) => ({ ...l, dex: l.dex as Dex, amountIn: BigInt(l.amountIn), amountOut: BigInt(l.amountOut) })) }
      : {}),
  };
}
