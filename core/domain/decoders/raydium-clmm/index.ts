/**
 * Raydium CLMM (CAMMCzo5…, concentrated liquidity): swap (v1, SPL Token only), swap_v2
 * (Token-2022 aware) and swap_router_base_in (several CLMM pools in one instruction).
 *
 * Key idea: swap and swap_v2 share the head of their account list — [payer, amm_config,
 * pool_state, input_token_account, output_token_account, input_vault, output_vault,
 * observation_state, token_program, ...] — and state only an amount plus a limit
 * (`is_base_input` says which side is exact). What moved is in the two CPI transfers
 * (input account -> input vault, output vault -> output account; `Transfer` in v1,
 * `TransferChecked` in v2), found by both endpoints. v1 names no mints: they come from the
 * vaults' token balances. swap_router_base_in ([payer, input_token_account, input_token_mint,
 * token_program, token_program_2022, memo_program], then per hop amm_config, pool_state,
 * output_token_account, input_vault, output_vault, output_token_mint, observation_state and
 * a variable number of tick arrays) is reported as one swap from its first input to its last
 * output: with a single hop it names that pool, with several its pool is null and the pools
 * travel as `hops` (`MultiHopSwapCore`, which `decodeSwaps` turns into `Swap.legs`).
 *
 * Trap (Token-2022): a transfer-fee output mint makes the vault send the gross amount while
 * the fee is withheld in the user's account. The SwapEvent (`emit!`, a `Program data:` log)
 * carries transfer_fee_0/1; the output side's fee is subtracted when the event is there.
 * Don't take amount_0/amount_1 from the event as the input: there they exclude the fee that
 * the trader did pay.
 *
 * Fees (`fees`, swap and swap_v2 only): the SwapEvent's transfer_fee_0/1, i.e. the Token-2022
 * transfer fees of the two legs (kind "transfer", in token_0's / token_1's mint; zero_for_one
 * says which is the input), counted only on legs that are Token-2022 transfers. The event does
 * not state the pool's trade fee, so `fees` is set only when a transfer fee was charged (an
 * empty list would claim that nothing was paid). Router swaps carry no `fees`.
 */
import { RAYDIUM_CLMM_PROGRAM } from "../../programs.js";
import type { Instruction } from "../../transaction.js";
import { hex, readPubkey, readU64, startsWith } from "../shared/bytes.js";
import { DecodeError, statedFees } from "../types.js";
import type { DecodeContext, SwapCore, SwapDecoder } from "../types.js";
import { allTransfers, findTransfer } from "../shared/transfers.js";
import type { LegTransfer } from "../shared/transfers.js";
import type { HopCore, MultiHopSwapCore } from "../routes/hops.js";

/** sha256("global:swap")[0..8] */
const SWAP = hex("f8c69e91e17587c8");
/** sha256("global:swap_v2")[0..8] */
const SWAP_V2 = hex("2b04ed0b1ac91e62");
/** sha256("global:swap_router_base_in")[0..8] */
const SWAP_ROUTER_BASE_IN = hex("457d73daf5baf2c4");
/** sha256("event:SwapEvent")[0..8] */
const SWAP_EVENT = hex("40c6cde8260871e2");

/** discriminator, amount, other_amount_threshold, sqrt_price_limit_x64 (u128), is_base_input */
const SWAP_DATA_LEN = 41;
/** discriminator, amount_in, amount_out_minimum */
const ROUTER_DATA_LEN = 24;
const SWAP_ACCOUNTS = 10; // up to the first tick array
const SWAP_V2_ACCOUNTS = 13; // up to output_vault_mint
const ROUTER_ACCOUNTS = 6 + 7; // fixed accounts + one hop without tick arrays

/** The fields of CLMM's SwapEvent common to every version of the program. */
export interface ClmmSwapEvent {
  pool: string;
  /** Amounts as seen by the pool, without transfer fees. */
  amount0: bigint;
  transferFee0: bigint;
  amount1: bigint;
  transferFee1: bigint;
  zeroForOne: boolean;
}

/** Decodes a SwapEvent payload (discriminator included), else undefined. */
export function decodeClmmSwapEvent(b: Uint8Array): ClmmSwapEvent | undefined {
  // pool_state, sender, token_account_0, token_account_1, 4 x u64, zero_for_one, ...
  if (!startsWith(b, SWAP_EVENT) || b.length < 8 + 4 * 32 + 4 * 8 + 1) return undefined;
  return {
    pool: readPubkey(b, 8)!,
    amount0: readU64(b, 136)!,
    transferFee0: readU64(b, 144)!,
    amount1: readU64(b, 152)!,
    transferFee1: readU64(b, 160)!,
    zeroForOne: b[168] === 1,
  };
}

function fail(reason: string): never {
  throw new DecodeError(reason, { dex: "raydium-clmm", programId: RAYDIUM_CLMM_PROGRAM });
}

/**
 * What reached the trader on the output leg: the transfer amount, less the Token-2022 fee the
 * pool's SwapEvent reports for the output side.
 */
function received(ix: Instruction, ctx: DecodeContext, out: LegTransfer, pool: string): bigint {
  if (!out.token2022) return out.amount;
  const ev = poolEvent(ix, ctx, pool);
  if (!ev) return out.amount;
  const fee = ev.zeroForOne ? ev.transferFee1 : ev.transferFee0;
  return fee <= out.amount ? out.amount - fee : out.amount;
}

/** The last SwapEvent `ix` logged for `pool` (the router logs one per hop). */
function poolEvent(ix: Instruction, ctx: DecodeContext, pool: string): ClmmSwapEvent | undefined {
  const logged = ctx.loggedData(ix);
  for (let k = logged.length - 1; k >= 0; k--) {
    const ev = decodeClmmSwapEvent(logged[k]!);
    if (ev && ev.pool === pool) return ev;
  }
  return undefined;
}

function mintAndDecimals(
  ctx: DecodeContext,
  t: LegTransfer,
  vault: string,
  user: string,
  named: string | null,
): [string, number] {
  let mint = named ?? t.mint;
  let decimals = t.decimals;
  if (mint === null || decimals === null) {
    // v1 `Transfer`s name neither: the vault's token balance does (built on first use)
    const v = ctx.tokenAccount(vault) ?? ctx.tokenAccount(user);
    mint ??= v?.mint ?? null;
    if (mint === null) fail(`cannot resolve the mint of vault ${vault}`);
    decimals ??= v?.decimals ?? ctx.mintDecimals(mint) ?? null;
    if (decimals === null) fail(`cannot resolve the decimals of mint ${mint}`);
  }
  return [mint, decimals];
}

function decodeSingle(ix: Instruction, ctx: DecodeContext, v2: boolean): SwapCore {
  const d = ix.data;
  if (d.length < SWAP_DATA_LEN) fail(`swap data is ${d.length} bytes, expected ${SWAP_DATA_LEN}`);
  const a = ix.accounts;
  const min = v2 ? SWAP_V2_ACCOUNTS : SWAP_ACCOUNTS;
  if (a.length < min) fail(`swap${v2 ? "_v2" : ""} has ${a.length} accounts, expected at least ${min}`);

  const pool = a[2]!;
  const userIn = a[3]!;
  const userOut = a[4]!;
  const vaultIn = a[5]!;
  const vaultOut = a[6]!;
  const children = ctx.children(ix);
  const tIn = findTransfer(children, userIn, vaultIn);
  const tOut = findTransfer(children, vaultOut, userOut);
  if (!tIn || !tOut) fail(`swap CPI transfers not found (in: ${tIn ? "ok" : "missing"}, out: ${tOut ? "ok" : "missing"})`);

  const [mintIn, decimalsIn] = mintAndDecimals(ctx, tIn, vaultIn, userIn, v2 ? a[11]! : null);
  const [mintOut, decimalsOut] = mintAndDecimals(ctx, tOut, vaultOut, userOut, v2 ? a[12]! : null);
  const core: SwapCore = {
    pool, trader: a[0]!,
    mintIn, amountIn: tIn.amount, decimalsIn,
    mintOut, amountOut: received(ix, ctx, tOut, pool), decimalsOut,
  };
  const ev = tIn.token2022 || tOut.token2022 ? poolEvent(ix, ctx, pool) : undefined;
  if (ev) {
    const [feeIn, feeOut] = ev.zeroForOne ? [ev.transferFee0, ev.transferFee1] : [ev.transferFee1, ev.transferFee0];
    const fees = statedFees(
      tIn.token2022 ? { kind: "transfer", mint: mintIn, amount: feeIn } : null,
      tOut.token2022 ? { kind: "transfer", mint: mintOut, amount: feeOut } : null,
    );
    if (fees.length > 0) core.fees = fees;
  }
  return core;
}

function decodeRouter(ix: Instruction, ctx: DecodeContext): SwapCore {
  const d = ix.data;
  if (d.length < ROUTER_DATA_LEN) fail(`swap_router_base_in data is ${d.length} bytes, expected ${ROUTER_DATA_LEN}`);
  const a = ix.accounts;
  if (a.length < ROUTER_ACCOUNTS) fail(`swap_router_base_in has ${a.length} accounts, expected at least ${ROUTER_ACCOUNTS}`);

  // Each hop is one user -> vault and one vault -> user transfer (signed by the hop's
  // pool_state); hop k's output account is hop k+1's input account. Hop boundaries in the
  // account list depend on how many tick arrays each hop passes, so the transfers delimit them.
  const ts = allTransfers(ctx.children(ix));
  if (ts.length < 2 || ts.length % 2 !== 0) fail(`swap_router_base_in made ${ts.length} transfers, expected pairs`);
  if (ts[0]!.source !== a[1]) fail("swap_router_base_in first transfer does not leave input_token_account");
  const hops: HopCore[] = [];
  let dIn = 0;
  let dOut = 0;
  for (let k = 0; k < ts.length; k += 2) {
    const tIn = ts[k]!;
    const tOut = ts[k + 1]!;
    if (k > 0 && tIn.source !== ts[k - 1]!.destination) fail(`swap_router_base_in hop ${k / 2} does not spend the previous output`);
    const pool = tOut.authority;
    if (pool === null) fail(`swap_router_base_in hop ${k / 2} output transfer names no pool authority`);
    const [mintIn, decIn] = mintAndDecimals(ctx, tIn, tIn.destination, tIn.source, k === 0 ? a[2]! : null);
    const [mintOut, decOut] = mintAndDecimals(ctx, tOut, tOut.source, tOut.destination, null);
    if (k === 0) dIn = decIn;
    dOut = decOut;
    hops.push({ pool, mintIn, amountIn: tIn.amount, mintOut, amountOut: received(ix, ctx, tOut, pool) });
  }
  const first = hops[0]!;
  const last = hops[hops.length - 1]!;
  const core: SwapCore = {
    pool: hops.length === 1 ? first.pool : null,
    trader: a[0]!,
    mintIn: first.mintIn, amountIn: first.amountIn, decimalsIn: dIn,
    mintOut: last.mintOut, amountOut: last.amountOut, decimalsOut: dOut,
  };
  if (hops.length === 1) return core;
  const multi: MultiHopSwapCore = { ...core, hops };
  return multi;
}

function decode(ix: Instruction, ctx: DecodeContext): SwapCore | null {
  if (ix.programId !== RAYDIUM_CLMM_PROGRAM || ix.parsed !== undefined) return null;
  const d = ix.data;
  if (startsWith(d, SWAP_V2)) return decodeSingle(ix, ctx, true);
  if (startsWith(d, SWAP)) return decodeSingle(ix, ctx, false);
  if (startsWith(d, SWAP_ROUTER_BASE_IN)) return decodeRouter(ix, ctx);
  return null;
}

export const raydiumClmmDecoder: SwapDecoder = {
  dex: "raydium-clmm",
  programId: RAYDIUM_CLMM_PROGRAM,
  decode,
};
