/**
 * The one extension of the decoder contract that multi-hop instructions need. A decoder whose
 * single instruction trades through several pools (Orca's `two_hop_swap`) returns the user's
 * end-to-end swap as its `SwapCore` and the pools it went through as `hops`; `decodeSwaps`
 * turns them into `Swap.legs`. Kept structural (a `SwapCore` with one more field) so the
 * `SwapDecoder` contract itself does not change.
 */
import type { SwapCore } from "../types.js";

/** One pool of a multi-hop instruction: a `SwapLeg` before dex/programId/ixPath are known. */
export interface HopCore {
  pool: string | null;
  mintIn: string;
  amountIn: bigint;
  mintOut: string;
  amountOut: bigint;
}

export interface MultiHopSwapCore extends SwapCore {
  hops: HopCore[];
}

export function hopsOf(core: SwapCore): readonly HopCore[] | undefined {
  const h = (core as Partial<MultiHopSwapCore>).hops;
  return Array.isArray(h) ? h : undefined;
}
