// /metrics and /health of a worker process, on real services: the counters match what the run
// did, queue depths are reported, and health turns 503 naming Postgres when it goes away.
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connectPostgres } from "../core/data/db.js";
import type { RunningWorkers } from "../workers/app.js";
import { ReplayDatasource } from "../workers/ingest/replay.js";
import { createTestDatabase, type TestDatabase } from "./helpers/db.js";
import { createTestRedis, waitFor, type TestRedis } from "./helpers/redis.js";
import { startTcpProxy } from "./helpers/tcp-proxy.js";
import { startTestWorkers } from "./helpers/workers.js";

const FIXTURE = fileURLToPath(new URL("./fixtures/solana/raydium-amm-v4_43W2EWitbiL5.json", import.meta.url));

describe("metrics and health", () => {
  let db: TestDatabase;
  let redis: TestRedis;
  let w: RunningWorkers;

  beforeAll(async () => {
    db = await createTestDatabase();
    redis = createTestRedis();
    w = await startTestWorkers(["ingest", "pipeline"], { db, redis }, { datasource: new ReplayDatasource(FIXTURE), metricsPort: 0 });
  });
  afterAll(async () => {
    await w?.stop();
    await db?.drop();
    await redis?.cleanup();
  });

  const get = (port: number, p: string) => fetch(`http://127.0.0.1:${port}${p}`);

  it("counts what ingest and the pipeline did", async () => {
    const counts = await w.ingestDone;
    expect(counts?.swaps).toBe(5);
    let text = "";
    await waitFor(async () => {
      text = await (await get(w.metricsPort!, "/metrics")).text();
      // Stored by the ingest role, then the batch's stages done by the pipeline role.
      return /^pumpspace_swaps_stored_total 5$/m.test(text) && /^pumpspace_swap_batch_seconds_count 1$/m.test(text);
    }, "stored counter and the batch's stages");
    expect(text).toMatch(/^pumpspace_swap_store_seconds_count 1$/m);
    expect(text).toMatch(/^pumpspace_swap_stage_seconds_count\{stage="token-stats"\} 1$/m);
    expect(text).toMatch(/^pumpspace_ingest_transactions_total\{datasource="replay:raydium-amm-v4_43W2EWitbiL5.json"\} 1$/m);
    expect(text).toMatch(/^pumpspace_ingest_swaps_total\{datasource="replay:raydium-amm-v4_43W2EWitbiL5.json"\} 5$/m);
    expect(text).toMatch(/^pumpspace_swap_batch_seconds_count 1$/m);
    expect(text).toMatch(/^pumpspace_queue_jobs\{queue="swap-batches",state="wait"\} 0$/m);
    expect(text).toMatch(/^pumpspace_process_resident_memory_bytes \d+/m);
  });

  it("reports health, and names Postgres when it is unreachable", async () => {
    const ok = await get(w.metricsPort!, "/health");
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ ok: true, failing: [] });

    const proxy = await startTcpProxy("127.0.0.1", Number(new URL(db.url).port || 5432));
    const u = new URL(db.url);
    u.port = String(proxy.port);
    const viaProxy = connectPostgres(u.toString(), { max: 1 });
    const other = await startTestWorkers(["notifier"], { db: viaProxy, redis: { ...redis, prefix: `${redis.prefix}-h` } }, { metricsPort: 0 });
    try {
      proxy.cut();
      const bad = await get(other.metricsPort!, "/health");
      expect(bad.status).toBe(503);
      expect(await bad.json()).toEqual({ ok: false, failing: ["postgres"] });
      proxy.restore();
      await waitFor(async () => (await get(other.metricsPort!, "/health")).status === 200, "healthy again");
    } finally {
      await other.stop();
      await viaProxy.close();
      await proxy.close();
    }
  });
});
