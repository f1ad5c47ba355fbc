/**
 * The one place every BullMQ worker is created: same connection rules, an 'error' listener on
 * each (an unhandled one crashes the process), failure logging, and one close() for shutdown.
 */
import { Worker, type Job, type Processor, type WorkerOptions } from "bullmq";
import type { Redis } from "ioredis";
import type { Logger } from "../logger.js";
import type { QueueName } from "./contract.js";

export interface WorkerSpec {
  name: QueueName;
  processor: Processor;
  concurrency?: number;
  limiter?: WorkerOptions["limiter"];
  /**
   * How long a job's lock lasts and how often stalled jobs are looked for. A job whose worker
   * lost Redis mid-way stays "active" until the stalled check returns it to the queue, so short
   * idempotent jobs use short values to recover quickly (BullMQ's defaults are 30 s each).
   */
  lockDurationMs?: number;
  stalledIntervalMs?: number;
}

export interface WorkerSet {
  workers: Map<QueueName, Worker>;
  close(): Promise<void>;
}

export function registerWorkers(
  specs: readonly WorkerSpec[],
  deps: { connection: Redis; prefix: string; logger: Logger },
): WorkerSet {
  const workers = new Map<QueueName, Worker>();
  for (const spec of specs) {
    const log = deps.logger.child({ queue: spec.name });
    const worker = new Worker(spec.name, spec.processor, {
      connection: deps.connection,
      prefix: deps.prefix,
      concurrency: spec.concurrency ?? 1,
      ...(spec.limiter ? { limiter: spec.limiter } : {}),
      ...(spec.lockDurationMs ? { lockDuration: spec.lockDurationMs } : {}),
      ...(spec.stalledIntervalMs ? { stalledInterval: spec.stalledIntervalMs } : {}),
      removeOnComplete: { age: 3600, count: 10_000 },
      removeOnFail: { age: 7 * 24 * 3600 },
    });
    worker.on("error", (err) => log.error({ err }, "worker error (Redis connection?)"));
    worker.on("failed", (job: Job | undefined, err: Error) => {
      if (err.name === "RateLimitError") return;
      log.warn({ job: job?.id, attempts: job?.attemptsMade, err: err.message }, "job failed");
    });
    workers.set(spec.name, worker);
  }
  return {
    workers,
    async close() {
      await Promise.all([...workers.values()].map((w) => w.close()));
    },
  };
}
