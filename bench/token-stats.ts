/**
 * stats: live token stats through a real Redis.
 *
 * 1. Throughput: 500-swap batches over 50,000 tokens with a skewed (Zipf s=1.1) choice of token
 *    and trader, recent block times, applied as the pipeline does (one Lua call per batch, two
 *    batches in flight as the pipeline's two workers run them). Every batch is a new job, so
 *    nothing is skipped as a duplicate. Postgres is not involved: a token new to Redis is created
 *    empty instead of being looked up among the idle backups (one indexed query per batch).
 * 2. Memory per active token: tokens with every bucket of every window filled (a full 24h of
 *    trades, ~100 traders), measured with MEMORY USAGE on the token key plus the token's share of
 *    the idle-sweeper sorted set.
 * 3. Scale: 100,000 such tokens written (copies of a full token's bytes), Redis used_memory
 *    before and after, and the tokens 4 GB would hold at that rate (an extrapolation).
 * Everything is written under a unique prefix and deleted afterwards.
 *
 * Unless BENCH_REDIS_URL is set, a private redis-server is started on a free port, so its CPU
 * time (INFO cpu, main thread) belongs to this bench alone: on a shared, loaded machine the wall
 * rate is noisy, while Redis CPU microseconds per update show what one Redis core sustains.
 */
import bs58 from "bs58";
import { seededRandom } from "../core/domain/test-support/random.js";
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createServer } from "node:net";
import { loadavg } from "node:os";
import { Redis } from "ioredis";
import { TokenStatsStore } from "../core/data/token-stats-store.js";
import { WSOL_MINT, type Swap } from "../core/domain/swap.js";
import { median, round } from "./stats.js";

const SHARED_REDIS = process.env.BENCH_REDIS_URL;
const TOKENS = 50_000;
const BATCH = 500;
const BATCHES_PER_ROUND = Number(process.env.BENCH_STATS_BATCHES ?? 200);
const ROUNDS = 3;
const FULL_TOKENS = 300;
const SCALE_TOKENS = Number(process.env.BENCH_STATS_SCALE_TOKENS ?? 100_000);

const rng = seededRandom;

/** Zipf(s) sampler over 0..n-1 by inverse CDF on a precomputed table. */
function zipf(n: number, s: number, r: () => number): () => number {
  const cdf = new Float64Array(n);
  let acc = 0;
  for (let i = 0; i < n; i++) cdf[i] = acc += 1 / (i + 1) ** s;
  for (let i = 0; i < n; i++) cdf[i]! /= acc;
  return () => {
    const u = r();
    let lo = 0;
    let hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cdf[mid]! < u) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
}

const mintName = (i: number) => `Bench${String(i).padStart(39, "1")}`;
/** One or two pools per token, so the pool records are exercised too (a real 32-byte address). */
function poolOf(mint: string, second: boolean): string {
  const b = new Uint8Array(32);
  for (let i = 0; i < mint.length; i++) b[i % 32] = (b[i % 32]! * 31 + mint.charCodeAt(i)) & 0xff;
  b[31] = second ? 1 : 2;
  return bs58.encode(b);
}
let seq = 0;

function makeSwap(mint: string, trader: string, t: number, buy: boolean, r: () => number): Swap {
  const n = ++seq;
  const tokenRaw = BigInt(1 + Math.floor(r() * 1e12));
  const lamports = BigInt(1 + Math.floor(r() * 5e9));
  const priceSol = Number(lamports) / 1e9 / (Number(tokenRaw) / 1e6);
  return {
    signature: `bench${n.toString(36).padStart(60, "0")}`,
    slot: 300_000_000 + n,
    blockTime: t,
    ixPath: "1",
    dex: "pumpfun",
    programId: "6EF8rrecthR5Dkzon8Nwu78hRvfCKubJ14M5uBEwF6P",
    pool: poolOf(mint, r() < 0.2),
    trader,
    mintIn: buy ? WSOL_MINT : mint,
    amountIn: buy ? lamports : tokenRaw,
    decimalsIn: buy ? 9 : 6,
    mintOut: buy ? mint : WSOL_MINT,
    amountOut: buy ? tokenRaw : lamports,
    decimalsOut: buy ? 6 : 9,
    priceSol,
    priceUsd: priceSol * 150,
    reserves: { base: tokenRaw * 1000n, quote: lamports * 1000n },
  };
}

async function deletePrefix(r: Redis, prefix: string): Promise<void> {
  let cursor = "0";
  do {
    const [next, keys] = await r.scan(cursor, "MATCH", `${prefix}:*`, "COUNT", 5000);
    cursor = next;
    if (keys.length) await r.unlink(...keys);
  } while (cursor !== "0");
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

/** A private redis-server (no persistence), or null when the binary is not there. */
async function privateRedis(): Promise<{ url: string; proc: ChildProcess } | null> {
  const port = await freePort();
  const proc = spawn("redis-server", ["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], {
    stdio: "ignore",
  });
  let spawnFailed = false;
  proc.once("error", () => (spawnFailed = true));
  let ok = false;
  for (let i = 0; i < 60 && !ok && !spawnFailed; i++) {
    await new Promise((r) => setTimeout(r, 50));
    const probe = new Redis(`redis://127.0.0.1:${port}`, { lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
    probe.on("error", () => {});
    ok = await probe.connect().then(() => probe.ping()).then(() => true, () => false);
    probe.disconnect();
  }
  if (!ok) {
    proc.kill();
    return null;
  }
  return { url: `redis://127.0.0.1:${port}`, proc };
}

/** CPU seconds the Redis main thread has used (Redis 7; falls back to the whole server). */
async function redisCpu(r: Redis): Promise<number> {
  const info = await r.info("cpu");
  const get = (k: string) => Number(new RegExp(`${k}:([\\d.]+)`).exec(info)?.[1] ?? NaN);
  const main = get("used_cpu_user_main_thread") + get("used_cpu_sys_main_thread");
  return Number.isFinite(main) ? main : get("used_cpu_user") + get("used_cpu_sys");
}

async function usedMemory(r: Redis): Promise<number> {
  const info = await r.info("memory");
  return Number(/used_memory:(\d+)/.exec(info)![1]);
}

export async function run(): Promise<Record<string, unknown>> {
  const own = SHARED_REDIS ? null : await privateRedis();
  const redis = new Redis(SHARED_REDIS ?? own?.url ?? "redis://127.0.0.1:6379");
  const prefix = `psbench-${randomBytes(4).toString("hex")}`;
  const store = new TokenStatsStore({ redis, prefix });
  try {
    // ---- 1. throughput
    const r = rng(42);
    const pickToken = zipf(TOKENS, 1.1, r);
    const pickTrader = zipf(200_000, 0.8, r);
    const now = Math.floor(Date.now() / 1000);
    const batch = () =>
      Array.from({ length: BATCH }, () =>
        makeSwap(mintName(pickToken()), `trader${pickTrader()}`, now - Math.floor(r() * 600), r() < 0.55, r),
      );
    let job = 0;
    const cpuUs: number[] = [];
    const nodeUs: number[] = [];
    const runRound = async (batches: Swap[][]) => {
      const cpu0 = await redisCpu(redis);
      const node0 = process.cpuUsage();
      const t0 = performance.now();
      let next = 0;
      const lane = async () => {
        while (next < batches.length) await store.apply(batches[next++]!, `bench-${job++}`, now);
      };
      await Promise.all([lane(), lane()]);
      const updates = batches.length * BATCH;
      const rate = updates / ((performance.now() - t0) / 1000);
      const node = process.cpuUsage(node0);
      cpuUs.push(((await redisCpu(redis)) - cpu0) * 1e6 / updates);
      nodeUs.push((node.user + node.system) / updates);
      return rate;
    };
    console.error(`stats: warm-up (${TOKENS} tokens, skewed)`);
    await runRound(Array.from({ length: 40 }, batch));
    const rates: number[] = [];
    for (let i = 0; i < ROUNDS; i++) {
      const batches = Array.from({ length: BATCHES_PER_ROUND }, batch);
      const rate = await runRound(batches);
      rates.push(rate);
      console.error(
        `stats: round ${i + 1}: ${Math.round(rate)} swap updates/s; Redis ${round(cpuUs[i + 1]!, 1)} µs CPU and Node ${round(nodeUs[i + 1]!, 1)} µs CPU per update (load ${round(loadavg()[0]!, 1)})`,
      );
    }
    const distinctTokens = await store.activeTokens();

    // ---- 2. memory of a token with every window full
    console.error(`stats: filling ${FULL_TOKENS} tokens with full 24h windows`);
    const full: string[] = [];
    const fr = rng(7);
    for (let i = 0; i < FULL_TOKENS; i++) {
      const mint = `Full${String(i).padStart(40, "2")}`;
      full.push(mint);
      const swaps: Swap[] = [];
      // One trade every 2.5 minutes for a day fills every 5m/30m/2h bucket; one a minute for
      // the last five fills the 1-minute ring.
      for (let age = 0; age < 86_400; age += 150) swaps.push(makeSwap(mint, `t${Math.floor(fr() * 100)}`, now - age, fr() < 0.5, fr));
      for (let age = 0; age < 300; age += 60) swaps.push(makeSwap(mint, `t${Math.floor(fr() * 100)}`, now - age - 7, true, fr));
      await store.apply(swaps, `full-${i}`, now);
    }
    const snap = await store.read(full[0]!, now);
    const filled = Object.values(snap!.windows).every((w) => w.buys + w.sells > 0);
    const usages = await Promise.all(full.map((m) => redis.memory("USAGE", store.tokenKey(m), "SAMPLES", "0")));
    const keyBytes = median(usages.map(Number));
    const zsetBytes = Number(await redis.memory("USAGE", store.activeKey, "SAMPLES", "0")) / (await store.activeTokens());
    const bytesPerToken = Math.round(keyBytes + zsetBytes);
    console.error(`stats: ${keyBytes} B per token key + ${round(zsetBytes, 1)} B in the active set (windows full: ${filled})`);

    // ---- 3. 100k full tokens: used_memory delta
    await deletePrefix(redis, prefix);
    const blob = await (async () => {
      await store.apply([makeSwap(full[0]!, "x", now, true, fr)], "seed", now);
      return (await redis.getBuffer(store.tokenKey(full[0]!)))!;
    })();
    await deletePrefix(redis, prefix);
    const before = await usedMemory(redis);
    console.error(`stats: writing ${SCALE_TOKENS} tokens of ${blob.length} bytes`);
    for (let i = 0; i < SCALE_TOKENS; i += 2000) {
      const p = redis.pipeline();
      for (let j = i; j < Math.min(SCALE_TOKENS, i + 2000); j++) {
        const mint = `Scale${String(j).padStart(39, "3")}`;
        p.set(store.tokenKey(mint), blob, "EX", 3600);
        p.zadd(store.activeKey, Date.now(), mint);
      }
      await p.exec();
    }
    const after = await usedMemory(redis);
    const perToken = (after - before) / SCALE_TOKENS;
    const tokensFor4GB = Math.floor((4 * 1024 ** 3) / perToken);
    console.error(`stats: ${Math.round(perToken)} B per token at ${SCALE_TOKENS} tokens; 4 GB holds ${tokensFor4GB}`);

    const redisUs = median(cpuUs.slice(1));
    return {
      updatesPerSec: Math.round(median(rates)),
      redisCpuUsPerUpdate: round(redisUs, 2),
      nodeCpuUsPerUpdate: round(median(nodeUs.slice(1)), 2),
      /** What one fully used Redis core sustains at that CPU cost per update. */
      updatesPerRedisCoreSec: Math.round(1e6 / redisUs),
      privateRedis: own !== null,
      loadAverage: round(loadavg()[0]!, 1),
      batchSize: BATCH,
      tokens: TOKENS,
      distinctTokensTouched: distinctTokens,
      bytesPerToken,
      tokenKeyBytes: keyBytes,
      windowsFull: filled,
      scaleTokens: SCALE_TOKENS,
      bytesPerTokenAtScale: Math.round(perToken),
      tokensFor4GB,
      million4GB: tokensFor4GB >= 1_000_000,
      extrapolated: true,
      postgresLookup: false,
    };
  } finally {
    await deletePrefix(redis, prefix).catch(() => {});
    redis.disconnect();
    own?.proc.kill();
  }
}
