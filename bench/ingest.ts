/**
 * ingest: the front door end to end on the real services, at a steady offered rate: raw
 * transactions (JSON text, as an RPC or replay delivers them) -> parse -> decode -> batches on
 * BullMQ -> pipeline worker -> one Postgres transaction per batch (swaps, tokens, tracked-wallet
 * match, alert outbox) -> notify jobs. Ingest and pipeline run in this process, as `npm start`
 * runs them.
 *
 * The stream is made by re-keying the real fixture transactions that contain swaps: each copy
 * gets a fresh signature, a fresh fee payer / trader wallet and a new slot, with the same program
 * shapes. 10,000 wallets are tracked by 1,000 chats; a small share of the stream's traders are
 * among them, so alerts flow as in production.
 *
 * Latency is per swap, from the moment its transaction is handed to ingest (receipt) to the
 * commit of the batch that stored it (hand-off to the notify queue done).
 */
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import bs58 from "bs58";
import pg from "pg";
import { QueueEvents } from "bullmq";
import { Redis } from "ioredis";
import { connectPostgres } from "../core/data/db.js";
import { migrate } from "../core/data/migrate.js";
import { decodeSwaps } from "../core/domain/decoders/index.js";
import { fromRpcTransaction } from "../core/domain/transaction.js";
import { createI18n } from "../core/i18n.js";
import { createLogger } from "../core/logger.js";
import { QueueName, swapBatchPayload } from "../core/queues/contract.js";
import { createTelegramApi } from "../core/telegram.js";
import { startWorkers } from "../workers/app.js";
import type { Datasource, RawTransaction } from "../workers/ingest/datasource.js";
import { transactionTexts } from "./fixtures.js";
import { percentile, round } from "./stats.js";

const PG = process.env.BENCH_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const REDIS = process.env.BENCH_REDIS_URL ?? "redis://127.0.0.1:6379";
/** Offered load in swaps per second, and for how long. */
const RATE = Number(process.env.BENCH_SWAPS_PER_SEC ?? 10_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
const TRACKED = 10_000;
const METRICS_PORT = 19464;
const CHATS = 1_000;
/** One trader in this many is a tracked wallet. */
const TRACKED_SHARE = 200;

interface Template {
  raw: RawJson;
  payer: string;
  swaps: number;
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
    out.push({ raw, payer: tx.accountKeys[0]!, swaps: swaps.length });
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

/** Yields re-keyed transactions at `rate` swaps/s for `seconds`, recording each receipt time. */
class SteadyStream implements Datasource {
  readonly source = "replay" as const;
  readonly name = "bench-stream";
  readonly receivedAt = new Map<string, number>();
  offered = 0;

  constructor(
    private readonly tpl: Template[],
    private readonly wallets: string[],
    private readonly tracked: string[],
    /** Made before the clock starts; more than the run can use, so none repeats. */
    private readonly signatures: string[],
  ) {}

  async *read(signal: AbortSignal): AsyncIterable<RawTransaction> {
    const start = performance.now();
    let slot = 360_000_000;
    let n = 0;
    while (!signal.aborted) {
      const elapsed = (performance.now() - start) / 1000;
      if (elapsed >= SECONDS) return;
      const due = Math.floor(elapsed * RATE);
      if (this.offered >= due) {
        await new Promise((r) => setTimeout(r, 2));
        continue;
      }
      while (this.offered < due) {
        const t = this.tpl[n % this.tpl.length]!;
        const wallet = n % TRACKED_SHARE === 0 ? this.tracked[n % this.tracked.length]! : this.wallets[n % this.wallets.length]!;
        const signature = this.signatures[n % this.signatures.length]!;
        if (n % 40 === 0) slot++;
        this.receivedAt.set(signature, performance.now());
        this.offered += t.swaps;
        n++;
        yield { raw: rekey(t, signature, wallet, slot), origin: signature, slot };
      }
    }
  }
}

export async function run(): Promise<Record<string, number>> {
  const tpl = await templates();
  const wallets = Array.from({ length: 200_000 }, () => bs58.encode(randomBytes(32)));
  const tracked = Array.from({ length: TRACKED }, () => bs58.encode(randomBytes(32)));
  const dbName = `pumpspace_bench_${process.pid}`;
  const admin = new pg.Client({ connectionString: PG });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${dbName}`);
  const url = new URL(PG);
  url.pathname = `/${dbName}`;
  const db = connectPostgres(url.toString(), { max: 6 });
  const prefix = `pumpspace-bench-${process.pid}`;
  const redis = new Redis(REDIS, { maxRetriesPerRequest: null });
  let peakRss = 0;
  const rssTimer = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 100);
  try {
    await migrate(db.sql);
    await db.sql.query(`INSERT INTO chat (id, type) SELECT g, 'private' FROM generate_series(1, $1) g`, [CHATS]);
    await db.sql.query(
      `INSERT INTO tracked_wallet (chat_id, address) SELECT (i % $2) + 1, a FROM unnest($1::text[]) WITH ORDINALITY AS t(a, i)`,
      [tracked, CHATS],
    );
    const avgSwaps = tpl.reduce((a, t) => a + t.swaps, 0) / tpl.length;
    const signatures = Array.from({ length: Math.ceil(((RATE * SECONDS) / avgSwaps) * 1.2) }, () => bs58.encode(randomBytes(64)));
    const stream = new SteadyStream(tpl, wallets, tracked, signatures);
    const events = new QueueEvents(QueueName.SwapBatches, { connection: redis.duplicate(), prefix });
    await events.waitUntilReady();
    const latencies: number[] = [];
    let stored = 0;
    // The pipeline runs in its own process, as deployed (`WORKER_ROLES=pipeline`): one process
    // decodes, the other stores, and Postgres and Redis take what is left of the two cores.
    const pipeline = spawn(process.execPath, ["--import", "tsx", "workers/main.ts"], {
      env: {
        ...process.env,
        DATABASE_URL: url.toString(),
        REDIS_URL: REDIS,
        QUEUE_PREFIX: prefix,
        WORKER_ROLES: "pipeline",
        METRICS_PORT: String(METRICS_PORT),
        LOG_LEVEL: "warn",
      },
      stdio: ["ignore", "ignore", "inherit"],
    });
    const workers = await startWorkers({
      roles: new Set(["ingest"]),
      db,
      redisUrl: REDIS,
      queuePrefix: prefix,
      logger: createLogger("silent"),
      api: createTelegramApi("1:bench", { apiRoot: "http://127.0.0.1:9" }),
      i18n: createI18n(),
      datasource: stream,
      solUsdFallback: 150,
      batchSize: 500,
      batchMaxWaitMs: 25,
      notifyConcurrency: 1,
      notifyRatePerSecond: 1,
    });
    events.on("completed", async ({ jobId }) => {
      const done = performance.now();
      const job = await workers.swapBatches.getJob(jobId);
      if (!job) return;
      for (const s of swapBatchPayload.parse(job.data).swaps) {
        const at = stream.receivedAt.get(s.signature);
        if (at !== undefined) latencies.push(done - at);
        stored++;
      }
    });
    process.stderr.write(`ingest: offering ${RATE} swaps/s for ${SECONDS} s (${tpl.length} transaction shapes)\n`);
    const started = performance.now();
    const counts = await workers.ingestDone;
    const deadline = Date.now() + 60_000;
    while (stored < (counts?.swaps ?? 0) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    const secs = (performance.now() - started) / 1000;
    const [{ n: rows }] = (await db.sql.query<{ n: string }>(`SELECT count(*) AS n FROM swap`)) as [{ n: string }];
    const [{ n: alerts }] = (await db.sql.query<{ n: string }>(`SELECT count(*) AS n FROM alert`)) as [{ n: string }];
    if (Number(rows) !== counts?.swaps) throw new Error(`stored ${rows} swaps, decoded ${counts?.swaps}`);
    // The pipeline process's own account of its batches (its /metrics endpoint).
    const scrape = await fetch(`http://127.0.0.1:${METRICS_PORT}/metrics`).then((r) => r.text()).catch(() => "");
    const metric = (name: string) => Number(new RegExp(`^${name} (\\S+)$`, "m").exec(scrape)?.[1] ?? NaN);
    const batches = metric("pumpspace_swap_batch_seconds_count");
    const batchMs = (metric("pumpspace_swap_batch_seconds_sum") / batches) * 1000;
    await events.close();
    await workers.stop();
    pipeline.kill("SIGTERM");
    await new Promise((r) => pipeline.once("exit", r));
    return {
      offeredSwapsPerSec: RATE,
      swaps: Number(rows),
      swapsPerSec: round(Number(rows) / secs),
      p50Ms: round(percentile(latencies, 50), 1),
      p99Ms: round(percentile(latencies, 99), 1),
      maxMs: round(latencies.reduce((a, b) => Math.max(a, b), 0), 1),
      batches,
      avgBatchStoreMs: round(batchMs, 1),
      alerts: Number(alerts),
      peakRssMb: round(peakRss / 2 ** 20),
    };
  } finally {
    clearInterval(rssTimer);
    await db.close();
    await admin.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    await admin.end();
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
  }
}
