/**
 * Pump.fun bonding curve (6EF8rrec…): buy, sell, buy_exact_sol_in; plus token creations.
 *
 * Key idea: the instruction arguments are only limits (token amount + max SOL cost, or SOL
 * budget + min tokens), so the traded amounts come from the program's TradeEvent. Since
 * mid-2024 it is emitted through a self-CPI "anchor event" inner instruction (tag
 * e445a52e51cb9a1d + event discriminator + Borsh body); older transactions only have it as a
 * `Program data:` log line, which is why both places are searched.
 *
 * Amounts are the curve's `sol_amount` / `token_amount` as the event states them: pump.fun's
 * protocol and creator fees are charged on top (buy) or deducted (sell) by separate
 * transfers and are not part of the swap amounts.
 *
 * Traps: the event is looked up only among the trade instruction's own CPI children (a
 * bundle with several buys has one event per buy, and a router may interleave other
 * programs); SOL moves as native lamports, never through a WSOL account, so the SOL side is
 * reported as WSOL_MINT with 9 decimals by convention, not read from token balances.
 */
import { PUMPFUN_PROGRAM } from "../../programs.js";
import { WSOL_MINT } from "../../swap.js";
import { allInstructions, ixPath } from "../../transaction.js";
import type { Instruction, SolanaTransaction } from "../../transaction.js";
import { ANCHOR_EVENT_IX_TAG, hex, readBorshString, readI64, readPubkey, readU64, startsWith } from "../shared/bytes.js";
import { DecodeError, statedFees } from "../types.js";
import type { DecodeContext, SwapCore, SwapDecoder } from "../types.js";

const BUY = hex("66063d1201daebea");
const SELL = hex("33e685a4017f83ad");
const BUY_EXACT_SOL_IN = hex("38fc74089edfcd5f");
const CREATE = hex("181ec828051c0777");
const CREATE_V2 = hex("d6904cec5f8b31b4");
const TRADE_EVENT = hex("bddb7fd34ee661ee");

/** Pump.fun mints are created with 6 decimals. */
export const PUMPFUN_TOKEN_DECIMALS = 6;

export interface PumpTradeEvent {
  mint: string;
  solAmount: bigint;
  tokenAmount: bigint;
  isBuy: boolean;
  user: string;
  timestamp: bigint;
  virtualSolReserves: bigint;
  virtualTokenReserves: bigint;
  /** Fields below were added over time; absent in older events. */
  realSolReserves?: bigint;
  realTokenReserves?: bigint;
  feeRecipient?: string;
  feeBasisPoints?: bigint;
  fee?: bigint;
  creator?: string;
  creatorFeeBasisPoints?: bigint;
  creatorFee?: bigint;
}

/** Decodes a TradeEvent body (the bytes after the 8-byte event discriminator), or undefined. */
export function decodePumpTradeEvent(b: Uint8Array): PumpTradeEvent | undefined {
  // mint(32) sol_amount(8) token_amount(8) is_buy(1) user(32) timestamp(8) vsr(8) vtr(8)
  if (b.length < 105) return undefined;
  const isBuyByte = b[48]!;
  if (isBuyByte > 1) return undefined;
  const ev: PumpTradeEvent = {
    mint: readPubkey(b, 0)!,
    solAmount: readU64(b, 32)!,
    tokenAmount: readU64(b, 40)!,
    isBuy: isBuyByte === 1,
    user: readPubkey(b, 49)!,
    timestamp: readI64(b, 81)!,
    virtualSolReserves: readU64(b, 89)!,
    virtualTokenReserves: readU64(b, 97)!,
  };
  if (b.length >= 121) {
    ev.realSolReserves = readU64(b, 105)!;
    ev.realTokenReserves = readU64(b, 113)!;
  }
  if (b.length >= 217) {
    ev.feeRecipient = readPubkey(b, 121)!;
    ev.feeBasisPoints = readU64(b, 153)!;
    ev.fee = readU64(b, 161)!;
    ev.creator = readPubkey(b, 169)!;
    ev.creatorFeeBasisPoints = readU64(b, 201)!;
    ev.creatorFee = readU64(b, 209)!;
  }
  return ev;
}

function fail(reason: string): never {
  throw new DecodeError(reason, { dex: "pumpfun", programId: PUMPFUN_PROGRAM });
}

/** The TradeEvent emitted by this very instruction: its self-CPI child, else its log lines. */
export function findTradeEvent(ix: Instruction, ctx: DecodeContext): PumpTradeEvent | undefined {
  for (const c of ctx.children(ix)) {
    if (c.programId !== PUMPFUN_PROGRAM || c.parsed !== undefined) continue;
    if (startsWith(c.data, ANCHOR_EVENT_IX_TAG) && startsWith(c.data, TRADE_EVENT, 8)) {
      return decodePumpTradeEvent(c.data.subarray(16));
    }
  }
  for (const payload of ctx.loggedData(ix)) {
    if (startsWith(payload, TRADE_EVENT)) return decodePumpTradeEvent(payload.subarray(8));
  }
  return undefined;
}

function decode(ix: Instruction, ctx: DecodeContext): SwapCore | null {
  if (ix.programId !== PUMPFUN_PROGRAM || ix.parsed !== undefined) return null;
  // the program's own emit_cpi event instructions (one account: the event authority) are by
  // far its most frequent inner instructions and have long payloads: skip them before the
  // data is base58-decoded
  if (ix.accounts.length <= 1) return null;
  const d = ix.data;
  if (!startsWith(d, BUY) && !startsWith(d, SELL) && !startsWith(d, BUY_EXACT_SOL_IN)) return null;
  if (d.length < 24) fail(`trade data is ${d.length} bytes, expected at least 24`);
  if (ix.accounts.length < 7) fail(`trade has ${ix.accounts.length} accounts, expected at least 7`);
  const mint = ix.accounts[2]!;
  const bondingCurve = ix.accounts[3]!;

  const ev = findTradeEvent(ix, ctx);
  if (!ev) fail("TradeEvent not found");
  if (ev.mint !== mint) fail(`TradeEvent mint ${ev.mint} does not match instruction mint ${mint}`);
  // a trade that moved nothing on one side (dust) has no price and is not a swap
  if (ev.solAmount === 0n || ev.tokenAmount === 0n) return null;
  // the event's mint was checked against the instruction's; SOL is never the traded token
  if (mint === WSOL_MINT) fail("trade mint is the SOL mint");

  const tokenDecimals = ctx.mintDecimals(mint) ?? PUMPFUN_TOKEN_DECIMALS;
  const core: SwapCore = ev.isBuy
    ? {
        pool: bondingCurve, trader: ev.user,
        mintIn: WSOL_MINT, amountIn: ev.solAmount, decimalsIn: 9,
        mintOut: mint, amountOut: ev.tokenAmount, decimalsOut: tokenDecimals,
      }
    : {
        pool: bondingCurve, trader: ev.user,
        mintIn: mint, amountIn: ev.tokenAmount, decimalsIn: tokenDecimals,
        mintOut: WSOL_MINT, amountOut: ev.solAmount, decimalsOut: 9,
      };
  // the protocol fee and creator fee, in lamports, are stated by events since the 2025 layout
  if (ev.fee !== undefined) {
    core.fees = statedFees(
      { kind: "protocol", mint: WSOL_MINT, amount: ev.fee },
      { kind: "creator", mint: WSOL_MINT, amount: ev.creatorFee ?? 0n },
    );
  }
  // The event states the curve after the trade: it prices by the virtual reserves, while only
  // the real SOL (stated since the 2024 layout) is liquidity.
  if (ev.virtualSolReserves > 0n && ev.virtualTokenReserves > 0n) {
    core.reserves = { base: ev.virtualTokenReserves, quote: ev.virtualSolReserves };
    if (ev.realSolReserves !== undefined) core.reserves.realQuote = ev.realSolReserves;
  }
  return core;
}

export const pumpfunDecoder: SwapDecoder = {
  dex: "pumpfun",
  programId: PUMPFUN_PROGRAM,
  decode,
};

export interface TokenCreation {
  mint: string;
  name: string;
  symbol: string;
  decimals: number;
  /** The creator argument when the instruction has one, else the signing user. */
  creator: string;
  uri: string;
  bondingCurve: string;
  programId: string;
  ixPath: string;
}

/**
 * Tokens created by pump.fun `create` / `create_v2` instructions (outer or inner) of a
 * successful transaction. Pure: reads only the instruction data and accounts. Instructions
 * too short to hold the metadata strings are skipped (they would have failed on chain).
 */
export function extractTokenCreations(tx: SolanaTransaction): TokenCreation[] {
  const out: TokenCreation[] = [];
  if (tx.failed) return out;
  for (const ix of allInstructions(tx)) {
    if (ix.programId !== PUMPFUN_PROGRAM || ix.parsed !== undefined) continue;
    const d = ix.data;
    const v2 = startsWith(d, CREATE_V2);
    if (!v2 && !startsWith(d, CREATE)) continue;
    const name = readBorshString(d, 8);
    const symbol = name && readBorshString(d, name[1]);
    const uri = symbol && readBorshString(d, symbol[1]);
    if (!name || !symbol || !uri) continue;
    // create: [mint, mint_authority, bonding_curve, associated_bonding_curve, global,
    //          mpl_token_metadata, metadata, user, ...]
    // create_v2 (Token-2022, no Metaplex metadata): [mint, mint_authority, bonding_curve,
    //          associated_bonding_curve, global, user, ...]
    const userIdx = v2 ? 5 : 7;
    if (ix.accounts.length <= userIdx) continue;
    const creatorArg = readPubkey(d, uri[1]);
    out.push({
      mint: ix.accounts[0]!,
      name: name[0],
      symbol: symbol[0],
      decimals: PUMPFUN_TOKEN_DECIMALS,
      creator: creatorArg ?? ix.accounts[userIdx]!,
      uri: uri[0],
      bondingCurve: ix.accounts[2]!,
      programId: PUMPFUN_PROGRAM,
      ixPath: ixPath(ix),
    });
  }
  return out;
}
