// Replay -> decode -> batch queue -> store -> match -> notify queue, on real Postgres, Redis and
// BullMQ. The same replay twice must store every swap once and enqueue every alert once.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../core/logger.js";
import type { Role } from "../workers/app.js";
import { ReplayDatasource } from "../workers/ingest/replay.js";
import { createTestDatabase, type TestDatabase } from "./helpers/db.js";
import { createTestRedis, waitFor, type TestRedis } from "./helpers/redis.js";
import { startTestWorkers } from "./helpers/workers.js";

const FIXTURES = fileURLToPath(new URL("./fixtures/solana/", import.meta.url));
const logger = createLogger("silent");

async function expected(file: string) {
  return JSON.parse(await readFile(path.join(FIXTURES, file), "utf8")).fields;
}

describe("replay pipeline", () => {
  let db: TestDatabase;
  let redis: TestRedis;
  const chatId = 424242n;

  beforeAll(async () => {
    db = await createTestDatabase();
    redis = createTestRedis();
  });
  afterAll(async () => {
    await db?.drop();
    await redis?.cleanup();
  });

  async function replay(roles: Role[]) {
    const w = await startTestWorkers(roles, { db, redis }, { datasource: new ReplayDatasource(FIXTURES), batchSize: 7 });
    const counts = await w.ingestDone;
    await waitFor(async () => {
      const c = await w.swapBatches.getJobCounts("wait", "active", "delayed", "prioritized");
      return Object.values(c).every((n) => n === 0);
    }, "swap batches to drain");
    const failed = await w.swapBatches.getJobCounts("failed");
    const notifyJobs = await w.notify.getJobCounts("wait", "delayed", "prioritized", "completed");
    await w.stop();
    return { counts: counts!, failed: failed.failed ?? 0, notifyJobs: Object.values(notifyJobs).reduce((a, b) => a + b, 0) };
  }

  it("stores each swap once and enqueues each alert once, even when the replay runs twice", async () => {
    const sell = (await expected("pumpfun_3tJczs8y2bR8.expected.json")).expectedActionInfos[0];
    await db.prisma.chat.create({ data: { id: chatId, type: "private" } });
    await db.prisma.trackedWallet.create({ data: { chatId, address: sell.trader, label: "whale <1>" } });

    const first = await replay(["ingest", "pipeline"]);
    expect(first.failed).toBe(0);
    expect(first.counts.swaps).toBeGreaterThan(10);
    expect(first.counts.batches).toBeGreaterThan(1);
    const stored = await db.sql.query<{ n: string }>(`SELECT count(*) AS n FROM swap`);
    expect(Number(stored[0]!.n)).toBe(first.counts.swaps);

    const alerts = await db.prisma.alert.findMany({ where: { chatId } });
    expect(alerts).toHaveLength(1);
    const payload = alerts[0]!.payload as Record<string, unknown>;
    expect(payload).toMatchObject({
      wallet: sell.trader,
      walletLabel: "whale <1>",
      side: "sell",
      tokenMint: sell.tokenMint,
      tokenAmount: sell.tokenAmount,
      quoteAmount: sell.solAmount,
      dex: "pumpfun",
    });
    expect(first.notifyJobs).toBe(1);

    const second = await replay(["ingest", "pipeline"]);
    expect(second.counts.swaps).toBe(first.counts.swaps);
    const storedAgain = await db.sql.query<{ n: string }>(`SELECT count(*) AS n FROM swap`);
    expect(Number(storedAgain[0]!.n)).toBe(first.counts.swaps);
    expect(await db.prisma.alert.count({ where: { chatId } })).toBe(1);
    expect(second.notifyJobs).toBe(1);
  });

  it("stores a routed swap's legs and a swap's stated fees with the swap", async () => {
    const [fees] = await db.sql.query<{ fees: unknown }>(
      `SELECT fees FROM swap WHERE signature LIKE '3QLV6eN1W1pC%'`,
    );
    const buy = await expected("pumpfun_3QLV6eN1W1pC.expected.json");
    expect(fees?.fees).toEqual([
      { kind: "protocol", mint: "So11111111111111111111111111111111111111112", amount: String(buy.fee) },
      { kind: "creator", mint: "So11111111111111111111111111111111111111112", amount: String(buy.creator_fee) },
    ]);
    const [routed] = await db.sql.query<{ dex: string; legs: { dex: string; amountIn: string }[] }>(
      `SELECT dex, legs FROM swap WHERE signature LIKE '4VhDRLUK5QDZ%'`,
    );
    expect(routed?.dex).toBe("jupiter");
    expect(routed?.legs.length).toBeGreaterThanOrEqual(3);
    expect(routed?.legs.map((l) => l.dex)).toContain("orca-whirlpool");
  });

  it("stores backfilled history without alerting anyone", async () => {
    const { storeSwapBatch } = await import("../core/data/swap-store.js");
    const { decodeRaw } = await import("../workers/ingest/ingest.js");
    const raw = JSON.parse(await readFile(path.join(FIXTURES, "pumpfun_3QLV6eN1W1pC.json"), "utf8"));
    const { swaps } = decodeRaw({ raw, origin: "t", slot: raw.slot }, 150);
    await db.prisma.trackedWallet.create({ data: { chatId, address: swaps[0]!.trader } });
    const { SwapPartitions } = await import("../core/data/swap-partitions.js");
    await new SwapPartitions(db.sql).ensure(swaps.map((s) => s.slot));
    const alertsFor = () => db.prisma.alert.count({ where: { dedupeKey: { startsWith: swaps[0]!.signature } } });
    const r = await db.sql.transaction((tx) => storeSwapBatch(tx, swaps, [], "rpc"));
    expect(r.alerts).toEqual([]);
    expect(await alertsFor()).toBe(0);
    // The same swaps arriving live do alert: it is the source that decides.
    const live = await db.sql.transaction((tx) => storeSwapBatch(tx, swaps, [], "replay"));
    expect(live.alerts).toHaveLength(1);
    expect(await alertsFor()).toBe(1);
  });

  it("records the run and keeps undecodable input with its reason", async () => {
    const runs = await db.prisma.jobRun.findMany({ where: { name: { startsWith: "ingest:replay" } } });
    expect(runs.length).toBeGreaterThanOrEqual(2);
    for (const r of runs) {
      expect(r.status).toBe("ok");
      expect(r.endedAt).not.toBeNull();
      expect((r.counts as Record<string, number>).transactions).toBeGreaterThan(30);
    }
  });
});
