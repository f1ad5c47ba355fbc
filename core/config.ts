/**
 * Configuration, validated once at start. Each process parses the shared base plus its own part;
 * a bad or missing value fails with one sentence naming the variable, never a stack of zod output.
 */
import { z } from "zod";

const intFromEnv = (def: number) => z.coerce.number().int().positive().default(def);

export const baseSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  DATABASE_URL: z.string().url().default("postgresql://postgres@127.0.0.1:5432/test"),
  REDIS_URL: z.string().url().default("redis://127.0.0.1:6379"),
  /** Prefix of every BullMQ queue and Redis key, so several deployments can share one Redis. */
  QUEUE_PREFIX: z.string().regex(/^[A-Za-z0-9_-]+$/).default("pumpspace"),
});

export const botSchema = baseSchema.extend({
  BOT_TOKEN: z.string().regex(/^\d+:[A-Za-z0-9_-]{20,}$/, "BOT_TOKEN does not look like a bot token from @BotFather"),
  /** Bot API server root; set it for a local Bot API server or an emulator. */
  BOT_API_ROOT: z.string().url().default("https://api.telegram.org"),
  /** The one chat that may change global settings. */
  ADMIN_CHAT_ID: z.coerce.number().int().optional(),
  WALLET_LIMIT_PER_CHAT: intFromEnv(100),
  /** Render worker threads for charts and cards (drawing never runs on the bot's event loop). */
  RENDER_WORKERS: z.coerce.number().int().min(1).max(16).default(2),
});

export const workersSchema = baseSchema.extend({
  /** Needed only by the notifier role (the others never talk to Telegram). */
  BOT_TOKEN: botSchema.shape.BOT_TOKEN.optional(),
  BOT_API_ROOT: botSchema.shape.BOT_API_ROOT,
  /** Which worker roles this process runs: ingest, pipeline, notifier (comma separated). */
  WORKER_ROLES: z.string().default("ingest,pipeline,notifier"),
  /** A file or folder of recorded transactions to replay instead of a live stream. */
  REPLAY_PATH: z.string().optional(),
  REPLAY_PACE: z.enum(["full", "recorded"]).default("full"),
  REPLAY_SPEED: z.coerce.number().positive().default(1),
  YELLOWSTONE_ENDPOINT: z.string().url().optional(),
  YELLOWSTONE_TOKEN: z.string().optional(),
  YELLOWSTONE_COMMITMENT: z.enum(["processed", "confirmed", "finalized"]).default("confirmed"),
  SOLANA_RPC_URL: z.string().url().optional(),
  /** SOL price in USD used when the stream has not priced SOL yet (replays, cold start). */
  SOL_USD_FALLBACK: z.coerce.number().positive().default(150),
  /** Swaps per batch on the hot path, and the longest a partial batch waits. */
  SWAP_BATCH_SIZE: intFromEnv(500),
  SWAP_BATCH_MAX_WAIT_MS: intFromEnv(50),
  SWAP_RETENTION_DAYS: intFromEnv(30),
  /** Port of /metrics (Prometheus) and /health; 0 turns them off. */
  METRICS_PORT: z.coerce.number().int().min(0).max(65535).default(9464),
  NOTIFY_CONCURRENCY: intFromEnv(8),
  /** Telegram allows about 30 messages per second per bot in bulk. */
  NOTIFY_RATE_PER_SECOND: intFromEnv(25),
});

export type BaseConfig = z.infer<typeof baseSchema>;
export type BotConfig = z.infer<typeof botSchema>;
export type WorkersConfig = z.infer<typeof workersSchema>;

export class ConfigError extends Error {
  override name = "ConfigError";
}

/** The one sentence a missing BOT_TOKEN gets, wherever it is found missing. */
export const MISSING_BOT_TOKEN =
  "BOT_TOKEN is not set: get one from @BotFather and put it in the environment, or run `npm run demo` to see PumpSpace work offline without one.";

const hints: Record<string, string> = { BOT_TOKEN: MISSING_BOT_TOKEN };

/** Parses `env` with `schema`; throws a ConfigError whose message is one readable sentence. */
export function loadConfig<S extends z.ZodType>(schema: S, env: NodeJS.ProcessEnv = process.env): z.infer<S> {
  const result = schema.safeParse(env);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const key = String(issue?.path[0] ?? "");
  const missing = issue !== undefined && env[key] === undefined;
  const detail = issue?.message ?? "is invalid";
  const message =
    (missing && hints[key]) || `Invalid configuration: ${detail.startsWith(key) ? detail : `${key} ${detail}`}`;
  throw new ConfigError(message, { cause: result.error });
}
