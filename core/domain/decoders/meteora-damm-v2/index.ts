/**
 * Meteora DAMM v2 (cp-amm, cpamdpZC…): swap and swap2 (exact in, partial fill, exact out).
 *
 * Key idea: both share one account list — pool_authority, pool, input_token_account,
 * output_token_account, token_a_vault, token_b_vault, token_a_mint, token_b_mint, payer,
 * token_a_program, token_b_program, referral_token_account, event_authority, program — and
 * make two TransferChecked CPIs: input account -> input vault, output vault -> output account
 * (plus vault -> referral for the referral fee). The arguments are limits or, for swap2, a
 * mode-dependent pair, so amounts come from those transfers (`decodeVaultSwap`); the vault
 * that took the input gives the direction, token_a_mint / token_b_mint the mints.
 *
 * Trap: pools may hold Token-2022 mints with a transfer fee. The output transfer states the
 * gross amount; what reached the trader is `excluded_transfer_fee_amount_out` of EvtSwap2
 * (emitted since program 0.1.5; older versions emit only EvtSwap, which does not carry it, and
 * then the balance-based estimate applies).
 *
 * Fees (`fees`): from the swap's own event. SwapResult2 states claiming (trading) fee, protocol
 * fee, compounding fee (that slot was partner_fee before 0.1.6) and referral fee; all are in one
 * mint, which the program picks from collect_fee_mode and the direction (FeeMode::get_fee_mode):
 * BothToken (0) takes them from the output token, OnlyB (1) and Compounding (2) always in token
 * B. EvtSwap2 carries collect_fee_mode, so its fees are always reported (the compounding slot
 * only when the mode is Compounding: in older programs it was a partner fee, not an LP fee, and
 * is then left out). The older EvtSwap (lp_fee, protocol_fee, partner_fee, referral_fee) does
 * not carry the mode: A -> B charges token B in every mode, but B -> A charges token A
 * (BothToken) or token B (OnlyB), so a B -> A swap with only EvtSwap has no `fees`.
 */
import { METEORA_DAMM_V2_PROGRAM, TOKEN_2022_PROGRAM } from "../../programs.js";
import type { Instruction } from "../../transaction.js";
import { ANCHOR_EVENT_IX_TAG, hex, readPubkey, readU64, startsWith } from "../shared/bytes.js";
import { DecodeError, statedFees } from "../types.js";
import type { DecodeContext, SwapCore, SwapDecoder } from "../types.js";
import { decodeVaultSwap, isSwapOrSwap2 } from "../shared/vault-swap.js";

const EVT_SWAP = hex("1b3c15d58aaabb93");
const EVT_SWAP2 = hex("bd4233a826507599");
const SWAP_ACCOUNTS = 14;

// EvtSwap2 body (after the 8-byte event discriminator): pool 32, trade_direction u8,
// collect_fee_mode u8, has_referral bool, SwapParameters2 (17), SwapResult2 (80), then
// included_transfer_fee_amount_in, included_transfer_fee_amount_out,
// excluded_transfer_fee_amount_out, current_timestamp, reserve_a_amount, reserve_b_amount.
const EVT_BODY = ANCHOR_EVENT_IX_TAG.length + EVT_SWAP2.length;
const EVT_INCLUDED_OUT = EVT_BODY + 140;
const EVT_EXCLUDED_OUT = EVT_BODY + 148;
// EvtSwap2 fee fields: collect_fee_mode, then SwapResult2's claiming_fee, protocol_fee,
// compounding_fee (partner_fee before 0.1.6), referral_fee
const EVT2_DIRECTION = EVT_BODY + 32;
const EVT2_MODE = EVT_BODY + 33;
const EVT2_FEES = EVT_BODY + 100;
// EvtSwap body: pool 32, trade_direction u8, has_referral bool, SwapParameters (16), SwapResult:
// output_amount, next_sqrt_price u128, lp_fee, protocol_fee, partner_fee, referral_fee, ...
const EVT1_FEES = EVT_BODY + 74;
const COLLECT_FEE_BOTH_TOKEN = 0;
const COLLECT_FEE_COMPOUNDING = 2;

function fail(reason: string): never {
  throw new DecodeError(reason, { dex: "meteora-damm-v2", programId: METEORA_DAMM_V2_PROGRAM });
}

/** The Token-2022 fee withheld from the output, from this swap's own EvtSwap2. */
function withheldOut(ix: Instruction, ctx: DecodeContext, aToB: boolean): bigint | null {
  // only a Token-2022 output can carry a fee: do not decode event payloads otherwise
  if (ix.accounts[aToB ? 10 : 9] !== TOKEN_2022_PROGRAM) return null;
  for (const c of ctx.children(ix)) {
    if (c.programId !== METEORA_DAMM_V2_PROGRAM || c.accounts.length !== 1) continue;
    const d = c.data;
    if (!startsWith(d, ANCHOR_EVENT_IX_TAG) || !startsWith(d, EVT_SWAP2, ANCHOR_EVENT_IX_TAG.length)) continue;
    const included = readU64(d, EVT_INCLUDED_OUT);
    const excluded = readU64(d, EVT_EXCLUDED_OUT);
    if (included === undefined || excluded === undefined || excluded > included) return null;
    return included - excluded;
  }
  return null;
}

/** This swap's own EvtSwap2 / EvtSwap (EvtSwap2 preferred), checked to be for `pool`. */
function swapEvent(ix: Instruction, ctx: DecodeContext, pool: string): { v2: boolean; body: Uint8Array } | null {
  let v1: Uint8Array | null = null;
  for (const c of ctx.children(ix)) {
    if (c.programId !== METEORA_DAMM_V2_PROGRAM || c.accounts.length !== 1) continue;
    const d = c.data;
    if (!startsWith(d, ANCHOR_EVENT_IX_TAG) || readPubkey(d, EVT_BODY) !== pool) continue;
    if (startsWith(d, EVT_SWAP2, ANCHOR_EVENT_IX_TAG.length) && d.length >= EVT2_FEES + 32) return { v2: true, body: d };
    if (!v1 && startsWith(d, EVT_SWAP, ANCHOR_EVENT_IX_TAG.length) && d.length >= EVT1_FEES + 32) v1 = d;
  }
  return v1 ? { v2: false, body: v1 } : null;
}

/** The fees the swap's event states, or undefined when it has none or their mint is unknown. */
function eventFees(ix: Instruction, ctx: DecodeContext, core: SwapCore, mintA: string, mintB: string): SwapCore["fees"] {
  const ev = swapEvent(ix, ctx, core.pool ?? "");
  if (!ev) return undefined;
  const d = ev.body;
  const aToB = core.mintIn === mintA && core.mintOut === mintB;
  let feeMint: string;
  let lp: bigint;
  let at: number;
  if (ev.v2) {
    const mode = d[EVT2_MODE]!;
    if (mode > COLLECT_FEE_COMPOUNDING) return undefined;
    if ((d[EVT2_DIRECTION] === 0) !== aToB) return undefined;
    feeMint = mode === COLLECT_FEE_BOTH_TOKEN && !aToB ? mintA : mintB;
    at = EVT2_FEES;
    lp = readU64(d, at)! + (mode === COLLECT_FEE_COMPOUNDING ? readU64(d, at + 16)! : 0n);
  } else {
    if ((d[EVT2_DIRECTION] === 0) !== aToB) return undefined;
    // without collect_fee_mode only A -> B has a certain fee mint (token B in every mode)
    if (!aToB) return undefined;
    feeMint = mintB;
    at = EVT1_FEES;
    lp = readU64(d, at)!;
  }
  return statedFees(
    { kind: "lp", mint: feeMint, amount: lp },
    { kind: "protocol", mint: feeMint, amount: readU64(d, at + 8)! },
    { kind: "platform", mint: feeMint, amount: readU64(d, at + 24)! },
  );
}

function decode(ix: Instruction, ctx: DecodeContext): SwapCore | null {
  if (ix.programId !== METEORA_DAMM_V2_PROGRAM || !isSwapOrSwap2(ix, SWAP_ACCOUNTS, fail)) return null;
  const a = ix.accounts;
  const core = decodeVaultSwap(ix, ctx, {
    pool: a[1]!,
    trader: a[8]!,
    userIn: a[2]!,
    userOut: a[3]!,
    vaultA: a[4]!,
    vaultB: a[5]!,
    mintA: a[6]!,
    mintB: a[7]!,
  }, fail, withheldOut);
  const fees = eventFees(ix, ctx, core, a[6]!, a[7]!);
  if (fees) core.fees = fees;
  return core;
}

export const meteoraDammV2Decoder: SwapDecoder = {
  dex: "meteora-damm-v2",
  programId: METEORA_DAMM_V2_PROGRAM,
  decode,
};
