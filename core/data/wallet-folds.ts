/**
 * Stored fold state of wallets (wallet_position rows with their `state` column, and wallet_fold)
 * and the swap reads that feed it. Scoring resumes a wallet from these rows and folds only the
 * swaps after its watermark.
 *
 * Key idea: the watermark is (slot, rows of that slot folded). Chain order within a slot is
 * (signature, ix_path), so "the first n rows of slot s" names exactly what was
 * folded; a row that sorts before them, or any row of an earlier slot, means the wallet's swaps
 * changed under the fold, and it is rebuilt.
 * Trap: a resumed fold must continue from exactly the numbers a fold over every swap would hold,
 * or the incremental and full results drift apart: it resumes from `state` (JavaScript's own
 * shortest exact number text), never from the typed columns, which are there for readers.
 */
import type { Lot, Position, StoredBook, Trade } from "../domain/pnl.js";
import { tradesFromSwap } from "../domain/pnl.js";
import { USDC_MINT, USDT_MINT, WSOL_MINT } from "../domain/swap.js";
import type { WalletActivity } from "../domain/wallet-fold.js";
import type { SqlSession } from "./db.js";
import { pgArray } from "./pg-array.js";

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
  // Resumed wallets and wallets read from their first swap apart: each read carries its lowest
  // slot as a constant, so the planner keeps only the partitions from there on (a per-row bound
  // alone pruned at run time, once per wallet, and cost most of the read).
  const resumed: number[] = [];
  const whole: number[] = [];
  for (let i = 0; i < wallets.length; i++) (fromSlots[i]! > 0 ? resumed : whole).push(i);
  for (const group of [resumed, whole]) {
    if (group.length === 0) continue;
    const from = group.map((i) => fromSlots[i]!);
    const rows = await sql.query<{ w: string; t: string | null }>(
      `SELECT q.w, (SELECT string_agg(x, ';') FROM (
           SELECT ${SWAP_RECORD_SQL} AS x FROM swap
           WHERE trader = q.w AND slot >= q.from_slot AND slot >= $3
           ORDER BY ${CHAIN_ORDER_SQL}) s) AS t
       FROM unnest($1::text[], $2::int8[]) AS q(w, from_slot)`,
      [group.map((i) => wallets[i]!), from, from.reduce((a, b) => Math.min(a, b))],
    );
    for (const r of rows) {
      const list: SwapRow[] = [];
      if (r.t !== null) forEachSwapRecord(r.t, false, (_, row) => list.push(row));
      out.set(r.w, list);
    }
  }
  return out;
}

/**
 * A position's whole fold state as one compact text (wallet_position.state), all that resuming
 * it needs: one string per position to write, and a wallet's positions read back as one
 * `mint state;mint state` text, scanned here by hand. It replaced a JSON document built from 23
 * columns plus a jsonb part: building, escaping and parsing that JSON was most of an incremental
 * run's Postgres and JavaScript time.
 *
 * Fields, comma-separated, in `positionState`'s order; then the hours and the FIFO lots
 * (space-separated triples amount, costSol, costUsd). Empty is null ("n" inside a lot). Numbers
 * are JavaScript's shortest exact text, so a number read back is the number written. The hours
 * (four numbers an hour, most of a position's numbers) travel as base64 of little-endian float64s:
 * exact too, and decoding them is a few times cheaper than parsing decimal text.
 */
const STATE_NULL_LOT = "n";

export function positionState(p: Position, lots: readonly Lot[]): string {
  const opt = (v: number | null) => (v === null ? "" : String(v));
  let lotText = "";
  for (let i = 0; i < lots.length; i++) {
    const l = lots[i]!;
    if (i > 0) lotText += " ";
    lotText += `${l.amount} ${l.costSol === null ? STATE_NULL_LOT : l.costSol} ${l.costUsd === null ? STATE_NULL_LOT : l.costUsd}`;
  }
  return (
    `${p.decimals},${p.held},${p.costedHeld},${p.costSol},${opt(p.costUsd)},${p.realizedSol},${opt(p.realizedUsd)},` +
    `${p.unattributedSol},${p.costMovedOutSol},${p.boughtSol},${p.soldSol},${p.boughtAmount},${p.soldAmount},` +
    `${p.buys},${p.sells},${p.transfers},${p.unpriced},${p.oversold},${opt(p.firstBuySlot)},${opt(p.firstBuyTime)},` +
    `${p.firstSlot},${p.lastSlot},${opt(p.lastTime)},${opt(p.openSince)},${p.heldSecondsClosed},${p.roundsClosed},` +
    `${p.closed ? 1 : 0},${p.roundMax},${hoursText(p.hours)},${lotText}`
  );
}

/** Reads what `positionState` wrote. */
class StateReader {
  i = 0;
  constructor(private readonly text: string) {}

  /** The text up to the next `stop` (or `end`), consuming the separator. */
  field(stop: string, end: number): string {
    let j = this.text.indexOf(stop, this.i);
    if (j < 0 || j > end) j = end;
    const f = this.text.slice(this.i, j);
    this.i = j + 1;
    return f;
  }

  /**
   * The next comma-ended field as a number; null when empty. Plain digits (most fields: counts,
   * slots, times, zeros, raw amounts) are read in place, without cutting a string.
   */
  private scan(end: number): number | string | null {
    const t = this.text;
    const start = this.i;
    let v = 0;
    let i = start;
    for (; i < end; i++) {
      const c = t.charCodeAt(i);
      if (c === COMMA) break;
      if (c < ZERO || c > ZERO + 9) {
        // Not plain digits (a sign, a fraction, an exponent): the rest of the field as text.
        let j = t.indexOf(",", i);
        if (j < 0 || j > end) j = end;
        this.i = j + 1;
        return t.slice(start, j);
      }
      v = v * 10 + (c - ZERO);
    }
    this.i = i + 1;
    if (i === start) return null;
    // Past 15 digits a Number may not hold the integer exactly: keep the text.
    return i - start <= 15 ? v : t.slice(start, i);
  }

  num(end: number): number {
    const v = this.scan(end);
    return typeof v === "number" ? v : Number(v);
  }

  opt(end: number): number | null {
    const v = this.scan(end);
    return v === null || typeof v === "number" ? v : Number(v);
  }

  big(end: number): bigint {
    const v = this.scan(end);
    return typeof v === "number" ? BigInt(v) : BigInt(v ?? 0);
  }
}

/** Up to 15 digits go through a Number first (exact there, and far cheaper than BigInt(string)). */
const toBig = (f: string): bigint => (f.length <= 15 ? BigInt(Number(f)) : BigInt(f));

function hoursText(hours: readonly number[]): string {
  if (hours.length === 0) return "";
  const b = Buffer.allocUnsafe(hours.length * 8);
  for (let i = 0; i < hours.length; i++) b.writeDoubleLE(hours[i]!, i * 8);
  return b.toString("base64");
}

function hoursOf(f: string): number[] {
  if (f === "") return [];
  const b = Buffer.from(f, "base64");
  const n = b.length >> 3;
  const out: number[] = [];
  for (let i = 0; i < n; i++) out.push(b.readDoubleLE(i * 8));
  return out;
}

function lotsOf(f: string): Lot[] {
  if (f === "") return [];
  const parts = f.split(" ");
  const out: Lot[] = [];
  const cost = (v: string) => (v === STATE_NULL_LOT ? null : Number(v));
  for (let i = 0; i + 2 < parts.length; i += 3) out.push({ amount: toBig(parts[i]!), costSol: cost(parts[i + 1]!), costUsd: cost(parts[i + 2]!) });
  return out;
}

/** Each `mint state` of a wallet's `;`-joined positions, as books. */
export function booksFromStates(text: string): StoredBook[] {
  const books: StoredBook[] = [];
  const r = new StateReader(text);
  while (r.i < text.length) {
    let end = text.indexOf(";", r.i);
    if (end < 0) end = text.length;
    const mint = r.field(" ", end);
    const position: Position = {
      mint,
      decimals: r.num(end),
      held: r.big(end),
      costedHeld: r.big(end),
      costSol: r.num(end),
      costUsd: r.opt(end),
      realizedSol: r.num(end),
      realizedUsd: r.opt(end),
      unattributedSol: r.num(end),
      costMovedOutSol: r.num(end),
      boughtSol: r.num(end),
      soldSol: r.num(end),
      boughtAmount: r.big(end),
      soldAmount: r.big(end),
      buys: r.num(end),
      sells: r.num(end),
      transfers: r.num(end),
      unpriced: r.num(end),
      oversold: r.num(end),
      firstBuySlot: r.opt(end),
      firstBuyTime: r.opt(end),
      firstSlot: r.num(end),
      lastSlot: r.num(end),
      lastTime: r.opt(end),
      openSince: r.opt(end),
      heldSecondsClosed: r.num(end),
      roundsClosed: r.num(end),
      closed: r.field(",", end) === "1",
      roundMax: r.big(end),
      hours: hoursOf(r.field(",", end)),
    };
    const lots = lotsOf(r.field(";", end));
    r.i = end + 1;
    books.push({ position, lots });
  }
  return books;
}

/** Stored folds of the wallets that have one (with every position, or null books: see StoredWallet). */
export async function loadStoredWallets(sql: SqlSession, wallets: readonly string[]): Promise<Map<string, StoredWallet>> {
  const out = new Map<string, StoredWallet>();
  if (wallets.length === 0) return out;
  // A wallet's positions come as one text of their states (see positionState); `stale` counts
  // rows written before the state column, whose wallet must be rebuilt.
  const rows = await sql.query<{
    wallet: string;
    wm_slot: string;
    wm_slot_rows: number;
    method: string;
    activity: WalletActivity;
    states: string | null;
    stale: string;
  }>(
    `SELECT f.wallet, f.wm_slot, f.wm_slot_rows, f.method, f.activity, p.states, p.stale
     FROM wallet_fold f
     CROSS JOIN LATERAL (SELECT string_agg(p.mint || ' ' || p.state, ';') AS states, count(*) - count(p.state) AS stale
                         FROM wallet_position p WHERE p.wallet = f.wallet) p
     WHERE f.wallet = ANY($1::text[])`,
    [wallets],
  );
  for (const r of rows) {
    const books = r.stale !== "0" ? null : r.states === null ? [] : booksFromStates(r.states);
    out.set(r.wallet, { watermark: { slot: Number(r.wm_slot), rows: r.wm_slot_rows }, method: r.method, activity: r.activity, books });
  }
  return out;
}

/** Epoch seconds go to Postgres as numbers: parsing a float is far cheaper than an ISO string. */
const POSITION_COLUMNS = 23;

/** Column arrays for `writePositions`, filled by `pushPosition`. */
export const positionColumns = (): unknown[][] => Array.from({ length: POSITION_COLUMNS }, () => []);

export function pushPosition(cols: unknown[][], wallet: string, p: Position, lots: readonly Lot[]): void {
  const v = [
    wallet, p.mint, p.decimals, p.held.toString(), p.costedHeld.toString(), p.costSol, p.costUsd, p.realizedSol,
    p.realizedUsd, p.unattributedSol, p.boughtSol, p.soldSol, p.buys, p.sells, p.firstBuySlot, p.firstBuyTime,
    p.lastSlot, p.lastTime, p.openSince, p.heldSecondsClosed, p.roundsClosed, p.closed ? "t" : "f", positionState(p, lots),
  ];
  for (let i = 0; i < POSITION_COLUMNS; i++) cols[i]!.push(v[i]);
}

/** Inserts (or, with `upsert`, replaces) the positions in `cols`. */
export async function writePositions(tx: SqlSession, cols: unknown[][], upsert: boolean): Promise<number> {
  const n = cols[0]!.length;
  if (n === 0) return 0;
  const names = `wallet, mint, decimals, held, costed_held, cost_sol, cost_usd, realized_sol, realized_usd, unattributed_sol,
    bought_sol, sold_sol, buys, sells, first_buy_slot, first_buy_time, last_slot, last_time, open_since,
    held_seconds_closed, rounds_closed, closed, state`;
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
       $16::float8[], $17::int8[], $18::float8[], $19::float8[], $20::float8[], $21::int4[], $22::bool[], $23::text[])
       AS x(w, m, d, h, ch, cs, cu, rs, ru, us, bs, ss, b, s, fbs, fbt, ls, lt, os, hs, rc, c, f)
     ${upsert ? `ON CONFLICT (wallet, mint) DO UPDATE SET ${update}` : ""}`,
    // Array literals built here: the driver's own escaping, element by element, cost more.
    cols.map((c) => pgArray(c as (string | number | null)[])),
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
      pgArray(rows.map((r) => r.wallet)),
      pgArray(rows.map((r) => r.watermark.slot)),
      pgArray(rows.map((r) => r.watermark.rows)),
      pgArray(rows.map((r) => r.method)),
      pgArray(rows.map((r) => JSON.stringify(r.activity))),
    ],
  );
}
