// Swap retention on real Postgres: whole partitions older than the window (measured from the
// newest stored slot) are dropped, the rest kept; the run is recorded; two runs at once do not
// both work; the pipeline role schedules it once across processes.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SLOTS_PER_PARTITION, SwapPartitions, partitionName } from "../core/data/swap-partitions.js";
import { insertSwaps } from "../core/data/swap-store.js";
import { WSOL_MINT, type Swap } from "../core/domain/swap.js";
import { RETENTION_LOCK_KEY, runSwapRetention, SLOTS_PER_DAY } from "../workers/periodic/retention.js";
import { createTestDatabase, type TestDatabase } from "./helpers/db.js";
import { createTestRedis, type TestRedis } from "./helpers/redis.js";
import { startTestWorkers } from "./helpers/workers.js";
import { RETENTION_SCHEDULE } from "../workers/app.js";

const swapAt = (slot: number, n: number): Swap => ({
  signature: `sig${slot}x${n}${"1".repeat(40)}`,
  slot,
  blockTime: null,
  ixPath: "0",
  dex: "pumpfun",
  programId: "6EF8rrecthR5Dkzon8Nwu78hRvfCKubJ14M5uBEwF6P",
  pool: null,
  trader: "3P2pmfQAFTwcC1xWtYbVYoRn3hngya8Kd9jMaF5GfnUa",
  mintIn: WSOL_MINT,
  amountIn: 1000n,
  decimalsIn: 9,
  mintOut: "FstBRGMkNKf4wNvfieYUPS9YsbNoQJMCh6v89zajpump",
  amountOut: 5000n,
  decimalsOut: 6,
  priceSol: null,
  priceUsd: null,
});

describe("swap retention", () => {
  let db: TestDatabase;
  let redis: TestRedis;
  beforeAll(async () => {
    db = await createTestDatabase();
    redis = createTestRedis();
  });
  afterAll(async () => {
    await db?.drop();
    await redis?.cleanup();
  });

  const partitions = async () =>
    (
      await db.sql.query<{ name: string }>(
        `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'swap'::regclass`,
      )
    )
      .map((r) => r.name)
      .sort();

  it("drops the partitions past the window and keeps the rest", async () => {
    const newest = 1_700 * SLOTS_PER_PARTITION + 123;
    const slots = [newest - 40 * SLOTS_PER_DAY, newest - 31 * SLOTS_PER_DAY, newest - 29 * SLOTS_PER_DAY, newest - 1, newest];
    await new SwapPartitions(db.sql).ensure(slots);
    await insertSwaps(db.sql, slots.map(swapAt), "replay");

    const r = await runSwapRetention(db.sql, 30);
    const keepFrom = Math.floor((newest - 30 * SLOTS_PER_DAY) / SLOTS_PER_PARTITION);
    expect(r.dropped.sort()).toEqual(
      slots
        .map((s) => Math.floor(s / SLOTS_PER_PARTITION))
        .filter((p) => p < keepFrom)
        .map(partitionName)
        .sort(),
    );
    expect(r.dropped).toHaveLength(2);
    const left = await db.sql.query<{ slot: string }>("SELECT slot FROM swap ORDER BY slot");
    expect(left.map((x) => Number(x.slot))).toEqual(slots.slice(2));
    expect(await partitions()).not.toContain(r.dropped[0]);

    const runs = await db.prisma.jobRun.findMany({ where: { name: "swap-retention" } });
    expect(runs.at(-1)).toMatchObject({ status: "ok", counts: { dropped: 2, newestSlot: newest } });
  });

  it("prunes settled history past the window and keeps what is recent or still owed", async () => {
    await db.sql.exec(`INSERT INTO chat (id, type) VALUES (77, 'private') ON CONFLICT DO NOTHING`);
    const old = "now() - interval '31 days'";
    const recent = "now() - interval '29 days'";
    await db.sql.exec(`
      INSERT INTO alert (chat_id, kind, dedupe_key, payload, status, created_at) VALUES
        (77, 'wallet', 'old-sent', '{}', 'sent', ${old}), (77, 'wallet', 'old-pending', '{}', 'pending', ${old}),
        (77, 'wallet', 'new-sent', '{}', 'sent', ${recent});
      INSERT INTO alert_delivery (alert_id, chat_id, status, queued_at) VALUES
        (9001, 77, 'sent', ${old}), (9002, 77, 'queued', ${old}), (9003, 77, 'failed', ${recent});
      INSERT INTO job_run (name, status, started_at) VALUES ('x', 'ok', ${old}), ('x', 'ok', ${recent});
      INSERT INTO top_view (chat_id, mint, entries, shown_at) VALUES (77, 'm-old', '[]', ${old}), (77, 'm-new', '[]', ${recent});
      INSERT INTO inline_choice (user_id, result_id, query, chosen_at) VALUES (1, 'a', 'q', ${old}), (1, 'b', 'q', ${recent});`);
    const r = await runSwapRetention(db.sql, 30);
    expect(r.counts).toMatchObject({ alerts: 1, deliveries: 1, jobRuns: 1, topViews: 1, inlineChoices: 1 });
    const keys = await db.sql.query<{ k: string }>(`SELECT dedupe_key AS k FROM alert WHERE chat_id = 77 ORDER BY 1`);
    expect(keys.map((x) => x.k)).toEqual(["new-sent", "old-pending"]);
    const ids = await db.sql.query<{ id: string }>(`SELECT alert_id AS id FROM alert_delivery WHERE alert_id > 9000 ORDER BY 1`);
    expect(ids.map((x) => Number(x.id))).toEqual([9002, 9003]);
    expect(await db.sql.query(`SELECT mint FROM top_view WHERE chat_id = 77`)).toEqual([{ mint: "m-new" }]);
    expect(await db.sql.query(`SELECT result_id FROM inline_choice`)).toEqual([{ result_id: "b" }]);
    expect((await db.sql.query(`SELECT 1 FROM job_run WHERE name = 'x'`)).length).toBe(1);
  });

  it("skips while another run holds the lock", async () => {
    await db.sql.session(async (other) => {
      await other.query("SELECT pg_advisory_lock($1)", [RETENTION_LOCK_KEY]);
      try {
        expect((await runSwapRetention(db.sql, 30)).skipped).toBe("locked");
      } finally {
        await other.query("SELECT pg_advisory_unlock($1)", [RETENTION_LOCK_KEY]);
      }
    });
    expect((await runSwapRetention(db.sql, 30)).skipped).toBeUndefined();
  });

  it("is scheduled once by the pipeline role, however many processes start", async () => {
    const start = () => startTestWorkers(["pipeline"], { db, redis });
    const [a, b] = await Promise.all([start(), start()]);
    try {
      const { Queue } = await import("bullmq");
      const { Redis } = await import("ioredis");
      const conn = new Redis(redis.url, { maxRetriesPerRequest: null });
      const q = new Queue("maintenance", { connection: conn, prefix: redis.prefix });
      const schedulers = await q.getJobSchedulers();
      expect(schedulers.map((s) => s.key)).toEqual(["swap-retention"]);
      expect(schedulers[0]!.pattern).toBe(RETENTION_SCHEDULE);
      // Not run at start-up: its next run is the next scheduled minute, not now.
      expect(schedulers[0]!.next).toBeGreaterThan(Date.now());
      const jobs = await q.getJobCounts("wait", "active", "completed", "delayed");
      expect(jobs).toEqual({ wait: 0, active: 0, completed: 0, delayed: 1 });
      await q.close();
      conn.disconnect();
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
  });
});
