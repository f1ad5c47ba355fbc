/**
 * ingest: the front door at a steady offered rate, on the real services. Raw transactions ->
 * decode -> batches -> stored in Postgres (one statement per batch) -> handed off on BullMQ (the
 * batch job promoted to the swap-batches queue, where the pipeline's stages take it).
 *
 * Two modes:
 * - default (`BENCH_STAGES` unset or `off`): the front path alone, the ingest role in this
 *   process and nothing consuming the queue. The headline figures are this path's: swapsPerSec
 *   (swaps handed off per second), p50Ms/p99Ms (receipt -> hand-off, per swap), peakRssMb (this
 *   process). Nothing is dropped unseen: at the end every handed-off batch must be in Redis as a
 *   waiting job marked stored by ingest, their swaps must add up to the decoded count and to the
 *   rows in Postgres, one job per batch; then the queue is emptied.
 * - `BENCH_STAGES=on`: the same, with a pipeline process (`WORKER_ROLES=pipeline`: token stats,
 *   token labels, rules for 10,000 tracked wallets, scoring marks and rescoring, rule calls, the
 *   alert outbox) sharing the two cores. The headline fields still measure receipt -> hand-off
 *   (now slowed by the stages' CPU); the `stages*` and `e2e*` fields measure the stages: each
 *   batch's hand-off -> job completed, and receipt -> its batch's stages done, per swap.
 *
 * The stream is made by re-keying the real fixture transactions that contain swaps: each copy
 * gets a fresh signature, a fresh fee payer / trader wallet and a new slot, with the same program
 * shapes (copies of the one that creates a mint keep its creator). 10,000 wallets are tracked by 1,000 chats; a small share of the stream's traders are
 * among them, so alerts flow as in production (with the stages on).
 *
 * Latency is per swap, from the moment its transaction was due on the offered schedule (receipt:
 * a slow ingest shows its backlog here) to its hand-off: the batch that holds it committed and
 * released to the stages. The first BENCH_WARMUP_SECONDS (2) are offered but left out of latency
 * and throughput. CPU is reported per process: this one (ingest, with the generator's share apart:
 * re-keying is the bench's own cost, measured before the clock by re-keying the same way and
 * subtracted; the generator stays in this process because a datasource hands ingest objects, and
 * one in another process would make ingest parse ~18 KB of JSON per transaction, a cost the decode
 * bench measures), the pipeline child, the Postgres backends of the bench database by who
 * asked (store or stages), and the bench's own redis-server.
 * `BENCH_CPU_PROF=<dir>` writes a CPU profile of this process over the measured window, and one
 * of the pipeline process with the stages on. `BENCH_HEAP_PROF=<file>` writes a sampling heap
 * profile of what this process allocated and kept past a young-generation collection (what the
 * old generation has to collect); `BENCH_HEAP_PROF_MINOR=1` counts every allocation instead.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdir, readFile, writeFile } from "node:fs/promises";
import { createServer } from "node:net";
import { randomBytes } from "node:crypto";
import { Session } from "node:inspector/promises";
import bs58 from "bs58";
import pg from "pg";
import { Redis } from "ioredis";
import type { Queue } from "bullmq";
import { connectPostgres, type SqlSession } from "../core/data/db.js";
import type { SwapBatchPayload, SwapBatchStored } from "../core/queues/contract.js";
import { HELD_BEFORE_TRADING } from "../core/data/token-labels.js";
import { migrate } from "../core/data/migrate.js";
import { decodeSwaps } from "../core/domain/decoders/index.js";
import { fromRpcTransaction } from "../core/domain/transaction.js";
import { detectTokenEvents } from "../core/domain/token-events.js";
import { createI18n } from "../core/i18n.js";
import { createLogger } from "../core/logger.js";
import { createTelegramApi } from "../core/telegram.js";
import { startWorkers } from "../workers/app.js";
import type { Datasource, RawTransaction } from "../workers/ingest/datasource.js";
import { transactionTexts } from "./fixtures.js";
import { percentile, round } from "./stats.js";

const PG = process.env.BENCH_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
/** Unset: the bench starts its own redis-server (when on PATH), so its CPU can be told apart. */
const REDIS_URL = process.env.BENCH_REDIS_URL;
/** Offered load in swaps per second, and for how long. */
const RATE = Number(process.env.BENCH_SWAPS_PER_SEC ?? 10_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
/**
 * Seconds offered at the same rate before the measured window, not counted in the latency and
 * throughput figures (their p99 is reported as warmupP99Ms): the first second of a fresh process
 * is V8 compiling the hot path, pools connecting and the day's partition being created, which a
 * long-running ingest pays once. CPU per swap counts them (it covers the whole stream).
 */
const WARMUP_SECONDS = Number(process.env.BENCH_WARMUP_SECONDS ?? 2);
/** `BENCH_TIMELINE=1`: receipt -> hand-off p50/p99 per half second of the stream, on stderr. */
const TIMELINE = process.env.BENCH_TIMELINE === "1";
const TRACKED = 10_000;
const BATCH_SIZE = Number(process.env.BENCH_BATCH_SIZE ?? 500);
const BATCH_WAIT_MS = Number(process.env.BENCH_BATCH_WAIT_MS ?? 25);
const IN_FLIGHT = Number(process.env.BENCH_IN_FLIGHT ?? 4);
/** `BENCH_STAGES=on`: a pipeline process runs every stage behind the hand-off on the same cores. */
const STAGES = process.env.BENCH_STAGES === "on";
const PROFILE_DIR = process.env.BENCH_CPU_PROF;
const CHATS = 1_000;
/** One trader in this many is a tracked wallet. */
const TRACKED_SHARE = 200;

interface Template {
  raw: RawJson;
  payer: string;
  swaps: number;
  /**
   * The transaction creates its mint (its payer is the dev). Re-keyed, each copy would make a new
   * dev of one mint, ~370 per second at 10,000 swaps/s against ~1 real launch a second; the copies
   * keep the creator instead, as the same creation seen again (the mint cannot be re-keyed cheaply).
   */
  creates: boolean;
}

type RawJson = {
  slot?: number;
  transaction: { signatures: string[]; message: { accountKeys: (string | { pubkey: string })[] } & Record<string, unknown> };
  meta: { preTokenBalances?: { owner?: string }[]; postTokenBalances?: { owner?: string }[] } & Record<string, unknown>;
} & Record<string, unknown>;

/** Fixture transactions (json or jsonParsed encoding) whose swaps all belong to the fee payer. */
async function templates(): Promise<Template[]> {
  const out: Template[] = [];
  for (const text of await transactionTexts()) {
    const raw = JSON.parse(text) as RawJson;
    if (!Array.isArray(raw.transaction?.signatures)) continue; // base64 wire form: cannot re-key cheaply
    const tx = fromRpcTransaction(raw, raw.slot === undefined ? { slot: 1 } : {});
    const swaps = decodeSwaps(tx).swaps;
    if (swaps.length === 0 || swaps.some((s) => s.trader !== tx.accountKeys[0])) continue;
    const creates = detectTokenEvents(tx, swaps).some((e) => e.kind === "created" && e.wallet === tx.accountKeys[0]);
    out.push({ raw, payer: tx.accountKeys[0]!, swaps: swaps.length, creates });
  }
  return out;
}

/**
 * A copy of `t` with a new signature and fee payer, sharing every untouched part (what a
 * network read would hand over is a fresh object; copying 18 KB per transaction here would
 * measure the generator, not the pipeline).
 */
function rekey(t: Template, signature: string, payer: string, slot: number): RawJson {
  const m = t.raw.transaction.message;
  const keys = m.accountKeys.map((k) =>
    typeof k === "string" ? (k === t.payer ? payer : k) : k.pubkey === t.payer ? { ...k, pubkey: payer } : k,
  );
  const owners = (list?: { owner?: string }[]) => list?.map((b) => (b.owner === t.payer ? { ...b, owner: payer } : b));
  return {
    ...t.raw,
    slot,
    transaction: { ...t.raw.transaction, signatures: [signature, ...t.raw.transaction.signatures.slice(1)], message: { ...m, accountKeys: keys } },
    meta: { ...t.raw.meta, preTokenBalances: owners(t.raw.meta.preTokenBalances), postTokenBalances: owners(t.raw.meta.postTokenBalances) },
  };
}

/** Yields re-keyed transactions at `rate` swaps/s for `seconds`, recording when each was due. */
class SteadyStream implements Datasource {
  readonly source = "replay" as const;
  readonly name = "bench-stream";
  /**
   * When each signature's transaction was due (performance.now()), by its index in `signatures`:
   * filled in place during the run, where a growing Map would allocate in the measured process.
   */
  private readonly receivedAt: Float64Array;
  private readonly indexOf = new Map<string, number>();
  offered = 0;
  /** Transactions yielded. */
  transactions = 0;
  /** When the first transaction was due (performance.now()). */
  startedAt = NaN;

  constructor(
    private readonly tpl: Template[],
    private readonly wallets: string[],
    private readonly tracked: string[],
    /** Made before the clock starts; more than the run can use, so none repeats. */
    private readonly signatures: string[],
  ) {
    this.receivedAt = new Float64Array(signatures.length).fill(NaN);
    signatures.forEach((sig, i) => this.indexOf.set(sig, i));
  }

  /** When the transaction with this signature was due, if the stream made it. */
  receivedOf(signature: string): number | undefined {
    const i = this.indexOf.get(signature);
    const at = i === undefined ? NaN : this.receivedAt[i]!;
    return Number.isNaN(at) ? undefined : at;
  }

  /** The `n`th transaction of the stream (the same work whether timed or streamed). */
  make(n: number, slot: number): { raw: RawJson; signature: string; index: number; swaps: number } {
    const t = this.tpl[n % this.tpl.length]!;
    const wallet = t.creates
      ? t.payer
      : n % TRACKED_SHARE === 0
        ? this.tracked[n % this.tracked.length]!
        : this.wallets[n % this.wallets.length]!;
    const index = n % this.signatures.length;
    const signature = this.signatures[index]!;
    return { raw: rekey(t, signature, wallet, slot), signature, index, swaps: t.swaps };
  }

  /**
   * CPU microseconds the generator spends per transaction, timed before the clock starts by
   * making `count` transactions the way the stream does. Timing each one in the stream instead
   * would cost more than the re-keying (process.cpuUsage() is a system call).
   */
  calibrate(count: number): number {
    let sink = 0;
    const from = process.cpuUsage();
    for (let n = 0; n < count; n++) {
      const made = this.make(n, 1);
      this.receivedAt[made.index] = n;
      sink += made.swaps;
    }
    const cpu = process.cpuUsage(from);
    this.receivedAt.fill(NaN);
    return sink > 0 ? (cpu.user + cpu.system) / count : NaN;
  }

  async *read(signal: AbortSignal): AsyncIterable<RawTransaction> {
    const start = performance.now();
    this.startedAt = start;
    let slot = 360_000_000;
    while (!signal.aborted) {
      const elapsed = (performance.now() - start) / 1000;
      if (elapsed >= WARMUP_SECONDS + SECONDS) return;
      const due = Math.floor(elapsed * RATE);
      if (this.offered >= due) {
        await new Promise((r) => setTimeout(r, 1));
        continue;
      }
      while (this.offered < due) {
        const n = this.transactions++;
        if (n % 40 === 0) slot++;
        const made = this.make(n, slot);
        // Received when it was due on the offered schedule, not when ingest got round to taking
        // it: a slow ingest must show its backlog in the latency, wherever the backlog waits.
        this.receivedAt[made.index] = start + (this.offered / RATE) * 1000;
        this.offered += made.swaps;
        yield { raw: made.raw, origin: made.signature, slot };
      }
    }
  }
}

/**
 * A random key or signature in base58, as a flat string: what bs58.encode returns holds ~2.4 KB
 * of rope per string, and the 400,000 the generator keeps would cost the measured process a
 * gigabyte and its garbage collector the time to mark it.
 */
function base58(bytes: number): string {
  return Buffer.from(bs58.encode(randomBytes(bytes)), "latin1").toString("latin1");
}

/** CPU seconds (user + system) and peak RSS of a process, from /proc (Linux). */
async function procUsage(pid: number): Promise<{ cpuSec: number; peakRssMb: number }> {
  const stat = await readFile(`/proc/${pid}/stat`, "utf8").catch(() => "");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  // utime and stime are fields 14 and 15 of stat (11 and 12 after the name), in ticks of 1/100 s.
  const cpuSec = (Number(fields[11] ?? NaN) + Number(fields[12] ?? NaN)) / 100;
  const status = await readFile(`/proc/${pid}/status`, "utf8").catch(() => "");
  const hwm = Number(/^VmHWM:\s+(\d+) kB/m.exec(status)?.[1] ?? NaN);
  return { cpuSec, peakRssMb: hwm / 1024 };
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

/** A redis-server of the bench's own (no persistence), or null when none is on PATH. */
async function startRedis(): Promise<{ url: string; proc: ChildProcess } | null> {
  const port = await freePort();
  const proc = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], {
    stdio: "ignore",
  });
  const started = await new Promise<boolean>((resolve) => {
    proc.once("error", () => resolve(false));
    proc.once("spawn", () => resolve(true));
  });
  if (!started) return null;
  killOnExit(proc);
  for (let tries = 0; ; tries++) {
    const probe = new Redis(`redis://127.0.0.1:${port}`, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    probe.on("error", () => {});
    const up = await probe.connect().then(() => probe.ping()).then(() => true, () => false);
    probe.disconnect();
    if (up) break;
    if (tries > 100) {
      proc.kill("SIGKILL");
      throw new Error("the bench's redis-server did not start");
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return { url: `redis://127.0.0.1:${port}`, proc };
}

/** Even when the bench dies by an uncaught error, a child it started must not outlive it. */
function killOnExit(child: ChildProcess): void {
  const kill = () => child.kill("SIGKILL");
  process.once("exit", kill);
  child.once("exit", () => process.off("exit", kill));
}

async function stopChild(child: ChildProcess | undefined): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once("exit", r));
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
  await exited;
  clearTimeout(timer);
}

/**
 * With no consumer, every handed-off batch must sit in Redis as one waiting job, marked stored by
 * ingest, holding exactly the swaps Postgres has under its job id; then the queue is emptied.
 * Throws on any difference: a fast front path that lost or doubled a batch is no result.
 */
async function checkHandOff(
  queue: Queue,
  sql: SqlSession,
  handedOff: ReadonlyMap<string, unknown>,
  rows: number,
): Promise<void> {
  const counts = await queue.getJobCounts("wait", "delayed", "prioritized", "active", "completed", "failed");
  const elsewhere = Object.entries(counts).filter(([state, n]) => state !== "wait" && n > 0);
  if (counts.wait !== handedOff.size || elsewhere.length > 0) {
    throw new Error(`hand-off: ${handedOff.size} batches handed off, queue holds ${JSON.stringify(counts)}`);
  }
  const stored = new Map(
    (await sql.query<{ job: string; n: number }>(`SELECT batch_job AS job, count(*)::int AS n FROM swap GROUP BY batch_job`)).map(
      (r) => [r.job, r.n],
    ),
  );
  let swaps = 0;
  const page = 50;
  for (let from = 0; from < counts.wait!; from += page) {
    for (const job of await queue.getJobs(["wait"], from, from + page - 1)) {
      const data = job.data as SwapBatchPayload;
      const progress = job.progress as Partial<SwapBatchStored>;
      if (!job.id || !handedOff.has(job.id)) throw new Error(`hand-off: job ${job.id} was never handed off`);
      if (progress.storedBy !== "ingest" || progress.inserted !== data.swaps.length || stored.get(job.id) !== data.swaps.length) {
        throw new Error(`hand-off: job ${job.id} holds ${data.swaps.length} swaps, progress ${JSON.stringify(progress)}, ${stored.get(job.id)} rows`);
      }
      swaps += data.swaps.length;
    }
  }
  if (swaps !== rows) throw new Error(`hand-off: the queued batches hold ${swaps} swaps, Postgres ${rows}`);
  await queue.obliterate({ force: true });
}

export async function run(): Promise<Record<string, number>> {
  const tpl = await templates();
  const wallets = Array.from({ length: 200_000 }, () => base58(32));
  const tracked = Array.from({ length: TRACKED }, () => base58(32));
  const dbName = `pumpspace_bench_${process.pid}`;
  const admin = new pg.Client({ connectionString: PG });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${dbName}`);
  const url = new URL(PG);
  url.pathname = `/${dbName}`;
  const ingestUrl = new URL(url);
  ingestUrl.searchParams.set("application_name", "bench-ingest");
  const db = connectPostgres(ingestUrl.toString(), { max: 6 });
  const pipelineUrl = new URL(url);
  pipelineUrl.searchParams.set("application_name", "bench-pipeline");
  const prefix = `pumpspace-bench-${process.pid}`;
  let ownRedis: Awaited<ReturnType<typeof startRedis>> = null;
  try {
    ownRedis = REDIS_URL ? null : await startRedis();
  } catch (err) {
    await db.close();
    await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    await admin.end();
    throw err;
  }
  const redisUrl = REDIS_URL ?? ownRedis?.url ?? "redis://127.0.0.1:6379";
  const redis = new Redis(redisUrl, { maxRetriesPerRequest: null });
  let peakRss = 0;
  const rssTimer = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100);
  let pipeline: ChildProcess | undefined;
  let workers: Awaited<ReturnType<typeof startWorkers>> | undefined;
  try {
    await migrate(db.sql);
    await db.sql.query(`INSERT INTO chat (id, type) SELECT g, 'private' FROM generate_series(1, $1) g`, [CHATS]);
    await db.sql.query(
      `INSERT INTO tracked_wallet (chat_id, address) SELECT (i % $2) + 1, a FROM unnest($1::text[]) WITH ORDINALITY AS t(a, i)`,
      [tracked, CHATS],
    );
    const avgSwaps = tpl.reduce((a, t) => a + t.swaps, 0) / tpl.length;
    const signatures = Array.from({ length: Math.ceil(((RATE * (WARMUP_SECONDS + SECONDS)) / avgSwaps) * 1.2) }, () => base58(64));
    const stream = new SteadyStream(tpl, wallets, tracked, signatures);
    const generatorUsPerTx = stream.calibrate(20_000);
    const latencies: number[] = [];
    const warmupLatencies: number[] = [];
    /** Swaps received after the warm-up and handed off. */
    let measured = 0;
    const timeline: [number, number][] = [];
    /**
     * Per handed-off batch, by job id: when (epoch ms; the stages' clock is the job's finishedOn)
     * and its swaps' receipt times (epoch ms), for the receipt -> stages done latency.
     */
    const handedOffAt = new Map<string, { at: number; received: Float64Array | null }>();
    const epochOffset = Date.now() - performance.now();
    let handedOff = 0;
    let notStoredHere = 0;
    let firstHandOffEpoch = 0;
    let lastHandOff = 0;
    // The pipeline runs in its own process, as deployed (`WORKER_ROLES=pipeline`): the stages
    // behind the store take the batches there, while this process decodes and stores.
    const profile = PROFILE_DIR ? ["--cpu-prof", `--cpu-prof-dir=${PROFILE_DIR}`] : [];
    // A free port rather than a fixed one: another run (or anything else) may hold a fixed one.
    const metricsPort = await freePort();
    pipeline = STAGES ? spawn(process.execPath, [...profile, "--import", "tsx", "workers/main.ts"], {
      env: {
        ...process.env,
        DATABASE_URL: pipelineUrl.toString(),
        REDIS_URL: redisUrl,
        QUEUE_PREFIX: prefix,
        WORKER_ROLES: "pipeline",
        METRICS_PORT: String(metricsPort),
        LOG_LEVEL: "warn",
      },
      stdio: ["ignore", "ignore", "inherit"],
    }) : undefined;
    const child = pipeline;
    if (child) killOnExit(child);
    const childFailed = new Promise<never>((_, reject) =>
      child?.once("exit", (code, sig) => reject(new Error(`the pipeline process exited early (${code ?? sig})`))),
    );
    childFailed.catch(() => {});
    // The stream starts once the pipeline answers /health, so its start-up is not measured.
    const ready = Date.now() + 60_000;
    while (child) {
      const ok = await fetch(`http://127.0.0.1:${metricsPort}/health`).then((r) => r.ok).catch(() => false);
      if (ok) break;
      if (Date.now() > ready) throw new Error("the pipeline process did not become healthy within 60 s");
      await Promise.race([new Promise((r) => setTimeout(r, 200)), childFailed]);
    }
    const profiler = PROFILE_DIR ? new Session() : null;
    if (profiler) {
      profiler.connect();
      await profiler.post("Profiler.enable");
      await profiler.post("Profiler.start");
    }
    const heapProf = process.env.BENCH_HEAP_PROF ? new Session() : null;
    if (heapProf) {
      heapProf.connect();
      await heapProf.post("HeapProfiler.enable");
      await heapProf.post("HeapProfiler.startSampling", {
        samplingInterval: 16384,
        includeObjectsCollectedByMajorGC: true,
        includeObjectsCollectedByMinorGC: process.env.BENCH_HEAP_PROF_MINOR === "1",
      });
    }
    // CPU counters before the stream starts (it starts with the ingest role); peak RSS from here
    // to the stream's end (not the setup's garbage, nor the check of the queue afterwards).
    peakRss = process.memoryUsage().rss;
    const cpuBefore = process.cpuUsage();
    const childBefore = child ? await procUsage(child.pid!) : { cpuSec: NaN };
    // Postgres CPU by which process's connections asked for it (application_name).
    const backendCpu = async () => {
      const rows = await db.sql.query<{ pid: number; app: string }>(
        `SELECT pid, application_name AS app FROM pg_stat_activity WHERE datname = $1`,
        [dbName],
      );
      const perPid = new Map<number, { app: string; cpuSec: number }>();
      for (const b of rows) perPid.set(b.pid, { app: b.app, cpuSec: (await procUsage(b.pid)).cpuSec });
      return perPid;
    };
    const backendsBefore = await backendCpu();
    const redisBefore = ownRedis ? (await procUsage(ownRedis.proc.pid!)).cpuSec : NaN;
    workers = await startWorkers({
      roles: new Set(["ingest"]),
      db,
      redisUrl,
      queuePrefix: prefix,
      logger: createLogger("silent"),
      api: createTelegramApi("1:bench", { apiRoot: "http://127.0.0.1:9" }),
      i18n: createI18n(),
      datasource: stream,
      solUsdFallback: 150,
      batchSize: BATCH_SIZE,
      batchMaxWaitMs: BATCH_WAIT_MS,
      ingestInFlight: IN_FLIGHT,
      onHandedOff: (batch) => {
        const at = performance.now();
        if (firstHandOffEpoch === 0) firstHandOffEpoch = Date.now();
        lastHandOff = at;
        // Receipt times are kept per batch only for the stages' end-to-end latency.
        const received = STAGES ? new Float64Array(batch.swaps.length) : null;
        for (let i = 0; i < batch.swaps.length; i++) {
          const r = stream.receivedOf(batch.swaps[i]!.signature);
          if (received) received[i] = r === undefined ? NaN : r + epochOffset;
          if (r === undefined) continue;
          if (r - stream.startedAt < WARMUP_SECONDS * 1000) warmupLatencies.push(at - r);
          else {
            latencies.push(at - r);
            measured++;
          }
          if (TIMELINE) timeline.push([r - stream.startedAt, at - r]);
        }
        handedOffAt.set(batch.jobId, { at: at + epochOffset, received });
        if (!batch.storedHere) notStoredHere++;
        handedOff += batch.swaps.length;
      },
      notifyConcurrency: 1,
      notifyRatePerSecond: 1,
    });
    process.stderr.write(
      `ingest: offering ${RATE} swaps/s for ${WARMUP_SECONDS} s of warm-up + ${SECONDS} s (${tpl.length} transaction shapes, batches of ${BATCH_SIZE} or ${BATCH_WAIT_MS} ms, ${IN_FLIGHT} in flight), stages ${STAGES ? "on (pipeline process)" : "off (front path alone)"}\n`,
    );
    const counts = await Promise.race([workers.ingestDone, childFailed]);
    const streamEnded = performance.now();
    clearInterval(rssTimer);
    peakRss = Math.max(peakRss, process.memoryUsage().rss);
    if (TIMELINE) {
      const bySec = new Map<number, number[]>();
      for (const [t, l] of timeline) {
        const k = Math.floor(t / 500);
        if (!bySec.has(k)) bySec.set(k, []);
        bySec.get(k)!.push(l);
      }
      for (const [k, ls] of [...bySec].sort((a, b) => a[0] - b[0])) {
        process.stderr.write(`${k / 2} s: ${ls.length} swaps, p50 ${round(percentile(ls, 50))} ms, p99 ${round(percentile(ls, 99))} ms\n`);
      }
    }
    const secs = (lastHandOff - stream.startedAt) / 1000 - WARMUP_SECONDS;
    const ingestCpu = process.cpuUsage(cpuBefore);
    if (heapProf) {
      const { profile: taken } = await heapProf.post("HeapProfiler.stopSampling");
      await writeFile(process.env.BENCH_HEAP_PROF!, JSON.stringify(taken));
    }
    if (profiler) {
      const { profile: taken } = await profiler.post("Profiler.stop");
      await mkdir(PROFILE_DIR!, { recursive: true });
      await writeFile(`${PROFILE_DIR}/ingest-${process.pid}.cpuprofile`, JSON.stringify(taken));
      profiler.disconnect();
    }
    // The stages drain: every handed-off batch's job completed (none failed). Counted by polling
    // rather than by listening to queue events, which would cost this (measured) process CPU.
    const deadline = Date.now() + 120_000;
    let stagesDone = 0;
    while (child) {
      const c = await workers.swapBatches.getJobCounts("completed", "failed");
      stagesDone = c.completed ?? 0;
      if (stagesDone >= handedOffAt.size || (c.failed ?? 0) > 0 || Date.now() > deadline) break;
      await Promise.race([new Promise((r) => setTimeout(r, 20)), childFailed]);
    }
    const drainedAt = performance.now();
    const failed = (await workers.swapBatches.getJobCounts("failed")).failed ?? 0;
    if ((child && stagesDone < handedOffAt.size) || failed > 0) {
      throw new Error(`stages completed ${stagesDone} of ${handedOffAt.size} batches (${failed} failed)`);
    }
    // CPU per process while the stream ran (and, with the stages on, while they drained).
    const childUsage = child ? await procUsage(child.pid!) : { cpuSec: NaN, peakRssMb: NaN };
    const pgCpuByApp = new Map<string, number>();
    for (const [pid, b] of await backendCpu()) {
      pgCpuByApp.set(b.app, (pgCpuByApp.get(b.app) ?? 0) + b.cpuSec - (backendsBefore.get(pid)?.cpuSec ?? 0));
    }
    const redisCpu = ownRedis ? (await procUsage(ownRedis.proc.pid!)).cpuSec - redisBefore : NaN;
    const [{ n: rows }] = (await db.sql.query<{ n: string }>(`SELECT count(*) AS n FROM swap`)) as [{ n: string }];
    if (Number(rows) !== counts?.swaps || handedOff !== counts.swaps) {
      throw new Error(`stored ${rows} swaps, handed off ${handedOff}, decoded ${counts?.swaps}`);
    }
    // Each batch's time from hand-off to its stages' end, and each swap's from receipt to there.
    const stageLatencies: number[] = [];
    const warmupEndEpoch = stream.startedAt + epochOffset + WARMUP_SECONDS * 1000;
    const e2eLatencies: number[] = [];
    let stagesLastEpoch = 0;
    for (const job of child ? await workers.swapBatches.getJobs(["completed"], 0, -1) : []) {
      const batch = job?.id ? handedOffAt.get(job.id) : undefined;
      if (batch === undefined || !job?.finishedOn) continue;
      stageLatencies.push(job.finishedOn - batch.at);
      for (const r of batch.received ?? []) if (r >= warmupEndEpoch) e2eLatencies.push(job.finishedOn - r);
      stagesLastEpoch = Math.max(stagesLastEpoch, job.finishedOn);
    }
    const [{ n: alerts }] = (await db.sql.query<{ n: string }>(`SELECT count(*) AS n FROM alert`)) as [{ n: string }];
    // What the token-labels stage wrote: dev rows, and insiders by allocation or by holding.
    const labels = await db.sql.query<{ role: string; source: string; n: number }>(
      `SELECT role, source, count(*)::int AS n FROM token_insider GROUP BY role, source`,
    );
    const labelRows = (role: string, holding: boolean) =>
      labels.filter((r) => r.role === role && (r.source === HELD_BEFORE_TRADING) === holding).reduce((a, r) => a + r.n, 0);
    if (!child) await checkHandOff(workers.swapBatches, db.sql, handedOffAt, Number(rows));
    // The pipeline process's own account of its batches (its /metrics endpoint).
    const scrape = child ? await fetch(`http://127.0.0.1:${metricsPort}/metrics`).then((r) => r.text()).catch(() => "") : "";
    const metric = (name: string) => Number(new RegExp(`^${name} (\\S+)$`, "m").exec(scrape)?.[1] ?? NaN);
    const stageBatches = metric("pumpspace_swap_batch_seconds_count");
    const stageBatchMs = (metric("pumpspace_swap_batch_seconds_sum") / stageBatches) * 1000;
    const stageMs = (stage: string) =>
      round(
        (metric(`pumpspace_swap_stage_seconds_sum\\{stage="${stage}"\\}`) / metric(`pumpspace_swap_stage_seconds_count\\{stage="${stage}"\\}`)) * 1000,
        1,
      );
    const storeHist = (await workers.metrics.storeSeconds.get()).values;
    const storeSum = storeHist.find((v) => v.metricName === "pumpspace_swap_store_seconds_sum")?.value ?? NaN;
    const storeCount = storeHist.find((v) => v.metricName === "pumpspace_swap_store_seconds_count")?.value ?? NaN;
    const swaps = Number(rows);
    const perSwapUs = (sec: number) => round((sec * 1e6) / swaps, 1);
    const ingestSec = (ingestCpu.user + ingestCpu.system) / 1e6;
    const generatorSec = (generatorUsPerTx * stream.transactions) / 1e6;
    const ingestOnlySec = ingestSec - generatorSec;
    const pgStoreSec = pgCpuByApp.get("bench-ingest") ?? 0;
    const stages: Record<string, number> = child
      ? {
          stagesSwapsPerSec: round(swaps / ((stagesLastEpoch - firstHandOffEpoch) / 1000)),
          stagesP50Ms: round(percentile(stageLatencies, 50), 1),
          stagesP99Ms: round(percentile(stageLatencies, 99), 1),
          e2eP50Ms: round(percentile(e2eLatencies, 50), 1),
          e2eP99Ms: round(percentile(e2eLatencies, 99), 1),
          stagesDrainMs: round(Math.max(0, drainedAt - streamEnded)),
          stagesAvgBatchMs: round(stageBatchMs, 1),
          stageTokenStatsMs: stageMs("token-stats"),
          stageRulesMs: stageMs("rules"),
          stageTokenLabelsMs: stageMs("token-labels"),
          stageScoringMarksMs: stageMs("wallet-scoring"),
          stageRuleCallsMs: stageMs("rule-calls"),
          alerts: Number(alerts),
          labelDevRows: labelRows("dev", false),
          labelInsiderRows: labelRows("insider", false),
          labelHolderRows: labelRows("insider", true),
          cpuUsPerSwapPipeline: perSwapUs(childUsage.cpuSec - childBefore.cpuSec),
          cpuUsPerSwapPostgresStages: perSwapUs(pgCpuByApp.get("bench-pipeline") ?? 0),
          pipelinePeakRssMb: round(childUsage.peakRssMb),
        }
      : {};
    return {
      stages: STAGES ? 1 : 0,
      offeredSwapsPerSec: RATE,
      swaps,
      swapsPerSec: round(measured / secs),
      p50Ms: round(percentile(latencies, 50), 1),
      p99Ms: round(percentile(latencies, 99), 1),
      maxMs: round(latencies.reduce((a, b) => Math.max(a, b), 0), 1),
      warmupSeconds: WARMUP_SECONDS,
      warmupP99Ms: round(percentile(warmupLatencies, 99), 1),
      peakRssMb: round(peakRss / 2 ** 20),
      batches: handedOffAt.size,
      batchesStoredByPipeline: notStoredHere,
      storeAvgBatchMs: round((storeSum / storeCount) * 1000, 1),
      // The front path's CPU per swap: ingest's own (without the generator), Postgres for the
      // store, Redis (with the stages on, Redis serves them too).
      cpuUsPerSwapFrontPath: round(perSwapUs(ingestOnlySec) + perSwapUs(pgStoreSec) + (child ? 0 : perSwapUs(redisCpu)), 1),
      cpuUsPerSwapIngestOnly: perSwapUs(ingestOnlySec),
      cpuUsPerSwapGenerator: perSwapUs(generatorSec),
      cpuUsPerSwapPostgresStore: perSwapUs(pgStoreSec),
      cpuUsPerSwapRedis: perSwapUs(redisCpu),
      ...stages,
    };
  } finally {
    clearInterval(rssTimer);
    // Whatever failed, the child must not outlive the run (it would hold :19464 for the next).
    await stopChild(pipeline);
    await workers?.stop().catch(() => {});
    await db.close();
    await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    await admin.end();
    if (ownRedis) {
      redis.disconnect();
      await stopChild(ownRedis.proc);
    } else {
      const keys = await redis.keys(`${prefix}:*`);
      if (keys.length) await redis.del(...keys);
      redis.disconnect();
    }
  }
}
