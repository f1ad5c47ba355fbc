// The Yellowstone datasource against a real gRPC server over loopback (test/helpers/geyser-server.ts)
// speaking to the native client: recorded mainnet updates in, RPC-shaped JSON out; reconnect and
// resume, keep-alive, abort and backpressure.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { status } from "@grpc/grpc-js";
import { CommitmentLevel, SubscribeUpdate } from "@triton-one/yellowstone-grpc";
import bs58 from "bs58";
import { afterEach, describe, expect, it } from "vitest";
import { grpcToRpcTransaction } from "../core/domain/grpc-transaction.js";
import { createLogger } from "../core/logger.js";
import { isSkipped, type RawTransaction } from "../workers/ingest/datasource.js";
import { YellowstoneDatasource, type YellowstoneOptions } from "../workers/ingest/yellowstone.js";
import { startGeyserServer, type GeyserServer, type GeyserServerOptions } from "./helpers/geyser-server.js";

const DIR = fileURLToPath(new URL("./fixtures/yellowstone/recorded/canonical_tx_updates/", import.meta.url));
const BINS = readdirSync(DIR)
  .filter((f) => f.endsWith(".bin"))
  .sort()
  .map((f) => readFileSync(path.join(DIR, f)));
const PROGRAMS = ["LBUZKhRxPF3XUpBCjp4YzTKgLccjZhTSDM9YuVaPwxo", "pAMMBay6oceH9fJKBRHGP5D4bD4sWpmSwMn52FMfXEA"];

const decode = (bin: Uint8Array) => SubscribeUpdate.decode(bin).transaction!;
const signatureOf = (bin: Uint8Array) => bs58.encode(decode(bin).transaction!.signature);

/** A recorded update moved to another slot, optionally under a fresh signature. */
function variant(bin: Uint8Array, slot: number, uniqueId?: number): Uint8Array {
  const u = SubscribeUpdate.decode(bin);
  const tx = u.transaction!;
  tx.slot = String(slot);
  if (uniqueId !== undefined) {
    const sig = new Uint8Array(64);
    new DataView(sig.buffer).setUint32(0, uniqueId + 1);
    tx.transaction!.signature = sig;
    tx.transaction!.transaction!.signatures = [sig];
  }
  return SubscribeUpdate.encode(u).finish();
}

async function waitFor(cond: () => boolean, what: string, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

const servers: GeyserServer[] = [];
const stops: AbortController[] = [];
afterEach(async () => {
  for (const s of stops.splice(0)) s.abort();
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function server(opts: GeyserServerOptions): Promise<GeyserServer> {
  const s = await startGeyserServer(opts);
  servers.push(s);
  return s;
}

function datasource(srv: GeyserServer, opts: Partial<YellowstoneOptions> = {}): YellowstoneDatasource {
  return new YellowstoneDatasource({
    endpoint: srv.url,
    programIds: PROGRAMS,
    logger: createLogger("silent"),
    reconnectMinMs: 20,
    reconnectMaxMs: 200,
    ...opts,
  });
}

/** Reads in the background; `onItem` can make the consumer slow. */
function consume(ds: YellowstoneDatasource, onItem?: (item: RawTransaction) => Promise<void> | void) {
  const stop = new AbortController();
  stops.push(stop);
  const items: RawTransaction[] = [];
  const done = (async () => {
    for await (const item of ds.read(stop.signal)) {
      if (isSkipped(item)) throw new Error(`skipped ${item.origin}: ${item.reason}`);
      items.push(item);
      await onItem?.(item);
    }
  })();
  return { stop, items, done };
}

describe("YellowstoneDatasource over a local Geyser server", () => {
  it("yields the nine recorded transactions as RPC JSON, subscribed with the program filter", async () => {
    const srv = await server({ updates: BINS });
    const ds = datasource(srv, { fromSlot: async () => 371_000_000 });
    expect(ds.source).toBe("grpc");
    const reader = consume(ds);
    await waitFor(() => reader.items.length === BINS.length, "nine transactions");
    reader.stop.abort();
    await reader.done;

    reader.items.forEach((item, i) => {
      const update = decode(BINS[i]!);
      expect(item.raw).toEqual(grpcToRpcTransaction(update));
      expect(item.origin).toBe(signatureOf(BINS[i]!));
      expect(item.slot).toBe(Number(update.slot));
    });

    const first = srv.requests[0]!.request;
    const filters = Object.values(first.transactions ?? {});
    expect(filters).toHaveLength(1);
    expect(filters[0]).toMatchObject({ vote: false, failed: false, accountInclude: PROGRAMS });
    expect(first.commitment).toBe(CommitmentLevel.CONFIRMED);
    expect(first.fromSlot).toBe("371000000");
    expect(first.accounts ?? {}).toEqual({});
  });

  it("reconnects after a dropped stream, resumes at the last yielded slot and yields each signature once", async () => {
    const slots = [100, 100, 101, 101, 102, 102, 103, 103, 104];
    const updates = BINS.map((b, i) => variant(b, slots[i]!));
    const srv = await server({ updates, killAfter: (call) => (call === 0 ? 4 : undefined) });
    const ds = datasource(srv, { fromSlot: async () => null, commitment: "finalized" });
    const reader = consume(ds);
    await waitFor(() => reader.items.length === 9, "all nine transactions after the reconnect");

    expect(srv.callCount).toBe(2);
    const initial = srv.requests.filter((r) => !r.request.ping);
    expect(initial[0]!.request.fromSlot).toBeUndefined();
    expect(initial[0]!.request.commitment).toBe(CommitmentLevel.FINALIZED);
    // Four updates (slots 100, 100, 101, 101) were yielded before the drop.
    expect(initial[1]).toMatchObject({ call: 1, request: { fromSlot: "101" } });
    const sigs = reader.items.map((i) => i.origin);
    expect(new Set(sigs).size).toBe(9);
    expect(sigs).toEqual(BINS.map(signatureOf));
    expect(ds.stats).toMatchObject({ duplicates: 2, reconnects: 1, yielded: 9 });
    // Nothing arrives late: the replayed duplicates were dropped, not queued.
    expect(ds.bufferDepth).toBe(0);
  });

  it("answers a server ping", async () => {
    const srv = await server({ updates: [] });
    // Its own pings far apart, so any ping request here is the answer.
    const ds = datasource(srv, { pingIntervalMs: 60_000 });
    consume(ds);
    await waitFor(() => srv.openCalls === 1 && srv.requests.length === 1, "the subscription");
    srv.sendPing();
    await waitFor(() => srv.requests.some((r) => r.request.ping), "the answer to the server's ping");
    const answer = srv.requests.find((r) => r.request.ping)!;
    // Ping-only: no filters, so the server keeps the subscription's own.
    expect(Object.keys(answer.request.transactions ?? {})).toHaveLength(0);
    expect(answer.request.fromSlot).toBeUndefined();
  });

  it("pings on its own and keeps a quiet stream whose server answers", async () => {
    const srv = await server({ updates: [] });
    const ds = datasource(srv, { pingIntervalMs: 50, staleAfterMs: 250 });
    consume(ds);
    // Ten pings, each answered by a pong: twice the stale limit with no data, still one stream.
    await waitFor(() => srv.requests.filter((r) => r.request.ping).length >= 10, "keep-alive pings");
    expect(srv.callCount).toBe(1);
  });

  it("drops a stream that has gone silent and subscribes again", async () => {
    const srv = await server({ updates: [], answerPings: false });
    const ds = datasource(srv, { pingIntervalMs: 50, staleAfterMs: 200 });
    consume(ds);
    await waitFor(() => srv.callCount >= 2, "a second subscription after the silence");
  });

  it("resubscribes without fromSlot when the server refuses it", async () => {
    const srv = await server({ updates: [] });
    const gaps: number[] = [];
    const ds = datasource(srv, { fromSlot: async () => 5, onSlotGap: (slot) => void gaps.push(slot) });
    consume(ds);
    await waitFor(() => srv.openCalls === 1, "the subscription");
    // Yellowstone's own words (an INTERNAL status) when the slot is out of its replay window.
    srv.kill(status.INTERNAL, "broadcast from 5 is not available, last available: 371000000");
    await waitFor(() => srv.callCount === 2 && srv.requests.length >= 2, "a second subscription");
    const initial = srv.requests.filter((r) => !r.request.ping);
    expect(initial[0]!.request.fromSlot).toBe("5");
    expect(initial[1]!.request.fromSlot).toBeUndefined();
    expect(gaps).toEqual([5]);
  });

  it("reports the end of a slot gap: the first slot the stream delivers after the refused fromSlot", async () => {
    const updates = BINS.slice(0, 4).map((b, i) => variant(b, 9_000 + i));
    const srv = await server({ updates, oldestReplaySlot: 8_000 });
    const events: string[] = [];
    const ds = datasource(srv, {
      fromSlot: async () => 5,
      onSlotGap: (slot) => void events.push(`gap from ${slot}`),
      onSlotGapEnd: (from, first) => void events.push(`gap ${from} ends at ${first}`),
    });
    const reader = consume(ds);
    await waitFor(() => reader.items.length === 4, "the transactions after the gap");
    await waitFor(() => events.length === 2, "the end of the gap");
    // Recorded before the stream came back, and the end reported once.
    expect(events).toEqual(["gap from 5", "gap 5 ends at 9000"]);
    const initial = srv.requests.filter((r) => !r.request.ping);
    expect(initial.map((r) => r.request.fromSlot)).toEqual(["5", undefined]);
    expect(reader.items.map((i) => i.slot)).toEqual([9_000, 9_001, 9_002, 9_003]);
  });

  it("keeps trying while the server is down and subscribes once it is back", async () => {
    const gone = await startGeyserServer();
    const { url } = gone;
    await gone.close();
    const ds = datasource(gone, { reconnectMinMs: 20, reconnectMaxMs: 100 });
    const reader = consume(ds);
    await waitFor(() => ds.stats.attempts >= 3, "a few failed connection attempts");
    const back = await server({ updates: BINS.slice(0, 2), port: Number(new URL(url).port) });
    await waitFor(() => reader.items.length === 2, "transactions from the server that came back");
    expect(back.callCount).toBe(1);
  });

  it("ends the iterator promptly when the signal aborts, and closes its side of the stream", async () => {
    const srv = await server({ updates: [] });
    const ds = datasource(srv);
    const reader = consume(ds);
    await waitFor(() => srv.openCalls === 1, "the subscription");
    const t0 = performance.now();
    reader.stop.abort();
    await reader.done;
    expect(performance.now() - t0).toBeLessThan(250);
    await waitFor(() => srv.clientClosed === 1, "the server to see the client close");
  });

  it("holds the buffer at maxBuffer with a slow consumer, by pausing the stream, and loses nothing", async () => {
    const total = 300;
    const updates = Array.from({ length: total }, (_, i) => variant(BINS[i % BINS.length]!, 1_000 + Math.floor(i / 3), i));
    const srv = await server({ updates });
    const maxBuffer = 8;
    const ds = datasource(srv, { maxBuffer });
    let maxDepth = 0;
    let sawPause = false;
    const sample = () => {
      maxDepth = Math.max(maxDepth, ds.bufferDepth);
      sawPause ||= ds.stats.paused;
    };
    const sampler = setInterval(sample, 1);
    let sentAfter20 = 0;
    const reader = consume(ds, async (item) => {
      sample();
      if (reader.items.length === 20) sentAfter20 = srv.sent;
      void item;
      await new Promise((r) => setTimeout(r, 1)); // the slow consumer
    });
    try {
      await waitFor(() => reader.items.length === total, "every transaction", 15_000);
    } finally {
      clearInterval(sampler);
    }
    expect(maxDepth).toBeLessThanOrEqual(maxBuffer);
    expect(maxDepth).toBeGreaterThan(0);
    expect(sawPause).toBe(true);
    // Flow control reached the server: it could not send everything while we were slow.
    expect(sentAfter20).toBeLessThan(total);
    expect(reader.items.map((i) => i.origin)).toEqual(updates.map(signatureOf));
    expect(srv.callCount).toBe(1);
  });

  // When the error surfaces the client's Readable still holds read-ahead updates (about 15 here)
  // and destroy() discards them; only the inclusive replay brings them back.
  it("loses nothing when a stream dies while paused (the read-ahead is replayed, not dropped)", async () => {
    const total = 120;
    const updates = Array.from({ length: total }, (_, i) => variant(BINS[i % BINS.length]!, 2_000 + Math.floor(i / 3), i));
    const srv = await server({ updates, killAfter: (call) => (call === 0 ? 60 : undefined) });
    const ds = datasource(srv, { maxBuffer: 4 });
    const reader = consume(ds, () => new Promise((r) => setTimeout(r, 1)));
    await waitFor(() => reader.items.length === total, "every transaction", 10_000);
    expect(srv.callCount).toBe(2);
    expect(reader.items.map((i) => i.origin)).toEqual(updates.map(signatureOf));
    const resumedAt = Number(srv.requests.filter((r) => r.call === 1 && !r.request.ping)[0]!.request.fromSlot);
    expect(resumedAt).toBeLessThanOrEqual(2_000 + Math.floor(59 / 3));
  });
});
