/**
 * The slot-gap filler: the retry path of `slot-gap` dead letters (core/data/slot-gaps.ts). Each
 * open gap is backfilled over JSON-RPC with the slot-range datasource through the ordinary
 * ingest loop (source "rpc": stored, never alerted), then marked retried.
 *
 * Key ideas:
 * - A gap whose end the stream never reported is filled up to the node's tip, and that end is
 *   written into the payload first, so a resumed fill aims at the same range.
 * - A durable cursor per gap (`ingest_cursor` row `slot-gap:<id>`: the next slot to fill) moves
 *   with every batch handed off and at the end of every chunk; a fill that crashed resumes
 *   there. Whatever is seen twice is absorbed by the idempotent store.
 * - A gap wider than `maxSlots` is filled in chunks of that size, each one a job_run of its own,
 *   so a long outage shows its progress and a failed chunk costs only that chunk.
 * - A block that cannot be fetched after its retries becomes a one-slot gap of its own (a new
 *   dead letter) and the rest of the range goes on; a one-slot gap that fails stays pending,
 *   and so does a gap older than the node's history (getFirstAvailableBlock) or one whose
 *   blocks keep failing (more than MAX_SPLIT_PER_RUN in a run): nothing is marked done unfilled.
 *
 * Trap: two fills of one gap (the periodic job and `npm run -s deadletter -- retry slot-gap`)
 * would only double the RPC bill, but a per-gap advisory lock keeps it to one anyway; and the
 * periodic job as a whole runs under a lock of its own, like retention.
 */
import type { Queue } from "bullmq";
import { slotCursor } from "../../core/data/cursors.js";
import type { SqlRunner } from "../../core/data/db.js";
import { JobRuns } from "../../core/data/job-runs.js";
import { recordSlotGap, setSlotGapEnd, slotGapCursorName, slotGapPayload, SLOT_GAP_SOURCE } from "../../core/data/slot-gaps.js";
import { defaultRegistry } from "../../core/domain/decoders/index.js";
import { SolUsdPrice } from "../../core/domain/sol-price.js";
import type { Logger } from "../../core/logger.js";
import { retryDeadLetters, type DeadLetterRow, type RetryOutcome } from "../dead-letters.js";
import { runIngest } from "../ingest/ingest.js";
import { SlotRangeDatasource, SlotRpc, type SlotRangeOptions, type SlotRangeProgress } from "../ingest/slot-range.js";

export const SLOT_GAPS_LOCK_KEY = 0x534c_4f54; // "SLOT"
/** Blocks one fill may split off as gaps of their own before it gives up for this run. */
export const MAX_SPLIT_PER_RUN = 100;

export interface SlotGapFillConfig {
  /** JSON-RPC endpoint (SOLANA_RPC_URL). */
  rpcUrl: string;
  /** getBlock requests in flight. */
  concurrency: number;
  /** The widest range filled in one run; wider gaps are split into chunks of this many slots. */
  maxSlots: number;
  requestsPerSecond?: number;
  commitment?: "confirmed" | "finalized";
  /** Blocks one run may split off as gaps of their own before it gives up; default MAX_SPLIT_PER_RUN. */
  maxSplitPerRun?: number;
  /** Programs whose transactions are kept; default the decoder registry's. */
  programIds?: readonly string[];
  /** Transport and listing details (backoff, retries, timeouts, getBlocks window). */
  tuning?: Pick<
    SlotRangeOptions,
    "httpHeaders" | "listWindow" | "maxRetries" | "maxRateLimitRetries" | "backoffBaseMs" | "backoffMaxMs" | "maxRetryAfterMs" | "requestTimeoutMs"
  >;
}

export interface SlotGapStatus {
  gapId: string;
  fromSlot: number;
  toSlot: number;
  /** Chunks of this gap: the one running (1-based) and how many in all. */
  chunk: number;
  chunks: number;
  /** Every slot up to here is handed off or recorded. */
  doneThrough: number;
  blocks: number;
  kept: number;
  swaps: number;
  skippedSlots: number;
  failedBlocks: number;
  rateLimited: number;
  rateLimitedForMs: number;
  elapsedMs: number;
}

export interface SlotGapFillDeps {
  sql: SqlRunner;
  /** The swap-batches queue the pipeline stores from. */
  queue: Queue;
  logger: Logger;
  solUsdFallback: number;
  batchSize: number;
  batchMaxWaitMs?: number;
  onProgress?: (s: Readonly<SlotGapStatus>) => void;
  signal?: AbortSignal;
}

/** Another run holds this gap; it will be marked when that run finishes. */
export class SlotGapBusyError extends Error {
  override name = "SlotGapBusyError";
}

/** The gap starts before the oldest block the RPC node can serve. */
export class SlotGapOutOfHistoryError extends Error {
  override name = "SlotGapOutOfHistoryError";
}

/** The run was stopped (shutdown, Ctrl-C) mid-gap; the cursor resumes it. */
export class SlotGapStoppedError extends Error {
  override name = "SlotGapStoppedError";
}

/**
 * Backfills one `slot-gap` dead letter. Resolves with a one-line account once every slot of the
 * gap is handed off (or recorded as a gap of its own); the caller marks the letter retried.
 * Throws when it cannot finish: the letter stays pending and the cursor keeps what was done.
 */
export async function fillSlotGap(row: DeadLetterRow, deps: SlotGapFillDeps, cfg: SlotGapFillConfig): Promise<string> {
  const parsed = slotGapPayload.safeParse(row.payload);
  if (!parsed.success) throw new Error(`payload is not a slot gap (${parsed.error.issues[0]?.message ?? "invalid"})`);
  const gap = parsed.data;
  const id = String(row.id);
  const lockKey = `slot-gap-fill:${id}`;
  return deps.sql.session(async (s) => {
    const [lock] = await s.query<{ ok: boolean }>(`SELECT pg_try_advisory_lock(hashtext($1)) AS ok`, [lockKey]);
    if (!lock?.ok) throw new SlotGapBusyError(`gap ${id} is being filled by another run`);
    try {
      return await fillLocked(id, gap.datasource, gap.fromSlot, gap.toSlot, deps, cfg);
    } finally {
      await s.query(`SELECT pg_advisory_unlock(hashtext($1))`, [lockKey]).catch(() => {});
    }
  });
}

async function fillLocked(
  id: string,
  datasource: string,
  fromSlot: number,
  knownTo: number | undefined,
  deps: SlotGapFillDeps,
  cfg: SlotGapFillConfig,
): Promise<string> {
  const started = performance.now();
  const signal = deps.signal ?? new AbortController().signal;
  const log = deps.logger.child({ slotGap: id, datasource });
  const commitment = cfg.commitment ?? "confirmed";
  const programIds = cfg.programIds ?? [...defaultRegistry.keys()];
  const maxSlots = Math.max(1, Math.floor(cfg.maxSlots));
  const rpc = new SlotRpc({ rpcUrl: cfg.rpcUrl, ...cfg.tuning, ...(cfg.requestsPerSecond ? { requestsPerSecond: cfg.requestsPerSecond } : {}) });
  let toSlot = knownTo;
  if (toSlot === undefined) {
    // The stream never said where it came back: up to the tip now is certain to cover it.
    toSlot = await rpc.getSlot(commitment, signal);
    await setSlotGapEnd(deps.sql, id, toSlot);
    log.info({ fromSlot, toSlot }, "slot gap had no recorded end; filling up to the node's tip");
  }
  if (toSlot < fromSlot) return `slots ${fromSlot}..${toSlot}: empty gap, nothing to fill`;
  // A node without the history lists nothing for the old part of the range, which would look
  // like a gap without blocks: refuse instead, so the gap stays open with a reason.
  const first = await rpc.getFirstAvailableBlock(signal);
  if (first > fromSlot) {
    throw new SlotGapOutOfHistoryError(
      `the RPC node keeps blocks from slot ${first} on; slots ${fromSlot}..${Math.min(toSlot, first - 1)} of this gap are older (use an RPC with full history)`,
    );
  }

  const cursor = slotCursor(deps.sql, slotGapCursorName(id));
  const resumeAt = Math.max(fromSlot, (await cursor.load()) ?? fromSlot);
  const chunks = Math.ceil((toSlot - fromSlot + 1) / maxSlots);
  const total = { blocks: 0, kept: 0, swaps: 0, skippedSlots: 0, failedBlocks: 0, rateLimited: 0, malformed: 0, decodeErrors: 0 };
  /** Blocks this gap could not fetch but could not split off either (it is one slot itself). */
  const unfetched: string[] = [];
  let splitOff = 0;
  const maxSplit = cfg.maxSplitPerRun ?? MAX_SPLIT_PER_RUN;
  const solUsd = new SolUsdPrice(deps.solUsdFallback);
  const runs = new JobRuns(deps.sql);
  if (resumeAt > fromSlot) log.info({ fromSlot, toSlot, resumeAt }, "resuming a slot gap fill");

  for (let next = resumeAt; next <= toSlot; ) {
    const end = Math.min(toSlot, fromSlot + (Math.floor((next - fromSlot) / maxSlots) + 1) * maxSlots - 1);
    const chunk = Math.floor((next - fromSlot) / maxSlots) + 1;
    let ds: SlotRangeDatasource;
    let swaps = 0;
    const report = (p: Readonly<SlotRangeProgress>) =>
      deps.onProgress?.({
        gapId: id,
        fromSlot,
        toSlot: toSlot!,
        chunk,
        chunks,
        doneThrough: p.doneThrough,
        blocks: total.blocks + p.blocks,
        kept: total.kept + p.kept,
        swaps: total.swaps + swaps,
        skippedSlots: total.skippedSlots + p.skippedSlots,
        failedBlocks: total.failedBlocks + p.failedBlocks,
        rateLimited: total.rateLimited + p.rateLimited,
        rateLimitedForMs: ds.rateLimitedForMs,
        elapsedMs: performance.now() - started,
      });
    ds = new SlotRangeDatasource({
      ...cfg.tuning,
      rpcUrl: cfg.rpcUrl,
      from: next,
      to: end,
      programIds,
      commitment,
      concurrency: cfg.concurrency,
      ...(cfg.requestsPerSecond ? { requestsPerSecond: cfg.requestsPerSecond } : {}),
      logger: deps.logger,
      name: `slot-gap:${id}:${next}-${end}`,
      onProgress: report,
      onBlockFailed: async (slot, reason) => {
        // A node failing block after block is down or has no history: stop rather than split
        // the gap into thousands of one-slot gaps. The cursor resumes here next time.
        if (++splitOff > maxSplit) {
          throw new Error(`more than ${maxSplit} blocks could not be fetched in one run (last: slot ${slot}: ${reason})`);
        }
        if (fromSlot === toSlot) {
          unfetched.push(`slot ${slot}: ${reason}`);
          return;
        }
        await recordSlotGap(deps.sql, { datasource, fromSlot: slot, toSlot: slot, reason, parent: id });
      },
    });
    const out = await runs.record(`ingest:${ds.name}`, async () => {
      const counts = await runIngest(
        ds,
        {
          queue: deps.queue,
          sql: deps.sql,
          logger: deps.logger,
          solUsd,
          batchSize: deps.batchSize,
          maxWaitMs: deps.batchMaxWaitMs ?? 200,
          // Moved after each batch is handed off: the slot of its last transaction (inclusive).
          cursor,
          onProgress: (c) => {
            swaps = c.swaps;
            report(ds.progress);
          },
        },
        signal,
      );
      const p = ds.progress;
      return {
        counts: {
          ...counts,
          fromSlot: next,
          toSlot: end,
          listed: p.listed,
          blocks: p.blocks,
          skippedSlots: p.skippedSlots,
          failedBlocks: p.failedBlocks,
          kept: p.kept,
          nonDexSkipped: p.nonDexSkipped,
          failedSkipped: p.failedSkipped,
          voteSkipped: p.voteSkipped,
          rateLimited: p.rateLimited,
        },
      };
    });
    const c = out.counts;
    total.blocks += c.blocks;
    total.kept += c.kept;
    total.swaps += c.swaps;
    total.skippedSlots += c.skippedSlots;
    total.failedBlocks += c.failedBlocks;
    total.rateLimited += c.rateLimited;
    total.malformed += c.malformed;
    total.decodeErrors += c.decodeErrors;
    if (signal.aborted) throw new SlotGapStoppedError(`stopped at slot ${ds.progress.doneThrough + 1} of ${fromSlot}..${toSlot}; the next run resumes there`);
    // Before the cursor passes it: a one-slot gap whose block failed is fetched again next time.
    if (unfetched.length) throw new Error(`block could not be fetched (${unfetched.join("; ")})`);
    // Everything read is on the queue (runIngest flushed): the chunk is done.
    await cursor.save(end + 1);
    next = end + 1;
    log.info({ fromSlot, toSlot, chunk, chunks, swaps: total.swaps }, "slot gap chunk filled");
  }
  const parts = [
    `slots ${fromSlot}..${toSlot}`,
    `${total.blocks} blocks`,
    `${total.kept} DEX transactions`,
    `${total.swaps} swaps queued`,
    `${total.skippedSlots} skipped slots`,
  ];
  if (total.malformed + total.decodeErrors) parts.push(`${total.malformed + total.decodeErrors} dead-lettered (decode)`);
  if (total.failedBlocks) parts.push(`${total.failedBlocks} blocks split off as gaps of their own`);
  return parts.join(", ");
}

const fmt = (n: number) => n.toLocaleString("en-US");

/** One progress line for a terminal or a log. */
export function slotGapProgressLine(s: Readonly<SlotGapStatus>): string {
  const span = s.toSlot - s.fromSlot + 1;
  const done = Math.max(0, Math.min(span, s.doneThrough - s.fromSlot + 1));
  const pct = span > 0 ? ((100 * done) / span).toFixed(1) : "100.0";
  const wait = s.rateLimitedForMs > 0 ? ` (waiting ${(s.rateLimitedForMs / 1000).toFixed(1)}s)` : "";
  return (
    `slot gap ${s.gapId} ${fmt(s.fromSlot)}..${fmt(s.toSlot)}: ${pct}% (chunk ${s.chunk}/${s.chunks}), ${fmt(s.blocks)} blocks, ` +
    `${fmt(s.kept)} DEX txs, ${fmt(s.swaps)} swaps, ${fmt(s.skippedSlots)} skipped slots, ${fmt(s.rateLimited)} rate-limited${wait}, ` +
    `${(s.elapsedMs / 1000).toFixed(1)}s`
  );
}

export interface SlotGapRunResult {
  counts: { gaps: number; filled: number; failed: number };
  outcomes: RetryOutcome[];
  skipped?: "locked";
}

/**
 * The periodic job: every open slot gap, oldest first, under a lock so two instances never run
 * it twice. Recorded as job_run `slot-gaps`; each chunk has its own `ingest:slot-gap:…` run.
 */
export async function runSlotGapFill(
  deps: Omit<SlotGapFillDeps, "onProgress"> & { notify: Queue },
  cfg: SlotGapFillConfig,
): Promise<SlotGapRunResult> {
  return new JobRuns(deps.sql).record("slot-gaps", () =>
    deps.sql.session(async (s) => {
      const [lock] = await s.query<{ ok: boolean }>("SELECT pg_try_advisory_lock($1) AS ok", [SLOT_GAPS_LOCK_KEY]);
      if (!lock?.ok) return { counts: { gaps: 0, filled: 0, failed: 0 }, outcomes: [], skipped: "locked" as const };
      try {
        // A log line at most every 30 s: a long gap shows where it is without flooding the log.
        let last = 0;
        const onProgress = (st: Readonly<SlotGapStatus>) => {
          const now = performance.now();
          if (now - last < 30_000) return;
          last = now;
          deps.logger.info({ slotGap: st.gapId }, slotGapProgressLine(st));
        };
        const outcomes = await retryDeadLetters(
          {
            sql: deps.sql,
            swapBatches: deps.queue,
            notify: deps.notify,
            solUsd: deps.solUsdFallback,
            slotGaps: (row) => fillSlotGap(row, { ...deps, onProgress }, cfg),
          },
          { source: SLOT_GAP_SOURCE },
        );
        for (const o of outcomes) {
          if (o.ok) deps.logger.info({ slotGap: o.id, detail: o.detail }, "slot gap filled");
          else deps.logger.warn({ slotGap: o.id, reason: o.detail }, "slot gap not filled yet; the next run tries again");
        }
        const filled = outcomes.filter((o) => o.ok).length;
        return { counts: { gaps: outcomes.length, filled, failed: outcomes.length - filled }, outcomes };
      } finally {
        await s.query("SELECT pg_advisory_unlock($1)", [SLOT_GAPS_LOCK_KEY]);
      }
    }),
  );
}
