import { describe, expect, it } from "vitest";
import { WSOL_MINT, type Dex, type Swap } from "../domain/swap.js";
import { feeToPayload, legToPayload } from "../queues/swap-codec.js";
import { pgArray } from "./pg-array.js";
import { swapColumns } from "./swap-store.js";

const base: Swap = {
  signature: "5".repeat(88),
  slot: 360_000_001,
  blockTime: 1_700_000_000,
  ixPath: "2.1",
  dex: "pumpswap",
  programId: "pAMMBay6oceH9fJKBRHGP5D4bD4sWpmSwMn52FMfXEA",
  pool: "Pool111111111111111111111111111111111111111",
  trader: "Trader11111111111111111111111111111111111111",
  mintIn: WSOL_MINT,
  amountIn: 18_446_744_073_709_551_615n,
  decimalsIn: 9,
  mintOut: "Token1111111111111111111111111111111111111",
  amountOut: 1_864_792_795n,
  decimalsOut: 6,
  priceSol: 5.2e-8,
  priceUsd: 0.0000078,
};

const leg = {
  dex: "raydium-amm-v4" as Dex,
  programId: "675kPX9MHTjS2zt1qfr1NYHuzeLXfQM9H24wFSUt1Mp8",
  pool: null,
  mintIn: WSOL_MINT,
  amountIn: 5n,
  mintOut: "Token1111111111111111111111111111111111111",
  amountOut: 7n,
  ixPath: "3.4",
};

/** The columns as pgArray builds them from one array per column (the general path). */
function generalColumns(swaps: readonly Swap[]): string[] {
  const col = (f: (s: Swap) => string | number | null) => pgArray(swaps.map(f));
  return [
    col((s) => s.slot),
    col((s) => s.signature),
    col((s) => s.ixPath),
    col((s) => s.blockTime),
    col((s) => s.dex),
    col((s) => s.programId),
    col((s) => s.pool),
    col((s) => s.trader),
    col((s) => s.mintIn),
    col((s) => s.amountIn.toString()),
    col((s) => s.decimalsIn),
    col((s) => s.mintOut),
    col((s) => s.amountOut.toString()),
    col((s) => s.decimalsOut),
    col((s) => s.priceSol),
    col((s) => s.priceUsd),
    col((s) => (s.legs ? JSON.stringify(s.legs.map(legToPayload)) : null)),
    col((s) => (s.fees ? JSON.stringify(s.fees.map(feeToPayload)) : null)),
  ];
}

describe("swapColumns", () => {
  it("writes the same literals as one pgArray per column, legs and fees as escaped JSON", () => {
    const swaps: Swap[] = [
      base,
      {
        ...base,
        signature: "4".repeat(87),
        blockTime: null,
        pool: null,
        priceSol: null,
        priceUsd: Number.NaN,
        legs: [leg, { ...leg, pool: "Pool222222222222222222222222222222222222222", ixPath: "5" }],
        fees: [
          { kind: "lp", mint: WSOL_MINT, amount: 1n },
          { kind: "creator", mint: WSOL_MINT, amount: 0n },
        ],
      },
      { ...base, legs: [], fees: [] },
    ];
    const columns = swapColumns(swaps);
    expect(columns).toEqual(generalColumns(swaps));
    expect(columns[16]).toBe(
      `{NULL,"[{\\"dex\\":\\"raydium-amm-v4\\",\\"programId\\":\\"${leg.programId}\\",\\"pool\\":null,\\"mintIn\\":\\"${WSOL_MINT}\\",` +
        `\\"amountIn\\":\\"5\\",\\"mintOut\\":\\"${leg.mintOut}\\",\\"amountOut\\":\\"7\\",\\"ixPath\\":\\"3.4\\"},` +
        `{\\"dex\\":\\"raydium-amm-v4\\",\\"programId\\":\\"${leg.programId}\\",\\"pool\\":\\"Pool222222222222222222222222222222222222222\\",` +
        `\\"mintIn\\":\\"${WSOL_MINT}\\",\\"amountIn\\":\\"5\\",\\"mintOut\\":\\"${leg.mintOut}\\",\\"amountOut\\":\\"7\\",\\"ixPath\\":\\"5\\"}]","[]"}`,
    );
  });

  it("falls back to full escaping for strings holding a quote or a backslash", () => {
    const odd: Swap = {
      ...base,
      signature: 'sig"with\\quote',
      legs: [{ ...leg, pool: 'po"ol' }],
      fees: [{ kind: "platform", mint: 'mi\\nt', amount: 3n }],
    };
    expect(swapColumns([odd, base])).toEqual(generalColumns([odd, base]));
  });

  it("writes empty literals for an empty batch", () => {
    expect(swapColumns([])).toEqual(Array.from({ length: 18 }, () => "{}"));
  });
});
