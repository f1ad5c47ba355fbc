/**
 * Raydium CPMM (CPMMoo8L…, the constant-product "CP-Swap" program): swap_base_input and
 * swap_base_output.
 *
 * Key idea: both instructions share one account layout — [payer, authority, amm_config,
 * pool_state, input_token_account, output_token_account, input_vault, output_vault,
 * input_token_program, output_token_program, input_token_mint, output_token_mint,
 * observation_state] — and state only limits (amount_in + minimum_amount_out, or
 * max_amount_in + amount_out). What moved is in the two TransferChecked CPIs: input account ->
 * input vault, output vault -> output account. Mints come from the instruction's mint
 * accounts, so "input"/"output" never has to be guessed from the pool's token_0/token_1.
 *
 * Trap (Token-2022): with a transfer-fee mint on the output side, the vault sends the gross
 * amount and the fee is withheld in the user's account, so the transfer overstates what the
 * trader received. The program's SwapEvent (`emit!`, a `Program data:` log) carries
 * `output_transfer_fee`; it is subtracted when the event is there. On the input side the
 * transfer amount is already what left the trader (the fee is withheld at the vault).
 *
 * Fees (`fees`): the SwapEvent's input_transfer_fee / output_transfer_fee, i.e. the Token-2022
 * transfer fees of the two legs (kind "transfer", in input_token_mint / output_token_mint),
 * counted only on legs that are Token-2022 transfers. Only transfer fees are read, so `fees` is
 * set only when one was charged (an empty list would claim that nothing was paid).
 */
import { RAYDIUM_CPMM_PROGRAM } from "../../programs.js";
import type { Instruction } from "../../transaction.js";
import { hex, readPubkey, readU64, startsWith } from "../shared/bytes.js";
import { DecodeError, statedFees } from "../types.js";
import type { DecodeContext, SwapCore, SwapDecoder } from "../types.js";
import { findTransfer } from "../shared/transfers.js";
import { vaultReserves } from "../shared/reserves.js";

/** sha256("global:swap_base_input")[0..8] */
const SWAP_BASE_INPUT = hex("8fbe5adac41e33de");
/** sha256("global:swap_base_output")[0..8] */
const SWAP_BASE_OUTPUT = hex("37d96256a34ab4ad");
/** sha256("event:SwapEvent")[0..8] */
const SWAP_EVENT = hex("40c6cde8260871e2");

const DATA_LEN = 24; // discriminator + two u64
const ACCOUNTS = 13;

/** The fields of CPMM's SwapEvent common to every version of the program. */
export interface CpmmSwapEvent {
  pool: string;
  inputVaultBefore: bigint;
  outputVaultBefore: bigint;
  /** Pool-side amounts, without transfer fees. */
  inputAmount: bigint;
  outputAmount: bigint;
  inputTransferFee: bigint;
  outputTransferFee: bigint;
  baseInput: boolean;
}

/** Decodes a SwapEvent payload (discriminator included), else undefined. */
export function decodeCpmmSwapEvent(b: Uint8Array): CpmmSwapEvent | undefined {
  // pool_id, 6 x u64, base_input: bool; newer versions append mints and fee fields
  if (!startsWith(b, SWAP_EVENT) || b.length < 8 + 32 + 48 + 1) return undefined;
  return {
    pool: readPubkey(b, 8)!,
    inputVaultBefore: readU64(b, 40)!,
    outputVaultBefore: readU64(b, 48)!,
    inputAmount: readU64(b, 56)!,
    outputAmount: readU64(b, 64)!,
    inputTransferFee: readU64(b, 72)!,
    outputTransferFee: readU64(b, 80)!,
    baseInput: b[88] === 1,
  };
}

function fail(reason: string): never {
  throw new DecodeError(reason, { dex: "raydium-cpmm", programId: RAYDIUM_CPMM_PROGRAM });
}

function decode(ix: Instruction, ctx: DecodeContext): SwapCore | null {
  if (ix.programId !== RAYDIUM_CPMM_PROGRAM || ix.parsed !== undefined) return null;
  const d = ix.data;
  if (!startsWith(d, SWAP_BASE_INPUT) && !startsWith(d, SWAP_BASE_OUTPUT)) return null;
  if (d.length < DATA_LEN) fail(`swap data is ${d.length} bytes, expected ${DATA_LEN}`);
  const a = ix.accounts;
  if (a.length < ACCOUNTS) fail(`swap has ${a.length} accounts, expected ${ACCOUNTS}`);

  const pool = a[3]!;
  const userIn = a[4]!;
  const userOut = a[5]!;
  const vaultIn = a[6]!;
  const vaultOut = a[7]!;
  const mintIn = a[10]!;
  const mintOut = a[11]!;

  const children = ctx.children(ix);
  const tIn = findTransfer(children, userIn, vaultIn);
  const tOut = findTransfer(children, vaultOut, userOut);
  if (!tIn || !tOut) fail(`swap CPI transfers not found (in: ${tIn ? "ok" : "missing"}, out: ${tOut ? "ok" : "missing"})`);

  let amountOut = tOut.amount;
  let fees: SwapCore["fees"];
  if (tIn.token2022 || tOut.token2022) {
    for (const payload of ctx.loggedData(ix)) {
      const ev = decodeCpmmSwapEvent(payload);
      if (!ev || ev.pool !== pool) continue;
      if (tOut.token2022 && ev.outputTransferFee > amountOut) continue;
      if (tOut.token2022) amountOut -= ev.outputTransferFee;
      fees = statedFees(
        tIn.token2022 ? { kind: "transfer", mint: mintIn, amount: ev.inputTransferFee } : null,
        tOut.token2022 ? { kind: "transfer", mint: mintOut, amount: ev.outputTransferFee } : null,
      );
      break;
    }
  }

  const decimalsIn = tIn.decimals ?? ctx.tokenAccount(vaultIn)?.decimals ?? ctx.mintDecimals(mintIn);
  const decimalsOut = tOut.decimals ?? ctx.tokenAccount(vaultOut)?.decimals ?? ctx.mintDecimals(mintOut);
  if (decimalsIn === undefined || decimalsOut === undefined) fail("cannot resolve the decimals of the swapped mints");

  const core: SwapCore = { pool, trader: a[0]!, mintIn, amountIn: tIn.amount, decimalsIn, mintOut, amountOut, decimalsOut };
  if (fees && fees.length > 0) core.fees = fees;
  const reserves = vaultReserves(ctx, core, vaultIn, vaultOut);
  if (reserves) core.reserves = reserves;
  return core;
}

export const raydiumCpmmDecoder: SwapDecoder = {
  dex: "raydium-cpmm",
  programId: RAYDIUM_CPMM_PROGRAM,
  decode,
};
