// The pure pieces of the RPC backfill: Retry-After parsing and the token bucket.
import { describe, expect, it } from "vitest";
import { parseRetryAfter, TokenBucket } from "./rpc-backfill.js";

describe("parseRetryAfter", () => {
  it("reads delay-seconds and HTTP dates, and nothing else", () => {
    const now = Date.parse("2025-06-01T12:00:00Z");
    expect(parseRetryAfter("2", now)).toBe(2000);
    expect(parseRetryAfter(" 0.5 ", now)).toBe(500);
    expect(parseRetryAfter("Sun, 01 Jun 2025 12:00:03 GMT", now)).toBe(3000);
    expect(parseRetryAfter("Sun, 01 Jun 2025 11:59:00 GMT", now)).toBe(0);
    expect(parseRetryAfter(null, now)).toBeUndefined();
    expect(parseRetryAfter("", now)).toBeUndefined();
    expect(parseRetryAfter("soon", now)).toBeUndefined();
    expect(parseRetryAfter("-1", now)).toBeUndefined();
  });
});

describe("TokenBucket", () => {
  it("spaces takers at the rate, in arrival order", async () => {
    const bucket = new TokenBucket(50); // one every 20 ms, one saved
    const t0 = performance.now();
    const order: number[] = [];
    await Promise.all(Array.from({ length: 6 }, (_, i) => bucket.take().then(() => order.push(i))));
    expect(order).toEqual([0, 1, 2, 3, 4, 5]);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(5 * 20 - 2);
  });

  it("holds everyone back during a pause", async () => {
    const bucket = new TokenBucket(1000, 5);
    bucket.pauseFor(60);
    expect(bucket.pausedForMs).toBeGreaterThan(0);
    const t0 = performance.now();
    await Promise.all([bucket.take(), bucket.take()]);
    expect(performance.now() - t0).toBeGreaterThanOrEqual(58);
  });

  it("lets an aborted taker go without blocking the next", async () => {
    const bucket = new TokenBucket(10);
    await bucket.take();
    const stop = new AbortController();
    const waiting = bucket.take(stop.signal);
    stop.abort(new Error("stopped"));
    await expect(waiting).rejects.toThrow("stopped");
    await bucket.take(); // still served, about 100 ms after the first
  });
});
