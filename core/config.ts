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
  /** JSON-RPC endpoint for token facts (/token); without it the card shows trades only. */
  SOLANA_RPC_URL: z.string().url().optional(),
  /** Requests per second the bot's token-facts lookups may send to SOLANA_RPC_URL. */
  TOKEN_FACTS_RPS: z.coerce.number().positive().default(5),
  /** Token facts (supply, authorities, holders) older than this are read again. */
  TOKEN_FACTS_TTL_SEC: intFromEnv(6 * 3600),
  /** Caller leaderboard: a call is a hit when it reaches this multiple within CALL_HIT_HORIZON. */
  CALL_HIT_MULTIPLE: z.coerce.number().gt(1).default(2),
  CALL_HIT_HORIZON: z.enum(["1h", "24h", "3d", "7d"]).default("24h"),
  /** Log which inline results users pick (needs BotFather's /setinlinefeedback). */
  INLINE_FEEDBACK: z.enum(["true", "false"]).default("false").transform((v) => v === "true"),
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
  /** Slot gaps the live stream missed are backfilled over SOLANA_RPC_URL: blocks in flight, */
  SLOT_GAP_CONCURRENCY: intFromEnv(4),
  /** the widest range filled in one run (wider gaps are split into chunks of this many slots), */
  SLOT_GAP_MAX_SLOTS: intFromEnv(10_000),
  /** and JSON-RPC requests per second. */
  SLOT_GAP_REQUESTS_PER_SECOND: z.coerce.number().positive().default(10),
  /** On-demand token backfills (/top on a new token, calls on one) over SOLANA_RPC_URL: pages of */
  TOKEN_BACKFILL_PAGES: intFromEnv(2),
  /** 1000 signatures for a new token, runs at once per pipeline process, requests per second each, */
  TOKEN_BACKFILL_CONCURRENCY: intFromEnv(2),
  TOKEN_BACKFILL_REQUESTS_PER_SECOND: z.coerce.number().positive().default(10),
  /** and how long the signals role waits for one to price a call. */
  TOKEN_BACKFILL_CALL_WAIT_SEC: intFromEnv(120),
  /** Funders of tiered and tracked wallets are looked up over SOLANA_RPC_URL: requests per second, */
  FUNDER_REQUESTS_PER_SECOND: z.coerce.number().positive().default(2),
  /** signature pages read at most per wallet (1,000 each; deeper histories get no funder), */
  FUNDER_MAX_PAGES: intFromEnv(3),
  /** wallets per run (every FUNDER_EVERY_SECONDS), */
  FUNDER_BATCH: intFromEnv(50),
  FUNDER_EVERY_SECONDS: intFromEnv(60),
  /** and addresses never taken as a funder (exchange hot wallets), comma separated. */
  FUNDER_IGNORE: z.string().default(""),
  /** SOL price in USD used when the stream has not priced SOL yet (replays, cold start). */
  SOL_USD_FALLBACK: z.coerce.number().positive().default(150),
  /** Swaps per batch on the hot path, and the longest a partial batch waits. */
  SWAP_BATCH_SIZE: intFromEnv(500),
  SWAP_BATCH_MAX_WAIT_MS: intFromEnv(50),
  SWAP_RETENTION_DAYS: intFromEnv(30),
  /** Worker threads of the nightly full wallet rescore (1: in the worker process itself). */
  SCORING_THREADS: intFromEnv(2),
  /** Port of /metrics (Prometheus) and /health; 0 turns them off. */
  METRICS_PORT: z.coerce.number().int().min(0).max(65535).default(9464),
  NOTIFY_CONCURRENCY: intFromEnv(8),
  /** Telegram allows about 30 messages per second per bot in bulk (up to 1,000 with paid broadcast). */
  NOTIFY_RATE_PER_SECOND: intFromEnv(25),
  /** Seconds without a trade before a token's stats leave Redis for Postgres (restored on its next trade). */
  TOKEN_STATS_IDLE_TTL: intFromEnv(3600),
  /** Redis TTL of a token's stats key, seconds: the safety net if the idle sweeper stops. */
  TOKEN_STATS_KEY_TTL: intFromEnv(86_400),
  /** How long a batch's "stats applied" marker lives, seconds (must outlast the batch's retries). */
  TOKEN_STATS_JOB_MARKER_TTL: intFromEnv(21_600),
  /** How often the idle sweeper runs, seconds. */
  TOKEN_STATS_SWEEP_EVERY: intFromEnv(60),
  /** Signals role (GramJS userbot): app credentials from my.telegram.org and the session string
   * printed by `npm run -s userbot:login`. Secrets: never logged. */
  TELEGRAM_API_ID: z.coerce.number().int().positive().optional(),
  TELEGRAM_API_HASH: z.string().regex(/^[0-9a-f]{32}$/, "TELEGRAM_API_HASH must be the 32 hex characters from my.telegram.org").optional(),
  TELEGRAM_SESSION: z.string().min(20, "TELEGRAM_SESSION looks truncated: run `npm run -s userbot:login` again").optional(),
  /** How often each channel's history is read, and whether to join channels for pushed updates. */
  SIGNALS_POLL_SECONDS: intFromEnv(30),
  SIGNALS_JOIN: z.enum(["true", "false"]).default("false").transform((v) => v === "true"),
  /** A repost of the same token by the same channel within this many hours is not a new call. */
  CALL_REPOST_WINDOW_HOURS: intFromEnv(24),
  /** A followed channel's call and a smart-money cluster buy this many minutes apart make one "call + cluster" alert. */
  CALL_CLUSTER_WINDOW_MINUTES: intFromEnv(30),
  /**
   * More bot tokens for the notifier, comma separated (BOT_TOKEN is the first): each chat is sent
   * to through one of them, chosen stably from its id, and each token gets its own rate.
   */
  BOT_TOKENS: z
    .string()
    .optional()
    .transform((v) => (v ?? "").split(",").map((t) => t.trim()).filter(Boolean))
    .pipe(z.array(z.string().regex(/^\d+:[A-Za-z0-9_-]{20,}$/, "BOT_TOKENS has an entry that does not look like a bot token from @BotFather"))),
  /** Send alerts with allow_paid_broadcast (paid in Stars; lifts the bot to 1,000 messages/s). */
  NOTIFY_PAID_BROADCAST: z
    .enum(["true", "false", "1", "0"])
    .default("false")
    .transform((v) => v === "true" || v === "1"),
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
