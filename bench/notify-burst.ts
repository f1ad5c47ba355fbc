/**
 * burst: the notifier alone on a fan-out burst with nothing holding it back — one alert to each of
 * BENCH_CHATS chats (default 333, the rules bench's largest burst), enqueued at once as the rule
 * stage does, sent by the real notifier (concurrency BENCH_NOTIFY_CONCURRENCY, 32; no pacer) to a
 * local Bot API stand-in in its own process. Measured: ms from the enqueue call to the last sendMessage (p50/p99 of
 * all sends), and the CPU spent: this process (enqueue, notifier) and the Redis server
 * (its INFO counters, so other users of that Redis blur it). BENCH_ROUNDS bursts (default 5), each
 * to fresh alerts; the median round is reported. BENCH_NOTIFIERS=N adds N-1 notifier processes on the
 * same queue (bench/notifier-process.ts); their CPU is added to this process's.
 */
import { Redis } from "ioredis";
import { migrate } from "../core/data/migrate.js";
import { throwawayDatabase } from "./database.js";
import { insertAlerts } from "../core/data/swap-store.js";
import { buildWalletSwapAlert } from "../core/domain/alerts.js";
import { WSOL_MINT, type Swap } from "../core/domain/swap.js";
import { enqueueAlerts } from "../core/queues/producers.js";
import { startWorkers } from "../workers/app.js";
import { startBotApi } from "./bot-api-process.js";
import { startNotifierProcesses, unpacedNotifier, type NotifierProcesses } from "./notifier-process.js";
import { median, percentile, round } from "./stats.js";

const REDIS = process.env.BENCH_REDIS_URL ?? "redis://127.0.0.1:6379";
const CHATS = Number(process.env.BENCH_CHATS ?? 333);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const CONCURRENCY = Number(process.env.BENCH_NOTIFY_CONCURRENCY ?? 32);
const NOTIFIERS = Number(process.env.BENCH_NOTIFIERS ?? 1);

async function redisCpuMs(redis: Redis): Promise<number> {
  const info = await redis.info("cpu");
  const field = (k: string) => Number(new RegExp(`${k}:([\\d.]+)`).exec(info)?.[1] ?? 0);
  return (field("used_cpu_user") + field("used_cpu_sys")) * 1000;
}

export async function run(): Promise<Record<string, number>> {
  const { url, db, drop } = await throwawayDatabase("burst", CONCURRENCY);
  const prefix = `pumpspace-bench-burst-${process.pid}`;
  // Telegram's stand-in in its own process (BENCH_BOT_API_IN_PROCESS=1: in this one), so the CPU
  // measured here is the notifier's.
  const tg = await startBotApi({ ownProcess: !process.env.BENCH_BOT_API_IN_PROCESS });
  const redis = new Redis(REDIS, { maxRetriesPerRequest: null });
  let others: NotifierProcesses | undefined;
  try {
    await migrate(db.sql);
    await db.sql.query(`INSERT INTO chat (id, type) SELECT g, 'private' FROM generate_series(1, $1) g`, [CHATS]);
    const notifier = { redisUrl: REDIS, queuePrefix: prefix, apiRoot: tg.apiRoot, concurrency: CONCURRENCY };
    const workers = await startWorkers(unpacedNotifier(db, notifier));
    if (NOTIFIERS > 1) others = await startNotifierProcesses(NOTIFIERS - 1, { ...notifier, databaseUrl: url });
    const rounds: { lastMs: number; p50: number; p99: number; cpuMs: number; redisCpuMs: number }[] = [];
    for (let r = 0; r <= ROUNDS; r++) {
      const swap: Swap = {
        signature: `5${"b".repeat(80)}${String(r).padStart(7, "0")}`,
        slot: 300_000_001 + r,
        blockTime: Math.floor(Date.now() / 1000),
        ixPath: "1",
        dex: "pumpfun",
        programId: "6EF8rrecthR5Dkzon8Nwu78hRvfCKubJ14M5uBEwF6P",
        pool: null,
        trader: "3P2pmfQAFTwcC1xWtYbVYoRn3hngya8Kd9jMaF5GfnUa",
        mintIn: WSOL_MINT,
        amountIn: 2_000_000_000n,
        decimalsIn: 9,
        mintOut: "FstBRGMkNKf4wNvfieYUPS9YsbNoQJMCh6v89zajpump",
        amountOut: 5_000_000_000n,
        decimalsOut: 6,
        priceSol: null,
        priceUsd: null,
      };
      const alert = buildWalletSwapAlert(swap, "smart money", new Map());
      const rows = await insertAlerts(db.sql, Array.from({ length: CHATS }, (_, i) => ({ chatId: String(i + 1), alert })));
      const before = await tg.count();
      const cpu0 = process.cpuUsage();
      const othersCpu0 = (await others?.cpuMs()) ?? 0;
      const redis0 = await redisCpuMs(redis);
      const t0 = performance.now();
      await enqueueAlerts(workers.notify, rows);
      // Polled gently: the answer costs this process CPU; the figures come from the stand-in's stamps.
      while ((await tg.count()) - before < CHATS) await new Promise((res) => setTimeout(res, 20));
      const cpu = process.cpuUsage(cpu0);
      const othersCpu = ((await others?.cpuMs()) ?? 0) - othersCpu0;
      const t0Epoch = performance.timeOrigin + t0;
      const sends = (await tg.sent()).slice(before).map((m) => m.atEpochMs - t0Epoch);
      // Round 0 warms up (JIT, connections) and is not counted.
      if (r > 0)
        rounds.push({
          lastMs: Math.max(...sends),
          p50: percentile(sends, 50),
          p99: percentile(sends, 99),
          cpuMs: (cpu.user + cpu.system) / 1000 + othersCpu,
          redisCpuMs: (await redisCpuMs(redis)) - redis0,
        });
      // Let the last jobs finish their bookkeeping before the next burst.
      await new Promise((res) => setTimeout(res, 300));
    }
    await workers.stop();
    await others?.close();
    others = undefined;
    const pick = (k: keyof (typeof rounds)[number]) => round(median(rounds.map((x) => x[k])), 1);
    process.stderr.write(`burst: rounds ${rounds.map((x) => `${round(x.lastMs)}ms/${round(x.cpuMs)}cpu`).join(" ")}\n`);
    return { chats: CHATS, concurrency: CONCURRENCY, notifiers: NOTIFIERS, lastSendMs: pick("lastMs"), p50Ms: pick("p50"), p99Ms: pick("p99"), cpuMs: pick("cpuMs"), redisCpuMs: pick("redisCpuMs") };
  } finally {
    await others?.close();
    await tg.close();
    await drop();
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
  }
}
