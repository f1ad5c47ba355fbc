/**
 * Jupiter v6 hop events. Every hop of a route is reported by the program itself, so a route's
 * legs are known even through venues we have no decoder for:
 *
 * - `SwapEvent { amm, input_mint, input_amount, output_mint, output_amount }`, one per hop
 *   (route, shared_accounts_route, exact_out_route, ... and their token-ledger forms);
 * - `SwapsEvent { swap_events: Vec<SwapEventV2> }`, one per instruction for the `*_v2` routes,
 *   with `SwapEventV2 { input_mint, input_amount, output_mint, output_amount, amm }` (early
 *   builds had no `amm`: the element size, 112 or 80 bytes, tells them apart).
 *
 * Both come as an anchor self-CPI (`emit_cpi!`: event-ix tag, discriminator, body); the first
 * v6 builds logged them as `Program data:` instead, which carries the same bytes minus the tag.
 * Other aggregators emit the very same events (DFlow does, from its own program), so the
 * reader takes the emitting program as given; the caller decides whose self-CPIs to read.
 */
import type { Instruction } from "../../transaction.js";
import { ANCHOR_EVENT_IX_TAG, hex, readPubkey, readU32, readU64, startsWith } from "../shared/bytes.js";

const SWAP_EVENT = hex("40c6cde8260871e2");
const SWAPS_EVENT = hex("982f4eebc0606e6a");

export interface HopEvent {
  /** The venue's program id; null for the early `SwapEventV2` without it. */
  amm: string | null;
  mintIn: string;
  amountIn: bigint;
  mintOut: string;
  amountOut: bigint;
}

/** Hop events in an event payload that starts with its 8-byte discriminator. */
export function readJupiterEvent(p: Uint8Array, o = 0): HopEvent[] {
  if (startsWith(p, SWAP_EVENT, o)) {
    const b = o + 8;
    if (p.length < b + 112) return [];
    return [{
      amm: readPubkey(p, b)!,
      mintIn: readPubkey(p, b + 32)!,
      amountIn: readU64(p, b + 64)!,
      mintOut: readPubkey(p, b + 72)!,
      amountOut: readU64(p, b + 104)!,
    }];
  }
  if (startsWith(p, SWAPS_EVENT, o)) {
    const n = readU32(p, o + 8);
    const b = o + 12;
    if (n === undefined || n === 0) return [];
    const size = (p.length - b) / n;
    if (size !== 112 && size !== 80) return [];
    const out: HopEvent[] = [];
    for (let i = 0; i < n; i++) {
      const e = b + i * size;
      out.push({
        mintIn: readPubkey(p, e)!,
        amountIn: readU64(p, e + 32)!,
        mintOut: readPubkey(p, e + 40)!,
        amountOut: readU64(p, e + 72)!,
        amm: size === 112 ? readPubkey(p, e + 80)! : null,
      });
    }
    return out;
  }
  return [];
}

/** Hop events of an anchor self-CPI event instruction (Jupiter's, DFlow's), else an empty list. */
export function jupiterEventsOf(ix: Instruction): HopEvent[] {
  // event instructions carry one account (the event authority): filter before decoding data
  if (ix.accounts.length !== 1 || ix.parsed !== undefined) return [];
  const d = ix.data;
  return startsWith(d, ANCHOR_EVENT_IX_TAG) ? readJupiterEvent(d, 8) : [];
}
