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
 */
import { METEORA_DAMM_V2_PROGRAM, TOKEN_2022_PROGRAM } from "../../programs.js";
import type { Instruction } from "../../transaction.js";
import { ANCHOR_EVENT_IX_TAG, hex, readU64, startsWith } from "../shared/bytes.js";
import { DecodeError } from "../types.js";
import type { DecodeContext, SwapCore, SwapDecoder } from "../types.js";
import { decodeVaultSwap, isSwapOrSwap2 } from "../meteora-dlmm/vault-swap.js";

const EVT_SWAP2 = hex("bd4233a826507599");
const SWAP_ACCOUNTS = 14;

// EvtSwap2 body (after the 8-byte event discriminator): pool 32, trade_direction u8,
// collect_fee_mode u8, has_referral bool, SwapParameters2 (17), SwapResult2 (80), then
// included_transfer_fee_amount_in, included_transfer_fee_amount_out,
// excluded_transfer_fee_amount_out, current_timestamp, reserve_a_amount, reserve_b_amount.
const EVT_BODY = ANCHOR_EVENT_IX_TAG.length + EVT_SWAP2.length;
const EVT_INCLUDED_OUT = EVT_BODY + 140;
const EVT_EXCLUDED_OUT = EVT_BODY + 148;

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

function decode(ix: Instruction, ctx: DecodeContext): SwapCore | null {
  if (ix.programId !== METEORA_DAMM_V2_PROGRAM || !isSwapOrSwap2(ix, SWAP_ACCOUNTS, fail)) return null;
  const a = ix.accounts;
  return decodeVaultSwap(ix, ctx, {
    pool: a[1]!,
    trader: a[8]!,
    userIn: a[2]!,
    userOut: a[3]!,
    vaultA: a[4]!,
    vaultB: a[5]!,
    mintA: a[6]!,
    mintB: a[7]!,
  }, fail, withheldOut);
}

export const meteoraDammV2Decoder: SwapDecoder = {
  dex: "meteora-damm-v2",
  programId: METEORA_DAMM_V2_PROGRAM,
  decode,
};
