// The columns' address ids: stable, distinct, back to the same names, across table growth, for
// keys the hash cannot tell apart (it reads every fourth byte) and keys of other lengths.
import { describe, expect, it } from "vitest";
import { USDC_MINT, USDT_MINT, WSOL_MINT } from "../domain/swap.js";
import { SwapColumns } from "./swap-columns.js";

describe("SwapColumns ids", () => {
  it("gives each address one id and its name back, through many rehashes", () => {
    const cols = new SwapColumns();
    const names: string[] = [];
    for (let i = 0; i < 30_000; i++) names.push(`W${i.toString(36).padStart(8, "0")}${"x".repeat(35)}`);
    // Same bytes at every fourth position, so the same hash: only the bytes between differ.
    for (const c of "abcdefgh") names.push(`Z${c}zzzZzzzZzzzZzzz`);
    names.push("short", "shorter", "", "naïve-✓");
    const ids = names.map((n) => cols.walletId(n));
    expect(new Set(ids).size).toBe(names.length);
    expect(ids.map((id) => cols.wallets[id])).toEqual(names);
    expect(names.map((n) => cols.walletId(n))).toEqual(ids);
  });

  it("keeps the quote mints at 0-2 and other mints after them", () => {
    const cols = new SwapColumns();
    expect([WSOL_MINT, USDC_MINT, USDT_MINT].map((m) => cols.mintId(m))).toEqual([0, 1, 2]);
    expect(cols.mintId("MintA")).toBe(3);
    expect(cols.mints[3]).toBe("MintA");
  });
});
