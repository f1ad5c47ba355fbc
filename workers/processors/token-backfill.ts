/**
 * The token-backfill queue's processor: one token's history over RPC, on demand (/top on a token,
 * a channel's call on a token PumpSpace never saw), through the same path as every backfill:
 * RPC datasource → ingest loop → swap-batches queue → the pipeline's store and the stages behind
 * it (stats, scoring marks; source "rpc", so never an alert).
 *
 * Key ideas:
 * - The plan comes from the mint's signature cursor (shared with `npm run -s backfill`): deep for
 *   a new token, incremental down to the newest signature of the last sweep, or, for a token the
 *   live stream stored but no sweep has covered, down to its newest stored swap.
 * - The job finishes only when what it queued is stored and its traders are rescored, so whoever
 *   waits for it (the /top answer, a call's price) reads the new positions at once. Rescoring
 *   takes the scoring run's advisory lock (two writers of one wallet's positions would collide);
 *   if a long run holds it, the wallets stay marked changed and the next tick scores them.
 * - A failure is reported as `<code>: <detail>` (see TokenBackfillErrorCode): the asker shows a
 *   sentence per code and never the detail, which may carry the RPC's URL.
 */
import type { Job, Queue } from "bullmq";
import { BackfillBusyError, withAddressLock } from "../../core/data/backfill-lock.js";
import type { Database, SqlRunner } from "../../core/data/db.js";
import { writeDeadLetters } from "../../core/data/job-runs.js";
import { signatureCursor } from "../../core/data/signature-cursor.js";
import { loadScoreSettings, rescoreWallets } from "../../core/data/wallet-scores.js";
import { SolUsdPrice } from "../../core/domain/sol-price.js";
import type { Logger } from "../../core/logger.js";
import { tokenBackfillPayload, type TokenBackfillStatus } from "../../core/queues/contract.js";
import type { TokenBackfillErrorCode } from "../../core/queues/token-backfill.js";
import { runIngest } from "../ingest/ingest.js";
import {
  RpcBackfillDatasource,
  RpcHttpError,
  RpcNetworkError,
  RpcRateLimitedError,
  RpcResponseError,
  type RpcBackfillOptions,
} from "../ingest/rpc-backfill.js";
import { SCORING_LOCK_KEY } from "./wallet-scoring.js";

export interface TokenBackfillDeps {
  db: Pick<Database, "kind" | "sql">;
  swapBatches: Queue;
  rpcUrl: string;
  logger: Logger;
  solUsdFallback: number;
  /** Swaps per batch. */
  batchSize: number;
  /** Deep runs: pages of signatures (1000 each unless tuned). */
  pages: number;
  requestsPerSecond: number;
  /** Datasource settings for tests (small pages, short backoff). */
  tuning?: Pick<RpcBackfillOptions, "pageSize" | "backoffBaseMs" | "backoffMaxMs" | "maxRetries" | "requestTimeoutMs" | "maxRateLimitRetries" | "concurrency">;
  /** How long the job waits for the pipeline to store its batches. Default 5 minutes. */
  storeTimeoutMs?: number;
  /** How long it waits for the scoring lock before leaving the wallets to the next tick. Default 30 s. */
  scoringLockWaitMs?: number;
  /** Stops runs in flight (shutdown). */
  signal: AbortSignal;
  nowSec?: () => number;
}

/** A failure whose message starts with its code, so it survives BullMQ's failedReason (a string). */
export class TokenBackfillError extends Error {
  override name = "TokenBackfillError";
  constructor(
    readonly code: TokenBackfillErrorCode,
    detail: string,
    options?: ErrorOptions,
  ) {
    super(`${code}: ${detail}`, options);
  }
}

/** What went wrong with the RPC, from the error and its causes. */
export function classifyRpcFailure(err: unknown): TokenBackfillErrorCode {
  for (let e: unknown = err, depth = 0; e instanceof Error && depth < 5; e = e.cause, depth++) {
    if (e instanceof RpcNetworkError) return "rpc-unreachable";
    if (e instanceof RpcRateLimitedError) return "rpc-rate-limited";
    if (e instanceof RpcHttpError || e instanceof RpcResponseError) return "rpc-error";
  }
  return "rpc-error";
}

/** The newest stored swap of `mint` (its slot is token_seen's last slot, so the key finds it). */
export async function newestStoredSwap(sql: SqlRunner, mint: string): Promise<{ signature: string; slot: number } | null> {
  const rows = await sql.query<{ slot: string; signature: string }>(
    `SELECT s.slot, s.signature FROM token_seen t
     JOIN swap s ON s.slot = t.last_slot AND (s.mint_in = t.mint OR s.mint_out = t.mint)
     WHERE t.mint = $1 ORDER BY s.signature DESC LIMIT 1`,
    [mint],
  );
  const r = rows[0];
  return r ? { signature: r.signature, slot: Number(r.slot) } : null;
}

const PROGRESS_EVERY_MS = 500;

export function createTokenBackfillProcessor(d: TokenBackfillDeps) {
  return async (job: Job): Promise<TokenBackfillStatus> => {
    const { mint } = tokenBackfillPayload.parse(job.data);
    const log = d.logger.child({ job: job.id, mint });
    const status: TokenBackfillStatus = { phase: "listing", mode: null, signatures: 0, fetched: 0, swaps: 0, wallets: 0 };
    let lastSent = 0;
    // Progress goes out in order, and the job ends only after the last one is written: a
    // completion written first would end the askers' wait before they saw the phases.
    let sent: Promise<unknown> = Promise.resolve();
    const report = (force = false) => {
      const now = performance.now();
      if (!force && now - lastSent < PROGRESS_EVERY_MS) return;
      lastSent = now;
      const snapshot = { ...status };
      sent = sent.then(() =>
        job.updateProgress(snapshot).catch((err: unknown) => log.debug({ err: (err as Error).message }, "progress not sent")),
      );
    };

    const source = `rpc:${mint}`;
    const ds = new RpcBackfillDatasource({
      ...d.tuning,
      address: mint,
      rpcUrl: d.rpcUrl,
      cursor: signatureCursor(d.db.sql, source),
      storedNewest: () => newestStoredSwap(d.db.sql, mint),
      maxPages: d.pages,
      requestsPerSecond: d.requestsPerSecond,
      logger: log,
      onProgress: (p) => {
        status.signatures = p.signatures;
        status.fetched = p.fetched;
        report();
      },
      onDeadLetter: (items) =>
        writeDeadLetters(
          d.db.sql,
          items.map((x) => ({ source: "rpc-backfill", key: x.signature, reason: x.reason, payload: { address: mint, ...x } })),
        ),
    });

    // What this run hands to the swap-batches queue: the jobs to wait for, the wallets to rescore.
    const batchJobs: string[] = [];
    const traders = new Set<string>();

    try {
      return await withAddressLock(d.db, source, async () => {
        status.mode = (await ds.plan()).mode;
        report(true);
        try {
          const counts = await runIngest(
            ds,
            {
              queue: d.swapBatches,
              sql: d.db.sql,
              logger: log,
              solUsd: new SolUsdPrice(d.solUsdFallback),
              batchSize: d.batchSize,
              maxWaitMs: 200,
              onProgress: (c) => {
                status.swaps = c.swaps;
                report();
              },
              onHandedOff: (batch) => {
                batchJobs.push(batch.jobId);
                for (const s of batch.swaps) traders.add(s.trader);
              },
            },
            d.signal,
          );
          status.swaps = counts.swaps;
        } catch (err) {
          if (d.signal.aborted) throw new TokenBackfillError("stopped", "the worker is shutting down", { cause: err });
          throw new TokenBackfillError(classifyRpcFailure(err), (err as Error).message, { cause: err });
        } finally {
          await ds.settled();
        }
        if (d.signal.aborted) throw new TokenBackfillError("stopped", "the worker is shutting down");

        status.phase = "storing";
        report(true);
        await waitStored(d.swapBatches, batchJobs, d.storeTimeoutMs ?? 300_000, d.signal);

        status.phase = "scoring";
        report(true);
        status.wallets = await rescoreTraders(d, [...traders], log);
        status.phase = "done";
        log.info(status, "token backfill done");
        await sent;
        return { ...status };
      });
    } catch (err) {
      if (err instanceof BackfillBusyError) throw new TokenBackfillError("busy", err.message);
      throw err;
    }
  };
}

/** Waits until every listed swap-batches job is stored; a failed one fails the run. */
async function waitStored(queue: Queue, ids: readonly string[], timeoutMs: number, signal: AbortSignal): Promise<void> {
  const until = performance.now() + timeoutMs;
  const pending = new Set(ids);
  while (pending.size > 0) {
    for (const id of [...pending]) {
      const state = await queue.getJobState(id);
      // "unknown": removed after completion (the queue keeps finished jobs for an hour).
      if (state === "completed" || state === "unknown") pending.delete(id);
      else if (state === "failed") throw new TokenBackfillError("store-failed", `swap batch ${id} failed in the pipeline`);
    }
    if (pending.size === 0) return;
    if (signal.aborted) throw new TokenBackfillError("stopped", "the worker is shutting down");
    if (performance.now() > until) throw new TokenBackfillError("store-failed", `${pending.size} swap batches not stored within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * Rescores the run's traders now, under the scoring lock, so their positions include the new
 * swaps when the job ends. Returns how many were rescored (0 when the lock stayed taken).
 */
async function rescoreTraders(d: TokenBackfillDeps, wallets: readonly string[], log: Logger): Promise<number> {
  if (wallets.length === 0) return 0;
  const waitMs = d.scoringLockWaitMs ?? 30_000;
  return d.db.sql.session(async (s) => {
    const until = performance.now() + waitMs;
    for (;;) {
      const [lock] = await s.query<{ ok: boolean }>("SELECT pg_try_advisory_lock($1) AS ok", [SCORING_LOCK_KEY]);
      if (lock?.ok) break;
      if (performance.now() > until || d.signal.aborted) {
        log.warn({ wallets: wallets.length }, "scoring is busy; the backfilled wallets are scored by its next run");
        return 0;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    try {
      const settings = await loadScoreSettings(d.db.sql);
      const nowSec = (d.nowSec ?? (() => Math.floor(Date.now() / 1000)))();
      let done = 0;
      for (let i = 0; i < wallets.length; i += 1000) {
        done += (await rescoreWallets(d.db.sql, wallets.slice(i, i + 1000), { nowSec, settings })).wallets;
      }
      return done;
    } finally {
      await s.query("SELECT pg_advisory_unlock($1)", [SCORING_LOCK_KEY]);
    }
  });
}
