import { describe, expect, it } from "vitest";
import type { Trade } from "../domain/pnl.js";
import { prng } from "../domain/test-support/prng.js";
import { WalletFold, foldTrades } from "../domain/wallet-fold.js";
import { booksFromStates, positionState } from "./wallet-folds.js";

const MINTS = ["MintA111111111111111111111111111111111111111", "MintB111111111111111111111111111111111111111", "MintC111111111111111111111111111111111111111"];

/** Trades that reach every field's odd cases: null USD values and times, unpriced swaps, amounts past 2^53. */
function trades(seed: number): Trade[] {
  const r = prng(seed);
  const out: Trade[] = [];
  let slot = 300_000_000;
  let time = 1_800_000_000 - 20 * 86_400;
  for (let i = 0; i < 3 + Math.floor(r() * 60); i++) {
    slot += Math.floor(r() * 5_000);
    time += Math.floor(r() * 2_000);
    const x = r();
    const kind: Trade["kind"] = x < 0.5 ? "buy" : x < 0.9 ? "sell" : x < 0.95 ? "transfer-in" : "transfer-out";
    const amount = r() < 0.2 ? 10n ** 20n + BigInt(Math.floor(r() * 1e15)) : 1n + BigInt(Math.floor(r() * 1e9));
    const valueSol = kind === "buy" || kind === "sell" ? (r() < 0.85 ? Number(amount % 10n ** 12n) * 1e-9 * (0.5 + r()) : null) : null;
    const valueUsd = valueSol === null || r() < 0.1 ? null : valueSol * 151.37;
    out.push({ mint: MINTS[Math.floor(r() * MINTS.length)]!, kind, amount, decimals: 6, valueSol, valueUsd, slot, time: r() < 0.05 ? null : time });
  }
  return out;
}

describe("stored position state", () => {
  it("reads back exactly what was written, and a fold resumed from it ends where one over every trade ends", () => {
    for (const method of ["average", "fifo"] as const) {
      for (let seed = 1; seed < 200; seed++) {
        const all = trades(seed);
        const cut = Math.floor(prng(seed + 11)() * (all.length + 1));
        const before = foldTrades(all.slice(0, cut), { method });
        const text = [...before.books].map(([mint, b]) => `${mint} ${positionState(b.position, b.lots)}`).join(";");
        const books = text === "" ? [] : booksFromStates(text);
        expect(books).toEqual([...before.books.values()].map((b) => ({ position: b.position, lots: b.lots })));

        const resumed = new WalletFold({ method }, { activity: structuredClone(before.activity), books });
        for (const t of all.slice(cut)) resumed.apply(t);
        const whole = foldTrades(all, { method });
        expect(new Map([...resumed.books].map(([m, b]) => [m, b.position]))).toEqual(whole.positions());
      }
    }
  });

  it("keeps null costs of FIFO lots apart from zero", () => {
    const fold = foldTrades(
      [
        { mint: MINTS[0]!, kind: "transfer-in", amount: 5n, decimals: 6, valueSol: null, valueUsd: null, slot: 1, time: 10 },
        { mint: MINTS[0]!, kind: "buy", amount: 7n, decimals: 6, valueSol: 0, valueUsd: null, slot: 2, time: 20 },
      ],
      { method: "fifo" },
    );
    const b = fold.books.get(MINTS[0]!)!;
    const [back] = booksFromStates(`${MINTS[0]} ${positionState(b.position, b.lots)}`);
    expect(back!.lots).toEqual([
      { amount: 5n, costSol: null, costUsd: null },
      { amount: 7n, costSol: 0, costUsd: null },
    ]);
    expect(back!.position.costUsd).toBeNull();
  });
});
