/**
 * The one contract for every queue: its name and the zod schema of its payload. Producers and
 * processors both go through here, so a payload that does not match is caught at the edge.
 *
 * Queue names carry no ':' (BullMQ uses it as a key separator); deployments sharing a Redis are
 * kept apart by the BullMQ `prefix`, not by the name.
 */
import { z } from "zod";

export const QueueName = {
  /** Batches of decoded swaps, from ingest to the pipeline (never one job per swap). */
  SwapBatches: "swap-batches",
  /** Alerts owed to chats (one, or a bundle of one each to many chats), from the pipeline to the Telegram sender. */
  Notify: "notify",
  /** Periodic upkeep (retention), scheduled by BullMQ job schedulers: one run per tick cluster-wide. */
  Maintenance: "maintenance",
  /** Rescoring wallets whose swaps changed (incremental), or all of them (full). */
  WalletScoring: "wallet-scoring",
  /** Delayed checks of a call's outcome at +1h, +24h, +3d and +7d (one job per call and horizon). */
  CallOutcomes: "call-outcomes",
  /**
   * One token's history over RPC on demand (/top on a token, a call on a token PumpSpace never
   * saw): one job per mint at a time (job id `token-backfill-<mint>`), so askers share one run.
   */
  TokenBackfill: "token-backfill",
} as const;
export type QueueName = (typeof QueueName)[keyof typeof QueueName];

const u64 = z.string().regex(/^\d{1,20}$/);

export const swapLegPayload = z.object({
  dex: z.string(),
  programId: z.string(),
  pool: z.string().nullable(),
  mintIn: z.string(),
  amountIn: u64,
  mintOut: z.string(),
  amountOut: u64,
  ixPath: z.string(),
});
export type SwapLegPayload = z.infer<typeof swapLegPayload>;

export const swapFeePayload = z.object({
  kind: z.enum(["lp", "protocol", "creator", "platform", "transfer"]),
  mint: z.string(),
  amount: u64,
});
export type SwapFeePayload = z.infer<typeof swapFeePayload>;

export const poolReservesPayload = z.object({ base: u64, quote: u64, realQuote: u64.optional() });
export type PoolReservesPayload = z.infer<typeof poolReservesPayload>;

/** A swap in JSON form: bigints as decimal strings. */
export const swapPayload = z.object({
  signature: z.string().min(32).max(100),
  slot: z.number().int().nonnegative(),
  blockTime: z.number().int().nullable(),
  ixPath: z.string().regex(/^\d+(\.\d+)?$/),
  dex: z.string(),
  programId: z.string(),
  pool: z.string().nullable(),
  trader: z.string(),
  mintIn: z.string(),
  amountIn: u64,
  decimalsIn: z.number().int().min(0).max(255),
  mintOut: z.string(),
  amountOut: u64,
  decimalsOut: z.number().int().min(0).max(255),
  priceSol: z.number().nullable(),
  priceUsd: z.number().nullable(),
  legs: z.array(swapLegPayload).optional(),
  fees: z.array(swapFeePayload).optional(),
  reserves: poolReservesPayload.optional(),
});
export type SwapPayload = z.infer<typeof swapPayload>;

export const tokenInfoPayload = z.object({
  mint: z.string(),
  symbol: z.string().max(64).nullable(),
  name: z.string().max(200).nullable(),
  decimals: z.number().int().nullable(),
});
export type TokenInfoPayload = z.infer<typeof tokenInfoPayload>;

/** A creation, an allocation at creation, or a holding before a swap (core/domain/token-events.ts). */
export const tokenEventPayload = z.object({
  kind: z.enum(["created", "received-at-creation", "held-before-swap"]),
  mint: z.string(),
  wallet: z.string(),
  slot: z.number().int().nonnegative(),
  signature: z.string().min(32).max(100),
  source: z.enum(["pumpfun", "pumpswap", "raydium-launchlab", "meteora-dbc"]).optional(),
});
export type TokenEventPayload = z.infer<typeof tokenEventPayload>;

export const swapBatchPayload = z.object({
  source: z.enum(["grpc", "rpc", "replay"]),
  swaps: z.array(swapPayload),
  /** Token metadata learnt while decoding (create instructions). */
  tokens: z.array(tokenInfoPayload).default([]),
  /** Token events for the dev and insider labels; a batch may carry events and no swap. */
  tokenEvents: z.array(tokenEventPayload).optional(),
});
export type SwapBatchPayload = z.infer<typeof swapBatchPayload>;

/**
 * A swap-batches job's progress when the ingest process stored the batch itself before handing
 * it on: how many of its swaps were new. Without it, the pipeline stores the batch.
 */
export const swapBatchStored = z.object({ storedBy: z.literal("ingest"), inserted: z.number().int().nonnegative() });
export type SwapBatchStored = z.infer<typeof swapBatchStored>;

export const notifyPayload = z.object({
  alertId: z.string().regex(/^\d+$/),
  /** The alert's chat: lets the sender keep chats fair without reading the alert first. */
  chatId: z.string().regex(/^-?\d+$/).optional(),
});
export type NotifyPayload = z.infer<typeof notifyPayload>;

/** Several alerts, each to its own chat, sent side by side by one job (a fan-out; see enqueueAlerts). */
export const notifyBundlePayload = z.object({
  alerts: z.array(z.object({ alertId: notifyPayload.shape.alertId, chatId: z.string().regex(/^-?\d+$/) })).min(1).max(1000),
});
export type NotifyBundlePayload = z.infer<typeof notifyBundlePayload>;

/** Retry policy per queue: batches retry longer (Postgres restarts), alerts back off faster. */
export const defaultJobOptions = {
  [QueueName.SwapBatches]: { attempts: 20, backoff: { type: "exponential", delay: 500 } },
  [QueueName.Notify]: { attempts: 8, backoff: { type: "exponential", delay: 1000 } },
  [QueueName.Maintenance]: { attempts: 3, backoff: { type: "exponential", delay: 10_000 } },
  [QueueName.WalletScoring]: { attempts: 5, backoff: { type: "exponential", delay: 2_000 } },
  [QueueName.CallOutcomes]: { attempts: 10, backoff: { type: "exponential", delay: 5_000 } },
  // Someone is waiting for the answer: a failure is reported at once (the signature cursor keeps
  // what was stored, so the next ask resumes), and a finished job leaves at once so the next ask
  // for the mint starts a fresh run instead of meeting the finished one under the same id.
  [QueueName.TokenBackfill]: { attempts: 1, removeOnComplete: true, removeOnFail: true },
} as const;

export const maintenancePayload = z.object({ task: z.enum(["swap-retention", "slot-gaps", "wallet-funders"]) });
export type MaintenancePayload = z.infer<typeof maintenancePayload>;

export const walletScoringPayload = z.object({ mode: z.enum(["incremental", "full"]) });
export type WalletScoringPayload = z.infer<typeof walletScoringPayload>;
export const callOutcomePayload = z.object({
  callId: z.string().regex(/^\d+$/),
  horizon: z.enum(["1h", "24h", "3d", "7d"]),
});
export type CallOutcomePayload = z.infer<typeof callOutcomePayload>;

export const tokenBackfillPayload = z.object({
  mint: z.string().min(32).max(44),
});
export type TokenBackfillPayload = z.infer<typeof tokenBackfillPayload>;

/** How far a token backfill has got (job progress), and what it did (job return value). */
export const tokenBackfillStatus = z.object({
  phase: z.enum(["listing", "storing", "scoring", "done"]),
  mode: z.enum(["deep", "incremental", "resume"]).nullable(),
  signatures: z.number().int().nonnegative(),
  fetched: z.number().int().nonnegative(),
  swaps: z.number().int().nonnegative(),
  /** Wallets rescored from the new swaps before the job finished. */
  wallets: z.number().int().nonnegative(),
});
export type TokenBackfillStatus = z.infer<typeof tokenBackfillStatus>;

export const payloadSchemas = {
  [QueueName.SwapBatches]: swapBatchPayload,
  [QueueName.Notify]: z.union([notifyPayload, notifyBundlePayload]),
  [QueueName.Maintenance]: maintenancePayload,
  [QueueName.WalletScoring]: walletScoringPayload,
  [QueueName.CallOutcomes]: callOutcomePayload,
  [QueueName.TokenBackfill]: tokenBackfillPayload,
} as const;
