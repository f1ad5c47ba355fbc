// Test-only builders for rule tests: synthetic swaps and profiles with readable names.
import { addr, sig } from "./factory.js";
import { WSOL_MINT, type Swap } from "../swap.js";
import type { WalletLabel, WalletProfile, WalletTier } from "../wallet-profile.js";

let n = 0;

export interface SwapSpec {
  trader: string;
  mint: string;
  t: number;
  side?: "buy" | "sell";
  sol?: number;
  tokens?: bigint;
  priceUsd?: number | null;
  slot?: number;
}

/** A swap against SOL at time `t` (slot follows time at 2.5 slots/s unless given). */
export function swapAt(s: SwapSpec): Swap {
  const id = ++n;
  const lamports = BigInt(Math.round((s.sol ?? 1) * 1e9));
  const tokens = s.tokens ?? 1_000_000_000n;
  const buy = (s.side ?? "buy") === "buy";
  const priceSol = (s.sol ?? 1) / 1000;
  return {
    signature: sig(`swap-${id}`),
    slot: s.slot ?? Math.floor(s.t * 2.5),
    blockTime: s.t,
    ixPath: "0",
    dex: "pumpswap",
    programId: addr("program"),
    pool: addr(`pool-${s.mint}`),
    trader: s.trader,
    mintIn: buy ? WSOL_MINT : s.mint,
    amountIn: buy ? lamports : tokens,
    decimalsIn: buy ? 9 : 6,
    mintOut: buy ? s.mint : WSOL_MINT,
    amountOut: buy ? tokens : lamports,
    decimalsOut: buy ? 6 : 9,
    priceSol,
    priceUsd: s.priceUsd === undefined ? priceSol * 150 : s.priceUsd,
  };
}

export function profile(address: string, tier: WalletTier | null, extra: { clusterId?: string; labels?: WalletLabel[] } = {}): WalletProfile {
  return { address, tier, score: tier ? 1 : 0, confidence: 1, labels: extra.labels ?? [], clusterId: extra.clusterId ?? null };
}

export const wallet = (name: string): string => addr(`wallet-${name}`);
export const mint = (name: string): string => addr(`mint-${name}`);
