import { describe, expect, it } from "vitest";
import { SolUsdPrice } from "./sol-price.js";
import { USDC_MINT, WSOL_MINT, type Swap } from "./swap.js";

const swap = (solRaw: bigint, usdcRaw: bigint, solIn = true): Swap => ({
  signature: "s",
  slot: 1,
  blockTime: null,
  ixPath: "0",
  dex: "raydium-amm-v4",
  programId: "p",
  pool: null,
  trader: "t",
  mintIn: solIn ? WSOL_MINT : USDC_MINT,
  amountIn: solIn ? solRaw : usdcRaw,
  decimalsIn: solIn ? 9 : 6,
  mintOut: solIn ? USDC_MINT : WSOL_MINT,
  amountOut: solIn ? usdcRaw : solRaw,
  decimalsOut: solIn ? 6 : 9,
  priceSol: null,
  priceUsd: null,
});

describe("SolUsdPrice", () => {
  it("uses the fallback until the stream prices SOL", () => {
    expect(new SolUsdPrice(150).value).toBe(150);
  });

  it("takes the median of recent SOL-stablecoin swaps in both directions", () => {
    const p = new SolUsdPrice(150);
    p.observe(swap(1_000_000_000n, 200_000_000n)); // 1 SOL -> 200 USDC
    p.observe(swap(2_000_000_000n, 404_000_000n, false)); // 404 USDC -> 2 SOL
    p.observe(swap(1_000_000_000n, 900_000_000n)); // an outlier
    expect(p.value).toBe(202);
  });

  it("ignores dust trades that cannot be trusted for a price", () => {
    const p = new SolUsdPrice(150);
    p.observe(swap(10_000_000n, 5_000_000n)); // 0.01 SOL for 5 USDC
    expect(p.value).toBe(150);
  });

  it("follows each new observation when read between them, and the window's oldest leaves", () => {
    const p = new SolUsdPrice(150, 3);
    p.observe(swap(1_000_000_000n, 200_000_000n));
    expect(p.value).toBe(200);
    p.observe(swap(1_000_000_000n, 300_000_000n));
    expect(p.value).toBe(300); // median of two: the upper one
    expect(p.value).toBe(300);
    p.observe(swap(1_000_000_000n, 100_000_000n));
    expect(p.value).toBe(200);
    p.observe(swap(1_000_000_000n, 400_000_000n)); // 200 leaves: 300, 100, 400
    expect(p.value).toBe(300);
    p.observe(swap(10_000_000n, 5_000_000n)); // dust: no change
    expect(p.value).toBe(300);
  });
});
