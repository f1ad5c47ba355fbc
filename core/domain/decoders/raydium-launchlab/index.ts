/**
 * Raydium LaunchLab (LanMV9sA…, the Raydium launchpad / bonding curve behind bonk.fun and
 * others): buy_exact_in, buy_exact_out, sell_exact_in, sell_exact_out.
 *
 * Key idea: the four instructions share one account layout — [payer, authority,
 * global_config, platform_config, pool_state, user_base_token, user_quote_token, base_vault,
 * quote_vault, base_token_mint, quote_token_mint, base_token_program, quote_token_program,
 * event_authority, program, ...] — and state only limits. The program emits a TradeEvent
 * (anchor `emit_cpi!` self-invocation) with what was traded: on a buy `amount_in` is the
 * quote the user paid (curve input plus protocol/platform/creator/share fees) and
 * `amount_out` the base tokens sent; on a sell `amount_in` is the base sold and `amount_out`
 * the quote paid out after fees (as in Raydium's SDK curve math; the fixtures hold buys
 * only). When no event can be found (an instruction without its event CPI, truncated data)
 * the user <-> vault transfers are used instead. A Token-2022 base mint with a transfer fee
 * (initialize_with_token_2022) would make the base leg gross of the fee withheld at the
 * receiver: neither the event nor the transfer says how much that was.
 *
 * Traps: "buy" is always base-for-quote, but the quote is not always SOL (USD1 and other
 * quote mints exist), so mints come from the instruction's mint accounts and decimals from
 * the vaults. Newer program versions inserted `creator_fee` in the middle of the event,
 * moving `trade_direction`: the layout is told apart by the event's length. Fees paid into
 * fee vaults are transfers from the quote vault, not from the user: they are not amounts of
 * the swap. The event's discriminator is the same as pump.fun's TradeEvent (both are
 * sha256("event:TradeEvent")), so the emitting program must be checked too. The event's pool
 * is only base58-encoded (to be checked) when the event came from the logs: the self-CPI
 * child is this instruction's own event by construction, and encoding costs microseconds.
 */
import { RAYDIUM_LAUNCHLAB_PROGRAM } from "../../programs.js";
import type { Instruction } from "../../transaction.js";
import { ANCHOR_EVENT_IX_TAG, hex, readPubkey, readU64, startsWith } from "../shared/bytes.js";
import type { SwapFee } from "../../swap.js";
import { DecodeError, statedFees } from "../types.js";
import type { DecodeContext, SwapCore, SwapDecoder } from "../types.js";
import { findTransfer } from "../shared/transfers.js";

const BUY_EXACT_IN = hex("faea0d7bd59c13ec");
const BUY_EXACT_OUT = hex("18d3742869039938");
const SELL_EXACT_IN = hex("9527de9bd37c981a");
const SELL_EXACT_OUT = hex("5fc8472208090ba6");
/** sha256("event:TradeEvent")[0..8] */
const TRADE_EVENT = hex("bddb7fd34ee661ee");

/** discriminator + two u64 (amount, limit); current versions add share_fee_rate */
const DATA_LEN = 24;
/** up to `program` (emit_cpi); newer versions append fee-vault accounts */
const ACCOUNTS = 15;

/** pool_state, 12 x u64, trade_direction, pool_status */
const EVENT_V1_LEN = 32 + 12 * 8 + 2;
/** creator_fee (13th u64) inserted before share_fee; exact_in appended */
const EVENT_V2_LEN = 32 + 13 * 8 + 2;

export interface LaunchLabTradeEvent {
  pool: string;
  side: "buy" | "sell";
  /** buy: quote paid including fees; sell: base sold. */
  amountIn: bigint;
  /** buy: base received; sell: quote received after fees. */
  amountOut: bigint;
  protocolFee: bigint;
  platformFee: bigint;
  /** 0 in the first program version, which had no creator fee. */
  creatorFee: bigint;
  shareFee: bigint;
}

/** Side and amounts of a TradeEvent body, without base58-encoding its pool. */
function readTrade(b: Uint8Array): { side: "buy" | "sell"; amountIn: bigint; amountOut: bigint; v2: boolean } | undefined {
  const v2 = b.length >= EVENT_V2_LEN;
  if (!v2 && b.length < EVENT_V1_LEN) return undefined;
  const dir = b[v2 ? 32 + 13 * 8 : 32 + 12 * 8];
  if (dir !== 0 && dir !== 1) return undefined;
  return { side: dir === 0 ? "buy" : "sell", amountIn: readU64(b, 88)!, amountOut: readU64(b, 96)!, v2 };
}

/** Decodes a TradeEvent body (after the 8-byte event discriminator), else undefined. */
export function decodeLaunchLabTradeEvent(b: Uint8Array): LaunchLabTradeEvent | undefined {
  const t = readTrade(b);
  if (!t) return undefined;
  return {
    pool: readPubkey(b, 0)!,
    side: t.side,
    amountIn: t.amountIn,
    amountOut: t.amountOut,
    protocolFee: readU64(b, 104)!,
    platformFee: readU64(b, 112)!,
    creatorFee: t.v2 ? readU64(b, 120)! : 0n,
    shareFee: readU64(b, t.v2 ? 128 : 120)!,
  };
}

/** The body of the TradeEvent `ix` emitted through its own event self-CPI child. */
function selfCpiEventBody(ix: Instruction, ctx: DecodeContext): Uint8Array | undefined {
  for (const c of ctx.children(ix)) {
    if (c.programId !== RAYDIUM_LAUNCHLAB_PROGRAM || c.parsed !== undefined || c.accounts.length !== 1) continue;
    const d = c.data;
    if (startsWith(d, ANCHOR_EVENT_IX_TAG) && startsWith(d, TRADE_EVENT, 8) && readTrade(d.subarray(16))) return d.subarray(16);
  }
  return undefined;
}

/** The body of a TradeEvent `ix` logged as `Program data:` (no self-CPI recorded). */
function loggedEventBody(ix: Instruction, ctx: DecodeContext): Uint8Array | undefined {
  for (const payload of ctx.loggedData(ix)) {
    if (startsWith(payload, TRADE_EVENT) && readTrade(payload.subarray(8))) return payload.subarray(8);
  }
  return undefined;
}

/** The TradeEvent `ix` emitted: its self-CPI child first, then its `Program data:` logs. */
export function findLaunchLabTradeEvent(ix: Instruction, ctx: DecodeContext): LaunchLabTradeEvent | undefined {
  const body = selfCpiEventBody(ix, ctx) ?? loggedEventBody(ix, ctx);
  return body && decodeLaunchLabTradeEvent(body);
}

function fail(reason: string): never {
  throw new DecodeError(reason, { dex: "raydium-launchlab", programId: RAYDIUM_LAUNCHLAB_PROGRAM });
}

function decode(ix: Instruction, ctx: DecodeContext): SwapCore | null {
  if (ix.programId !== RAYDIUM_LAUNCHLAB_PROGRAM || ix.parsed !== undefined) return null;
  // The program's own emit_cpi event instructions (one account: the event authority) are its
  // most frequent inner instructions: skip them before their data is base58-decoded.
  if (ix.accounts.length === 1) return null;
  const d = ix.data;
  const buy = startsWith(d, BUY_EXACT_IN) || startsWith(d, BUY_EXACT_OUT);
  if (!buy && !startsWith(d, SELL_EXACT_IN) && !startsWith(d, SELL_EXACT_OUT)) return null;
  if (d.length < DATA_LEN) fail(`trade data is ${d.length} bytes, expected at least ${DATA_LEN}`);
  const a = ix.accounts;
  if (a.length < ACCOUNTS) fail(`trade has ${a.length} accounts, expected at least ${ACCOUNTS}`);

  const pool = a[4]!;
  const userBase = a[5]!;
  const userQuote = a[6]!;
  const baseVault = a[7]!;
  const quoteVault = a[8]!;
  const baseMint = a[9]!;
  const quoteMint = a[10]!;

  let amountIn: bigint;
  let amountOut: bigint;
  let fees: SwapFee[] | undefined;
  let baseDecimals: number | null = null;
  let quoteDecimals: number | null = null;
  // The self-CPI child is this instruction's own event by construction; a logged event is
  // attributed by replaying the log stack, so its pool is checked (a base58 encode, rare path).
  let body = selfCpiEventBody(ix, ctx);
  if (!body) {
    body = loggedEventBody(ix, ctx);
    if (body) {
      const evPool = readPubkey(body, 0)!;
      if (evPool !== pool) fail(`TradeEvent pool ${evPool} does not match instruction pool ${pool}`);
    }
  }
  const ev = body && readTrade(body);
  if (ev && body) {
    if (ev.side !== (buy ? "buy" : "sell")) fail(`${ev.side} TradeEvent for a ${buy ? "buy" : "sell"} instruction`);
    amountIn = ev.amountIn;
    amountOut = ev.amountOut;
    // protocol, platform and creator fees are charged in the quote mint; share_fee (a referrer's
    // cut) has no SwapFee kind and is left out
    fees = statedFees(
      { kind: "protocol", mint: quoteMint, amount: readU64(body, 104)! },
      { kind: "platform", mint: quoteMint, amount: readU64(body, 112)! },
      ev.v2 ? { kind: "creator", mint: quoteMint, amount: readU64(body, 120)! } : null,
    );
  } else {
    const children = ctx.children(ix);
    const tIn = buy ? findTransfer(children, userQuote, quoteVault) : findTransfer(children, userBase, baseVault);
    const tOut = buy ? findTransfer(children, baseVault, userBase) : findTransfer(children, quoteVault, userQuote);
    if (!tIn || !tOut) fail(`TradeEvent and trade transfers not found (in: ${tIn ? "ok" : "missing"}, out: ${tOut ? "ok" : "missing"})`);
    amountIn = tIn.amount;
    amountOut = tOut.amount;
    baseDecimals = (buy ? tOut : tIn).decimals;
    quoteDecimals = (buy ? tIn : tOut).decimals;
  }

  const bd = baseDecimals ?? ctx.tokenAccount(baseVault)?.decimals ?? ctx.tokenAccount(userBase)?.decimals ?? ctx.mintDecimals(baseMint);
  const qd = quoteDecimals ?? ctx.tokenAccount(quoteVault)?.decimals ?? ctx.tokenAccount(userQuote)?.decimals ?? ctx.mintDecimals(quoteMint);
  if (bd === undefined || qd === undefined) fail("cannot resolve the decimals of the pool's mints");

  const trader = a[0]!;
  const core: SwapCore = buy
    ? { pool, trader, mintIn: quoteMint, amountIn, decimalsIn: qd, mintOut: baseMint, amountOut, decimalsOut: bd }
    : { pool, trader, mintIn: baseMint, amountIn, decimalsIn: bd, mintOut: quoteMint, amountOut, decimalsOut: qd };
  if (fees) core.fees = fees;
  return core;
}

export const raydiumLaunchLabDecoder: SwapDecoder = {
  dex: "raydium-launchlab",
  programId: RAYDIUM_LAUNCHLAB_PROGRAM,
  decode,
};
