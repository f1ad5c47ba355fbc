// Faults mid-stream on the real services: Postgres or Redis disappears while a replay is flowing
// through ingest -> pipeline, then comes back. The run must finish with exactly the swaps of a
// clean run (buffered and retried, never dropped or doubled), and a bad transaction in the input
// is kept in dead_letter with its reason while the rest goes through.
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectPostgres, type Database } from "../core/data/db.js";
import { createLogger } from "../core/logger.js";
import { isSkipped } from "../workers/ingest/datasource.js";
import { decodeRaw } from "../workers/ingest/ingest.js";
import { ReplayDatasource } from "../workers/ingest/replay.js";
import { createTestDatabase, type TestDatabase } from "./helpers/db.js";
import { createTestRedis, waitFor, type TestRedis } from "./helpers/redis.js";
import { startTestWorkers } from "./helpers/workers.js";
import { startTcpProxy, type TcpProxy } from "./helpers/tcp-proxy.js";

const FIXTURES = fileURLToPath(new URL("./fixtures/solana/", import.meta.url));
const logger = createLogger("silent");

/** The swap keys a clean decode of the folder gives. */
async function expectedKeys(dir: string): Promise<Set<string>> {
  const keys = new Set<string>();
  for await (const item of new ReplayDatasource(dir).read(new AbortController().signal)) {
    if (isSkipped(item)) continue;
    for (const s of decodeRaw(item, 150).swaps) keys.add(`${s.signature}-${s.ixPath}`);
  }
  return keys;
}

async function storedKeys(db: Database): Promise<string[]> {
  const rows = await db.sql.query<{ k: string }>(`SELECT signature || '-' || ix_path AS k FROM swap`);
  return rows.map((r) => r.k);
}

function withPort(url: string, port: number): string {
  const u = new URL(url);
  u.hostname = "127.0.0.1";
  u.port = String(port);
  return u.toString();
}

describe("faults mid-stream", () => {
  let db: TestDatabase;
  let redis: TestRedis;
  let expected: Set<string>;

  beforeAll(async () => {
    db = await createTestDatabase();
    redis = createTestRedis();
    expected = await expectedKeys(FIXTURES);
  });
  afterAll(async () => {
    await db?.drop();
    await redis?.cleanup();
  });

  /** Once the first swaps are stored, the service behind `proxy` is gone for 1.5 s. */
  async function outageOnceStoring(proxy: TcpProxy): Promise<void> {
    await waitFor(async () => (await storedKeys(db)).length > 0, "first swaps stored");
    proxy.cut();
    await new Promise((res) => setTimeout(res, 1500));
    proxy.restore();
  }

  /** No batch failed for good, and the stored swaps are those of a clean run, each once. */
  async function expectExactlyTheCleanRun(failedBatches: number): Promise<void> {
    expect(failedBatches).toBe(0);
    const keys = await storedKeys(db);
    expect(new Set(keys).size).toBe(keys.length);
    expect(new Set(keys)).toEqual(expected);
  }

  async function replayThrough(opts: { workerDb: Database; redisUrl: string; prefix: string; dir?: string; fault?: () => Promise<void> }) {
    const w = await startTestWorkers(
      ["ingest", "pipeline"],
      { db: opts.workerDb, redis: { ...redis, url: opts.redisUrl, prefix: opts.prefix } },
      { datasource: new ReplayDatasource(opts.dir ?? FIXTURES), batchSize: 2 },
    );
    try {
      const fault = opts.fault?.();
      const counts = await w.ingestDone;
      await fault;
      await waitFor(
        async () => {
          const c = await w.swapBatches.getJobCounts("wait", "active", "delayed", "prioritized");
          if (process.env.DEBUG_FAULTS) console.log(new Date().toISOString(), JSON.stringify(c));
          return Object.values(c).every((n) => n === 0);
        },
        "swap batches to drain",
        90_000,
      );
      const failed = (await w.swapBatches.getJobCounts("failed")).failed ?? 0;
      return { counts: counts!, failed };
    } finally {
      await w.stop();
    }
  }

  it("Postgres going away and coming back loses and doubles nothing", { timeout: 120_000 }, async () => {
    await db.sql.query("TRUNCATE swap, alert, job_run");
    const pgUrl = new URL(db.url);
    const proxy: TcpProxy = await startTcpProxy("127.0.0.1", Number(pgUrl.port || 5432));
    const viaProxy = connectPostgres(withPort(db.url, proxy.port), { max: 4 });
    try {
      const r = await replayThrough({
        workerDb: viaProxy,
        redisUrl: redis.url,
        prefix: `${redis.prefix}-pg`,
        fault: () => outageOnceStoring(proxy),
      });
      await expectExactlyTheCleanRun(r.failed);
    } finally {
      await viaProxy.close();
      await proxy.close();
    }
  });

  it("Redis going away and coming back loses and doubles nothing", { timeout: 120_000 }, async () => {
    await db.sql.query("TRUNCATE swap, alert, job_run");
    const redisUrl = new URL(redis.url);
    const proxy = await startTcpProxy("127.0.0.1", Number(redisUrl.port || 6379));
    try {
      const r = await replayThrough({
        workerDb: db,
        redisUrl: withPort(redis.url, proxy.port),
        prefix: `${redis.prefix}-redis`,
        fault: () => outageOnceStoring(proxy),
      });
      await expectExactlyTheCleanRun(r.failed);
    } finally {
      await proxy.close();
    }
  });

  it("keeps a malformed transaction in dead_letter with its reason and stores the rest", async () => {
    await db.sql.query("TRUNCATE swap, alert, job_run, dead_letter");
    const dir = await mkdtemp(path.join(tmpdir(), "pumpspace-bad-"));
    try {
      await cp(path.join(FIXTURES, "pumpfun_3tJczs8y2bR8.json"), path.join(dir, "a-good.json"));
      const good = JSON.parse(await readFile(path.join(FIXTURES, "raydium-amm-v4_2WjgSSiEnMNT.json"), "utf8"));
      // Instruction account indexes past the end of the account list: a corrupted transaction.
      good.transaction.message.instructions[0].accounts = [250, 251];
      await writeFile(path.join(dir, "b-corrupt.json"), JSON.stringify(good));
      await writeFile(path.join(dir, "c-not-json.json"), "{ this is not json");
      const r = await replayThrough({ workerDb: db, redisUrl: redis.url, prefix: `${redis.prefix}-bad`, dir });
      expect(r.counts.transactions).toBe(2);
      expect(r.counts.malformed).toBe(1);
      expect(r.counts.skipped).toBe(1);
      expect(await storedKeys(db)).toHaveLength(1);
      const dead = await db.prisma.deadLetter.findMany();
      expect(dead).toHaveLength(1);
      expect(dead[0]!.key).toBe(good.transaction.signatures[0]);
      expect(dead[0]!.reason).toMatch(/account|index|range/i);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
