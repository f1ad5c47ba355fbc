/**
 * Stored fold state of wallets (wallet_position rows with their `fold` column, and wallet_fold)
 * and the swap reads that feed it. Scoring resumes a wallet from these rows and folds only the
 * swaps after its watermark.
 *
 * Key idea: the watermark is (slot, rows of that slot folded). Chain order within a slot is
 * (signature, ix_path), so "the first n rows of slot s" names exactly what was
 * folded; a row that sorts before them, or any row of an earlier slot, means the wallet's swaps
 * changed under the fold, and it is rebuilt.
 * Trap: times are stored as timestamptz of whole seconds and read back as epoch seconds, floats
 * as float8 (shortest exact text both ways): a resumed fold must continue from exactly the
 * numbers a fold over every swap would hold, or the incremental and full results drift apart.
 */
import type { Lot, Position, StoredBook, Trade } from "../domain/pnl.js";
import { tradesFromSwap } from "../domain/pnl.js";
import { USDC_MINT, USDT_MINT, WSOL_MINT } from "../domain/swap.js";
import type { WalletActivity } from "../domain/wallet-fold.js";
import type { SqlSession } from "./db.js";

/** One stored swap row as trades (a quote-to-quote swap has none but still counts as a row). */
export interface SwapRow {
  slot: number;
  trades: Trade[];
}

export interface Watermark {
  slot: number;
  rows: number;
}

export interface StoredWallet {
  watermark: Watermark;
  method: string;
  activity: WalletActivity;
  /** null when a position row predates stored fold state: the wallet must be rebuilt. */
  books: StoredBook[] | null;
}

/** Advances a watermark over one more row in chain order. */
export function advance(w: Watermark, slot: number): void {
  if (slot === w.slot) w.rows++;
  else {
    w.slot = slot;
    w.rows = 1;
  }
}

/**
 * A swap as one text record; a quote mint travels as one letter (S, U, T): nearly every swap has
 * one, and the record is mostly mints. `parseSwapRecord` turns the letters back into mints before
 * `tradesFromSwap`, the one place that decides what a swap means.
 */
const code = (col: string) =>
  `CASE ${col} WHEN '${WSOL_MINT}' THEN 'S' WHEN '${USDC_MINT}' THEN 'U' WHEN '${USDT_MINT}' THEN 'T' ELSE ${col} END`;
export const SWAP_RECORD_SQL = `${code("mint_in")} || ',' || amount_in || ',' || decimals_in || ',' || ${code("mint_out")} || ','
  || amount_out || ',' || decimals_out || ',' || coalesce(price_sol::text, '') || ','
  || coalesce(price_usd::text, '') || ',' || slot || ','
  || coalesce(floor(date_part('epoch', block_time))::int8::text, '')`;
/**
 * Chain order of rows: the primary key's order, so a slot range streams straight from the index
 * (a COLLATE "C" here would sort every range again). Every query here uses this one order, so the
 * full and incremental folds agree whatever the database's collation.
 */
export const CHAIN_ORDER_SQL = `slot, signature, ix_path`;

const QUOTE_CODES: Readonly<Record<string, string>> = { S: WSOL_MINT, U: USDC_MINT, T: USDT_MINT };

const SEMI = 59; // ;
const COMMA = 44; // ,
const ZERO = 48;

/**
 * Calls `fn` for each `;`-separated swap record of `text` (SWAP_RECORD_SQL, after the trader
 * and a comma when `withTrader`), in order. A hand-rolled scan: splitting 10⁷ records into
 * 10⁸ small strings was most of a full rescore's time. Numbers are read from the digits;
 * amounts of up to 15 digits (nearly all) as a Number first, which is exact there and much
 * cheaper than BigInt(string). Strings passed on (trader, mints) point into `text`: a caller
 * that keeps one copies it (`ownString`).
 */
export function forEachSwapRecord(text: string, withTrader: boolean, fn: (trader: string, row: SwapRow) => void): void {
  let i = 0;
  const n = text.length;
  const field = (): string => {
    const start = i;
    while (i < n && text.charCodeAt(i) !== COMMA) i++;
    return text.slice(start, i++);
  };
  const int = (): number => {
    let v = 0;
    for (let c = text.charCodeAt(i); c !== COMMA && i < n; c = text.charCodeAt(++i)) v = v * 10 + (c - ZERO);
    i++;
    return v;
  };
  const amount = (): bigint => {
    const start = i;
    let v = 0;
    for (let c = text.charCodeAt(i); c !== COMMA && i < n; c = text.charCodeAt(++i)) v = v * 10 + (c - ZERO);
    const len = i - start;
    i++;
    return len <= 15 ? BigInt(v) : BigInt(text.slice(start, start + len));
  };
  const float = (): number | null => {
    const f = field();
    return f === "" ? null : Number(f);
  };
  while (i < n) {
    const trader = withTrader ? field() : "";
    const mintIn = field();
    const amountIn = amount();
    const decimalsIn = int();
    const mintOut = field();
    const amountOut = amount();
    const decimalsOut = int();
    const priceSol = float();
    const priceUsd = float();
    const slot = int();
    // The time ends the record at ';' (or the text).
    const start = i;
    let time = 0;
    for (let c = text.charCodeAt(i); c !== SEMI && i < n; c = text.charCodeAt(++i)) time = time * 10 + (c - ZERO);
    const blockTime = i === start ? null : time;
    i++;
    const trades = tradesFromSwap({
      mintIn: QUOTE_CODES[mintIn] ?? mintIn,
      amountIn,
      decimalsIn,
      mintOut: QUOTE_CODES[mintOut] ?? mintOut,
      amountOut,
      decimalsOut,
      priceSol,
      priceUsd,
      slot,
      blockTime,
    });
    fn(trader, { slot, trades });
  }
}

/**
 * Each wallet's swap rows from its own slot on (`fromSlots[i]` for `wallets[i]`), in chain
 * order: one text row per wallet (far cheaper to move and parse than a row per swap).
 */
export async function loadSwapRows(sql: SqlSession, wallets: readonly string[], fromSlots: readonly number[]): Promise<Map<string, SwapRow[]>> {
  const out = new Map<string, SwapRow[]>();
  if (wallets.length === 0) return out;
  const rows = await sql.query<{ w: string; t: string }>(
    `SELECT q.w, (SELECT string_agg(x, ';') FROM (
         SELECT ${SWAP_RECORD_SQL} AS x FROM swap
         WHERE trader = q.w AND slot >= q.from_slot
         ORDER BY ${CHAIN_ORDER_SQL}) s) AS t
     FROM unnest($1::text[], $2::int8[]) AS q(w, from_slot)`,
    [wallets, fromSlots],
  );
  for (const r of rows) {
    if (r.t === null) {
      out.set(r.w, []);
      continue;
    }
    const list: SwapRow[] = [];
    forEachSwapRecord(r.t, false, (_, row) => list.push(row));
    out.set(r.w, list);
  }
  return out;
}

interface PositionFoldJson {
  costMovedOutSol: number;
  boughtAmount: string;
  soldAmount: string;
  transfers: number;
  unpriced: number;
  oversold: number;
  firstSlot: number;
  roundMax: string;
  hours: number[];
  lots: [string, number | null, number | null][];
}

interface PositionRow {
  mint: string;
  decimals: number;
  held: string;
  costed_held: string;
  cost_sol: number;
  cost_usd: number | null;
  realized_sol: number;
  realized_usd: number | null;
  unattributed_sol: number;
  bought_sol: number;
  sold_sol: number;
  buys: number;
  sells: number;
  first_buy_slot: string | number | null;
  first_buy_time: number | null;
  last_slot: string | number;
  last_time: number | null;
  open_since: number | null;
  held_seconds_closed: number;
  rounds_closed: number;
  closed: boolean;
  fold: PositionFoldJson | null;
}

function bookFromRow(r: PositionRow, f: PositionFoldJson): StoredBook {
  const position: Position = {
    mint: r.mint,
    decimals: r.decimals,
    held: BigInt(r.held),
    costedHeld: BigInt(r.costed_held),
    costSol: r.cost_sol,
    costUsd: r.cost_usd,
    realizedSol: r.realized_sol,
    realizedUsd: r.realized_usd,
    unattributedSol: r.unattributed_sol,
    costMovedOutSol: f.costMovedOutSol,
    boughtSol: r.bought_sol,
    soldSol: r.sold_sol,
    boughtAmount: BigInt(f.boughtAmount),
    soldAmount: BigInt(f.soldAmount),
    buys: r.buys,
    sells: r.sells,
    transfers: f.transfers,
    unpriced: f.unpriced,
    oversold: f.oversold,
    firstBuySlot: r.first_buy_slot === null ? null : Number(r.first_buy_slot),
    firstBuyTime: r.first_buy_time,
    firstSlot: f.firstSlot,
    lastSlot: Number(r.last_slot),
    lastTime: r.last_time,
    openSince: r.open_since,
    heldSecondsClosed: r.held_seconds_closed,
    roundsClosed: r.rounds_closed,
    closed: r.closed,
    roundMax: BigInt(f.roundMax),
    hours: f.hours,
  };
  const lots: Lot[] = f.lots.map(([amount, costSol, costUsd]) => ({ amount: BigInt(amount), costSol, costUsd }));
  return { position, lots };
}

/** Stored folds of the wallets that have one (with every position, or null books: see StoredWallet). */
export async function loadStoredWallets(sql: SqlSession, wallets: readonly string[]): Promise<Map<string, StoredWallet>> {
  const out = new Map<string, StoredWallet>();
  if (wallets.length === 0) return out;
  // A wallet's positions come as one JSON array: one JSON.parse instead of the driver parsing
  // 23 columns of ~10 rows (that parsing was the largest CPU cost of an incremental run).
  // Raw amounts travel as text (they can exceed 2^53); floats as JSON numbers, exact both ways.
  const rows = await sql.query<{
    wallet: string;
    wm_slot: string;
    wm_slot_rows: number;
    method: string;
    activity: WalletActivity;
    positions: PositionRow[] | null;
  }>(
    `SELECT f.wallet, f.wm_slot, f.wm_slot_rows, f.method, f.activity,
       (SELECT json_agg(json_build_object(
          'mint', p.mint, 'decimals', p.decimals, 'held', p.held::text, 'costed_held', p.costed_held::text,
          'cost_sol', p.cost_sol, 'cost_usd', p.cost_usd, 'realized_sol', p.realized_sol, 'realized_usd', p.realized_usd,
          'unattributed_sol', p.unattributed_sol, 'bought_sol', p.bought_sol, 'sold_sol', p.sold_sol, 'buys', p.buys,
          'sells', p.sells, 'first_buy_slot', p.first_buy_slot, 'first_buy_time', extract(epoch FROM p.first_buy_time)::float8,
          'last_slot', p.last_slot, 'last_time', extract(epoch FROM p.last_time)::float8,
          'open_since', extract(epoch FROM p.open_since)::float8, 'held_seconds_closed', p.held_seconds_closed,
          'rounds_closed', p.rounds_closed, 'closed', p.closed, 'fold', p.fold))
        FROM wallet_position p WHERE p.wallet = f.wallet) AS positions
     FROM wallet_fold f WHERE f.wallet = ANY($1::text[])`,
    [wallets],
  );
  for (const r of rows) {
    let books: StoredBook[] | null = [];
    for (const p of r.positions ?? []) {
      if (p.fold === null) {
        books = null;
        break;
      }
      books.push(bookFromRow(p, p.fold));
    }
    out.set(r.wallet, { watermark: { slot: Number(r.wm_slot), rows: r.wm_slot_rows }, method: r.method, activity: r.activity, books });
  }
  return out;
}

/** Epoch seconds go to Postgres as numbers: parsing a float is far cheaper than an ISO string. */
const POSITION_COLUMNS = 23;

/** Column arrays for `writePositions`, filled by `pushPosition`. */
export const positionColumns = (): unknown[][] => Array.from({ length: POSITION_COLUMNS }, () => []);

/** A position's `fold` column: the rest of what resuming its book needs, as JSON text. */
export function positionFoldJson(p: Position, lots: readonly Lot[]): string {
  const fold: PositionFoldJson = {
    costMovedOutSol: p.costMovedOutSol,
    boughtAmount: p.boughtAmount.toString(),
    soldAmount: p.soldAmount.toString(),
    transfers: p.transfers,
    unpriced: p.unpriced,
    oversold: p.oversold,
    firstSlot: p.firstSlot,
    roundMax: p.roundMax.toString(),
    hours: p.hours,
    lots: lots.map((l) => [l.amount.toString(), l.costSol, l.costUsd]),
  };
  return JSON.stringify(fold);
}

export function pushPosition(cols: unknown[][], wallet: string, p: Position, lots: readonly Lot[]): void {
  const v = [
    wallet, p.mint, p.decimals, p.held.toString(), p.costedHeld.toString(), p.costSol, p.costUsd, p.realizedSol,
    p.realizedUsd, p.unattributedSol, p.boughtSol, p.soldSol, p.buys, p.sells, p.firstBuySlot, p.firstBuyTime,
    p.lastSlot, p.lastTime, p.openSince, p.heldSecondsClosed, p.roundsClosed, p.closed, positionFoldJson(p, lots),
  ];
  for (let i = 0; i < POSITION_COLUMNS; i++) cols[i]!.push(v[i]);
}

/** Inserts (or, with `upsert`, replaces) the positions in `cols`. */
export async function writePositions(tx: SqlSession, cols: unknown[][], upsert: boolean): Promise<number> {
  const n = cols[0]!.length;
  if (n === 0) return 0;
  const names = `wallet, mint, decimals, held, costed_held, cost_sol, cost_usd, realized_sol, realized_usd, unattributed_sol,
    bought_sol, sold_sol, buys, sells, first_buy_slot, first_buy_time, last_slot, last_time, open_since,
    held_seconds_closed, rounds_closed, closed, fold`;
  const update = names
    .split(",")
    .map((c) => c.trim())
    .filter((c) => c !== "wallet" && c !== "mint")
    .map((c) => `${c} = EXCLUDED.${c}`)
    .join(", ");
  await tx.query(
    `INSERT INTO wallet_position (${names})
     SELECT w, m, d, h, ch, cs, cu, rs, ru, us, bs, ss, b, s, fbs, to_timestamp(fbt), ls, to_timestamp(lt), to_timestamp(os), hs, rc, c, f
     FROM unnest($1::text[], $2::text[], $3::int2[], $4::numeric[], $5::numeric[], $6::float8[], $7::float8[], $8::float8[],
       $9::float8[], $10::float8[], $11::float8[], $12::float8[], $13::int4[], $14::int4[], $15::int8[],
       $16::float8[], $17::int8[], $18::float8[], $19::float8[], $20::float8[], $21::int4[], $22::bool[], $23::jsonb[])
       AS x(w, m, d, h, ch, cs, cu, rs, ru, us, bs, ss, b, s, fbs, fbt, ls, lt, os, hs, rc, c, f)
     ${upsert ? `ON CONFLICT (wallet, mint) DO UPDATE SET ${update}` : ""}`,
    cols,
  );
  return n;
}

export interface FoldRow {
  wallet: string;
  watermark: Watermark;
  method: string;
  activity: WalletActivity;
}

export async function writeFolds(tx: SqlSession, rows: readonly FoldRow[]): Promise<void> {
  if (rows.length === 0) return;
  await tx.query(
    `INSERT INTO wallet_fold (wallet, wm_slot, wm_slot_rows, method, activity)
     SELECT * FROM unnest($1::text[], $2::int8[], $3::int4[], $4::text[], $5::jsonb[])
     ON CONFLICT (wallet) DO UPDATE SET wm_slot = EXCLUDED.wm_slot, wm_slot_rows = EXCLUDED.wm_slot_rows,
       method = EXCLUDED.method, activity = EXCLUDED.activity`,
    [
      rows.map((r) => r.wallet),
      rows.map((r) => r.watermark.slot),
      rows.map((r) => r.watermark.rows),
      rows.map((r) => r.method),
      rows.map((r) => JSON.stringify(r.activity)),
    ],
  );
}
