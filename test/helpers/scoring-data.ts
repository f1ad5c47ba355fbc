// Swaps for scoring tests: the shape of a real Pump.fun trade (SOL against a 6-decimal token,
// priced in SOL and USD), re-keyed over many wallets, tokens and slots by a seeded PRNG, so a
// run can be reproduced from its seed.
import { WSOL_MINT, type Swap } from "../../core/domain/swap.js";
import { prng } from "../../core/domain/test-support/prng.js";

export const PUMPFUN_PROGRAM = "6EF8rrecthR5Dkzon8Nwu78hRvfCKubJ14M5uBEwF6P";

const B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
/** A 44-character base58 string derived from a label (not a real key; storage does not check). */
export function fakeAddress(label: string): string {
  let h = 2166136261;
  let out = "";
  for (let i = 0; out.length < 44; i++) {
    h = Math.imul(h ^ (label.charCodeAt(i % label.length) + i), 16777619) >>> 0;
    out += B58[h % 58];
  }
  return out;
}

export interface SynthOptions {
  seed: number;
  wallets: number;
  tokens: number;
  swaps: number;
  startSlot: number;
  /** Unix seconds of startSlot; slots advance 0.4 s. */
  startTime: number;
}

/**
 * Swaps in slot order. Each token's price follows its own random walk, so some wallets win and
 * some lose; a sell closes the position half the time and takes a part otherwise, and sometimes sells
 * what it never bought here (history before ours).
 */
export function synthSwaps(o: SynthOptions): Swap[] {
  const r = prng(o.seed);
  const wallets = Array.from({ length: o.wallets }, (_, i) => fakeAddress(`w${o.seed}-${i}`));
  const mints = Array.from({ length: o.tokens }, (_, i) => fakeAddress(`m${o.seed}-${i}`));
  const price = mints.map(() => 1e-7 * (1 + r() * 50)); // SOL per whole token
  const held = new Map<string, bigint>();
  const out: Swap[] = [];
  let slot = o.startSlot;
  for (let i = 0; i < o.swaps; i++) {
    slot += Math.floor(r() * 30);
    const w = Math.floor(r() * o.wallets);
    const t = Math.floor(r() * o.tokens);
    price[t]! *= 0.85 + r() * 0.32;
    const key = `${w}:${t}`;
    const h = held.get(key) ?? 0n;
    const sell = h > 0n ? r() < 0.45 : r() < 0.05;
    // Sells often close the whole position (so rounds end), otherwise take a part of it.
    const part = r() < 0.5 ? 100 : 1 + Math.floor(r() * 99);
    const tokenAmount = sell && h > 0n ? (h * BigInt(part)) / 100n || 1n : BigInt(1 + Math.floor(r() * 5e12));
    const sol = (Number(tokenAmount) / 1e6) * price[t]!;
    const lamports = BigInt(Math.max(1, Math.round(sol * 1e9)));
    held.set(key, sell ? (h > tokenAmount ? h - tokenAmount : 0n) : h + tokenAmount);
    const base = {
      signature: fakeAddress(`s${o.seed}-${i}`) + fakeAddress(`S${o.seed}-${i}`),
      slot,
      blockTime: o.startTime + Math.floor((slot - o.startSlot) * 0.4),
      ixPath: String(1 + (i % 3)),
      dex: "pumpfun" as const,
      programId: PUMPFUN_PROGRAM,
      pool: null,
      trader: wallets[w]!,
      priceSol: price[t]!,
      priceUsd: price[t]! * 150,
    };
    out.push(
      sell
        ? { ...base, mintIn: mints[t]!, amountIn: tokenAmount, decimalsIn: 6, mintOut: WSOL_MINT, amountOut: lamports, decimalsOut: 9 }
        : { ...base, mintIn: WSOL_MINT, amountIn: lamports, decimalsIn: 9, mintOut: mints[t]!, amountOut: tokenAmount, decimalsOut: 6 },
    );
  }
  return out;
}
