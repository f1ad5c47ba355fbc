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
  /** One alert owed to one chat, from the pipeline to the Telegram sender. */
  Notify: "notify",
  /** Periodic upkeep (retention), scheduled by BullMQ job schedulers: one run per tick cluster-wide. */
  Maintenance: "maintenance",
  /** Rescoring wallets whose swaps changed (incremental), or all of them (full). */
  WalletScoring: "wallet-scoring",
  /** Delayed checks of a call's outcome at +1h, +24h, +3d and +7d (one job per call and horizon). */
  CallOutcomes: "call-outcomes",
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

export const swapBatchPayload = z.object({
  source: z.enum(["grpc", "rpc", "replay"]),
  swaps: z.array(swapPayload),
  /** Token metadata learnt while decoding (create instructions). */
  tokens: z.array(tokenInfoPayload).default([]),
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

/** Retry policy per queue: batches retry longer (Postgres restarts), alerts back off faster. */
export const defaultJobOptions = {
  [QueueName.SwapBatches]: { attempts: 20, backoff: { type: "exponential", delay: 500 } },
  [QueueName.Notify]: { attempts: 8, backoff: { type: "exponential", delay: 1000 } },
  [QueueName.Maintenance]: { attempts: 3, backoff: { type: "exponential", delay: 10_000 } },
  [QueueName.WalletScoring]: { attempts: 5, backoff: { type: "exponential", delay: 2_000 } },
  [QueueName.CallOutcomes]: { attempts: 10, backoff: { type: "exponential", delay: 5_000 } },
} as const;

export const maintenancePayload = z.object({ task: z.enum(["swap-retention", "slot-gaps"]) });
export type MaintenancePayload = z.infer<typeof maintenancePayload>;

export const walletScoringPayload = z.object({ mode: z.enum(["incremental", "full"]) });
export type WalletScoringPayload = z.infer<typeof walletScoringPayload>;
export const callOutcomePayload = z.object({
  callId: z.string().regex(/^\d+$/),
  horizon: z.enum(["1h", "24h", "3d", "7d"]),
});
export type CallOutcomePayload = z.infer<typeof callOutcomePayload>;

export const payloadSchemas = {
  [QueueName.SwapBatches]: swapBatchPayload,
  [QueueName.Notify]: notifyPayload,
  [QueueName.Maintenance]: maintenancePayload,
  [QueueName.WalletScoring]: walletScoringPayload,
  [QueueName.CallOutcomes]: callOutcomePayload,
} as const;
