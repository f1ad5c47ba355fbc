import { describe, expect, it } from "vitest";
import { WSOL_MINT, type Swap } from "../domain/swap.js";
import { swapPayload } from "./contract.js";
import { swapFromPayload, swapToPayload } from "./swap-codec.js";

const base: Swap = {
  signature: "5".repeat(88),
  slot: 1,
  blockTime: 1_700_000_000,
  ixPath: "2.1",
  dex: "pumpfun",
  programId: "6EF8rrecthR5Dkzon8Nwu78hRvfCKubJ14M5uBEwF6P",
  pool: "Pool111111111111111111111111111111111111111",
  trader: "Trader11111111111111111111111111111111111111",
  mintIn: WSOL_MINT,
  amountIn: 98_019n,
  decimalsIn: 9,
  mintOut: "Token1111111111111111111111111111111111111",
  amountOut: 1_864_792_795n,
  decimalsOut: 6,
  priceSol: 5.2e-8,
  priceUsd: null,
};

describe("swap codec: pool reserves", () => {
  it("round-trips reserves beyond 2^53 as decimal strings, realQuote included", () => {
    const s: Swap = { ...base, reserves: { base: 18_446_744_073_709_551_615n, quote: 41_133_990_957n, realQuote: 11_133_990_957n } };
    const p = swapToPayload(s);
    expect(p.reserves).toEqual({ base: "18446744073709551615", quote: "41133990957", realQuote: "11133990957" });
    const back = swapFromPayload(swapPayload.parse(JSON.parse(JSON.stringify(p))));
    expect(back).toEqual(s);
  });

  it("a swap without reserves stays without them (no key at all)", () => {
    const p = swapToPayload(base);
    expect("reserves" in p).toBe(false);
    expect("reserves" in swapFromPayload(swapPayload.parse(p))).toBe(false);
    expect(swapFromPayload(swapPayload.parse({ ...p, reserves: { base: "1", quote: "2" } })).reserves).toEqual({ base: 1n, quote: 2n });
  });

  it("rejects a reserve that is not an unsigned integer", () => {
    expect(swapPayload.safeParse({ ...swapToPayload(base), reserves: { base: "-1", quote: "2" } }).success).toBe(false);
  });
});

describe("swap codec: payload keys", () => {
  it("round-trips legs and fees, and the payload holds the contract's keys only", () => {
    const s: Swap = {
      ...base,
      legs: [{ dex: "pumpswap", programId: "P", pool: null, mintIn: WSOL_MINT, amountIn: 5n, mintOut: "M", amountOut: 7n, ixPath: "2.2" }],
      fees: [{ kind: "creator", mint: WSOL_MINT, amount: 3n }],
    };
    const p = swapToPayload({ ...s, decodedBy: "x" } as Swap);
    expect(Object.keys(p).sort()).toEqual(Object.keys(swapPayload.shape).filter((k) => k !== "reserves").sort());
    expect(swapFromPayload(swapPayload.parse(JSON.parse(JSON.stringify(p))))).toEqual(s);
    expect(swapToPayload(base)).toEqual(swapPayload.parse(swapToPayload(base)));
  });
});
