/**
 * Test-only: a deterministic synthetic trade series for charts (tests, the reference image, the
 * bench). A seeded random walk around a tiny pump.fun-like price with a pump in the middle, and
 * traders drawn from a fixed pool of which the first few are "smart".
 */
import type { ChartLabels, ChartTrade } from "../charts/chart.js";
import { addr } from "./factory.js";

/** mulberry32: small, fast, and the same numbers on every machine. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const CHART_TRADERS = Array.from({ length: 200 }, (_, i) => addr(`chart-trader-${i}`));
/** The first eight traders of the pool. */
export const SMART_TRADERS: ReadonlySet<string> = new Set(CHART_TRADERS.slice(0, 8));

export interface SyntheticOptions {
  count: number;
  /** Window end (unix seconds); trades spread over the `span` seconds before it. */
  end: number;
  span: number;
  seed?: number;
  startPriceUsd?: number;
  solUsd?: number;
}

/** `count` trades in time order over [end - span, end). */
export function syntheticTrades(options: SyntheticOptions): ChartTrade[] {
  const rnd = seededRandom(options.seed ?? 42);
  const solUsd = options.solUsd ?? 150;
  let price = options.startPriceUsd ?? 0.0000123;
  const out: ChartTrade[] = [];
  const start = options.end - options.span;
  for (let i = 0; i < options.count; i++) {
    const time = start + Math.floor((i / options.count) * options.span);
    const phase = i / options.count;
    // Drift up through the middle third (a pump), down after it, noise throughout.
    const drift = phase > 0.33 && phase < 0.55 ? 0.0012 : phase >= 0.55 ? -0.0006 : 0.0001;
    price *= 1 + drift + (rnd() - 0.5) * 0.01;
    const side = rnd() < 0.5 + drift * 200 ? "buy" : "sell";
    // Smart traders appear often enough to be seen.
    const trader = rnd() < 0.03 ? CHART_TRADERS[Math.floor(rnd() * 8)]! : CHART_TRADERS[8 + Math.floor(rnd() * 192)]!;
    const tokenAmount = Math.round(1000 + rnd() * rnd() * 5_000_000);
    out.push({ time, side, priceUsd: price, priceSol: price / solUsd, tokenAmount, trader });
  }
  return out;
}

/** English chart words for tests and the bench (the bot takes them from the locales). */
export function chartLabels(title: string, subtitle = "24h · USD · UTC"): ChartLabels {
  return {
    title,
    subtitle,
    smartBuy: "Smart buy",
    smartSell: "Smart sell",
    walletBuy: "Wallet buy",
    walletSell: "Wallet sell",
    volume: "Volume",
    trades: (n) => `${n} trades`,
  };
}
