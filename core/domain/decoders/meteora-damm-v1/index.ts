/**
 * Meteora DAMM v1 ("Meteora pools", dynamic AMM, Eo7WjKq6…): swap.
 *
 * Key idea: the pool holds no tokens itself. A swap CPIs into the Meteora vault program:
 * `deposit` moves the input from user_source_token into the input vault's token account
 * (a_token_vault / b_token_vault) and mints vault LP to the pool, `withdraw` burns the other
 * vault's LP and moves the output from its token vault to user_destination_token. Those token
 * transfers are grandchildren of the swap instruction, so every descendant is searched
 * (`decodeVaultSwap`). Accounts: pool, user_source_token, user_destination_token, a_vault,
 * b_vault, a_token_vault, b_token_vault, a_vault_lp_mint, b_vault_lp_mint, a_vault_lp,
 * b_vault_lp, protocol_token_fee, user, vault_program, token_program (+ an optional host fee
 * account).
 *
 * Traps: the input leaves the user in up to three transfers — the protocol fee straight to
 * protocol_token_fee and a host fee come before the vault deposit — so in_amount is their sum,
 * not the deposit alone. The instruction names no mints: they come from the token vaults'
 * balances. The Swap event is only logged (`Program data:`), never self-CPI'd.
 */
import { METEORA_DAMM_V1_PROGRAM } from "../../programs.js";
import type { Instruction } from "../../transaction.js";
import { hex, startsWith } from "../shared/bytes.js";
import { DecodeError } from "../types.js";
import type { DecodeContext, SwapCore, SwapDecoder } from "../types.js";
import { decodeVaultSwap } from "../shared/vault-swap.js";

const SWAP = hex("f8c69e91e17587c8");
const SWAP_DATA = 24; // discriminator, in_amount u64, minimum_out_amount u64
const SWAP_ACCOUNTS = 15;

function fail(reason: string): never {
  throw new DecodeError(reason, { dex: "meteora-damm-v1", programId: METEORA_DAMM_V1_PROGRAM });
}

function decode(ix: Instruction, ctx: DecodeContext): SwapCore | null {
  if (ix.programId !== METEORA_DAMM_V1_PROGRAM || ix.parsed !== undefined) return null;
  const d = ix.data;
  if (!startsWith(d, SWAP)) return null;
  if (d.length < SWAP_DATA) fail(`swap data is ${d.length} bytes, expected ${SWAP_DATA}`);
  const a = ix.accounts;
  if (a.length < SWAP_ACCOUNTS) fail(`swap has ${a.length} accounts, expected at least ${SWAP_ACCOUNTS}`);

  return decodeVaultSwap(ix, ctx, {
    pool: a[0]!,
    trader: a[12]!,
    userIn: a[1]!,
    userOut: a[2]!,
    vaultA: a[5]!,
    vaultB: a[6]!,
    mintA: null,
    mintB: null,
  }, fail);
}

export const meteoraDammV1Decoder: SwapDecoder = {
  dex: "meteora-damm-v1",
  programId: METEORA_DAMM_V1_PROGRAM,
  decode,
};
