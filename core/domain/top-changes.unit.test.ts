import { describe, expect, it } from "vitest";
import { compareTopLists, type TopEntry } from "./top-changes.js";

const e = (wallet: string, rank: number, pnlSol: number): TopEntry => ({ wallet, rank, pnlSol });

describe("compareTopLists", () => {
  it("marks new entries, rank moves both ways and PnL deltas, and lists who dropped off", () => {
    const before = [e("A", 1, 5), e("B", 2, 3), e("C", 3, 1)];
    const now = [e("B", 1, 6), e("N", 2, 4), e("A", 3, 5.001)];
    const r = compareTopLists(before, now);
    expect(r.changes).toEqual([
      { isNew: false, rankMove: 1, pnlDeltaSol: 3 },
      { isNew: true, rankMove: 0, pnlDeltaSol: null },
      // A moved down two places; a 0.001 SOL move is below the shown precision.
      { isNew: false, rankMove: -2, pnlDeltaSol: null },
    ]);
    expect(r.dropped).toEqual(["C"]);
    expect(r.changed).toBe(true);
  });

  it("says nothing changed for the same list, and notices a drop alone", () => {
    const list = [e("A", 1, 2), e("B", 2, 1)];
    expect(compareTopLists(list, list)).toEqual({
      changes: [
        { isNew: false, rankMove: 0, pnlDeltaSol: null },
        { isNew: false, rankMove: 0, pnlDeltaSol: null },
      ],
      dropped: [],
      changed: false,
    });
    expect(compareTopLists(list, [e("A", 1, 2)]).changed).toBe(true);
  });

  it("treats everything as new against an empty earlier list", () => {
    const r = compareTopLists([], [e("A", 1, -1)]);
    expect(r.changes).toEqual([{ isNew: true, rankMove: 0, pnlDeltaSol: null }]);
    expect(r.changed).toBe(true);
  });
});
