/**
 * Retrying dead letters: input that failed after its retries, kept with payload and reason.
 * - `decode`: a transaction that could not be decoded (malformed, or a decoder error). It is
 *   decoded again with today's decoders; its swaps go to the swap-batches queue like any others
 *   (idempotent downstream, so a retry never doubles).
 * - `notify`: an alert Telegram refused; it is set pending again and re-enqueued.
 * - `slot-gap`: slots a live stream missed; backfilled over JSON-RPC by the filler passed in
 *   `slotGaps` (workers/periodic/slot-gaps.ts), which needs SOLANA_RPC_URL.
 * A letter that fails again keeps its row, with the new reason; one that went through is stamped
 * `retried_at` and is not retried twice.
 */
import type { Queue } from "bullmq";
import type { SqlRunner } from "../core/data/db.js";
import { dropSlotGapCursor } from "../core/data/slot-gaps.js";
import { swapToPayload } from "../core/queues/swap-codec.js";
import type { SwapBatchPayload } from "../core/queues/contract.js";
import { decodeRaw } from "./ingest/ingest.js";

export interface DeadLetterRow {
  id: string;
  source: string;
  key: string;
  reason: string;
  payload: unknown;
  created_at: Date;
  retried_at: Date | null;
}

export async function listDeadLetters(
  sql: SqlRunner,
  opts: { source?: string; limit?: number; pendingOnly?: boolean } = {},
): Promise<DeadLetterRow[]> {
  return sql.query<DeadLetterRow>(
    `SELECT id, source, key, reason, payload, created_at, retried_at FROM dead_letter
     WHERE ($1::text IS NULL OR source = $1) AND (NOT $2 OR retried_at IS NULL)
     ORDER BY id LIMIT $3`,
    [opts.source ?? null, opts.pendingOnly ?? false, opts.limit ?? 1000],
  );
}

export interface RetryOutcome {
  id: string;
  ok: boolean;
  detail: string;
}

export interface RetryDeps {
  sql: SqlRunner;
  swapBatches: Queue;
  notify: Queue;
  solUsd: number;
  /** Fills one slot gap; resolves with what it did. Without it slot gaps stay pending. */
  slotGaps?: (row: DeadLetterRow) => Promise<string>;
}

export async function retryDeadLetters(
  deps: RetryDeps,
  opts: { source?: string; id?: string } = {},
): Promise<RetryOutcome[]> {
  const rows = opts.id
    ? (await listDeadLetters(deps.sql, { pendingOnly: true, limit: 1_000_000 })).filter((r) => String(r.id) === opts.id)
    : await listDeadLetters(deps.sql, { ...(opts.source ? { source: opts.source } : {}), pendingOnly: true, limit: 10_000 });
  const outcomes: RetryOutcome[] = [];
  for (const row of rows) {
    const id = String(row.id);
    try {
      const detail = await retryOne(deps, row);
      await deps.sql.query(`UPDATE dead_letter SET retried_at = now() WHERE id = $1`, [id]);
      // The gap's fill cursor has served its purpose; a leftover one would only be clutter.
      if (row.source === "slot-gap") await dropSlotGapCursor(deps.sql, id).catch(() => {});
      outcomes.push({ id, ok: true, detail });
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      await deps.sql.query(`UPDATE dead_letter SET reason = $2 WHERE id = $1`, [id, reason.slice(0, 2000)]);
      outcomes.push({ id, ok: false, detail: reason });
    }
  }
  return outcomes;
}

async function retryOne(deps: RetryDeps, row: DeadLetterRow): Promise<string> {
  if (row.source === "decode") {
    const slot = (row.payload as { slot?: unknown } | null)?.slot;
    const r = decodeRaw({ raw: row.payload, origin: `dead_letter ${row.id}`, ...(typeof slot === "number" ? { slot } : {}) }, deps.solUsd);
    if (r.deadLetters.length) throw new Error(`still undecodable: ${r.deadLetters[0]!.reason}`);
    if (r.skipped) throw new Error(`still skipped: ${r.skipped}`);
    if (r.swaps.length || r.events.length) {
      const payload: SwapBatchPayload = { source: "replay", swaps: r.swaps.map(swapToPayload), tokens: r.tokens, tokenEvents: r.events };
      await deps.swapBatches.add("batch", payload, { jobId: `dead-letter-${row.id}` });
    }
    return `${r.swaps.length} swap(s) decoded and queued`;
  }
  if (row.source === "notify") {
    const alertId = String((row.payload as { alertId?: unknown } | null)?.alertId ?? "");
    if (!/^\d+$/.test(alertId)) throw new Error("payload has no alert id");
    await deps.sql.query(`UPDATE alert SET status = 'pending', error = NULL WHERE id = $1 AND status = 'failed'`, [alertId]);
    // A fresh job id: the failed job may still sit in the queue under the old one.
    await deps.notify.add("alert", { alertId }, { jobId: `alert-${alertId}-retry-${row.id}` });
    return `alert ${alertId} queued again`;
  }
  if (row.source === "slot-gap") {
    if (!deps.slotGaps) throw new Error("no JSON-RPC endpoint to backfill the gap from: set SOLANA_RPC_URL");
    return deps.slotGaps(row);
  }
  throw new Error(`no retry path for source "${row.source}"`);
}

