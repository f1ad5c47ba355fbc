/**
 * scoring: a full rescore of every wallet from stored swaps, and incremental rescoring keeping up
 * with new swaps, on the real Postgres and Redis, through the production code paths
 * (`fullRescore`, the swap-batch consumer, `runIncrementalScoring`).
 *
 * BENCH_SCORING_GENERATE_ONLY=1 stops after making sure the data exists. BENCH_SCORING_DB names
 * the database; BENCH_SCORING_INCREMENTAL_ONLY=1 times only the incremental run (see below);
 * BENCH_SCORING_CHUNK sets its wallets per chunk (2,000).
 *
 * Data: BENCH_SCORING_SWAPS swaps (default 10 million) by BENCH_SCORING_WALLETS wallets (default
 * 100,000) over 5,000 tokens, generated inside Postgres with generate_series in the shape of a
 * real Pump.fun swap from the fixtures (its program, dex, decimals and price level): each
 * wallet trades ~10 tokens in rounds of buys and partial and full sells at prices that drift, so
 * wins, losses, open and closed positions all occur. Generation is slow (minutes) and untimed;
 * the data is kept in the database `pumpspace_bench_scoring` and reused while its size matches.
 *
 * Incremental: BENCH_SCORING_NEW new swaps (default 50,000: five seconds at 10,000 swaps/s, one
 * scoring tick) by wallets drawn with a skew (a few wallets trade much more than most, as on
 * mainnet) are stored, the consumer marks their wallets, and the timed part is one incremental
 * run that rescores them. incrementalSwapsPerSec = new swaps / that run's seconds. The *CpuSec
 * figures are this process's CPU time (every thread): steadier than wall time on a busy machine;
 * fullRescorePostgresCpuSec adds the CPU of this database's Postgres backends (sampled from /proc,
 * so a floor). BENCH_SCORING_FULL_ONLY=1 stops after the full rescore (incremental figures null).
 */
import { readFileSync } from "node:fs";
import pg from "pg";
import { Redis } from "ioredis";
import { ChangedWallets } from "../core/data/changed-wallets.js";
import { connectPostgres } from "../core/data/db.js";
import { migrate } from "../core/data/migrate.js";
import { SLOTS_PER_PARTITION, SwapPartitions, partitionName, partitionOf } from "../core/data/swap-partitions.js";
import { insertSwaps } from "../core/data/swap-store.js";
import { fullRescore } from "../core/data/wallet-scores.js";
import { decodeSwaps } from "../core/domain/decoders/index.js";
import { WSOL_MINT, type Swap } from "../core/domain/swap.js";
import { fromRpcTransaction } from "../core/domain/transaction.js";
import { IncrementalLanes } from "../core/data/wallet-incremental-threads.js";
import { runIncrementalScoring, walletScoringConsumer } from "../workers/processors/wallet-scoring.js";
import { transactionTexts } from "./fixtures.js";
import { round } from "./stats.js";

const ADMIN = process.env.BENCH_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const REDIS = process.env.BENCH_REDIS_URL ?? "redis://127.0.0.1:6379";
/** Another database name lets two runs (say, one working on the full rescore) not share one. */
const DB_NAME = process.env.BENCH_SCORING_DB ?? "pumpspace_bench_scoring";
/**
 * With BENCH_SCORING_INCREMENTAL_ONLY=1, the full rescore runs only when no snapshot of its
 * result is kept (bench_snap_* tables in the bench database); each run first puts the rows of the
 * wallets it rescores back as the full rescore left them, so runs start from the same state.
 */
const INCREMENTAL_ONLY = process.env.BENCH_SCORING_INCREMENTAL_ONLY === "1";
const SNAPSHOT_TABLES = ["wallet_fold", "wallet_position", "wallet_score"] as const;
const SWAPS = Number(process.env.BENCH_SCORING_SWAPS ?? 10_000_000);
const WALLETS = Number(process.env.BENCH_SCORING_WALLETS ?? 100_000);
const NEW_SWAPS = Number(process.env.BENCH_SCORING_NEW ?? 50_000);
/** New swaps folded in an untimed run before the timed one (BENCH_SCORING_WARMUP). */
const WARMUP_SWAPS = Number(process.env.BENCH_SCORING_WARMUP ?? 5_000);
/** Worker threads of the full rescore (the machine's 2 cores). */
const THREADS = Number(process.env.BENCH_SCORING_THREADS ?? 2);
const TOKENS = 5_000;
/** SOL per whole token around which prices drift: lots of 1k–50k tokens trade for 0.1–5 SOL. */
const PRICE_LEVEL = 1e-4;
const START_SLOT = 300_000_000;
const START_TIME = Date.UTC(2026, 9, 1) / 1000;
const log = (msg: string) => process.stderr.write(`scoring: ${msg}\n`);

/** The first Pump.fun buy in the fixtures: the shape every generated swap copies. */
async function template(): Promise<Swap> {
  for (const text of await transactionTexts()) {
    const raw = JSON.parse(text) as { slot?: number };
    const swaps = decodeSwaps(fromRpcTransaction(raw, raw.slot === undefined ? { slot: 1 } : {})).swaps;
    const s = swaps.find((x) => x.dex === "pumpfun" && x.mintIn === WSOL_MINT && x.priceSol !== null);
    if (s) return s;
  }
  throw new Error("no Pump.fun buy among the fixtures");
}

function dbUrl(name: string): string {
  const u = new URL(ADMIN);
  u.pathname = `/${name}`;
  return u.toString();
}

async function ensureDatabase(): Promise<void> {
  const c = new pg.Client({ connectionString: ADMIN });
  await c.connect();
  try {
    const r = await c.query(`SELECT 1 FROM pg_database WHERE datname = $1`, [DB_NAME]);
    if (r.rowCount === 0) await c.query(`CREATE DATABASE ${DB_NAME}`);
  } finally {
    await c.end();
  }
}

const marker = `bench-scoring-v2-${SWAPS}-${WALLETS}`;
/** Swap i lands in slot START_SLOT + i / SWAPS_PER_SLOT (integer division). */
const SWAPS_PER_SLOT = 20;
/** Rows per generating INSERT; two run at a time. */
const GENERATE_CHUNK = 1_000_000;

/**
 * Swap i is wallet (i mod W)'s k-th trade (k = i div W), so each wallet's trades spread over the
 * whole slot range in order. Trade k works on the wallet's token (k mod 10) in step (k div 10) of
 * a ten-step round pattern (amounts in units of a per-position lot):
 *   buy 1, buy 1, sell 1, sell 1 | buy 2, sell 1, buy 1, sell 2 | buy 1, sell 1
 * Prices drift per token and step, so rounds end in profit or loss.
 *
 * Loading speed (10 M rows took ~20 min through the partitioned table with its indexes): each
 * partition is filled as a detached UNLOGGED table with no index, two INSERT…SELECTs at a time,
 * wallet and mint addresses come from small lookup tables instead of four md5s a row, and the
 * primary key and trader index are built once per partition before it is attached, so the
 * schema at the end is the production one. UNLOGGED because this is a disposable cache: a crash
 * empties those partitions, and `run` then sees no swaps and generates again.
 */
async function generate(sql: ReturnType<typeof connectPostgres>["sql"], t: Swap): Promise<number> {
  const lastSlot = START_SLOT + Math.floor((SWAPS - 1) / SWAPS_PER_SLOT);
  const parts: { index: number; from: number; to: number; iFrom: number; iTo: number }[] = [];
  for (let p = partitionOf(START_SLOT); p <= partitionOf(lastSlot); p++) {
    const from = p * SLOTS_PER_PARTITION;
    const to = from + SLOTS_PER_PARTITION;
    parts.push({
      index: p,
      from,
      to,
      iFrom: Math.max(0, (from - START_SLOT) * SWAPS_PER_SLOT),
      iTo: Math.min(SWAPS, (to - START_SLOT) * SWAPS_PER_SLOT),
    });
  }
  await sql.exec(`TRUNCATE swap, wallet_position, wallet_score, token_seen; DELETE FROM ingest_cursor WHERE source LIKE 'bench-scoring%'`);
  await sql.exec(`CREATE INDEX IF NOT EXISTS swap_trader_slot_idx ON swap (trader, slot)`);
  for (const p of parts) {
    const name = partitionName(p.index);
    await sql.exec(
      `DROP TABLE IF EXISTS ${name};
       CREATE UNLOGGED TABLE ${name} (LIKE swap INCLUDING DEFAULTS)`,
    );
  }
  await sql.exec(
    `DROP TABLE IF EXISTS bench_wallet_name, bench_mint_name;
     CREATE UNLOGGED TABLE bench_wallet_name (w int8 PRIMARY KEY, name text NOT NULL);
     CREATE UNLOGGED TABLE bench_mint_name (m int8 PRIMARY KEY, name text NOT NULL);
     INSERT INTO bench_wallet_name SELECT w, 'W' || substr(md5('w' || w) || md5('v' || w), 1, 43) FROM generate_series(0, ${WALLETS - 1}) AS w;
     INSERT INTO bench_mint_name SELECT m, 'M' || substr(md5('m' || m) || md5('n' || m), 1, 43) FROM generate_series(0, ${TOKENS - 1}) AS m;
     ANALYZE bench_wallet_name; ANALYZE bench_mint_name`,
  );
  const chunks: { table: string; from: number; to: number }[] = [];
  for (const p of parts) {
    for (let from = p.iFrom; from < p.iTo; from += GENERATE_CHUNK) {
      chunks.push({ table: partitionName(p.index), from, to: Math.min(p.iTo, from + GENERATE_CHUNK) - 1 });
    }
  }
  let generated = 0;
  const fill = async () => {
    for (let c = chunks.shift(); c; c = chunks.shift()) {
      const chunk = c;
      await sql.session(async (s) => {
        await s.exec(`SET work_mem = '64MB'`);
        await s.query(
          `WITH g AS (
             SELECT i, i % $3 AS w, i / $3 AS k FROM generate_series($1::int8, $2::int8) AS i
           ), p AS (
             SELECT i, w, k, (w * 13 + (k % 10) * 101) % ${TOKENS} AS m, (k / 10) % 10 AS step,
                    1 + (abs(hashint8(w * 7919 + k % 10)::int8) % 50) AS lot
             FROM g
           ), q AS (
             SELECT *,
               (ARRAY[1,1,-1,-1,2,-1,1,-2,1,-1])[step + 1] AS units,
               $6::float8 * (1 + (m % 40) / 10.0) * exp(((abs(hashint8(m * 1000 + k)::int8) % 1000) / 1000.0 - 0.47) * 0.9) AS price
             FROM p
           )
           INSERT INTO ${chunk.table} (slot, signature, ix_path, block_time, dex, program_id, pool, trader, mint_in, amount_in,
                             decimals_in, mint_out, amount_out, decimals_out, price_sol, price_usd, source)
           SELECT s.slot, md5(i::text) || md5((-i)::text), '1', to_timestamp(${START_TIME} + (s.slot - ${START_SLOT}) * 0.4),
                  $4, $5, NULL, wn.name,
                  CASE WHEN units > 0 THEN '${WSOL_MINT}' ELSE mn.name END,
                  CASE WHEN units > 0 THEN s.lamports ELSE s.tokens END,
                  CASE WHEN units > 0 THEN 9 ELSE 6 END,
                  CASE WHEN units > 0 THEN mn.name ELSE '${WSOL_MINT}' END,
                  CASE WHEN units > 0 THEN s.tokens ELSE s.lamports END,
                  CASE WHEN units > 0 THEN 6 ELSE 9 END,
                  price, price * 150, 'replay'
           FROM (SELECT *, ${START_SLOT} + i / ${SWAPS_PER_SLOT} AS slot,
                        (abs(units) * lot * 1000000000)::numeric AS tokens,
                        greatest(1, round(abs(units) * lot * 1000 * price * 1e9))::numeric AS lamports
                 FROM q) s
           JOIN bench_wallet_name wn ON wn.w = s.w
           JOIN bench_mint_name mn ON mn.m = s.m`,
          [chunk.from, chunk.to, WALLETS, t.dex, t.programId, PRICE_LEVEL],
        );
      });
      generated += chunk.to - chunk.from + 1;
      log(`generated ${generated}/${SWAPS} swaps`);
    }
  };
  await Promise.all([fill(), fill()]);
  log("indexing and attaching partitions...");
  const pending = [...parts];
  const attach = async () => {
    for (let p = pending.shift(); p; p = pending.shift()) {
      const name = partitionName(p.index);
      // The range check lets ATTACH skip its validating scan; the indexes match the parent's,
      // so ATTACH adopts them instead of building new ones.
      await sql.session((s) =>
        s.exec(
          `SET maintenance_work_mem = '256MB';
           ALTER TABLE ${name} ADD CONSTRAINT ${name}_bench_range CHECK (slot >= ${p.from} AND slot < ${p.to});
           ALTER TABLE ${name} ADD CONSTRAINT ${name}_pkey PRIMARY KEY (slot, signature, ix_path);
           CREATE INDEX ${name}_trader_slot_idx ON ${name} (trader, slot)`,
        ),
      );
      log(`indexed ${name}`);
    }
  };
  await Promise.all([attach(), attach()]);
  for (const p of parts) {
    const name = partitionName(p.index);
    await sql.exec(
      `ALTER TABLE swap ATTACH PARTITION ${name} FOR VALUES FROM (${p.from}) TO (${p.to});
       ALTER TABLE ${name} DROP CONSTRAINT ${name}_bench_range`,
    );
  }
  await sql.exec(`DROP TABLE bench_wallet_name, bench_mint_name`);
  // As autovacuum would in time: sets the hint bits and visibility map, without which the first
  // reads of 10 M fresh rows write every page back (an ordered read of the table ran 20× slower).
  log("vacuum...");
  await sql.exec(`VACUUM (ANALYZE) swap`);
  log("token_seen...");
  // One hash aggregate over the swaps (no sort): the last price is the one with the largest slot.
  await sql.session(async (s) => {
    await s.exec(`SET work_mem = '64MB'`);
    await s.query(
      `INSERT INTO token_seen (mint, first_slot, first_time, last_slot, last_price_sol, last_price_usd)
       SELECT mint, min(slot), NULL, max(slot), (max(ARRAY[slot::float8, price_sol, price_usd]))[2], (max(ARRAY[slot::float8, price_sol, price_usd]))[3]
       FROM (SELECT CASE WHEN mint_in = $1 THEN mint_out ELSE mint_in END AS mint, slot, price_sol, price_usd FROM swap) x
       GROUP BY mint`,
      [WSOL_MINT],
    );
  });
  await sql.query(`INSERT INTO ingest_cursor (source, slot) VALUES ($1, $2)`, [marker, lastSlot + 1]);
  return lastSlot;
}

/**
 * CPU seconds (user + system) of the Postgres backends connected to `db`, from /proc: the
 * database's share of a run, which the process's own CPU time leaves out. null where /proc does
 * not show them (another machine, another user).
 */
async function backendCpuSec(sql: ReturnType<typeof connectPostgres>["sql"], db: string): Promise<Map<number, number> | null> {
  const { readFile } = await import("node:fs/promises");
  const pids = await sql.query<{ pid: number }>(`SELECT pid FROM pg_stat_activity WHERE datname = $1`, [db]);
  const ticks = 100; // USER_HZ on Linux
  const out = new Map<number, number>();
  try {
    for (const { pid } of pids) {
      const stat = await readFile(`/proc/${pid}/stat`, "utf8").catch(() => null);
      if (stat === null) continue;
      const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      out.set(pid, (Number(f[11]) + Number(f[12])) / ticks);
    }
  } catch {
    return null;
  }
  return out;
}

/** CPU the backends spent between two readings (backends that came and went in between are missed). */
function backendCpuSpent(before: Map<number, number> | null, after: Map<number, number> | null): number | null {
  if (!before || !after) return null;
  let sum = 0;
  for (const [pid, sec] of after) sum += sec - (before.get(pid) ?? 0);
  return sum;
}

/** User + system CPU seconds of this process (the Postgres side is not in it). */
const cpuSec = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1e6;

/** Peak RSS of this process, sampled while `fn` runs. */
async function peakRss<R>(fn: () => Promise<R>): Promise<{ result: R; peakMb: number }> {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 50);
  try {
    const result = await fn();
    return { result, peakMb: round((Math.max(peak, process.memoryUsage().rss)) / 2 ** 20) };
  } finally {
    clearInterval(timer);
  }
}

/** CPU seconds (user + system) a process has used, from /proc (Linux); null when unreadable. */
function procCpuSec(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    // utime and stime are fields 14 and 15 of stat (11 and 12 after the name), in ticks of 1/100 s.
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

/**
 * CPU seconds of this database's Postgres backends while `fn` runs: their pids from
 * pg_stat_activity every 200 ms, each backend's CPU as last seen (a backend that starts and ends
 * between two samples is missed, so this is a floor). Postgres runs on this machine here.
 */
async function postgresCpu<R>(sql: ReturnType<typeof connectPostgres>["sql"], fn: () => Promise<R>): Promise<{ result: R; pgCpuSec: number }> {
  const pids = async () =>
    (await sql.query<{ pid: number }>(`SELECT pid FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`, [DB_NAME])).map((r) => r.pid);
  const start = new Map<number, number>();
  for (const pid of await pids()) start.set(pid, procCpuSec(pid) ?? 0);
  const last = new Map<number, number>();
  let sampling = Promise.resolve();
  const sample = async () => {
    for (const pid of await pids()) {
      const cpu = procCpuSec(pid);
      if (cpu !== null) last.set(pid, cpu);
    }
  };
  const timer = setInterval(() => (sampling = sampling.then(sample, () => {})), 200);
  try {
    const result = await fn();
    clearInterval(timer);
    await sampling;
    await sample();
    let total = 0;
    for (const [pid, cpu] of last) total += cpu - (start.get(pid) ?? 0);
    return { result, pgCpuSec: round(total, 1) };
  } finally {
    clearInterval(timer);
  }
}

export async function run() {
  const t = await template();
  await ensureDatabase();
  const db = connectPostgres(dbUrl(DB_NAME), { max: 6 });
  const redis = new Redis(REDIS);
  const prefix = `bench-scoring-${process.pid}`;
  const changed = new ChangedWallets(redis, prefix);
  try {
    await migrate(db.sql);
    // A crash empties the UNLOGGED generated partitions while the marker stays: generate again.
    const have = await db.sql.query(`SELECT 1 FROM ingest_cursor WHERE source = $1 AND EXISTS (SELECT 1 FROM swap)`, [marker]);
    if (have.length === 0) {
      log(`generating ${SWAPS} swaps for ${WALLETS} wallets in ${DB_NAME} (once; kept for later runs)`);
      const g0 = performance.now();
      await generate(db.sql, t);
      log(`generated in ${round((performance.now() - g0) / 1000, 1)} s`);
    } else log(`reusing ${SWAPS} generated swaps in ${DB_NAME}`);
    if (process.env.BENCH_SCORING_GENERATE_ONLY === "1") return { generatedSwaps: SWAPS, wallets: WALLETS };
    const nowSec = START_TIME + Math.ceil(SWAPS * 0.05 * 0.4) + 3600;
    const slotAfter = Number((await db.sql.query<{ s: string }>(`SELECT max(slot) AS s FROM swap`))[0]!.s) + 1;

    const snapshotKept =
      INCREMENTAL_ONLY &&
      (await db.sql.query(`SELECT 1 FROM pg_class WHERE relname = 'bench_snap_wallet_score' AND relkind = 'r'`)).length > 0;
    let full: { result: Awaited<ReturnType<typeof fullRescore>>; peakMb: number } | null = null;
    let fullSec = 0;
    let fullCpu = 0;
    let readSec = 0;
    let fullPgCpu = 0;
    if (!snapshotKept) {
      log("full rescore...");
      const f0 = performance.now();
      const fCpu0 = process.cpuUsage();
      let lastLog = 0;
      const measured = await postgresCpu(db.sql, () =>
        peakRss(() =>
          fullRescore(db.sql, {
            nowSec,
            chunk: 2000,
            concurrency: 2,
            threads: { count: THREADS, databaseUrl: dbUrl(DB_NAME) },
            onProgress: (phase, done, total) => {
              if (phase === "read") readSec = (performance.now() - f0) / 1000;
              if (performance.now() - lastLog > 5000) {
                lastLog = performance.now();
                log(`full rescore: ${phase} ${done}/${total} ${phase === "read" ? "slots" : "wallets"}, ${round((performance.now() - f0) / 1000, 1)} s`);
              }
            },
          }),
        ),
      );
      full = measured.result;
      fullPgCpu = measured.pgCpuSec;
      fullSec = (performance.now() - f0) / 1000;
      fullCpu = cpuSec(process.cpuUsage(fCpu0));
      log(
        `full rescore: ${full.result.wallets} wallets, ${full.result.swaps} swaps, ${full.result.positions} positions in ${round(fullSec, 1)} s ` +
          `(CPU ${round(fullCpu, 1)} s here, ${fullPgCpu} s Postgres), peak RSS ${full.peakMb} MB`,
      );
      if (INCREMENTAL_ONLY) {
        for (const t of SNAPSHOT_TABLES) await db.sql.exec(`DROP TABLE IF EXISTS bench_snap_${t}; CREATE TABLE bench_snap_${t} AS SELECT * FROM ${t}`);
        await db.sql.exec(SNAPSHOT_TABLES.map((t) => `CREATE INDEX ON bench_snap_${t} (wallet)`).join(";"));
      }
    } else log("incremental only: reusing the kept full-rescore state");
    const fullFigures = {
      wallets: full?.result.wallets ?? null,
      swaps: full?.result.swaps ?? null,
      positions: full?.result.positions ?? null,
      fullRescoreThreads: THREADS,
      fullRescoreSec: full ? round(fullSec, 1) : null,
      fullRescoreReadSec: full ? round(readSec, 1) : null,
      fullRescoreCpuSec: full ? round(fullCpu, 1) : null,
      fullRescorePostgresCpuSec: full ? fullPgCpu : null,
      fullRescoreWalletsPerSec: full ? round(full.result.wallets / fullSec) : null,
      peakRssMb: full?.peakMb ?? null,
    };
    if (process.env.BENCH_SCORING_FULL_ONLY === "1") return { ...fullFigures, incrementalSwapsPerSec: null };

    // New swaps by a skewed draw of the existing wallets: rank^-0.8 weights (a Zipf-like tail).
    const traders = (await db.sql.query<{ trader: string }>(`SELECT wallet AS trader FROM wallet_score ORDER BY wallet`)).map((r) => r.trader);
    const weights = traders.map((_, i) => 1 / (i + 1) ** 0.8);
    const cum: number[] = [];
    weights.reduce((a, w, i) => (cum[i] = a + w), 0);
    const totalW = cum[cum.length - 1]!;
    let seed = 12345;
    const rnd = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
    const pick = () => {
      const x = rnd() * totalW;
      let lo = 0;
      let hi = cum.length - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (cum[mid]! < x) lo = mid + 1;
        else hi = mid;
      }
      return traders[lo]!;
    };
    const mints = (await db.sql.query<{ mint: string }>(`SELECT mint FROM token_seen ORDER BY mint LIMIT 500`)).map((r) => r.mint);
    const fresh: Swap[] = [];
    for (let i = 0; i < WARMUP_SWAPS + NEW_SWAPS; i++) {
      const mint = mints[Math.floor(rnd() * mints.length)]!;
      fresh.push({
        ...t,
        signature: `bench${process.pid}x${i}`.padEnd(88, "z"),
        slot: slotAfter + Math.floor(i / 20),
        blockTime: nowSec - 60,
        ixPath: "1",
        trader: pick(),
        mintIn: WSOL_MINT,
        amountIn: 100_000_000n,
        decimalsIn: 9,
        mintOut: mint,
        amountOut: 1_000_000_000n,
        decimalsOut: 6,
        legs: undefined,
        fees: undefined,
      } as Swap);
    }
    await new SwapPartitions(db.sql).ensure(fresh.map((s) => s.slot));
    const consumer = walletScoringConsumer(db.sql, changed);
    const store = async (from: number, to: number) => {
      for (let i = from; i < to; i += 500) {
        const batch = fresh.slice(i, Math.min(i + 500, to));
        await insertSwaps(db.sql, batch, "replay");
        await consumer.consume(batch, { jobId: `b${i}`, source: "replay", attemptsMade: 0 });
      }
    };
    const timed = fresh.slice(WARMUP_SWAPS);
    const distinct = new Set(timed.map((s) => s.trader)).size;
    if (snapshotKept) {
      // Back to the full rescore's rows for these wallets (an earlier run advanced them).
      const ws = [...new Set(fresh.map((s) => s.trader))];
      await db.sql.transaction(async (tx) => {
        for (const t of SNAPSHOT_TABLES) {
          await tx.query(`DELETE FROM ${t} WHERE wallet = ANY($1::text[])`, [ws]);
          await tx.query(`INSERT INTO ${t} SELECT * FROM bench_snap_${t} WHERE wallet = ANY($1::text[])`, [ws]);
        }
      });
      await db.sql.exec(`VACUUM (ANALYZE) ${SNAPSHOT_TABLES.join(", ")}`);
    }
    // The pipeline keeps its incremental threads for its whole life, and runs every few seconds:
    // the threads start before the clock, and one untimed run over the first WARMUP_SWAPS new swaps
    // compiles their code, as the runs before it would have.
    const lanes = THREADS > 1 ? new IncrementalLanes(dbUrl(DB_NAME), THREADS) : undefined;
    await lanes?.ready;
    await store(0, WARMUP_SWAPS);
    if (WARMUP_SWAPS > 0) {
      const runOptions = { sql: db.sql, changed, nowSec: () => nowSec, chunk: Number(process.env.BENCH_SCORING_CHUNK ?? 2000), ...(lanes ? { lanes } : {}) };
      await runIncrementalScoring(runOptions);
    }
    await store(WARMUP_SWAPS, fresh.length);
    log(`incremental: ${NEW_SWAPS} new swaps by ${distinct} wallets stored and marked; rescoring...`);
    const pg0 = await backendCpuSec(db.sql, DB_NAME);
    const i0 = performance.now();
    const iCpu0 = process.cpuUsage();
    const inc = await runIncrementalScoring({
      sql: db.sql,
      changed,
      nowSec: () => nowSec,
      chunk: Number(process.env.BENCH_SCORING_CHUNK ?? 2000),
      ...(lanes ? { lanes } : {}),
    });
    const incSec = (performance.now() - i0) / 1000;
    const incCpu = cpuSec(process.cpuUsage(iCpu0));
    const incPgCpu = backendCpuSpent(pg0, await backendCpuSec(db.sql, DB_NAME));
    await lanes?.close();
    log(`incremental: ${inc.counts.wallets} wallets (${inc.counts.swaps} swaps folded, ${inc.counts.rebuilt} wallets rebuilt) in ${round(incSec, 2)} s`);
    // Leave the cached data as generated: the next run starts from the same swaps.
    await db.sql.query(`DELETE FROM swap WHERE slot >= $1`, [slotAfter]);

    return {
      ...fullFigures,
      incrementalNewSwaps: NEW_SWAPS,
      incrementalWarmupSwaps: WARMUP_SWAPS,
      incrementalWallets: inc.counts.wallets,
      incrementalSec: round(incSec, 2),
      incrementalCpuSec: round(incCpu, 2),
      incrementalPostgresCpuSec: incPgCpu === null ? null : round(incPgCpu, 2),
      incrementalRebuilt: inc.counts.rebuilt,
      incrementalWalletsPerSec: round(inc.counts.wallets / incSec),
      incrementalSwapsPerSec: round(NEW_SWAPS / incSec),
      incrementalThreads: lanes ? THREADS : 0,
    };
  } finally {
    await redis.del(changed.changedKey, changed.processingKey);
    redis.disconnect();
    await db.close();
  }
}
