/**
 * Redis connections and queues. Workers need `maxRetriesPerRequest: null` (BullMQ blocks on Redis
 * and must not give up during a Redis restart); producers fail fast instead so the caller can keep
 * the work (an outbox row) and retry later.
 */
import { Queue, type QueueOptions } from "bullmq";
import { Redis, type RedisOptions } from "ioredis";
import { defaultJobOptions, type QueueName } from "./contract.js";

export function createRedis(url: string, role: "worker" | "producer", extra: RedisOptions = {}): Redis {
  return new Redis(url, {
    maxRetriesPerRequest: role === "worker" ? null : 2,
    enableOfflineQueue: role === "worker",
    lazyConnect: false,
    // A reply lost with a dropped connection would leave its caller waiting forever (a job that
    // finished but never leaves "active", its lock renewed for good). Longer than any blocking
    // call BullMQ makes (its drain delay is 5 s), so only a lost reply trips it.
    commandTimeout: 30_000,
    ...extra,
  });
}

export interface QueueDeps {
  connection: Redis;
  prefix: string;
}

export function createQueue(name: QueueName, deps: QueueDeps, opts: Partial<QueueOptions> = {}): Queue {
  return new Queue(name, {
    connection: deps.connection,
    prefix: deps.prefix,
    defaultJobOptions: { removeOnComplete: { age: 3600, count: 10_000 }, ...defaultJobOptions[name] },
    ...opts,
  });
}
