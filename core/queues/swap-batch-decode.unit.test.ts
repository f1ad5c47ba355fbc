import { describe, expect, it } from "vitest";
import { WSOL_MINT, type Swap } from "../domain/swap.js";
import { swapBatchPayload } from "./contract.js";
import { decodeSwapBatch } from "./swap-batch-decode.js";
import { swapFromPayload, swapToPayload } from "./swap-codec.js";

const plain: Swap = {
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
const routed: Swap = {
  ...plain,
  ixPath: "4",
  blockTime: null,
  pool: null,
  legs: [
    { dex: "pumpswap", programId: "P", pool: null, mintIn: WSOL_MINT, amountIn: 5n, mintOut: "M", amountOut: 18_446_744_073_709_551_615n, ixPath: "4.1" },
  ],
};
const withFees: Swap = {
  ...plain,
  ixPath: "3",
  fees: [{ kind: "lp", mint: WSOL_MINT, amount: 7n }],
  reserves: { base: 1n, quote: 2n, realQuote: 3n },
};

/** What the pipeline did before: the schema, then the codec. */
function bySchema(data: unknown) {
  const b = swapBatchPayload.parse(data);
  return { ...b, swaps: b.swaps.map(swapFromPayload) };
}

function viaJson(swaps: Swap[], extra: Record<string, unknown> = {}): unknown {
  return JSON.parse(JSON.stringify({ source: "grpc", swaps: swaps.map(swapToPayload), ...extra }));
}

describe("decodeSwapBatch", () => {
  it("gives what the schema and codec give, legs, fees, reserves and defaults included", () => {
    for (const data of [
      viaJson([plain, routed, withFees]),
      viaJson([plain], { tokens: [{ mint: "M", symbol: "S", name: null, decimals: 6 }] }),
      viaJson([], { tokenEvents: [{ kind: "created", mint: "M", wallet: "W", slot: 3, signature: "5".repeat(64) }] }),
      viaJson([plain], {
        tokenEvents: [
          { kind: "created", mint: "M", wallet: "W", slot: 3, signature: "5".repeat(64), source: "pumpfun" },
          { kind: "held-before-swap", mint: "M", wallet: "V", slot: 3, signature: "5".repeat(64) },
        ],
        tokens: [{ mint: "M", symbol: null, name: "N", decimals: null }],
      }),
    ]) {
      expect(decodeSwapBatch(data)).toEqual(bySchema(data));
    }
    expect(decodeSwapBatch(viaJson([plain])).tokens).toEqual([]);
    expect(decodeSwapBatch(viaJson([withFees])).swaps[0]).toEqual(withFees);
  });

  it("strips unknown keys as the schema does", () => {
    const data = viaJson([plain]) as { swaps: Record<string, unknown>[] };
    data.swaps[0]!["extra"] = 1;
    const out = decodeSwapBatch(data);
    expect("extra" in out.swaps[0]!).toBe(false);
    expect(out).toEqual(bySchema(data));
    const outer = viaJson([plain], { extra: 1 });
    expect("extra" in decodeSwapBatch(outer)).toBe(false);
    expect(decodeSwapBatch(outer)).toEqual(bySchema(outer));
  });

  it("refuses what the schema refuses, with the schema's error", () => {
    const bad: [string, unknown][] = [
      ["amountIn", "-1"],
      ["amountIn", "1".repeat(21)],
      ["slot", 1.5],
      ["slot", -1],
      ["decimalsOut", 256],
      ["ixPath", "2.x"],
      ["signature", "short"],
      ["priceSol", "1"],
      ["pool", undefined],
      ["fees", [{ kind: "tip", mint: "M", amount: "1" }]],
      ["reserves", { base: "1" }],
      ["legs", [{ dex: "x" }]],
    ];
    for (const [key, value] of bad) {
      const data = viaJson([plain, withFees]) as { swaps: Record<string, unknown>[] };
      data.swaps[1]![key] = value;
      if (value === undefined) delete data.swaps[1]![key];
      let schemaError: unknown;
      try {
        bySchema(data);
      } catch (err) {
        schemaError = err;
      }
      expect(schemaError, key).toBeDefined();
      expect(() => decodeSwapBatch(data), key).toThrow((schemaError as Error).message);
    }
    const event = { kind: "held-before-swap", mint: "M", wallet: "W", slot: 3, signature: "5".repeat(64) };
    const token = { mint: "M", symbol: "S", name: null, decimals: 6 };
    for (const extra of [
      { source: "elsewhere" },
      { tokens: [{ ...token, symbol: "S".repeat(65) }] },
      { tokens: [{ ...token, decimals: 1.5 }] },
      { tokenEvents: [{ ...event, kind: "sold" }] },
      { tokenEvents: [{ ...event, source: "elsewhere" }] },
      { tokenEvents: [{ ...event, signature: "short" }] },
      { tokenEvents: [{ ...event, slot: -1 }] },
    ]) {
      const data = viaJson([plain], extra);
      expect(() => bySchema(data), JSON.stringify(extra)).toThrow();
      let message = "";
      try {
        bySchema(data);
      } catch (err) {
        message = (err as Error).message;
      }
      expect(() => decodeSwapBatch(data), JSON.stringify(extra)).toThrow(message);
    }
    expect(() => decodeSwapBatch(null)).toThrow();
  });
});
