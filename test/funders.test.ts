// Funders over JSON-RPC, end to end on real Postgres, Redis and BullMQ: a local JSON-RPC server
// serves each wallet's signature history and transactions; the periodic lookup pages to the
// oldest signatures, finds who first paid each wallet SOL and stores it; scoring turns a shared
// funder into one cluster; and the rules stage counts that cluster as one owner in a cluster buy.
import { execFile } from "node:child_process";
import { mkdtemp, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { Keypair } from "@solana/web3.js";
import { Redis } from "ioredis";
import type { Queue } from "bullmq";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ChangedWallets } from "../core/data/changed-wallets.js";
import { writeChatRules } from "../core/data/chat-rules.js";
import { funderCandidates, lookUpFunder, recordFunders, runFunderLookups } from "../core/data/funders.js";
import { MAX_CLUSTER_FUNDED } from "../core/domain/wallet-score.js";
import { JsonRpcClient } from "../core/data/json-rpc.js";
import { SwapPartitions } from "../core/data/swap-partitions.js";
import { insertSwaps } from "../core/data/swap-store.js";
import { setScoreSetting, walletProfileReader } from "../core/data/wallet-scores.js";
import { SYSTEM_PROGRAM } from "../core/domain/programs.js";
import type { Swap } from "../core/domain/swap.js";
import { addr, buildRpcTx, ixData, sig } from "../core/domain/test-support/factory.js";
import { mint, swapAt, wallet } from "../core/domain/test-support/rules.js";
import { createLogger } from "../core/logger.js";
import { createQueue } from "../core/queues/connection.js";
import { QueueName } from "../core/queues/contract.js";
import { createRulesConsumer } from "../workers/processors/rules.js";
import { runIncrementalScoring } from "../workers/processors/wallet-scoring.js";
import { createTestDatabase, type TestDatabase } from "./helpers/db.js";
import { startJsonRpcServer, type JsonRpcTestServer, type SignatureInfo } from "./helpers/json-rpc-server.js";
import { createTestRedis, waitFor, type TestRedis } from "./helpers/redis.js";
import { startTestWorkers } from "./helpers/workers.js";

const [W1, W2, W3, W4, W5, DEEP, LATE] = ["1", "2", "3", "4", "5", "deep", "late"].map((n) => wallet(`funded-${n}`)) as string[] as [
  string, string, string, string, string, string, string,
];
const [F, G, H, OUT] = ["F", "G", "H", "OUT"].map((n) => addr(`funder-${n}`)) as [string, string, string, string];
const SCHEDULED = wallet("funded-by-schedule");
// Library imports accept only real wallets (on the curve).
const [LIB1, LIB2] = [7, 8].map((n) => Keypair.fromSeed(new Uint8Array(32).fill(n)).publicKey.toBase58()) as [string, string];
const T0 = 1_790_000_000;

/**
 * A wallet's history, newest first as the node lists it: `extra` later transactions that pay
 * someone else, then (oldest) the funding from `funder`, and optionally an older failed one.
 */
function history(w: string, funder: string, extra: number, opts: { failedFirst?: boolean; unfundedFirst?: boolean } = {}) {
  const txs: [SignatureInfo, unknown][] = [];
  let slot = 200_000_000 + txs.length;
  const add = (spec: Parameters<typeof buildRpcTx>[0], failed = false) => {
    const raw = buildRpcTx({ ...spec, slot: ++slot, ...(failed ? { err: { InstructionError: [0, "Custom"] } } : {}) });
    const signature = (raw["transaction"] as { signatures: string[] }).signatures[0]!;
    txs.push([{ signature, slot, err: failed ? { InstructionError: [0, "Custom"] } : null, memo: null, blockTime: T0, confirmationStatus: "finalized" }, raw]);
  };
  if (opts.failedFirst) add({ seed: `${w}-failed`, signers: [OUT], instructions: [{ program: SYSTEM_PROGRAM, accounts: [OUT, w], data: ixData.systemTransfer(5) }] }, true);
  if (opts.unfundedFirst) add({ seed: `${w}-memo`, signers: [w], instructions: [{ program: SYSTEM_PROGRAM, accounts: [w, OUT], data: ixData.systemTransfer(1) }] });
  add({ seed: `${w}-fund`, signers: [funder], instructions: [{ program: SYSTEM_PROGRAM, accounts: [funder, w], data: ixData.systemTransfer(2_000_000_000) }] });
  for (let i = 0; i < extra; i++) {
    add({ seed: `${w}-out-${i}`, signers: [w], instructions: [{ program: SYSTEM_PROGRAM, accounts: [w, OUT], data: ixData.systemTransfer(1000 + i) }] });
  }
  return txs.reverse();
}

describe("funders and owner clusters", () => {
  let db: TestDatabase;
  let redis: TestRedis;
  let rpc: JsonRpcTestServer;
  let conn: Redis;
  let changed: ChangedWallets;
  let notify: Queue;

  beforeAll(async () => {
    db = await createTestDatabase();
    redis = createTestRedis();
    conn = new Redis(redis.url);
    changed = new ChangedWallets(conn, redis.prefix);
    notify = createQueue(QueueName.Notify, { connection: conn, prefix: redis.prefix });
    const lists: Record<string, SignatureInfo[]> = {};
    const transactions = new Map<string, unknown>();
    const serve = (w: string, h: [SignatureInfo, unknown][]) => {
      lists[w] = h.map(([s]) => s);
      for (const [s, raw] of h) transactions.set(s.signature, raw);
    };
    serve(W1, history(W1, F, 4));
    serve(W2, history(W2, F, 0, { failedFirst: true }));
    serve(W3, history(W3, F, 2, { unfundedFirst: true }));
    serve(W4, history(W4, G, 1));
    serve(W5, history(W5, H, 3));
    serve(DEEP, history(DEEP, F, 9));
    serve(LATE, history(LATE, F, 0));
    serve(SCHEDULED, history(SCHEDULED, G, 1));
    serve(LIB1, history(LIB1, H, 2));
    serve(LIB2, history(LIB2, H, 0));
    rpc = await startJsonRpcServer({ signatures: lists, transactions });
  });
  afterAll(async () => {
    await notify?.close();
    conn?.disconnect();
    await rpc?.close();
    await db?.drop();
    await redis?.cleanup();
  });

  const client = () => new JsonRpcClient({ url: rpc.url, requestsPerSecond: 200, burst: 20 });
  const opts = { pageLimit: 3, maxPages: 3 };

  it("pages back to the oldest signatures and takes the oldest successful payment in", async () => {
    const before = rpc.calls.length;
    expect(await lookUpFunder(client(), W1, opts)).toMatchObject({ outcome: "found", funding: { wallet: W1, funder: F, lamports: 2_000_000_000n } });
    const calls = rpc.calls.slice(before);
    // Five signatures in pages of three: two listing calls, then one transaction (the oldest).
    expect(calls.map((c) => c.method)).toEqual(["getSignaturesForAddress", "getSignaturesForAddress", "getTransaction"]);
    expect(await lookUpFunder(client(), W2, opts)).toMatchObject({ outcome: "found", funding: { funder: F } }); // the failed one is skipped
    expect(await lookUpFunder(client(), W3, opts)).toMatchObject({ outcome: "found", funding: { funder: F } }); // the wallet's own first payment out is no funding
    expect(await lookUpFunder(client(), DEEP, opts)).toEqual({ outcome: "too-deep" });
    expect(await lookUpFunder(client(), W4, { ...opts, ignore: new Set([G]) })).toEqual({ outcome: "none" });
  });

  it("three wallets of one funder count as one owner in a cluster buy, through the real writers", async () => {
    // Every wallet has a profitable closed round on a token of its own, so all get a tier.
    await setScoreSetting(db.sql, "tiers", { S: 0, A: 0, B: 0 });
    await setScoreSetting(db.sql, "minClosed", 1);
    const history: Swap[] = [W1, W2, W3, W4, W5].flatMap((w, i) => [
      swapAt({ trader: w, mint: mint(`own-${i}`), t: T0 + i * 100, sol: 1 }),
      swapAt({ trader: w, mint: mint(`own-${i}`), t: T0 + i * 100 + 50, side: "sell", sol: 2 }),
    ]);
    await new SwapPartitions(db.sql).ensure(history.map((s) => s.slot));
    await insertSwaps(db.sql, history, "replay");
    await changed.add(history);
    await runIncrementalScoring({ sql: db.sql, changed, nowSec: () => T0 + 10_000 });
    const profiles = walletProfileReader(db.sql);
    expect([...(await profiles([W1, W2, W3, W4, W5])).values()].map((p) => [p.tier, p.clusterId])).toEqual(Array(5).fill(["S", null]));

    // A tracked wallet gets a funder too; then the periodic run finds all of them, once.
    await db.prisma.chat.create({ data: { id: 9001n, type: "private" } });
    await db.sql.query(`INSERT INTO tracked_wallet (chat_id, address) VALUES (9001, $1)`, [LATE]);
    expect((await funderCandidates(db.sql, 100, 3600)).sort()).toEqual([W1, W2, W3, W4, W5, LATE].sort());
    const counts = await runFunderLookups({ sql: db.sql, rpc: client(), changed }, { ...opts, batch: 100 });
    expect(counts).toMatchObject({ wallets: 6, found: 6, none: 0, tooDeep: 0, failed: 0 });
    expect(await funderCandidates(db.sql, 100, 3600)).toEqual([]);
    const rows = await db.sql.query<{ wallet: string; funder: string; source: string }>(`SELECT wallet, funder, source FROM wallet_funder ORDER BY wallet`);
    expect(Object.fromEntries(rows.map((r) => [r.wallet, r.funder]))).toEqual({ [W1]: F, [W2]: F, [W3]: F, [W4]: G, [W5]: H, [LATE]: F });

    // The wallets whose cluster changed were marked: scoring's next run gives W1–W3 one cluster.
    await runIncrementalScoring({ sql: db.sql, changed, nowSec: () => T0 + 10_000 });
    const after = await profiles([W1, W2, W3, W4, W5]);
    expect([W1, W2, W3].map((w) => after.get(w)!.clusterId)).toEqual(Array(3).fill(`funder:${F}`));
    expect([W4, W5].map((w) => after.get(w)!.clusterId)).toEqual([null, null]);

    // The rules stage with the real profile reader: three buys by one owner are one owner.
    const CHAT = 9002n;
    await db.prisma.chat.create({ data: { id: CHAT, type: "private" } });
    await writeChatRules(db.sql, CHAT, { rules: [{ id: "cb", kind: "cluster-buy", minWallets: 3, windowSec: 60 }] });
    const stage = createRulesConsumer({ sql: db.sql, notifyQueue: notify, logger: createLogger("silent"), profiles, warmupSec: 0 });
    const HOT = mint("cluster-hot");
    const t = T0 + 20_000;
    const feed = (swaps: Swap[], id: string) => stage.consume(swaps, { jobId: id, source: "replay", attemptsMade: 0 });
    const clusterAlerts = () => db.sql.query<{ payload: { count: number; evidence: { wallet: string }[] } }>(
      `SELECT payload FROM alert WHERE kind = 'cluster-buy' AND chat_id = $1`, [String(CHAT)]);
    await feed([W1, W2, W3].map((w, i) => swapAt({ trader: w, mint: HOT, t: t + i })), "one-owner");
    expect(await clusterAlerts()).toEqual([]);
    await feed([swapAt({ trader: W4, mint: HOT, t: t + 5 })], "two-owners");
    expect(await clusterAlerts()).toEqual([]);
    await feed([swapAt({ trader: W5, mint: HOT, t: t + 6 })], "three-owners");
    const fired = await clusterAlerts();
    expect(fired).toHaveLength(1);
    // One line per owner: the cluster's first buyer stands for it.
    expect(fired[0]!.payload.count).toBe(3);
    expect(fired[0]!.payload.evidence.map((e) => e.wallet)).toEqual([W1, W4, W5]);
  });

  it("the pipeline's scheduled job looks up a newly tracked wallet's funder over SOLANA_RPC_URL", async () => {
    await db.sql.query(`INSERT INTO tracked_wallet (chat_id, address) VALUES (9001, $1)`, [SCHEDULED]);
    const w = await startTestWorkers(["pipeline"], { db, redis }, { rules: false, funders: { rpcUrl: rpc.url, requestsPerSecond: 50, everyMs: 200, ...opts } });
    try {
      await waitFor(async () => (await db.sql.query(`SELECT 1 FROM wallet_funder WHERE wallet = $1 AND funder = $2`, [SCHEDULED, G])).length === 1, "the scheduled lookup");
    } finally {
      await w.stop();
    }
    expect(await funderCandidates(db.sql, 100, 3600)).toEqual([]);
  });

  it("import-wallets --backfill looks up the funders of the wallets it backfilled", async () => {
    const dir = await mkdtemp(path.join(tmpdir(), "funders-"));
    const file = path.join(dir, "lib.txt");
    await writeFile(file, `${LIB1}\n${LIB2}\n`);
    const run = await promisify(execFile)("npx", ["tsx", "scripts/import-wallets.ts", file, "--backfill", "--rpc", rpc.url], {
      env: { ...process.env, DATABASE_URL: db.url, REDIS_URL: redis.url, QUEUE_PREFIX: redis.prefix, LOG_LEVEL: "silent" },
      encoding: "utf8",
    });
    expect(JSON.parse(run.stdout.trim().split("\n").at(-1)!)).toMatchObject({ inserted: 2, backfilled: 2, funders: { wallets: 2, found: 2 } });
    const rows = await db.sql.query<{ wallet: string; funder: string }>(`SELECT wallet, funder FROM wallet_funder WHERE wallet = ANY($1)`, [[LIB1, LIB2]]);
    expect(rows.map((r) => r.funder)).toEqual([H, H]);
    // They share a funder with W5 now: all three wait to be rescored into one cluster.
    for (const w of [LIB1, LIB2, W5]) expect(await conn.zscore(`${redis.prefix}:{scoring}:changed-since`, w)).not.toBeNull();
  }, 60_000);

  it("marks a funder's other wallets for rescoring up to the cluster cap, not an exchange's thousands", async () => {
    const EXCHANGE = addr("exchange");
    const found = (w: string) => ({ wallet: w, result: { outcome: "found" as const, funding: { wallet: w, funder: EXCHANGE, lamports: 1n, slot: 1, signature: sig(w) } } });
    const customers = Array.from({ length: MAX_CLUSTER_FUNDED }, (_, i) => addr(`customer-${i}`));
    await recordFunders(db.sql, customers.map(found));
    // The cap is crossed: every customer must lose its cluster, so all are marked.
    const crossing = addr("customer-crossing");
    expect((await recordFunders(db.sql, [found(crossing)])).sort()).toEqual([...customers, crossing].sort());
    // Past it, only the new wallet is.
    const next = addr("customer-next");
    expect(await recordFunders(db.sql, [found(next)])).toEqual([next]);
  });
});
