/**
 * The bot process: config, database, bot, long polling with @grammyjs/runner, clean shutdown.
 * `startBot` is exported so an all-in-one process can run the bot next to the workers.
 *
 * Run: `npm run start:bot` (needs BOT_TOKEN and a migrated DATABASE_URL).
 */
import { realpathSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { run, type RunnerHandle } from "@grammyjs/runner";
import { GrammyError, type Bot } from "grammy";
import { ChatMutes } from "../core/data/chat-mutes.js";
import { ChatRepository } from "../core/data/chat-repository.js";
import { JsonRpcClient } from "../core/data/json-rpc.js";
import { TokenFactsRepository } from "../core/data/token-facts-repository.js";
import type { TokenStatsReader } from "../core/domain/token-stats.js";
import { WalletCards } from "../core/data/wallet-card.js";
import { TopViews } from "../core/data/top-views.js";
import { TokenBackfillClient } from "../core/queues/token-backfill.js";
import { latestSwapPrices, walletProfileReader } from "../core/data/wallet-scores.js";
import { CallStore } from "../core/data/calls.js";
import { InlineSearch } from "../core/data/inline-search.js";
import { createTokenStatsReader } from "../core/data/token-stats-store.js";
import type { Redis } from "ioredis";
import { collectIngestHealth } from "../core/data/ingest-health.js";
import { SettingsRepository } from "../core/data/settings.js";
import { createQueue, createRedis } from "../core/queues/connection.js";
import { QueueName } from "../core/queues/contract.js";
import { connectDatabase, type Database } from "../core/data/db.js";
import { botSchema, ConfigError, loadConfig, type BotConfig } from "../core/config.js";
import { createI18n, SUPPORTED_LOCALES, type I18n } from "../core/i18n.js";
import { createLogger, type Logger } from "../core/logger.js";
import { RenderedImageStore } from "../core/data/rendered-images.js";
import { RenderPool } from "../core/render/pool.js";
import { walletPnlCardInput } from "../core/data/wallet-card.js";
import { createBot, type BotContext, type BotDeps } from "./bot.js";

/**
 * The bot's dependencies beyond chats: mutes, global settings, and the admin chat with its
 * health view (queue depths read through a producer connection to Redis).
 */
export function botExtraDeps(
  db: Database,
  config: Pick<BotConfig, "ADMIN_CHAT_ID" | "REDIS_URL" | "QUEUE_PREFIX">,
): Pick<BotDeps, "mutes" | "settings" | "admin"> & { close(): Promise<void> } {
  const redis = createRedis(config.REDIS_URL, "producer");
  redis.on("error", () => {});
  const queueDeps = { connection: redis, prefix: config.QUEUE_PREFIX };
  const queues = [
    createQueue(QueueName.SwapBatches, queueDeps),
    createQueue(QueueName.Notify, queueDeps),
    // On-demand backfills (/top, calls) waiting: a backlog here means slow answers.
    createQueue(QueueName.TokenBackfill, queueDeps),
  ];
  return {
    mutes: new ChatMutes(db.sql),
    settings: new SettingsRepository(db.sql),
    admin: { chatId: config.ADMIN_CHAT_ID, health: () => collectIngestHealth(db.sql, queues) },
    async close() {
      await Promise.all(queues.map((q) => q.close()));
      redis.disconnect();
    },
  };
}

export interface RunningBot {
  bot: Bot<BotContext>;
  runner: RunnerHandle;
  /** Stops fetching updates and waits for the fetch loop to end. Safe to call twice. */
  stop(): Promise<void>;
}

export interface StartBotOptions {
  /** Called when polling stops for good (401 wrong token, 409 a second instance is polling). */
  onFatal?: (err: unknown) => void;
}

const COMMANDS = ["start", "help", "track", "untrack", "list", "token", "wallet", "top", "subscribe", "filters", "rules", "callers", "caller", "chart", "lang"] as const;

/** Registers the "/" menu in each language (the default list is English). */
async function setCommands(bot: Bot<BotContext>, i18n: I18n<BotContext>): Promise<void> {
  for (const locale of SUPPORTED_LOCALES) {
    const commands = COMMANDS.map((command) => ({ command, description: i18n.t(locale, `command-${command}`) }));
    await bot.api.setMyCommands(commands, locale === "en" ? {} : { language_code: locale });
  }
}

/**
 * The token card's dependencies: chain facts over SOLANA_RPC_URL cached in Postgres, and the
 * trading stats. Shared by this process and `npm start`.
 *
 * @example createBot(token, { chats, config, logger, i18n, ...tokenCardDeps(config, db, logger) })
 */
export function tokenCardDeps(
  config: Pick<BotConfig, "SOLANA_RPC_URL" | "TOKEN_FACTS_RPS" | "TOKEN_FACTS_TTL_SEC" | "QUEUE_PREFIX">,
  db: Database,
  logger: Logger,
  redis?: Redis,
): Pick<BotDeps, "tokenFacts" | "tokenStats"> {
  const facts = new TokenFactsRepository({
    sql: db.sql,
    rpc: config.SOLANA_RPC_URL ? new JsonRpcClient({ url: config.SOLANA_RPC_URL, requestsPerSecond: config.TOKEN_FACTS_RPS }) : null,
    ttlSec: config.TOKEN_FACTS_TTL_SEC,
    logger: logger.child({ component: "token-facts" }),
  });
  if (!config.SOLANA_RPC_URL) logger.warn("SOLANA_RPC_URL is not set: /token shows cached token facts only");
  // The live windows the pipeline keeps in Redis (idle tokens are read from their Postgres backup).
  const tokenStats: TokenStatsReader = redis
    ? createTokenStatsReader({ redis, prefix: config.QUEUE_PREFIX, sql: db.sql })
    : async () => null;
  return { tokenFacts: (mint) => facts.lookup(mint), tokenStats };
}

/**
 * Everything the bot reads, built once from config; `bot/main.ts` and `scripts/start-all.ts`
 * share it so the two ways of running the bot cannot drift apart. `close()` ends the bot's own
 * Redis connection (the database belongs to the caller).
 */
export function buildBotDeps(config: BotConfig, db: Database, logger: Logger): { deps: BotDeps; close(): Promise<void> } {
  // Reads only, failing fast: a card must answer "unavailable" rather than hang on a Redis outage.
  const redis = createRedis(config.REDIS_URL, "producer");
  redis.on("error", (err: Error) => logger.debug({ err: err.message }, "bot redis error"));
  const { close: closeExtra, ...extraDeps } = botExtraDeps(db, config);
  // Drawing runs in worker threads so the bot's event loop never waits on a chart.
  const renderPool = new RenderPool({ size: config.RENDER_WORKERS });
  const extra = { ...extraDeps, close: closeExtra };
  // /top on a token PumpSpace never saw asks a pipeline process to backfill it over the same RPC.
  const backfills = config.SOLANA_RPC_URL ? new TokenBackfillClient({ redisUrl: config.REDIS_URL, prefix: config.QUEUE_PREFIX }) : undefined;
  const deps: BotDeps = {
    chats: new ChatRepository(db.prisma),
    config: {
      walletLimit: config.WALLET_LIMIT_PER_CHAT,
      callHitMultiple: config.CALL_HIT_MULTIPLE,
      callHitHorizon: config.CALL_HIT_HORIZON,
      ...(config.ADMIN_CHAT_ID !== undefined ? { adminChatId: config.ADMIN_CHAT_ID } : {}),
      inlineFeedback: config.INLINE_FEEDBACK,
    },
    logger,
    i18n: createI18n<BotContext>(),
    ...tokenCardDeps(config, db, logger, redis),
    walletCards: new WalletCards(db.sql, latestSwapPrices(db.sql)),
    top: { views: new TopViews(db.sql), ...(backfills ? { backfills } : {}) },
    calls: new CallStore(db.sql),
    rules: { sql: db.sql, profiles: walletProfileReader(db.sql) },
    inline: new InlineSearch(db.sql),
    pictures: {
      sql: db.sql,
      images: new RenderedImageStore(db.sql),
      renderer: renderPool,
      smartMoney: walletProfileReader(db.sql),
      walletCard: (address) => walletPnlCardInput(db.sql, address),
    },
    ...extraDeps,
  };
  return {
    deps,
    async close() {
      redis.disconnect();
      await backfills?.close();
      await extra.close();
      await renderPool.close().catch((err: unknown) => logger.error({ err }, "render workers did not stop cleanly"));
    },
  };
}

/** What to do about an error that stops polling. */
function hint(err: unknown): string {
  if (err instanceof GrammyError && err.error_code === 401) return "401: BOT_TOKEN is wrong or was revoked";
  if (err instanceof GrammyError && err.error_code === 409) {
    return "409: another process polls with this token (or a webhook is set): run the bot once";
  }
  return "polling stopped";
}

/**
 * Creates the bot, checks the token (getMe), registers the command menus, and starts long
 * polling with the runner.
 *
 * @example
 * const running = await startBot(config, { chats, config: { walletLimit }, logger, i18n });
 * process.once("SIGTERM", () => void running.stop());
 */
export async function startBot(
  config: Pick<BotConfig, "BOT_TOKEN" | "BOT_API_ROOT">,
  deps: BotDeps,
  options: StartBotOptions = {},
): Promise<RunningBot> {
  const bot = createBot(config.BOT_TOKEN, deps, { apiRoot: config.BOT_API_ROOT });
  await bot.init();
  // A webhook left by another deployment makes every getUpdates fail with 409.
  await bot.api.deleteWebhook();
  await setCommands(bot, deps.i18n).catch((err: unknown) =>
    deps.logger.warn({ err }, "could not set the command menus; the bot works without them"),
  );
  const runner = run(bot);
  runner.task()?.catch((err: unknown) => {
    deps.logger.fatal({ err }, hint(err));
    options.onFatal?.(err);
  });
  deps.logger.info({ username: bot.botInfo.username }, "bot is polling");
  return {
    bot,
    runner,
    async stop() {
      if (runner.isRunning()) await runner.stop();
    },
  };
}

async function main(): Promise<void> {
  let config: BotConfig;
  try {
    config = loadConfig(botSchema);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    console.error(err.message);
    process.exitCode = 1;
    return;
  }
  const logger = createLogger(config.LOG_LEVEL, "bot");
  let db: Database | undefined;
  let running: RunningBot | undefined;
  let closeDeps: (() => Promise<void>) | undefined;
  let stopping = false;
  const shutdown = async (reason: string, code: number): Promise<void> => {
    if (stopping) return;
    stopping = true;
    logger.info({ reason }, "stopping");
    // Past this, something hangs: leave anyway so the supervisor can restart us.
    setTimeout(() => process.exit(code || 1), 10_000).unref();
    await running?.stop().catch((err: unknown) => logger.error({ err }, "runner did not stop cleanly"));
    await closeDeps?.();
    await db?.close().catch((err: unknown) => logger.error({ err }, "database did not close cleanly"));
    process.exit(code);
  };
  process.once("SIGINT", () => void shutdown("SIGINT", 0));
  process.once("SIGTERM", () => void shutdown("SIGTERM", 0));

  try {
    db = await connectDatabase(config.DATABASE_URL);
    const i18n = createI18n<BotContext>();
    const built = buildBotDeps(config, db, logger);
    closeDeps = built.close;
    running = await startBot(
      config,
      built.deps,
      { onFatal: () => void shutdown("polling stopped", 1) },
    );
  } catch (err) {
    logger.fatal({ err }, err instanceof GrammyError ? hint(err) : "bot failed to start");
    await shutdown("start failed", 1);
  }
}

const entry = process.argv[1];
if (entry !== undefined && import.meta.url === pathToFileURL(realpathSync(entry)).href) {
  void main();
}
