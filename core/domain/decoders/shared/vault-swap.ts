/**
 * What a two-vault pool swap actually moved, read from the token transfers it caused. Shared by
 * the four Meteora decoders (DLMM, DAMM v1, DAMM v2, DBC): they differ in account layout only.
 *
 * Key idea: every one of these programs moves the input from the user's source token account
 * into one of the pool's two vaults (directly, or through the Meteora vault program for DAMM v1)
 * and the output from the other vault into the user's destination account. So the amounts are
 * the net flows of those two user accounts over the swap instruction's *descendants* (children
 * of children too), which also counts the extra input legs a swap may take (DLMM host fee,
 * DAMM v1 protocol and host fees) and any refund back to the source. The direction comes from
 * which vault took the input or paid the output, never from the instruction's name or limits.
 *
 * Traps: on a routed swap the pool instruction is itself an inner instruction, so the scan must
 * stop at the first instruction that is not deeper than it, or the next hop's transfers (which
 * spend the same intermediate account) would be netted in. And a Token-2022 transfer fee is
 * withheld from what the destination receives: the transfer states the gross amount, so the
 * output is corrected when the fee can be measured (see `receivedAfterTransferFee`).
 */
import { TOKEN_2022_PROGRAM } from "../../programs.js";
import type { Instruction } from "../../transaction.js";
import { hex, startsWith } from "./bytes.js";
import { readMintOrBurn, readTokenTransfer } from "./token.js";
import type { DecodeContext, SwapCore } from "../types.js";

const SWAP = hex("f8c69e91e17587c8");
const SWAP2 = hex("414b3f4ceb5b5b88");
const SWAP_DATA = 24; // discriminator, amount_in u64, minimum_amount_out u64
const SWAP2_DATA = 25; // discriminator, amount_0 u64, amount_1 u64, swap_mode u8

/**
 * For the programs whose swaps are anchor `swap(amount_in, minimum_amount_out)` and
 * `swap2(amount_0, amount_1, swap_mode)` (DAMM v2, DBC): true when `ix` is one of them, false
 * for any other instruction; throws through `fail` when it is one but malformed.
 */
export function isSwapOrSwap2(ix: Instruction, minAccounts: number, fail: (reason: string) => never): boolean {
  // emit_cpi event instructions carry one account (the event authority): skip them undecoded
  if (ix.parsed !== undefined || ix.accounts.length <= 1) return false;
  const d = ix.data;
  const v2 = startsWith(d, SWAP2);
  if (!v2 && !startsWith(d, SWAP)) return false;
  const min = v2 ? SWAP2_DATA : SWAP_DATA;
  if (d.length < min) fail(`${v2 ? "swap2" : "swap"} data is ${d.length} bytes, expected ${min}`);
  const n = ix.accounts.length;
  if (n < minAccounts) fail(`swap has ${n} accounts, expected at least ${minAccounts}`);
  return true;
}

/** Accounts of a swap, already picked out of the instruction by the program's decoder. */
export interface VaultSwapAccounts {
  pool: string;
  /** The signer that authorizes the input transfer (`user` / `payer`). */
  trader: string;
  userIn: string;
  userOut: string;
  vaultA: string;
  vaultB: string;
  /** The vaults' mints when the instruction names them; null to read them from token balances. */
  mintA: string | null;
  mintB: string | null;
}

/**
 * How much of the output's gross amount a Token-2022 transfer fee withheld, when the program
 * says so itself (DAMM v2's EvtSwap2); null when unknown. `aToB` is the swap direction.
 */
export type WithheldOut = (ix: Instruction, ctx: DecodeContext, aToB: boolean) => bigint | null;

interface Flows {
  amountIn: bigint;
  amountOut: bigint;
  nIn: number;
  nOut: number;
  inToA: boolean;
  inToB: boolean;
  outFromA: boolean;
  outFromB: boolean;
  /** From TransferChecked, when the program used it. */
  mintIn: string | null;
  mintOut: string | null;
  decimalsIn: number | null;
  decimalsOut: number | null;
  /** A credit of the destination went through Token-2022 (so a transfer fee may apply). */
  outT22: boolean;
}

function scanFlows(ix: Instruction, ctx: DecodeContext, acc: VaultSwapAccounts): Flows {
  const f: Flows = {
    amountIn: 0n, amountOut: 0n, nIn: 0, nOut: 0,
    inToA: false, inToB: false, outFromA: false, outFromB: false,
    mintIn: null, mintOut: null, decimalsIn: null, decimalsOut: null, outT22: false,
  };
  const outer = ctx.tx.instructions[ix.outerIndex];
  if (!outer) return f;
  const inner = outer.inner;
  const isOuter = ix.innerIndex === null;
  const h = ix.stackHeight;
  // Without recorded stack heights (old transactions) an inner instruction's descendants cannot
  // be told from its later siblings: then stop at its first credit of the destination, which
  // every one of these programs makes after taking the input.
  const bounded = isOuter || h !== null;
  for (let k = isOuter ? 0 : ix.innerIndex! + 1; k < inner.length; k++) {
    const c = inner[k]!;
    if (!isOuter && h !== null && c.stackHeight !== null && c.stackHeight <= h) break;
    const t = readTokenTransfer(c);
    if (!t) continue;
    if (t.source === acc.userIn) {
      f.amountIn += t.amount;
      f.nIn++;
      if (t.destination === acc.vaultA) f.inToA = true;
      else if (t.destination === acc.vaultB) f.inToB = true;
      if (t.decimals !== null) { f.mintIn = t.mint; f.decimalsIn = t.decimals; }
    } else if (t.destination === acc.userIn) {
      f.amountIn -= t.amount; // a refund of an unused input
    }
    if (t.destination === acc.userOut) {
      f.amountOut += t.amount;
      f.nOut++;
      if (t.source === acc.vaultA) f.outFromA = true;
      else if (t.source === acc.vaultB) f.outFromB = true;
      if (t.decimals !== null) { f.mintOut = t.mint; f.decimalsOut = t.decimals; }
      if (c.programId === TOKEN_2022_PROGRAM) f.outT22 = true;
      if (!bounded) break;
    } else if (t.source === acc.userOut) {
      f.amountOut -= t.amount;
    }
  }
  return f;
}

/**
 * What reached a token account out of a `gross` credit. A Token-2022 transfer fee is withheld
 * in the destination account and no instruction or log states it, but then the account's
 * balance delta is what arrived — provided the swap's own credits (`credits` of them) are the
 * only token movements of that account in the whole transaction. Otherwise the gross amount.
 */
export function receivedAfterTransferFee(ctx: DecodeContext, account: string, gross: bigint, credits: number): bigint {
  const st = ctx.tokenAccount(account);
  if (st === undefined || st.programId !== TOKEN_2022_PROGRAM) return gross;
  const delta = st.post - st.pre;
  if (delta >= gross || delta <= 0n) return gross;
  let n = 0;
  for (const o of ctx.tx.instructions) {
    n += touches(o, account);
    for (const c of o.inner) n += touches(c, account);
    if (n > credits) return gross;
  }
  return n === credits ? delta : gross;
}

function touches(ix: Instruction, account: string): number {
  const t = readTokenTransfer(ix);
  if (t) return t.source === account || t.destination === account ? 1 : 0;
  const m = readMintOrBurn(ix);
  return m !== null && m.account === account ? 1 : 0;
}

/**
 * Assembles the swap of one pool instruction. `fail` throws the decoder's own `DecodeError`;
 * `withheldOut` lets a program that reports its transfer fee override the balance heuristic.
 */
export function decodeVaultSwap(
  ix: Instruction,
  ctx: DecodeContext,
  acc: VaultSwapAccounts,
  fail: (reason: string) => never,
  withheldOut?: WithheldOut,
): SwapCore {
  const f = scanFlows(ix, ctx, acc);
  if (f.nIn === 0 || f.nOut === 0) {
    fail(`swap transfers not found (in: ${f.nIn ? "ok" : "missing"}, out: ${f.nOut ? "ok" : "missing"})`);
  }
  const aToB = f.inToA || f.outFromB;
  if (aToB === (f.inToB || f.outFromA)) fail("cannot tell the swap direction from the vault transfers");
  if (f.amountIn < 0n || f.amountOut < 0n) fail("user accounts moved against the swap direction");

  const mintIn = aToB ? acc.mintA : acc.mintB;
  const mintOut = aToB ? acc.mintB : acc.mintA;
  const sideIn = resolveSide(ctx, mintIn, f.mintIn, f.decimalsIn, aToB ? acc.vaultA : acc.vaultB, acc.userIn, fail);
  const sideOut = resolveSide(ctx, mintOut, f.mintOut, f.decimalsOut, aToB ? acc.vaultB : acc.vaultA, acc.userOut, fail);

  let amountOut = f.amountOut;
  if (f.outT22) {
    const withheld = withheldOut?.(ix, ctx, aToB) ?? null;
    amountOut = withheld !== null && withheld <= amountOut
      ? amountOut - withheld
      : receivedAfterTransferFee(ctx, acc.userOut, amountOut, f.nOut);
  }

  return {
    pool: acc.pool,
    trader: acc.trader,
    mintIn: sideIn.mint,
    amountIn: f.amountIn,
    decimalsIn: sideIn.decimals,
    mintOut: sideOut.mint,
    amountOut,
    decimalsOut: sideOut.decimals,
  };
}

/**
 * Mint and decimals of one side: the instruction's mint account and TransferChecked's decimals
 * when present (no lookup at all), else the vault's (or the user account's) token balance.
 */
function resolveSide(
  ctx: DecodeContext,
  mint: string | null,
  transferMint: string | null,
  transferDecimals: number | null,
  vault: string,
  user: string,
  fail: (reason: string) => never,
): { mint: string; decimals: number } {
  if (mint !== null && transferDecimals !== null) return { mint, decimals: transferDecimals };
  const st = ctx.tokenAccount(vault) ?? ctx.tokenAccount(user);
  const m = mint ?? st?.mint ?? transferMint;
  if (!m) fail("cannot resolve the mints of the swap");
  const decimals = transferDecimals ?? st?.decimals ?? ctx.mintDecimals(m);
  if (decimals === undefined) fail(`cannot resolve the decimals of ${m}`);
  return { mint: m, decimals };
}
