/**
 * `npm start`: the bot and every worker role in one process, for small setups. Same config as
 * the separate processes; a missing BOT_TOKEN stops it with one sentence.
 */
import { ChatRepository } from "../core/data/chat-repository.js";
import { connectDatabase } from "../core/data/db.js";
import { botSchema, ConfigError, loadConfig, workersSchema } from "../core/config.js";
import { createI18n } from "../core/i18n.js";
import { createLogger } from "../core/logger.js";
import type { BotContext } from "../bot/bot.js";
import { startBot } from "../bot/main.js";
import { RenderedImageStore } from "../core/data/rendered-images.js";
import { RenderPool } from "../core/render/pool.js";
import { runWorkersProcess } from "../workers/main.js";

let config;
try {
  config = loadConfig(workersSchema.merge(botSchema));
} catch (err) {
  if (!(err instanceof ConfigError)) throw err;
  console.error(err.message);
  process.exit(1);
}
const logger = createLogger(config.LOG_LEVEL);
const db = await connectDatabase(config.DATABASE_URL);
const workers = await runWorkersProcess(config, logger.child({ process: "workers" }), db);
const renderPool = new RenderPool({ size: config.RENDER_WORKERS });
const bot = await startBot(
  config,
  {
    chats: new ChatRepository(db.prisma),
    config: { walletLimit: config.WALLET_LIMIT_PER_CHAT },
    logger: logger.child({ process: "bot" }),
    i18n: createI18n<BotContext>(),
    pictures: { sql: db.sql, images: new RenderedImageStore(db.sql), renderer: renderPool },
  },
  { onFatal: () => void shutdown("polling stopped", 1) },
);
logger.info("PumpSpace is running (bot and workers in one process)");

let stopping = false;
async function shutdown(reason: string, code: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  logger.info({ reason }, "stopping");
  setTimeout(() => process.exit(code || 1), 10_000).unref();
  await bot.stop().catch(() => {});
  await workers.stop().catch(() => {});
  await renderPool.close().catch(() => {});
  await db.close().catch(() => {});
  process.exit(code);
}
process.once("SIGINT", () => void shutdown("SIGINT", 0));
process.once("SIGTERM", () => void shutdown("SIGTERM", 0));
