/**
 * What the alert rules, cards and inline results need to know about a wallet: its tier and score,
 * its labels, and the owner cluster it belongs to. Scoring computes it; this file is the shape
 * every consumer agrees on.
 */

export const WALLET_TIERS = ["S", "A", "B"] as const;
export type WalletTier = (typeof WALLET_TIERS)[number];

export type WalletLabel = "bot" | "mev" | "sniper" | "dev" | "insider" | "market-maker";

export interface WalletProfile {
  address: string;
  /** null: not smart money (below every tier's threshold, or too little evidence). */
  tier: WalletTier | null;
  /** The score used for ranking (already shrunk for little evidence), and its confidence 0..1. */
  score: number;
  confidence: number;
  labels: readonly WalletLabel[];
  /** Wallets funded by one owner share a cluster id, so rules count them once; null when alone. */
  clusterId: string | null;
}

/** Looks profiles up in bulk (the hot path asks for a batch's traders at once). */
export type WalletProfileReader = (addresses: readonly string[]) => Promise<Map<string, WalletProfile>>;
