/**
 * Rescoring wallets. Each wallet's positions and activity are a fold over its swaps in chain
 * order, stored with a watermark (core/data/wallet-folds.ts). The incremental run resumes a
 * changed wallet's fold and folds only the swaps after its watermark, then recomputes the
 * wallet's figures from its positions (a few rows), not from its swaps. The full recompute
 * reads every swap once in chain order into typed columns, regroups them by wallet and folds,
 * scores and writes wallet by wallet. Both end in the same state because a resumed fold
 * continues exactly where a fold over every swap would be.
 *
 * Trap: `nowSec` fixes the 1d/7d/30d windows. Two runs agree only at the same clock; the job
 * passes the wall clock, the tests a fixed one.
 */
import { tradesFromSwap, type PnlOptions } from "../domain/pnl.js";
import { QUOTE_MINTS, type Swap } from "../domain/swap.js";
import { WalletFold } from "../domain/wallet-fold.js";
import {
  mergeScoreSettings,
  scoreFold,
  type ScoreSettings,
  type WalletContext,
  type WalletScore,
} from "../domain/wallet-score.js";
import type { WalletLabel, WalletProfile, WalletProfileReader, WalletTier } from "../domain/wallet-profile.js";
import type { WalletChange } from "./changed-wallets.js";
import type { SqlRunner, SqlSession } from "./db.js";
import {
  CHAIN_ORDER_SQL,
  advance,
  loadStoredWallets,
  loadSwapRows,
  positionColumns,
  pushPosition,
  writeFolds,
  writePositions,
  type FoldRow,
  type StoredWallet,
  type SwapRow,
  type Watermark,
} from "./wallet-folds.js";
import { pgArray } from "./pg-array.js";
import { SWAP_COPY_COLUMNS, SwapColumns } from "./swap-columns.js";
import { CopyText } from "./pg-copy.js";
import { copyWalletRows, positionCopyLine } from "./wallet-copy.js";

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

/** What scoring needs beyond the wallets' own folds, for a chunk at once. */
async function loadContexts(
  sql: SqlSession,
  folds: ReadonlyMap<string, WalletFold>,
  allFirstSlots?: ReadonlyMap<string, number>,
): Promise<Map<string, WalletContext>> {
  const wallets = [...folds.keys()];
  const mints = new Set<string>();
  // Same-slot round trips: the only slots where another wallet's trade matters (sandwiches).
  const rtWallet: string[] = [];
  const rtMint: string[] = [];
  const rtSlot: number[] = [];
  for (const [w, f] of folds) {
    if (!allFirstSlots) for (const m of f.books.keys()) mints.add(m);
    for (const k of f.activity.roundTrips) {
      const at = k.lastIndexOf(":");
      rtWallet.push(w);
      rtMint.push(k.slice(0, at));
      rtSlot.push(Number(k.slice(at + 1)));
    }
  }
  const [firsts, others, funders, insiders] = await Promise.all([
    allFirstSlots
      ? Promise.resolve([])
      : sql.query<{ mint: string; first_slot: string }>(`SELECT mint, first_slot FROM token_seen WHERE mint = ANY($1::text[])`, [[...mints]]),
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
  const tokenFirstSlot = allFirstSlots ?? new Map(firsts.map((r) => [r.mint, Number(r.first_slot)]));
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

async function writeScores(tx: SqlSession, scored: readonly WalletScore[], nowSec: number): Promise<void> {
  if (scored.length === 0) return;
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

/** A wallet's fold and how far it got. */
interface FoldedWallet {
  fold: WalletFold;
  watermark: Watermark;
  /** Positions were rebuilt from nothing: the stored ones are replaced, not updated. */
  rebuilt: boolean;
}

export interface RescoreOptions {
  nowSec: number;
  settings: ScoreSettings;
  /**
   * Tokens' first slots (token_seen) already read, shared by the chunks of one run: each chunk
   * reads only the mints it lacks (the chunks of a run hold nearly the same few thousand mints).
   */
  tokenFirstSlots?: Map<string, number>;
}

/** Adds the first slots of `folded`'s mints that `known` lacks, from token_seen. */
async function addFirstSlots(sql: SqlSession, folded: ReadonlyMap<string, FoldedWallet>, known: Map<string, number>): Promise<void> {
  const missing = new Set<string>();
  for (const f of folded.values()) for (const m of f.fold.books.keys()) if (!known.has(m)) missing.add(m);
  if (missing.size === 0) return;
  const rows = await sql.query<{ mint: string; first_slot: string }>(
    `SELECT mint, first_slot FROM token_seen WHERE mint = ANY($1::text[])`,
    [pgArray([...missing])],
  );
  for (const r of rows) known.set(r.mint, Number(r.first_slot));
}

export type RescoreCounts = {
  wallets: number;
  /** Swap rows folded. */
  swaps: number;
  /** Position rows written. */
  positions: number;
  /** Wallets folded again from their first swap (new, late swaps, or a changed cost method). */
  rebuilt: number;
};

/**
 * Scores folded wallets and writes their positions (all of a rebuilt wallet, else only those
 * the new swaps touched), folds and scores in one transaction. `gone`: wallets left without
 * swaps (retention dropped them), whose rows are removed.
 */
async function scoreAndWrite(
  sql: SqlRunner,
  folded: ReadonlyMap<string, FoldedWallet>,
  gone: readonly string[],
  o: RescoreOptions & { fresh?: boolean; firstSlots?: ReadonlyMap<string, number> },
): Promise<number> {
  const folds = new Map([...folded].map(([w, f]) => [w, f.fold]));
  const contexts = await loadContexts(sql, folds, o.firstSlots);
  const scored: WalletScore[] = [];
  const cols = positionColumns();
  const foldRows: FoldRow[] = [];
  const rebuilt: string[] = [];
  for (const [w, f] of folded) {
    scored.push(scoreFold(w, f.fold, o.nowSec, contexts.get(w), o.settings));
    if (f.rebuilt) rebuilt.push(w);
    for (const mint of f.rebuilt || !f.fold.touched ? f.fold.books.keys() : f.fold.touched) {
      const b = f.fold.books.get(mint)!;
      pushPosition(cols, w, b.position, b.lots);
    }
    foldRows.push({ wallet: w, watermark: f.watermark, method: o.settings.method, activity: f.fold.activity });
  }
  return sql.transaction(async (tx) => {
    if (!o.fresh) {
      const cleared = [...rebuilt, ...gone];
      if (cleared.length) await tx.query(`DELETE FROM wallet_position WHERE wallet = ANY($1::text[])`, [cleared]);
      if (gone.length) {
        await tx.query(`DELETE FROM wallet_score WHERE wallet = ANY($1::text[])`, [gone]);
        await tx.query(`DELETE FROM wallet_fold WHERE wallet = ANY($1::text[])`, [gone]);
      }
    }
    const n = await writePositions(tx, cols, !o.fresh);
    await writeFolds(tx, foldRows);
    await writeScores(tx, scored, o.nowSec);
    return n;
  });
}

/**
 * Rescores changed wallets by folding only their new swaps into their stored state: one read of
 * folds and positions, one of the swaps after each watermark, one write transaction. A wallet
 * is rebuilt from its first swap instead when it has no stored fold, was folded with another
 * cost method, or got a swap older than its watermark (a late or out-of-order swap).
 */
export async function rescoreChanged(sql: SqlRunner, changed: readonly WalletChange[], o: RescoreOptions): Promise<RescoreCounts> {
  const counts: RescoreCounts = { wallets: 0, swaps: 0, positions: 0, rebuilt: 0 };
  if (changed.length === 0) return counts;
  const wallets = changed.map((c) => c.wallet);
  const stored = await loadStoredWallets(sql, wallets);
  const pnl = { method: o.settings.method };
  const resumable = (c: WalletChange): StoredWallet | null => {
    const s = stored.get(c.wallet);
    return s && s.books && s.method === o.settings.method && c.minSlot >= s.watermark.slot ? s : null;
  };
  const rows = await loadSwapRows(sql, wallets, changed.map((c) => resumable(c)?.watermark.slot ?? 0));
  const folded = new Map<string, FoldedWallet>();
  const again: string[] = [];
  for (const c of changed) {
    const s = resumable(c);
    const list = rows.get(c.wallet) ?? [];
    if (s) {
      // The rows of the watermark's slot must be exactly the ones folded, else one came late.
      let at = 0;
      while (at < list.length && list[at]!.slot === s.watermark.slot) at++;
      if (at === s.watermark.rows) {
        const fold = new WalletFold(pnl, { activity: s.activity, books: s.books! });
        const watermark = { ...s.watermark };
        for (let i = at; i < list.length; i++) foldRow(fold, watermark, list[i]!);
        folded.set(c.wallet, { fold, watermark, rebuilt: false });
        counts.swaps += list.length - at;
        continue;
      }
      again.push(c.wallet);
      continue;
    }
    if (list.length) folded.set(c.wallet, rebuild(list, pnl));
    counts.swaps += list.length;
  }
  if (again.length) {
    const all = await loadSwapRows(sql, again, again.map(() => 0));
    for (const w of again) {
      const list = all.get(w) ?? [];
      if (list.length) folded.set(w, rebuild(list, pnl));
      counts.swaps += list.length;
    }
  }
  const gone = wallets.filter((w) => !folded.has(w));
  const firstSlots = o.tokenFirstSlots ?? new Map<string, number>();
  await addFirstSlots(sql, folded, firstSlots);
  counts.positions = await scoreAndWrite(sql, folded, gone, { ...o, firstSlots });
  counts.wallets = folded.size;
  for (const f of folded.values()) if (f.rebuilt) counts.rebuilt++;
  return counts;
}

/**
 * Rebuilds `wallets` from all their stored swaps now (an on-demand backfill stored history older
 * than what their stored state folded, so resuming would be wrong).
 */
export function rescoreWallets(sql: SqlRunner, wallets: readonly string[], o: RescoreOptions): Promise<RescoreCounts> {
  return rescoreChanged(sql, wallets.map((wallet) => ({ wallet, minSlot: 0 })), o);
}

function rebuild(list: readonly SwapRow[], pnl: PnlOptions): FoldedWallet {
  const fold = new WalletFold(pnl);
  const watermark: Watermark = { slot: -1, rows: 0 };
  for (const r of list) foldRow(fold, watermark, r);
  return { fold, watermark, rebuilt: true };
}

/** Folds one stored swap row into a wallet and moves its watermark past the row. */
function foldRow(fold: WalletFold, watermark: Watermark, row: SwapRow): void {
  for (const t of row.trades) fold.apply(t);
  advance(watermark, row.slot);
}

export interface FullRescoreOptions {
  nowSec: number;
  /** Wallets per write. */
  chunk?: number;
  /** Writes in flight at once, per shard. */
  concurrency?: number;
  /** Without COPY (PGlite): swap rows per read (a slot range sized to about this many). */
  readRows?: number;
  onProgress?: (phase: "read" | "write", done: number, total: number) => void;
  /**
   * Rewrite rows chunk by chunk instead of emptying the tables first: slower, but readers (the
   * /wallet card, the alert rules) keep seeing scores throughout. The scheduled run uses it.
   */
  inPlace?: boolean;
  /**
   * Fold in this many worker threads, each over its share of the wallets (by a hash of the
   * address) with its own connections to `databaseUrl`. Without it, everything runs here.
   */
  threads?: { count: number; databaseUrl: string };
}

/** One share of the wallets: those whose address hashes to `index` of `count`. */
export interface Shard {
  index: number;
  count: number;
}

export interface ShardOptions {
  nowSec: number;
  settings: ScoreSettings;
  fresh: boolean;
  chunk?: number;
  concurrency?: number;
  readRows?: number;
  onProgress?: FullRescoreOptions["onProgress"];
}

/** The shard's filter on swap rows (none for a single shard). */
const shardFilter = (shard: Shard) => (shard.count > 1 ? `(hashtext(trader) & 2147483647) % ${shard.count} = ${shard.index}` : "TRUE");

/**
 * Every swap of one shard's wallets, in chain order, into columns: one COPY of the whole table in
 * primary-key order (read in order from the index rather than wallet by wallet all over the
 * heap), binary so that no number is printed and parsed again. Without COPY (PGlite), slot ranges
 * of ordinary rows.
 */
async function readShard(sql: SqlRunner, shard: Shard, o: ShardOptions): Promise<SwapColumns> {
  // The planner's row estimate sizes the columns: growing them by doubling would copy them and
  // could leave nearly half unused.
  const [bounds] = await sql.query<{ lo: string | null; hi: string | null; rows: number | null }>(
    `SELECT min(slot) AS lo, max(slot) AS hi,
       (SELECT sum(greatest(c.reltuples, 0))::float8 FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
        WHERE i.inhparent = 'swap'::regclass) AS rows
     FROM swap`,
  );
  const estimate = ((bounds?.rows ?? 0) / shard.count) * 1.02;
  const cols = new SwapColumns(Math.max(1 << 12, Math.min(1 << 24, Math.ceil(estimate))));
  if (bounds?.lo == null || bounds.hi == null) return cols;
  const lo = Number(bounds.lo);
  const hi = Number(bounds.hi);
  const mine = shardFilter(shard);
  const report = () => o.onProgress?.("read", Math.min(cols.length ? cols.slot[cols.length - 1]! + 1 : lo, hi + 1) - lo, hi + 1 - lo);
  if (sql.copyTo) {
    let header = true;
    await sql.transaction(async (tx) => {
      // The planner takes the shard filter for a 0.5% one and would sort the whole table in
      // parallel workers; the primary key's order is already chain order, read straight from it.
      await tx.exec(`SET LOCAL enable_sort = off; SET LOCAL max_parallel_workers_per_gather = 0`);
      await tx.copyTo!(
        `COPY (SELECT ${SWAP_COPY_COLUMNS} FROM swap WHERE slot <= ${hi} AND ${mine} ORDER BY ${CHAIN_ORDER_SQL}) TO STDOUT (FORMAT binary)`,
        (row) => {
          cols.pushCopyRow(row, header);
          header = false;
          if ((cols.length & 0xffff) === 0) report();
        },
      );
    });
    o.onProgress?.("read", hi + 1 - lo, hi + 1 - lo);
    return cols;
  }
  // Slots per read, tuned as it goes so a read holds about `readRows` rows of the shard.
  const target = o.readRows ?? 100_000;
  let step = 1_000;
  for (let from = lo; from <= hi; ) {
    const to = Math.min(from + step, hi + 1);
    const rows = await sql.query<{
      trader: string;
      mint_in: string;
      amount_in: string;
      decimals_in: number;
      mint_out: string;
      amount_out: string;
      decimals_out: number;
      price_sol: number | null;
      price_usd: number | null;
      slot: string;
      t: string | null;
    }>(
      `SELECT ${SWAP_COPY_COLUMNS.replace("block_time", "floor(date_part('epoch', block_time))::int8 AS t")}
       FROM swap WHERE slot >= $1 AND slot < $2 AND ${mine} ORDER BY ${CHAIN_ORDER_SQL}`,
      [from, to],
    );
    for (const r of rows) {
      cols.push(
        cols.walletId(r.trader),
        cols.mintId(r.mint_in),
        BigInt(r.amount_in),
        r.decimals_in,
        cols.mintId(r.mint_out),
        BigInt(r.amount_out),
        r.decimals_out,
        r.price_sol,
        r.price_usd,
        Number(r.slot),
        r.t === null ? null : Number(r.t),
      );
    }
    step = Math.max(1, Math.min(1_000_000, Math.round(((to - from) * target) / Math.max(rows.length, 1))));
    from = to;
    report();
  }
  return cols;
}

/** Folds rows `order[from]` … `order[to - 1]` of `cols` (one wallet's, in chain order) from nothing. */
function foldColumns(cols: SwapColumns, order: Int32Array, from: number, to: number, pnl: PnlOptions): FoldedWallet {
  const fold = new WalletFold(pnl);
  const watermark: Watermark = { slot: -1, rows: 0 };
  for (let k = from; k < to; k++) {
    const i = order[k]!;
    for (const t of tradesFromSwap(cols.swap(i))) fold.apply(t);
    advance(watermark, cols.slot[i]!);
  }
  return { fold, watermark, rebuilt: true };
}

/**
 * Scores a chunk of wallets folded from nothing and copies their rows into the emptied tables,
 * in one transaction: the fresh full rescore's `scoreAndWrite`.
 */
async function scoreAndCopy(
  sql: SqlRunner,
  folded: ReadonlyMap<string, FoldedWallet>,
  o: RescoreOptions & { firstSlots: ReadonlyMap<string, number> },
): Promise<number> {
  const folds = new Map([...folded].map(([w, f]) => [w, f.fold]));
  const contexts = await loadContexts(sql, folds, o.firstSlots);
  const scored: WalletScore[] = [];
  const positions = new CopyText();
  let n = 0;
  const foldRows: FoldRow[] = [];
  for (const [w, f] of folded) {
    scored.push(scoreFold(w, f.fold, o.nowSec, contexts.get(w), o.settings));
    for (const b of f.fold.books.values()) {
      positions.push(positionCopyLine(w, b.position, b.lots));
      n++;
    }
    foldRows.push({ wallet: w, watermark: f.watermark, method: o.settings.method, activity: f.fold.activity });
  }
  await sql.transaction(async (tx) => {
    // Nothing waits on this chunk being on disk: a crash loses the run anyway (the tables were
    // emptied), and the next run starts over.
    await tx.exec(`SET LOCAL synchronous_commit = off`);
    await copyWalletRows(tx, positions.bytes(), foldRows, scored, o.nowSec);
  });
  return n;
}

/**
 * Rebuilds the folds, positions and scores of one shard's wallets: every swap of the shard is
 * read once into columns (`readShard`), regrouped by wallet, and each chunk of wallets is folded,
 * scored and written while the previous chunk's write runs in Postgres. Only a chunk's folds are
 * ever alive at once.
 */
export async function rescoreShard(sql: SqlRunner, shard: Shard, o: ShardOptions): Promise<RescoreCounts> {
  const pnl = { method: o.settings.method };
  const cols = await readShard(sql, shard, o);
  const counts: RescoreCounts = { wallets: 0, swaps: cols.length, positions: 0, rebuilt: 0 };
  const firstSlots = new Map(
    (await sql.query<{ mint: string; first_slot: string }>(`SELECT mint, first_slot FROM token_seen`)).map((r) => [r.mint, Number(r.first_slot)]),
  );
  const { order, start } = cols.byWallet();
  const names = cols.wallets;
  // Address order: neighbouring writes land on neighbouring index pages.
  const ids = Array.from(names.keys()).sort((a, b) => (names[a]! < names[b]! ? -1 : names[a]! > names[b]! ? 1 : 0));
  const copy = o.fresh && sql.copyFrom !== undefined;
  const chunk = o.chunk ?? 2000;
  let next = 0;
  const lane = async () => {
    for (;;) {
      const from = next;
      next += chunk;
      if (from >= ids.length) return;
      const part = new Map<string, FoldedWallet>();
      for (const w of ids.slice(from, from + chunk)) part.set(names[w]!, foldColumns(cols, order, start[w]!, start[w + 1]!, pnl));
      const written = copy
        ? await scoreAndCopy(sql, part, { nowSec: o.nowSec, settings: o.settings, firstSlots })
        : await scoreAndWrite(sql, part, [], { nowSec: o.nowSec, settings: o.settings, fresh: o.fresh, firstSlots });
      counts.positions += written;
      counts.wallets += part.size;
      o.onProgress?.("write", counts.wallets, ids.length);
    }
  };
  await Promise.all(Array.from({ length: o.concurrency ?? 2 }, lane));
  counts.rebuilt = counts.wallets;
  return counts;
}

/**
 * Rescores every wallet with stored swaps, rebuilding every fold (see `rescoreShard`), in one
 * shard here or in `threads`. By default into emptied tables (fastest; readers see empty tables
 * until it ends); with `inPlace`, over the live rows, then wallets left without swaps are removed.
 */
export async function fullRescore(sql: SqlRunner, o: FullRescoreOptions): Promise<RescoreCounts> {
  const settings = await loadScoreSettings(sql);
  if (!o.inPlace) await sql.exec(`TRUNCATE wallet_position, wallet_score, wallet_fold`);
  const base: ShardOptions = {
    nowSec: o.nowSec,
    settings,
    fresh: !o.inPlace,
    chunk: o.chunk,
    concurrency: o.concurrency,
    readRows: o.readRows,
    onProgress: o.onProgress,
  };
  let counts: RescoreCounts;
  if (o.threads && o.threads.count > 1) {
    const { rescoreInThreads } = await import("./wallet-rescore-threads.js");
    counts = await rescoreInThreads(o.threads.databaseUrl, o.threads.count, base);
  } else counts = await rescoreShard(sql, { index: 0, count: 1 }, base);
  if (o.inPlace) {
    // Wallets whose swaps retention dropped entirely.
    await sql.exec(
      `DELETE FROM wallet_position p WHERE NOT EXISTS (SELECT 1 FROM swap s WHERE s.trader = p.wallet);
       DELETE FROM wallet_fold f WHERE NOT EXISTS (SELECT 1 FROM swap s WHERE s.trader = f.wallet);
       DELETE FROM wallet_score w WHERE NOT EXISTS (SELECT 1 FROM swap s WHERE s.trader = w.wallet)`,
    );
  }
  // Fresh statistics now, not whenever autovacuum gets to it: with none after refilling emptied
  // tables, the incremental run's reads by wallet were planned as sequential scans of every
  // position (bench: 2,000 wallets' positions in ~4 s instead of milliseconds).
  await sql.exec(`ANALYZE wallet_position, wallet_fold, wallet_score`);
  return counts;
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
