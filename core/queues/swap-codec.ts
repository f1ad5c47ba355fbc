// Swaps cross process boundaries as JSON; bigints travel as decimal strings.
import type { Dex, PoolReserves, Swap, SwapFee, SwapLeg } from "../domain/swap.js";
import type { PoolReservesPayload, SwapFeePayload, SwapLegPayload, SwapPayload } from "./contract.js";

export function legToPayload(l: SwapLeg): SwapLegPayload {
  return { ...l, amountIn: l.amountIn.toString(), amountOut: l.amountOut.toString() };
}

export function feeToPayload(f: SwapFee): SwapFeePayload {
  return { ...f, amount: f.amount.toString() };
}

function reservesToPayload(r: PoolReserves): PoolReservesPayload {
  return {
    base: r.base.toString(),
    quote: r.quote.toString(),
    ...(r.realQuote !== undefined ? { realQuote: r.realQuote.toString() } : {}),
  };
}

function reservesFromPayload(r: PoolReservesPayload): PoolReserves {
  return {
    base: BigInt(r.base),
    quote: BigInt(r.quote),
    ...(r.realQuote !== undefined ? { realQuote: BigInt(r.realQuote) } : {}),
  };
}

export function swapToPayload(s: Swap): SwapPayload {
  const { legs, fees, reserves, ...rest } = s;
  return {
    ...rest,
    amountIn: s.amountIn.toString(),
    amountOut: s.amountOut.toString(),
    ...(legs ? { legs: legs.map(legToPayload) } : {}),
    ...(fees ? { fees: fees.map(feeToPayload) } : {}),
    ...(reserves ? { reserves: reservesToPayload(reserves) } : {}),
  };
}

export function swapFromPayload(p: SwapPayload): Swap {
  const { legs, fees, reserves, ...rest } = p;
  return {
    ...rest,
    dex: p.dex as Dex,
    amountIn: BigInt(p.amountIn),
    amountOut: BigInt(p.amountOut),
    ...(legs
      ? { legs: legs.map((l) => ({ ...l, dex: l.dex as Dex, amountIn: BigInt(l.amountIn), amountOut: BigInt(l.amountOut) })) }
      : {}),
    ...(fees ? { fees: fees.map((f) => ({ ...f, amount: BigInt(f.amount) })) } : {}),
    ...(reserves ? { reserves: reservesFromPayload(reserves) } : {}),
  };
}
