import { describe, expect, it } from "vitest";
import { TOKEN_2022_PROGRAM, TOKEN_PROGRAM } from "../../programs.js";
import { USDC_MINT, USDT_MINT, WSOL_MINT } from "../../swap.js";
import type { Instruction } from "../../transaction.js";
import { readBorshString, readI64, readU64 } from "./bytes.js";
import { computePrices } from "./price.js";
import { readMintOrBurn, readSystemCreate, readSystemTransfer, readTokenTransfer } from "./token.js";

function ix(programId: string, accounts: string[], data: number[] | Uint8Array, parsed?: unknown): Instruction {
  return {
    programId, accounts, data: Uint8Array.from(data), outerIndex: 0, innerIndex: 0, stackHeight: 2,
    ...(parsed !== undefined && { parsed }),
  };
}

describe("bytes", () => {
  it("reads little-endian integers, including values above 2^53 and negative i64", () => {
    const b = Uint8Array.from([0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 1, 0, 0, 0, 0, 0, 0, 0x80]);
    expect(readU64(b, 0)).toBe(2n ** 64n - 1n);
    expect(readI64(b, 0)).toBe(-1n);
    expect(readU64(b, 8)).toBe(2n ** 63n + 1n);
    expect(readU64(b, 9)).toBeUndefined();
  });
  it("reads Borsh strings with bounds checks", () => {
    const b = Uint8Array.from([3, 0, 0, 0, 0x61, 0x62, 0x63, 9]);
    expect(readBorshString(b, 0)).toEqual(["abc", 7]);
    expect(readBorshString(Uint8Array.from([9, 0, 0, 0, 1]), 0)).toBeUndefined();
  });
});

describe("token / system readers: raw and jsonParsed shapes agree", () => {
  const [a, b, c, m] = ["A", "B", "C", "M"].map((x) => x.repeat(32));
  it("Transfer", () => {
    const raw = readTokenTransfer(ix(TOKEN_PROGRAM, [a!, b!, c!], [3, 0x10, 0x27, 0, 0, 0, 0, 0, 0]));
    const parsed = readTokenTransfer(ix(TOKEN_PROGRAM, [], [], { type: "transfer", info: { source: a, destination: b, authority: c, amount: "10000" } }));
    expect(raw).toEqual({ source: a, destination: b, authority: c, amount: 10000n, mint: null, decimals: null });
    expect(parsed).toEqual(raw);
  });
  it("TransferChecked and Token-2022 TransferCheckedWithFee", () => {
    const raw = readTokenTransfer(ix(TOKEN_2022_PROGRAM, [a!, m!, b!, c!], [12, 5, 0, 0, 0, 0, 0, 0, 0, 6]));
    const parsed = readTokenTransfer(
      ix(TOKEN_2022_PROGRAM, [], [], { type: "transferChecked", info: { source: a, mint: m, destination: b, authority: c, tokenAmount: { amount: "5", decimals: 6 } } }),
    );
    expect(raw).toEqual({ source: a, destination: b, authority: c, amount: 5n, mint: m, decimals: 6 });
    expect(parsed).toEqual(raw);
    const withFee = readTokenTransfer(ix(TOKEN_2022_PROGRAM, [a!, m!, b!, c!], [26, 1, 7, 0, 0, 0, 0, 0, 0, 0, 6, 1, 0, 0, 0, 0, 0, 0, 0]));
    expect(withFee).toMatchObject({ amount: 7n, mint: m, decimals: 6 });
  });
  it("ignores other token instructions and other programs", () => {
    expect(readTokenTransfer(ix(TOKEN_PROGRAM, [a!, b!], [9]))).toBeNull();
    expect(readTokenTransfer(ix("11111111111111111111111111111111", [a!, b!, c!], [3, 1, 0, 0, 0, 0, 0, 0, 0]))).toBeNull();
    expect(readTokenTransfer(ix(TOKEN_PROGRAM, [a!, b!, c!], [3, 1, 0]))).toBeNull();
  });
  it("System transfer and create", () => {
    const sys = "11111111111111111111111111111111";
    expect(readSystemTransfer(ix(sys, [a!, b!], [2, 0, 0, 0, 0x40, 0x42, 0x0f, 0, 0, 0, 0, 0]))).toEqual({ source: a, destination: b, lamports: 1_000_000n });
    expect(readSystemTransfer(ix(sys, [], [], { type: "transfer", info: { source: a, destination: b, lamports: 1000000 } }))).toEqual({ source: a, destination: b, lamports: 1_000_000n });
    const create = [0, 0, 0, 0, 0xf0, 0x1d, 0x1f, 0, 0, 0, 0, 0, 165, 0, 0, 0, 0, 0, 0, 0, ...new Array<number>(32).fill(6)];
    expect(readSystemCreate(ix(sys, [a!, b!], create))).toEqual({ source: a, destination: b, lamports: 2_039_280n });
    const seed = [...Buffer.from("abc")];
    const withSeed = [3, 0, 0, 0, ...new Array<number>(32).fill(1), 3, 0, 0, 0, 0, 0, 0, 0, ...seed, 0xf0, 0x1d, 0x1f, 0, 0, 0, 0, 0, 165, 0, 0, 0, 0, 0, 0, 0, ...new Array<number>(32).fill(6)];
    expect(readSystemCreate(ix(sys, [a!, b!], withSeed))).toEqual({ source: a, destination: b, lamports: 2_039_280n });
    expect(readSystemCreate(ix(sys, [], [], { type: "createAccount", info: { source: a, newAccount: b, lamports: 5 } }))).toEqual({ source: a, destination: b, lamports: 5n });
  });
  it("MintTo / Burn", () => {
    expect(readMintOrBurn(ix(TOKEN_PROGRAM, [m!, b!, c!], [7, 1, 0, 0, 0, 0, 0, 0, 0]))).toEqual({ kind: "mint", account: b });
    expect(readMintOrBurn(ix(TOKEN_PROGRAM, [b!, m!, c!], [15, 1, 0, 0, 0, 0, 0, 0, 0, 6]))).toEqual({ kind: "burn", account: b });
    expect(readMintOrBurn(ix(TOKEN_PROGRAM, [], [], { type: "mintTo", info: { account: b, mint: m, amount: "1" } }))).toEqual({ kind: "mint", account: b });
  });
});

describe("computePrices", () => {
  const token = "T".repeat(32);
  const base = { mintIn: WSOL_MINT, amountIn: 2_000_000_000n, decimalsIn: 9, mintOut: token, amountOut: 4_000_000n, decimalsOut: 6 };
  it("SOL-quoted: priceSol, and priceUsd only with a SOL price", () => {
    expect(computePrices(base, null)).toEqual({ priceSol: 0.5, priceUsd: null });
    expect(computePrices(base, 150)).toEqual({ priceSol: 0.5, priceUsd: 75 });
    // a sell prices the same way
    const sell = { mintIn: token, amountIn: 4_000_000n, decimalsIn: 6, mintOut: WSOL_MINT, amountOut: 2_000_000_000n, decimalsOut: 9 };
    expect(computePrices(sell, null)).toEqual({ priceSol: 0.5, priceUsd: null });
  });
  it("stable-quoted: priceUsd", () => {
    expect(computePrices({ ...base, mintIn: USDC_MINT, decimalsIn: 6, amountIn: 3_000_000n }, 150)).toEqual({ priceSol: null, priceUsd: 0.75 });
    expect(computePrices({ ...base, mintIn: USDT_MINT, decimalsIn: 6, amountIn: 3_000_000n }, null)).toEqual({ priceSol: null, priceUsd: 0.75 });
  });
  it("USDC -> SOL prices USDC in SOL (SOL is the higher-ranked quote)", () => {
    const p = computePrices({ mintIn: USDC_MINT, amountIn: 150_000_000n, decimalsIn: 6, mintOut: WSOL_MINT, amountOut: 1_000_000_000n, decimalsOut: 9 }, 150);
    expect(p.priceSol).toBeCloseTo(1 / 150, 15);
    expect(p.priceUsd).toBeCloseTo(1, 12);
  });
  it("no price for token/token or zero amounts", () => {
    expect(computePrices({ ...base, mintIn: "X".repeat(32) }, 150)).toEqual({ priceSol: null, priceUsd: null });
    expect(computePrices({ ...base, amountOut: 0n }, 150)).toEqual({ priceSol: null, priceUsd: null });
  });
});
