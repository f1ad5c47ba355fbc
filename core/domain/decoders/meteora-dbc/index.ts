/**
 * Meteora Dynamic Bonding Curve (dbcij3LW…): swap and swap2 (exact in, partial fill, exact out).
 *
 * Key idea: the launch-curve twin of DAMM v2. Accounts: pool_authority, config, pool,
 * input_token_account, output_token_account, base_vault, quote_vault, base_mint, quote_mint,
 * payer, token_base_program, token_quote_program, referral_token_account, event_authority,
 * program. The program makes two TransferChecked CPIs (input account -> input vault, output
 * vault -> output account, then vault -> referral for a referral fee); the amounts are those
 * transfers (`decodeVaultSwap`), the direction is which vault took the input.
 *
 * Trap: the arguments are limits, and for swap2 their meaning depends on swap_mode (amount_0
 * is the *output* for exact-out; a partial fill takes less than amount_0), so they are never
 * read as amounts. Both EvtSwap and EvtSwap2 are emitted for every swap (and EvtCurveComplete
 * on the last one): one instruction is one swap, whatever the events.
 */
import { METEORA_DBC_PROGRAM } from "../../programs.js";
import type { Instruction } from "../../transaction.js";
import { DecodeError } from "../types.js";
import type { DecodeContext, SwapCore, SwapDecoder } from "../types.js";
import { decodeVaultSwap, isSwapOrSwap2 } from "../meteora-dlmm/vault-swap.js";

const SWAP_ACCOUNTS = 15;

function fail(reason: string): never {
  throw new DecodeError(reason, { dex: "meteora-dbc", programId: METEORA_DBC_PROGRAM });
}

function decode(ix: Instruction, ctx: DecodeContext): SwapCore | null {
  if (ix.programId !== METEORA_DBC_PROGRAM || !isSwapOrSwap2(ix, SWAP_ACCOUNTS, fail)) return null;
  const a = ix.accounts;
  return decodeVaultSwap(ix, ctx, {
    pool: a[2]!,
    trader: a[9]!,
    userIn: a[3]!,
    userOut: a[4]!,
    vaultA: a[5]!,
    vaultB: a[6]!,
    mintA: a[7]!,
    mintB: a[8]!,
  }, fail);
}

export const meteoraDbcDecoder: SwapDecoder = {
  dex: "meteora-dbc",
  programId: METEORA_DBC_PROGRAM,
  decode,
};
