/**
 * Wires the worker roles into one process: ingest (a datasource feeding swap batches), pipeline
 * (storing batches and creating alerts) and notifier (sending alerts to Telegram). Each role can
 * run alone (more processes on the same queues scale out) or all together.
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
import { enqueueAlerts } from "../core/queues/producers.js";
import { registerWorkers, type WorkerSpec } from "../core/queues/workers.js";
import type { Datasource } from "./ingest/datasource.js";
import { runIngest, type IngestCounts } from "./ingest/ingest.js";
import { backlogReleaser, createNotifyProcessor } from "./processors/notify.js";
import { createSwapBatchProcessor } from "./processors/swap-batches.js";
import { runSwapRetention } from "./periodic/retention.js";

export type Role = "ingest" | "pipeline" | "notifier";

/** Hourly, at minute 17 (off the hour, when everyone else's cron runs). */
export const RETENTION_SCHEDULE = "17 * * * *";

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
  /** Serve /metrics and /health on this port (0: any free port); off when undefined. */
  metricsPort?: number;
  onIngestProgress?: (c: Readonly<IngestCounts>) => void;
}

export interface RunningWorkers {
  swapBatches: Queue;
  notify: Queue;
  metrics: Metrics;
  /** The port /metrics and /health listen on, when enabled. */
  metricsPort?: number;
  /** Resolves when the datasource is exhausted (replays); never for a live stream. */
  ingestDone: Promise<IngestCounts | null>;
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
  const queues = [swapBatches, notify, maintenance];
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

  const specs: WorkerSpec[] = [];
  if (o.roles.has("pipeline")) {
    const partitions = new SwapPartitions(o.db.sql);
    specs.push({
      name: QueueName.SwapBatches,
      processor: createSwapBatchProcessor({ sql: o.db.sql, partitions, notifyQueue: notify, logger: log, metrics }),
      concurrency: 2,
      // Batches take ~100 ms and are idempotent: recover a stalled one within seconds.
      lockDurationMs: 10_000,
      stalledIntervalMs: 5_000,
    });
    const retentionDays = o.retentionDays ?? 30;
    specs.push({
      name: QueueName.Maintenance,
      processor: async (job) => {
        const { task } = maintenancePayload.parse(job.data);
        if (task === "swap-retention") return runSwapRetention(o.db.sql, retentionDays);
      },
    });
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
        releaseRank: backlogReleaser(producer, o.queuePrefix),
        ...(o.paidBroadcast ? { paidBroadcast: true } : {}),
      }),
      concurrency: o.notifyConcurrency,
      // The pacer keeps each bot within its rate (deferred jobs must not use up a queue-wide
      // limiter); without it, BullMQ's limiter is the only brake.
      ...(pacer ? {} : { limiter: { max: o.notifyRatePerSecond * tokens, duration: 1000 } }),
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
        await enqueueAlerts(notify, await stalePendingAlerts(o.db.sql, every));
      } catch (err) {
        log.warn({ err: (err as Error).message }, "pending-alert sweep failed; will try again");
      }
    };
    sweeper = setInterval(() => void sweep(), every);
    void sweep();
  }

  const abort = new AbortController();
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
          },
          abort.signal,
        );
        return { counts };
      })
      .then((r) => r.counts);
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
    ingestDone,
    async stop() {
      abort.abort();
      await server?.close();
      if (sweeper) clearInterval(sweeper);
      await ingestDone.catch(() => null);
      await workers.close();
      await Promise.all(queues.map((q) => q.close()));
      producer.disconnect();
      consumer.disconnect();
    },
  };
}
