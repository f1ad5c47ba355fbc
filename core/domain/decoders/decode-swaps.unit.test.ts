import { describe, expect, it } from "vitest";
import {
  JUPITER_V6_PROGRAM,
  OKX_DEX_ROUTER_PROGRAM,
  ORCA_WHIRLPOOL_PROGRAM,
  PUMPSWAP_PROGRAM,
  RAYDIUM_AMM_V4_PROGRAM,
  RAYDIUM_CLMM_PROGRAM,
} from "../programs.js";
import { USDC_MINT, USDT_MINT, WSOL_MINT } from "../swap.js";
import type { Dex, Swap } from "../swap.js";
import { expectedFields, loadTx, manifest, ownerMintDelta, rawFixture } from "../test-support/fixtures.js";
import { allInstructions, fromRpcTransaction, ixPath } from "../transaction.js";
import type { SolanaTransaction } from "../transaction.js";
import { DEFAULT_DECODERS, DecodeError, createRegistry, decodeSwaps, defaultRegistry, raydiumClmmDecoder } from "./index.js";
import type { SwapDecoder } from "./index.js";

/** fixture -> dex of each decoded swap, in order (checked by hand; details in the per-decoder tests). */
const EXPECTED: Record<string, Dex[]> = {
  "boopfun_53mugqLKTaQq.json": ["unknown"],
  "jupiter_28rWme56aMya.json": ["jupiter"],
  "jupiter_3TZ15bGjHmoU.json": ["jupiter"],
  "jupiter_4VhDRLUK5QDZ.json": ["jupiter"],
  "jupiter_58FymkjJUeSF.json": [],
  "jupiter_5LuTa5k9UvgM.json": ["jupiter"],
  "meteora-damm-v1_2mHGPXMzxs6N.json": ["meteora-damm-v1"],
  "meteora-damm-v2_N2jtQtjjoa6x.json": ["meteora-damm-v2"],
  "meteora-dbc_23BXcBmnM3S3.json": ["meteora-dbc"],
  "meteora-dlmm_2DfsmTYvMqKw.json": ["meteora-dlmm"],
  "meteora-dlmm_2LZBWdD5N9xb.json": [],
  "moonshot_5UWcde33J3rx.json": ["unknown"],
  "nonswap_2LgJdAtoBJU6.json": [],
  "nonswap_4Ud63HtJxynB.json": [],
  "okx-router_2zNeSn8cJpTA.json": ["okx-router"],
  "pumpfun_2ffHb9AXeKNV.json": ["pumpswap"],
  "pumpfun_2nebvBA9wsBg.json": [],
  "pumpfun_2wkECde79Gon.json": ["pumpfun"],
  "pumpfun_3QLV6eN1W1pC.json": ["pumpfun"],
  "pumpfun_3S2vFszSSCxd.json": ["pumpfun", "pumpfun", "pumpfun", "pumpfun", "pumpfun"],
  "pumpfun_3tJczs8y2bR8.json": ["pumpfun"],
  "pumpfun_5dnX6d6MqVqX.json": ["pumpswap"],
  "pumpfun_trjspFNZZnmB.json": ["pumpfun"],
  "pumpswap_3QvhUBMprN6M.json": ["pumpswap"],
  "pumpswap_4pCgZ28WbXfp.json": ["pumpswap"],
  // USDT -> SOL (Whirlpool) -> token (PumpSwap) inside a wallet router we have no name for
  "pumpswap_56RbkzmAEtd8.json": ["unknown"],
  "pumpswap_5bvyp1nob51M.json": ["pumpswap"],
  "pumpswap_63PQNtzDQdBD.json": [],
  "raydium-amm-v4_2NcDrX64szm1.json": [],
  "raydium-amm-v4_2S9wtoK2dYtn.json": ["raydium-amm-v4"],
  "raydium-amm-v4_2WjgSSiEnMNT.json": ["raydium-amm-v4"],
  "raydium-amm-v4_43W2EWitbiL5.json": ["raydium-amm-v4", "raydium-amm-v4", "raydium-amm-v4", "raydium-amm-v4", "raydium-amm-v4"],
  "raydium-amm-v4_4QHnBNA57LWh.json": [],
  "raydium-amm-v4_54MFrVcfzQEn.json": ["raydium-amm-v4"],
  "raydium-amm-v4_ofdtgS5sKqhE.json": ["raydium-amm-v4"],
  "raydium-amm-v4_pXPLUDJPBn58.json": [],
  "raydium-clmm_2cd7QQSByKy6.json": ["raydium-clmm"],
  "raydium-clmm_nexzRp8Z5abE.json": ["raydium-clmm"],
  // a DFlow route: CPMM then LaunchLab
  "raydium-launchpad_8QTg427xrHug.json": ["dflow"],
  "raydium-launchpad_mqSGNwKK8GZW.json": ["raydium-launchlab"],
  "raydium-route_JiqYGkWcYu8G.json": ["raydium-route"],
  "transfer_4G24SgaZ3gU9.json": [],
};

describe("decodeSwaps over every fixture", () => {
  it("the table covers the whole manifest", () => {
    expect(Object.keys(EXPECTED).sort()).toEqual(manifest().map((e) => e.file).sort());
  });

  for (const entry of manifest()) {
    it(`${entry.file} (${entry.kind})`, () => {
      const tx = loadTx(entry.file);
      const { swaps, errors } = decodeSwaps(tx, { slot: tx.slot ?? 1 });
      expect(errors).toEqual([]);
      expect(swaps.map((s) => s.dex)).toEqual(EXPECTED[entry.file]);
      if (tx.failed || entry.kind.startsWith("failed")) expect(swaps).toEqual([]);
      const paths = new Map([...allInstructions(tx)].map((ix) => [ixPath(ix), ix]));
      for (const s of swaps) {
        expect(s.signature).toBe(entry.signature);
        expect(s.slot).toBe(tx.slot ?? 1);
        expect(s.blockTime).toBe(tx.blockTime);
        expect(paths.get(s.ixPath)?.programId).toBe(s.programId);
        expect(tx.isSigner[tx.accountKeys.indexOf(s.trader)]).toBe(true);
        expect(s.amountIn).toBeGreaterThan(0n);
        expect(s.amountOut).toBeGreaterThan(0n);
        expect(s.mintIn).not.toBe(s.mintOut);
        expect(Number.isInteger(s.decimalsIn) && Number.isInteger(s.decimalsOut)).toBe(true);
        if (s.legs) {
          // a routed swap: the pools are in its legs, which run from its input to its output
          expect(s.pool).toBeNull();
          expect(s.legs.length).toBeGreaterThan(0);
          expect(s.legs[0]!.mintIn).toBe(s.mintIn);
          expect(s.legs[s.legs.length - 1]!.mintOut).toBe(s.mintOut);
          for (const l of s.legs) expect(paths.get(l.ixPath)).toBeDefined();
        } else if (s.dex !== "unknown") expect(s.pool).toEqual(expect.any(String));
      }
      // one swap per instruction
      expect(new Set(swaps.map((s) => s.ixPath)).size).toBe(swaps.length);
    });
  }
});

describe("decodeSwaps: transaction-level rules", () => {
  it("failed transactions produce nothing, not even errors", () => {
    for (const f of ["jupiter_58FymkjJUeSF", "raydium-amm-v4_2NcDrX64szm1", "nonswap_4Ud63HtJxynB"]) {
      const tx = loadTx(f);
      expect(tx.failed).toBe(true);
      expect(decodeSwaps(tx)).toEqual({ swaps: [], errors: [] });
    }
  });

  it("a successful transaction turned failed loses its swaps", () => {
    const raw = rawFixture("raydium-amm-v4_43W2EWitbiL5");
    (raw["meta"] as Record<string, unknown>)["err"] = { InstructionError: [4, { Custom: 30 }] };
    expect(decodeSwaps(fromRpcTransaction(raw))).toEqual({ swaps: [], errors: [] });
  });

  it("reports `no slot` when neither the transaction nor the caller has one", () => {
    const tx = loadTx("pumpswap_3QvhUBMprN6M");
    const r = decodeSwaps(tx);
    expect(r.swaps).toEqual([]);
    expect(r.errors).toHaveLength(1);
    expect(r.errors[0]).toBeInstanceOf(DecodeError);
    expect(r.errors[0]).toMatchObject({ signature: tx.signature, reason: "no slot", dex: null, ixPath: "" });
    const ok = decodeSwaps(tx, { slot: 99, blockTime: 1749119986 });
    expect(ok.errors).toEqual([]);
    expect(ok.swaps[0]).toMatchObject({ slot: 99, blockTime: 1749119986 });
  });

  it("the transaction's own slot wins over opts.slot", () => {
    const s = decodeSwaps(loadTx("pumpfun_3QLV6eN1W1pC"), { slot: 5 }).swaps[0]!;
    expect(s.slot).toBe(356399841);
  });

  it("a crashing decoder is contained as a DecodeError", () => {
    const boom: SwapDecoder = {
      dex: "raydium-amm-v4",
      programId: RAYDIUM_AMM_V4_PROGRAM,
      decode: () => {
        throw new RangeError("kaboom");
      },
    };
    const registry = createRegistry([boom, ...DEFAULT_DECODERS.filter((d) => d.programId !== RAYDIUM_AMM_V4_PROGRAM)]);
    const { swaps, errors } = decodeSwaps(loadTx("raydium-amm-v4_43W2EWitbiL5"), { registry });
    expect(swaps).toEqual([]);
    expect(errors.map((e) => [e.ixPath, e.reason])).toEqual(
      ["0", "1", "2", "3", "4"].map((p) => [p, "decoder crashed: kaboom"]),
    );
  });

  it("makeSwap passes a decoder's fees through; a core without fees gives a swap without the key", () => {
    const tx = loadTx("raydium-amm-v4_43W2EWitbiL5");
    const fees = [
      { kind: "lp" as const, mint: WSOL_MINT, amount: 7n },
      { kind: "transfer" as const, mint: USDC_MINT, amount: 3n },
    ];
    const withFees: SwapDecoder = {
      dex: "raydium-amm-v4",
      programId: RAYDIUM_AMM_V4_PROGRAM,
      decode: (ix, ctx) => {
        const core = defaultRegistry.get(RAYDIUM_AMM_V4_PROGRAM)!.decode(ix, ctx);
        return core && { ...core, fees };
      },
    };
    const registry = createRegistry([withFees, ...DEFAULT_DECODERS.filter((d) => d.programId !== RAYDIUM_AMM_V4_PROGRAM)]);
    const { swaps, errors } = decodeSwaps(tx, { registry });
    expect(errors).toEqual([]);
    expect(swaps).toHaveLength(5);
    for (const s of swaps) expect(s.fees).toEqual(fees);
    // Raydium AMM v4 states no fees: the key is absent, not an empty list
    for (const s of decodeSwaps(tx).swaps) expect(s).not.toHaveProperty("fees");
  });

  it("fees where the program states them, per fixture (hop level)", () => {
    const feesOf = (f: string) =>
      decodeSwaps(loadTx(f), { routes: false, slot: 1 }).swaps.map((s) => [s.dex, s.fees?.map((x) => `${x.kind}:${x.amount}`) ?? null]);
    expect(feesOf("pumpfun_3QLV6eN1W1pC")).toEqual([["pumpfun", ["protocol:932", "creator:50"]]]);
    expect(feesOf("pumpswap_56RbkzmAEtd8")).toEqual([
      ["orca-whirlpool", null],
      ["pumpswap", ["lp:1921093", "protocol:480274", "creator:480274"]],
    ]);
    expect(feesOf("raydium-launchpad_mqSGNwKK8GZW")).toEqual([["raydium-launchlab", ["protocol:2500000", "platform:7500000"]]]);
  });

  it("the registry maps each program to one decoder", () => {
    expect([...defaultRegistry.keys()].sort()).toEqual(
      [
        "675kPX9MHTjS2zt1qfr1NYHuzeLXfQM9H24wFSUt1Mp8", // Raydium AMM v4
        "CPMMoo8L3F4NbTegBCKVNunggL7H1ZpdTHKxQB5qKP1C", // Raydium CPMM
        "CAMMCzo5YL8w4VFF8KVHrK22GGUsp5VTaW7grrKgrWqK", // Raydium CLMM
        "LanMV9sAd7wArD4vJFi2qDdfnVhFxYSUg6eADduJ3uj", // Raydium LaunchLab
        "6EF8rrecthR5Dkzon8Nwu78hRvfCKubJ14M5uBEwF6P", // pump.fun
        "pAMMBay6oceH9fJKBRHGP5D4bD4sWpmSwMn52FMfXEA", // PumpSwap
        "LBUZKhRxPF3XUpBCjp4YzTKgLccjZhTSDM9YuVaPwxo", // Meteora DLMM
        "Eo7WjKq67rjJQSZxS6z3YkapzY3eMj6Xy8X5EQVn5UaB", // Meteora DAMM v1
        "cpamdpZCGKUy5JxQXB4dcpGPiikHawvSWAd6mEn1sGG", // Meteora DAMM v2
        "dbcij3LWUppWqq96dh6gJWwBifmcGfLSB5D4DuSMaqN", // Meteora DBC
        "whirLbMiicVdio4qvUfM5KAg6Ct8VwpYzGff3uctyCc", // Orca Whirlpool
      ].sort(),
    );
    // the same decoder twice is still one decoder; two different ones for a program are a mistake
    expect(createRegistry([...DEFAULT_DECODERS, DEFAULT_DECODERS[0]!]).size).toBe(DEFAULT_DECODERS.length);
    const impostor: SwapDecoder = { ...DEFAULT_DECODERS[0]!, decode: () => null };
    expect(() => createRegistry([...DEFAULT_DECODERS, impostor])).toThrow(/two decoders/);
  });

  it("decoding is deterministic and does not mutate the transaction", () => {
    const tx = loadTx("pumpfun_3S2vFszSSCxd");
    const before = JSON.stringify(tx, (_k, v: unknown) => (typeof v === "bigint" ? String(v) : v));
    expect(decodeSwaps(tx)).toEqual(decodeSwaps(tx));
    expect(JSON.stringify(tx, (_k, v: unknown) => (typeof v === "bigint" ? String(v) : v))).toBe(before);
  });
});

// ---------------------------------------------------------------------------------------------
// Routed swaps

const JUP = "JUPyiwrYJFskUPiHa7hkeR8VUtAeFoSYbKedZNsDvCN";
const TRUMP = "6p6xgHyF7AeE6TZkSmFsko444wqoP15icUSqi2jfGiPN";
const A16Z = "HeLp6NuQkmYB4pYWo2zYs22mESHXPQYzXbB8n4V98jwC";
const SOLFI = "SoLFiHG9TfgtdUXUjWAxi3LtvYuFyDLVhBWxdMZxyCe";
const OBRIC = "obriQD1zbpyLz95G5n7nJe6a4DPjpFwa5XYPoNm113y";
const ZEROFI = "ZERor4xhbUycZ6gb9ntrhqscUcZmAbQDjEAtCf4hbZY";

/**
 * A wallet's SOL wealth change: its lamports net of the fee it paid, plus the lamports of its
 * token accounts (wrapped SOL, and the rent of its own new accounts, which it still owns).
 */
function solDelta(tx: SolanaTransaction, owner: string): bigint {
  const w = tx.accountKeys.indexOf(owner);
  let d = tx.postBalances[w]! - tx.preBalances[w]! + (w === 0 ? tx.fee : 0n);
  const owned = new Set<number>();
  for (const b of [...tx.preTokenBalances, ...tx.postTokenBalances]) if (b.owner === owner) owned.add(b.accountIndex);
  for (const i of owned) d += tx.postBalances[i]! - tx.preBalances[i]!;
  return d;
}

/** What the user's balances say: token mints from token balances, SOL from `solDelta`. */
function userDelta(tx: SolanaTransaction, owner: string, mint: string): bigint {
  return mint === WSOL_MINT ? solDelta(tx, owner) : ownerMintDelta(tx, owner, mint);
}

function routed(file: string): { tx: SolanaTransaction; swap: Swap } {
  const tx = loadTx(file);
  const { swaps, errors } = decodeSwaps(tx);
  expect(errors).toEqual([]);
  expect(swaps).toHaveLength(1);
  const swap = swaps[0]!;
  expect(swap.pool).toBeNull();
  expect(swap.legs).toBeDefined();
  return { tx, swap };
}

/** Legs run input -> ... -> output, each hop spending what the previous one bought. */
function expectChain(s: Swap, mints: string[]): void {
  const legs = s.legs!;
  expect(legs.map((l) => l.mintIn)).toEqual(mints.slice(0, -1));
  expect(legs.map((l) => l.mintOut)).toEqual(mints.slice(1));
  for (let i = 1; i < legs.length; i++) expect(legs[i]!.amountIn).toBe(legs[i - 1]!.amountOut);
  // the user never pays less than the first hop took, nor gets more than the last hop gave
  expect(s.amountIn).toBeGreaterThanOrEqual(legs[0]!.amountIn);
  expect(s.amountOut).toBeLessThanOrEqual(legs[legs.length - 1]!.amountOut);
}

/** "<wallet> sends 1.1 USDC" -> [wallet, raw amount] with the swap's decimals. */
function uiLine(line: string, verb: "sends" | "gets", decimals: number): [string, bigint, string] {
  const m = new RegExp(`^(\\S+) ${verb} ([\\d.]+) (\\S+)$`).exec(line);
  if (!m) throw new Error(`unexpected line ${line}`);
  const [whole, frac = ""] = m[2]!.split(".");
  return [m[1]!, BigInt(whole! + frac.padEnd(decimals, "0")), m[3]!];
}

describe("routed swaps: one user swap per route, the hops as legs", () => {
  it("jupiter_5LuTa5k9UvgM is exactly what its expected file says: 1.1 USDC -> 2.143812 JUP", () => {
    const { tx, swap } = routed("jupiter_5LuTa5k9UvgM");
    const exp = expectedFields("jupiter_5LuTa5k9UvgM") as { senders: string[]; receivers: string[] };
    const [sender, sent, symIn] = uiLine(exp.senders[0]!, "sends", swap.decimalsIn);
    const [receiver, got, symOut] = uiLine(exp.receivers[0]!, "gets", swap.decimalsOut);
    expect([symIn, symOut]).toEqual(["USDC", "JUP"]);
    expect(swap).toMatchObject({
      ixPath: "2", dex: "jupiter", programId: JUPITER_V6_PROGRAM, trader: sender,
      mintIn: USDC_MINT, amountIn: sent, decimalsIn: 6, mintOut: JUP, amountOut: got, decimalsOut: 6,
    });
    expect(receiver).toBe(sender);
    expect([sent, got]).toEqual([1_100_000n, 2_143_812n]);
    // one hop through ZeroFi (no decoder: read from Jupiter's SwapEvent); the other 9350 USDC
    // of the user's 1.1 are Jupiter's platform fee, taken inside the route
    expect(swap.legs).toEqual([
      { dex: "unknown", programId: ZEROFI, pool: null, mintIn: USDC_MINT, amountIn: 1_090_650n, mintOut: JUP, amountOut: 2_143_812n, ixPath: "2.2" },
    ]);
    expect(userDelta(tx, swap.trader, USDC_MINT)).toBe(-swap.amountIn);
    expect(userDelta(tx, swap.trader, JUP)).toBe(swap.amountOut);
    expect(swap.priceUsd).toBeCloseTo(1.1 / 2.143812, 12);
  });

  it("raydium-route_JiqYGkWcYu8G is what its expected file says: A16Z -> USDT -> SOL for the user wallet", () => {
    const { tx, swap } = routed("raydium-route_JiqYGkWcYu8G");
    const exp = expectedFields("raydium-route_JiqYGkWcYu8G") as { title: string; accounts_involved: string[] };
    const named = (role: string) => exp.accounts_involved.find((a) => a.includes(role))!.split(":").map((x) => x.trim());
    const wallet = named("User wallet")[0]!;
    const program = named("Program")[1]!;
    expect(exp.title).toContain("A16Z -> USDT -> SOL");
    expect(swap).toMatchObject({
      ixPath: "0", dex: "raydium-route", programId: program, trader: wallet,
      mintIn: A16Z, amountIn: 21_898_077n, decimalsIn: 9, mintOut: WSOL_MINT, amountOut: 28_168n, decimalsOut: 9,
    });
    expectChain(swap, [A16Z, USDT_MINT, WSOL_MINT]);
    expect(swap.legs!.map((l) => [l.dex, l.programId, l.ixPath])).toEqual([
      ["raydium-clmm", RAYDIUM_CLMM_PROGRAM, "0.0"],
      ["raydium-clmm", RAYDIUM_CLMM_PROGRAM, "0.8"],
    ]);
    expect(swap.legs!.every((l) => typeof l.pool === "string")).toBe(true);
    // the user's USDT account is only passed through; SOL arrives unwrapped (by outer #1)
    expect(userDelta(tx, wallet, USDT_MINT)).toBe(0n);
    expect(userDelta(tx, wallet, A16Z)).toBe(-swap.amountIn);
    expect(userDelta(tx, wallet, WSOL_MINT)).toBe(swap.amountOut);
  });

  it("raydium-route_JiqYGkWcYu8G without a decoder for its hops: the same swap from the balances, legs []", () => {
    const registry = createRegistry(DEFAULT_DECODERS.filter((d) => d !== raydiumClmmDecoder));
    const { swaps, errors } = decodeSwaps(loadTx("raydium-route_JiqYGkWcYu8G"), { registry });
    expect(errors).toEqual([]);
    expect(swaps).toHaveLength(1);
    expect(swaps[0]).toMatchObject({ dex: "raydium-route", mintIn: A16Z, amountIn: 21_898_077n, mintOut: WSOL_MINT, amountOut: 28_168n, legs: [] });
    expect(decodeSwaps(loadTx("raydium-route_JiqYGkWcYu8G"), { registry, fallback: false }).swaps).toEqual([]);
  });

  it("jupiter_4VhDRLUK5QDZ: TRUMP -> USDC -> SOL -> JUP is one swap with three legs", () => {
    const { tx, swap } = routed("jupiter_4VhDRLUK5QDZ");
    expect(swap).toMatchObject({
      ixPath: "8", dex: "jupiter", trader: "8VCfQcnssNJznDqDoDDuzoKhdxgZWwwe5ikcKbAVWet5",
      mintIn: TRUMP, amountIn: 50_000n, mintOut: JUP, amountOut: 1_265_445n,
    });
    expectChain(swap, [TRUMP, USDC_MINT, WSOL_MINT, JUP]);
    expect(swap.legs!.map((l) => [l.dex, l.programId, l.ixPath, l.pool === null])).toEqual([
      ["unknown", SOLFI, "8.1", true],
      ["unknown", OBRIC, "8.5", true],
      ["orca-whirlpool", ORCA_WHIRLPOOL_PROGRAM, "8.9", false],
    ]);
    // 49_563 went into the route; the wallet's own 437-TRUMP fee transfer (outer #6) is part of
    // what the swap cost it
    expect(swap.legs![0]!.amountIn).toBe(49_563n);
    expect(userDelta(tx, swap.trader, TRUMP)).toBe(-swap.amountIn);
    expect(userDelta(tx, swap.trader, JUP)).toBe(swap.amountOut);
    expect(userDelta(tx, swap.trader, USDC_MINT)).toBe(0n);
    expect(userDelta(tx, swap.trader, WSOL_MINT)).toBe(0n);
  });

  it("jupiter_28rWme56aMya: USDC -> SOL through Obric, SOL unwrapped to the wallet", () => {
    const { tx, swap } = routed("jupiter_28rWme56aMya");
    expect(swap).toMatchObject({
      ixPath: "3", dex: "jupiter", trader: "3xTPAZxmpwd8GrNEKApaTw6VH4jqJ31WFXUvQzgwhR7c",
      mintIn: USDC_MINT, amountIn: 1_000_000n, decimalsIn: 6, mintOut: WSOL_MINT, amountOut: 5_903_984n, decimalsOut: 9,
    });
    expectChain(swap, [USDC_MINT, WSOL_MINT]);
    expect(swap.legs![0]).toMatchObject({ programId: OBRIC, amountIn: 991_250n, amountOut: 5_903_984n, ixPath: "3.0" });
    expect(userDelta(tx, swap.trader, USDC_MINT)).toBe(-swap.amountIn);
    // lamports net of the fee; the temporary WSOL account was created and closed
    expect(userDelta(tx, swap.trader, WSOL_MINT)).toBe(swap.amountOut);
  });

  it("jupiter_3TZ15bGjHmoU: exact-out route over Raydium AMM v4; the hop keeps its pool", () => {
    const { tx, swap } = routed("jupiter_3TZ15bGjHmoU");
    expect(swap).toMatchObject({
      ixPath: "3", dex: "jupiter", trader: "GQpoa61ghhu51v6RnseVodSHkVki9XmtumBXjzBR8mQg",
      mintIn: "AGmXzgFQw8bLtsJvr5dgnHtyP6rP6GLwmZwgVqjFL6Q8", amountIn: 22_894_405_787_097n, mintOut: WSOL_MINT, amountOut: 1_405_000_000_000n,
    });
    // the decoded hop and Jupiter's event for it are one leg, not two
    expect(swap.legs).toHaveLength(1);
    expect(swap.legs![0]).toMatchObject({ dex: "raydium-amm-v4", programId: RAYDIUM_AMM_V4_PROGRAM, ixPath: "3.0", pool: expect.any(String) });
    expect(userDelta(tx, swap.trader, swap.mintIn)).toBe(-swap.amountIn);
    expect(userDelta(tx, swap.trader, WSOL_MINT)).toBe(swap.amountOut);
  });

  it("okx-router_2zNeSn8cJpTA: SOL -> token through PumpSwap; OKX's commission is part of the cost, the tip is not", () => {
    const { tx, swap } = routed("okx-router_2zNeSn8cJpTA");
    expect(swap).toMatchObject({
      ixPath: "7", dex: "okx-router", programId: OKX_DEX_ROUTER_PROGRAM, trader: "G2341KGbNxuSAfCfqNuPhfLQtPB94hPfgyVPC89Faor4",
      mintIn: WSOL_MINT, amountIn: 3_682_999n, mintOut: "8k1DvnFBsbuWJw2t4JqTibR7cAgqadMveqiykMr1pump", amountOut: 4_374_143_343n,
    });
    expect(swap.legs).toHaveLength(1);
    expect(swap.legs![0]).toMatchObject({ dex: "pumpswap", programId: PUMPSWAP_PROGRAM, ixPath: "7.2", amountIn: 3_651_693n, amountOut: 4_374_143_343n });
    // 3_651_694 wrapped into the route (1 lamport of it stayed in OKX's account) + 31_305 OKX
    // commission (7.1); the 200_000-lamport top-level transfer (#9) is a tip, not the swap
    expect(swap.amountIn).toBe(3_651_694n + 31_305n);
    expect(userDelta(tx, swap.trader, WSOL_MINT)).toBe(-(swap.amountIn + 200_000n));
    expect(userDelta(tx, swap.trader, swap.mintOut)).toBe(swap.amountOut);
  });

  it("raydium-launchpad_8QTg427xrHug: a DFlow route, its hops matched with DFlow's own SwapEvents", () => {
    const { tx, swap } = routed("raydium-launchpad_8QTg427xrHug");
    expect(swap).toMatchObject({ ixPath: "3", dex: "dflow", trader: "Cf1VsHUcrwcGwFhswXW9NoDea5Q4wx18YQzm3KGhcJM9" });
    expect(swap.legs!.map((l) => l.dex)).toEqual(["raydium-cpmm", "raydium-launchlab"]);
    expectChain(swap, [swap.mintIn, WSOL_MINT, swap.mintOut]);
    // the input includes the 14_020_000 fee DFlow's outer #2 took before the route
    expect(userDelta(tx, swap.trader, swap.mintIn)).toBe(-swap.amountIn);
    expect(userDelta(tx, swap.trader, swap.mintOut)).toBe(swap.amountOut);
  });

  it("pumpswap_56RbkzmAEtd8: hops chained inside a router we have no name for are one swap too", () => {
    const { swap } = routed("pumpswap_56RbkzmAEtd8");
    expect(swap).toMatchObject({
      ixPath: "2", dex: "unknown", programId: "BN111JnbLtbmQqqiCh7h2pDKhAhMx4wi77Mj7jJFbyp8",
      trader: "EcMXEHFS6ThGEiqsaM42wwRi8sXPXM285R3JJbWHZfVk", mintIn: USDT_MINT, amountIn: 176_151_906n,
      mintOut: "5UUH9RTDiSpq6HKS6bp4NdU9PNJpXRXuiw6ShBTBhgH2", amountOut: 5_544_465_819n,
    });
    expectChain(swap, [USDT_MINT, WSOL_MINT, swap.mintOut]);
    expect(swap.legs!.map((l) => [l.dex, l.ixPath])).toEqual([["orca-whirlpool", "2.2"], ["pumpswap", "2.5"]]);
  });

  it("intermediate mints never show up as a user's swap", () => {
    for (const e of manifest()) {
      for (const s of decodeSwaps(loadTx(e.file), { slot: 1 }).swaps) {
        if (!s.legs || s.legs.length < 2) continue;
        const middle = new Set(s.legs.slice(1).map((l) => l.mintIn));
        middle.delete(s.mintIn);
        middle.delete(s.mintOut);
        expect(decodeSwaps(loadTx(e.file), { slot: 1 }).swaps.filter((x) => middle.has(x.mintIn) || middle.has(x.mintOut))).toEqual([]);
      }
    }
  });

  it("`routes: false` gives the hop-level swaps the venue decoders found", () => {
    const hops = (f: string) => decodeSwaps(loadTx(f), { routes: false }).swaps.map((s) => [s.ixPath, s.dex]);
    expect(hops("jupiter_3TZ15bGjHmoU")).toEqual([["3.0", "raydium-amm-v4"]]);
    expect(hops("jupiter_4VhDRLUK5QDZ")).toEqual([["8.9", "orca-whirlpool"]]);
    expect(hops("okx-router_2zNeSn8cJpTA")).toEqual([["7.2", "pumpswap"]]);
    expect(hops("pumpswap_56RbkzmAEtd8")).toEqual([["2.2", "orca-whirlpool"], ["2.5", "pumpswap"]]);
  });
});
