// Replay -> decode -> batch queue -> store -> match -> notify queue, on real Postgres, Redis and
// BullMQ. The same replay twice must store every swap once and enqueue every alert once.
import { readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Api } from "grammy";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createI18n } from "../core/i18n.js";
import { createLogger } from "../core/logger.js";
import { startWorkers, type Role } from "../workers/app.js";
import { ReplayDatasource } from "../workers/ingest/replay.js";
import { createTestDatabase, type TestDatabase } from "./helpers/db.js";
import { createTestRedis, waitFor, type TestRedis } from "./helpers/redis.js";

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
    const w = await startWorkers({
      roles: new Set(roles),
      db,
      redisUrl: redis.url,
      queuePrefix: redis.prefix,
      logger,
      // The notifier role is off here; the API is never called.
      api: new Api("1:unused", { apiRoot: "http://127.0.0.1:9" }),
      i18n: createI18n(),
      datasource: new ReplayDatasource(FIXTURES),
      solUsdFallback: 150,
      batchSize: 7,
      batchMaxWaitMs: 20,
      notifyConcurrency: 1,
      notifyRatePerSecond: 10,
      sweepEveryMs: 60_000,
    });
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
