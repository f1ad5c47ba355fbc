/**
 * Positions and profit per wallet × token, from the wallet's own trades, in SOL (and USD where
 * every trade of the position is priced). Pure: the same trades always give the same numbers, so
 * any figure PumpSpace shows can be reproduced from the stored swaps.
 *
 * Key idea: a position keeps two pools of tokens. Tokens whose cost we saw (bought for SOL or a
 * stablecoin) carry a cost basis; tokens whose cost we did not see (transfers in, unpriced swaps,
 * or a sell of more than we ever saw bought) carry none. Profit is only ever claimed on the first
 * pool. What is sold out of the second goes to `unattributedSol` and is never counted as profit:
 * counting it at zero cost would let an airdrop or a wallet whose early history we lack look like
 * a genius. Cost is average cost by default; FIFO consumes lots in order instead.
 *
 * The identity the property test checks, for every trade sequence and both methods:
 *   realized + unrealized + unattributed + uncostedValue
 *     = proceeds of priced sells + value of everything held − cost of priced buys + cost moved out
 * Trap: quantities are raw `bigint`; only values (SOL, USD) are floats, and ratios of quantities
 * are taken as `Number(a) / Number(b)` which is exact enough for a share.
 */
import { QUOTE_MINTS, USDC_MINT, USDT_MINT, WSOL_MINT, toUiAmount, type Swap } from "./swap.js";

export type CostMethod = "average" | "fifo";

/** `transfer-in`/`transfer-out` move tokens without a price (they are not in the swap table). */
export type TradeKind = "buy" | "sell" | "transfer-in" | "transfer-out";

export interface Trade {
  mint: string;
  kind: TradeKind;
  /** Raw token amount, > 0. */
  amount: bigint;
  decimals: number;
  /** What the trade paid or received, in SOL; null when it cannot be told (unpriced). */
  valueSol: number | null;
  valueUsd: number | null;
  slot: number;
  /** Unix seconds; null when unknown. */
  time: number | null;
}

export interface PnlOptions {
  method?: CostMethod;
  /**
   * A position is closed when what is left is at most this share of the most it held in the
   * current round (dust left by rounding or a fee-on-transfer token). Default 0.1%.
   */
  dustFraction?: number;
}

export interface WindowSums {
  realizedSol: number;
  trades: number;
  volumeSol: number;
}

export interface Position {
  mint: string;
  decimals: number;
  /** Tokens held by our records (both pools). */
  held: bigint;
  /** The part of `held` whose cost we know, and that cost. */
  costedHeld: bigint;
  costSol: number;
  /** null once any costed trade lacked a USD value. */
  costUsd: number | null;
  realizedSol: number;
  realizedUsd: number | null;
  /** Proceeds of sells of tokens whose cost we never saw: reported, never counted as profit. */
  unattributedSol: number;
  /** Cost basis that left by transfer out or unpriced sell (no profit can be claimed on it). */
  costMovedOutSol: number;
  /** SOL spent on priced buys and received from priced sells, over the position's life. */
  boughtSol: number;
  soldSol: number;
  boughtAmount: bigint;
  soldAmount: bigint;
  buys: number;
  sells: number;
  transfers: number;
  /** Swaps without a SOL value (treated like a transfer of tokens, see the header). */
  unpriced: number;
  /** Sells of more than the position held (history before ours, or tokens from a transfer). */
  oversold: number;
  firstBuySlot: number | null;
  firstBuyTime: number | null;
  firstSlot: number;
  lastSlot: number;
  lastTime: number | null;
  /** Start of the current open round (time), null when closed. */
  openSince: number | null;
  /** Seconds held over closed rounds (an open round is added at read time: see `holdSeconds`). */
  heldSecondsClosed: number;
  /** Rounds opened and closed. */
  roundsClosed: number;
  /** No more than dust left. */
  closed: boolean;
  /** Most held in the current round (the dust threshold is a share of it). */
  roundMax: bigint;
  /**
   * Realized profit, trades and volume by UTC hour of the trade, flat: [hour, realizedSol,
   * trades, volumeSol, hour, ...] ascending by hour (trades without a time are in no hour).
   * Hours rather than window sums because a stored position must serve any later clock: the
   * 1d/7d/30d figures are summed at scoring time (`windowSums`), to the hour.
   */
  hours: number[];
}

/** A FIFO lot, as stored with the position. */
export interface Lot {
  amount: bigint;
  /** null: cost unknown. */
  costSol: number | null;
  costUsd: number | null;
}

const DEFAULT_DUST = 0.001;

function emptyPosition(t: Trade): Position {
  return {
    mint: t.mint,
    decimals: t.decimals,
    held: 0n,
    costedHeld: 0n,
    costSol: 0,
    costUsd: 0,
    realizedSol: 0,
    realizedUsd: 0,
    unattributedSol: 0,
    costMovedOutSol: 0,
    boughtSol: 0,
    soldSol: 0,
    boughtAmount: 0n,
    soldAmount: 0n,
    buys: 0,
    sells: 0,
    transfers: 0,
    unpriced: 0,
    oversold: 0,
    firstBuySlot: null,
    firstBuyTime: null,
    firstSlot: t.slot,
    lastSlot: t.slot,
    lastTime: t.time,
    openSince: null,
    heldSecondsClosed: 0,
    roundsClosed: 0,
    closed: true,
    roundMax: 0n,
    hours: [],
  };
}

export const HOUR_SECONDS = 3600;
const HOUR_STRIDE = 4;

/** Adds to the hour bucket of `time` (kept ascending; trades come in chain order, so nearly always the last). */
function addToHour(hours: number[], time: number, realized: number, trades: number, volume: number): void {
  const hour = Math.floor(time / HOUR_SECONDS);
  let i = hours.length - HOUR_STRIDE;
  if (i < 0 || hours[i]! < hour) {
    hours.push(hour, realized, trades, volume);
    return;
  }
  while (i >= 0 && hours[i]! > hour) i -= HOUR_STRIDE;
  if (i >= 0 && hours[i] === hour) {
    hours[i + 1] = hours[i + 1]! + realized;
    hours[i + 2] = hours[i + 2]! + trades;
    hours[i + 3] = hours[i + 3]! + volume;
  } else hours.splice(i + HOUR_STRIDE, 0, hour, realized, trades, volume);
}

/**
 * Sums of the hours from the one holding `startSec` on (so a window is exact to the hour);
 * a -Infinity start is "all time": the position's totals, which also count trades without a time.
 */
export function windowSums(p: Position, startSec: number): WindowSums {
  if (startSec === -Infinity) return { realizedSol: p.realizedSol, trades: p.buys + p.sells, volumeSol: p.boughtSol + p.soldSol };
  const from = Math.floor(startSec / HOUR_SECONDS);
  const out = { realizedSol: 0, trades: 0, volumeSol: 0 };
  for (let i = p.hours.length - HOUR_STRIDE; i >= 0 && p.hours[i]! >= from; i -= HOUR_STRIDE) {
    out.realizedSol += p.hours[i + 1]!;
    out.trades += p.hours[i + 2]!;
    out.volumeSol += p.hours[i + 3]!;
  }
  return out;
}

const share = (part: bigint, whole: bigint): number => (whole === 0n ? 0 : Number(part) / Number(whole));

/** What a book is made of: enough to continue it later. */
export interface StoredBook {
  position: Position;
  lots: Lot[];
}

/**
 * Folds one wallet's trades of one token, in chain order, into a position. The position and its
 * FIFO lots are the whole state: a book restored from them and given the later trades ends exactly where one book given every trade ends, which is what lets scoring
 * fold only new swaps into stored positions (`new PositionBook({ position, lots })`).
 */
export class PositionBook {
  readonly position: Position;
  /** FIFO only (empty for average cost): what is left of each costed or uncosted lot, oldest first. */
  readonly lots: Lot[];
  private readonly method: CostMethod;
  private readonly dust: number;

  /** From the first trade, or continuing from a stored position and its lots (which it then owns). */
  constructor(start: Trade | StoredBook, opts: PnlOptions = {}) {
    this.method = opts.method ?? "average";
    this.dust = opts.dustFraction ?? DEFAULT_DUST;
    if ("position" in start) {
      this.position = start.position;
      this.lots = start.lots;
    } else {
      this.position = emptyPosition(start);
      this.lots = [];
    }
  }

  apply(t: Trade): void {
    const p = this.position;
    if (t.amount <= 0n) return;
    p.lastSlot = t.slot;
    if (t.time !== null) p.lastTime = t.time;
    const isSwap = t.kind === "buy" || t.kind === "sell";
    const priced = isSwap && t.valueSol !== null;
    if (isSwap && !priced) p.unpriced++;
    if (isSwap && t.time !== null) addToHour(p.hours, t.time, 0, 1, t.valueSol ?? 0);
    if (t.kind === "buy" || t.kind === "transfer-in") {
      if (t.kind === "buy") {
        p.buys++;
        p.boughtAmount += t.amount;
        if (p.firstBuySlot === null) {
          p.firstBuySlot = t.slot;
          p.firstBuyTime = t.time;
        }
      } else p.transfers++;
      this.add(t, priced);
    } else {
      if (t.kind === "sell") {
        p.sells++;
        p.soldAmount += t.amount;
      } else p.transfers++;
      this.remove(t, priced);
    }
  }

  private add(t: Trade, priced: boolean): void {
    const p = this.position;
    if (p.closed && p.held + t.amount > 0n) {
      p.closed = false;
      p.openSince = t.time;
      p.roundMax = 0n;
    }
    p.held += t.amount;
    if (p.held > p.roundMax) p.roundMax = p.held;
    const costSol = priced ? t.valueSol : null;
    const costUsd = priced ? t.valueUsd : null;
    if (priced) {
      p.boughtSol += t.valueSol!;
      p.costedHeld += t.amount;
      p.costSol += t.valueSol!;
      p.costUsd = p.costUsd === null || t.valueUsd === null ? null : p.costUsd + t.valueUsd;
    }
    if (this.method === "fifo") this.lots.push({ amount: t.amount, costSol, costUsd });
  }

  private remove(t: Trade, priced: boolean): void {
    const p = this.position;
    const proceeds = priced ? t.valueSol! : 0;
    if (priced) p.soldSol += proceeds;
    let covered = t.amount;
    if (covered > p.held) {
      p.oversold++;
      covered = p.held;
    }
    // Which part of what leaves had a known cost, and what that cost was.
    let costedOut = 0n;
    let costOut = 0;
    let costOutUsd: number | null = 0;
    if (this.method === "average") {
      if (p.held > 0n) {
        costedOut = (covered * p.costedHeld) / p.held;
        const f = share(costedOut, p.costedHeld);
        costOut = p.costSol * f;
        costOutUsd = p.costUsd === null ? null : p.costUsd * f;
      }
    } else {
      let need = covered;
      while (need > 0n && this.lots.length > 0) {
        const lot = this.lots[0]!;
        const take = lot.amount <= need ? lot.amount : need;
        if (lot.costSol !== null) {
          const f = share(take, lot.amount);
          const c = lot.costSol * f;
          const cu = lot.costUsd === null ? null : lot.costUsd * f;
          costedOut += take;
          costOut += c;
          costOutUsd = costOutUsd === null || cu === null ? null : costOutUsd + cu;
          lot.costSol -= c;
          if (lot.costUsd !== null && cu !== null) lot.costUsd -= cu;
        }
        lot.amount -= take;
        need -= take;
        if (lot.amount === 0n) this.lots.shift();
      }
    }
    p.held -= covered;
    p.costedHeld -= costedOut;
    p.costSol = p.costedHeld === 0n ? 0 : p.costSol - costOut;
    p.costUsd = p.costUsd === null || costOutUsd === null ? null : p.costedHeld === 0n ? 0 : p.costUsd - costOutUsd;
    if (priced) {
      // Proceeds are shared by quantity: the costed part realizes, the rest is unattributed.
      const attributed = proceeds * share(costedOut, t.amount);
      const realized = attributed - costOut;
      p.realizedSol += realized;
      p.unattributedSol += proceeds - attributed;
      if (p.realizedUsd !== null) {
        p.realizedUsd =
          t.valueUsd === null || costOutUsd === null ? null : p.realizedUsd + t.valueUsd * share(costedOut, t.amount) - costOutUsd;
      }
      if (t.time !== null) addToHour(p.hours, t.time, realized, 0, 0);
    } else {
      p.costMovedOutSol += costOut;
      if (t.kind === "sell" && p.realizedUsd !== null && costOutUsd === null) p.realizedUsd = null;
    }
    if (!p.closed && p.held * 1_000_000n <= p.roundMax * BigInt(Math.round(this.dust * 1_000_000))) {
      p.closed = true;
      p.roundsClosed++;
      if (p.openSince !== null && t.time !== null) p.heldSecondsClosed += Math.max(0, t.time - p.openSince);
      p.openSince = null;
    }
  }
}

/** Folds a list of trades (any mints, chain order) into positions by mint. */
export function buildPositions(trades: readonly Trade[], opts: PnlOptions = {}): Map<string, Position> {
  const books = new Map<string, PositionBook>();
  for (const t of trades) {
    let b = books.get(t.mint);
    if (!b) books.set(t.mint, (b = new PositionBook(t, opts)));
    b.apply(t);
  }
  const out = new Map<string, Position>();
  for (const [mint, b] of books) out.set(mint, b.position);
  return out;
}

export interface PositionMark {
  /** Value of the whole holding at the price; null when unpriced. */
  valueSol: number | null;
  /** Costed part at the price minus its cost. */
  unrealizedSol: number | null;
  /** Value of the uncosted part (no profit is claimed on it). */
  uncostedValueSol: number | null;
  /** realized + unrealized over the cost of priced buys; null when nothing was bought for SOL. */
  roi: number | null;
  /** A priced position worth at most dust: the token went (nearly) to zero. */
  worthless: boolean;
}

/** Smallest holding value that is not dust, in SOL. */
export const DUST_SOL = 0.001;

/**
 * Values a position at a price (SOL per whole token). A missing price leaves unrealized null:
 * the position is shown, but its open part is not guessed.
 */
export function markPosition(p: Position, priceSol: number | null): PositionMark {
  if (priceSol === null || !Number.isFinite(priceSol)) {
    return {
      valueSol: null,
      unrealizedSol: null,
      uncostedValueSol: null,
      roi: p.boughtSol > 0 ? p.realizedSol / p.boughtSol : null,
      worthless: false,
    };
  }
  const valueSol = toUiAmount(p.held, p.decimals) * priceSol;
  const costedValue = toUiAmount(p.costedHeld, p.decimals) * priceSol;
  const unrealizedSol = costedValue - p.costSol;
  return {
    valueSol,
    unrealizedSol,
    uncostedValueSol: valueSol - costedValue,
    roi: p.boughtSol > 0 ? (p.realizedSol + unrealizedSol) / p.boughtSol : null,
    worthless: p.held > 0n && valueSol <= DUST_SOL && p.costSol > DUST_SOL,
  };
}

/** Seconds held: closed rounds plus the open one up to `nowSec`. */
export function holdSeconds(p: Position, nowSec: number): number {
  return p.heldSecondsClosed + (p.openSince !== null ? Math.max(0, nowSec - p.openSince) : 0);
}

/**
 * A stored swap as the trader's trades. A buy or sell of a token against SOL is valued by the
 * SOL side; against a stablecoin by the swap's SOL price, else unpriced. Swaps between two quote
 * mints (SOL ↔ USDC) are not positions. A token-to-token swap has no quote to value it: it moves
 * one token out and the other in, unpriced (like a transfer).
 */
export function tradesFromSwap(
  s: Pick<
    Swap,
    "mintIn" | "amountIn" | "decimalsIn" | "mintOut" | "amountOut" | "decimalsOut" | "priceSol" | "priceUsd" | "slot" | "blockTime"
  >,
): Trade[] {
  const inQuote = QUOTE_MINTS.has(s.mintIn);
  const outQuote = QUOTE_MINTS.has(s.mintOut);
  if (inQuote && outQuote) return [];
  if (!inQuote && !outQuote) {
    return [
      { mint: s.mintIn, kind: "transfer-out", amount: s.amountIn, decimals: s.decimalsIn, valueSol: null, valueUsd: null, slot: s.slot, time: s.blockTime },
      { mint: s.mintOut, kind: "transfer-in", amount: s.amountOut, decimals: s.decimalsOut, valueSol: null, valueUsd: null, slot: s.slot, time: s.blockTime },
    ];
  }
  const buy = inQuote;
  const quoteMint = buy ? s.mintIn : s.mintOut;
  const quoteAmount = buy ? s.amountIn : s.amountOut;
  const quoteDecimals = buy ? s.decimalsIn : s.decimalsOut;
  const amount = buy ? s.amountOut : s.amountIn;
  const decimals = buy ? s.decimalsOut : s.decimalsIn;
  const ui = toUiAmount(amount, decimals);
  const quoteUi = toUiAmount(quoteAmount, quoteDecimals);
  const valueSol = quoteMint === WSOL_MINT ? quoteUi : s.priceSol !== null ? s.priceSol * ui : null;
  const valueUsd =
    quoteMint === USDC_MINT || quoteMint === USDT_MINT ? quoteUi : s.priceUsd !== null ? s.priceUsd * ui : null;
  return [
    {
      mint: buy ? s.mintOut : s.mintIn,
      kind: buy ? "buy" : "sell",
      amount,
      decimals,
      valueSol,
      valueUsd,
      slot: s.slot,
      time: s.blockTime,
    },
  ];
}
