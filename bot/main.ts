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
import { ChatRepository } from "../core/data/chat-repository.js";
import { connectDatabase, type Database } from "../core/data/db.js";
import { botSchema, ConfigError, loadConfig, type BotConfig } from "../core/config.js";
import { createI18n, SUPPORTED_LOCALES, type I18n } from "../core/i18n.js";
import { createLogger } from "../core/logger.js";
import { RenderedImageStore } from "../core/data/rendered-images.js";
import { RenderPool } from "../core/render/pool.js";
import { createBot, type BotContext, type BotDeps } from "./bot.js";

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

const COMMANDS = ["start", "help", "track", "untrack", "list", "lang", "chart"] as const;

/** Registers the "/" menu in each language (the default list is English). */
async function setCommands(bot: Bot<BotContext>, i18n: I18n<BotContext>): Promise<void> {
  for (const locale of SUPPORTED_LOCALES) {
    const commands = COMMANDS.map((command) => ({ command, description: i18n.t(locale, `command-${command}`) }));
    await bot.api.setMyCommands(commands, locale === "en" ? {} : { language_code: locale });
  }
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
  let renderPool: RenderPool | undefined;
  let stopping = false;
  const shutdown = async (reason: string, code: number): Promise<void> => {
    if (stopping) return;
    stopping = true;
    logger.info({ reason }, "stopping");
    // Past this, something hangs: leave anyway so the supervisor can restart us.
    setTimeout(() => process.exit(code || 1), 10_000).unref();
    await running?.stop().catch((err: unknown) => logger.error({ err }, "runner did not stop cleanly"));
    await renderPool?.close().catch((err: unknown) => logger.error({ err }, "render workers did not stop cleanly"));
    await db?.close().catch((err: unknown) => logger.error({ err }, "database did not close cleanly"));
    process.exit(code);
  };
  process.once("SIGINT", () => void shutdown("SIGINT", 0));
  process.once("SIGTERM", () => void shutdown("SIGTERM", 0));

  try {
    db = await connectDatabase(config.DATABASE_URL);
    const i18n = createI18n<BotContext>();
    renderPool = new RenderPool({ size: config.RENDER_WORKERS });
    const pictures = { sql: db.sql, images: new RenderedImageStore(db.sql), renderer: renderPool };
    running = await startBot(
      config,
      { chats: new ChatRepository(db.prisma), config: { walletLimit: config.WALLET_LIMIT_PER_CHAT }, logger, i18n, pictures },
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
