/**
 * Runs a backtest of one rule over the stored swaps of the last N days: the swaps stream from
 * Postgres in slot order, chunk by chunk, the traders' profiles are read per chunk, and the pure
 * `Backtest` does the rest. Progress goes to `onProgress` after each chunk.
 */
import { Backtest, type BacktestReport } from "../domain/rules/backtest.js";
import type { PatternRule } from "../domain/rules/schema.js";
import type { WalletProfileReader } from "../domain/wallet-profile.js";
import type { SqlSession } from "./db.js";
import { recentSlotRange, streamSwaps } from "./swap-history.js";

export interface BacktestProgress {
  swaps: number;
  fires: number;
  slot: number;
  toSlot: number;
}

export async function runBacktest(
  sql: SqlSession,
  rule: PatternRule,
  opts: { days: number; profiles: WalletProfileReader; chunk?: number; onProgress?: (p: BacktestProgress) => void; signal?: AbortSignal },
): Promise<BacktestReport & { days: number }> {
  const bt = new Backtest(rule);
  const range = await recentSlotRange(sql, opts.days);
  if (range) {
    let swaps = 0;
    for await (const chunk of streamSwaps(sql, { ...range, ...(opts.chunk ? { chunk: opts.chunk } : {}) })) {
      opts.signal?.throwIfAborted();
      const profiles = await opts.profiles([...new Set(chunk.map((s) => s.trader))]);
      bt.feed(chunk, profiles);
      swaps += chunk.length;
      opts.onProgress?.({ swaps, fires: bt.fires, slot: chunk[chunk.length - 1]!.slot, toSlot: range.toSlot });
    }
  }
  return { ...bt.report(), days: opts.days };
}
