/**
 * One HTTP request to a Solana JSON-RPC endpoint, as both RPC datasources (signature backfill and
 * slot ranges) send it: under the shared request rate, with every request pausing on a 429 (it is
 * about the server's budget, not one call), a timeout that covers the body too, and typed errors.
 * The body comes back already read, so the timeout never leaks into the caller's parsing.
 *
 * Trap: one AbortController per request, tied to the run's signal with a plain listener rather
 * than AbortSignal.any, which keeps every dependent signal of a long-lived parent alive on some
 * Node 20 releases.
 */
import type { TokenBucket } from "../../core/rate-limit.js";
import { parseRetryAfter } from "../../core/rate-limit.js";
import { RpcAbortedError, RpcHttpError, RpcNetworkError, RpcRateLimitedError } from "./rpc-backfill.js";

export interface RateLimitedFetch {
  bucket: TokenBucket;
  requestTimeoutMs: number;
  maxRateLimitRetries: number;
  maxRetryAfterMs: number;
  /** The wait after the n-th 429 (from 0) when the server sent no Retry-After. */
  backoff(attempt: number): number;
  /** What an abort says ("backfill stopped"). */
  stopped: string;
  /** Called before each request goes out (counters). */
  onRequest?(): void;
  /** Called on each 429, with the pause every request now takes. */
  onRateLimited?(waitMs: number, retryAfterKnown: boolean): void;
}

export interface BufferedResponse {
  status: number;
  statusText: string;
  headers: Headers;
  body: string;
}

/** Sends `init` to `url` until it is answered with something other than 429; a non-2xx answer throws `RpcHttpError`. */
export async function fetchRateLimited(url: string | URL | Request, init: RequestInit, signal: AbortSignal, o: RateLimitedFetch): Promise<BufferedResponse> {
  for (let limited = 0; ; ) {
    try {
      await o.bucket.take(signal);
    } catch {
      throw new RpcAbortedError(o.stopped);
    }
    o.onRequest?.();
    const request = new AbortController();
    const onStop = () => request.abort();
    signal.addEventListener("abort", onStop, { once: true });
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      request.abort();
    }, o.requestTimeoutMs);
    try {
      let res: Response;
      try {
        res = await fetch(url, { ...init, signal: request.signal });
      } catch (err) {
        if (signal.aborted) throw new RpcAbortedError(o.stopped);
        if (timedOut) throw new RpcNetworkError(`no answer within ${o.requestTimeoutMs} ms`, { cause: err });
        const cause = (err as { cause?: { code?: string; message?: string } }).cause;
        throw new RpcNetworkError(`${(err as Error).message}${cause ? ` (${cause.code ?? cause.message})` : ""}`, { cause: err });
      }
      if (res.status === 429) {
        limited++;
        const retryAfter = parseRetryAfter(res.headers.get("retry-after"));
        await res.body?.cancel().catch(() => {});
        if (limited > o.maxRateLimitRetries) throw new RpcRateLimitedError(`still rate limited after ${o.maxRateLimitRetries} waits`);
        const wait = retryAfter !== undefined ? Math.min(retryAfter, o.maxRetryAfterMs) : o.backoff(limited - 1);
        o.bucket.pauseFor(wait);
        o.onRateLimited?.(wait, retryAfter !== undefined);
        continue;
      }
      if (!res.ok) throw new RpcHttpError(res.status, await res.text().catch(() => ""));
      let body: string;
      try {
        body = await res.text();
      } catch (err) {
        if (signal.aborted) throw new RpcAbortedError(o.stopped);
        throw new RpcNetworkError(timedOut ? `no answer within ${o.requestTimeoutMs} ms` : `answer cut off: ${(err as Error).message}`, { cause: err });
      }
      return { status: res.status, statusText: res.statusText, headers: res.headers, body };
    } finally {
      clearTimeout(timer);
      signal.removeEventListener("abort", onStop);
    }
  }
}
