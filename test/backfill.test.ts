// RPC backfill of one address against a local JSON-RPC server serving recorded mainnet
// transactions, through the real ingest -> BullMQ -> pipeline -> Postgres path: pagination with
// before/until, 429s, transient failures and dead letters, resume after a crash, incremental
// runs, the request rate, and the CLI's answer to a bad address.
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { Keypair } from "@solana/web3.js";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { signatureCursor } from "../core/data/signature-cursor.js";
import { createLogger } from "../core/logger.js";
import { runBackfill, type BackfillRunOptions } from "../scripts/backfill.js";
import { decodeRaw } from "../workers/ingest/ingest.js";
import { createTestDatabase, type TestDatabase } from "./helpers/db.js";
import {
  faults,
  loadRecordedLedger,
  startJsonRpcServer,
  type FaultRule,
  type JsonRpcTestServer,
  type RecordedCall,
  type RecordedLedger,
  type SignatureInfo,
} from "./helpers/json-rpc-server.js";
import { createTestRedis, type TestRedis } from "./helpers/redis.js";

const FIXTURES = fileURLToPath(new URL("./fixtures/solana/", import.meta.url));
const ROOT = fileURLToPath(new URL("..", import.meta.url));
const logger = createLogger("silent");
const PAGE = 7;

const isListing = (c: RecordedCall) => c.method === "getSignaturesForAddress";
const isFetch = (c: RecordedCall) => c.method === "getTransaction";
const sigOf = (c: RecordedCall) => c.params[0] as string;
const configOf = (c: RecordedCall) => c.params[1] as Record<string, unknown>;
const newAddress = () => Keypair.generate().publicKey.toBase58();

describe("rpc backfill", () => {
  let db: TestDatabase;
  let redis: TestRedis;
  let ledger: RecordedLedger;
  let infos: SignatureInfo[];
  let succeeded: SignatureInfo[];
  /** `${signature}|${ixPath}` of every swap the recorded transactions decode to. */
  const expected = new Map<string, string[]>();
  const servers: JsonRpcTestServer[] = [];

  const allExpected = (except: ReadonlySet<string> = new Set()) =>
    new Set([...expected].filter(([sig]) => !except.has(sig)).flatMap(([, keys]) => keys));

  beforeAll(async () => {
    db = await createTestDatabase();
    ledger = await loadRecordedLedger(FIXTURES);
    infos = ledger.infos;
    succeeded = infos.filter((i) => i.err === null);
    for (const info of succeeded) {
      const r = decodeRaw({ raw: ledger.transactions.get(info.signature), origin: info.signature, slot: info.slot }, 150);
      expected.set(info.signature, r.swaps.map((s) => `${s.signature}|${s.ixPath}`));
    }
  });
  afterAll(async () => {
    await db?.drop();
  });
  beforeEach(async () => {
    redis = createTestRedis();
    await db.sql.exec(`TRUNCATE swap, dead_letter`);
  });
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.close()));
    await redis.cleanup();
  });

  async function serve(address: string, list: SignatureInfo[], fault?: FaultRule): Promise<JsonRpcTestServer> {
    const s = await startJsonRpcServer({ signatures: { [address]: list }, transactions: ledger.transactions, ...(fault ? { fault } : {}) });
    servers.push(s);
    return s;
  }

  function backfill(address: string, server: JsonRpcTestServer, over: Partial<BackfillRunOptions> = {}) {
    return runBackfill({
      address,
      rpcUrl: server.url,
      db,
      redisUrl: redis.url,
      queuePrefix: redis.prefix,
      logger,
      pages: 10,
      requestsPerSecond: 1000,
      concurrency: 4,
      batchSize: 5,
      // The recorded transactions span over a year of slots: keep the retention job (it may run
      // as soon as the pipeline role starts) from dropping their partitions mid-test.
      retentionDays: 36_500,
      tuning: { pageSize: PAGE, backoffBaseMs: 10, backoffMaxMs: 100, maxRetries: 2 },
      drainTimeoutMs: 20_000,
      ...over,
    });
  }

  async function stored(): Promise<{ keys: Set<string>; rows: number }> {
    const rows = await db.sql.query<{ signature: string; ix_path: string }>(`SELECT signature, ix_path FROM swap`);
    return { keys: new Set(rows.map((r) => `${r.signature}|${r.ix_path}`)), rows: rows.length };
  }

  /** The `before` of each page a sweep from the top of `list` asks for, pages of PAGE. */
  function befores(list: SignatureInfo[]): (string | undefined)[] {
    const out: (string | undefined)[] = [undefined];
    for (let end = PAGE; end <= list.length; end += PAGE) out.push(list[end - 1]!.signature);
    return out;
  }

  it("pages backwards with before, fetches each successful transaction once and stores every swap once", async () => {
    expect(infos.length).toBeGreaterThanOrEqual(40);
    const address = newAddress();
    const server = await serve(address, infos);
    const s = await backfill(address, server);

    expect(server.calls.filter(isListing).map(configOf)).toEqual(
      befores(infos).map((before) => ({ commitment: "confirmed", limit: PAGE, ...(before ? { before } : {}) })),
    );
    const fetches = server.calls.filter(isFetch);
    expect(fetches.map(sigOf).sort()).toEqual(succeeded.map((i) => i.signature).sort());
    for (const c of fetches) expect(configOf(c)).toEqual({ encoding: "json", maxSupportedTransactionVersion: 0, commitment: "confirmed" });

    const want = allExpected();
    expect(want.size).toBeGreaterThan(20);
    const got = await stored();
    expect(got.keys).toEqual(want);
    expect(got.rows).toBe(want.size);
    expect(s).toMatchObject({
      stopped: false,
      pages: befores(infos).length,
      signatures: infos.length,
      fetched: succeeded.length,
      failedSkipped: infos.length - succeeded.length,
      swaps: want.size,
      failedBatches: 0,
      queuedBatches: 0,
    });
    expect(s.plan.mode).toBe("deep");

    const runs = await db.prisma.jobRun.findMany({ where: { name: `ingest:rpc:${address}` } });
    expect(runs.map((r) => r.status)).toEqual(["ok"]);
    expect(await signatureCursor(db.sql, `rpc:${address}`).load()).toEqual({
      oldest: { signature: infos.at(-1)!.signature, slot: null },
      sweepTop: null,
      newest: { signature: infos[0]!.signature, slot: infos[0]!.slot },
    });
  });

  it("waits out 429s, honouring Retry-After, and loses nothing", async () => {
    const address = newAddress();
    // The first call (the first page) gets Retry-After: 1; after that every 6th call gets a bare
    // 429 (exponential backoff with jitter), fetches in flight included.
    const server = await serve(address, infos, faults.combine(faults.rateLimitFirst(1, "1"), faults.rateLimitEvery(6)));
    const s = await backfill(address, server);

    const limited = server.calls.filter((c) => c.status === 429);
    expect(s.rateLimited).toBe(limited.length);
    expect(limited.filter((c) => c.retryAfter === undefined).length).toBeGreaterThan(2);
    const [c1, c2] = server.calls;
    expect(c1!.retryAfter).toBe("1");
    expect(c2!.at - c1!.at).toBeGreaterThanOrEqual(990);
    expect(c2!.status).toBe(200);

    const ok = new Set(server.calls.filter((c) => isFetch(c) && c.status === 200).map(sigOf));
    expect(ok).toEqual(new Set(succeeded.map((i) => i.signature)));
    expect(s.deadLetters).toEqual([]);
    expect((await stored()).keys).toEqual(allExpected());
  });

  it("retries transient failures and dead-letters a transaction that keeps failing, reporting it", async () => {
    const address = newAddress();
    const withSwaps = succeeded.filter((i) => (expected.get(i.signature) ?? []).length > 0);
    const victim = withSwaps[3]!.signature;
    const flaky = withSwaps[6]!.signature;
    let flakyCalls = 0;
    const server = await serve(
      address,
      infos,
      faults.combine(
        faults.when((c) => isFetchCall(c) && c.params[0] === victim, { kind: "500" }),
        faults.when((c) => isFetchCall(c) && c.params[0] === flaky && ++flakyCalls === 1, { kind: "reset" }),
        faults.when((c) => c.method === "getSignaturesForAddress" && c.nOfMethod === 2, { kind: "500" }),
      ),
    );
    const s = await backfill(address, server);

    expect(s.deadLetters).toEqual([{ signature: victim, slot: expect.any(Number), reason: expect.stringContaining("HTTP 500") }]);
    expect(server.calls.filter((c) => isFetch(c) && sigOf(c) === victim)).toHaveLength(3); // 1 + maxRetries
    expect(server.calls.filter((c) => isFetch(c) && sigOf(c) === flaky).map((c) => c.status)).toEqual(["reset", 200]);
    expect(s.retries).toBeGreaterThanOrEqual(4);
    const dead = await db.sql.query<{ source: string; key: string }>(`SELECT source, key FROM dead_letter`);
    expect(dead).toEqual([{ source: "rpc-backfill", key: victim }]);
    expect((await stored()).keys).toEqual(allExpected(new Set([victim])));
    // The sweep still finished: the dead letter is kept, so the cursor may pass it.
    expect((await signatureCursor(db.sql, `rpc:${address}`).load()).newest?.signature).toBe(infos[0]!.signature);
  });

  it("resumes after a crash below what was handed off, without asking for those pages again", async () => {
    const address = newAddress();
    // The 4th page cannot be listed: the run dies after the first three, with a partial batch
    // still in the ingest loop (never handed off).
    const server = await serve(address, infos, faults.when((c) => c.method === "getSignaturesForAddress" && c.nOfMethod >= 4, { kind: "500" }));
    await expect(backfill(address, server, { batchSize: 3 })).rejects.toThrow(/getSignaturesForAddress .* failed: HTTP 500/);

    const cursor = signatureCursor(db.sql, `rpc:${address}`);
    const crashed = await cursor.load();
    expect(crashed.sweepTop?.signature).toBe(infos[0]!.signature);
    expect(crashed.newest).toBeNull();
    const front = infos.findIndex((i) => i.signature === crashed.oldest?.signature);
    expect(front).toBeGreaterThan(0);
    expect(front).toBeLessThan(3 * PAGE);
    const handedOff = new Set(infos.slice(0, front + 1).map((i) => i.signature));

    const callsBefore = server.calls.length;
    server.setFault(undefined);
    const s = await backfill(address, server);
    const second = server.calls.slice(callsBefore);

    expect(s.plan).toMatchObject({ mode: "resume", before: infos[front]!.signature, until: null });
    expect(second.filter(isListing).map((c) => configOf(c).before)).toEqual(befores(infos.slice(front + 1)).map((b) => b ?? infos[front]!.signature));
    expect(second.filter(isFetch).filter((c) => handedOff.has(sigOf(c)))).toEqual([]);
    // Only what was not handed off is decoded again; the store ends equal to a clean run.
    expect(s.swaps).toBe([...allExpected(handedOff)].length);
    const got = await stored();
    expect(got.keys).toEqual(allExpected());
    expect(got.rows).toBe(allExpected().size);

    const runs = await db.prisma.jobRun.findMany({ where: { name: `ingest:rpc:${address}` }, orderBy: { id: "asc" } });
    expect(runs.map((r) => r.status)).toEqual(["failed", "ok"]);
    expect(await cursor.load()).toMatchObject({ sweepTop: null, newest: { signature: infos[0]!.signature } });
  });

  it("a stop (Ctrl-C) hands off what was yielded and saves the front; the next run picks up below it", async () => {
    const address = newAddress();
    const server = await serve(address, infos);
    const stop = new AbortController();
    const s = await backfill(address, server, {
      signal: stop.signal,
      onStatus: (st) => st.fetched >= 12 && stop.abort(),
    });
    expect(s.stopped).toBe(true);
    const state = await signatureCursor(db.sql, `rpc:${address}`).load();
    const at = infos.findIndex((i) => i.signature === state.oldest?.signature);
    expect(at).toBeGreaterThan(5);
    expect(state.sweepTop?.signature).toBe(infos[0]!.signature);
    const handedOff = new Set(infos.slice(0, at + 1).map((i) => i.signature));

    const callsBefore = server.calls.length;
    const s2 = await backfill(address, server);
    expect(s2.plan.mode).toBe("resume");
    expect(server.calls.slice(callsBefore).filter(isFetch).filter((c) => handedOff.has(sigOf(c)))).toEqual([]);
    // Batches the stopped run queued but did not get to store wait in Redis; this run stores them.
    expect((await stored()).keys).toEqual(allExpected());
  });

  it("runs incrementally after a full run: only signatures above the newest stored, with until", async () => {
    const address = newAddress();
    const older = infos.slice(PAGE);
    const newer = infos.slice(0, PAGE);
    const server = await serve(address, older);
    const first = await backfill(address, server);
    expect(first.plan.mode).toBe("deep");

    server.setSignatures(address, infos);
    const callsBefore = server.calls.length;
    const s = await backfill(address, server);
    const second = server.calls.slice(callsBefore);

    expect(s.plan).toEqual({ mode: "incremental", before: null, until: older[0]!.signature, untilSlot: older[0]!.slot, maxPages: null });
    // A full page may have more behind it: the second ask comes back empty at `until`.
    expect(second.filter(isListing).map(configOf)).toEqual([
      { commitment: "confirmed", limit: PAGE, until: older[0]!.signature },
      { commitment: "confirmed", limit: PAGE, until: older[0]!.signature, before: newer.at(-1)!.signature },
    ]);
    expect(second.filter(isFetch).map(sigOf).sort()).toEqual(newer.filter((i) => i.err === null).map((i) => i.signature).sort());
    expect((await stored()).keys).toEqual(allExpected());
    expect((await signatureCursor(db.sql, `rpc:${address}`).load()).newest?.signature).toBe(infos[0]!.signature);
  });

  it("stops an incremental run at the stored slot when the node does not know the until signature", async () => {
    const address = newAddress();
    const older = infos.slice(PAGE);
    const server = await serve(address, older);
    await backfill(address, server);

    // Another node, without the newest stored signature: `until` matches nothing there.
    server.setSignatures(address, infos.filter((i) => i.signature !== older[0]!.signature));
    const callsBefore = server.calls.length;
    await backfill(address, server);
    const second = server.calls.slice(callsBefore);
    const fetched = new Set(second.filter(isFetch).map(sigOf));
    for (const sig of fetched) expect(infos.find((i) => i.signature === sig)!.slot).toBeGreaterThanOrEqual(older[0]!.slot);
    expect(second.filter(isListing)).toHaveLength(2);
    expect((await stored()).keys).toEqual(allExpected());
  });

  it("keeps the request rate within the configured limit", async () => {
    const address = newAddress();
    const server = await serve(address, infos);
    const rps = 20;
    await backfill(address, server, { requestsPerSecond: rps, concurrency: 6 });

    const at = server.calls.map((c) => c.at);
    expect(at.length).toBeGreaterThan(40);
    // Any one-second window: the bucket allows `rps` plus its one saved token; arrival jitter
    // on the loopback may squeeze one more in.
    const busiest = Math.max(...at.map((t) => at.filter((u) => u >= t && u < t + 1000).length));
    expect(busiest).toBeLessThanOrEqual(rps + 2);
    const overall = ((at.length - 1) * 1000) / (at.at(-1)! - at[0]!);
    expect(overall).toBeLessThanOrEqual(rps * 1.05);
    // ...and the limit is what paces it, not something slower.
    expect(overall).toBeGreaterThan(rps * 0.6);
  });

  it("the CLI refuses an invalid address with exit code 2 and one line", async () => {
    const results = await Promise.all([cli(["bad"]), cli(["0OIl1111111111111111111111111111111"])]);
    for (const r of results) {
      expect(r.code).toBe(2);
      expect(r.stdout).toBe("");
      expect(r.stderr.trimEnd().split("\n")).toHaveLength(1);
    }
    expect(results[0]!.stderr).toMatch(/^backfill: "bad" is not a Solana address: 3 characters/);
    expect(results[1]!.stderr).toMatch(/^backfill: "0OIl1+" is not a Solana address: "0", "O", "I", "l" are not base58 characters/);
  });
});

function isFetchCall(c: { method: string }): boolean {
  return c.method === "getTransaction";
}

function cli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    // npm prints its own config warnings on stderr; they are not the CLI's output.
    const child = spawn("npx", ["tsx", "scripts/backfill.ts", ...args], { cwd: ROOT, env: { ...process.env, NPM_CONFIG_LOGLEVEL: "error" } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}
