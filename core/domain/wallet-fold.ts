/**
 * One wallet's scoring state, folded trade by trade in chain order: its positions (the books of
 * pnl.ts) and the few wallet-wide facts the labels need that positions do not keep (the busiest
 * minute for "bot", same-slot round trips for "mev"). Pure and resumable: a fold restored from
 * its stored state and given the later trades ends exactly where a fold given every trade ends.
 * That is what lets scoring read only new swaps, and the full recompute agree with it.
 *
 * Trap: trades must come in chain order (slot, then signature and instruction). A trade older
 * than what was folded cannot be folded in; the caller rebuilds the wallet from its swaps.
 */
import { PositionBook, type PnlOptions, type Position, type StoredBook, type Trade } from "./pnl.js";

/** The bot label's window: about a minute of slots at 400 ms. */
export const BOT_WINDOW_SLOTS = 150;

export interface WalletActivity {
  /** Buy and sell trades. */
  swaps: number;
  /** Most buy and sell trades within BOT_WINDOW_SLOTS slots. */
  botPeak: number;
  /** Slots of the buy and sell trades of the window still open (the last BOT_WINDOW_SLOTS slots). */
  recentSlots: number[];
  /** The latest slot with a buy or sell, the mints traded in it and which sides (1 buy, 2 sell). */
  sideSlot: number;
  sideMints: string[];
  sides: number[];
  /** `${mint}:${slot}` where the wallet bought and sold one mint in one slot, in order. */
  roundTrips: string[];
}

export const emptyActivity = (): WalletActivity => ({ swaps: 0, botPeak: 0, recentSlots: [], sideSlot: -1, sideMints: [], sides: [], roundTrips: [] });

/**
 * A copy of `s` that shares no memory with a larger string. V8 cuts substrings as views into
 * their parent, so a mint kept in a position could otherwise keep a whole read of swaps alive.
 */
export function ownString(s: string): string {
  // Slicing a fresh concatenation flattens it first: the result points into the small copy.
  return (" " + s).slice(1);
}

export class WalletFold {
  readonly books: Map<string, PositionBook>;
  readonly activity: WalletActivity;
  /** Mints whose position changed since the fold was resumed: what needs writing (null for a new fold: all of it). */
  readonly touched: Set<string> | null;

  constructor(
    private readonly opts: PnlOptions = {},
    stored?: { activity: WalletActivity; books: Iterable<StoredBook> },
  ) {
    this.activity = stored?.activity ?? emptyActivity();
    this.touched = stored ? new Set() : null;
    this.books = new Map();
    for (const b of stored?.books ?? []) this.books.set(b.position.mint, new PositionBook(b, opts));
  }

  apply(t: Trade): void {
    let book = this.books.get(t.mint);
    if (!book) {
      const mint = ownString(t.mint);
      this.books.set(mint, (book = new PositionBook({ ...t, mint }, this.opts)));
    }
    book.apply(t);
    this.touched?.add(t.mint);
    if (t.kind !== "buy" && t.kind !== "sell") return;
    const a = this.activity;
    a.swaps++;
    a.recentSlots.push(t.slot);
    while (t.slot - a.recentSlots[0]! >= BOT_WINDOW_SLOTS) a.recentSlots.shift();
    if (a.recentSlots.length > a.botPeak) a.botPeak = a.recentSlots.length;
    if (t.slot !== a.sideSlot) {
      a.sideSlot = t.slot;
      a.sideMints.length = 0;
      a.sides.length = 0;
    }
    const mint = book.position.mint; // owned, unlike t.mint (see ownString)
    let i = a.sideMints.indexOf(mint);
    if (i < 0) {
      i = a.sideMints.push(mint) - 1;
      a.sides.push(0);
    }
    const before = a.sides[i]!;
    const after = before | (t.kind === "buy" ? 1 : 2);
    a.sides[i] = after;
    if (after === 3 && before !== 3) a.roundTrips.push(`${mint}:${t.slot}`);
  }

  positions(): Map<string, Position> {
    const out = new Map<string, Position>();
    for (const [mint, b] of this.books) out.set(mint, b.position);
    return out;
  }
}

/** Folds a wallet's trades (chain order) from nothing. */
export function foldTrades(trades: Iterable<Trade>, opts: PnlOptions = {}): WalletFold {
  const f = new WalletFold(opts);
  for (const t of trades) f.apply(t);
  return f;
}
