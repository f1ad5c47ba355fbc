/**
 * Rescoring wallets from their stored swaps, in chunks: one query reads a chunk's swaps (each
 * wallet's history folded into one text row by Postgres, which is far cheaper to move and parse
 * than millions of rows), the pure scorer folds them, and one statement per table writes the
 * chunk back. The incremental job and the full recompute run exactly this code on the same
 * inputs, which is why they agree.
 *
 * Trap: `nowSec` fixes the 1d/7d/30d windows. Two runs agree only at the same clock; the job
 * passes the wall clock, the tests a fixed one.
 */
import { tradesFromSwap, type Position, type Trade } from "../domain/pnl.js";
import { QUOTE_MINTS, USDC_MINT, USDT_MINT, WSOL_MINT, type Swap } from "../domain/swap.js";
import {
  mergeScoreSettings,
  scoreWallet,
  type ScoreSettings,
  type WalletContext,
  type WalletScore,
} from "../domain/wallet-score.js";
import type { WalletLabel, WalletProfile, WalletProfileReader, WalletTier } from "../domain/wallet-profile.js";
import type { SqlRunner, SqlSession } from "./db.js";
import { pgArray } from "./pg-array.js";

export async function loadScoreSettings(sql: SqlSession): Promise<ScoreSettings> {
  // The admin chat's tier thresholds (setting "scoring.tiers") win over scoring_setting's "tiers".
  const rows = await sql.query<{ key: string; value: unknown }>(
    `SELECT key, value FROM (
       SELECT key, value, 0 AS o FROM scoring_setting
       UNION ALL SELECT 'tiers', value, 1 FROM setting WHERE key = 'scoring.tiers') s ORDER BY o`,
  );
  return mergeScoreSettings(Object.fromEntries(rows.map((r) => [r.key, r.value])));
}

/** Stores one setting (the admin chat's command calls this); the next rescore uses it. */
export async function setScoreSetting(sql: SqlSession, key: keyof ScoreSettings, value: unknown): Promise<void> {
  await sql.query(
    `INSERT INTO scoring_setting (key, value) VALUES ($1, $2::jsonb)
     ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_at = now()`,
    [key, JSON.stringify(value)],
  );
}

/**
 * Each wallet's trades in chain order (slot, then signature and instruction for a stable order).
 * A quote mint travels as one letter (S, U, T): nearly every swap has one, and the row is mostly
 * mints. The letters are turned back into mints before `tradesFromSwap`, the one place that
 * decides what a swap means.
 */
export async function loadWalletTrades(sql: SqlRunner, wallets: readonly string[]): Promise<Map<string, Trade[]>> {
  const code = (col: string) =>
    `CASE ${col} WHEN '${WSOL_MINT}' THEN 'S' WHEN '${USDC_MINT}' THEN 'U' WHEN '${USDT_MINT}' THEN 'T' ELSE ${col} END`;
  // Rows come in (trader, slot) order straight from the index, so only same-slot ties need an
  // (incremental) sort, and string_agg takes them in the subquery's order: Postgres keeps that
  // order for a plain GROUP BY over a sorted subquery (the incremental-equals-full test would
  // catch it if it did not). A bitmap scan would lose the order and sort 10⁵ wide rows instead.
  const rows = await sql.transaction(async (tx) => {
    await tx.exec(`SET LOCAL work_mem = '128MB'; SET LOCAL enable_bitmapscan = off`);
    return tx.query<{ w: string; t: string }>(
      `SELECT w, string_agg(x, ';') AS t FROM (
         SELECT trader AS w,
                ${code("mint_in")} || ',' || amount_in || ',' || decimals_in || ',' || ${code("mint_out")} || ','
                || amount_out || ',' || decimals_out || ',' || coalesce(price_sol::text, '') || ','
                || coalesce(price_usd::text, '') || ',' || slot || ','
                || coalesce(floor(extract(epoch FROM block_time))::int8::text, '') AS x
         FROM swap WHERE trader = ANY($1::text[])
         ORDER BY trader, slot, signature COLLATE "C", ix_path COLLATE "C") s
       GROUP BY w`,
      [wallets],
    );
  });
  const out = new Map<string, Trade[]>();
  for (const r of rows) out.set(r.w, parseTrades(r.t));
  return out;
}

const QUOTE_CODES: Readonly<Record<string, string>> = { S: WSOL_MINT, U: USDC_MINT, T: USDT_MINT };

function parseTrades(text: string): Trade[] {
  const trades: Trade[] = [];
  for (const rec of text.split(";")) {
    const f = rec.split(",");
    for (const t of tradesFromSwap({
      mintIn: QUOTE_CODES[f[0]!] ?? f[0]!,
      amountIn: BigInt(f[1]!),
      decimalsIn: Number(f[2]),
      mintOut: QUOTE_CODES[f[3]!] ?? f[3]!,
      amountOut: BigInt(f[4]!),
      decimalsOut: Number(f[5]),
      priceSol: f[6] === "" ? null : Number(f[6]),
      priceUsd: f[7] === "" ? null : Number(f[7]),
      slot: Number(f[8]),
      blockTime: f[9] === "" ? null : Number(f[9]),
    })) {
      trades.push(t);
    }
  }
  return trades;
}

/** What scoring needs beyond the wallets' own swaps, for a chunk at once. */
async function loadContexts(sql: SqlSession, trades: ReadonlyMap<string, Trade[]>): Promise<Map<string, WalletContext>> {
  const wallets = [...trades.keys()];
  const mints = new Set<string>();
  // Same-slot round trips: the only slots where another wallet's trade matters (sandwiches).
  const rtWallet: string[] = [];
  const rtMint: string[] = [];
  const rtSlot: number[] = [];
  for (const [w, ts] of trades) {
    const sides = new Map<string, number>();
    for (const t of ts) {
      mints.add(t.mint);
      if (t.kind !== "buy" && t.kind !== "sell") continue;
      const k = `${t.mint}:${t.slot}`;
      const before = sides.get(k) ?? 0;
      const after = before | (t.kind === "buy" ? 1 : 2);
      sides.set(k, after);
      if (after === 3 && before !== 3) {
        rtWallet.push(w);
        rtMint.push(t.mint);
        rtSlot.push(t.slot);
      }
    }
  }
  const [firsts, others, funders, insiders] = await Promise.all([
    sql.query<{ mint: string; first_slot: string }>(`SELECT mint, first_slot FROM token_seen WHERE mint = ANY($1::text[])`, [[...mints]]),
    rtWallet.length === 0
      ? Promise.resolve([])
      : sql.query<{ w: string; k: string }>(
          `SELECT DISTINCT k.w, k.mint || ':' || k.slot AS k
           FROM unnest($1::text[], $2::text[], $3::int8[]) AS k(w, mint, slot)
           JOIN swap s ON s.slot = k.slot AND s.trader <> k.w AND (s.mint_in = k.mint OR s.mint_out = k.mint)`,
          [rtWallet, rtMint, rtSlot],
        ),
    sql.query<{ wallet: string; funder: string; funded: string }>(
      `SELECT f.wallet, f.funder, (SELECT count(*) FROM wallet_funder g WHERE g.funder = f.funder) AS funded
       FROM wallet_funder f WHERE f.wallet = ANY($1::text[])`,
      [wallets],
    ),
    sql.query<{ wallet: string; mint: string; role: "dev" | "insider" }>(
      `SELECT wallet, mint, role FROM token_insider WHERE wallet = ANY($1::text[]) AND role IN ('dev', 'insider')`,
      [wallets],
    ),
  ]);
  const tokenFirstSlot = new Map(firsts.map((r) => [r.mint, Number(r.first_slot)]));
  const ctx = new Map<string, WalletContext>();
  const get = (w: string) => {
    let c = ctx.get(w);
    if (!c) ctx.set(w, (c = { tokenFirstSlot }));
    return c;
  };
  for (const w of wallets) get(w);
  for (const r of others) ((get(r.w).othersInSlot ??= new Set()) as Set<string>).add(r.k);
  for (const r of funders) get(r.wallet).funder = { address: r.funder, funded: Number(r.funded) };
  for (const r of insiders) ((get(r.wallet).insiderRoles ??= new Map()) as Map<string, "dev" | "insider">).set(r.mint, r.role);
  return ctx;
}

const iso = (sec: number | null) => (sec === null ? null : new Date(sec * 1000).toISOString());
/** Times go to Postgres as epoch seconds: parsing a float is far cheaper than an ISO string. */
const epoch = (sec: number | null) => sec;

async function writeScores(
  tx: SqlSession,
  wallets: readonly string[],
  scored: readonly (WalletScore & { positions: Map<string, Position> })[],
  nowSec: number,
  fresh: boolean,
): Promise<number> {
  if (!fresh) {
    await tx.query(`DELETE FROM wallet_position WHERE wallet = ANY($1::text[])`, [wallets]);
    // Wallets left without swaps (retention dropped them) lose their score too.
    const kept = new Set(scored.map((s) => s.address));
    const gone = wallets.filter((w) => !kept.has(w));
    if (gone.length) await tx.query(`DELETE FROM wallet_score WHERE wallet = ANY($1::text[])`, [gone]);
  }
  // Array literals built by pgArray: pg's own escaping of ~20 columns per position was the
  // largest JavaScript cost of the scoring marks stage.
  const cols: (string | number | null)[][] = Array.from({ length: 21 }, () => []);
  for (const s of scored) {
    for (const p of s.positions.values()) {
      const v = [
        s.address, p.mint, p.decimals, p.held.toString(), p.costedHeld.toString(), p.costSol, p.realizedSol,
        p.realizedUsd, p.unattributedSol, p.boughtSol, p.soldSol, p.buys, p.sells, p.firstBuySlot, epoch(p.firstBuyTime),
        p.lastSlot, epoch(p.lastTime), epoch(p.openSince), p.heldSecondsClosed, p.roundsClosed, p.closed ? "t" : "f",
      ];
      for (let i = 0; i < v.length; i++) cols[i]!.push(v[i]!);
    }
  }
  if (cols[0]!.length) {
    await tx.query(
      `INSERT INTO wallet_position (wallet, mint, decimals, held, costed_held, cost_sol, realized_sol, realized_usd,
         unattributed_sol, bought_sol, sold_sol, buys, sells, first_buy_slot, first_buy_time, last_slot, last_time,
         open_since, held_seconds_closed, rounds_closed, closed)
       SELECT w, m, d, h, ch, cs, rs, ru, us, bs, ss, b, s, fbs, to_timestamp(fbt), ls, to_timestamp(lt), to_timestamp(os), hs, rc, c
       FROM unnest($1::text[], $2::text[], $3::int2[], $4::numeric[], $5::numeric[], $6::float8[], $7::float8[],
         $8::float8[], $9::float8[], $10::float8[], $11::float8[], $12::int4[], $13::int4[], $14::int8[],
         $15::float8[], $16::int8[], $17::float8[], $18::float8[], $19::float8[], $20::int4[], $21::bool[])
         AS x(w, m, d, h, ch, cs, rs, ru, us, bs, ss, b, s, fbs, fbt, ls, lt, os, hs, rc, c)`,
      cols.map(pgArray),
    );
  }
  if (scored.length) {
    await tx.query(
      `INSERT INTO wallet_score (wallet, score, confidence, tier, labels, cluster_id, parts, metrics, swaps, computed_at)
       SELECT w, sc, cf, t, l, c, p, m, n, $10::timestamptz
       FROM unnest($1::text[], $2::float8[], $3::float8[], $4::text[], $5::jsonb[], $6::text[], $7::jsonb[], $8::jsonb[], $9::int4[])
         AS x(w, sc, cf, t, l, c, p, m, n)
       ON CONFLICT (wallet) DO UPDATE SET score = EXCLUDED.score, confidence = EXCLUDED.confidence, tier = EXCLUDED.tier,
         labels = EXCLUDED.labels, cluster_id = EXCLUDED.cluster_id, parts = EXCLUDED.parts, metrics = EXCLUDED.metrics,
         swaps = EXCLUDED.swaps, computed_at = EXCLUDED.computed_at`,
      [
        pgArray(scored.map((s) => s.address)),
        pgArray(scored.map((s) => s.score)),
        pgArray(scored.map((s) => s.confidence)),
        pgArray(scored.map((s) => s.tier)),
        pgArray(scored.map((s) => JSON.stringify(s.labels))),
        pgArray(scored.map((s) => s.clusterId)),
        pgArray(scored.map((s) => JSON.stringify(s.parts))),
        pgArray(scored.map((s) => JSON.stringify(s.metrics))),
        pgArray(scored.map((s) => s.metrics.swaps)),
        iso(nowSec),
      ],
    );
  }
  return cols[0]!.length;
}

export interface RescoreOptions {
  nowSec: number;
  settings: ScoreSettings;
  /** The tables were emptied first (full recompute): plain inserts, nothing to delete. */
  fresh?: boolean;
}

export type RescoreCounts = {
  wallets: number;
  swaps: number;
  positions: number;
};

/** Rescores one chunk of wallets from their stored swaps: one read, one write transaction. */
export async function rescoreWallets(sql: SqlRunner, wallets: readonly string[], o: RescoreOptions): Promise<RescoreCounts> {
  if (wallets.length === 0) return { wallets: 0, swaps: 0, positions: 0 };
  const trades = await loadWalletTrades(sql, wallets);
  const contexts = await loadContexts(sql, trades);
  const scored = [...trades].map(([w, ts]) => scoreWallet(w, ts, o.nowSec, contexts.get(w), o.settings));
  const positions = await sql.transaction((tx) => writeScores(tx, wallets, scored, o.nowSec, o.fresh ?? false));
  return { wallets: scored.length, swaps: scored.reduce((a, s) => a + s.metrics.swaps, 0), positions };
}

export interface FullRescoreOptions {
  nowSec: number;
  chunk?: number;
  /** Chunks in flight at once (reading one while folding and writing another). */
  concurrency?: number;
  onProgress?: (done: number, total: number) => void;
  /**
   * Rewrite rows chunk by chunk instead of emptying the tables first: slower, but readers (the
   * /wallet card, the alert rules) keep seeing scores throughout. The scheduled run uses it.
   */
  inPlace?: boolean;
}

/**
 * Rescores every wallet with stored swaps. By default from emptied tables (fastest; readers see
 * empty tables until it ends, as one transaction would hold 10⁶ rows of locks and WAL); with
 * `inPlace`, chunk by chunk over the live rows, then wallets left without swaps are removed.
 */
export async function fullRescore(sql: SqlRunner, o: FullRescoreOptions): Promise<RescoreCounts> {
  const settings = await loadScoreSettings(sql);
  const wallets = (await sql.query<{ trader: string }>(`SELECT DISTINCT trader FROM swap ORDER BY trader`)).map((r) => r.trader);
  if (!o.inPlace) await sql.exec(`TRUNCATE wallet_position, wallet_score`);
  const chunk = o.chunk ?? 2000;
  const total: RescoreCounts = { wallets: 0, swaps: 0, positions: 0 };
  let next = 0;
  const lane = async () => {
    for (;;) {
      const start = next;
      next += chunk;
      if (start >= wallets.length) return;
      const c = await rescoreWallets(sql, wallets.slice(start, start + chunk), { nowSec: o.nowSec, settings, fresh: !o.inPlace });
      total.wallets += c.wallets;
      total.swaps += c.swaps;
      total.positions += c.positions;
      o.onProgress?.(total.wallets, wallets.length);
    }
  };
  await Promise.all(Array.from({ length: o.concurrency ?? 2 }, lane));
  if (o.inPlace) {
    // Wallets whose swaps retention dropped entirely.
    await sql.exec(
      `DELETE FROM wallet_position p WHERE NOT EXISTS (SELECT 1 FROM swap s WHERE s.trader = p.wallet);
       DELETE FROM wallet_score w WHERE NOT EXISTS (SELECT 1 FROM swap s WHERE s.trader = w.wallet)`,
    );
  }
  return total;
}

interface ScoreRow {
  wallet: string;
  score: number;
  confidence: number;
  tier: string | null;
  labels: string[];
  cluster_id: string | null;
}

/** The alert rules' view of wallets, from wallet_score; unknown wallets are simply absent. */
export function walletProfileReader(sql: SqlSession): WalletProfileReader {
  return async (addresses) => {
    const out = new Map<string, WalletProfile>();
    if (addresses.length === 0) return out;
    const rows = await sql.query<ScoreRow>(
      `SELECT wallet, score, confidence, tier, labels, cluster_id FROM wallet_score WHERE wallet = ANY($1::text[])`,
      [addresses],
    );
    for (const r of rows) {
      out.set(r.wallet, {
        address: r.wallet,
        tier: (r.tier as WalletTier | null) ?? null,
        score: r.score,
        confidence: r.confidence,
        labels: r.labels as WalletLabel[],
        clusterId: r.cluster_id,
      });
    }
    return out;
  };
}

/** Latest SOL price per mint; the default reads token_seen, a token-stats reader may replace it. */
export type PriceSource = (mints: readonly string[]) => Promise<Map<string, number>>;

export function latestSwapPrices(sql: SqlSession): PriceSource {
  return async (mints) => {
    if (mints.length === 0) return new Map();
    const rows = await sql.query<{ mint: string; price: number }>(
      `SELECT mint, last_price_sol AS price FROM token_seen WHERE mint = ANY($1::text[]) AND last_price_sol IS NOT NULL`,
      [mints],
    );
    return new Map(rows.map((r) => [r.mint, r.price]));
  };
}

/**
 * Keeps token_seen (first slot, latest price) from a stored batch: one statement, rows in mint
 * order so two batches upserting the same mints lock them in the same order (no deadlock).
 */
export async function recordTokenSeen(sql: SqlSession, swaps: readonly Swap[]): Promise<void> {
  const seen = new Map<string, { first: number; firstTime: number | null; last: number; sol: number | null; usd: number | null }>();
  for (const s of swaps) {
    const inQuote = QUOTE_MINTS.has(s.mintIn);
    if (inQuote === QUOTE_MINTS.has(s.mintOut)) continue;
    const mint = inQuote ? s.mintOut : s.mintIn;
    const e = seen.get(mint);
    if (!e) {
      seen.set(mint, { first: s.slot, firstTime: s.blockTime, last: s.slot, sol: s.priceSol, usd: s.priceUsd });
      continue;
    }
    if (s.slot < e.first) {
      e.first = s.slot;
      e.firstTime = s.blockTime;
    }
    if (s.slot >= e.last && s.priceSol !== null) {
      e.last = s.slot;
      e.sol = s.priceSol;
      e.usd = s.priceUsd;
    }
  }
  if (seen.size === 0) return;
  const mints = [...seen.keys()].sort();
  const rows = mints.map((m) => seen.get(m)!);
  await sql.query(
    `INSERT INTO token_seen (mint, first_slot, first_time, last_slot, last_price_sol, last_price_usd)
     SELECT * FROM unnest($1::text[], $2::int8[], $3::timestamptz[], $4::int8[], $5::float8[], $6::float8[])
     ON CONFLICT (mint) DO UPDATE SET
       first_slot = LEAST(token_seen.first_slot, EXCLUDED.first_slot),
       first_time = CASE WHEN EXCLUDED.first_slot < token_seen.first_slot THEN EXCLUDED.first_time ELSE token_seen.first_time END,
       last_slot = GREATEST(token_seen.last_slot, EXCLUDED.last_slot),
       last_price_sol = CASE WHEN EXCLUDED.last_slot >= token_seen.last_slot AND EXCLUDED.last_price_sol IS NOT NULL
                             THEN EXCLUDED.last_price_sol ELSE token_seen.last_price_sol END,
       last_price_usd = CASE WHEN EXCLUDED.last_slot >= token_seen.last_slot AND EXCLUDED.last_price_sol IS NOT NULL
                             THEN EXCLUDED.last_price_usd ELSE token_seen.last_price_usd END
     WHERE EXCLUDED.first_slot < token_seen.first_slot OR EXCLUDED.last_slot >= token_seen.last_slot`,
    [mints, rows.map((r) => r.first), rows.map((r) => iso(r.firstTime)), rows.map((r) => r.last), rows.map((r) => r.sol), rows.map((r) => r.usd)],
  );
}
