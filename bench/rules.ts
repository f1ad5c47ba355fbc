/**
 * rules: the rule stage at production scale on the real services. 10,000 chats hold 100,000
 * subscriptions (60,000 tracked wallets, 30,000 token subscriptions, 10,000 smart-money tier
 * subscriptions) plus pattern rules; a steady offered stream of synthetic swaps (default 10,000/s)
 * enters the pipeline as swap-batch jobs of 500, as ingest hands them off. The pipeline (store,
 * then rules, then the alert outbox) and the notifier (concurrency 32 or BENCH_NOTIFY_CONCURRENCY,
 * no pacer and no rate limit: the issue asks for the latency when Telegram does not hold sends
 * back) run in this process and send to a local Bot API stand-in, in a process of its own as
 * Telegram is (BENCH_BOT_API_IN_PROCESS=1 keeps it in this one), that records when each
 * sendMessage arrives. BENCH_NOTIFIERS=N adds N-1 notifier processes on the same queue
 * (bench/notifier-process.ts), as more `WORKER_ROLES=notifier` processes would; their CPU is added.
 *
 * Figures: swapsPerSec evaluated over the run; p50/p99 from a swap's arrival (its batch handed
 * to the stage) to the sendMessage call for each alert it caused; stageP99Ms from arrival to the
 * batch's alerts written and enqueued (the rule stage's share); evalSwapsPerSec, the rule engine
 * alone over the same stream (no I/O), for headroom; patternFires planted (see plantPatterns) and
 * patternAlerts, the pattern messages sent (a chance cluster can add to them), with their p99.
 *
 * Workload shape, so that alerts flow as they would (about 200-300 a second): 1% of swaps come
 * from a tracked wallet, 1% from one of 5,000 smart wallets (S/A/B), 0.5% trade a subscribed
 * token; smart wallets buy among 20,000 tokens, so clusters form now and then; tier
 * subscriptions carry a 100-1000 SOL minimum each; 100 chats run the default cluster-buy rule,
 * 100 an accumulation rule; 30% of chats filter out buys under 1 SOL.
 * The profile reader is an in-memory table (scoring's own reader is another stage).
 */
import { randomBytes } from "node:crypto";
import bs58 from "bs58";
import { Redis } from "ioredis";
import { loadRuleSets } from "../core/data/chat-rules.js";
import { migrate } from "../core/data/migrate.js";
import { connectPostgres } from "../core/data/db.js";
import { throwawayDatabase } from "./database.js";
import { RuleEngine } from "../core/domain/rules/engine.js";
import type { ChatRulesInput } from "../core/domain/rules/schema.js";
import { WSOL_MINT, type Swap } from "../core/domain/swap.js";
import type { WalletProfile, WalletTier } from "../core/domain/wallet-profile.js";
import { createI18n } from "../core/i18n.js";
import { createLogger } from "../core/logger.js";
import type { SwapBatchPayload } from "../core/queues/contract.js";
import { swapToPayload } from "../core/queues/swap-codec.js";
import { createTelegramApi } from "../core/telegram.js";
import { startBotApi, type SentRecord } from "./bot-api-process.js";
import { startNotifierProcesses } from "./notifier-process.js";
import { startWorkers } from "../workers/app.js";
import { createRulesConsumer } from "../workers/processors/rules.js";
import { percentile, round } from "./stats.js";

const REDIS = process.env.BENCH_REDIS_URL ?? "redis://127.0.0.1:6379";
const RATE = Number(process.env.BENCH_SWAPS_PER_SEC ?? 10_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 15);
const CHATS = 10_000;
const BATCH = 500;
/** Latencies of the first seconds (cold caches, JIT) are left out. */
const SKIP_MS = 2_000;
/** Sends in flight at once in the notifier (each holds a connection for its two queries). */
const NOTIFY_CONCURRENCY = Number(process.env.BENCH_NOTIFY_CONCURRENCY ?? 32);
const NOTIFIERS = Number(process.env.BENCH_NOTIFIERS ?? 1);

/**
 * The stream's shape comes from a seeded generator (BENCH_SEED): a whale buy fans out to
 * thousands of tier subscribers at once, so with a fresh draw each run the tail moved 2x between
 * runs and no two figures could be compared.
 */
const rand = (() => {
  let a = Number(process.env.BENCH_SEED ?? 7) >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
})();
/** bs58 output can be a rope holding ~1 KB; a flat copy keeps 400k keys from flooding the GC. */
const flat = (s: string): string => Buffer.from(s, "latin1").toString("latin1");
const key = () => flat(bs58.encode(randomBytes(32)));
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!;
/** Lognormal SOL size: median 1 SOL, most between 0.05 and 20. */
const solSize = () => Math.exp(1.5 * Math.sqrt(-2 * Math.log(1 - rand())) * Math.cos(2 * Math.PI * rand()));

interface World {
  tracked: string[];
  smart: string[];
  profiles: Map<string, WalletProfile>;
  subscribedMints: string[];
  smartMints: string[];
  otherMints: string[];
  crowd: string[];
}

function world(): World {
  const smart = Array.from({ length: 5000 }, key);
  const tiers: WalletTier[] = ["S", "A", "A", "A", "B", "B", "B", "B", "B", "B"];
  const profiles = new Map<string, WalletProfile>(
    smart.map((a, i) => [a, { address: a, tier: tiers[i % 10]!, score: 1, confidence: 1, labels: [], clusterId: i % 7 === 0 ? `c${i % 700}` : null }]),
  );
  return {
    tracked: Array.from({ length: 50_000 }, key),
    smart,
    profiles,
    subscribedMints: Array.from({ length: 20_000 }, key),
    smartMints: Array.from({ length: 20_000 }, key),
    otherMints: Array.from({ length: 50_000 }, key),
    crowd: Array.from({ length: 200_000 }, key),
  };
}

let seq = 0;
function makeSwap(w: World, t: number): Swap {
  const r = rand();
  const trader = r < 0.01 ? pick(w.tracked) : r < 0.02 ? pick(w.smart) : pick(w.crowd);
  const isSmart = r >= 0.01 && r < 0.02;
  const mint = rand() < 0.005 ? pick(w.subscribedMints) : isSmart ? pick(w.smartMints) : pick(w.otherMints);
  const buy = rand() < 0.7;
  const sol = solSize();
  const lamports = BigInt(Math.max(1, Math.round(sol * 1e9)));
  const tokens = BigInt(Math.round(sol * 1e9 * (500 + rand() * 10)));
  const priceSol = 0.001;
  seq++;
  return {
    signature: flat(bs58.encode(randomBytes(64))),
    slot: 300_000_000 + Math.floor(t * 2.5),
    blockTime: Math.floor(t),
    ixPath: String(seq % 4),
    dex: "pumpswap",
    programId: "pAMMBay6oceH9fJKBRHGP5D4bD4sWpmSwMn52FMfXEA",
    pool: null,
    trader,
    mintIn: buy ? WSOL_MINT : mint,
    amountIn: buy ? lamports : tokens,
    decimalsIn: buy ? 9 : 6,
    mintOut: buy ? mint : WSOL_MINT,
    amountOut: buy ? tokens : lamports,
    decimalsOut: buy ? 6 : 9,
    priceSol,
    priceUsd: priceSol * 150,
  };
}

/**
 * Patterns that complete at known points of the stream, so every run measures their fan-out (left
 * to chance, a 3-wallet cluster among 20,000 tokens forms less than once per 15 s run). From the
 * third second, every five seconds: three smart wallets of three owners buy a fresh token within
 * 0.2 s (cluster-buy), and one smart wallet buys another fresh token three times (accumulation).
 * Each fire reaches the 100 chats running that rule at once.
 */
function plantPatterns(w: World, stream: Swap[]): number {
  let planted = 0;
  for (let at = 3 * RATE; at + RATE / 5 < stream.length; at += 5 * RATE) {
    const clusterMint = key();
    const accMint = key();
    // Smart wallets i % 7 !== 0 have no owner cluster: three distinct owners.
    const owners = [1, 2, 3].map((k) => w.smart[(planted * 10 + k) % w.smart.length]!);
    const accWallet = w.smart[(planted * 10 + 5) % w.smart.length]!;
    for (let k = 0; k < 3; k++) {
      const i = at + k * (RATE / 10);
      stream[i] = buyOf(stream[i]!, owners[k]!, clusterMint);
      stream[i + 1] = buyOf(stream[i + 1]!, accWallet, accMint);
    }
    planted++;
  }
  return planted;
}

/** `base` (its time and signature kept) as a 5 SOL buy of `mint` by `trader`. */
function buyOf(base: Swap, trader: string, mint: string): Swap {
  return { ...base, trader, mintIn: WSOL_MINT, amountIn: 5_000_000_000n, decimalsIn: 9, mintOut: mint, amountOut: 2_500_000_000_000n, decimalsOut: 6 };
}

function chatDoc(w: World, i: number): ChatRulesInput {
  return {
    subscriptions: [
      ...[0, 1, 2].map((k) => ({ id: `t${k}`, kind: "token" as const, mint: w.subscribedMints[(i * 3 + k) % w.subscribedMints.length]! })),
      { id: "tier", kind: "tier", tiers: [(["S", "A", "B"] as const)[i % 3]!], filter: { minSol: 100 + (i % 10) * 100 } },
    ],
    filter: i % 10 < 3 ? { minSol: 1 } : {},
    rules: i % 100 === 0 ? [{ id: "cluster", kind: "cluster-buy" }] : i % 100 === 1 ? [{ id: "acc", kind: "accumulation" }] : [],
  };
}

export async function run(): Promise<Record<string, number>> {
  const w = world();
  // The notifier runs NOTIFY_CONCURRENCY sends at once, two queries each: give it connections to match.
  const { url, db, drop } = await throwawayDatabase("rules", NOTIFY_CONCURRENCY);
  const prefix = `pumpspace-bench-rules-${process.pid}`;
  // In a process of its own unless BENCH_BOT_API_IN_PROCESS=1 (how this bench ran before).
  const tg = await startBotApi({ ownProcess: !process.env.BENCH_BOT_API_IN_PROCESS });
  let workers: Awaited<ReturnType<typeof startWorkers>> | undefined;
  const closers: (() => Promise<void>)[] = [];
  let othersCpuMs = async () => 0;
  try {
    await migrate(db.sql);
    await db.sql.query(`INSERT INTO chat (id, type) SELECT g, 'private' FROM generate_series(1, $1) g`, [CHATS]);
    // 60,000 tracked wallets: each of the 50,000 once, 10,000 of them twice.
    const trackedRows = [...w.tracked, ...w.tracked.slice(0, 10_000)];
    const trackedChats = trackedRows.map((_, i) => (i < w.tracked.length ? i % CHATS : (i + 1) % CHATS) + 1);
    await db.sql.query(`INSERT INTO tracked_wallet (chat_id, address) SELECT * FROM unnest($1::int8[], $2::text[])`, [trackedChats, trackedRows]);
    const docs = Array.from({ length: CHATS }, (_, i) => JSON.stringify(chatDoc(w, i)));
    await db.sql.query(`INSERT INTO chat_rules (chat_id, doc) SELECT i, d::jsonb FROM unnest($1::text[]) WITH ORDINALITY AS t(d, i)`, [docs]);

    const t0 = Math.floor(Date.now() / 1000);
    const total = RATE * SECONDS;
    const stream = Array.from({ length: total }, (_, i) => makeSwap(w, t0 + i / RATE));
    const planted = plantPatterns(w, stream);
    const profiles = async (addresses: readonly string[]) => {
      const out = new Map<string, WalletProfile>();
      for (const a of addresses) {
        const p = w.profiles.get(a);
        if (p) out.set(a, p);
      }
      return out;
    };

    // The engine alone, over the same stream, with the stored rules.
    const loadStart = performance.now();
    const { sets } = await loadRuleSets(db.sql);
    const engine = new RuleEngine();
    engine.setChats(sets);
    const loadMs = performance.now() - loadStart;
    process.stderr.write(`rules: ${sets.length} chats, ${engine.size} subscriptions, ${engine.patternCount} pattern machines, loaded in ${round(loadMs)} ms\n`);
    const evalStart = performance.now();
    let evalAlerts = 0;
    for (let i = 0; i < stream.length; i += BATCH) {
      const batch = stream.slice(i, i + BATCH);
      const out = engine.evaluate(batch, await profiles([...new Set(batch.map((s) => s.trader))]), t0);
      evalAlerts += out.matches.length + out.deliveries.length;
    }
    const evalSwapsPerSec = stream.length / ((performance.now() - evalStart) / 1000);
    if (process.env.BENCH_ENGINE_ONLY) return { evalSwapsPerSec: round(evalSwapsPerSec) };
    process.stderr.write(`rules: engine alone ${round(evalSwapsPerSec)} swaps/s (${evalAlerts} candidate alerts)\n`);

    // The rule stage as the pipeline runs it after each batch's commit (two batches at a time, as
    // the swap-batches worker's concurrency), fed at the offered rate; the real outbox, notify
    // queue and notifier behind it. With BENCH_WITH_STORE=1 the batches go through the whole
    // pipeline job instead (store first: that path's own ceiling is the ingest bench's subject).
    const arrival = new Map<string, number>();
    const withStore = Boolean(process.env.BENCH_WITH_STORE);
    let evaluated = 0;
    workers = await startWorkers({
      roles: new Set(withStore ? ["pipeline", "notifier"] : ["notifier"]),
      db,
      redisUrl: REDIS,
      queuePrefix: prefix,
      logger: createLogger("warn"),
      api: createTelegramApi("1:bench", { apiRoot: tg.apiRoot }),
      i18n: createI18n(),
      solUsdFallback: 150,
      batchSize: BATCH,
      batchMaxWaitMs: 25,
      notifyConcurrency: NOTIFY_CONCURRENCY,
      notifyRatePerSecond: 1_000_000,
      // The figure is the pipeline's latency when Telegram does not hold it back: no
      // per-chat pacing (a DM's 1 s spacing would otherwise be most of the tail).
      pacing: false,
      sweepEveryMs: 3_600_000,
      rules: { profiles, warmupSec: 0, onEnqueued: (_ids, n) => void (evaluated += n) },
    });
    if (NOTIFIERS > 1) {
      const others = await startNotifierProcesses(NOTIFIERS - 1, { databaseUrl: url, redisUrl: REDIS, queuePrefix: prefix, apiRoot: tg.apiRoot, concurrency: NOTIFY_CONCURRENCY });
      closers.unshift(() => others.close());
      othersCpuMs = () => others.cpuMs();
    }
    // The rule stage has its own connections, as the pipeline process has in production (the
    // notifier's 32 concurrent sends would otherwise queue it behind them on one pool).
    const stageDb = connectPostgres(url.toString(), { max: 4 });
    closers.push(() => stageDb.close());
    const timings = new Map<string, number[]>();
    const timedSql = {
      ...db.sql,
      async query<T extends object>(text: string, params?: readonly unknown[]) {
        const t = performance.now();
        try {
          return await stageDb.sql.query<T>(text, params);
        } finally {
          const k = text.trim().slice(0, 30);
          const l = timings.get(k) ?? [];
          l.push(performance.now() - t);
          timings.set(k, l);
        }
      },
    };
    const consumer = createRulesConsumer({
      sql: process.env.BENCH_TIME_SQL ? timedSql : stageDb.sql,
      notifyQueue: workers.notify,
      logger: createLogger("warn"),
      profiles,
      warmupSec: 0,
      onEnqueued: (_ids, n) => void (evaluated += n),
    });
    await consumer.reload();
    process.stderr.write(`rules: offering ${RATE} swaps/s for ${SECONDS} s${withStore ? " through store → rules → notify" : " to the rule stage → outbox → notify"}\n`);
    const started = performance.now();
    const cpuAtStart = process.cpuUsage();
    const othersCpuAtStart = await othersCpuMs();
    const due: Swap[][] = [];
    const batchMs: number[] = [];
    const stageMs: number[] = [];
    let offered = 0;
    let done = false;
    const lane = async (): Promise<void> => {
      while (!done || due.length > 0) {
        const batch = due.shift();
        if (!batch) {
          await new Promise((r) => setTimeout(r, 2));
          continue;
        }
        if (withStore) {
          const payload: SwapBatchPayload = { source: "grpc", swaps: batch.map(swapToPayload), tokens: [] };
          await workers!.swapBatches.add("batch", payload, { jobId: `b${batch[0]!.signature.slice(0, 20)}` });
        } else {
          const t = performance.now();
          await consumer.consume(batch, { jobId: batch[0]!.signature.slice(0, 20), source: "grpc", attemptsMade: 0 });
          batchMs.push(performance.now() - t);
          // Arrival to alerts written and enqueued: the rule stage's own share of the latency.
          if (t - started >= SKIP_MS) stageMs.push(performance.now() - arrival.get(batch[0]!.signature)!);
        }
      }
    };
    const lanes = withStore ? [lane()] : [lane(), lane()];
    while (offered < total) {
      const target = Math.min(total, Math.floor(((performance.now() - started) / 1000) * RATE));
      while (offered < target) {
        const batch = stream.slice(offered, Math.min(target, offered + BATCH));
        const at = performance.now();
        for (const sw of batch) arrival.set(sw.signature, at);
        due.push(batch);
        offered += batch.length;
      }
      await new Promise((r) => setTimeout(r, 50));
    }
    done = true;
    await Promise.all(lanes);
    // Wait for every batch to be evaluated, then for the notifier to drain.
    const deadline = Date.now() + 120_000;
    while (evaluated < total && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    const processedAt = performance.now();
    for (;;) {
      const c = await workers.notify.getJobCounts("wait", "active", "delayed", "prioritized");
      if (Object.values(c).every((n) => n === 0) || Date.now() > deadline) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    const rulesSeen = evaluated;
    const cpu = process.cpuUsage(cpuAtStart);
    const othersCpu = (await othersCpuMs()) - othersCpuAtStart;
    for (const [k, l] of timings) process.stderr.write(`rules: sql ${k}: n ${l.length} p50 ${round(percentile(l, 50), 1)} ms p99 ${round(percentile(l, 99), 1)} ms\n`);
    if (batchMs.length) process.stderr.write(`rules: rule stage per batch of ${BATCH}: p50 ${round(percentile(batchMs, 50), 1)} ms, p99 ${round(percentile(batchMs, 99), 1)} ms\n`);
    const secs = (processedAt - started) / 1000;
    const [{ n: alerts }] = (await db.sql.query<{ n: string }>(`SELECT count(*) AS n FROM alert`)) as [{ n: string }];
    const latencies: number[] = [];
    const patternLatencies: number[] = [];
    const sent = await tg.sent();
    // Arrivals are this process's performance.now(); the stand-in stamps wall-clock ms.
    const arrivalEpoch = (perf: number) => performance.timeOrigin + perf;
    for (const m of sent) {
      const sig = m.replyMarkup?.inline_keyboard?.[0]?.[0]?.url?.split("/tx/")[1];
      const at = sig ? arrival.get(sig) : undefined;
      if (at === undefined || at - started < SKIP_MS) continue;
      latencies.push(m.atEpochMs - arrivalEpoch(at));
      // Pattern fires fan out to every chat with the rule at once: their own tail, reported apart.
      if (/CLUSTER|ACCUMULATION/.test(m.text)) patternLatencies.push(m.atEpochMs - arrivalEpoch(at));
    }
    if (process.env.BENCH_DIAG) await diagnose(db.sql, workers.notify, sent, arrival, started);
    return {
      chats: CHATS,
      subscriptions: engine.size,
      offeredSwapsPerSec: RATE,
      swaps: rulesSeen,
      swapsPerSec: round(rulesSeen / secs),
      evaluatedSwaps: rulesSeen,
      alerts: Number(alerts),
      sent: sent.length,
      alertsPerSec: round(sent.length / secs),
      p50Ms: round(percentile(latencies, 50), 1),
      p99Ms: round(percentile(latencies, 99), 1),
      stageP99Ms: round(percentile(stageMs, 99), 1),
      patternFires: planted * 2,
      patternAlerts: patternLatencies.length,
      ...(patternLatencies.length ? { patternP99Ms: round(percentile(patternLatencies, 99), 1) } : {}),
      evalSwapsPerSec: round(evalSwapsPerSec),
      // This process's CPU (and the other notifier processes') from the first offered batch until the notifier drained: the rule
      // stage, the notifier and the Bot API stand-in (Redis and Postgres are other processes).
      cpuMs: round((cpu.user + cpu.system) / 1000 + othersCpu),
      notifiers: NOTIFIERS,
      loadRulesMs: round(loadMs),
    };
  } finally {
    await workers?.stop();
    for (const close of closers) await close();
    await tg.close();
    await drop();
    const redis = new Redis(REDIS, { maxRetriesPerRequest: null });
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
  }
}

/**
 * BENCH_DIAG=1: where each sent alert's time went — arrival → enqueued (the rule stage), enqueued →
 * taken by a notifier worker (queue wait), taken → sendMessage (the job's own work), for all alerts
 * and for pattern alerts apart. Job timestamps are wall clock; the stand-in's are performance.now().
 */
async function diagnose(
  sql: import("../core/data/db.js").SqlRunner,
  queue: import("bullmq").Queue,
  sent: readonly SentRecord[],
  arrival: Map<string, number>,
  started: number,
): Promise<void> {
  const rows = await sql.query<{ id: string; sig: string; chat_id: string }>(`SELECT id, payload ->> 'signature' AS sig, chat_id FROM alert`);
  const jobs = await queue.getJobs(["completed"], 0, -1);
  // A bundle job carries many alerts; an alert that needed a job of its own has both (the later counts).
  const jobById = new Map<string, (typeof jobs)[number]>();
  for (const j of jobs) for (const a of j.data.alerts ?? []) jobById.set(String(a.alertId), j);
  for (const j of jobs) if (j.data.alertId) jobById.set(String(j.data.alertId), j);
  process.stderr.write(`rules: diag notify jobs: ${jobs.length} (${jobs.filter((j) => j.data.alerts).length} bundles)\n`);
  const wall = (perf: number) => performance.timeOrigin + perf;
  const parts = { stage: [] as number[], wait: [] as number[], work: [] as number[], total: [] as number[] };
  const sentAt = new Map<string, number>();
  for (const m of sent) {
    const sig = m.replyMarkup?.inline_keyboard?.[0]?.[0]?.url?.split("/tx/")[1];
    if (sig) sentAt.set(sig, Math.max(sentAt.get(sig) ?? 0, m.atEpochMs));
  }
  for (const r of rows) {
    const j = jobById.get(String(r.id));
    const at = arrival.get(r.sig);
    const s = sentAt.get(r.sig);
    if (!j || at === undefined || s === undefined || at - started < 2000 || !j.processedOn) continue;
    parts.stage.push(j.timestamp - wall(at));
    parts.wait.push(j.processedOn - j.timestamp);
    parts.work.push(s - j.processedOn);
    parts.total.push(s - wall(at));
  }
  const perSig = new Map<string, number>();
  for (const r of rows) perSig.set(r.sig, (perSig.get(r.sig) ?? 0) + 1);
  const big = [...perSig.values()].sort((a, b) => b - a).slice(0, 10);
  process.stderr.write(`rules: diag biggest fan-outs (alerts per swap): ${big.join(" ")}\n`);
  // The tail is the large fan-outs: when each arrived, was enqueued, first taken, first and last sent.
  const sendsBySig = new Map<string, number[]>();
  for (const m of sent) {
    const sig = m.replyMarkup?.inline_keyboard?.[0]?.[0]?.url?.split("/tx/")[1];
    if (sig) sendsBySig.set(sig, [...(sendsBySig.get(sig) ?? []), m.atEpochMs]);
  }
  for (const [sig, n] of [...perSig].filter(([, n]) => n >= 50)) {
    const at = arrival.get(sig);
    const sends = sendsBySig.get(sig) ?? [];
    const sigJobs = rows.filter((r) => r.sig === sig).map((r) => jobById.get(String(r.id))).filter((j) => j !== undefined);
    if (at === undefined || sends.length === 0 || sigJobs.length === 0) continue;
    const from = wall(at);
    const rel = (t: number) => round(t - from, 1);
    process.stderr.write(
      `rules: diag fan-out of ${n} at ${round((at - started) / 1000, 1)} s: enqueued +${rel(Math.min(...sigJobs.map((j) => j.timestamp)))} ms, ` +
        `first taken +${rel(Math.min(...sigJobs.map((j) => j.processedOn ?? Infinity)))}, sends +${rel(Math.min(...sends))} … +${rel(Math.max(...sends))} ms\n`,
    );
  }
  for (const [k, l] of Object.entries(parts)) process.stderr.write(`rules: diag ${k}: n ${l.length} p50 ${round(percentile(l, 50), 1)} p90 ${round(percentile(l, 90), 1)} p99 ${round(percentile(l, 99), 1)} max ${round(percentile(l, 100), 1)} ms\n`);
}
