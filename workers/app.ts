/**
 * Wires the worker roles into one process: ingest (a datasource feeding swap batches, stored in
 * Postgres before they are handed on), pipeline (the stages behind the store: token stats, rules
 * and alerts, scoring; it also stores a batch the ingest role could not) and notifier (sending
 * alerts to Telegram). Each role can run alone (more processes on the same queues scale out) or
 * all together.
 */
import type { Api } from "grammy";
import type { Queue } from "bullmq";
import type { Database } from "../core/data/db.js";
import { stalePendingAlerts } from "../core/data/alerts.js";
import { slotCursor } from "../core/data/cursors.js";
import { JobRuns } from "../core/data/job-runs.js";
import { SwapPartitions } from "../core/data/swap-partitions.js";
import { SolUsdPrice } from "../core/domain/sol-price.js";
import type { Translator } from "../core/i18n.js";
import type { Logger } from "../core/logger.js";
import { Metrics, startMetricsServer } from "../core/metrics.js";
import { createQueue, createRedis } from "../core/queues/connection.js";
import { maintenancePayload, QueueName, type MaintenancePayload } from "../core/queues/contract.js";
import { SendPacer, type PacerOptions } from "../core/queues/pacer.js";
import { alertsInLiveBundles, enqueueAlerts } from "../core/queues/producers.js";
import { registerWorkers, type WorkerSpec } from "../core/queues/workers.js";
import type { Datasource } from "./ingest/datasource.js";
import { runIngest, type HandedOffBatch, type IngestCounts } from "./ingest/ingest.js";
import { alertFinisher, createNotifyProcessor, ownJobEnqueuer } from "./processors/notify.js";
import { createSwapBatchProcessor } from "./processors/swap-batches.js";
import { tokenLabelsConsumer } from "./processors/token-labels.js";
import { runFunderLookups, type FunderRunOptions } from "../core/data/funders.js";
import { createRulesConsumer, type RulesConsumerDeps } from "./processors/rules.js";
import { JsonRpcClient } from "../core/data/json-rpc.js";
import { TokenFactsRepository } from "../core/data/token-facts-repository.js";
import { walletProfileReader } from "../core/data/wallet-scores.js";
import type { TokenFactsReader } from "../core/domain/token-facts.js";
import { runSwapRetention } from "./periodic/retention.js";
import {
  FULL_RESCORE_SCHEDULE,
  SCORING_EVERY_MS,
  changedWallets,
  createWalletScoringProcessor,
  walletScoringConsumer,
} from "./processors/wallet-scoring.js";
import { IncrementalLanes } from "../core/data/wallet-incremental-threads.js";
import type { WalletScoringPayload } from "../core/queues/contract.js";
import { TokenStatsStore } from "../core/data/token-stats-store.js";
import { createTokenStatsConsumer, runTokenStatsSweep } from "./processors/token-stats.js";
import { runSlotGapFill, type SlotGapFillConfig } from "./periodic/slot-gaps.js";
import { CallStore } from "../core/data/calls.js";
import { createCallOutcomeProcessor } from "./processors/call-outcomes.js";
import type { ChannelClient } from "./signals/channel-client.js";
import { CallRecorder } from "./signals/recorder.js";
import { SignalsService } from "./signals/service.js";
import { createCallAlerts } from "./signals/call-alerts.js";
import { DEFAULT_CALL_CLUSTER_WINDOW_MS } from "../core/domain/calls/alerts.js";
import { RuleCallConsumer } from "./signals/rule-calls.js";
import { createTokenBackfillProcessor, type TokenBackfillDeps } from "./processors/token-backfill.js";
import { TokenBackfillClient } from "../core/queues/token-backfill.js";

export type Role = "ingest" | "pipeline" | "notifier" | "signals";

/** Hourly, at minute 17 (off the hour, when everyone else's cron runs). */
export const RETENTION_SCHEDULE = "17 * * * *";
/** Slot gaps are looked for every 10 minutes, and once at start (a restart often follows an outage). */
export const SLOT_GAPS_EVERY_MS = 600_000;
/** Funder lookups: a few dozen wallets a minute is all a shared RPC budget should give them. */
export const FUNDERS_EVERY_MS = 60_000;

export interface WorkersOptions {
  roles: ReadonlySet<Role>;
  db: Database;
  redisUrl: string;
  queuePrefix: string;
  logger: Logger;
  api: Api;
  i18n: Translator;
  datasource?: Datasource;
  solUsdFallback: number;
  batchSize: number;
  batchMaxWaitMs: number;
  notifyConcurrency: number;
  /** Messages per second per bot token (the pacer's token clock). */
  notifyRatePerSecond: number;
  /** Every bot token's client when there are several (BOT_TOKENS); `api` is used otherwise. */
  apis?: Api[];
  /** Send with allow_paid_broadcast (NOTIFY_PAID_BROADCAST). */
  paidBroadcast?: boolean;
  /** Per-chat pacing overrides (tests, benchmarks); `false` turns the pacer off (BullMQ's limiter only). */
  pacing?: Partial<Omit<PacerOptions, "tokenRatePerSecond">> | false;
  /** How often pending alerts whose job was lost are enqueued again. */
  sweepEveryMs?: number;
  /** Days of swaps kept in Postgres (whole day partitions are dropped past it). */
  retentionDays?: number;
  /** The nightly full wallet rescore's worker threads and the database they connect to. */
  scoringThreads?: { count: number; databaseUrl: string };
  /** Serve /metrics and /health on this port (0: any free port); off when undefined. */
  metricsPort?: number;
  onIngestProgress?: (c: Readonly<IngestCounts>) => void;
  /** Batches the ingest role stores and hands off at once (default 4). */
  ingestInFlight?: number;
  /** Called as each batch is handed off by the ingest role (benchmarks measure latency with it). */
  onHandedOff?: (batch: HandedOffBatch) => void;
  /** Live token stats in the pipeline role (on unless `false`); defaults in TokenStatsStore. */
  tokenStats?: TokenStatsOptions | false;
  /** Backfill recorded slot gaps over JSON-RPC (pipeline role; needs SOLANA_RPC_URL). */
  slotGaps?: SlotGapFillConfig & { everyMs?: number };
  /** Look up funders of tiered and tracked wallets over JSON-RPC (pipeline role; needs SOLANA_RPC_URL). */
  funders?: FunderRunOptions & { rpcUrl: string; requestsPerSecond?: number; everyMs?: number };
  /** Where the rules stage reads token facts (authorities, extensions, supply) it has not cached. */
  tokenFactsRpcUrl?: string;
  /** Signals role: the userbot's channel client (GramJS in production, a double in tests). */
  channelClient?: ChannelClient;
  signals?: { pollMs: number; join: boolean; repostWindowMs: number };
  /** Call + cluster pattern: a call and a cluster buy on one token at most this far apart (default 30 min). */
  callClusterWindowMs?: number;
  /**
   * On-demand token backfills over RPC (needs SOLANA_RPC_URL): the pipeline role runs the
   * token-backfill queue; the signals role backfills a called token it has no trade of and waits
   * up to `callWaitMs` (default 2 minutes) to price the call.
   */
  tokenBackfill?: {
    rpcUrl: string;
    /** Deep runs' page budget (1000 signatures a page). Default 2. */
    pages?: number;
    requestsPerSecond?: number;
    /** Backfills at once in this process. Default 2. */
    concurrency?: number;
    callWaitMs?: number;
    tuning?: TokenBackfillDeps["tuning"];
  };
  /** Unix ms now for call outcomes; tests move it. */
  clock?: () => number;
  /**
   * The rules stage of the pipeline (subscriptions, filters and pattern rules per chat, which
   * also sends tracked wallets' alerts under the chat's filter); on unless `false`.
   */
  rules?: false | Pick<RulesConsumerDeps, "profiles" | "tokenStats" | "tokenFacts" | "warmupSec" | "onEnqueued">;
}

export interface TokenStatsOptions {
  idleTtlSec?: number;
  keyTtlSec?: number;
  markerTtlSec?: number;
  /** How often idle tokens are moved to Postgres (one sweeper at a time across processes). */
  sweepEveryMs?: number;
}

export interface RunningWorkers {
  swapBatches: Queue;
  notify: Queue;
  metrics: Metrics;
  /** The port /metrics and /health listen on, when enabled. */
  metricsPort?: number;
  /** The live token stats, when the pipeline role runs them. */
  tokenStats?: TokenStatsStore;
  /** Resolves when the datasource is exhausted (replays); never for a live stream. */
  ingestDone: Promise<IngestCounts | null>;
  /** The userbot, when the signals role runs. */
  signals?: SignalsService;
  stop(): Promise<void>;
}

export async function startWorkers(o: WorkersOptions): Promise<RunningWorkers> {
  const log = o.logger;
  const producer = createRedis(o.redisUrl, "worker");
  const consumer = createRedis(o.redisUrl, "worker");
  const queueDeps = { connection: producer, prefix: o.queuePrefix };
  const swapBatches = createQueue(QueueName.SwapBatches, queueDeps);
  const notify = createQueue(QueueName.Notify, queueDeps);
  const maintenance = createQueue(QueueName.Maintenance, queueDeps);
  const walletScoring = createQueue(QueueName.WalletScoring, queueDeps);
  const callOutcomes = createQueue(QueueName.CallOutcomes, queueDeps);
  const tokenBackfills = createQueue(QueueName.TokenBackfill, queueDeps);
  const queues = [swapBatches, notify, maintenance, walletScoring, callOutcomes, tokenBackfills];
  const clock = o.clock ?? Date.now;
  const callStore = new CallStore(o.db.sql);
  const repostWindowMs = o.signals?.repostWindowMs ?? 24 * 3_600_000;
  const callAlerts = createCallAlerts({ sql: o.db.sql, store: callStore, notifyQueue: notify, windowMs: o.callClusterWindowMs ?? DEFAULT_CALL_CLUSTER_WINDOW_MS, logger: log });
  for (const q of queues) q.on("error", (err) => log.error({ err, queue: q.name }, "queue error"));

  const metrics = new Metrics();
  metrics.gauge("pumpspace_queue_jobs", "Jobs per queue and state", ["queue", "state"], async (g) => {
    for (const q of queues) {
      const counts = await q.getJobCounts("wait", "active", "delayed", "failed", "prioritized");
      for (const [state, n] of Object.entries(counts)) g.set({ queue: q.name, state }, n);
    }
  });
  const buffered = o.datasource as { bufferDepth?: number } | undefined;
  if (buffered && "bufferDepth" in buffered) {
    metrics.gauge("pumpspace_ingest_buffer_depth", "Transactions received and not yet decoded", [], (g) =>
      g.set(buffered.bufferDepth ?? 0),
    );
  }

  const abort = new AbortController();
  const specs: WorkerSpec[] = [];
  let scoringLanes: IncrementalLanes | undefined;
  let statsRedis: ReturnType<typeof createRedis> | undefined;
  let tokenStats: TokenStatsStore | undefined;
  let statsSweeper: NodeJS.Timeout | undefined;
  if (o.roles.has("pipeline") && o.tokenStats !== false) {
    const ts = o.tokenStats ?? {};
    // Its own connection, failing fast: a stats update that cannot reach Redis fails the job,
    // and BullMQ retries it (the update is guarded per job, so it lands once).
    statsRedis = createRedis(o.redisUrl, "producer");
    statsRedis.on("error", () => {});
    tokenStats = new TokenStatsStore({
      redis: statsRedis,
      prefix: o.queuePrefix,
      sql: o.db.sql,
      ...(ts.keyTtlSec ? { keyTtlSec: ts.keyTtlSec } : {}),
      ...(ts.markerTtlSec ? { markerTtlSec: ts.markerTtlSec } : {}),
    });
    const store = tokenStats;
    const idle = ts.idleTtlSec ?? 3600;
    const sweep = async () => {
      try {
        await runTokenStatsSweep(store, idle, log);
      } catch (err) {
        log.warn({ err: (err as Error).message }, "token stats sweep failed; will try again");
      }
    };
    statsSweeper = setInterval(() => void sweep(), ts.sweepEveryMs ?? 60_000);
  }
  if (o.roles.has("pipeline")) {
    const partitions = new SwapPartitions(o.db.sql);
    const changed = changedWallets(producer, o.queuePrefix);
    // Stats first, so the rules stage sees a token's market cap including this batch's trades.
    const consumers = [
      ...(tokenStats ? [createTokenStatsConsumer(tokenStats)] : []),
      ...(o.rules === false
        ? []
        : [
            createRulesConsumer({
              sql: o.db.sql,
              notifyQueue: notify,
              logger: log,
              profiles: walletProfileReader(o.db.sql),
              ...(tokenStats ? { tokenStats: tokenStats.reader() } : {}),
              tokenFacts: boundedFacts(o.tokenFactsRpcUrl, o.db, log),
              onPatternAlerts: callAlerts.onPatternAlerts,
              ...o.rules,
            }),
          ]),
      // Labels before scoring's consumer, so the rescore it triggers sees them.
      tokenLabelsConsumer(o.db.sql, changed),
      walletScoringConsumer(o.db.sql, changed),
      // PumpSpace's own alert rules get calls and outcome checks like channels do.
      new RuleCallConsumer({
        sql: o.db.sql,
        store: callStore,
        recorder: new CallRecorder({ store: callStore, outcomes: callOutcomes, clock, repostWindowMs, logger: log }),
        repostWindowMs,
      }),
    ];
    specs.push({
      name: QueueName.SwapBatches,
      processor: createSwapBatchProcessor({
        sql: o.db.sql,
        partitions,
        notifyQueue: notify,
        logger: log,
        metrics,
        consumers,
        // With the rules stage on, tracked wallets' alerts come from it, under each chat's filter.
        walletAlertsByConsumer: o.rules !== false,
      }),
      // The stages behind the store (the ingest role stored the batch already): four batches in
      // flight overlap one batch's Postgres and Redis waits with another's CPU work.
      concurrency: 4,
      // Batches take ~100 ms and are idempotent: recover a stalled one within seconds.
      lockDurationMs: 10_000,
      stalledIntervalMs: 5_000,
    });
    if (o.tokenBackfill) {
      const tb = o.tokenBackfill;
      specs.push({
        name: QueueName.TokenBackfill,
        processor: createTokenBackfillProcessor({
          db: o.db,
          swapBatches,
          rpcUrl: tb.rpcUrl,
          logger: log.child({ component: "token-backfill" }),
          solUsdFallback: o.solUsdFallback,
          batchSize: o.batchSize,
          pages: tb.pages ?? 2,
          requestsPerSecond: tb.requestsPerSecond ?? 10,
          ...(tb.tuning ? { tuning: tb.tuning } : {}),
          signal: abort.signal,
        }),
        // Each run holds an RPC budget of its own: a few at once, not one per asking chat.
        concurrency: tb.concurrency ?? 2,
        lockDurationMs: 60_000,
      });
    }
    // The incremental runs' threads live as long as this process (a run every few seconds).
    scoringLanes = o.scoringThreads && o.scoringThreads.count > 1 ? new IncrementalLanes(o.scoringThreads.databaseUrl, o.scoringThreads.count) : undefined;
    specs.push({
      name: QueueName.WalletScoring,
      processor: createWalletScoringProcessor({
        sql: o.db.sql,
        changed,
        logger: log,
        ...(o.scoringThreads ? { fullRescoreThreads: o.scoringThreads } : {}),
        ...(scoringLanes ? { lanes: scoringLanes } : {}),
      }),
      // A full rescore runs for a minute or more: keep its lock alive without tripping stalls.
      lockDurationMs: 120_000,
    });
    await walletScoring.upsertJobScheduler(
      "wallet-scoring-incremental",
      { every: SCORING_EVERY_MS },
      { name: "wallet-scoring-incremental", data: { mode: "incremental" } satisfies WalletScoringPayload },
    );
    await walletScoring.upsertJobScheduler(
      "wallet-scoring-full",
      { pattern: FULL_RESCORE_SCHEDULE },
      { name: "wallet-scoring-full", data: { mode: "full" } satisfies WalletScoringPayload },
    );
    const retentionDays = o.retentionDays ?? 30;
    // One client per process: its token bucket is the funder lookups' request rate.
    const funderRpc = o.funders ? new JsonRpcClient({ url: o.funders.rpcUrl, requestsPerSecond: o.funders.requestsPerSecond ?? 2 }) : null;
    specs.push({
      name: QueueName.Maintenance,
      processor: async (job) => {
        const { task } = maintenancePayload.parse(job.data);
        if (task === "swap-retention") return runSwapRetention(o.db.sql, retentionDays);
        if (task === "slot-gaps") {
          // Another process registered the job; failing hands it back (with backoff) rather than
          // swallowing it here. Every pipeline process should get the same SOLANA_RPC_URL.
          if (!o.slotGaps) throw new Error("slot-gaps job reached a process without SOLANA_RPC_URL");
          return runSlotGapFill(
            {
              sql: o.db.sql,
              queue: swapBatches,
              notify,
              logger: log,
              solUsdFallback: o.solUsdFallback,
              batchSize: o.batchSize,
              batchMaxWaitMs: Math.max(o.batchMaxWaitMs, 200),
              signal: abort.signal,
            },
            o.slotGaps,
          ).then((r) => ({ counts: r.counts, ...(r.skipped ? { skipped: r.skipped } : {}) }));
        }
        if (task === "wallet-funders") {
          if (!funderRpc || !o.funders) throw new Error("wallet-funders job reached a process without SOLANA_RPC_URL");
          return { counts: await runFunderLookups({ sql: o.db.sql, rpc: funderRpc, changed, signal: abort.signal }, o.funders) };
        }
      },
      // A long gap fill must not hold retention up.
      concurrency: 2,
    });
    if (o.funders) {
      await maintenance.upsertJobScheduler(
        "wallet-funders",
        { every: o.funders.everyMs ?? FUNDERS_EVERY_MS },
        { name: "wallet-funders", data: { task: "wallet-funders" } satisfies MaintenancePayload },
      );
    }
    if (o.slotGaps) {
      // `every` rather than cron: firing at registration is wanted here (see SLOT_GAPS_EVERY_MS).
      await maintenance.upsertJobScheduler(
        "slot-gaps",
        { every: o.slotGaps.everyMs ?? SLOT_GAPS_EVERY_MS },
        { name: "slot-gaps", data: { task: "slot-gaps" } satisfies MaintenancePayload },
      );
    }
    // A job scheduler fires once per tick across every process that registers it. A cron
    // pattern rather than `every`: an `every` scheduler also fires the moment it is registered,
    // which would prune a replay's older partitions while the replay is still being stored.
    await maintenance.upsertJobScheduler(
      "swap-retention",
      { pattern: RETENTION_SCHEDULE },
      { name: "swap-retention", data: { task: "swap-retention" } satisfies MaintenancePayload },
    );
  }
  let pause: ((ms: number) => Promise<void>) | undefined;
  if (o.roles.has("notifier")) {
    const tokens = o.apis?.length ? o.apis.length : 1;
    // Telegram's own limits: ~1 message/s in a chat, 20/min in a group, the configured rate per bot.
    const pacer =
      o.pacing === false
        ? undefined
        : new SendPacer(producer, o.queuePrefix, {
            chatIntervalMs: 1000,
            groupIntervalMs: 3000,
            maxInlineWaitMs: 1000,
            ...o.pacing,
            tokenRatePerSecond: o.notifyRatePerSecond,
          });
    specs.push({
      name: QueueName.Notify,
      processor: createNotifyProcessor({
        sql: o.db.sql,
        api: o.api,
        ...(o.apis?.length ? { apis: o.apis } : {}),
        i18n: o.i18n,
        logger: log,
        pauseQueue: (ms) => pause?.(ms) ?? Promise.resolve(),
        metrics,
        ...(pacer ? { pacer } : {}),
        finishAlerts: alertFinisher(producer, o.queuePrefix),
        enqueueOwnJobs: ownJobEnqueuer(notify),
        sendConcurrency: o.notifyConcurrency,
        ...(pacer ? {} : { unpacedRatePerSecond: o.notifyRatePerSecond * tokens }),
        ...(o.paidBroadcast ? { paidBroadcast: true } : {}),
      }),
      concurrency: o.notifyConcurrency,
      // The pacer keeps each bot within its rate (deferred jobs must not use up a queue-wide
      // limiter); without it, BullMQ's limiter is the only brake.
      ...(pacer ? {} : { limiter: { max: o.notifyRatePerSecond * tokens, duration: 1000 } }),
    });
  }
  if (o.roles.has("pipeline") || o.roles.has("signals")) {
    specs.push({
      name: QueueName.CallOutcomes,
      processor: createCallOutcomeProcessor({ store: callStore, clock, logger: log }),
      concurrency: 4,
    });
  }
  const workers = registerWorkers(specs, { connection: consumer, prefix: o.queuePrefix, logger: log });
  const notifyWorker = workers.workers.get(QueueName.Notify);
  if (notifyWorker) pause = (ms) => notifyWorker.rateLimit(ms);

  let sweeper: NodeJS.Timeout | undefined;
  if (o.roles.has("notifier")) {
    const every = o.sweepEveryMs ?? 15_000;
    const sweep = async () => {
      try {
        // Ids only: most of these still have their job (a long backlog), and re-ranking them would
        // count them twice in their chat's backlog; a truly lost one is sent ahead of the ranked.
        // Alerts a bundle still carries are left to it (a second job could send one twice).
        const stale = await stalePendingAlerts(o.db.sql, every);
        const carried = await alertsInLiveBundles(notify, stale);
        await enqueueAlerts(notify, stale.filter((id) => !carried.has(id)));
      } catch (err) {
        log.warn({ err: (err as Error).message }, "pending-alert sweep failed; will try again");
      }
    };
    sweeper = setInterval(() => void sweep(), every);
    void sweep();
  }

  let ingestDone: Promise<IngestCounts | null> = Promise.resolve(null);
  if (o.roles.has("ingest") && o.datasource) {
    const ds = o.datasource;
    const runs = new JobRuns(o.db.sql);
    ingestDone = runs
      .record(`ingest:${ds.name}`, async () => {
        const counts = await runIngest(
          ds,
          {
            queue: swapBatches,
            sql: o.db.sql,
            logger: log,
            solUsd: new SolUsdPrice(o.solUsdFallback),
            batchSize: o.batchSize,
            maxWaitMs: o.batchMaxWaitMs,
            metrics,
            // The live stream resumes from its slot cursor; a replay starts over, and an RPC
            // backfill keeps a signature cursor of its own (moved through handedOff).
            ...(ds.source === "grpc" ? { cursor: slotCursor(o.db.sql, ds.name) } : {}),
            ...(o.onIngestProgress ? { onProgress: o.onIngestProgress } : {}),
            ...(o.onHandedOff ? { onHandedOff: o.onHandedOff } : {}),
            ...(o.ingestInFlight ? { maxInFlight: o.ingestInFlight } : {}),
          },
          abort.signal,
        );
        return { counts };
      })
      .then((r) => r.counts);
  }

  let signals: SignalsService | undefined;
  let backfillClient: TokenBackfillClient | undefined;
  if (o.roles.has("signals")) {
    if (!o.channelClient) throw new Error("the signals role needs a channel client (TELEGRAM_API_ID, TELEGRAM_API_HASH, TELEGRAM_SESSION)");
    const settings = o.signals ?? { pollMs: 30_000, join: false, repostWindowMs: 24 * 3_600_000 };
    let backfill: ((mint: string) => Promise<void>) | undefined;
    if (o.tokenBackfill) {
      const client = new TokenBackfillClient({ redisUrl: o.redisUrl, prefix: o.queuePrefix });
      backfillClient = client;
      const waitMs = o.tokenBackfill.callWaitMs ?? 120_000;
      // A pipeline process runs the job; the call is priced from the swaps it stored.
      backfill = async (mint) => void (await client.run(mint, { timeoutMs: waitMs }));
    }
    const recorder = new CallRecorder({
      store: callStore,
      outcomes: callOutcomes,
      clock,
      repostWindowMs: settings.repostWindowMs,
      logger: log.child({ role: "signals" }),
      onCalls: callAlerts.onCalls,
      ...(backfill ? { backfill } : {}),
    });
    signals = new SignalsService({ client: o.channelClient, store: callStore, recorder, logger: log.child({ role: "signals" }), pollMs: settings.pollMs, join: settings.join });
    await signals.start();
  }

  const server =
    o.metricsPort === undefined
      ? undefined
      : await startMetricsServer(metrics, o.metricsPort, async () => {
          const failing: string[] = [];
          await o.db.sql.query("SELECT 1").catch(() => failing.push("postgres"));
          await Promise.race([producer.ping(), new Promise((_, no) => setTimeout(no, 1000))]).catch(() =>
            failing.push("redis"),
          );
          return failing;
        });

  return {
    swapBatches,
    notify,
    metrics,
    ...(server ? { metricsPort: server.port } : {}),
    ...(tokenStats ? { tokenStats } : {}),
    ingestDone,
    ...(signals ? { signals } : {}),
    async stop() {
      abort.abort();
      await signals?.stop();
      await backfillClient?.close();
      await server?.close();
      if (sweeper) clearInterval(sweeper);
      if (statsSweeper) clearInterval(statsSweeper);
      await ingestDone.catch(() => null);
      await workers.close();
      await scoringLanes?.close();
      await Promise.all(queues.map((q) => q.close()));
      producer.disconnect();
      consumer.disconnect();
      statsRedis?.disconnect();
    },
  };
}

/** How long a swap batch waits for a token's facts before its filters treat them as unknown. */
const FACTS_WAIT_MS = 250;

/**
 * Token facts for the rules stage: from the Postgres cache, fetched over RPC on a miss, but never
 * holding a batch longer than FACTS_WAIT_MS. A slow fetch goes on in the background and fills the
 * cache for the token's next trades; meanwhile risk and market-cap filters fail closed.
 */
function boundedFacts(rpcUrl: string | undefined, db: Database, log: Logger): TokenFactsReader {
  const repo = new TokenFactsRepository({
    sql: db.sql,
    rpc: rpcUrl ? new JsonRpcClient({ url: rpcUrl }) : null,
    logger: log.child({ component: "token-facts" }),
  });
  return async (mint) => {
    const pending = repo.read(mint).catch(() => null);
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<null>((resolve) => {
      timer = setTimeout(() => resolve(null), FACTS_WAIT_MS);
    });
    try {
      return await Promise.race([pending, late]);
    } finally {
      clearTimeout(timer);
    }
  };
}
