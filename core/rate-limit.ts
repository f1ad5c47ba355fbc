/**
 * Request-rate tools shared by the RPC clients (backfill, token facts): a token bucket that a 429
 * can pause for everyone, an abortable sleep, and Retry-After parsing.
 */

/** Sleeps `ms`; rejects with the signal's reason when it is aborted. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const done = () => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    };
    const timer = setTimeout(done, Math.max(0, ms));
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}

/**
 * A token bucket: `ratePerSecond` tokens a second, at most `burst` saved up. Takers are served
 * in arrival order; `pauseFor` holds everyone back (a server said 429).
 *
 * @example
 * const bucket = new TokenBucket(10); // 10 requests/s, evenly spaced
 * await bucket.take(signal);
 */
export class TokenBucket {
  private tokens: number;
  private last = performance.now();
  private pausedUntil = 0;
  private tail: Promise<void> = Promise.resolve();

  constructor(
    readonly ratePerSecond: number,
    readonly burst = 1,
  ) {
    if (!(ratePerSecond > 0 && Number.isFinite(ratePerSecond))) throw new RangeError("ratePerSecond must be a positive number");
    if (!(burst >= 1)) throw new RangeError("burst must be at least 1");
    this.tokens = burst;
  }

  /** Resolves when the caller may send one request. */
  take(signal?: AbortSignal): Promise<void> {
    // Chained so waiters are served in order and the bucket's state has one writer at a time.
    const turn = this.tail.then(() => this.acquire(signal));
    this.tail = turn.catch(() => {});
    return turn;
  }

  pauseFor(ms: number): void {
    this.pausedUntil = Math.max(this.pausedUntil, performance.now() + ms);
  }

  /** How long requests are held back by a 429 from now. */
  get pausedForMs(): number {
    return Math.max(0, this.pausedUntil - performance.now());
  }

  private async acquire(signal?: AbortSignal): Promise<void> {
    for (;;) {
      signal?.throwIfAborted();
      const now = performance.now();
      if (now < this.pausedUntil) {
        await sleep(this.pausedUntil - now, signal);
        continue;
      }
      this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) * this.ratePerSecond) / 1000);
      this.last = now;
      if (this.tokens >= 1) {
        this.tokens -= 1;
        return;
      }
      // Timers may fire a little early; the loop checks again rather than trusting them.
      await sleep(((1 - this.tokens) * 1000) / this.ratePerSecond, signal);
    }
  }
}

/** Retry-After as milliseconds: delay-seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null, now = Date.now()): number | undefined {
  if (value === null || value.trim() === "") return undefined;
  const v = value.trim();
  if (/^\d+(\.\d+)?$/.test(v)) return Number(v) * 1000;
  // An HTTP date names its day and month; Date.parse alone would take "-1" for a year.
  if (!/[A-Za-z]{3}/.test(v)) return undefined;
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
