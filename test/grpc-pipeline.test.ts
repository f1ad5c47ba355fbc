// The live path end to end: a local Geyser server streams recorded mainnet updates over real
// gRPC to the Yellowstone datasource, through ingest and pipeline into Postgres. A stream killed
// mid-way, and a worker process restarted mid-way, must both end with exactly the swaps of a
// clean run: none missing (resume from the slot cursor), none doubled (idempotent store).
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { SubscribeUpdate } from "@triton-one/yellowstone-grpc";
import { Api } from "grammy";
import { afterEach, describe, expect, it } from "vitest";
import { slotCursor } from "../core/data/cursors.js";
import { defaultRegistry } from "../core/domain/decoders/index.js";
import { grpcToRpcTransaction } from "../core/domain/grpc-transaction.js";
import { createI18n } from "../core/i18n.js";
import { createLogger } from "../core/logger.js";
import { startWorkers, type RunningWorkers } from "../workers/app.js";
import { decodeRaw } from "../workers/ingest/ingest.js";
import { YellowstoneDatasource } from "../workers/ingest/yellowstone.js";
import { createTestDatabase, type TestDatabase } from "./helpers/db.js";
import { startGeyserServer, type GeyserServer, type GeyserServerOptions } from "./helpers/geyser-server.js";
import { createTestRedis, waitFor, type TestRedis } from "./helpers/redis.js";

const DIR = fileURLToPath(new URL("./fixtures/yellowstone/recorded/canonical_tx_updates/", import.meta.url));
const logger = createLogger("silent");
const BASE_SLOT = 400_000_000;

/** The recorded updates moved to increasing slots (two per slot), as a live stream delivers them. */
const UPDATES = readdirSync(DIR)
  .filter((f) => f.endsWith(".bin"))
  .sort()
  .map((f, i) => {
    const u = SubscribeUpdate.decode(readFileSync(path.join(DIR, f)));
    u.transaction!.slot = String(BASE_SLOT + Math.floor(i / 2));
    return SubscribeUpdate.encode(u).finish();
  });

const EXPECTED = new Set(
  UPDATES.flatMap((bin) => {
    const tx = SubscribeUpdate.decode(bin).transaction!;
    return decodeRaw({ raw: grpcToRpcTransaction(tx), origin: "", slot: Number(tx.slot) }, 150).swaps.map(
      (s) => `${s.signature}-${s.ixPath}`,
    );
  }),
);

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c().catch(() => {});
});

async function setup(opts: GeyserServerOptions) {
  const db: TestDatabase = await createTestDatabase();
  const redis: TestRedis = createTestRedis();
  const server: GeyserServer = await startGeyserServer({ updates: UPDATES, ...opts });
  cleanups.push(() => db.drop(), () => redis.cleanup(), () => server.close());
  return { db, redis, server };
}

async function start(env: Awaited<ReturnType<typeof setup>>): Promise<RunningWorkers> {
  const name = "grpc:test";
  const cursor = slotCursor(env.db.sql, name);
  const w = await startWorkers({
    roles: new Set(["ingest", "pipeline"]),
    db: env.db,
    redisUrl: env.redis.url,
    queuePrefix: env.redis.prefix,
    logger,
    api: new Api("1:unused", { apiRoot: "http://127.0.0.1:9" }),
    i18n: createI18n(),
    datasource: new YellowstoneDatasource({
      endpoint: env.server.url,
      programIds: [...defaultRegistry.keys()],
      fromSlot: () => cursor.load(),
      logger,
      name,
      reconnectMinMs: 50,
      reconnectMaxMs: 200,
    }),
    solUsdFallback: 150,
    batchSize: 2,
    batchMaxWaitMs: 20,
    notifyConcurrency: 1,
    notifyRatePerSecond: 1,
  });
  cleanups.push(() => w.stop());
  return w;
}

async function storedKeys(db: TestDatabase): Promise<string[]> {
  return (await db.sql.query<{ k: string }>(`SELECT signature || '-' || ix_path AS k FROM swap`)).map((r) => r.k);
}

describe("Yellowstone stream into Postgres", () => {
  it("stores every swap of the stream once, and keeps the slot cursor", async () => {
    expect(EXPECTED.size).toBeGreaterThanOrEqual(8);
    const env = await setup({});
    await start(env);
    await waitFor(async () => (await storedKeys(env.db)).length >= EXPECTED.size, "all swaps stored");
    expect(new Set(await storedKeys(env.db))).toEqual(EXPECTED);
    const last = BASE_SLOT + Math.floor((UPDATES.length - 1) / 2);
    await waitFor(async () => (await slotCursor(env.db.sql, "grpc:test").load()) === last, "cursor at the last slot");
  });

  it("resumes a stream killed mid-way from the last slot: none missing, none doubled", async () => {
    const env = await setup({ killAfter: (call) => (call === 0 ? 4 : undefined) });
    await start(env);
    await waitFor(async () => (await storedKeys(env.db)).length >= EXPECTED.size, "all swaps stored after the reconnect");
    const keys = await storedKeys(env.db);
    expect(keys.length).toBe(EXPECTED.size);
    expect(new Set(keys)).toEqual(EXPECTED);
    expect(env.server.callCount).toBeGreaterThanOrEqual(2);
    const resumed = env.server.requests.find((r) => r.call === 1 && r.request.fromSlot !== undefined);
    expect(Number(resumed?.request.fromSlot)).toBeGreaterThanOrEqual(BASE_SLOT);
  });

  it("resumes from the stored cursor when the worker process restarts", async () => {
    // The first stream stops (server kills it) after 5 updates and then has nothing more to say
    // until the worker is restarted; the restarted worker resumes from its saved cursor.
    let phase = 1;
    const env = await setup({
      updates: () => (phase === 1 ? UPDATES.slice(0, 5) : UPDATES),
    });
    const first = await start(env);
    await waitFor(async () => (await storedKeys(env.db)).length >= 4, "first swaps stored");
    await first.stop();
    const cursorAtStop = await slotCursor(env.db.sql, "grpc:test").load();
    expect(cursorAtStop).toBeGreaterThanOrEqual(BASE_SLOT);
    phase = 2;
    await start(env);
    await waitFor(async () => (await storedKeys(env.db)).length >= EXPECTED.size, "all swaps stored after the restart");
    const keys = await storedKeys(env.db);
    expect(keys.length).toBe(EXPECTED.size);
    expect(new Set(keys)).toEqual(EXPECTED);
    const restartRequest = env.server.requests.filter((r) => r.request.fromSlot !== undefined).at(-1);
    expect(Number(restartRequest?.request.fromSlot)).toBe(cursorAtStop);
  });
});
