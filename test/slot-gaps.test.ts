// Slot gaps filled over JSON-RPC: a local JSON-RPC server serves getBlocks/getBlock built from
// the recorded mainnet transactions (skipped slots, listed-but-skipped slots, a 429, a malformed
// transaction inside a block), and the filler runs through the real ingest -> BullMQ -> pipeline
// -> Postgres path. Every DEX swap lands exactly once, also when the fill runs twice or resumes
// after a crash mid-gap; the gap is marked done; what cannot be fetched becomes a gap of its own.
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { slotCursor } from "../core/data/cursors.js";
import { closeSlotGaps, recordSlotGap, slotGapCursorName, SLOT_GAP_SOURCE } from "../core/data/slot-gaps.js";
import { defaultRegistry } from "../core/domain/decoders/index.js";
import { fromRpcTransaction } from "../core/domain/transaction.js";
import { createLogger } from "../core/logger.js";
import type { RunningWorkers } from "../workers/app.js";
import { retryDeadLetters, type RetryOutcome } from "../workers/dead-letters.js";
import { decodeRaw } from "../workers/ingest/ingest.js";
import { fillSlotGap, slotGapProgressLine, type SlotGapFillConfig, type SlotGapStatus } from "../workers/periodic/slot-gaps.js";
import { createTestDatabase, type TestDatabase } from "./helpers/db.js";
import {
  blockAnswer,
  faults,
  loadRecordedEntries,
  startJsonRpcServer,
  type BlockAnswer,
  type BlockError,
  type CallInfo,
  type FaultRule,
  type JsonRpcTestServer,
  type RecordedEntry,
} from "./helpers/json-rpc-server.js";
import { createTestRedis, waitFor, type TestRedis } from "./helpers/redis.js";
import { startTestWorkers } from "./helpers/workers.js";

const run = promisify(execFile);
const FIXTURES = fileURLToPath(new URL("./fixtures/solana/", import.meta.url));
const PROGRAMS = new Set(defaultRegistry.keys());
const logger = createLogger("silent");
const DATASOURCE = "grpc:test";
const BASE = 300_000_000;
/** Transactions per block. */
const PER_BLOCK = 3;

const isGetBlock = (c: CallInfo) => c.method === "getBlock";
const slotOf = (c: CallInfo) => c.params[0] as number;

interface Ledger {
  blocks: Map<number, BlockAnswer | BlockError>;
  /** Slots that hold a real block. */
  blockSlots: number[];
  /** The last slot of the layout. */
  end: number;
  /** `${signature}|${ixPath}` of every swap the DEX transactions of the blocks decode to. */
  expected: Set<string>;
  malformedSignature: string;
  /** The slot each signature was laid out in. */
  slotOf: Map<string, number>;
  /** Entries whose block holds no DEX program (skipped before decoding) and failed ones. */
  nonDex: number;
  failed: number;
}

/**
 * Lays the recorded transactions out in blocks of three on even slots from BASE (odd slots are
 * skipped by their leader and not listed), with two listed slots that answer "skipped" (-32007,
 * -32009) and a malformed copy of a pump.fun transaction in the second block.
 */
function layout(entries: RecordedEntry[]): Ledger {
  const blocks = new Map<number, BlockAnswer | BlockError>();
  const expected = new Set<string>();
  const blockSlots: number[] = [];
  const slotOf = new Map<string, number>();
  let nonDex = 0;
  let failed = 0;
  const malformed = structuredClone(entries.find((e) => e.file.startsWith("pumpfun_2ffHb9AXeKNV"))!.entry) as {
    transaction: { signatures: string[] };
    meta: Record<string, unknown>;
  };
  const malformedSignature = `${"5".repeat(20)}${malformed.transaction.signatures[0]!.slice(20)}`;
  malformed.transaction.signatures[0] = malformedSignature;
  malformed.meta["postBalances"] = "not a list";

  let slot = BASE;
  let parent = BASE - 1;
  for (let i = 0; i < entries.length; i += PER_BLOCK) {
    const group: unknown[] = entries.slice(i, i + PER_BLOCK).map((e) => e.entry);
    if (blockSlots.length === 1) group.splice(1, 0, malformed);
    blocks.set(slot, blockAnswer(slot, parent, group));
    blockSlots.push(slot);
    for (const e of group) {
      if (e === malformed) continue;
      const raw = { ...(e as object), slot, blockTime: 1_700_000_000 + slot };
      const tx = fromRpcTransaction(raw);
      slotOf.set(tx.signature, slot);
      if (tx.failed) {
        failed++;
        continue;
      }
      if (!tx.accountKeys.some((k) => PROGRAMS.has(k))) {
        nonDex++;
        continue;
      }
      for (const s of decodeRaw({ raw, origin: tx.signature, slot }, 150).swaps) expected.add(`${s.signature}|${s.ixPath}`);
    }
    parent = slot;
    slot += 2;
  }
  blocks.set(BASE + 1, { error: { code: -32007, message: `Slot ${BASE + 1} was skipped, or missing due to ledger jump to recent snapshot` } });
  blocks.set(BASE + 3, { error: { code: -32009, message: `Slot ${BASE + 3} was skipped, or missing in long-term storage` } });
  return { blocks, blockSlots, end: slot, expected, malformedSignature, slotOf, nonDex, failed };
}

describe("slot gap filler", () => {
  let db: TestDatabase;
  let redis: TestRedis;
  let workers: RunningWorkers;
  let ledger: Ledger;
  const servers: JsonRpcTestServer[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    ledger = layout(await loadRecordedEntries(FIXTURES));
  });
  afterAll(async () => {
    await db?.drop();
  });
  beforeEach(async () => {
    redis = createTestRedis();
    // The recorded transactions sit far below "now": keep retention from dropping their partitions.
    workers = await startTestWorkers(["pipeline"], { db, redis }, { retentionDays: 36_500 });
    await db.sql.exec(`TRUNCATE swap, dead_letter, job_run, ingest_cursor, alert, tracked_wallet, chat CASCADE`);
  });
  afterEach(async () => {
    await workers.stop();
    await Promise.all(servers.splice(0).map((s) => s.close()));
    await redis.cleanup();
  });

  async function serve(fault?: FaultRule, blocks = ledger.blocks): Promise<JsonRpcTestServer> {
    const s = await startJsonRpcServer({ blocks, ...(fault ? { fault } : {}) });
    servers.push(s);
    return s;
  }

  const config = (server: JsonRpcTestServer, over: Partial<SlotGapFillConfig> = {}): SlotGapFillConfig => ({
    rpcUrl: server.url,
    concurrency: 4,
    maxSlots: 1_000,
    requestsPerSecond: 1_000,
    tuning: { backoffBaseMs: 5, backoffMaxMs: 50, maxRetries: 2, listWindow: 1_000 },
    ...over,
  });

  function retry(server: JsonRpcTestServer, over: Partial<SlotGapFillConfig> = {}, extra: { signal?: AbortSignal; onProgress?: (s: SlotGapStatus) => void } = {}) {
    return retryDeadLetters(
      {
        sql: db.sql,
        swapBatches: workers.swapBatches,
        notify: workers.notify,
        solUsd: 150,
        slotGaps: (row) =>
          fillSlotGap(
            row,
            { sql: db.sql, queue: workers.swapBatches, logger, solUsdFallback: 150, batchSize: 4, batchMaxWaitMs: 10, ...extra },
            config(server, over),
          ),
      },
      { source: SLOT_GAP_SOURCE },
    );
  }

  async function stored(): Promise<{ keys: Set<string>; rows: number }> {
    const rows = await db.sql.query<{ signature: string; ix_path: string }>(`SELECT signature, ix_path FROM swap`);
    return { keys: new Set(rows.map((r) => `${r.signature}|${r.ix_path}`)), rows: rows.length };
  }

  async function settled(): Promise<void> {
    await waitFor(async () => {
      const c = await workers.swapBatches.getJobCounts("wait", "active", "delayed", "prioritized");
      return Object.values(c).every((n) => n === 0);
    }, "the pipeline to store every batch");
  }

  /** The traders of the swaps the gap holds (from the layout, independently of the filler). */
  async function tradersOfGap(): Promise<string[]> {
    const out = new Set<string>();
    for (const [slot, b] of ledger.blocks) {
      if ("error" in b) continue;
      for (const e of b.transactions) {
        const raw = { ...(e as object), slot, blockTime: b.blockTime };
        for (const sw of decodeRaw({ raw, origin: "", slot }, 150).swaps) out.add(sw.trader);
      }
    }
    return [...out];
  }

  async function gapRows() {
    return db.prisma.deadLetter.findMany({ where: { source: SLOT_GAP_SOURCE }, orderBy: { id: "asc" } });
  }

  it("stores every DEX swap of the gap once, skips skipped slots, waits out a 429, dead-letters a malformed transaction and marks the gap done", async () => {
    expect(ledger.expected.size).toBeGreaterThan(20);
    const limitedSlot = ledger.blockSlots[3]!;
    let limited = 0;
    const server = await serve((c) => (isGetBlock(c) && slotOf(c) === limitedSlot && limited++ === 0 ? { kind: "429", retryAfter: "0" } : undefined));
    const id = await recordSlotGap(db.sql, { datasource: DATASOURCE, fromSlot: BASE, reason: "broadcast from 300000000 is not available" });
    expect(await closeSlotGaps(db.sql, DATASOURCE, ledger.end)).toBe(1);
    // A chat follows every trader of the gap: backfilled history must still not alert it.
    await db.prisma.chat.create({ data: { id: 501n, type: "private" } });
    const traders = await tradersOfGap();
    await db.prisma.trackedWallet.createMany({ data: traders.map((address) => ({ chatId: 501n, address })) });

    const outcomes = await retry(server);
    expect(outcomes).toEqual([{ id, ok: true, detail: expect.stringMatching(/^slots 300000000\.\.\d+, \d+ blocks/) }]);
    await settled();

    const got = await stored();
    expect(got.keys).toEqual(ledger.expected);
    expect(got.rows).toBe(ledger.expected.size);

    const fetched = server.calls.filter(isGetBlock);
    // Listed slots only: the leader-skipped odd slots are never asked for.
    expect(new Set(fetched.map(slotOf))).toEqual(new Set([...ledger.blocks.keys()]));
    expect(fetched.filter((c) => slotOf(c) === limitedSlot).map((c) => c.status)).toEqual([429, 200]);
    for (const c of fetched) {
      expect(c.params[1]).toEqual({ encoding: "json", transactionDetails: "full", maxSupportedTransactionVersion: 0, rewards: false, commitment: "confirmed" });
    }
    expect(server.calls.filter((c) => c.method === "getBlocks").map((c) => c.params)).toEqual([[BASE, ledger.end, { commitment: "confirmed" }]]);

    const [gap] = await gapRows();
    expect(gap!.retriedAt).not.toBeNull();
    expect(gap!.payload).toMatchObject({ datasource: DATASOURCE, fromSlot: BASE, toSlot: ledger.end, toSlotFrom: "stream" });
    const batches = await workers.swapBatches.getJobs(["completed"]);
    expect(batches.length).toBeGreaterThan(0);
    expect(new Set(batches.map((j) => (j.data as { source: string }).source))).toEqual(new Set(["rpc"]));
    expect(await db.prisma.alert.count()).toBe(0);
    const decodeLetters = await db.prisma.deadLetter.findMany({ where: { source: "decode" } });
    expect(decodeLetters.map((d) => d.key)).toEqual([ledger.malformedSignature]);

    const runs = await db.prisma.jobRun.findMany({ where: { name: { startsWith: `ingest:slot-gap:${id}:` } } });
    expect(runs.map((r) => r.status)).toEqual(["ok"]);
    expect(runs[0]!.counts).toMatchObject({
      blocks: ledger.blockSlots.length,
      skippedSlots: 2,
      failedBlocks: 0,
      malformed: 1,
      nonDexSkipped: ledger.nonDex,
      failedSkipped: ledger.failed,
      rateLimited: 1,
      swaps: ledger.expected.size,
    });
    // The fill's cursor is gone with the gap.
    expect(await slotCursor(db.sql, slotGapCursorName(id)).load()).toBeNull();
    // Nothing is left to retry.
    expect(await retry(server)).toEqual([]);
  });

  it("filled twice (the same range recorded again) gives the same rows", async () => {
    const server = await serve();
    await recordSlotGap(db.sql, { datasource: DATASOURCE, fromSlot: BASE, reason: "refused", toSlot: ledger.end });
    expect((await retry(server)).map((o) => o.ok)).toEqual([true]);
    await settled();
    const first = await stored();
    // The stream is refused the same slot again after the first gap was closed: a new gap.
    const second = await recordSlotGap(db.sql, { datasource: DATASOURCE, fromSlot: BASE, reason: "refused again", toSlot: ledger.end });
    expect((await retry(server)).map((o) => [o.id, o.ok])).toEqual([[second, true]]);
    await settled();
    const again = await stored();
    expect(again.rows).toBe(first.rows);
    expect(again.keys).toEqual(ledger.expected);
  });

  it("splits a wide gap into chunks, and resumes mid-gap after a crash without fetching the done part again", async () => {
    // getBlocks fails for good from the third window on: the run dies part-way through.
    let listings = 0;
    const server = await serve(faults.when((c) => c.method === "getBlocks" && ++listings >= 3, { kind: "500" }));
    const id = await recordSlotGap(db.sql, { datasource: DATASOURCE, fromSlot: BASE, reason: "refused", toSlot: ledger.end });
    const lines: string[] = [];
    const failed = await retry(server, { maxSlots: 8, tuning: { backoffBaseMs: 1, backoffMaxMs: 2, maxRetries: 0, listWindow: 8 } }, {
      onProgress: (s) => lines.push(slotGapProgressLine(s)),
    });
    expect(failed).toEqual([{ id, ok: false, detail: expect.stringMatching(/getBlocks .* failed: HTTP 500/) }]);
    await settled();
    const cursorAt = (await slotCursor(db.sql, slotGapCursorName(id)).load())!;
    // Two chunks of 8 slots were done, the third failed at its listing.
    expect(cursorAt).toBe(BASE + 16);
    const partial = await stored();
    expect(partial.rows).toBeGreaterThan(0);
    expect(partial.rows).toBeLessThan(ledger.expected.size);
    // The last line before the failure: two chunks of the whole, done.
    const chunks = Math.ceil((ledger.end - BASE + 1) / 8);
    expect(lines.some((l) => l.includes(`(chunk 1/${chunks})`))).toBe(true);
    expect(lines.at(-1)).toContain(`${((100 * 16) / (ledger.end - BASE + 1)).toFixed(1)}% (chunk 2/${chunks})`);
    let [gap] = await gapRows();
    expect(gap!.retriedAt).toBeNull();
    expect(gap!.reason).toMatch(/HTTP 500/);
    const runsBefore = await db.prisma.jobRun.findMany({ where: { name: { startsWith: `ingest:slot-gap:${id}:` } }, orderBy: { id: "asc" } });
    expect(runsBefore.map((r) => r.status)).toEqual(["ok", "ok", "failed"]);

    // The RPC is back: the next fill starts at the cursor.
    server.setFault(undefined);
    const callsBefore = server.calls.length;
    expect((await retry(server, { maxSlots: 8, tuning: { listWindow: 8 } })).map((o) => o.ok)).toEqual([true]);
    await settled();
    const resumed = server.calls.slice(callsBefore);
    expect(Math.min(...resumed.filter(isGetBlock).map(slotOf))).toBeGreaterThanOrEqual(cursorAt);
    expect(resumed.filter((c) => c.method === "getBlocks")[0]!.params.slice(0, 2)).toEqual([cursorAt, BASE + 23]);
    const got = await stored();
    expect(got.keys).toEqual(ledger.expected);
    expect(got.rows).toBe(ledger.expected.size);
    [gap] = await gapRows();
    expect(gap!.retriedAt).not.toBeNull();
  });

  it("stopped mid-chunk (shutdown), resumes from the last batch handed off and stores nothing twice", async () => {
    const server = await serve();
    const id = await recordSlotGap(db.sql, { datasource: DATASOURCE, fromSlot: BASE, reason: "refused", toSlot: ledger.end });
    const stop = new AbortController();
    const [stopped] = await retry(server, { concurrency: 1 }, {
      signal: stop.signal,
      onProgress: (s) => {
        if (s.blocks >= 6) stop.abort();
      },
    });
    expect(stopped).toMatchObject({ id, ok: false, detail: expect.stringMatching(/^stopped at slot \d+ .* resumes there$/) });
    await settled();
    const cursorAt = (await slotCursor(db.sql, slotGapCursorName(id)).load())!;
    // Inside the range: some batches were handed off, not all.
    expect(cursorAt).toBeGreaterThan(BASE);
    expect(cursorAt).toBeLessThan(ledger.end);
    // Everything below the cursor is stored already.
    const below = [...ledger.expected].filter((k) => ledger.slotOf.get(k.split("|")[0]!)! < cursorAt);
    const partial = await stored();
    for (const k of below) expect(partial.keys).toContain(k);

    const callsBefore = server.calls.length;
    expect((await retry(server)).map((o) => o.ok)).toEqual([true]);
    await settled();
    const resumed = server.calls.slice(callsBefore).filter(isGetBlock).map(slotOf);
    expect(Math.min(...resumed)).toBe(cursorAt);
    const got = await stored();
    expect(got.keys).toEqual(ledger.expected);
    expect(got.rows).toBe(ledger.expected.size);
  });

  it("turns a block that keeps failing into a one-slot gap of its own, and fills it once the block is there", async () => {
    const bad = ledger.blockSlots[2]!;
    const server = await serve(faults.when((c) => isGetBlock(c) && slotOf(c) === bad, { kind: "500" }));
    const id = await recordSlotGap(db.sql, { datasource: DATASOURCE, fromSlot: BASE, reason: "refused", toSlot: ledger.end });
    const [first] = await retry(server);
    expect(first).toMatchObject({ id, ok: true, detail: expect.stringContaining("1 blocks split off as gaps of their own") });
    await settled();
    const rows = await gapRows();
    expect(rows).toHaveLength(2);
    expect(rows[0]!.retriedAt).not.toBeNull();
    expect(rows[1]!.retriedAt).toBeNull();
    expect(rows[1]!.payload).toMatchObject({ datasource: DATASOURCE, fromSlot: bad, toSlot: bad, parent: id });
    expect(rows[1]!.reason).toMatch(/HTTP 500/);
    expect((await stored()).rows).toBeLessThan(ledger.expected.size);

    // Still failing: a one-slot gap stays pending rather than splitting again.
    const [still] = await retry(server);
    expect(still).toMatchObject({ id: String(rows[1]!.id), ok: false });
    expect(await gapRows()).toHaveLength(2);

    server.setFault(undefined);
    expect((await retry(server)).map((o) => o.ok)).toEqual([true]);
    await settled();
    const got = await stored();
    expect(got.keys).toEqual(ledger.expected);
    expect(got.rows).toBe(ledger.expected.size);
  });

  it("keeps a gap open, with the reason, when the node's history does not reach it or its blocks keep failing", async () => {
    const server = await serve();
    server.setBlocks(ledger.blocks, undefined, BASE + 10);
    const id = await recordSlotGap(db.sql, { datasource: DATASOURCE, fromSlot: BASE, reason: "refused", toSlot: ledger.end });
    const [old] = await retry(server);
    expect(old).toEqual({ id, ok: false, detail: `the RPC node keeps blocks from slot ${BASE + 10} on; slots ${BASE}..${BASE + 9} of this gap are older (use an RPC with full history)` });
    expect(server.calls.some(isGetBlock)).toBe(false);

    // Every block fails: two are split off, the third stops the run before it splits the gap to pieces.
    server.setBlocks(ledger.blocks);
    server.setFault(faults.when(isGetBlock, { kind: "500" }));
    const [failing] = await retry(server, { maxSplitPerRun: 2, concurrency: 1 });
    expect(failing).toMatchObject({ id, ok: false, detail: expect.stringMatching(/^more than 2 blocks could not be fetched in one run \(last: slot \d+: getBlock: HTTP 500/) });
    const rows = await gapRows();
    expect(rows.map((r) => [r.retriedAt === null, (r.payload as { parent?: string }).parent ?? null])).toEqual([
      [true, null],
      [true, id],
      [true, id],
    ]);
    const runs = await db.prisma.jobRun.findMany({ where: { name: { startsWith: `ingest:slot-gap:${id}:` } } });
    expect(runs.map((r) => r.status)).toEqual(["failed"]);

    // The node is well again: the same gap (and the two split off) fill, and everything is stored once.
    server.setFault(undefined);
    expect((await retry(server)).map((o) => o.ok)).toEqual([true, true, true]);
    await settled();
    const got = await stored();
    expect(got.keys).toEqual(ledger.expected);
    expect(got.rows).toBe(ledger.expected.size);
  });

  it("fills a gap whose end was never reported up to the node's tip, and records that end", async () => {
    const server = await serve();
    const tip = ledger.blockSlots[4]!;
    server.setBlocks(ledger.blocks, tip);
    await recordSlotGap(db.sql, { datasource: DATASOURCE, fromSlot: BASE, reason: "refused" });
    expect((await retry(server)).map((o) => o.ok)).toEqual([true]);
    const [gap] = await gapRows();
    expect(gap!.payload).toMatchObject({ toSlot: tip, toSlotFrom: "rpc" });
    expect(server.calls.filter((c) => c.method === "getSlot").map((c) => c.params)).toEqual([[{ commitment: "confirmed" }]]);
    expect(Math.max(...server.calls.filter(isGetBlock).map(slotOf))).toBe(tip);
  });

  it("fills gaps from the command line (deadletter retry slot-gap) with a progress line, and says what is missing without an endpoint", async () => {
    const server = await serve();
    const id = await recordSlotGap(db.sql, { datasource: DATASOURCE, fromSlot: BASE, reason: "refused", toSlot: ledger.end });
    const { SOLANA_RPC_URL: _unset, ...inherited } = process.env;
    const env = { ...inherited, DATABASE_URL: db.url, REDIS_URL: redis.url, QUEUE_PREFIX: redis.prefix, LOG_LEVEL: "silent" };
    const without = await run("npx", ["tsx", "scripts/deadletter.ts", "retry", "slot-gap"], { env }).catch((e: { code: number; stdout: string }) => e);
    expect(without).toMatchObject({ code: 1 });
    expect(without.stdout).toContain(`${id}\tfailed\tno JSON-RPC endpoint to backfill the gap from: set SOLANA_RPC_URL`);

    const { stdout, stderr } = await run("npx", ["tsx", "scripts/deadletter.ts", "retry", "slot-gap"], {
      env: { ...env, SOLANA_RPC_URL: server.url, SLOT_GAP_REQUESTS_PER_SECOND: "1000" },
    });
    expect(stdout.split("\n")).toContainEqual(expect.stringMatching(new RegExp(`^${id}\tok\tslots ${BASE}[.][.]${ledger.end}, ${ledger.blockSlots.length} blocks`)));
    expect(stdout).toContain("retried 1: 1 went through, 0 still failing");
    expect(stderr.split("\n")).toContainEqual(expect.stringMatching(new RegExp(String.raw`^slot gap ${id} 300,000,000[.][.][\d,]+: [\d.]+% \(chunk 1/1\)`)));
    await settled();
    const got = await stored();
    expect(got.keys).toEqual(ledger.expected);
    expect((await gapRows())[0]!.retriedAt).not.toBeNull();
  });

  it("leaves a gap pending with a clear reason when no RPC endpoint is configured", async () => {
    await recordSlotGap(db.sql, { datasource: DATASOURCE, fromSlot: BASE, reason: "refused", toSlot: BASE + 10 });
    const out: RetryOutcome[] = await retryDeadLetters(
      { sql: db.sql, swapBatches: workers.swapBatches, notify: workers.notify, solUsd: 150 },
      { source: SLOT_GAP_SOURCE },
    );
    expect(out).toEqual([{ id: expect.any(String), ok: false, detail: expect.stringContaining("SOLANA_RPC_URL") }]);
    expect((await gapRows())[0]!.retriedAt).toBeNull();
  });

  it("records one open gap per refused slot, however often the stream is refused it", async () => {
    const a = await recordSlotGap(db.sql, { datasource: DATASOURCE, fromSlot: BASE, reason: "refused" });
    const b = await recordSlotGap(db.sql, { datasource: DATASOURCE, fromSlot: BASE, reason: "refused again" });
    const c = await recordSlotGap(db.sql, { datasource: DATASOURCE, fromSlot: BASE + 5, reason: "refused" });
    expect(b).toBe(a);
    expect(c).not.toBe(a);
    expect(await closeSlotGaps(db.sql, DATASOURCE, BASE + 100)).toBe(2);
    // An end already known is not moved by a later report.
    expect(await closeSlotGaps(db.sql, DATASOURCE, BASE + 200)).toBe(0);
    expect((await gapRows()).map((r) => (r.payload as { toSlot: number }).toSlot)).toEqual([BASE + 100, BASE + 100]);
  });
});
