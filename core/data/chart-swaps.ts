/**
 * Reads a token's stored swaps for a chart: one bounded query per range (the window's time
 * bounds, at most `limit` rows, newest kept), mapped to the chart's trade shape.
 *
 * Trap: the swap table is partitioned and keyed by slot, not by time or mint. A time bound alone
 * would visit every partition, so the window is also turned into a slot bound, from the newest
 * swap's (slot, time) and a slot time shorter than Solana's real ~0.4 s (the bound only ever
 * reaches further back than needed, never cuts the window). Inside those partitions the mint is
 * a filter: an index on the token side of a swap would make it a lookup (left to the migration
 * that adds one for token pages).
 */
import type { ChartTrade } from "../domain/charts/chart.js";
import { QUOTE_MINTS, viewSwap, toUiAmount, type Swap } from "../domain/swap.js";
import type { SqlRunner } from "./db.js";

export interface ChartSwapQuery {
  mint: string;
  /** Unix seconds, inclusive. */
  from: number;
  /** Unix seconds, exclusive. */
  to: number;
  /** Most swaps read (the newest are kept). */
  limit?: number;
}

interface Row {
  t: string | number;
  trader: string;
  mint_in: string;
  amount_in: string;
  decimals_in: number;
  mint_out: string;
  amount_out: string;
  decimals_out: number;
  price_sol: number | null;
  price_usd: number | null;
}

export const CHART_SWAP_LIMIT = 50_000;
/** Seconds per slot assumed when turning a time into a slot bound: faster than real, so safe. */
const FAST_SLOT_SECONDS = 0.3;

/** The lowest slot that can hold a swap at or after `from`, from the newest stored swap. */
async function slotFloor(sql: Pick<SqlRunner, "query">, from: number): Promise<number> {
  const rows = await sql.query<{ slot: string | number; t: number }>(
    `SELECT slot, extract(epoch FROM block_time)::float8 AS t FROM swap WHERE block_time IS NOT NULL ORDER BY slot DESC LIMIT 1`,
  );
  const newest = rows[0];
  if (!newest) return 0;
  const back = Math.max(0, Number(newest.t) - from);
  return Math.max(0, Math.floor(Number(newest.slot) - back / FAST_SLOT_SECONDS) - 1000);
}

/** The token's swaps against a quote (SOL, USDC, USDT) in [from, to), oldest first. */
export async function readChartTrades(sql: Pick<SqlRunner, "query">, q: ChartSwapQuery): Promise<ChartTrade[]> {
  const floor = await slotFloor(sql, q.from);
  const rows = await sql.query<Row>(
    `SELECT * FROM (
       SELECT extract(epoch FROM block_time)::float8 AS t, trader, mint_in, amount_in::text AS amount_in, decimals_in,
              mint_out, amount_out::text AS amount_out, decimals_out, price_sol, price_usd
       FROM swap
       WHERE (mint_in = $1 OR mint_out = $1)
         AND slot >= $5
         AND block_time >= to_timestamp($2) AND block_time < to_timestamp($3)
       ORDER BY block_time DESC
       LIMIT $4) w
     ORDER BY t`,
    [q.mint, q.from, q.to, q.limit ?? CHART_SWAP_LIMIT, floor],
  );
  const out: ChartTrade[] = [];
  for (const r of rows) {
    const swap = {
      mintIn: r.mint_in,
      amountIn: BigInt(r.amount_in),
      decimalsIn: Number(r.decimals_in),
      mintOut: r.mint_out,
      amountOut: BigInt(r.amount_out),
      decimalsOut: Number(r.decimals_out),
    } as Swap;
    const v = viewSwap(swap);
    // A token-for-token swap has no quote side to price from; and we chart `mint` only.
    if (v.tokenMint !== q.mint || !QUOTE_MINTS.has(v.quoteMint)) continue;
    out.push({
      time: Math.floor(Number(r.t)),
      side: v.side,
      priceUsd: r.price_usd,
      priceSol: r.price_sol,
      tokenAmount: toUiAmount(v.tokenAmount, v.tokenDecimals),
      trader: r.trader,
    });
  }
  return out;
}

/** The token's last stored trade time (unix seconds), for "no trades since …". */
export async function lastTradeTime(sql: Pick<SqlRunner, "query">, mint: string): Promise<number | null> {
  const rows = await sql.query<{ t: number | null }>(
    `SELECT extract(epoch FROM max(block_time))::float8 AS t FROM swap WHERE mint_in = $1 OR mint_out = $1`,
    [mint],
  );
  const t = rows[0]?.t;
  return t === null || t === undefined ? null : Math.floor(Number(t));
}
