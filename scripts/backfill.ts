/**
 * Backfills the history of one address (token mint, pool or wallet) over Solana JSON-RPC into
 * the swap store:
 *
 *   npm run -s backfill -- <address> [--pages N] [--rpc URL] [--rps N] [--concurrency N]
 *
 * Runs the RPC datasource through the worker roles ingest + pipeline (swaps are stored, alerts
 * matched, the run recorded in job_run). The first run of an address is deep (--pages pages of
 * 1000 signatures, default 10); later runs are incremental down to the newest signature stored;
 * a run that stopped half-way (crash, Ctrl-C, RPC outage) is resumed below where it stopped.
 *
 * stderr: one progress line (rewritten in place on a terminal, one line per update otherwise)
 * and warnings. stdout: one summary line at the end. Exit 0 done, 1 failed (run it again to
 * resume), 2 bad usage or address, 130 stopped by Ctrl-C (resumable too).
 */
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { Queue } from "bullmq";
import { BackfillBusyError, withAddressLock } from "../core/data/backfill-lock.js";
import type { Database } from "../core/data/db.js";
import { checkAddressFormat } from "../core/domain/address.js";
import type { Logger } from "../core/logger.js";
import type { IngestCounts } from "../workers/ingest/ingest.js";
import type { BackfillPlan, BackfillProgress, DeadSignature, RpcBackfillDatasource, RpcBackfillOptions } from "../workers/ingest/rpc-backfill.js";

// The worker stack (BullMQ, Prisma, web3.js, grammY) is imported when a run starts, not at load:
// a mistyped address is answered in a second instead of after loading all of it.
const loadRunDeps = async () => {
  const [app, rpc, cursors, jobRuns, i18n, grammy] = await Promise.all([
    import("../workers/app.js"),
    import("../workers/ingest/rpc-backfill.js"),
    import("../core/data/signature-cursor.js"),
    import("../core/data/job-runs.js"),
    import("../core/i18n.js"),
    import("grammy"),
  ]);
  return { ...app, ...rpc, ...cursors, ...jobRuns, ...i18n, Api: grammy.Api };
};

export { BackfillBusyError };

export const USAGE = "usage: npm run -s backfill -- <address> [--pages N] [--rpc URL] [--rps N] [--concurrency N]";
const DEFAULT_RPC_URL = "https://api.mainnet-beta.solana.com";

export interface BackfillArgs {
  address: string;
  pages?: number;
  rpc?: string;
  rps?: number;
  concurrency?: number;
}

/** Parses the command line; an error is one sentence for the user. */
export function parseBackfillArgs(argv: readonly string[]): { ok: true; args: BackfillArgs } | { ok: false; error: string } {
  const positional: string[] = [];
  const flags: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "--") continue;
    if (!a.startsWith("--")) {
      positional.push(a);
      continue;
    }
    const eq = a.indexOf("=");
    const name = eq > 0 ? a.slice(2, eq) : a.slice(2);
    if (!["pages", "rpc", "rps", "concurrency"].includes(name)) return { ok: false, error: `unknown option --${name} (${USAGE})` };
    const value = eq > 0 ? a.slice(eq + 1) : argv[++i];
    if (value === undefined) return { ok: false, error: `--${name} needs a value (${USAGE})` };
    flags[name] = value;
  }
  if (positional.length === 0) return { ok: false, error: `no address given (${USAGE})` };
  if (positional.length > 1) return { ok: false, error: `one address at a time, got ${positional.length} (${USAGE})` };
  const input = positional[0]!;
  const check = checkAddressFormat(input);
  if (!check.ok) return { ok: false, error: addressError(input, check) };

  const args: BackfillArgs = { address: check.address };
  const int = (name: string, max: number): number | string | undefined => {
    const v = flags[name];
    if (v === undefined) return undefined;
    const n = Number(v);
    return Number.isInteger(n) && n >= 1 && n <= max ? n : `--${name} must be a whole number from 1 to ${max}, got ${JSON.stringify(v)}`;
  };
  const pages = int("pages", 1_000_000);
  if (typeof pages === "string") return { ok: false, error: pages };
  if (pages !== undefined) args.pages = pages;
  const concurrency = int("concurrency", 256);
  if (typeof concurrency === "string") return { ok: false, error: concurrency };
  if (concurrency !== undefined) args.concurrency = concurrency;
  if (flags.rps !== undefined) {
    const n = Number(flags.rps);
    if (!(Number.isFinite(n) && n > 0)) return { ok: false, error: `--rps must be a positive number, got ${JSON.stringify(flags.rps)}` };
    args.rps = n;
  }
  if (flags.rpc !== undefined) {
    let url: URL | null = null;
    try {
      url = new URL(flags.rpc);
    } catch {
      url = null;
    }
    if (!url || (url.protocol !== "http:" && url.protocol !== "https:")) {
      return { ok: false, error: `--rpc must be an http(s) URL of a Solana JSON-RPC endpoint` };
    }
    args.rpc = flags.rpc;
  }
  return { ok: true, args };
}

function addressError(input: string, check: Exclude<ReturnType<typeof checkAddressFormat>, { ok: true }>): string {
  // JSON quoting keeps the message on one line whatever was typed.
  const shown = JSON.stringify(input.length > 60 ? `${input.slice(0, 60)}…` : input);
  switch (check.reason) {
    case "empty":
      return `no address given (${USAGE})`;
    case "not-base58":
      return `${shown} is not a Solana address: ${check.invalid.map((c) => JSON.stringify(c)).join(", ")} ${check.invalid.length === 1 ? "is not a base58 character" : "are not base58 characters"}`;
    case "wrong-length":
      return check.bytes === null
        ? `${shown} is not a Solana address: ${check.chars} characters, an address has 32 to 44 base58 characters`
        : `${shown} is not a Solana address: it decodes to ${check.bytes} bytes, an address has 32`;
  }
}

export interface BackfillStatus extends BackfillProgress {
  plan: BackfillPlan;
  /** Transactions taken in by the ingest loop. */
  transactions: number;
  /** Swaps decoded from them. */
  swaps: number;
  /** How long requests are still held back by a 429. */
  rateLimitedForMs: number;
  elapsedMs: number;
}

export interface BackfillSummary extends BackfillStatus {
  deadLetters: DeadSignature[];
  /** Stopped by the signal before the range was done (resumable). */
  stopped: boolean;
  /** Batches of this run the pipeline failed on (they stay in the queue's failed set). */
  failedBatches: number;
  /** Batches still queued when the wait for the pipeline ended. */
  queuedBatches: number;
  ingest: Readonly<IngestCounts> | null;
}

export interface BackfillRunOptions {
  address: string;
  rpcUrl: string;
  db: Database;
  redisUrl: string;
  queuePrefix: string;
  logger: Logger;
  /** Deep mode page budget. Default 10. */
  pages?: number;
  requestsPerSecond?: number;
  concurrency?: number;
  /** Further datasource settings: page size, burst, retries, backoff, timeouts. */
  tuning?: Pick<
    RpcBackfillOptions,
    | "pageSize"
    | "burst"
    | "commitment"
    | "maxRetries"
    | "maxRateLimitRetries"
    | "backoffBaseMs"
    | "backoffMaxMs"
    | "maxRetryAfterMs"
    | "requestTimeoutMs"
    | "httpHeaders"
  >;
  solUsdFallback?: number;
  /** Swaps per batch. Default 500. */
  batchSize?: number;
  /** SWAP_RETENTION_DAYS of the pipeline role this run starts (its retention job may run too). */
  retentionDays?: number;
  onStatus?: (s: BackfillStatus) => void;
  /** Stops the run cleanly: what was taken in is handed off and the cursor saved. */
  signal?: AbortSignal;
  /** How long to wait for the pipeline to store what was queued. Default 10 minutes. */
  drainTimeoutMs?: number;
}

/**
 * One backfill run of one address: datasource → ingest → swap-batches queue → pipeline, then
 * waits until the pipeline has stored what this run queued. Rejects when the run fails (the
 * cursor keeps what was handed off; run it again to resume).
 *
 * @example
 * const summary = await runBackfill({ address: mint, rpcUrl, db, redisUrl, queuePrefix: "pumpspace", logger });
 */
export async function runBackfill(o: BackfillRunOptions): Promise<BackfillSummary> {
  const started = performance.now();
  const { RpcBackfillDatasource, signatureCursor, writeDeadLetters, startWorkers, createI18n, Api } = await loadRunDeps();
  const source = `rpc:${o.address}`;
  let ingest: Readonly<IngestCounts> | null = null;
  const ds: RpcBackfillDatasource = new RpcBackfillDatasource({
    ...o.tuning,
    address: o.address,
    rpcUrl: o.rpcUrl,
    cursor: signatureCursor(o.db.sql, source),
    maxPages: o.pages ?? 10,
    ...(o.requestsPerSecond !== undefined ? { requestsPerSecond: o.requestsPerSecond } : {}),
    ...(o.concurrency !== undefined ? { concurrency: o.concurrency } : {}),
    logger: o.logger,
    onProgress: () => report(),
    onDeadLetter: (items) =>
      writeDeadLetters(
        o.db.sql,
        items.map((d) => ({ source: "rpc-backfill", key: d.signature, reason: d.reason, payload: { address: o.address, ...d } })),
      ),
  });
  let report = () => {};

  return withAddressLock(o.db, source, async () => {
    // Planned under the lock: a run that just finished beside us has moved the cursor.
    const plan = await ds.plan();
    const status = (): BackfillStatus => ({
      ...ds.progress,
      plan,
      transactions: ingest?.transactions ?? 0,
      swaps: ingest?.swaps ?? 0,
      rateLimitedForMs: ds.rateLimitedForMs,
      elapsedMs: performance.now() - started,
    });
    report = () => o.onStatus?.(status());
    const w = await startWorkers({
      roles: new Set(["ingest", "pipeline"]),
      db: o.db,
      redisUrl: o.redisUrl,
      queuePrefix: o.queuePrefix,
      logger: o.logger,
      // The notifier role is off: this Api is never called. Alerts the pipeline creates wait in
      // the notify queue for the notifier process.
      api: new Api("0:backfill-runs-no-notifier", { apiRoot: "http://127.0.0.1:9" }),
      i18n: createI18n(),
      datasource: ds,
      solUsdFallback: o.solUsdFallback ?? 150,
      batchSize: o.batchSize ?? 500,
      ...(o.retentionDays !== undefined ? { retentionDays: o.retentionDays } : {}),
      batchMaxWaitMs: 200,
      notifyConcurrency: 1,
      notifyRatePerSecond: 1,
      onIngestProgress: (c) => {
        ingest = c;
        report();
      },
    });
    let stopping: Promise<void> | null = null;
    const stop = () => (stopping ??= w.stop());
    const failedBefore = (await w.swapBatches.getJobCounts("failed")).failed ?? 0;
    const onAbort = () => void stop();
    if (o.signal?.aborted) onAbort();
    o.signal?.addEventListener("abort", onAbort, { once: true });
    let queuedBatches = 0;
    let failedBatches = 0;
    try {
      ingest = await w.ingestDone;
      await ds.settled();
      if (!stopping) {
        queuedBatches = await drain(w.swapBatches, o.drainTimeoutMs ?? 600_000);
        failedBatches = ((await w.swapBatches.getJobCounts("failed")).failed ?? 0) - failedBefore;
      }
    } finally {
      o.signal?.removeEventListener("abort", onAbort);
      await ds.settled();
      await stop();
    }
    return {
      ...status(),
      deadLetters: [...ds.deadLetters],
      stopped: o.signal?.aborted === true,
      failedBatches,
      queuedBatches,
      ingest,
    };
  });
}

/** Waits until the queue has nothing waiting or running; returns what is left on timeout. */
async function drain(queue: Pick<Queue, "getJobCounts">, timeoutMs: number): Promise<number> {
  const until = performance.now() + timeoutMs;
  for (;;) {
    const c = await queue.getJobCounts("wait", "active", "delayed", "prioritized", "paused");
    const left = Object.values(c).reduce((a, b) => a + b, 0);
    if (left === 0 || performance.now() > until) return left;
    await new Promise((r) => setTimeout(r, 100));
  }
}

const fmt = (n: number) => n.toLocaleString("en-US");
const secs = (ms: number) => `${(ms / 1000).toFixed(1)}s`;

export function progressLine(s: BackfillStatus): string {
  const wait = s.rateLimitedForMs > 0 ? ` (waiting ${secs(s.rateLimitedForMs)})` : "";
  return (
    `${s.plan.mode}: ${fmt(s.pages)} pages, ${fmt(s.signatures)} signatures, ${fmt(s.fetched)} fetched, ` +
    `${fmt(s.swaps)} swaps, ${fmt(s.failedSkipped)} failed skipped, ${fmt(s.rateLimited)} rate-limited${wait}, ${secs(s.elapsedMs)}`
  );
}

export function summaryLine(address: string, s: BackfillSummary): string {
  const parts = [
    `${s.plan.mode} ${s.stopped ? "stopped (run again to resume)" : "done"}`,
    `${fmt(s.pages)} pages`,
    `${fmt(s.signatures)} signatures (${fmt(s.failedSkipped)} failed, skipped)`,
    `${fmt(s.fetched)} transactions fetched`,
    `${fmt(s.swaps)} swaps decoded`,
    `${fmt(s.rateLimited)} rate-limited`,
    `${fmt(s.deadLetters.length)} dead-lettered${s.deadLetters.length ? " (dead_letter source rpc-backfill)" : ""}`,
  ];
  if (s.failedBatches) parts.push(`${fmt(s.failedBatches)} batches failed in the pipeline`);
  if (s.queuedBatches) parts.push(`${fmt(s.queuedBatches)} batches still queued`);
  parts.push(secs(s.elapsedMs));
  return `backfill ${address}: ${parts.join(", ")}`;
}

async function main(): Promise<number> {
  const parsed = parseBackfillArgs(process.argv.slice(2));
  if (!parsed.ok) {
    process.stderr.write(`backfill: ${parsed.error}\n`);
    return 2;
  }
  const { args } = parsed;
  const [{ baseSchema, ConfigError, loadConfig, workersSchema }, { connectDatabase }, { default: pino }] = await Promise.all([
    import("../core/config.js"),
    import("../core/data/db.js"),
    import("pino"),
  ]);
  const schema = baseSchema.extend({
    SOLANA_RPC_URL: workersSchema.shape.SOLANA_RPC_URL,
    SOL_USD_FALLBACK: workersSchema.shape.SOL_USD_FALLBACK,
    SWAP_BATCH_SIZE: workersSchema.shape.SWAP_BATCH_SIZE,
    SWAP_RETENTION_DAYS: workersSchema.shape.SWAP_RETENTION_DAYS,
  });
  let config;
  try {
    config = loadConfig(schema);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    process.stderr.write(`backfill: ${err.message}\n`);
    return 1;
  }
  // Logs go to stderr (stdout carries only the summary); quiet unless LOG_LEVEL asks for more.
  const logger = pino({ name: "backfill", level: process.env.LOG_LEVEL ? config.LOG_LEVEL : "warn" }, pino.destination(2));
  const rpcUrl = args.rpc ?? config.SOLANA_RPC_URL ?? DEFAULT_RPC_URL;

  const tty = process.stderr.isTTY === true;
  let lastDraw = 0;
  let drawn = false;
  const draw = (s: BackfillStatus, force = false) => {
    const now = performance.now();
    if (!force && now - lastDraw < (tty ? 100 : 2000)) return;
    lastDraw = now;
    drawn = true;
    const line = `backfill ${args.address} ${progressLine(s)}`;
    process.stderr.write(tty ? `\r\x1b[2K${line}` : `${line}\n`);
  };

  const abort = new AbortController();
  process.once("SIGINT", () => {
    process.stderr.write(`${tty && drawn ? "\n" : ""}backfill: stopping; what was fetched is handed off and the cursor saved (Ctrl-C again to quit at once)\n`);
    abort.abort();
    process.once("SIGINT", () => process.exit(130));
  });
  process.once("SIGTERM", () => abort.abort());

  const db = await connectDatabase(config.DATABASE_URL);
  try {
    const summary = await runBackfill({
      address: args.address,
      rpcUrl,
      db,
      redisUrl: config.REDIS_URL,
      queuePrefix: config.QUEUE_PREFIX,
      logger,
      ...(args.pages !== undefined ? { pages: args.pages } : {}),
      ...(args.rps !== undefined ? { requestsPerSecond: args.rps } : {}),
      ...(args.concurrency !== undefined ? { concurrency: args.concurrency } : {}),
      solUsdFallback: config.SOL_USD_FALLBACK,
      batchSize: config.SWAP_BATCH_SIZE,
      retentionDays: config.SWAP_RETENTION_DAYS,
      onStatus: (s) => draw(s),
      signal: abort.signal,
    });
    draw(summary, true);
    if (tty) process.stderr.write("\n");
    process.stdout.write(`${summaryLine(args.address, summary)}\n`);
    return summary.stopped ? 130 : 0;
  } catch (err) {
    if (tty && drawn) process.stderr.write("\n");
    const resumable = !(err instanceof BackfillBusyError);
    process.stderr.write(`backfill: ${(err as Error).message}${resumable ? " (run it again to resume from where it stopped)" : ""}\n`);
    return 1;
  } finally {
    await db.close().catch(() => {});
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  // Exit explicitly: a failed run can leave a partial batch's timer behind (see the header).
  process.exit(await main());
}
