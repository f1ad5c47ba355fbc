/**
 * Worker process entry: `npm run start:workers`. WORKER_ROLES picks the roles (ingest, pipeline,
 * notifier); the datasource is a replay when REPLAY_PATH is set, else the Yellowstone stream.
 */
import { ConfigError, loadConfig, MISSING_BOT_TOKEN, workersSchema, type WorkersConfig } from "../core/config.js";
import { connectDatabase, type Database } from "../core/data/db.js";
import { createI18n } from "../core/i18n.js";
import { createLogger, type Logger } from "../core/logger.js";
import { createTelegramApi } from "../core/telegram.js";
import { startWorkers, type Role, type RunningWorkers } from "./app.js";
import type { Datasource } from "./ingest/datasource.js";
import { ReplayDatasource } from "./ingest/replay.js";
import { YellowstoneDatasource } from "./ingest/yellowstone.js";
import { slotCursor } from "../core/data/cursors.js";
import { writeDeadLetters } from "../core/data/job-runs.js";
import { defaultRegistry } from "../core/domain/decoders/index.js";

const ROLES: readonly Role[] = ["ingest", "pipeline", "notifier"];

export function parseRoles(value: string): Set<Role> {
  const roles = new Set<Role>();
  for (const r of value.split(",").map((s) => s.trim()).filter(Boolean)) {
    if (!ROLES.includes(r as Role)) throw new ConfigError(`WORKER_ROLES has an unknown role "${r}"; use ${ROLES.join(", ")}`);
    roles.add(r as Role);
  }
  return roles;
}

function pickDatasource(config: WorkersConfig, logger: Logger, db: Database): Datasource | undefined {
  if (config.REPLAY_PATH) {
    return new ReplayDatasource(config.REPLAY_PATH, { pace: config.REPLAY_PACE, speed: config.REPLAY_SPEED });
  }
  if (config.YELLOWSTONE_ENDPOINT) {
    const name = `grpc:${new URL(config.YELLOWSTONE_ENDPOINT).host}`;
    const cursor = slotCursor(db.sql, name);
    return new YellowstoneDatasource({
      endpoint: config.YELLOWSTONE_ENDPOINT,
      ...(config.YELLOWSTONE_TOKEN ? { xToken: config.YELLOWSTONE_TOKEN } : {}),
      programIds: [...defaultRegistry.keys()],
      commitment: config.YELLOWSTONE_COMMITMENT,
      fromSlot: () => cursor.load(),
      // Kept in dead_letter (source slot-gap) so the missed range is visible and can be backfilled.
      onSlotGap: (fromSlot, reason) =>
        writeDeadLetters(db.sql, [
          { source: "slot-gap", key: `${name}-from-${fromSlot}`, reason, payload: { datasource: name, fromSlot, at: new Date().toISOString() } },
        ]),
      logger,
      name,
    });
  }
  return undefined;
}

/** BOT_TOKEN plus BOT_TOKENS (deduplicated), one client each, when there is more than one. */
function notifierTokens(config: WorkersConfig): { apis?: ReturnType<typeof createTelegramApi>[] } {
  const tokens = [...new Set([config.BOT_TOKEN, ...config.BOT_TOKENS].filter((t): t is string => Boolean(t)))];
  if (tokens.length <= 1) return {};
  return { apis: tokens.map((t) => createTelegramApi(t, { apiRoot: config.BOT_API_ROOT })) };
}

export async function runWorkersProcess(config: WorkersConfig, logger: Logger, db: Database): Promise<RunningWorkers> {
  const roles = parseRoles(config.WORKER_ROLES);
  if (roles.has("notifier") && !config.BOT_TOKEN) throw new ConfigError(MISSING_BOT_TOKEN);
  const datasource = roles.has("ingest") ? pickDatasource(config, logger, db) : undefined;
  if (roles.has("ingest") && !datasource) logger.warn("ingest role without a datasource: set REPLAY_PATH or YELLOWSTONE_ENDPOINT");
  return startWorkers({
    roles,
    db,
    redisUrl: config.REDIS_URL,
    queuePrefix: config.QUEUE_PREFIX,
    logger,
    // Without the notifier role nothing is sent; the client is never called.
    api: createTelegramApi(config.BOT_TOKEN ?? "0:no-token", { apiRoot: config.BOT_API_ROOT }),
    i18n: createI18n(),
    ...(datasource ? { datasource } : {}),
    solUsdFallback: config.SOL_USD_FALLBACK,
    batchSize: config.SWAP_BATCH_SIZE,
    batchMaxWaitMs: config.SWAP_BATCH_MAX_WAIT_MS,
    notifyConcurrency: config.NOTIFY_CONCURRENCY,
    retentionDays: config.SWAP_RETENTION_DAYS,
    ...(config.METRICS_PORT ? { metricsPort: config.METRICS_PORT } : {}),
    notifyRatePerSecond: config.NOTIFY_RATE_PER_SECOND,
    ...notifierTokens(config),
    ...(config.NOTIFY_PAID_BROADCAST ? { paidBroadcast: true } : {}),
  });
}

async function main(): Promise<void> {
  let config: WorkersConfig;
  try {
    config = loadConfig(workersSchema);
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(1);
    }
    throw err;
  }
  const logger = createLogger(config.LOG_LEVEL, "workers");
  const db = await connectDatabase(config.DATABASE_URL);
  let running: RunningWorkers;
  try {
    running = await runWorkersProcess(config, logger, db);
  } catch (err) {
    await db.close();
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(1);
    }
    throw err;
  }
  logger.info({ roles: config.WORKER_ROLES }, "workers started");
  const shutdown = async (signal: string) => {
    logger.info({ signal }, "stopping workers");
    await running.stop();
    await db.close();
    process.exit(0);
  };
  process.once("SIGINT", () => void shutdown("SIGINT"));
  process.once("SIGTERM", () => void shutdown("SIGTERM"));
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
