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
import { slotGapHooks } from "../core/data/slot-gaps.js";
import { defaultRegistry } from "../core/domain/decoders/index.js";
import { GramJsChannelClient } from "./signals/channel-client.js";

const ROLES: readonly Role[] = ["ingest", "pipeline", "notifier", "signals"];

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
      // Kept in dead_letter (source slot-gap) so the missed range is visible and backfilled over
      // RPC (workers/periodic/slot-gaps.ts); its end is added when the stream delivers again.
      ...slotGapHooks(db.sql, name),
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
  let channelClient: GramJsChannelClient | undefined;
  if (roles.has("signals")) {
    if (!config.TELEGRAM_API_ID || !config.TELEGRAM_API_HASH || !config.TELEGRAM_SESSION) {
      throw new ConfigError(
        "the signals role needs TELEGRAM_API_ID and TELEGRAM_API_HASH (from my.telegram.org) and TELEGRAM_SESSION (run `npm run -s userbot:login`)",
      );
    }
    channelClient = new GramJsChannelClient({ apiId: config.TELEGRAM_API_ID, apiHash: config.TELEGRAM_API_HASH, session: config.TELEGRAM_SESSION });
    await channelClient.connect();
  }
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
    // Threads open their own connections: only against a Postgres server (not the embedded demo).
    ...(db.kind === "postgres" && config.SCORING_THREADS > 1
      ? { scoringThreads: { count: config.SCORING_THREADS, databaseUrl: config.DATABASE_URL } }
      : {}),
    ...(config.SOLANA_RPC_URL ? { tokenFactsRpcUrl: config.SOLANA_RPC_URL } : {}),
    tokenStats: {
      idleTtlSec: config.TOKEN_STATS_IDLE_TTL,
      keyTtlSec: config.TOKEN_STATS_KEY_TTL,
      markerTtlSec: config.TOKEN_STATS_JOB_MARKER_TTL,
      sweepEveryMs: config.TOKEN_STATS_SWEEP_EVERY * 1000,
    },
    ...(config.METRICS_PORT ? { metricsPort: config.METRICS_PORT } : {}),
    notifyRatePerSecond: config.NOTIFY_RATE_PER_SECOND,
    ...(config.SOLANA_RPC_URL
      ? {
          slotGaps: {
            rpcUrl: config.SOLANA_RPC_URL,
            concurrency: config.SLOT_GAP_CONCURRENCY,
            maxSlots: config.SLOT_GAP_MAX_SLOTS,
            requestsPerSecond: config.SLOT_GAP_REQUESTS_PER_SECOND,
            commitment: config.YELLOWSTONE_COMMITMENT === "finalized" ? ("finalized" as const) : ("confirmed" as const),
          },
        }
      : {}),
    ...(config.SOLANA_RPC_URL
      ? {
          tokenBackfill: {
            rpcUrl: config.SOLANA_RPC_URL,
            pages: config.TOKEN_BACKFILL_PAGES,
            concurrency: config.TOKEN_BACKFILL_CONCURRENCY,
            requestsPerSecond: config.TOKEN_BACKFILL_REQUESTS_PER_SECOND,
            callWaitMs: config.TOKEN_BACKFILL_CALL_WAIT_SEC * 1000,
          },
          funders: {
            rpcUrl: config.SOLANA_RPC_URL,
            requestsPerSecond: config.FUNDER_REQUESTS_PER_SECOND,
            maxPages: config.FUNDER_MAX_PAGES,
            batch: config.FUNDER_BATCH,
            everyMs: config.FUNDER_EVERY_SECONDS * 1000,
            ignore: new Set(config.FUNDER_IGNORE.split(",").map((a) => a.trim()).filter(Boolean)),
          },
        }
      : {}),
    ...(channelClient ? { channelClient } : {}),
    signals: {
      pollMs: config.SIGNALS_POLL_SECONDS * 1000,
      join: config.SIGNALS_JOIN,
      repostWindowMs: config.CALL_REPOST_WINDOW_HOURS * 3_600_000,
    },
    callClusterWindowMs: config.CALL_CLUSTER_WINDOW_MINUTES * 60_000,
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
