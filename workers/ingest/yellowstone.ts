/**
 * Yellowstone gRPC (Geyser) datasource: the real-time feed. Subscribes to every non-vote,
 * successful transaction that touches one of the given DEX programs and yields each one in the
 * RPC `getTransaction` JSON shape, like every other datasource.
 *
 * Key ideas:
 * - Two sides joined by a bounded buffer. The gRPC receive side only enqueues; the consumer side
 *   (`read()`) converts and yields. When the buffer is full the receive side pauses the stream,
 *   so the native client stops pulling and HTTP/2 flow control pushes back to the server:
 *   nothing is dropped, the server eventually lags us out (and we reconnect) instead.
 * - Reconnect forever with exponential backoff and jitter, resuming at `fromSlot` = the slot of
 *   the last transaction yielded. The server replays that slot inclusively, so signatures seen
 *   recently are remembered and replays dropped. A window of buffer size + one busy slot is
 *   enough: everything older than the resume slot is never sent again.
 * - Keep-alive: server pings are answered and our own pings go out every `pingIntervalMs`; a
 *   stream silent for `staleAfterMs` while we are reading is treated as dead.
 *
 * Traps:
 * - A stream that fails while paused discards what the client had read ahead (its Readable
 *   drops up to 16 buffered updates on destroy): "received" is not "safe". The inclusive replay
 *   from the last *yielded* slot brings them back.
 * - A `fromSlot` older than the server's replay window is refused ("broadcast from N is not
 *   available"); retrying the same request would loop forever, so the next attempt goes without
 *   `fromSlot` and says so loudly: `onSlotGap` records the gap, `onSlotGapEnd` its end (the
 *   first slot received again), and workers/periodic/slot-gaps.ts backfills it over RPC.
 * - Closing a stream from the client only half-closes it (the native client cannot cancel); a
 *   real server drops the session once its writes stall. Harmless: we close a stream only on
 *   abort or once we have given up on it.
 * - The client's built-in reconnect is not used: it needs block-meta filters and resumes on its
 *   own terms; we need the resume point to follow what the consumer actually took.
 */
import * as yellowstone from "@triton-one/yellowstone-grpc";
import { CommitmentLevel, SubscribeRequest } from "@triton-one/yellowstone-grpc";
import type {
  ChannelOptions,
  ClientDuplexStream,
  SubscribeUpdate,
  SubscribeUpdateTransaction,
} from "@triton-one/yellowstone-grpc";
import { grpcToRpcTransaction, MalformedGrpcTransactionError } from "../../core/domain/grpc-transaction.js";
import type { Logger } from "../../core/logger.js";
import type { Datasource, RawTransaction, SkippedInput } from "./datasource.js";

export type Commitment = "processed" | "confirmed" | "finalized";

export interface YellowstoneOptions {
  /** `https://host:port` (TLS) or `http://host:port` (plaintext); a scheme is required. */
  endpoint: string;
  xToken?: string;
  /** Programs whose transactions we want (the decoder registry's program ids). */
  programIds: readonly string[];
  commitment?: Commitment;
  /** The durable resume point (inclusive), asked for whenever nothing was yielded yet. */
  fromSlot?: () => Promise<number | null>;
  logger: Logger;
  /** Transactions held between the stream and the consumer before the stream is paused. */
  maxBuffer?: number;
  pingIntervalMs?: number;
  /** A stream that sends nothing (not even a pong) for this long is dropped. Default 3 pings. */
  staleAfterMs?: number;
  reconnectMinMs?: number;
  reconnectMaxMs?: number;
  /** Passed to the native client (timeouts, message sizes, HTTP/2 windows). */
  channelOptions?: ChannelOptions;
  /** Name for run records and cursors; default `grpc:<host>`. */
  name?: string;
  /**
   * Called when the server cannot replay from `fromSlot` and the stream restarts at the live
   * tip: everything from that slot to the tip is missed here and must be recorded for a backfill.
   */
  onSlotGap?: (fromSlot: number, reason: string) => Promise<void> | void;
  /**
   * Called once the stream delivers again after such a gap: `firstSlot` is the first slot
   * received, so the gap is [fromSlot, firstSlot] (inclusive: the stream may have joined that
   * slot part-way). Not awaited by the stream; a failure is logged and the filler then asks the
   * node for its tip instead.
   */
  onSlotGapEnd?: (fromSlot: number, firstSlot: number) => Promise<void> | void;
}

export interface YellowstoneStats {
  received: number;
  yielded: number;
  /** Replayed transactions dropped after a reconnect. */
  duplicates: number;
  /** Subscription attempts, failed ones included. */
  attempts: number;
  /** Streams opened after the first. */
  reconnects: number;
  paused: boolean;
}

interface Queued {
  update: SubscribeUpdateTransaction;
  slot: number;
}

// The package's .d.ts is read as CommonJS (its package.json has no "type": "module"), so a
// default import is typed as the whole module while Node's ESM loader hands over the class.
// Take whichever of the two is the class, typed as the class.
type ClientClass = typeof yellowstone.default.default;
const ns = yellowstone as unknown as { default: ClientClass | { default: ClientClass } };
const Client: ClientClass = typeof ns.default === "function" ? ns.default : ns.default.default;
type Client = InstanceType<ClientClass>;

const COMMITMENT: Record<Commitment, CommitmentLevel> = {
  processed: CommitmentLevel.PROCESSED,
  confirmed: CommitmentLevel.CONFIRMED,
  finalized: CommitmentLevel.FINALIZED,
};

/** The filter name the server echoes back in `SubscribeUpdate.filters`. */
const FILTER_NAME = "pumpspace-dex";
/** What Yellowstone says when it cannot replay from the requested slot (an INTERNAL status). */
const FROM_SLOT_REFUSED = /broadcast from \d+ is not available|from_slot is not supported/i;
/** Room for the transactions of one busy slot on top of the buffer (see the header). */
const SLOT_MARGIN = 10_000;

export class YellowstoneDatasource implements Datasource {
  readonly source = "grpc" as const;
  readonly name: string;

  readonly #opts: Required<
    Pick<YellowstoneOptions, "maxBuffer" | "pingIntervalMs" | "staleAfterMs" | "reconnectMinMs" | "reconnectMaxMs">
  > &
    YellowstoneOptions;
  readonly #log: Logger;
  readonly #queue = new Fifo<Queued>();
  readonly #seen: RecentSet;
  readonly #stats: YellowstoneStats = {
    received: 0,
    yielded: 0,
    duplicates: 0,
    attempts: 0,
    reconnects: 0,
    paused: false,
  };

  #client: Client | null = null;
  #stream: ClientDuplexStream | null = null;
  #arrival: (() => void) | null = null;
  #lastYieldedSlot: number | null = null;
  #lastActivity = 0;
  #pingId = 0;
  #pauses = 0;
  #lastPauseWarning = -Infinity;
  #reading = false;
  /** The fromSlot of a gap whose end (the first slot received after it) is still to be reported. */
  #gapFrom: number | null = null;

  constructor(opts: YellowstoneOptions) {
    if (opts.programIds.length === 0) {
      // An empty accountInclude means "every transaction on the chain".
      throw new Error("YellowstoneDatasource needs at least one program id to subscribe to");
    }
    const pingIntervalMs = opts.pingIntervalMs ?? 10_000;
    this.#opts = {
      ...opts,
      maxBuffer: Math.max(1, opts.maxBuffer ?? 10_000),
      pingIntervalMs,
      staleAfterMs: opts.staleAfterMs ?? 3 * pingIntervalMs,
      reconnectMinMs: opts.reconnectMinMs ?? 500,
      reconnectMaxMs: opts.reconnectMaxMs ?? 30_000,
    };
    this.name = opts.name ?? `grpc:${safeHost(opts.endpoint)}`;
    this.#log = opts.logger.child({ datasource: this.name });
    this.#seen = new RecentSet(this.#opts.maxBuffer + SLOT_MARGIN);
  }

  /** Transactions received and not yet yielded (a metric; never above `maxBuffer`). */
  get bufferDepth(): number {
    return this.#queue.length;
  }

  get stats(): Readonly<YellowstoneStats> {
    return this.#stats;
  }

  async *read(signal: AbortSignal): AsyncGenerator<RawTransaction | SkippedInput> {
    if (this.#reading) throw new Error(`${this.name}: read() is already running`);
    this.#reading = true;
    // Ends the receive side when the caller aborts or stops iterating (break, throw).
    const stop = new AbortController();
    const onAbort = () => stop.abort();
    if (signal.aborted) stop.abort();
    else signal.addEventListener("abort", onAbort, { once: true });
    // Not awaited on the way out, so a hung connect cannot hold up shutdown; it ends on `stop`.
    this.#receive(stop.signal).catch((err: unknown) =>
      this.#log.error({ reason: describeError(err) }, "yellowstone receive loop crashed"),
    );
    try {
      for (;;) {
        if (stop.signal.aborted) return;
        const next = this.#queue.shift();
        if (next === undefined) {
          await this.#nextArrival(stop.signal);
          continue;
        }
        this.#resumeIfRoom();
        const item = toItem(next);
        this.#lastYieldedSlot = next.slot;
        this.#stats.yielded++;
        yield item;
      }
    } finally {
      stop.abort();
      signal.removeEventListener("abort", onAbort);
      // Whatever was not yielded is dropped here and comes back through the caller's cursor;
      // forget it was seen, or a later read() would drop its replay as a duplicate.
      this.#queue.clear();
      this.#seen.clear();
      this.#reading = false;
    }
  }

  // -- receive side ---------------------------------------------------------------------------

  async #receive(signal: AbortSignal): Promise<void> {
    let failures = 0;
    let skipFromSlot = false;
    let first = true;
    while (!signal.aborted) {
      let fromSlot: number | null = null;
      let outcome: { delivered: boolean; error: unknown };
      this.#stats.attempts++;
      try {
        fromSlot = skipFromSlot ? null : (this.#lastYieldedSlot ?? (await this.#opts.fromSlot?.()) ?? null);
        skipFromSlot = false;
        const stream = await this.#open(fromSlot, signal);
        if (!first) this.#stats.reconnects++;
        first = false;
        this.#log.info({ fromSlot, programs: this.#opts.programIds.length }, "yellowstone stream subscribed");
        outcome = await this.#consume(stream, signal);
      } catch (err) {
        // A failed connect or subscribe can leave a broken channel behind: start a new client.
        this.#client = null;
        outcome = { delivered: false, error: err };
      }
      if (signal.aborted) break;

      failures = outcome.delivered ? 0 : failures + 1;
      const delayMs = backoffMs(failures, this.#opts.reconnectMinMs, this.#opts.reconnectMaxMs);
      const reason = outcome.error === null ? "stream ended by the server" : describeError(outcome.error);
      if (fromSlot !== null && FROM_SLOT_REFUSED.test(reason)) {
        skipFromSlot = true;
        // A gap already waiting for its end starts earlier and covers this one too.
        this.#gapFrom = Math.min(this.#gapFrom ?? fromSlot, fromSlot);
        await Promise.resolve(this.#opts.onSlotGap?.(fromSlot, reason)).catch((err: unknown) =>
          this.#log.error({ err, fromSlot }, "could not record the slot gap"),
        );
        this.#log.error(
          { fromSlot, reason },
          "the server cannot replay from fromSlot: resubscribing from the live tip; " +
            "transactions from that slot until now are missed here and must be backfilled over RPC",
        );
      } else if (/permission|authentication|unauthenticated/i.test(reason)) {
        this.#log.error({ reason, delayMs }, "yellowstone refused the subscription: check YELLOWSTONE_TOKEN");
      } else if (/failed to create filter/i.test(reason)) {
        this.#log.error({ reason, delayMs }, "yellowstone rejected the filter (too many program ids?)");
      } else {
        this.#log.warn({ reason, delayMs, failures, bufferDepth: this.bufferDepth }, "yellowstone stream lost; reconnecting");
      }
      await sleep(delayMs, signal);
    }
  }

  async #open(fromSlot: number | null, signal: AbortSignal): Promise<ClientDuplexStream> {
    if (!this.#client) {
      const client = new Client(this.#opts.endpoint, this.#opts.xToken, this.#opts.channelOptions);
      await client.connect();
      this.#client = client;
    }
    const stream = await this.#client.subscribe(this.#request(fromSlot));
    if (signal.aborted) {
      stream.destroy();
      throw new Error("aborted");
    }
    return stream;
  }

  #request(fromSlot: number | null): SubscribeRequest {
    return SubscribeRequest.fromPartial({
      transactions: {
        [FILTER_NAME]: {
          vote: false,
          failed: false,
          accountInclude: [...this.#opts.programIds],
          accountExclude: [],
          accountRequired: [],
        },
      },
      commitment: COMMITMENT[this.#opts.commitment ?? "confirmed"],
      ...(fromSlot === null ? {} : { fromSlot: String(fromSlot) }),
    });
  }

  /** Reads one stream until it closes; resolves (never rejects) with how it went. */
  #consume(stream: ClientDuplexStream, signal: AbortSignal): Promise<{ delivered: boolean; error: unknown }> {
    return new Promise((resolve) => {
      let delivered = false;
      let error: unknown = null;
      this.#stream = stream;
      this.#stats.paused = false;
      this.#lastActivity = Date.now();

      const onData = (u: SubscribeUpdate) => {
        delivered = true;
        this.#lastActivity = Date.now();
        if (u.ping) {
          // Servers and load balancers drop clients that do not answer.
          this.#ping(stream);
          return;
        }
        const tx = u.transaction;
        if (!tx) return; // pongs; nothing else is subscribed
        this.#stats.received++;
        const sig = tx.transaction?.signature;
        if (sig && sig.length > 0) {
          const key = Buffer.from(sig.buffer, sig.byteOffset, sig.byteLength).toString("base64");
          if (this.#seen.has(key)) {
            this.#stats.duplicates++;
            return;
          }
          this.#seen.add(key);
        }
        const slot = Number(tx.slot);
        if (this.#gapFrom !== null) this.#endGap(slot);
        this.#queue.push({ update: tx, slot });
        this.#wake();
        if (this.#queue.length >= this.#opts.maxBuffer) this.#pause(stream);
      };
      const onError = (err: unknown) => {
        error = err;
      };
      const onAbort = () => stream.destroy();
      const keepAlive = setInterval(() => {
        const silentMs = Date.now() - this.#lastActivity;
        // While paused we are not reading, so silence says nothing about the server.
        if (!this.#stats.paused && silentMs > this.#opts.staleAfterMs) {
          stream.destroy(new Error(`no message for ${silentMs} ms (not even a pong)`));
          return;
        }
        this.#ping(stream);
      }, this.#opts.pingIntervalMs);
      keepAlive.unref();

      stream.on("data", onData);
      stream.on("error", onError);
      stream.once("close", () => {
        clearInterval(keepAlive);
        signal.removeEventListener("abort", onAbort);
        // The error listener stays: an 'error' with no listener would crash the process.
        stream.off("data", onData);
        if (this.#stream === stream) this.#stream = null;
        this.#stats.paused = false;
        resolve({ delivered, error });
      });
      signal.addEventListener("abort", onAbort, { once: true });
      if (signal.aborted) stream.destroy();
      else if (this.#queue.length >= this.#opts.maxBuffer) this.#pause(stream);
    });
  }

  #endGap(firstSlot: number): void {
    const fromSlot = this.#gapFrom!;
    this.#gapFrom = null;
    this.#log.info({ fromSlot, firstSlot }, "stream delivering again after a slot gap; the gap's end is recorded for the RPC backfill");
    Promise.resolve()
      .then(() => this.#opts.onSlotGapEnd?.(fromSlot, firstSlot))
      .catch((err: unknown) => this.#log.error({ err, fromSlot, firstSlot }, "could not record the end of the slot gap"));
  }

  #ping(stream: ClientDuplexStream): void {
    if (stream.destroyed || stream.writableEnded) return;
    // A ping-only request carries no filters, and the server keeps the current ones.
    this.#pingId = (this.#pingId % 0x7fffffff) + 1;
    // A failed write destroys the stream with the error, which the reconnect loop handles.
    stream.write(SubscribeRequest.fromPartial({ ping: { id: this.#pingId } }), () => {});
  }

  #pause(stream: ClientDuplexStream): void {
    if (this.#stats.paused) return;
    stream.pause();
    this.#stats.paused = true;
    this.#pauses++;
    // A consumer that stays slow pauses the stream every few seconds: one warning per minute.
    const now = Date.now();
    if (now - this.#lastPauseWarning < 60_000) return;
    this.#lastPauseWarning = now;
    this.#log.warn(
      { bufferDepth: this.#queue.length, maxBuffer: this.#opts.maxBuffer, pauses: this.#pauses },
      "ingest buffer full: pausing the gRPC stream until the consumer catches up",
    );
  }

  // -- consumer side --------------------------------------------------------------------------

  #resumeIfRoom(): void {
    const stream = this.#stream;
    if (!this.#stats.paused || !stream) return;
    // Half empty before resuming, so a consumer just keeping up does not flap pause/resume.
    if (this.#queue.length > this.#opts.maxBuffer >> 1) return;
    this.#stats.paused = false;
    this.#lastActivity = Date.now();
    this.#log.debug({ bufferDepth: this.#queue.length }, "resuming the gRPC stream");
    stream.resume();
  }

  #wake(): void {
    const wake = this.#arrival;
    this.#arrival = null;
    wake?.();
  }

  #nextArrival(signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        signal.removeEventListener("abort", done);
        resolve();
      };
      this.#arrival = done;
      signal.addEventListener("abort", done, { once: true });
    });
  }
}

function toItem(q: Queued): RawTransaction | SkippedInput {
  try {
    const raw = grpcToRpcTransaction(q.update);
    return { raw, origin: raw.transaction.signatures[0] ?? `grpc slot ${q.slot}`, slot: q.slot };
  } catch (err) {
    if (!(err instanceof MalformedGrpcTransactionError)) throw err;
    return { skipped: true, origin: err.signature ?? `grpc slot ${q.slot}`, reason: err.message, raw: q.update };
  }
}

/** Exponential backoff with "equal jitter": never below half the step, so retries spread out. */
export function backoffMs(failures: number, minMs: number, maxMs: number): number {
  const step = Math.min(maxMs, minMs * 2 ** Math.min(failures, 30));
  return Math.round(step / 2 + (Math.random() * step) / 2);
}

/** The native client nests the gRPC status under `cause`; one line with every level. */
export function describeError(err: unknown): string {
  const parts: string[] = [];
  let e: unknown = err;
  for (let depth = 0; e != null && depth < 8; depth++) {
    const msg = e instanceof Error ? e.message : String(e);
    if (msg && !parts.includes(msg)) parts.push(msg);
    e = e instanceof Error ? e.cause : undefined;
  }
  return parts.join(": ") || "unknown error";
}

function safeHost(endpoint: string): string {
  try {
    return new URL(endpoint).host;
  } catch {
    return "invalid-endpoint";
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done, { once: true });
  });
}

/** Array-backed FIFO with O(1) amortized shift. */
class Fifo<T> {
  #items: (T | undefined)[] = [];
  #head = 0;

  get length(): number {
    return this.#items.length - this.#head;
  }

  push(item: T): void {
    this.#items.push(item);
  }

  shift(): T | undefined {
    if (this.#head >= this.#items.length) return undefined;
    const item = this.#items[this.#head];
    this.#items[this.#head++] = undefined;
    if (this.#head > 1024 && this.#head * 2 > this.#items.length) {
      this.#items = this.#items.slice(this.#head);
      this.#head = 0;
    }
    return item;
  }

  clear(): void {
    this.#items = [];
    this.#head = 0;
  }
}

/** A set that remembers only the last `capacity` keys added. */
class RecentSet {
  readonly #set = new Set<string>();
  readonly #ring: (string | undefined)[];
  #next = 0;

  constructor(capacity: number) {
    this.#ring = new Array<string | undefined>(capacity);
  }

  has(key: string): boolean {
    return this.#set.has(key);
  }

  add(key: string): void {
    const old = this.#ring[this.#next];
    if (old !== undefined) this.#set.delete(old);
    this.#ring[this.#next] = key;
    this.#next = (this.#next + 1) % this.#ring.length;
    this.#set.add(key);
  }

  clear(): void {
    this.#set.clear();
    this.#ring.fill(undefined);
    this.#next = 0;
  }
}
