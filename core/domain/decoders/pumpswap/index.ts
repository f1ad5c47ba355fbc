/**
 * PumpSwap AMM (pAMMBay6…): buy, sell, buy_exact_quote_in.
 *
 * Key idea: like pump.fun, the instruction holds only limits; the BuyEvent / SellEvent
 * (self-CPI anchor event, or `Program data:` logs in early transactions) carries what was
 * traded. Amounts are what the user's token accounts actually moved: for a buy,
 * `user_quote_amount_in` (pool input + LP, protocol and creator fees) and `base_amount_out`;
 * for a sell, `base_amount_in` and `user_quote_amount_out` (after fees).
 *
 * Trap: "buy" means buying the pool's *base* token with its *quote* token, and the base is not
 * always the meme token: pools with WSOL as base exist, where a "buy" is a sale of the other
 * token for SOL. So mints come from the instruction's base_mint / quote_mint accounts, never
 * from the instruction name, and decimals from the pool vaults' token balances (the quote may
 * be a Token-2022 mint with any decimals).
 */
import { PUMPSWAP_PROGRAM } from "../../programs.js";
import type { Instruction } from "../../transaction.js";
import { ANCHOR_EVENT_IX_TAG, hex, readI64, readPubkey, readU64, startsWith } from "../shared/bytes.js";
import { vaultReserves } from "../shared/reserves.js";
import { DecodeError, statedFees } from "../types.js";
import type { DecodeContext, SwapCore, SwapDecoder } from "../types.js";

const BUY = hex("66063d1201daebea");
const SELL = hex("33e685a4017f83ad");
const BUY_EXACT_QUOTE_IN = hex("c62e1552b4d9e870");
const BUY_EVENT = hex("67f4521f2cf57777");
const SELL_EVENT = hex("3e2f370aa503dc2a");

/** The fields of BuyEvent / SellEvent common to every version of the program. */
export interface PumpSwapEvent {
  side: "buy" | "sell";
  timestamp: bigint;
  /** buy: base_amount_out; sell: base_amount_in. */
  baseAmount: bigint;
  /** buy: max_quote_amount_in; sell: min_quote_amount_out. */
  quoteLimit: bigint;
  userBaseTokenReserves: bigint;
  userQuoteTokenReserves: bigint;
  poolBaseTokenReserves: bigint;
  poolQuoteTokenReserves: bigint;
  /** buy: quote_amount_in; sell: quote_amount_out (pool side, before fees). */
  quoteAmount: bigint;
  lpFeeBasisPoints: bigint;
  lpFee: bigint;
  protocolFeeBasisPoints: bigint;
  protocolFee: bigint;
  /** buy: quote_amount_in_with_lp_fee; sell: quote_amount_out_without_lp_fee. */
  quoteAmountLpAdjusted: bigint;
  /** buy: user_quote_amount_in; sell: user_quote_amount_out. */
  userQuoteAmount: bigint;
  pool: string;
  user: string;
  /** coin_creator_fee (quote mint), in events since the creator-fee upgrade (May 2025). */
  coinCreatorFeeBasisPoints?: bigint;
  coinCreatorFee?: bigint;
}

/** End of coin_creator_fee: the 176 common bytes, 5 pubkeys, 2 u64. */
const CREATOR_FEE_END = 176 + 5 * 32 + 16;

/** Decodes a BuyEvent/SellEvent body (after the 8-byte discriminator). */
export function decodePumpSwapEvent(side: "buy" | "sell", b: Uint8Array): PumpSwapEvent | undefined {
  // 14 u64/i64 fields, then pool and user pubkeys
  if (b.length < 176) return undefined;
  const u = (i: number): bigint => readU64(b, 8 * i)!;
  const ev: PumpSwapEvent = {
    side,
    timestamp: readI64(b, 0)!,
    baseAmount: u(1),
    quoteLimit: u(2),
    userBaseTokenReserves: u(3),
    userQuoteTokenReserves: u(4),
    poolBaseTokenReserves: u(5),
    poolQuoteTokenReserves: u(6),
    quoteAmount: u(7),
    lpFeeBasisPoints: u(8),
    lpFee: u(9),
    protocolFeeBasisPoints: u(10),
    protocolFee: u(11),
    quoteAmountLpAdjusted: u(12),
    userQuoteAmount: u(13),
    pool: readPubkey(b, 112)!,
    user: readPubkey(b, 144)!,
  };
  // newer layouts: 4 more pubkeys (user ATAs, protocol fee recipient and its ATA), coin_creator,
  // coin_creator_fee_basis_points, coin_creator_fee
  if (b.length >= CREATOR_FEE_END) {
    ev.coinCreatorFeeBasisPoints = readU64(b, CREATOR_FEE_END - 16)!;
    ev.coinCreatorFee = readU64(b, CREATOR_FEE_END - 8)!;
  }
  return ev;
}

function eventOf(data: Uint8Array, offset: number): PumpSwapEvent | undefined {
  if (startsWith(data, BUY_EVENT, offset)) return decodePumpSwapEvent("buy", data.subarray(offset + 8));
  if (startsWith(data, SELL_EVENT, offset)) return decodePumpSwapEvent("sell", data.subarray(offset + 8));
  return undefined;
}

export function findPumpSwapEvent(ix: Instruction, ctx: DecodeContext): PumpSwapEvent | undefined {
  for (const c of ctx.children(ix)) {
    if (c.programId !== PUMPSWAP_PROGRAM || c.parsed !== undefined) continue;
    if (!startsWith(c.data, ANCHOR_EVENT_IX_TAG)) continue;
    const ev = eventOf(c.data, 8);
    if (ev) return ev;
  }
  for (const payload of ctx.loggedData(ix)) {
    const ev = eventOf(payload, 0);
    if (ev) return ev;
  }
  return undefined;
}

function fail(reason: string): never {
  throw new DecodeError(reason, { dex: "pumpswap", programId: PUMPSWAP_PROGRAM });
}

function decode(ix: Instruction, ctx: DecodeContext): SwapCore | null {
  if (ix.programId !== PUMPSWAP_PROGRAM || ix.parsed !== undefined) return null;
  // the program's own emit_cpi event instructions (one account: the event authority) are by
  // far its most frequent inner instructions and have long payloads: skip them before the
  // data is base58-decoded
  if (ix.accounts.length <= 1) return null;
  const d = ix.data;
  const isSell = startsWith(d, SELL);
  if (!isSell && !startsWith(d, BUY) && !startsWith(d, BUY_EXACT_QUOTE_IN)) return null;
  if (d.length < 24) fail(`swap data is ${d.length} bytes, expected at least 24`);
  // [pool, user, global_config, base_mint, quote_mint, user_base_ata, user_quote_ata,
  //  pool_base_ata, pool_quote_ata, ...]
  if (ix.accounts.length < 9) fail(`swap has ${ix.accounts.length} accounts, expected at least 9`);
  const a = ix.accounts;
  const pool = a[0]!;
  const baseMint = a[3]!;
  const quoteMint = a[4]!;
  if (baseMint === quoteMint) fail(`base and quote mint are the same (${baseMint})`);

  const ev = findPumpSwapEvent(ix, ctx);
  if (!ev) fail(`${isSell ? "SellEvent" : "BuyEvent"} not found`);
  if (ev.side !== (isSell ? "sell" : "buy")) fail(`${ev.side} event for a ${isSell ? "sell" : "buy"} instruction`);
  if (ev.pool !== pool) fail(`event pool ${ev.pool} does not match instruction pool ${pool}`);

  // a trade that moved nothing on one side (dust) has no price and is not a swap
  if (ev.baseAmount === 0n || ev.userQuoteAmount === 0n) return null;

  const baseDecimals = ctx.tokenAccount(a[7]!)?.decimals ?? ctx.tokenAccount(a[5]!)?.decimals ?? ctx.mintDecimals(baseMint);
  const quoteDecimals = ctx.tokenAccount(a[8]!)?.decimals ?? ctx.tokenAccount(a[6]!)?.decimals ?? ctx.mintDecimals(quoteMint);
  if (baseDecimals === undefined || quoteDecimals === undefined) fail("cannot resolve pool token decimals");

  const core: SwapCore = isSell
    ? {
        pool, trader: ev.user,
        mintIn: baseMint, amountIn: ev.baseAmount, decimalsIn: baseDecimals,
        mintOut: quoteMint, amountOut: ev.userQuoteAmount, decimalsOut: quoteDecimals,
      }
    : {
        pool, trader: ev.user,
        mintIn: quoteMint, amountIn: ev.userQuoteAmount, decimalsIn: quoteDecimals,
        mintOut: baseMint, amountOut: ev.baseAmount, decimalsOut: baseDecimals,
      };
  // every fee is charged in the quote mint (added to a buy's input, taken from a sell's output)
  core.fees = statedFees(
    { kind: "lp", mint: quoteMint, amount: ev.lpFee },
    { kind: "protocol", mint: quoteMint, amount: ev.protocolFee },
    { kind: "creator", mint: quoteMint, amount: ev.coinCreatorFee ?? 0n },
  );
  const reserves = isSell ? vaultReserves(ctx, core, a[7]!, a[8]!) : vaultReserves(ctx, core, a[8]!, a[7]!);
  if (reserves) core.reserves = reserves;
  return core;
}

export const pumpswapDecoder: SwapDecoder = {
  dex: "pumpswap",
  programId: PUMPSWAP_PROGRAM,
  decode,
};
