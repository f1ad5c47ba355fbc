/**
 * `npm start`: the bot and every worker role in one process, for small setups. Same config as
 * the separate processes; a missing BOT_TOKEN stops it with one sentence.
 */
import { connectDatabase } from "../core/data/db.js";
import { botSchema, ConfigError, loadConfig, workersSchema } from "../core/config.js";
import { createLogger } from "../core/logger.js";
import { buildBotDeps, startBot } from "../bot/main.js";
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
const botDeps = buildBotDeps(config, db, logger.child({ process: "bot" }));
const bot = await startBot(
  config,
  botDeps.deps,
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
  await botDeps.close();
  await db.close().catch(() => {});
  process.exit(code);
}
process.once("SIGINT", () => void shutdown("SIGINT", 0));
process.once("SIGTERM", () => void shutdown("SIGTERM", 0));
