/**
 * Meteora DLMM (LBUZKhRx…, "lb_clmm"): swap, swap2, swap_exact_out, swap_exact_out2,
 * swap_with_price_impact, swap_with_price_impact2.
 *
 * Key idea: all six share the first eleven accounts — lb_pair, bin_array_bitmap_extension,
 * reserve_x, reserve_y, user_token_in, user_token_out, token_x_mint, token_y_mint, oracle,
 * host_fee_in, user — and the "2" variants only insert memo_program before the event
 * authority (and append transfer-hook accounts). The arguments are limits (amount_in +
 * min_out, or max_in + amount_out); what moved is read from the TransferChecked CPIs between
 * the user's accounts and the reserves (`decodeVaultSwap`). Which reserve took the input gives
 * the direction, and token_x_mint / token_y_mint the mints.
 *
 * Traps: the Swap / Swap2Evt events are not "what moved" — their amount_out is the gross
 * amount before a Token-2022 transfer fee, and a host fee is a second transfer out of
 * user_token_in that the trader also paid. Optional accounts left empty are passed as the
 * program id itself, so positions are fixed; never look accounts up by "the first token account".
 *
 * Fees (`fees`): from the swap's own Swap event (lb_pair, from, start/end_bin_id, amount_in,
 * amount_out, swap_for_y, fee, protocol_fee, fee_bps u128, host_fee). `fee` includes
 * `protocol_fee` (events.rs: "Include protocol fee" / "Part of fee"), so lp = fee - protocol_fee.
 * Reported only when certain: (1) swap_for_y is false — the pool's collect_fee_mode
 * (InputOnly, or OnlyY in later programs, where an X -> Y swap pays in Y, its output) is not in
 * the event, and only a Y -> X swap pays in its input (Y) in both; (2) host_fee is 0 — the
 * published source does not show whether protocol_fee is counted before or after the host's
 * share; (3) no Swap2Evt (the limit-order program's event, with more fee parts) is present.
 */
import { METEORA_DLMM_PROGRAM } from "../../programs.js";
import type { Instruction } from "../../transaction.js";
import { ANCHOR_EVENT_IX_TAG, hex, readPubkey, readU64, startsWith } from "../shared/bytes.js";
import { DecodeError, statedFees } from "../types.js";
import type { DecodeContext, SwapCore, SwapDecoder } from "../types.js";
import { decodeVaultSwap } from "../shared/vault-swap.js";

const SWAP = hex("f8c69e91e17587c8");
const SWAP2 = hex("414b3f4ceb5b5b88");
const SWAP_EXACT_OUT = hex("fa49652126cf4bb8");
const SWAP_EXACT_OUT2 = hex("2bd7f784893cf351");
const SWAP_WITH_PRICE_IMPACT = hex("38ade6d0ade49ccd");
const SWAP_WITH_PRICE_IMPACT2 = hex("4a62c0d6b1334b33");

const EVT_SWAP = hex("516ce3becdd00ac4");
const EVT_SWAP2 = hex("2e7452d7941b544d");
// Swap event body offsets (after the 8-byte tag and the 8-byte discriminator)
const EVT_BODY = ANCHOR_EVENT_IX_TAG.length + EVT_SWAP.length;
const EVT_SWAP_FOR_Y = EVT_BODY + 88;
const EVT_FEE = EVT_BODY + 89;
const EVT_PROTOCOL_FEE = EVT_BODY + 97;
const EVT_HOST_FEE = EVT_BODY + 121;

interface Variant {
  readonly name: string;
  /** Shortest valid data: discriminator + fixed args (+ the RemainingAccountsInfo vec length). */
  readonly minData: number;
  readonly minAccounts: number;
}

const V_SWAP: Variant = { name: "swap", minData: 24, minAccounts: 15 };
const V_SWAP2: Variant = { name: "swap2", minData: 28, minAccounts: 16 };
const V_EXACT_OUT: Variant = { name: "swap_exact_out", minData: 24, minAccounts: 15 };
const V_EXACT_OUT2: Variant = { name: "swap_exact_out2", minData: 28, minAccounts: 16 };
// amount_in u64, active_id Option<i32> (1 or 5 bytes), max_price_impact_bps u16
const V_PRICE_IMPACT: Variant = { name: "swap_with_price_impact", minData: 19, minAccounts: 15 };
const V_PRICE_IMPACT2: Variant = { name: "swap_with_price_impact2", minData: 23, minAccounts: 16 };

function variantOf(d: Uint8Array): Variant | null {
  switch (d[0]) {
    case 0xf8: return startsWith(d, SWAP) ? V_SWAP : null;
    case 0x41: return startsWith(d, SWAP2) ? V_SWAP2 : null;
    case 0xfa: return startsWith(d, SWAP_EXACT_OUT) ? V_EXACT_OUT : null;
    case 0x2b: return startsWith(d, SWAP_EXACT_OUT2) ? V_EXACT_OUT2 : null;
    case 0x38: return startsWith(d, SWAP_WITH_PRICE_IMPACT) ? V_PRICE_IMPACT : null;
    case 0x4a: return startsWith(d, SWAP_WITH_PRICE_IMPACT2) ? V_PRICE_IMPACT2 : null;
    default: return null;
  }
}

function fail(reason: string): never {
  throw new DecodeError(reason, { dex: "meteora-dlmm", programId: METEORA_DLMM_PROGRAM });
}

function decode(ix: Instruction, ctx: DecodeContext): SwapCore | null {
  if (ix.programId !== METEORA_DLMM_PROGRAM || ix.parsed !== undefined) return null;
  // the program's emit_cpi event instructions (one account: the event authority) are its most
  // frequent inner instructions: skip them before their data is base58-decoded
  if (ix.accounts.length <= 1) return null;
  const d = ix.data;
  if (d.length < 8) return null;
  const v = variantOf(d);
  if (!v) return null;

  let minData = v.minData;
  // Option<i32> active_id: tag 1 carries four more bytes
  if ((v === V_PRICE_IMPACT || v === V_PRICE_IMPACT2) && d.length > 16 && d[16] === 1) minData += 4;
  if (d.length < minData) fail(`${v.name} data is ${d.length} bytes, expected at least ${minData}`);
  const a = ix.accounts;
  if (a.length < v.minAccounts) fail(`${v.name} has ${a.length} accounts, expected at least ${v.minAccounts}`);

  const core = decodeVaultSwap(ix, ctx, {
    pool: a[0]!,
    trader: a[10]!,
    userIn: a[4]!,
    userOut: a[5]!,
    vaultA: a[2]!,
    vaultB: a[3]!,
    mintA: a[6]!,
    mintB: a[7]!,
  }, fail);
  const fees = eventFees(ix, ctx, core, a[0]!, a[7]!);
  if (fees) core.fees = fees;
  return core;
}

/** LP and protocol fee of a Y -> X swap from its own Swap event, when certain (see above). */
function eventFees(ix: Instruction, ctx: DecodeContext, core: SwapCore, pool: string, mintY: string): SwapCore["fees"] {
  if (core.mintIn !== mintY) return undefined;
  let ev: Uint8Array | null = null;
  for (const c of ctx.children(ix)) {
    if (c.programId !== METEORA_DLMM_PROGRAM || c.accounts.length !== 1) continue;
    const d = c.data;
    if (!startsWith(d, ANCHOR_EVENT_IX_TAG)) continue;
    if (startsWith(d, EVT_SWAP2, ANCHOR_EVENT_IX_TAG.length)) return undefined;
    if (!ev && startsWith(d, EVT_SWAP, ANCHOR_EVENT_IX_TAG.length) && d.length >= EVT_HOST_FEE + 8
      && readPubkey(d, EVT_BODY) === pool) ev = d;
  }
  if (!ev || ev[EVT_SWAP_FOR_Y] !== 0 || readU64(ev, EVT_HOST_FEE) !== 0n) return undefined;
  const fee = readU64(ev, EVT_FEE)!;
  const protocolFee = readU64(ev, EVT_PROTOCOL_FEE)!;
  if (protocolFee > fee) return undefined;
  return statedFees(
    { kind: "lp", mint: mintY, amount: fee - protocolFee },
    { kind: "protocol", mint: mintY, amount: protocolFee },
  );
}

export const meteoraDlmmDecoder: SwapDecoder = {
  dex: "meteora-dlmm",
  programId: METEORA_DLMM_PROGRAM,
  decode,
};
