/**
 * token-backfill: what an on-demand backfill costs on this side of the wire, from the ask
 * (`TokenBackfillClient.run`) to "stored and scored" — the time /top's answer or a call's price
 * waits beyond the RPC itself. A local JSON-RPC server in this process serves the bundled real
 * transactions (no delay, no rate limit) as one token's history; a pipeline role in this process
 * runs the queue, the store and the stages behind it.
 *
 * - deep: a token never seen, its whole history (every recorded transaction) in one run; the
 *   database is emptied between rounds, so each is a first ask.
 * - refresh: a token already swept, asked again with nothing new (what every /top on a known token
 *   starts in the background).
 */
import { Keypair } from "@solana/web3.js";
import { migrate } from "../core/data/migrate.js";
import { throwawayDatabase } from "./database.js";
import { createI18n } from "../core/i18n.js";
import { createLogger } from "../core/logger.js";
import { TokenBackfillClient } from "../core/queues/token-backfill.js";
import { createTelegramApi } from "../core/telegram.js";
import { loadRecordedLedger, startJsonRpcServer } from "../test/helpers/json-rpc-server.js";
import { startWorkers } from "../workers/app.js";
import { FIXTURES } from "./fixtures.js";
import { median, round } from "./stats.js";

const REDIS = process.env.BENCH_REDIS_URL ?? "redis://127.0.0.1:6379";
const DEEP_ROUNDS = 5;
const REFRESH_ROUNDS = 20;

const cpuMs = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1000;

export async function run(): Promise<Record<string, number>> {
  const ledger = await loadRecordedLedger(FIXTURES);
  const rpc = await startJsonRpcServer({ signatures: {}, transactions: ledger.transactions });
  const { db, drop } = await throwawayDatabase("backfill", 6);
  const prefix = `pumpspace-bench-backfill-${process.pid}`;
  let workers: Awaited<ReturnType<typeof startWorkers>> | undefined;
  const client = new TokenBackfillClient({ redisUrl: REDIS, prefix, timeoutMs: 120_000 });
  try {
    await migrate(db.sql);
    workers = await startWorkers({
      roles: new Set(["pipeline"]),
      db,
      redisUrl: REDIS,
      queuePrefix: prefix,
      logger: createLogger("silent"),
      api: createTelegramApi("1:bench", { apiRoot: "http://127.0.0.1:9" }),
      i18n: createI18n(),
      solUsdFallback: 150,
      batchSize: 500,
      batchMaxWaitMs: 50,
      notifyConcurrency: 1,
      notifyRatePerSecond: 1,
      retentionDays: 36_500,
      tokenBackfill: { rpcUrl: rpc.url, requestsPerSecond: 1e6, tuning: { concurrency: 8 } },
    });

    const deepMs: number[] = [];
    const deepCpu: number[] = [];
    let swaps = 0;
    let wallets = 0;
    let mint = "";
    for (let i = 0; i <= DEEP_ROUNDS; i++) {
      await db.sql.exec(`TRUNCATE swap, token_seen, wallet_position, wallet_score, ingest_cursor, token`);
      // The same transactions make the same batch job ids: finished ones would be taken as done.
      await workers.swapBatches.clean(0, 0, "completed");
      mint = Keypair.generate().publicKey.toBase58();
      rpc.setSignatures(mint, ledger.infos);
      const cpu0 = process.cpuUsage();
      const t0 = performance.now();
      const s = await client.run(mint);
      // Round 0 warms up the code paths.
      if (i === 0) continue;
      deepMs.push(performance.now() - t0);
      deepCpu.push(cpuMs(process.cpuUsage(cpu0)));
      swaps = s.swaps;
      wallets = s.wallets;
      if (wallets === 0) throw new Error(`nothing was scored: ${JSON.stringify(s)}`);
    }

    const refreshMs: number[] = [];
    const refreshCpu: number[] = [];
    for (let i = 0; i <= REFRESH_ROUNDS; i++) {
      const cpu0 = process.cpuUsage();
      const t0 = performance.now();
      const s = await client.run(mint);
      if (s.mode !== "incremental" || s.swaps !== 0) throw new Error(`expected an empty incremental run, got ${JSON.stringify(s)}`);
      if (i === 0) continue;
      refreshMs.push(performance.now() - t0);
      refreshCpu.push(cpuMs(process.cpuUsage(cpu0)));
    }
    return {
      transactions: ledger.infos.length,
      swaps,
      wallets,
      deepMedianMs: round(median(deepMs)),
      deepCpuMedianMs: round(median(deepCpu)),
      refreshMedianMs: round(median(refreshMs), 1),
      refreshCpuMedianMs: round(median(refreshCpu), 1),
    };
  } finally {
    await client.close();
    await workers?.stop();
    await rpc.close();
    await drop();
    const { Redis } = await import("ioredis");
    const redis = new Redis(REDIS);
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
  }
}
