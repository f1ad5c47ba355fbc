/**
 * Asking for a token backfill and waiting for it: the bot's /top and the signals role's call
 * pricing go through here. One job per mint at a time (job id `token-backfill-<mint>`): a second
 * ask while a run is queued or running joins that run and gets its progress and its result.
 *
 * Key idea: the QueueEvents listener is ready before the job is added, so no progress, completion
 * or failure of the job can slip by between adding and listening. Finished jobs are removed at
 * once (see the queue's job options), so the next ask after a run starts a fresh one.
 */
import { QueueEvents, type Queue } from "bullmq";
import type { Redis } from "ioredis";
import { createQueue, createRedis } from "./connection.js";
import { QueueName, tokenBackfillStatus, type TokenBackfillPayload, type TokenBackfillStatus } from "./contract.js";

/** Why a backfill gave no answer; each has its own sentence for the user. */
export type TokenBackfillErrorCode =
  | "rpc-unreachable"
  | "rpc-rate-limited"
  | "rpc-error"
  | "busy"
  | "store-failed"
  | "stopped"
  | "timeout";

const CODES: ReadonlySet<string> = new Set<TokenBackfillErrorCode>([
  "rpc-unreachable",
  "rpc-rate-limited",
  "rpc-error",
  "busy",
  "store-failed",
  "stopped",
  "timeout",
]);

export class TokenBackfillFailedError extends Error {
  override name = "TokenBackfillFailedError";
  constructor(
    readonly code: TokenBackfillErrorCode,
    message: string,
  ) {
    super(message);
  }
}

/** The code at the start of a failed job's reason (`<code>: <detail>`); "rpc-error" when none. */
export function failureCode(reason: string): TokenBackfillErrorCode {
  const code = /^([a-z-]+): /.exec(reason)?.[1];
  return code && CODES.has(code) ? (code as TokenBackfillErrorCode) : "rpc-error";
}

export function tokenBackfillJobId(mint: string): string {
  return `token-backfill-${mint}`;
}

export interface TokenBackfillRunOptions {
  onProgress?: (s: TokenBackfillStatus) => void;
  /** Stop waiting after this long (the run itself goes on). Default: the client's. */
  timeoutMs?: number;
}

/** What the bot and the signals role need: run (or join) a mint's backfill and wait for it. */
export interface TokenBackfills {
  run(mint: string, o?: TokenBackfillRunOptions): Promise<TokenBackfillStatus>;
}

export interface TokenBackfillClientOptions {
  redisUrl: string;
  prefix: string;
  /** Default wait. 10 minutes. */
  timeoutMs?: number;
}

interface Waiter {
  /**
   * Redis time (ms) just before this ask: the events stream carries an earlier run's end of the
   * same job id late sometimes, and such an event must not answer this ask.
   */
  since: number;
  progress(data: unknown): void;
  completed(value: unknown): void;
  failed(reason: string): void;
}

export class TokenBackfillClient implements TokenBackfills {
  private readonly producer: Redis;
  private readonly listener: Redis;
  private readonly queue: Queue;
  private readonly events: QueueEvents;
  private readonly ready: Promise<unknown>;
  /** The askers waiting on each job id. */
  private readonly waiting = new Map<string, Set<Waiter>>();

  constructor(private readonly o: TokenBackfillClientOptions) {
    this.producer = createRedis(o.redisUrl, "producer");
    this.producer.on("error", () => {});
    // QueueEvents blocks on XREAD: a connection that waits out Redis restarts, of its own.
    this.listener = createRedis(o.redisUrl, "worker");
    this.listener.on("error", () => {});
    this.queue = createQueue(QueueName.TokenBackfill, { connection: this.producer, prefix: o.prefix });
    this.queue.on("error", () => {});
    this.events = new QueueEvents(QueueName.TokenBackfill, { connection: this.listener, prefix: o.prefix });
    this.events.on("error", () => {});
    this.events.on("progress", ({ jobId, data }, id) => this.each(jobId, id, (w) => w.progress(data)));
    this.events.on("completed", ({ jobId, returnvalue }, id) => this.each(jobId, id, (w) => w.completed(returnvalue)));
    this.events.on("failed", ({ jobId, failedReason }, id) => this.each(jobId, id, (w) => w.failed(failedReason)));
    this.ready = this.events.waitUntilReady();
  }

  async run(mint: string, o: TokenBackfillRunOptions = {}): Promise<TokenBackfillStatus> {
    await this.ready;
    const jobId = tokenBackfillJobId(mint);
    const timeoutMs = o.timeoutMs ?? this.o.timeoutMs ?? 600_000;
    const [sec, usec] = await this.producer.time();
    const since = Number(sec) * 1000 + Math.floor(Number(usec) / 1000);
    return new Promise<TokenBackfillStatus>((resolve, reject) => {
      const waiter: Waiter = {
        since,
        progress: (data) => {
          const s = tokenBackfillStatus.safeParse(data);
          if (s.success) o.onProgress?.(s.data);
        },
        completed: (value) => {
          done();
          const s = tokenBackfillStatus.safeParse(value);
          if (s.success) resolve(s.data);
          else reject(new TokenBackfillFailedError("rpc-error", "the backfill returned an unexpected result"));
        },
        failed: (reason) => {
          done();
          reject(new TokenBackfillFailedError(failureCode(reason), reason));
        },
      };
      const timer = setTimeout(() => {
        done();
        reject(new TokenBackfillFailedError("timeout", `no answer within ${timeoutMs} ms`));
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        const set = this.waiting.get(jobId);
        set?.delete(waiter);
        if (set?.size === 0) this.waiting.delete(jobId);
      };
      const set = this.waiting.get(jobId) ?? new Set<Waiter>();
      set.add(waiter);
      this.waiting.set(jobId, set);
      this.queue.add("token-backfill", { mint } satisfies TokenBackfillPayload, { jobId }).catch((err: unknown) => {
        done();
        reject(err);
      });
    });
  }

  private each(jobId: string, eventId: string, fn: (w: Waiter) => void): void {
    // A stream entry id starts with the Redis time (ms) it was written at.
    const at = Number(eventId.split("-")[0]);
    for (const w of [...(this.waiting.get(jobId) ?? [])]) if (!(at < w.since)) fn(w);
  }

  async close(): Promise<void> {
    await this.events.close().catch(() => {});
    await this.queue.close().catch(() => {});
    this.producer.disconnect();
    this.listener.disconnect();
  }
}
