/**
 * Alert view models: everything a message needs, computed once when the alert is created and
 * stored with it (JSON-safe: raw amounts as decimal strings), then rendered in the chat's language
 * when it is sent.
 */
import { swapKey, viewSwap, toUiAmount, USDC_MINT, USDT_MINT, WSOL_MINT, type Side, type Swap } from "./swap.js";

export const ALERT_KIND_WALLET_SWAP = "wallet-swap";

export interface WalletSwapAlert {
  kind: typeof ALERT_KIND_WALLET_SWAP;
  /** `${signature}-${ixPath}` */
  key: string;
  signature: string;
  slot: number;
  blockTime: number | null;
  wallet: string;
  /** The chat's own label for the wallet (user-provided: escape it). */
  walletLabel: string | null;
  side: Side;
  dex: string;
  tokenMint: string;
  /** Token symbol when known (from on-chain metadata: escape it). */
  tokenSymbol: string | null;
  /** Raw token amount as a decimal string, with its decimals. */
  tokenAmount: string;
  tokenDecimals: number;
  quoteMint: string;
  quoteSymbol: string;
  quoteAmount: string;
  quoteDecimals: number;
  /** Price of one token in SOL / USD at this swap, when known. */
  priceSol: number | null;
  priceUsd: number | null;
  /** Set when a token or tier subscription matched rather than a tracked wallet. */
  via?: SwapAlertVia;
}

const QUOTE_SYMBOLS: Record<string, string> = {
  [WSOL_MINT]: "SOL",
  [USDC_MINT]: "USDC",
  [USDT_MINT]: "USDT",
};

export function buildWalletSwapAlert(
  swap: Swap,
  walletLabel: string | null,
  symbols: ReadonlyMap<string, string>,
): WalletSwapAlert {
  const v = viewSwap(swap);
  let priceSol = swap.priceSol;
  if (priceSol === null && v.quoteMint === WSOL_MINT && v.tokenAmount > 0n) {
    priceSol = toUiAmount(v.quoteAmount, v.quoteDecimals) / toUiAmount(v.tokenAmount, v.tokenDecimals);
  }
  return {
    kind: ALERT_KIND_WALLET_SWAP,
    key: swapKey(swap),
    signature: swap.signature,
    slot: swap.slot,
    blockTime: swap.blockTime,
    wallet: swap.trader,
    walletLabel,
    side: v.side,
    dex: swap.dex,
    tokenMint: v.tokenMint,
    tokenSymbol: symbols.get(v.tokenMint) ?? QUOTE_SYMBOLS[v.tokenMint] ?? null,
    tokenAmount: v.tokenAmount.toString(),
    tokenDecimals: v.tokenDecimals,
    quoteMint: v.quoteMint,
    quoteSymbol: QUOTE_SYMBOLS[v.quoteMint] ?? symbols.get(v.quoteMint) ?? shortAddress(v.quoteMint),
    quoteAmount: v.quoteAmount.toString(),
    quoteDecimals: v.quoteDecimals,
    priceSol,
    priceUsd: swap.priceUsd,
  };
}

/** "7xKX…sAsU": enough of an address to recognise it. */
export function shortAddress(a: string): string {
  return a.length > 10 ? `${a.slice(0, 4)}…${a.slice(-4)}` : a;
}

/** How a wallet-swap alert reached the chat, when not through a tracked wallet. */
export interface SwapAlertVia {
  /** "token": the chat subscribes to the token; "tier": to the wallet's smart-money tier. */
  via: "token" | "tier";
  tier: string | null;
}

export const PATTERN_ALERT_KINDS = ["cluster-buy", "accumulation", "first-buy", "cluster-exit"] as const;
export type PatternAlertKind = (typeof PATTERN_ALERT_KINDS)[number];

/** One wallet's part in a pattern, as the message shows it. */
export interface PatternEvidence {
  wallet: string;
  side: Side;
  tokenAmount: string;
  tokenDecimals: number;
  sizeSol: number | null;
  timeSec: number;
  signature: string;
}

/** Evidence items shown in one message; the rest are counted. */
export const MAX_EVIDENCE_SHOWN = 8;

/** A pattern rule fired on a token: what, on which token, with the evidence. */
export interface PatternAlert {
  kind: PatternAlertKind;
  /** `fireKey`: the rule's parameters and the swap that completed the pattern. */
  key: string;
  ruleId: string;
  tokenMint: string;
  tokenSymbol: string | null;
  /** Event time of the fire (unix seconds): the latency shown is measured from here. */
  timeSec: number;
  slot: number;
  /** The swap that completed the pattern. */
  signature: string;
  priceSol: number | null;
  priceUsd: number | null;
  /** The rule's window, count and horizon as the message states them. */
  windowSec: number | null;
  /** Owners (cluster buy / exit) or buys (accumulation) in the evidence. */
  count: number;
  evidence: PatternEvidence[];
  /** Cluster exit: when the cluster bought and how many owners it had. */
  clusterAtSec: number | null;
  clusterSize: number | null;
}
