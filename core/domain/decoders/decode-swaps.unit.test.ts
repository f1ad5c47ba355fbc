import { describe, expect, it } from "vitest";
import { RAYDIUM_AMM_V4_PROGRAM } from "../programs.js";
import type { Dex } from "../swap.js";
import { loadTx, manifest, rawFixture } from "../test-support/fixtures.js";
import { allInstructions, fromRpcTransaction, ixPath } from "../transaction.js";
import { DEFAULT_DECODERS, DecodeError, createRegistry, decodeSwaps, defaultRegistry } from "./index.js";
import type { SwapDecoder } from "./index.js";

/** fixture -> dex of each decoded swap, in order (checked by hand; details in the per-decoder tests). */
const EXPECTED: Record<string, Dex[]> = {
  "boopfun_53mugqLKTaQq.json": ["unknown"],
  "jupiter_28rWme56aMya.json": ["unknown"],
  "jupiter_3TZ15bGjHmoU.json": ["raydium-amm-v4"],
  "jupiter_4VhDRLUK5QDZ.json": ["unknown"],
  "jupiter_58FymkjJUeSF.json": [],
  "jupiter_5LuTa5k9UvgM.json": ["unknown"],
  "meteora-damm-v1_2mHGPXMzxs6N.json": ["unknown"],
  "meteora-damm-v2_N2jtQtjjoa6x.json": ["unknown"],
  "meteora-dbc_23BXcBmnM3S3.json": ["unknown"],
  "meteora-dlmm_2DfsmTYvMqKw.json": ["unknown"],
  "meteora-dlmm_2LZBWdD5N9xb.json": [],
  "moonshot_5UWcde33J3rx.json": ["unknown"],
  "nonswap_2LgJdAtoBJU6.json": [],
  "nonswap_4Ud63HtJxynB.json": [],
  "okx-router_2zNeSn8cJpTA.json": ["pumpswap"],
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
  "pumpswap_56RbkzmAEtd8.json": ["pumpswap"],
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
  "raydium-clmm_2cd7QQSByKy6.json": ["unknown"],
  "raydium-clmm_nexzRp8Z5abE.json": ["unknown"],
  "raydium-launchpad_8QTg427xrHug.json": ["unknown"],
  "raydium-launchpad_mqSGNwKK8GZW.json": ["unknown"],
  "raydium-route_JiqYGkWcYu8G.json": ["unknown"],
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
        if (s.dex !== "unknown") expect(s.pool).toEqual(expect.any(String));
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

  it("the registry maps each program to one decoder", () => {
    expect([...defaultRegistry.keys()].sort()).toEqual(
      [
        "675kPX9MHTjS2zt1qfr1NYHuzeLXfQM9H24wFSUt1Mp8",
        "6EF8rrecthR5Dkzon8Nwu78hRvfCKubJ14M5uBEwF6P",
        "pAMMBay6oceH9fJKBRHGP5D4bD4sWpmSwMn52FMfXEA",
      ].sort(),
    );
    expect(() => createRegistry([...DEFAULT_DECODERS, DEFAULT_DECODERS[0]!])).toThrow(/two decoders/);
  });

  it("decoding is deterministic and does not mutate the transaction", () => {
    const tx = loadTx("pumpfun_3S2vFszSSCxd");
    const before = JSON.stringify(tx, (_k, v: unknown) => (typeof v === "bigint" ? String(v) : v));
    expect(decodeSwaps(tx)).toEqual(decodeSwaps(tx));
    expect(JSON.stringify(tx, (_k, v: unknown) => (typeof v === "bigint" ? String(v) : v))).toBe(before);
  });
});
