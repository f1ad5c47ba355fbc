/**
 * "What changed since the last look" for a token's most profitable wallets: the list a chat was
 * shown before against the list now. Pure, so the bot's marks can be checked without a chat.
 */

/** One line of a /top list as shown. */
export interface TopEntry {
  wallet: string;
  /** 1 = best. */
  rank: number;
  /** Realized plus unrealized PnL in SOL, as shown. */
  pnlSol: number;
}

export interface TopEntryChange {
  /** Not on the earlier list. */
  isNew: boolean;
  /** Places moved up (positive) or down (negative); 0 for a new entry. */
  rankMove: number;
  /** PnL now minus PnL then, in SOL; null when new or when it moved less than `minPnlDeltaSol`. */
  pnlDeltaSol: number | null;
}

export interface TopComparison {
  /** One per current entry, in the same order. */
  changes: TopEntryChange[];
  /** Wallets on the earlier list that are no longer on it. */
  dropped: string[];
  /** Anything at all differs. */
  changed: boolean;
}

/** PnL moves smaller than this are not worth a mark (the list shows two decimals). */
export const MIN_PNL_DELTA_SOL = 0.005;

/**
 * Compares the current list with the one shown before.
 *
 * @example
 * compareTopLists([{ wallet: "A", rank: 1, pnlSol: 2 }], [{ wallet: "B", rank: 1, pnlSol: 3 }, { wallet: "A", rank: 2, pnlSol: 2.5 }])
 * // changes: [{ isNew: true, … }, { isNew: false, rankMove: -1, pnlDeltaSol: 0.5 }], dropped: [], changed: true
 */
export function compareTopLists(before: readonly TopEntry[], now: readonly TopEntry[], minPnlDeltaSol = MIN_PNL_DELTA_SOL): TopComparison {
  const earlier = new Map(before.map((e) => [e.wallet, e]));
  const current = new Set(now.map((e) => e.wallet));
  const changes = now.map((e): TopEntryChange => {
    const was = earlier.get(e.wallet);
    if (!was) return { isNew: true, rankMove: 0, pnlDeltaSol: null };
    const delta = e.pnlSol - was.pnlSol;
    return { isNew: false, rankMove: was.rank - e.rank, pnlDeltaSol: Math.abs(delta) >= minPnlDeltaSol ? delta : null };
  });
  const dropped = before.filter((e) => !current.has(e.wallet)).map((e) => e.wallet);
  const changed = dropped.length > 0 || changes.some((c) => c.isNew || c.rankMove !== 0 || c.pnlDeltaSol !== null);
  return { changes, dropped, changed };
}
