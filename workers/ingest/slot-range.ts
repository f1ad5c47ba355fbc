/**
 * Slot-range datasource: every DEX transaction of the blocks in slots [from, to], over Solana
 * JSON-RPC. It fills what the live stream missed (a slot gap the Yellowstone server could not
 * replay), so it yields exactly what the stream would have: successful, non-vote transactions
 * touching one of the decoders' programs, in slot order, each with its slot and block time.
 *
 * Key ideas:
 * - `getBlocks(start, end)` lists the slots that produced a block, window by window; a slot it
 *   leaves out was skipped by its leader, which is normal and costs nothing. Each listed slot is
 *   fetched with `getBlock` (json, full transactions, v0, no rewards), several in flight, and
 *   yielded in slot order whatever order the answers arrive in.
 * - A block can still answer "slot skipped" (-32007) or "skipped, or missing in long-term
 *   storage" (-32009): the listing came from another node, or the ledger jumped to a snapshot.
 *   Both are skips, not failures. "Block not available" (-32004), "status not yet available"
 *   (-32014), unhealthy nodes, 5xx, timeouts and dropped connections are retried with backoff;
 *   a 429 pauses every request (Retry-After when sent). A block that still fails goes to
 *   `onBlockFailed`, which is awaited before any later slot is yielded: the caller's cursor must
 *   never pass a slot that is neither handed off nor recorded.
 * - Filtering happens before decoding, on the account keys (static and loaded): a block holds
 *   thousands of transactions and a few percent touch a DEX. What cannot be read is passed on,
 *   so the decoder dead-letters a malformed transaction instead of it vanishing here.
 *
 * Trap: the RPC's getBlock entries carry neither slot nor block time; they are added to each
 * yielded transaction (the getTransaction shape), or every swap would lose its time.
 */
import type { Logger } from "../../core/logger.js";
import type { Datasource, RawTransaction, SkippedInput } from "./datasource.js";
import { fetchRateLimited } from "./rpc-http.js";
import {
  RpcAbortedError,
  RpcHttpError,
  RpcNetworkError,
  RpcResponseError,
  sleep,
  TokenBucket,
} from "./rpc-backfill.js";

/** Solana JSON-RPC server error codes this datasource tells apart. */
export const RpcErrorCode = {
  BlockCleanedUp: -32001,
  BlockNotAvailable: -32004,
  NodeUnhealthy: -32005,
  SlotSkipped: -32007,
  LongTermStorageSlotSkipped: -32009,
  TransactionHistoryNotAvailable: -32011,
  BlockStatusNotAvailableYet: -32014,
  UnsupportedTransactionVersion: -32015,
  MinContextSlotNotReached: -32016,
  LongTermStorageUnreachable: -32019,
} as const;

/** "There is no block in this slot": a skip, like a slot getBlocks leaves out. */
const SKIPPED_CODES: ReadonlySet<number> = new Set([RpcErrorCode.SlotSkipped, RpcErrorCode.LongTermStorageSlotSkipped]);
/** Asking again gives the same answer: invalid request/params, unknown method, version, pruned. */
const PERMANENT_CODES: ReadonlySet<number> = new Set([
  -32600,
  -32601,
  -32602,
  RpcErrorCode.UnsupportedTransactionVersion,
  RpcErrorCode.BlockCleanedUp,
  RpcErrorCode.TransactionHistoryNotAvailable,
]);

export const VOTE_PROGRAM_ID = "Vote111111111111111111111111111111111111111";

/** The largest `getBlocks` range a validator accepts. */
export const MAX_GET_BLOCKS_RANGE = 500_000;

export interface SlotRangeProgress {
  /** Slots in the range. */
  slots: number;
  /** The highest slot every block up to which was yielded or recorded (from - 1 at start). */
  doneThrough: number;
  /** Slots getBlocks listed as holding a block. */
  listed: number;
  /** Blocks fetched. */
  blocks: number;
  /** Listed slots getBlock then answered as skipped (-32007, -32009). */
  skippedSlots: number;
  /** Blocks given up on after retries (passed to `onBlockFailed`). */
  failedBlocks: number;
  /** Transactions in the fetched blocks. */
  transactions: number;
  /** Transactions yielded (DEX, successful, or unreadable and left to the decoder). */
  kept: number;
  failedSkipped: number;
  voteSkipped: number;
  nonDexSkipped: number;
  /** HTTP 429 answers waited out. */
  rateLimited: number;
  /** HTTP requests sent, retries included. */
  requests: number;
  /** Transient errors retried. */
  retries: number;
}

export interface SlotRangeOptions {
  /** JSON-RPC endpoint. It may carry an API key: it is never logged. */
  rpcUrl: string;
  httpHeaders?: Record<string, string>;
  /** First and last slot, both inclusive. */
  from: number;
  to: number;
  /** Programs whose transactions are kept (the decoder registry's program ids). */
  programIds: Iterable<string>;
  commitment?: "confirmed" | "finalized";
  /** getBlock requests in flight. Default 4. */
  concurrency?: number;
  /** HTTP requests per second, retries included. Default 10. */
  requestsPerSecond?: number;
  /** Slots per getBlocks call (at most 500,000). Default 5,000. */
  listWindow?: number;
  /** Retries of a transient error per request. Default 4. */
  maxRetries?: number;
  /** 429 answers one request waits out before it counts as failed. Default 20. */
  maxRateLimitRetries?: number;
  /** Exponential backoff (429 without Retry-After, transient errors). Defaults 500 ms, 30 s. */
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  /** A Retry-After longer than this is cut to it. Default 120 s. */
  maxRetryAfterMs?: number;
  /** One HTTP request, body included (a full block is megabytes). Default 60 s. */
  requestTimeoutMs?: number;
  onProgress?: (p: Readonly<SlotRangeProgress>) => void;
  /** Make a block that could not be fetched durable; awaited before any later slot is yielded. */
  onBlockFailed?: (slot: number, reason: string) => Promise<void> | void;
  logger?: Logger;
  /** Name for run records; default `slots:<from>-<to>`. */
  name?: string;
}

/** getBlocks could not list a window: the run stops, the caller's cursor resumes it. */
export class SlotListingError extends Error {
  override name = "SlotListingError";
}

type Obj = Record<string, unknown>;
const isObj = (x: unknown): x is Obj => typeof x === "object" && x !== null && !Array.isArray(x);

export type BlockEntryClass = "keep" | "failed" | "vote" | "non-dex";

/**
 * What to do with one getBlock transaction entry, from its account keys alone (no decoding).
 * Entries that cannot be read this way (binary encodings, broken JSON) are kept: the decoder
 * knows how to read them, or dead-letters them with a reason.
 *
 * @example
 * classifyBlockEntry(block.transactions[0], new Set(defaultRegistry.keys())); // "keep" | "failed" | ...
 */
export function classifyBlockEntry(entry: unknown, programs: ReadonlySet<string>): BlockEntryClass {
  if (!isObj(entry)) return "keep";
  const meta = entry["meta"];
  if (isObj(meta) && meta["err"] !== null && meta["err"] !== undefined) return "failed";
  const tx = entry["transaction"];
  const msg = isObj(tx) ? tx["message"] : undefined;
  const keys = isObj(msg) ? msg["accountKeys"] : undefined;
  if (!Array.isArray(keys)) return "keep";
  let dex = false;
  let vote = false;
  let readable = true;
  const see = (k: unknown) => {
    // "json" gives strings; "jsonParsed" gives {pubkey, signer, writable, source}.
    const key = typeof k === "string" ? k : isObj(k) && typeof k["pubkey"] === "string" ? k["pubkey"] : null;
    if (key === null) readable = false;
    else if (key === VOTE_PROGRAM_ID) vote = true;
    else if (programs.has(key)) dex = true;
  };
  for (const k of keys) see(k);
  const loaded = isObj(meta) ? meta["loadedAddresses"] : undefined;
  if (isObj(loaded)) {
    for (const side of ["writable", "readonly"]) {
      const list = loaded[side];
      if (Array.isArray(list)) for (const k of list) see(k);
    }
  }
  if (dex || !readable) return "keep";
  return vote ? "vote" : "non-dex";
}

type BlockOutcome =
  | { kind: "block"; slot: number; block: Obj }
  | { kind: "skipped"; slot: number; reason: string }
  | { kind: "failed"; slot: number; reason: string };

const STOPPED = Symbol("stopped");

/**
 * The DEX transactions of a slot range over JSON-RPC. One run per instance.
 *
 * @example
 * const ds = new SlotRangeDatasource({ rpcUrl, from: 300_000_000, to: 300_000_999, programIds: defaultRegistry.keys() });
 * await runIngest(ds, { ...deps, cursor: slotCursor(sql, "slot-gap:42") }, signal);
 */
export class SlotRangeDatasource implements Datasource {
  readonly source = "rpc" as const;
  readonly name: string;
  readonly progress: SlotRangeProgress;

  private readonly programs: ReadonlySet<string>;
  private readonly rpc: SlotRpc;
  private readonly log: Logger | undefined;
  private readonly commitment: "confirmed" | "finalized";
  private readonly concurrency: number;
  private readonly listWindow: number;
  private started = false;

  constructor(private readonly o: SlotRangeOptions) {
    if (!(Number.isInteger(o.from) && Number.isInteger(o.to) && o.from >= 0 && o.to >= o.from)) {
      throw new RangeError(`slot range ${o.from}..${o.to} is not a range of slots`);
    }
    this.programs = new Set(o.programIds);
    if (this.programs.size === 0) throw new Error("SlotRangeDatasource needs at least one program id to keep");
    this.name = o.name ?? `slots:${o.from}-${o.to}`;
    this.log = o.logger?.child({ datasource: this.name });
    this.commitment = o.commitment ?? "confirmed";
    this.concurrency = Math.max(1, o.concurrency ?? 4);
    this.listWindow = Math.min(MAX_GET_BLOCKS_RANGE, Math.max(1, o.listWindow ?? 5_000));
    this.progress = {
      slots: o.to - o.from + 1,
      doneThrough: o.from - 1,
      listed: 0,
      blocks: 0,
      skippedSlots: 0,
      failedBlocks: 0,
      transactions: 0,
      kept: 0,
      failedSkipped: 0,
      voteSkipped: 0,
      nonDexSkipped: 0,
      rateLimited: 0,
      requests: 0,
      retries: 0,
    };
    this.rpc = new SlotRpc({ ...o, ...(this.log ? { logger: this.log } : {}) }, this.progress, () => this.emit());
  }

  /** How long requests are still held back by a 429. */
  get rateLimitedForMs(): number {
    return this.rpc.rateLimitedForMs;
  }

  async *read(signal: AbortSignal): AsyncGenerator<RawTransaction | SkippedInput> {
    if (this.started) throw new Error(`${this.name}: read() runs once per datasource; create a new one for the next run`);
    this.started = true;
    // Our own controller: it also stops requests in flight when the consumer stops early.
    const local = new AbortController();
    const onAbort = () => local.abort(signal.reason);
    if (signal.aborted) local.abort(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    try {
      yield* this.scan(local.signal);
    } finally {
      signal.removeEventListener("abort", onAbort);
      local.abort(new RpcAbortedError("slot range stopped"));
    }
  }

  private async *scan(signal: AbortSignal): AsyncGenerator<RawTransaction | SkippedInput> {
    const slots = this.listSlots(signal);
    const window: { slot: number; outcome: Promise<BlockOutcome> }[] = [];
    let listingDone = false;
    for (;;) {
      while (!listingDone && window.length < this.concurrency) {
        const next = await stopped(slots.next(), signal);
        if (next === STOPPED) return;
        if (next.done) {
          listingDone = true;
          break;
        }
        const outcome = this.fetchBlock(next.value, signal);
        // Awaited in order below; this only keeps an abort from reporting an unhandled rejection.
        outcome.catch(() => {});
        window.push({ slot: next.value, outcome });
      }
      const head = window.shift();
      if (!head) break;
      const out = await stopped(head.outcome, signal);
      if (out === STOPPED) return;
      if (out.kind === "block") {
        this.progress.blocks++;
        yield* this.entries(out.slot, out.block);
      } else if (out.kind === "skipped") {
        this.progress.skippedSlots++;
        this.log?.debug({ slot: out.slot, reason: out.reason }, "listed slot has no block");
      } else {
        this.progress.failedBlocks++;
        this.log?.warn({ slot: out.slot, reason: out.reason }, "block given up on after retries");
        // Durable before any later slot is yielded (see the header).
        await this.o.onBlockFailed?.(out.slot, out.reason);
        yield { skipped: true, origin: `slot ${out.slot}`, reason: `block not fetched: ${out.reason}` };
      }
      this.progress.doneThrough = head.slot;
      this.emit();
    }
    this.progress.doneThrough = this.o.to;
    this.emit();
  }

  private *entries(slot: number, block: Obj): Generator<RawTransaction> {
    const txs = block["transactions"] as unknown[];
    const bt = block["blockTime"];
    const blockTime = typeof bt === "number" ? bt : null;
    let i = 0;
    for (const entry of txs) {
      const at = i++;
      this.progress.transactions++;
      const cls = classifyBlockEntry(entry, this.programs);
      if (cls === "failed") this.progress.failedSkipped++;
      else if (cls === "vote") this.progress.voteSkipped++;
      else if (cls === "non-dex") this.progress.nonDexSkipped++;
      else {
        this.progress.kept++;
        // The getTransaction shape: the entry plus what its block knows.
        const raw = isObj(entry) ? { ...entry, slot, blockTime } : entry;
        yield { raw, origin: signatureOf(entry) ?? `slot ${slot} #${at}`, slot };
      }
    }
  }

  /** The slots holding a block, in order, listed window by window. */
  private async *listSlots(signal: AbortSignal): AsyncGenerator<number> {
    for (let start = this.o.from; start <= this.o.to; start += this.listWindow) {
      const end = Math.min(this.o.to, start + this.listWindow - 1);
      let listed: unknown;
      try {
        listed = await this.rpc.withRetries(() => this.rpc.call("getBlocks", [start, end, { commitment: this.commitment }], signal), signal);
      } catch (err) {
        if (signal.aborted) throw err;
        throw new SlotListingError(`getBlocks ${start}..${end} failed: ${(err as Error).message}`, { cause: err });
      }
      if (!Array.isArray(listed)) throw new SlotListingError(`getBlocks ${start}..${end} did not answer a list of slots`);
      // In order and inside the window, whatever the node sent.
      const slots = [...new Set(listed.filter((s): s is number => Number.isInteger(s) && s >= start && s <= end))].sort((a, b) => a - b);
      this.progress.listed += slots.length;
      this.emit();
      yield* slots;
    }
  }

  private async fetchBlock(slot: number, signal: AbortSignal): Promise<BlockOutcome> {
    try {
      const block = await this.rpc.withRetries(async () => {
        const res = await this.rpc.call(
          "getBlock",
          [
            slot,
            { encoding: "json", transactionDetails: "full", maxSupportedTransactionVersion: 0, rewards: false, commitment: this.commitment },
          ],
          signal,
        );
        // A listed block answered as null: not there yet on this node. Worth asking again.
        if (res === null || res === undefined) throw new RpcResponseError(RpcErrorCode.BlockNotAvailable, `no block for slot ${slot} yet`);
        return res;
      }, signal);
      if (!isObj(block) || !Array.isArray(block["transactions"])) return { kind: "failed", slot, reason: "getBlock answered something that is not a block" };
      return { kind: "block", slot, block };
    } catch (err) {
      if (signal.aborted) throw err;
      if (err instanceof RpcResponseError && SKIPPED_CODES.has(err.code)) return { kind: "skipped", slot, reason: err.message };
      return { kind: "failed", slot, reason: `getBlock: ${(err as Error).message}` };
    }
  }

  private emit(): void {
    this.o.onProgress?.({ ...this.progress });
  }
}

/** Counters a SlotRpc keeps up to date (shared with the datasource's progress). */
export type RpcCounters = Pick<SlotRangeProgress, "requests" | "retries" | "rateLimited">;

export type SlotRpcOptions = Pick<
  SlotRangeOptions,
  | "rpcUrl"
  | "httpHeaders"
  | "requestsPerSecond"
  | "maxRetries"
  | "maxRateLimitRetries"
  | "backoffBaseMs"
  | "backoffMaxMs"
  | "maxRetryAfterMs"
  | "requestTimeoutMs"
  | "logger"
>;

/**
 * The JSON-RPC transport of slot-range work: one token bucket for every request, 429 waits,
 * retries of transient errors with backoff, typed errors (the classes of rpc-backfill.ts).
 *
 * @example
 * const tip = await new SlotRpc({ rpcUrl }).getSlot("confirmed", signal);
 */
export class SlotRpc {
  private readonly bucket: TokenBucket;
  private readonly maxRetries: number;
  private readonly maxRateLimitRetries: number;
  private readonly backoffBaseMs: number;
  private readonly backoffMaxMs: number;
  private readonly maxRetryAfterMs: number;
  private readonly requestTimeoutMs: number;
  private readonly log: Logger | undefined;
  private nextId = 1;

  constructor(
    private readonly o: SlotRpcOptions,
    readonly counters: RpcCounters = { requests: 0, retries: 0, rateLimited: 0 },
    private readonly onEvent: () => void = () => {},
  ) {
    this.maxRetries = o.maxRetries ?? 4;
    this.maxRateLimitRetries = o.maxRateLimitRetries ?? 20;
    this.backoffBaseMs = o.backoffBaseMs ?? 500;
    this.backoffMaxMs = o.backoffMaxMs ?? 30_000;
    this.maxRetryAfterMs = o.maxRetryAfterMs ?? 120_000;
    this.requestTimeoutMs = o.requestTimeoutMs ?? 60_000;
    this.bucket = new TokenBucket(o.requestsPerSecond ?? 10);
    this.log = o.logger;
  }

  get rateLimitedForMs(): number {
    return this.bucket.pausedForMs;
  }

  /** The lowest slot whose block the node can still serve (local ledger or long-term storage). */
  async getFirstAvailableBlock(signal: AbortSignal): Promise<number> {
    const slot = await this.withRetries(() => this.call("getFirstAvailableBlock", [], signal), signal);
    if (!Number.isInteger(slot)) throw new RpcResponseError(0, "getFirstAvailableBlock did not answer a slot");
    return slot as number;
  }

  /** The node's current slot at `commitment`. */
  async getSlot(commitment: "confirmed" | "finalized", signal: AbortSignal): Promise<number> {
    const slot = await this.withRetries(() => this.call("getSlot", [{ commitment }], signal), signal);
    if (!Number.isInteger(slot)) throw new RpcResponseError(0, "getSlot did not answer a slot");
    return slot as number;
  }

  private backoff(attempt: number): number {
    const d = Math.min(this.backoffMaxMs, this.backoffBaseMs * 2 ** attempt);
    return d / 2 + Math.random() * (d / 2);
  }

  isTransient(err: unknown): boolean {
    if (err instanceof RpcNetworkError) return true;
    if (err instanceof RpcHttpError) return err.status >= 500 || err.status === 408;
    if (err instanceof RpcResponseError) return !SKIPPED_CODES.has(err.code) && !PERMANENT_CODES.has(err.code);
    return false;
  }

  async withRetries<T>(call: () => Promise<T>, signal: AbortSignal): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await call();
      } catch (err) {
        if (signal.aborted) throw err;
        if (!this.isTransient(err) || attempt >= this.maxRetries) throw err;
        this.counters.retries++;
        this.log?.debug({ err: (err as Error).message, attempt }, "transient RPC error; retrying");
        await sleep(this.backoff(attempt), signal);
      }
    }
  }

  /**
   * One JSON-RPC call: rate limit, 429 waits (every request waits: a 429 is about the server's
   * budget), a timeout covering the body, typed errors. Returns the `result`.
   */
  async call(method: string, params: unknown[], signal: AbortSignal): Promise<unknown> {
    const body = JSON.stringify({ jsonrpc: "2.0", id: this.nextId++, method, params });
    const res = await fetchRateLimited(
      this.o.rpcUrl,
      { method: "POST", headers: { "content-type": "application/json", ...this.o.httpHeaders }, body },
      signal,
      {
        bucket: this.bucket,
        requestTimeoutMs: this.requestTimeoutMs,
        maxRateLimitRetries: this.maxRateLimitRetries,
        maxRetryAfterMs: this.maxRetryAfterMs,
        backoff: (attempt) => this.backoff(attempt),
        stopped: "slot range stopped",
        onRequest: () => void this.counters.requests++,
        onRateLimited: (waitMs) => {
          this.counters.rateLimited++;
          this.log?.debug({ waitMs: Math.round(waitMs), method }, "rate limited (429); every request waits");
          this.onEvent();
        },
      },
    );
    let parsed: unknown;
    try {
      parsed = JSON.parse(res.body);
    } catch {
      // A proxy's HTML error page with a 200: not a JSON-RPC server answering.
      throw new RpcNetworkError(`answer is not JSON: ${res.body.slice(0, 80)}`);
    }
    if (!isObj(parsed)) throw new RpcNetworkError("answer is not a JSON-RPC response");
    const error = parsed["error"];
    if (isObj(error)) {
      const code = typeof error["code"] === "number" ? error["code"] : 0;
      throw new RpcResponseError(code, String(error["message"] ?? "no message"));
    }
    return parsed["result"];
  }
}

function signatureOf(entry: unknown): string | null {
  if (!isObj(entry)) return null;
  const tx = entry["transaction"];
  const sigs = isObj(tx) ? tx["signatures"] : undefined;
  return Array.isArray(sigs) && typeof sigs[0] === "string" ? sigs[0] : null;
}

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
