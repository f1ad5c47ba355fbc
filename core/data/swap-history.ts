/**
 * Reads stored swaps back in stream order — (slot, signature, ix_path), the primary key — in
 * chunks with a keyset cursor, so a backtest over weeks of swaps or a warm-up after a restart
 * never holds more than one chunk and never uses OFFSET. Legs and fees are left out: the rules
 * do not read them.
 */
import type { Dex, Swap } from "../domain/swap.js";
import type { SqlSession } from "./db.js";

/** Seconds per slot, for turning "the last N days" into a slot range (as retention does). */
export const SLOT_SECONDS = 0.4;

interface SwapRow {
  slot: string;
  signature: string;
  ix_path: string;
  block_time: Date | null;
  dex: string;
  program_id: string;
  pool: string | null;
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

function fromRow(r: SwapRow): Swap {
  return {
    signature: r.signature,
    slot: Number(r.slot),
    blockTime: r.block_time === null ? null : Math.floor(r.block_time.getTime() / 1000),
    ixPath: r.ix_path,
    dex: r.dex as Dex,
    programId: r.program_id,
    pool: r.pool,
    trader: r.trader,
    mintIn: r.mint_in,
    amountIn: BigInt(r.amount_in),
    decimalsIn: r.decimals_in,
    mintOut: r.mint_out,
    amountOut: BigInt(r.amount_out),
    decimalsOut: r.decimals_out,
    priceSol: r.price_sol,
    priceUsd: r.price_usd,
  };
}

export interface SwapRange {
  /** Inclusive lower slot bound. */
  fromSlot: number;
  /** Exclusive upper slot bound; none reads to the end. */
  toSlot?: number;
  chunk?: number;
}

/** The stored swaps of a slot range, chunk by chunk, in stream order. */
export async function* streamSwaps(sql: SqlSession, range: SwapRange): AsyncGenerator<Swap[]> {
  const chunk = range.chunk ?? 5000;
  let after: [string, string, string] = [String(range.fromSlot - 1), "", ""];
  for (;;) {
    const rows = await sql.query<SwapRow>(
      `SELECT slot, signature, ix_path, block_time, dex, program_id, pool, trader, mint_in, amount_in, decimals_in,
              mint_out, amount_out, decimals_out, price_sol, price_usd
       FROM swap
       WHERE (slot, signature, ix_path) > ($1::int8, $2, $3) AND slot >= $4 AND ($5::int8 IS NULL OR slot < $5)
       ORDER BY slot, signature, ix_path LIMIT $6`,
      [after[0], after[1], after[2], range.fromSlot, range.toSlot ?? null, chunk],
    );
    if (rows.length === 0) return;
    yield rows.map(fromRow);
    const last = rows[rows.length - 1]!;
    after = [String(last.slot), last.signature, last.ix_path];
    if (rows.length < chunk) return;
  }
}

/** The slot range covering the last `days` days up to the newest stored swap; null when there are none. */
export async function recentSlotRange(sql: SqlSession, days: number): Promise<{ fromSlot: number; toSlot: number } | null> {
  const [row] = await sql.query<{ newest: string | null }>(`SELECT max(slot) AS newest FROM swap`);
  if (row?.newest === null || row?.newest === undefined) return null;
  const newest = Number(row.newest);
  return { fromSlot: Math.max(0, newest - Math.ceil((days * 86400) / SLOT_SECONDS)), toSlot: newest + 1 };
}
