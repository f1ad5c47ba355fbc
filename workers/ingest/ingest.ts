/**
 * The ingest loop shared by every datasource: raw transaction -> normalized model -> decoded
 * swaps -> batches -> stored in Postgres -> handed to the stages behind the store (token stats,
 * rules, scoring) as one swap-batches job per batch. The store's commit is the hand-off point.
 *
 * Key idea: the job is added *delayed* before the store runs, so the batch is durable in Redis
 * first; this process then stores the batch itself (one statement), notes on the job how many
 * swaps were new, and promotes it to the pipeline, which runs only the stages. If this process
 * dies or Postgres fails between add and promote, the delay runs out and the pipeline stores the
 * batch as it always could (rows carry the job id, so the stages still count each swap once).
 * The trap: never promote before the commit, or the stages could read a batch not yet stored.
 *
 * Bad input never stops the loop: malformed transactions and decoder errors go to the dead-letter
 * table with their reason, unreadable entries are counted as skipped.
 */
import { createHash } from "node:crypto";
import type { Job, Queue } from "bullmq";
import type { SlotCursor } from "../../core/data/cursors.js";
import type { SqlRunner } from "../../core/data/db.js";
import { KnownTokens } from "../../core/data/known-tokens.js";
import { SwapPartitions } from "../../core/data/swap-partitions.js";
import { storeSwapRows } from "../../core/data/swap-store.js";
import { writeDeadLetters, type DeadLetterInput } from "../../core/data/job-runs.js";
import { decodeSwaps, extractTokenCreations } from "../../core/domain/decoders/index.js";
import type { SolUsdPrice } from "../../core/domain/sol-price.js";
import { swapKey, type Swap } from "../../core/domain/swap.js";
import { fromRpcTransaction, MalformedTransactionError } from "../../core/domain/transaction.js";
import type { Logger } from "../../core/logger.js";
import type { Metrics } from "../../core/metrics.js";
import type { SwapBatchPayload, SwapBatchStored, TokenInfoPayload } from "../../core/queues/contract.js";
import { detectTokenEvents, type TokenEvent } from "../../core/domain/token-events.js";
import { swapToPayload } from "../../core/queues/swap-codec.js";
import { Batcher } from "./batcher.js";
import { isSkipped, type Datasource, type RawTransaction, type SkippedInput } from "./datasource.js";

export interface IngestCounts {
  [k: string]: number;
  transactions: number;
  swaps: number;
  batches: number;
  skipped: number;
  malformed: number;
  decodeErrors: number;
}

export interface IngestDeps {
  /** Where batches go: the swap-batches queue (or a wrapper that also notes what it sends). */
  queue: Pick<Queue, "add">;
  sql: SqlRunner;
  logger: Logger;
  solUsd: SolUsdPrice;
  batchSize: number;
  /** The longest a partial batch waits before it is sent (live streams). */
  maxWaitMs: number;
  onProgress?: (c: Readonly<IngestCounts>) => void;
  /**
   * Saved after each batch is handed off: the slot of the last transaction the batch covers. A restart
   * resumes there (inclusive); what is seen twice is absorbed by the idempotent store.
   */
  cursor?: SlotCursor;
  metrics?: Metrics;
  /** Batches stored and handed off at once (their settles still run in order). Default 4. */
  maxInFlight?: number;
  /** Shared by every loop of a process: partitions already created, tokens already written. */
  partitions?: SwapPartitions;
  knownTokens?: KnownTokens;
  /** After each batch's hand-off (stored and promoted, or left to the pipeline to store). */
  onHandedOff?: (batch: HandedOffBatch) => void;
}

export interface HandedOffBatch {
  jobId: string;
  swaps: readonly Swap[];
  /** False when this process could not store it and the pipeline will (Postgres trouble). */
  storedHere: boolean;
}

/**
 * How long a batch job waits for this process to store it before the pipeline stores it instead.
 * Far above a store's time (tens of ms) so the two rarely both work on one batch; when they do,
 * the store is idempotent and the rows' job id keeps the stages exact.
 */
export const STORE_FALLBACK_DELAY_MS = 10_000;

/** Decodes one raw transaction; never throws for bad input. */
export function decodeRaw(
  item: RawTransaction,
  solUsd: number,
): {
  swaps: Swap[];
  tokens: TokenInfoPayload[];
  events: TokenEvent[];
  deadLetters: DeadLetterInput[];
  malformed?: true;
  skipped?: string;
} {
  let tx;
  try {
    tx = fromRpcTransaction(item.raw, item.slot === undefined ? {} : { slot: item.slot });
  } catch (err) {
    if (!(err instanceof MalformedTransactionError)) throw err;
    return {
      swaps: [],
      tokens: [],
      events: [],
      deadLetters: [{ source: "decode", key: err.signature ?? item.origin, reason: err.message, payload: item.raw }],
      malformed: true,
    };
  }
  if (tx.slot === null) return { swaps: [], tokens: [], events: [], deadLetters: [], skipped: "no slot (a getBlock entry replayed without its block)" };
  const result = decodeSwaps(tx, { solUsd });
  const deadLetters = result.errors.map((e) => ({
    source: "decode",
    key: `${e.signature}-${e.ixPath}`,
    reason: `${e.dex}: ${e.message}`,
    payload: item.raw,
  }));
  const tokens = result.swaps.length
    ? extractTokenCreations(tx).map((t) => ({ mint: t.mint, symbol: t.symbol, name: t.name, decimals: t.decimals }))
    : [];
  return { swaps: result.swaps, tokens, events: detectTokenEvents(tx, result.swaps), deadLetters };
}

/** Moves a delayed batch job to the pipeline now; one already taken (seen before, or run) stays. */
async function promote(job: Job): Promise<void> {
  try {
    await job.promote();
  } catch (err) {
    if ((await job.getState()) === "delayed") throw err;
  }
}

function batchJobId(swaps: readonly Swap[], events: readonly TokenEvent[]): string {
  const h = createHash("sha1");
  // The same bytes as one update per key and newline, hashed in one call.
  let keys = "";
  for (const s of swaps) keys += `${swapKey(s)}\n`;
  h.update(keys);
  // Events count only in batches without swaps, so a batch of swaps keeps the id it always had.
  if (swaps.length === 0) for (const e of events) h.update(`${e.kind}:${e.signature}:${e.mint}:${e.wallet}`).update("\n");
  return `batch-${h.digest("hex")}`;
}

export async function runIngest(ds: Datasource, deps: IngestDeps, signal: AbortSignal): Promise<IngestCounts> {
  const counts: IngestCounts = { transactions: 0, swaps: 0, batches: 0, skipped: 0, malformed: 0, decodeErrors: 0 };
  const log = deps.logger.child({ datasource: ds.name });
  // A transaction with token events and no swap (a bare creation) rides as an item without a swap.
  // How far a batch covers the input travels with the batch (Batcher.cover), not with each item.
  type Item = { swap: Swap | null; tokens: TokenInfoPayload[]; events: TokenEvent[] };
  const partitions = deps.partitions ?? new SwapPartitions(deps.sql);
  const known = deps.knownTokens ?? new KnownTokens();
  const send = async (items: Item[]): Promise<void> => {
    const swaps: Swap[] = [];
    const events: TokenEvent[] = [];
    const tokens: TokenInfoPayload[] = [];
    for (const i of items) {
      if (i.swap) swaps.push(i.swap);
      for (const e of i.events) events.push(e);
      for (const t of i.tokens) tokens.push(t);
    }
    const payload: SwapBatchPayload = {
      source: ds.source,
      swaps: swaps.map(swapToPayload),
      tokens,
      ...(events.length ? { tokenEvents: events } : {}),
    };
    const jobId = batchJobId(swaps, events);
    const endStore = deps.metrics?.storeSeconds.startTimer();
    const job = await deps.queue.add("batch", payload, { jobId, delay: STORE_FALLBACK_DELAY_MS });
    let inserted: number | null = null;
    try {
      if (swaps.length) await partitions.ensure(swaps.map((s) => s.slot));
      inserted = swaps.length ? (await storeSwapRows(deps.sql, swaps, tokens, ds.source, jobId, known)).inserted : 0;
    } catch (err) {
      // The job is in Redis: the pipeline stores it, retrying until Postgres answers.
      log.warn({ job: jobId, err: (err as Error).message }, "batch not stored here; the pipeline will store it");
    }
    const storedHere = inserted !== null;
    if (inserted !== null) {
      deps.metrics?.storedSwaps.inc(inserted);
      // Mark and promote go out together, in this order on the one connection (one round trip
      // instead of two). Should the promote ever run first, the pipeline stores the batch again,
      // which changes nothing (see the header). A Redis failure here stops the loop, as a failed
      // add does; the delayed job still runs.
      await Promise.all([job.updateProgress({ storedBy: "ingest", inserted } satisfies SwapBatchStored), promote(job)]);
    } else {
      await promote(job);
    }
    endStore?.();
    deps.onHandedOff?.({ jobId, swaps, storedHere });
  };
  const batcher = new Batcher<Item, RawTransaction>(deps.batchSize, deps.maxWaitMs, send, deps.maxInFlight ?? 4, async (_items, upTo) => {
    // Items leave in input order and batches settle in order, so this covers the input up to here
    // (every batch holds items, each pushed after its input was given as the cover).
    if (upTo !== undefined) {
      if (deps.cursor && upTo.slot !== undefined) await deps.cursor.save(upTo.slot);
      ds.handedOff?.(upTo);
    }
    counts.batches++;
    syncCounters();
    deps.onProgress?.(counts);
  });

  const m = deps.metrics;
  const label = { datasource: ds.name };
  // Bound once: a labelled inc() per transaction would hash the labels every time. And added to
  // every 64 transactions, at each batch's settle and at the end rather than per transaction:
  // two counter updates per transaction were ~1% of ingest's CPU.
  const txCounter = m?.ingestTransactions.labels(label);
  const swapCounter = m?.ingestSwaps.labels(label);
  const counted = { transactions: 0, swaps: 0 };
  const syncCounters = () => {
    txCounter?.inc(counts.transactions - counted.transactions);
    swapCounter?.inc(counts.swaps - counted.swaps);
    counted.transactions = counts.transactions;
    counted.swaps = counts.swaps;
  };
  let lastTaken: RawTransaction | SkippedInput | null = null;
  for await (const item of ds.read(signal)) {
    lastTaken = item;
    if (isSkipped(item)) {
      counts.skipped++;
      m?.ingestRejected.inc({ ...label, reason: "skipped" });
      log.debug({ origin: item.origin, reason: item.reason }, "input skipped");
      continue;
    }
    if ((++counts.transactions & 63) === 0) syncCounters();
    const r = decodeRaw(item, deps.solUsd.value);
    if (r.skipped) {
      counts.skipped++;
      m?.ingestRejected.inc({ ...label, reason: "skipped" });
      log.debug({ origin: item.origin, reason: r.skipped }, "transaction skipped");
    }
    if (r.deadLetters.length) {
      if (r.malformed) counts.malformed++;
      else counts.decodeErrors += r.deadLetters.length;
      m?.ingestRejected.inc({ ...label, reason: r.malformed ? "malformed" : "decode_error" }, r.deadLetters.length);
      for (const d of r.deadLetters) log.warn({ origin: item.origin, key: d.key, reason: d.reason }, "undecodable input kept in dead_letter");
      // Rare by nature, so written at once rather than batched.
      await writeDeadLetters(deps.sql, r.deadLetters);
    }
    counts.swaps += r.swaps.length;
    for (const swap of r.swaps) deps.solUsd.observe(swap);
    // Token metadata and events ride with the first swap of their transaction.
    if (r.swaps.length || r.events.length) batcher.cover(item);
    if (r.swaps.length) await batcher.push(...r.swaps.map((swap, i) => ({ swap, tokens: i === 0 ? r.tokens : [], events: i === 0 ? r.events : [] })));
    else if (r.events.length) await batcher.push({ swap: null, tokens: [], events: r.events });
  }
  await batcher.flush();
  syncCounters();
  // Everything read is on the queue now (also after an abort: the flush sent the rest),
  // including input that produced no swap.
  if (lastTaken) ds.handedOff?.(lastTaken);
  deps.onProgress?.(counts);
  log.info(counts, "ingest finished");
  return counts;
}
