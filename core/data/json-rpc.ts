/**
 * A small Solana JSON-RPC client for lookups the bot and workers make now and then (token facts),
 * as opposed to the backfill's sweeps: one `call(method, params)` under a token-bucket request
 * rate, waiting out HTTP 429 (Retry-After when sent, else exponential backoff) for every caller at
 * once, and retrying transient failures (network, 5xx, timeouts) a few times.
 *
 * Trap: the endpoint URL often carries an API key; it is never logged or put into an error.
 */
import { parseRetryAfter, sleep, TokenBucket } from "../rate-limit.js";

export interface JsonRpcClientOptions {
  /** Endpoint; may carry an API key, so it never appears in errors or logs. */
  url: string;
  headers?: Record<string, string>;
  /** Requests per second, retries included. Default 5. */
  requestsPerSecond?: number;
  /** Requests that may go back to back after a quiet spell. Default 2. */
  burst?: number;
  /** 429 answers one call waits out before giving up. Default 5. */
  maxRateLimitRetries?: number;
  /** Retries of a transient failure per call. Default 2. */
  maxRetries?: number;
  /** Backoff for a 429 without Retry-After and for transient failures. Defaults 250 ms, 10 s. */
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  /** A longer Retry-After is cut to this. Default 30 s. */
  maxRetryAfterMs?: number;
  /** One HTTP request. Default 10 s. */
  timeoutMs?: number;
}

/** The server answered with a JSON-RPC error object (bad params, not a mint, node behind…). */
export class RpcCallError extends Error {
  override name = "RpcCallError";
  constructor(
    readonly method: string,
    readonly code: number,
    message: string,
  ) {
    super(`${method}: RPC error ${code}: ${message}`);
  }
}

/** A non-2xx HTTP status other than 429. */
export class RpcStatusError extends Error {
  override name = "RpcStatusError";
  constructor(
    readonly method: string,
    readonly status: number,
  ) {
    super(`${method}: HTTP ${status}`);
  }
}

/** No HTTP answer (refused, reset, DNS, timeout). */
export class RpcUnreachableError extends Error {
  override name = "RpcUnreachableError";
}

/** Still 429 after `maxRateLimitRetries` waits. */
export class RpcRateLimitError extends Error {
  override name = "RpcRateLimitError";
}

/** Counters for logs and tests. */
export interface JsonRpcStats {
  requests: number;
  rateLimited: number;
  retries: number;
}

// Node behind / not yet available: the answer may change if we ask again shortly.
const TRANSIENT_RPC_CODES = new Set([-32004, -32005, -32007, -32014, -32016]);

function transient(err: unknown): boolean {
  if (err instanceof RpcUnreachableError) return true;
  if (err instanceof RpcStatusError) return err.status >= 500 || err.status === 408;
  if (err instanceof RpcCallError) return TRANSIENT_RPC_CODES.has(err.code);
  return false;
}

/**
 * @example
 * const rpc = new JsonRpcClient({ url: config.SOLANA_RPC_URL, requestsPerSecond: 5 });
 * const { value } = await rpc.call<{ value: unknown[] }>("getMultipleAccounts", [[mint], { encoding: "base64" }]);
 */
export class JsonRpcClient {
  readonly stats: JsonRpcStats = { requests: 0, rateLimited: 0, retries: 0 };
  private readonly bucket: TokenBucket;
  private nextId = 1;
  private readonly o: Required<Omit<JsonRpcClientOptions, "headers">> & { headers: Record<string, string> };

  constructor(options: JsonRpcClientOptions) {
    this.o = {
      url: options.url,
      headers: options.headers ?? {},
      requestsPerSecond: options.requestsPerSecond ?? 5,
      burst: options.burst ?? 2,
      maxRateLimitRetries: options.maxRateLimitRetries ?? 5,
      maxRetries: options.maxRetries ?? 2,
      backoffBaseMs: options.backoffBaseMs ?? 250,
      backoffMaxMs: options.backoffMaxMs ?? 10_000,
      maxRetryAfterMs: options.maxRetryAfterMs ?? 30_000,
      timeoutMs: options.timeoutMs ?? 10_000,
    };
    this.bucket = new TokenBucket(this.o.requestsPerSecond, this.o.burst);
  }

  /** Calls `method` and returns its `result`; throws one of the errors above. */
  async call<T>(method: string, params: readonly unknown[], signal?: AbortSignal): Promise<T> {
    let limited = 0;
    let failed = 0;
    for (;;) {
      await this.bucket.take(signal);
      try {
        return await this.once<T>(method, params, signal);
      } catch (err) {
        if (signal?.aborted) throw err;
        if (err instanceof RateLimited) {
          this.stats.rateLimited++;
          if (++limited > this.o.maxRateLimitRetries) throw new RpcRateLimitError(`${method}: still rate limited after ${limited - 1} waits`);
          const wait = Math.min(err.retryAfterMs ?? this.backoff(limited), this.o.maxRetryAfterMs);
          // A 429 is about the server's budget: everyone waits, not only this call.
          this.bucket.pauseFor(wait);
          continue;
        }
        if (transient(err) && failed < this.o.maxRetries) {
          failed++;
          this.stats.retries++;
          await sleep(this.backoff(failed), signal);
          continue;
        }
        throw err;
      }
    }
  }

  private backoff(attempt: number): number {
    const ceiling = Math.min(this.o.backoffMaxMs, this.o.backoffBaseMs * 2 ** (attempt - 1));
    return ceiling / 2 + Math.random() * (ceiling / 2);
  }

  private async once<T>(method: string, params: readonly unknown[], signal?: AbortSignal): Promise<T> {
    this.stats.requests++;
    const id = this.nextId++;
    const timeout = AbortSignal.timeout(this.o.timeoutMs);
    let res: Response;
    let text: string;
    try {
      res = await fetch(this.o.url, {
        method: "POST",
        headers: { "content-type": "application/json", ...this.o.headers },
        body: JSON.stringify({ jsonrpc: "2.0", id, method, params }),
        signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
      });
      text = await res.text();
    } catch (err) {
      if (signal?.aborted) throw signal.reason;
      // The cause may hold the URL (and its key): keep only its kind.
      const why = err instanceof Error ? (err.name === "TimeoutError" ? "timed out" : (err.cause as { code?: string } | undefined)?.code ?? err.name) : "failed";
      throw new RpcUnreachableError(`${method}: no answer from the RPC (${why})`);
    }
    if (res.status === 429) throw new RateLimited(parseRetryAfter(res.headers.get("retry-after")));
    if (!res.ok) throw new RpcStatusError(method, res.status);
    let body: { result?: unknown; error?: { code?: unknown; message?: unknown } };
    try {
      body = JSON.parse(text) as typeof body;
    } catch {
      throw new RpcStatusError(method, res.status);
    }
    if (body.error) {
      throw new RpcCallError(method, typeof body.error.code === "number" ? body.error.code : 0, String(body.error.message ?? "unknown error"));
    }
    return body.result as T;
  }
}

/** Internal: one 429 answer, with its Retry-After. */
class RateLimited extends Error {
  constructor(readonly retryAfterMs: number | undefined) {
    super("429");
  }
}
