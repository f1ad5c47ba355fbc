// The worker roles as the integration tests start them: silent logs, a Telegram client that is
// never reached unless a test passes its own, small batches, the test's own Redis prefix.
import { Api } from "grammy";
import type { Database } from "../../core/data/db.js";
import { createI18n } from "../../core/i18n.js";
import { createLogger } from "../../core/logger.js";
import { startWorkers, type Role, type RunningWorkers, type WorkersOptions } from "../../workers/app.js";
import type { TestRedis } from "./redis.js";

export function startTestWorkers(
  roles: Role[],
  env: { db: Database; redis: TestRedis },
  overrides: Partial<WorkersOptions> = {},
): Promise<RunningWorkers> {
  return startWorkers({
    roles: new Set(roles),
    db: env.db,
    redisUrl: env.redis.url,
    queuePrefix: env.redis.prefix,
    logger: createLogger("silent"),
    api: new Api("1:unused", { apiRoot: "http://127.0.0.1:9" }),
    i18n: createI18n(),
    solUsdFallback: 150,
    batchSize: 10,
    batchMaxWaitMs: 10,
    notifyConcurrency: 1,
    notifyRatePerSecond: 10,
    sweepEveryMs: 60_000,
    ...overrides,
  });
}
