/**
 * SOL/USD from the stream itself: every SOL–USDC or SOL–USDT swap is a price observation. A
 * median over the last few observations ignores a single distorted trade (tiny size, fee-heavy
 * route); until the stream has priced SOL, a configured fallback is used (replays, cold start).
 */
import { toUiAmount, USDC_MINT, USDT_MINT, WSOL_MINT, type Swap } from "./swap.js";

/** Trades smaller than this (in USD) say little about the price. */
const MIN_USD = 10;

// Module-level rather than inside observe(): the runtime's name-keeping transform would define a
// fresh closure's name on every swap.
const isStable = (m: string): boolean => m === USDC_MINT || m === USDT_MINT;

export class SolUsdPrice {
  private readonly recent: number[] = [];
  /** The median of `recent`, kept until the next observation: ingest reads it per transaction. */
  private median: number | null = null;

  constructor(
    private readonly fallback: number,
    private readonly window = 15,
  ) {}

  /** The current estimate. */
  get value(): number {
    if (this.recent.length === 0) return this.fallback;
    if (this.median === null) {
      const sorted = [...this.recent].sort((a, b) => a - b);
      this.median = sorted[Math.floor(sorted.length / 2)]!;
    }
    return this.median;
  }

  observe(s: Swap): void {
    const solIn = s.mintIn === WSOL_MINT;
    const solOut = s.mintOut === WSOL_MINT;
    if (!((solIn && isStable(s.mintOut)) || (solOut && isStable(s.mintIn)))) return;
    const sol = solIn ? toUiAmount(s.amountIn, s.decimalsIn) : toUiAmount(s.amountOut, s.decimalsOut);
    const usd = solIn ? toUiAmount(s.amountOut, s.decimalsOut) : toUiAmount(s.amountIn, s.decimalsIn);
    if (sol <= 0 || usd < MIN_USD) return;
    this.recent.push(usd / sol);
    if (this.recent.length > this.window) this.recent.shift();
    this.median = null;
  }
}
