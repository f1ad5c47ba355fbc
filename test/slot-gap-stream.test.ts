// A live stream that comes back too late to replay what it missed, end to end: the local Geyser
// server refuses the old from_slot, the Yellowstone datasource records the gap and then its end
// (the first slot it receives again), and the periodic slot-gap job on the maintenance queue
// backfills it over JSON-RPC. The stream's swaps and the gap's swaps are all stored, once each,
// including a transaction both the stream and the backfill saw.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { SubscribeUpdate } from "@triton-one/yellowstone-grpc";
import { afterEach, describe, expect, it } from "vitest";
import { slotCursor } from "../core/data/cursors.js";
import { slotGapHooks, SLOT_GAP_SOURCE } from "../core/data/slot-gaps.js";
import { defaultRegistry } from "../core/domain/decoders/index.js";
import { grpcToRpcTransaction } from "../core/domain/grpc-transaction.js";
import { fromRpcTransaction } from "../core/domain/transaction.js";
import { createLogger } from "../core/logger.js";
import { decodeRaw } from "../workers/ingest/ingest.js";
import { YellowstoneDatasource } from "../workers/ingest/yellowstone.js";
import { createTestDatabase, type TestDatabase } from "./helpers/db.js";
import { startGeyserServer, type GeyserServer } from "./helpers/geyser-server.js";
import { blockAnswer, loadRecordedEntries, startJsonRpcServer, type BlockAnswer, type JsonRpcTestServer } from "./helpers/json-rpc-server.js";
import { createTestRedis, waitFor, type TestRedis } from "./helpers/redis.js";
import { startTestWorkers } from "./helpers/workers.js";

const GRPC_DIR = fileURLToPath(new URL("./fixtures/yellowstone/recorded/canonical_tx_updates/", import.meta.url));
const FIXTURES = fileURLToPath(new URL("./fixtures/solana/", import.meta.url));
const logger = createLogger("silent");
const NAME = "grpc:test";
/** Where the stream's cursor stood before the outage, and the oldest slot the server still has. */
const FROM = 400_000_000;
const LIVE = FROM + 60;

/** The recorded updates as the live stream delivers them after the outage, two per slot from LIVE. */
const UPDATES = readdirSync(GRPC_DIR)
  .filter((f) => f.endsWith(".bin"))
  .sort()
  .map((f, i) => {
    const u = SubscribeUpdate.decode(readFileSync(path.join(GRPC_DIR, f)));
    u.transaction!.slot = String(LIVE + Math.floor(i / 2));
    return SubscribeUpdate.encode(u).finish();
  });

const keysOf = (raw: unknown, slot: number) =>
  decodeRaw({ raw, origin: "", slot }, 150).swaps.map((s) => `${s.signature}-${s.ixPath}`);

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c().catch(() => {});
});

describe("a slot gap from a refused from_slot", () => {
  it("is recorded with its end by the stream and closed by the periodic filler, every swap stored once", async () => {
    const db: TestDatabase = await createTestDatabase();
    const redis: TestRedis = createTestRedis();
    cleanups.push(() => db.drop(), () => redis.cleanup());

    // What the stream delivers after the outage.
    const streamed = UPDATES.map((bin) => {
      const tx = SubscribeUpdate.decode(bin).transaction!;
      return { slot: Number(tx.slot), json: JSON.parse(JSON.stringify(grpcToRpcTransaction(tx))) as Record<string, unknown> };
    });
    // What the blocks of the gap hold: recorded transactions every other slot from FROM, and in
    // the slot where the stream came back, the stream's own first transaction (seen twice).
    const programs = new Set(defaultRegistry.keys());
    // Some recorded transactions were captured from this very stream: on chain a signature has
    // one slot, so those stay out of the gap's blocks (but for the deliberate overlap below).
    const streamedSignatures = new Set(streamed.map((s) => fromRpcTransaction(s.json).signature));
    const entries = (await loadRecordedEntries(FIXTURES)).filter((e) => {
      if (streamedSignatures.has(e.signature)) return false;
      const tx = fromRpcTransaction({ ...e.entry, slot: 1 });
      return !tx.failed && tx.accountKeys.some((k) => programs.has(k));
    });
    const blocks = new Map<number, BlockAnswer>();
    const expected = new Set<string>();
    let slot = FROM;
    for (const [i, e] of entries.slice(0, 20).entries()) {
      slot = FROM + 2 * i;
      blocks.set(slot, blockAnswer(slot, slot - 2, [e.entry]));
      for (const k of keysOf({ ...e.entry, slot, blockTime: 1_700_000_000 + slot }, slot)) expected.add(k);
    }
    expect(slot).toBeLessThan(LIVE);
    const { slot: _s, blockTime: _b, ...overlap } = streamed[0]!.json;
    blocks.set(LIVE, blockAnswer(LIVE, slot, [overlap]));
    for (const s of streamed) for (const k of keysOf(s.json, s.slot)) expected.add(k);
    const overlapKeys = keysOf(streamed[0]!.json, LIVE);
    expect(overlapKeys.length).toBeGreaterThan(0);

    const geyser: GeyserServer = await startGeyserServer({ updates: UPDATES, oldestReplaySlot: LIVE });
    const rpc: JsonRpcTestServer = await startJsonRpcServer({ blocks, tip: LIVE + 1_000 });
    cleanups.push(() => geyser.close(), () => rpc.close());
    const cursor = slotCursor(db.sql, NAME);
    await cursor.save(FROM);

    // The ingest worker: the live stream, with the gap hooks of workers/main.ts. Its batches wait
    // in the queue for the pipeline worker started below.
    const live = await startTestWorkers(["ingest"], { db, redis }, {
      retentionDays: 36_500,
      datasource: new YellowstoneDatasource({
        endpoint: geyser.url,
        programIds: [...defaultRegistry.keys()],
        fromSlot: () => cursor.load(),
        logger,
        name: NAME,
        reconnectMinMs: 20,
        reconnectMaxMs: 100,
        ...slotGapHooks(db.sql, NAME),
      }),
    });
    cleanups.push(() => live.stop());
    const gap = () => db.prisma.deadLetter.findFirst({ where: { source: SLOT_GAP_SOURCE } });
    await waitFor(async () => ((await gap())?.payload as { toSlot?: number } | undefined)?.toSlot !== undefined, "the gap with its end");
    const recorded = (await gap())!;
    expect(recorded.payload).toMatchObject({ datasource: NAME, fromSlot: FROM, toSlot: LIVE, toSlotFrom: "stream" });
    expect(recorded.retriedAt).toBeNull();
    const initial = geyser.requests.filter((r) => !r.request.ping);
    expect(initial.map((r) => r.request.fromSlot)).toEqual([String(FROM), undefined]);

    // A pipeline worker with the RPC configured: its slot-gap job runs at once, then every hour.
    const filler = await startTestWorkers(["pipeline"], { db, redis }, {
      retentionDays: 36_500,
      slotGaps: {
        rpcUrl: rpc.url,
        concurrency: 4,
        maxSlots: 16,
        requestsPerSecond: 1_000,
        tuning: { backoffBaseMs: 5, backoffMaxMs: 50 },
        everyMs: 3_600_000,
      },
    });
    cleanups.push(() => filler.stop());
    await waitFor(async () => (await gap())?.retriedAt != null, "the gap to be filled", 30_000);
    const storedKeys = async () => (await db.sql.query<{ k: string }>(`SELECT signature || '-' || ix_path AS k FROM swap`)).map((r) => r.k);
    await waitFor(async () => (await storedKeys()).length >= expected.size, "every swap stored");
    // Let anything late land before counting: nothing may arrive twice.
    await waitFor(async () => {
      const c = await live.swapBatches.getJobCounts("wait", "active", "delayed", "prioritized");
      return Object.values(c).every((n) => n === 0);
    }, "the queue to drain");
    const keys = await storedKeys();
    expect(new Set(keys)).toEqual(expected);
    expect(keys.length).toBe(expected.size);

    // Filled in chunks of 16 slots, each a job run, under one periodic run; only the gap's slots.
    // The periodic run is recorded once it has marked the gap: a moment after.
    await waitFor(async () => (await db.prisma.jobRun.count({ where: { name: "slot-gaps", status: "ok" } })) >= 1, "the periodic run's record");
    const runs = await db.prisma.jobRun.findMany({ orderBy: { id: "asc" } });
    const chunks = runs.filter((r) => r.name.startsWith(`ingest:slot-gap:${recorded.id}:`));
    expect(chunks.map((r) => r.status)).toEqual(Array(Math.ceil((LIVE - FROM + 1) / 16)).fill("ok"));
    const fetched = rpc.calls.filter((c) => c.method === "getBlock").map((c) => c.params[0] as number);
    expect(Math.min(...fetched)).toBe(FROM);
    expect(Math.max(...fetched)).toBe(LIVE);
    expect(rpc.calls.some((c) => c.method === "getSlot")).toBe(false);
  });
});
