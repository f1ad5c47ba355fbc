/**
 * Raydium AMM v4 (675kPX9M…): swapBaseIn (tag 9), swapBaseOut (tag 11) and their 8-account
 * V2 forms (tags 16, 17).
 *
 * Key idea: the instruction only states limits (amount_in + min_out, or max_in + amount_out);
 * what actually moved is in the two SPL-token transfers the swap CPIs into the token program:
 * user source -> pool vault (amount in) and pool vault -> user destination (amount out).
 * The user accounts are always the last three (source, destination, owner) whichever layout
 * is used (18 accounts with the target-orders account, 17 without it, 8 for V2), so they are
 * indexed from the end.
 *
 * Traps: the user's WSOL account is often a temporary one created and closed in the same
 * transaction, so it has no token balance entry: mints and decimals are read from the pool
 * vault on the other end of each transfer first. And on routed swaps the Raydium instruction
 * is itself an inner instruction, so only its own CPI children may be searched, or the next
 * hop's transfers would be picked up.
 */
import { RAYDIUM_AMM_V4_PROGRAM } from "../../programs.js";
import type { Instruction } from "../../transaction.js";
import { readU64 } from "../shared/bytes.js";
import { readTokenTransfer } from "../shared/token.js";
import { vaultReserves } from "../shared/reserves.js";
import type { TokenTransfer } from "../shared/token.js";
import { DecodeError } from "../types.js";
import type { DecodeContext, SwapCore, SwapDecoder } from "../types.js";

const SWAP_BASE_IN = 9;
const SWAP_BASE_OUT = 11;
const SWAP_BASE_IN_V2 = 16;
const SWAP_BASE_OUT_V2 = 17;

function fail(reason: string): never {
  throw new DecodeError(reason, { dex: "raydium-amm-v4", programId: RAYDIUM_AMM_V4_PROGRAM });
}

function decode(ix: Instruction, ctx: DecodeContext): SwapCore | null {
  if (ix.programId !== RAYDIUM_AMM_V4_PROGRAM || ix.parsed !== undefined) return null;
  const d = ix.data;
  if (d.length === 0) return null;
  const tag = d[0]!;
  const v2 = tag === SWAP_BASE_IN_V2 || tag === SWAP_BASE_OUT_V2;
  if (!v2 && tag !== SWAP_BASE_IN && tag !== SWAP_BASE_OUT) return null;

  if (d.length < 17 || readU64(d, 1) === undefined || readU64(d, 9) === undefined) {
    fail(`swap data is ${d.length} bytes, expected 17`);
  }
  const n = ix.accounts.length;
  if (v2 ? n !== 8 : n !== 17 && n !== 18) fail(`swap has ${n} accounts, expected ${v2 ? "8" : "17 or 18"}`);

  const pool = ix.accounts[1]!;
  const userSource = ix.accounts[n - 3]!;
  const userDest = ix.accounts[n - 2]!;
  const owner = ix.accounts[n - 1]!;

  let tIn: TokenTransfer | null = null;
  let tOut: TokenTransfer | null = null;
  for (const c of ctx.children(ix)) {
    const t = readTokenTransfer(c);
    if (!t) continue;
    if (!tIn && t.source === userSource) tIn = t;
    else if (!tOut && t.destination === userDest) tOut = t;
    if (tIn && tOut) break;
  }
  if (!tIn || !tOut) fail(`swap CPI transfers not found (in: ${tIn ? "ok" : "missing"}, out: ${tOut ? "ok" : "missing"})`);

  const inSide = ctx.tokenAccount(tIn.destination) ?? ctx.tokenAccount(userSource);
  const outSide = ctx.tokenAccount(tOut.source) ?? ctx.tokenAccount(userDest);
  const mintIn = inSide?.mint ?? tIn.mint;
  const mintOut = outSide?.mint ?? tOut.mint;
  const decimalsIn = inSide?.decimals ?? tIn.decimals ?? (mintIn ? ctx.mintDecimals(mintIn) : undefined);
  const decimalsOut = outSide?.decimals ?? tOut.decimals ?? (mintOut ? ctx.mintDecimals(mintOut) : undefined);
  if (!mintIn || !mintOut || decimalsIn === undefined || decimalsOut === undefined) {
    fail("cannot resolve the mints of the swap transfers");
  }
  // the pool's two vaults hold different mints; the same mint on both sides means the
  // transfers or the balances were not what this instruction moved
  if (mintIn === mintOut) fail(`both swap transfers move ${mintIn}`);
  // a swap that moved nothing on one side (dust) has no price and is not a swap
  if (tIn.amount === 0n || tOut.amount === 0n) return null;

  const core: SwapCore = {
    pool,
    trader: owner,
    mintIn,
    amountIn: tIn.amount,
    decimalsIn,
    mintOut,
    amountOut: tOut.amount,
    decimalsOut,
  };
  const reserves = vaultReserves(ctx, core, tIn.destination, tOut.source);
  if (reserves) core.reserves = reserves;
  return core;
}

export const raydiumAmmV4Decoder: SwapDecoder = {
  dex: "raydium-amm-v4",
  programId: RAYDIUM_AMM_V4_PROGRAM,
  decode,
};
