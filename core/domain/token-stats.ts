/**
 * What PumpSpace knows about a token's trading right now: the view the token card, the alert
 * rules, the inline results and the charts read. The window math that fills it lives beside it
 * (token windows); this file is the shape every consumer agrees on.
 *
 * Prices are numbers (SOL and USD per whole token); `null` where no trade could price the token.
 * Times are unix seconds.
 */

export const TOKEN_WINDOWS = ["5m", "1h", "6h", "24h"] as const;
export type TokenWindow = (typeof TOKEN_WINDOWS)[number];

export interface TokenWindowStats {
  /** Price at the start of the window (the first trade inside it), SOL and USD. */
  openPriceSol: number | null;
  openPriceUsd: number | null;
  /** (last / open - 1) * 100, by the USD price when known, else by the SOL price. */
  changePct: number | null;
  volumeSol: number;
  volumeUsd: number;
  buys: number;
  sells: number;
  buyVolumeSol: number;
  sellVolumeSol: number;
  buyVolumeUsd: number;
  sellVolumeUsd: number;
  /** Distinct trading wallets in the window (an estimate when counted with a sketch). */
  traders: number;
}

export interface TokenStatsSnapshot {
  mint: string;
  priceSol: number | null;
  priceUsd: number | null;
  lastTradeAt: number | null;
  /** First trade PumpSpace saw (a lower bound of the token's age when its creation is unknown). */
  firstTradeAt: number | null;
  windows: Record<TokenWindow, TokenWindowStats>;
  /** Liquidity of the token's pools in USD where reserves are known; null otherwise. */
  liquidityUsd: number | null;
  /** The token's most traded pools over 24h, most volume first. */
  topPools: readonly { pool: string; dex: string; volumeUsd: number }[];
}

/** Reads a token's stats; null for a mint that never traded (or whose history expired). */
export type TokenStatsReader = (mint: string, nowSec?: number) => Promise<TokenStatsSnapshot | null>;
