// Dead letters retried on real Postgres, Redis and BullMQ, and the CLI that lists them.
import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { writeDeadLetters } from "../core/data/job-runs.js";
import type { RunningWorkers } from "../workers/app.js";
import { retryDeadLetters } from "../workers/dead-letters.js";
import { createTestDatabase, type TestDatabase } from "./helpers/db.js";
import { createTestRedis, waitFor, type TestRedis } from "./helpers/redis.js";
import { startTestWorkers } from "./helpers/workers.js";

const run = promisify(execFile);
const fixture = (name: string) => new URL(`./fixtures/solana/${name}`, import.meta.url);

describe("dead letters", () => {
  let db: TestDatabase;
  let redis: TestRedis;
  let workers: RunningWorkers;

  beforeAll(async () => {
    db = await createTestDatabase();
    redis = createTestRedis();
    workers = await startTestWorkers(["pipeline"], { db, redis });
  });
  afterAll(async () => {
    await workers?.stop();
    await db?.drop();
    await redis?.cleanup();
  });

  const deps = () => ({ sql: db.sql, swapBatches: workers.swapBatches, notify: workers.notify, solUsd: 150 });

  it("decodes a kept transaction again and stores its swaps; a still-bad one keeps its row", async () => {
    const good = JSON.parse(await readFile(fixture("pumpfun_3tJczs8y2bR8.json"), "utf8"));
    await writeDeadLetters(db.sql, [
      { source: "decode", key: good.transaction.signatures[0], reason: "decoder bug (fixed since)", payload: good },
      { source: "decode", key: "garbage", reason: "not a transaction", payload: { hello: "world" } },
    ]);
    const outcomes = await retryDeadLetters(deps(), { source: "decode" });
    expect(outcomes.map((o) => o.ok)).toEqual([true, false]);
    expect(outcomes[0]!.detail).toBe("1 swap(s) decoded and queued");
    await waitFor(async () => (await db.prisma.swap.count()) === 1, "swap stored");
    const rows = await db.prisma.deadLetter.findMany({ orderBy: { id: "asc" } });
    expect(rows[0]!.retriedAt).not.toBeNull();
    expect(rows[1]!.retriedAt).toBeNull();
    expect(rows[1]!.reason).toMatch(/still undecodable/);
    // A second retry only tries what is still pending.
    const again = await retryDeadLetters(deps(), { source: "decode" });
    expect(again.map((o) => o.id)).toEqual([String(rows[1]!.id)]);
  });

  it("sends a failed alert again", async () => {
    await db.prisma.chat.create({ data: { id: 77n, type: "private" } });
    const alert = await db.prisma.alert.create({
      data: { chatId: 77n, kind: "wallet-swap", dedupeKey: "k-0", payload: {}, status: "failed", error: "chat not found" },
    });
    await writeDeadLetters(db.sql, [
      { source: "notify", key: String(alert.id), reason: "chat not found", payload: { alertId: String(alert.id) } },
    ]);
    const [o] = await retryDeadLetters(deps(), { source: "notify" });
    expect(o).toMatchObject({ ok: true, detail: `alert ${alert.id} queued again` });
    expect((await db.prisma.alert.findUniqueOrThrow({ where: { id: alert.id } })).status).toBe("pending");
    const jobs = await workers.notify.getJobs(["wait", "prioritized", "delayed"]);
    expect(jobs.map((j) => j.data)).toContainEqual({ alertId: String(alert.id) });
  });

  it("lists dead letters from the command line, and refuses an unknown command", async () => {
    const env = { ...process.env, DATABASE_URL: db.url, REDIS_URL: redis.url, QUEUE_PREFIX: redis.prefix };
    const { stdout } = await run("npx", ["tsx", "scripts/deadletter.ts", "list", "--source", "decode"], { env });
    const lines = stdout.trim().split("\n");
    expect(lines).toHaveLength(2);
    expect(lines[1]).toMatch(/\tdecode\tgarbage\tpending\tstill undecodable/);
    await expect(run("npx", ["tsx", "scripts/deadletter.ts", "bogus"], { env })).rejects.toMatchObject({ code: 2 });
  });
});
