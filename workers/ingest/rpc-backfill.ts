/**
 * RPC backfill: the history of one address (a token mint, a pool, a wallet) over Solana JSON-RPC,
 * as a datasource. Pages backwards through `getSignaturesForAddress` (newest to oldest, `before`
 * = the last signature of the previous page), stops at `until` (incremental: the newest signature
 * already stored) or after `maxPages` (deep: a new token), skips failed transactions without
 * fetching them, fetches the others in parallel under a request rate, and yields them in the
 * order the RPC listed them, each with its slot.
 *
 * Key ideas:
 * - Every HTTP request, retries included, goes through one `fetch` we give web3.js's Connection:
 *   it takes a token from a token bucket (requests/s), and on HTTP 429 it pauses the whole bucket
 *   (Retry-After when the server sends it, else exponential backoff with jitter) and sends again.
 *   A 429 is about the server's budget, not about one request, so every request waits it out.
 * - Transactions are fetched with `_rpcRequest("getTransaction", [sig, {encoding: "json", ...}])`
 *   and not `connection.getTransaction()`: the latter turns the result into class instances
 *   (PublicKey, Message) after a superstruct pass, while the pipeline reads the RPC's JSON as it
 *   is (the same shape as the recorded fixtures and replay files). `_rpcRequest` is web3.js's own
 *   JSON-RPC call, internal but stable across 1.x; it is not in the type declarations, hence the
 *   one cast below.
 * - Other transient failures (network, 5xx, node behind, not found yet) are retried a few times
 *   with backoff; a transaction that still fails goes to the dead-letter list (the `onDeadLetter`
 *   sink is awaited before anything older is yielded, so the cursor never passes a signature that
 *   is neither handed off nor recorded) and is yielded as a skipped input. A signature page that
 *   cannot be listed stops the run: the sweep cannot go on without it, and the cursor resumes it.
 * - Resume: a signature cursor (core/data/signature-cursor.ts) holds the sweep's top, its front
 *   (the oldest signature handed off) and the newest signature of the last finished sweep. The
 *   plan is chosen from it: resume an unfinished sweep below its front, else incremental down to
 *   `newest`, else deep. The front moves when the ingest loop reports a hand-off (`handedOff`).
 *   An incremental sweep also stops below `newest`'s slot: a node that does not know `newest`
 *   (pruned history, another provider) would otherwise list the whole history past it.
 *
 * Trap: "yielded" is not "handed off". The ingest loop batches what it takes in and puts a batch
 * on the queue later; moving the cursor at yield time loses a batch on a crash. The front moves
 * only in `handedOff(upTo)`, which the ingest loop calls once a batch covering the input up to
 * `upTo` is on the queue (and once more at the end).
 */
import { Connection, PublicKey, SolanaJSONRPCError, type ConfirmedSignatureInfo, type Finality } from "@solana/web3.js";
import type { SignatureCursor, SignatureMark } from "../../core/data/signature-cursor.js";
import type { Logger } from "../../core/logger.js";
import { sleep, TokenBucket } from "../../core/rate-limit.js";
import type { Datasource, RawTransaction, SkippedInput } from "./datasource.js";
import { fetchRateLimited } from "./rpc-http.js";

export interface BackfillProgress {
  /** Signature pages listed. */
  pages: number;
  /** Signatures listed, failed ones included. */
  signatures: number;
  /** Transactions fetched. */
  fetched: number;
  /** Failed transactions (`err != null`) skipped without fetching. */
  failedSkipped: number;
  /** HTTP 429 answers waited out. */
  rateLimited: number;
  /** HTTP requests sent, retries included. */
  requests: number;
  /** Transient errors retried. */
  retries: number;
  /** Transactions given up on and put on the dead-letter list. */
  deadLettered: number;
}

/** A transaction that could not be fetched; kept so it can be fetched again later. */
export interface DeadSignature {
  signature: string;
  slot: number;
  reason: string;
}

export interface BackfillPlan {
  /** `resume`: an unfinished sweep continues below its front. */
  mode: "deep" | "incremental" | "resume";
  /** The first page starts below this signature (exclusive). */
  before: string | null;
  /** The sweep stops at this signature (exclusive). */
  until: string | null;
  /**
   * The slot of `until`. A node that does not know `until` (pruned history, another provider)
   * lists past it; the sweep also stops at the first signature below this slot.
   */
  untilSlot: number | null;
  /** Page budget of this run; null = until `until` or the end of history. */
  maxPages: number | null;
}

export interface RpcBackfillOptions {
  /** The address whose history is swept (base58). */
  address: string;
  /** JSON-RPC endpoint. It may carry an API key: it is never logged. */
  rpcUrl: string;
  httpHeaders?: Record<string, string>;
  /** Durable position; without it every run is a deep run from the top. */
  cursor?: SignatureCursor;
  /**
   * The newest transaction of this address already stored by another source (the live stream),
   * asked only when the cursor holds no sweep: then the run is incremental down to it instead of
   * deep. Its slot must be known (it is the floor of the sweep).
   */
  storedNewest?: () => Promise<{ signature: string; slot: number } | null>;
  /** Deep mode page budget (per run). Default 10. */
  maxPages?: number;
  /** Signatures per page, at most 1000 (the RPC's limit). Default 1000. */
  pageSize?: number;
  /** getTransaction requests in flight. Default 4. */
  concurrency?: number;
  /** HTTP requests per second, retries included. Default 10. */
  requestsPerSecond?: number;
  /** Tokens the bucket holds (requests sent back to back after a quiet spell). Default 1. */
  burst?: number;
  commitment?: Finality;
  /** Retries of a transient error per request. Default 3. */
  maxRetries?: number;
  /** 429 answers one request waits out before it counts as failed. Default 20. */
  maxRateLimitRetries?: number;
  /** Exponential backoff (429 without Retry-After, transient errors). Defaults 500 ms, 30 s. */
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  /** A Retry-After longer than this is cut to it. Default 120 s. */
  maxRetryAfterMs?: number;
  /** One HTTP request, body included. Default 30 s. */
  requestTimeoutMs?: number;
  onProgress?: (p: Readonly<BackfillProgress>) => void;
  /** Make dead letters durable here; awaited before the sweep moves past them. */
  onDeadLetter?: (items: readonly DeadSignature[]) => Promise<void> | void;
  logger?: Logger;
}

// ---------------------------------------------------------------------------------------------
// Errors, one class per cause.

/** The server answered with a non-2xx status (429 is handled before it gets here). */
export class RpcHttpError extends Error {
  override name = "RpcHttpError";
  constructor(
    readonly status: number,
    body: string,
  ) {
    super(`HTTP ${status}${body ? `: ${body.slice(0, 200)}` : ""}`);
  }
}

/** No HTTP answer: connection refused or reset, DNS, timeout. */
export class RpcNetworkError extends Error {
  override name = "RpcNetworkError";
}

/** Still HTTP 429 after `maxRateLimitRetries` waits. */
export class RpcRateLimitedError extends Error {
  override name = "RpcRateLimitedError";
}

/** A JSON-RPC error object in an HTTP 200 answer. */
export class RpcResponseError extends Error {
  override name = "RpcResponseError";
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(`RPC error ${code}: ${message}`);
  }
}

/** getTransaction returned null: not (yet) at this commitment, or outside the node's history. */
export class TransactionNotFoundError extends Error {
  override name = "TransactionNotFoundError";
}

/** The run was aborted while a request waited or was in flight. */
export class RpcAbortedError extends Error {
  override name = "RpcAbortedError";
}

/** A signature page could not be listed: the run stops, the cursor resumes it. */
export class BackfillListingError extends Error {
  override name = "BackfillListingError";
}

// Invalid request, method not found, invalid params, unsupported transaction version: asking
// again gives the same answer.
const PERMANENT_RPC_CODES = new Set([-32600, -32601, -32602, -32015]);

function isTransient(err: unknown): boolean {
  if (err instanceof RpcNetworkError || err instanceof TransactionNotFoundError) return true;
  if (err instanceof RpcHttpError) return err.status >= 500 || err.status === 408;
  if (err instanceof RpcResponseError || err instanceof SolanaJSONRPCError) {
    return typeof err.code === "number" && !PERMANENT_RPC_CODES.has(err.code);
  }
  // Rate limits were already waited out many times; anything else (a response of the wrong
  // shape) will not get better by asking again.
  return false;
}

// ---------------------------------------------------------------------------------------------
// Rate limiting lives in core (the token facts RPC client shares it); re-exported for callers here.

export { parseRetryAfter, sleep, TokenBucket } from "../../core/rate-limit.js";

// ---------------------------------------------------------------------------------------------

type RawRpc = { _rpcRequest(method: string, args: unknown[]): Promise<{ result?: unknown; error?: { code: number; message: string } }> };

type Outcome = { ok: true; raw: unknown; slot: number } | { ok: false; reason: string };

interface Listing {
  promise: Promise<ConfirmedSignatureInfo[]>;
  /** Resolved (the page can be taken without waiting). */
  ready: boolean;
  failed: boolean;
}

const EMPTY_PROGRESS: BackfillProgress = {
  pages: 0,
  signatures: 0,
  fetched: 0,
  failedSkipped: 0,
  rateLimited: 0,
  requests: 0,
  retries: 0,
  deadLettered: 0,
};

const mark = (info: ConfirmedSignatureInfo): SignatureMark => ({ signature: info.signature, slot: info.slot });

const STOPPED = Symbol("stopped");

/** `p`'s value, or STOPPED when the run was aborted (whatever `p` then did): a stop is not a failure. */
async function stopped<T>(p: Promise<T>, signal: AbortSignal): Promise<T | typeof STOPPED> {
  try {
    const v = await p;
    return signal.aborted ? STOPPED : v;
  } catch (err) {
    if (signal.aborted) return STOPPED;
    throw err;
  }
}

/**
 * The history of one address over JSON-RPC, newest first. One sweep per instance.
 *
 * @example
 * const ds = new RpcBackfillDatasource({ address: mint, rpcUrl, cursor: signatureCursor(sql, `rpc:${mint}`) });
 * // run it through startWorkers (see scripts/backfill.ts); the ingest loop calls ds.handedOff()
 */
export class RpcBackfillDatasource implements Datasource {
  readonly source = "rpc" as const;
  readonly name: string;
  readonly address: string;
  /** Live counters (also sent to `onProgress`). */
  readonly progress: BackfillProgress = { ...EMPTY_PROGRESS };
  /** Every transaction given up on in this run, in sweep order. */
  readonly deadLetters: DeadSignature[] = [];

  private readonly key: PublicKey;
  private readonly connection: Connection;
  private readonly bucket: TokenBucket;
  private readonly log: Logger | undefined;
  private readonly pageSize: number;
  private readonly maxPages: number;
  private readonly concurrency: number;
  private readonly commitment: Finality;
  private readonly maxRetries: number;
  private readonly maxRateLimitRetries: number;
  private readonly backoffBaseMs: number;
  private readonly backoffMaxMs: number;
  private readonly maxRetryAfterMs: number;
  private readonly requestTimeoutMs: number;

  private planned: Promise<BackfillPlan> | null = null;
  private started = false;
  private runSignal: AbortSignal = new AbortController().signal;
  /** The sweep's top (fixed when it starts) and the lowest signature it listed. */
  private top: SignatureMark | null = null;
  private lowest: SignatureMark | null = null;
  /** Every signature of the range was listed and everything fetched was yielded. */
  private sweepDone = false;
  private lastYielded: { item: RawTransaction | SkippedInput; mark: SignatureMark } | null = null;
  private commits: Promise<void> = Promise.resolve();
  private committedFront: string | null = null;
  private finished = false;
  /** The last cursor write that failed for good (the cursor lags; nothing is lost). */
  cursorError: unknown = null;

  constructor(private readonly o: RpcBackfillOptions) {
    this.key = new PublicKey(o.address);
    this.address = this.key.toBase58();
    this.name = `rpc:${this.address}`;
    this.log = o.logger?.child({ datasource: this.name });
    this.pageSize = o.pageSize ?? 1000;
    if (!(this.pageSize >= 1 && this.pageSize <= 1000)) throw new RangeError("pageSize must be 1 to 1000");
    this.maxPages = o.maxPages ?? 10;
    this.concurrency = Math.max(1, o.concurrency ?? 4);
    this.commitment = o.commitment ?? "confirmed";
    this.maxRetries = o.maxRetries ?? 3;
    this.maxRateLimitRetries = o.maxRateLimitRetries ?? 20;
    this.backoffBaseMs = o.backoffBaseMs ?? 500;
    this.backoffMaxMs = o.backoffMaxMs ?? 30_000;
    this.maxRetryAfterMs = o.maxRetryAfterMs ?? 120_000;
    this.requestTimeoutMs = o.requestTimeoutMs ?? 30_000;
    this.bucket = new TokenBucket(o.requestsPerSecond ?? 10, o.burst ?? 1);
    this.connection = new Connection(o.rpcUrl, {
      commitment: this.commitment,
      fetch: this.httpFetch as typeof fetch,
      // Our fetch already waits out 429s for every request; web3.js's own retry would hide the
      // Retry-After header and bypass the bucket.
      disableRetryOnRateLimit: true,
      httpAgent: false,
      ...(o.httpHeaders ? { httpHeaders: o.httpHeaders } : {}),
    });
  }

  /** What this run will do, from the cursor (loaded once). */
  plan(): Promise<BackfillPlan> {
    this.planned ??= (async () => {
      const state = this.o.cursor ? await this.o.cursor.load() : null;
      if (state?.sweepTop && state.oldest) {
        this.top = state.sweepTop;
        return {
          mode: "resume",
          before: state.oldest.signature,
          // A pending sweep's floor is the newest of the sweep before it (none: a deep sweep).
          until: state.newest?.signature ?? null,
          untilSlot: state.newest?.slot ?? null,
          maxPages: state.newest ? null : this.maxPages,
        };
      }
      if (state?.newest) {
        return { mode: "incremental", before: null, until: state.newest.signature, untilSlot: state.newest.slot, maxPages: null };
      }
      const stored = this.o.storedNewest ? await this.o.storedNewest() : null;
      if (stored) return { mode: "incremental", before: null, until: stored.signature, untilSlot: stored.slot, maxPages: null };
      return { mode: "deep", before: null, until: null, untilSlot: null, maxPages: this.maxPages };
    })();
    return this.planned;
  }

  async *read(signal: AbortSignal): AsyncGenerator<RawTransaction | SkippedInput> {
    if (this.started) throw new Error(`${this.name}: read() runs once per datasource; create a new one for the next run`);
    this.started = true;
    // Our own controller: it also stops requests in flight when the consumer stops early.
    const local = new AbortController();
    const onAbort = () => local.abort(signal.reason);
    if (signal.aborted) local.abort(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    this.runSignal = local.signal;
    try {
      const plan = await this.plan();
      this.log?.info({ plan }, "backfill started");
      yield* this.sweep(plan, local.signal);
    } finally {
      signal.removeEventListener("abort", onAbort);
      local.abort(new RpcAbortedError("backfill stopped"));
    }
  }

  /**
   * Everything yielded up to `upTo` (by default: everything yielded so far) is on the queue.
   * Moves the durable front there; once the whole range is covered, finishes the sweep. Writes
   * run in order in the background (`settled()` waits for them).
   */
  handedOff(upTo?: RawTransaction | SkippedInput): void {
    const last = this.lastYielded;
    const target: SignatureMark | null =
      upTo === undefined ? (last?.mark ?? null) : { signature: upTo.origin, slot: "slot" in upTo ? (upTo.slot ?? null) : null };
    const complete = this.sweepDone && (upTo === undefined || upTo === last?.item);
    this.commits = this.commits.then(() => this.commit(target, complete));
  }

  /** How long requests are still held back by a 429. */
  get rateLimitedForMs(): number {
    return this.bucket.pausedForMs;
  }

  /** Resolves when every cursor write asked for so far is done (or has failed, see `cursorError`). */
  settled(): Promise<void> {
    return this.commits;
  }

  private async commit(front: SignatureMark | null, complete: boolean): Promise<void> {
    const cursor = this.o.cursor;
    const top = this.top;
    // Nothing listed yet (or nothing new at all): there is no sweep to record.
    if (!cursor || !top || this.finished) return;
    try {
      if (complete) {
        await cursor.finish(top, this.lowest);
        this.finished = true;
        this.log?.info({ newest: top.signature }, "backfill sweep finished");
      } else if (front && front.signature !== this.committedFront) {
        await cursor.advance(top, front);
        this.committedFront = front.signature;
      }
    } catch (err) {
      // `retrying` already rode out a short outage. The cursor lags behind, which costs a few
      // pages fetched again after a restart and loses nothing.
      this.cursorError = err;
      this.log?.error({ err: (err as Error).message }, "could not save the backfill cursor; a restart will fetch some pages again");
    }
  }

  private emit(): void {
    this.o.onProgress?.({ ...this.progress });
  }

  private backoff(attempt: number): number {
    const d = Math.min(this.backoffMaxMs, this.backoffBaseMs * 2 ** attempt);
    // Equal jitter: never less than half, so a crowd of clients spreads out but still waits.
    return d / 2 + Math.random() * (d / 2);
  }

  /**
   * The fetch every request of the Connection goes through: rate limit, 429 waits, typed errors.
   * It must throw only Error instances: web3.js drops anything else and its promise never settles.
   */
  private readonly httpFetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const res = await fetchRateLimited(input, init ?? {}, this.runSignal, {
      bucket: this.bucket,
      requestTimeoutMs: this.requestTimeoutMs,
      maxRateLimitRetries: this.maxRateLimitRetries,
      maxRetryAfterMs: this.maxRetryAfterMs,
      backoff: (attempt) => this.backoff(attempt),
      stopped: "backfill stopped",
      onRequest: () => void this.progress.requests++,
      onRateLimited: (waitMs, retryAfter) => {
        this.progress.rateLimited++;
        this.log?.debug({ waitMs: Math.round(waitMs), retryAfter }, "rate limited (429); every request waits");
        this.emit();
      },
    });
    return new Response(res.body, { status: res.status, statusText: res.statusText, headers: res.headers });
  };

  /** Runs `call` with retries on transient errors; rethrows the last error. */
  private async withRetries<T>(call: () => Promise<T>, signal: AbortSignal): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await call();
      } catch (err) {
        if (signal.aborted) throw err;
        if (!isTransient(err) || attempt >= this.maxRetries) throw err;
        this.progress.retries++;
        this.log?.debug({ err: (err as Error).message, attempt }, "transient RPC error; retrying");
        await sleep(this.backoff(attempt), signal);
      }
    }
  }

  private listPage(before: string | undefined, until: string | undefined, signal: AbortSignal): Promise<ConfirmedSignatureInfo[]> {
    return this.withRetries(
      () =>
        this.connection.getSignaturesForAddress(
          this.key,
          { limit: this.pageSize, ...(before ? { before } : {}), ...(until ? { until } : {}) },
          this.commitment,
        ),
      signal,
    ).catch((err: unknown) => {
      if (signal.aborted) throw err;
      throw new BackfillListingError(`getSignaturesForAddress ${this.address} before ${before ?? "(newest)"} failed: ${(err as Error).message}`, {
        cause: err,
      });
    });
  }

  private async fetchTransaction(info: ConfirmedSignatureInfo, signal: AbortSignal): Promise<Outcome> {
    try {
      const raw = await this.withRetries(async () => {
        const res = await (this.connection as unknown as RawRpc)._rpcRequest("getTransaction", [
          info.signature,
          { encoding: "json", maxSupportedTransactionVersion: 0, commitment: this.commitment },
        ]);
        if (res.error) throw new RpcResponseError(res.error.code, res.error.message);
        if (res.result === null || res.result === undefined) {
          throw new TransactionNotFoundError(`not found at commitment ${this.commitment} (the node may not keep this history)`);
        }
        return res.result;
      }, signal);
      this.progress.fetched++;
      const slot = (raw as { slot?: unknown }).slot;
      return { ok: true, raw, slot: typeof slot === "number" ? slot : info.slot };
    } catch (err) {
      if (signal.aborted) throw err;
      return { ok: false, reason: `getTransaction: ${(err as Error).message}` };
    }
  }

  private async *sweep(plan: BackfillPlan, signal: AbortSignal): AsyncGenerator<RawTransaction | SkippedInput> {
    let before = plan.before ?? undefined;
    const until = plan.until ?? undefined;
    let pagesLeft = plan.maxPages ?? Number.POSITIVE_INFINITY;
    /** Listed and not yet fetched, in RPC order. */
    const pending: ConfirmedSignatureInfo[] = [];
    /** Fetches started, in RPC order: the head is yielded first, whatever finishes first. */
    const window: { info: ConfirmedSignatureInfo; outcome: Promise<Outcome> }[] = [];
    let listing: Listing | null = null;

    const listNext = () => {
      pagesLeft--;
      const l: Listing = { promise: this.listPage(before, until, signal), ready: false, failed: false };
      // A failure is rethrown where the page is taken.
      l.promise.then(
        () => (l.ready = true),
        () => (l.failed = true),
      );
      listing = l;
    };
    const takePage = (listed: ConfirmedSignatureInfo[]) => {
      const floor = plan.untilSlot;
      const cut = floor === null ? -1 : listed.findIndex((i) => i.slot < floor);
      const infos = cut < 0 ? listed : listed.slice(0, cut);
      this.progress.pages++;
      this.progress.signatures += infos.length;
      const first = infos[0];
      const last = infos[infos.length - 1];
      if (first && !this.top) this.top = mark(first);
      if (last) {
        this.lowest = mark(last);
        before = last.signature;
      }
      for (const info of infos) {
        if (info.err !== null && info.err !== undefined) this.progress.failedSkipped++;
        else pending.push(info);
      }
      // A short page is the end of the range (`until` reached, or the start of history), and so
      // is a signature below the floor slot. The next page is listed right away, so it is ready
      // when the fetches get there.
      listing = null;
      if (cut < 0 && listed.length === this.pageSize && pagesLeft > 0) listNext();
      this.emit();
    };

    if (pagesLeft > 0) listNext();
    for (;;) {
      if (signal.aborted) return;
      while (window.length < this.concurrency && pending.length > 0) {
        const info = pending.shift()!;
        const outcome = this.fetchTransaction(info, signal);
        // Awaited in order below; this only keeps an abort from reporting an unhandled rejection.
        outcome.catch(() => {});
        window.push({ info, outcome });
      }
      const current = listing as Listing | null;
      if (pending.length === 0 && current && (current.ready || window.length === 0)) {
        // Taken once everything listed before it is under way, without waiting while fetched
        // transactions are there to yield; so a listing failure surfaces only after every
        // earlier transaction was yielded.
        const page = await stopped(current.promise, signal);
        if (page === STOPPED) return;
        takePage(page);
        continue;
      }
      const head = window.shift();
      if (!head) break;
      const out = await stopped(head.outcome, signal);
      if (out === STOPPED) return;
      if (out.ok) {
        const item: RawTransaction = { raw: out.raw, origin: head.info.signature, slot: out.slot };
        this.lastYielded = { item, mark: { signature: head.info.signature, slot: out.slot } };
        yield item;
      } else {
        const dead: DeadSignature = { signature: head.info.signature, slot: head.info.slot, reason: out.reason };
        this.deadLetters.push(dead);
        this.progress.deadLettered++;
        this.log?.warn(dead, "transaction dead-lettered after retries");
        // Durable before anything older is yielded: the front may pass it only once it is kept.
        await this.o.onDeadLetter?.([dead]);
        const item: SkippedInput = { skipped: true, origin: dead.signature, reason: `dead-lettered: ${dead.reason}` };
        this.lastYielded = { item, mark: { signature: dead.signature, slot: dead.slot } };
        yield item;
      }
      this.emit();
    }
    this.sweepDone = true;
  }
}
