// Swaps cross process boundaries as JSON; bigints travel as decimal strings.
import type { Dex, PoolReserves, Swap, SwapFee, SwapLeg } from "../domain/swap.js";
import type { PoolReservesPayload, SwapFeePayload, SwapLegPayload, SwapPayload } from "./contract.js";

// The ...ToPayload functions name every field rather than spread the swap: they run for every
// swap ingest hands on, spreads and rest patterns cost several times more, and the payload then
// holds exactly the contract's keys (what the pipeline's fast decoder takes without the schema).

export function legToPayload(l: SwapLeg): SwapLegPayload {
  return {
    dex: l.dex,
    programId: l.programId,
    pool: l.pool,
    mintIn: l.mintIn,
    amountIn: l.amountIn.toString(),
    mintOut: l.mintOut,
    amountOut: l.amountOut.toString(),
    ixPath: l.ixPath,
  };
}

export function feeToPayload(f: SwapFee): SwapFeePayload {
  return { kind: f.kind, mint: f.mint, amount: f.amount.toString() };
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
  const p: SwapPayload = {
    signature: s.signature,
    slot: s.slot,
    blockTime: s.blockTime,
    ixPath: s.ixPath,
    dex: s.dex,
    programId: s.programId,
    pool: s.pool,
    trader: s.trader,
    mintIn: s.mintIn,
    amountIn: s.amountIn.toString(),
    decimalsIn: s.decimalsIn,
    mintOut: s.mintOut,
    amountOut: s.amountOut.toString(),
    decimalsOut: s.decimalsOut,
    priceSol: s.priceSol,
    priceUsd: s.priceUsd,
  };
  if (s.legs) p.legs = s.legs.map(legToPayload);
  if (s.fees) p.fees = s.fees.map(feeToPayload);
  if (s.reserves) p.reserves = reservesToPayload(s.reserves);
  return p;
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
