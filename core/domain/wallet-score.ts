/**
 * A wallet's metrics, score, tier and labels from its trades. Pure: the scoring job, the /wallet
 * card and the tests all call this with the same inputs and get the same answer.
 *
 * Key idea: the score only believes evidence. It is built from closed positions (a round that
 * ended, so its profit is realized, not a paper gain) and every part is shrunk toward "no skill"
 * by the number of closed positions: the win rate enters as a Wilson lower bound, mean ROI and
 * profit factor are weighted by n / (n + k). A single clamped moonshot cannot carry a wallet, and
 * a "luck" part takes points off when one trade made most of the profit.
 * Trap: the stored score must not depend on prices, or a wallet that did not trade would need a
 * rescore each time someone else moved a price; unrealized profit is shown, not ranked.
 */
import { windowSums, type CostMethod, type Position, type Trade } from "./pnl.js";
import { foldTrades, type WalletActivity, type WalletFold } from "./wallet-fold.js";
import { WALLET_TIERS, type WalletLabel, type WalletTier } from "./wallet-profile.js";

export const SCORE_WINDOWS = ["1d", "7d", "30d", "all"] as const;
export type ScoreWindow = (typeof SCORE_WINDOWS)[number];
const WINDOW_SECONDS: Record<ScoreWindow, number> = { "1d": 86_400, "7d": 7 * 86_400, "30d": 30 * 86_400, all: Infinity };

export interface ScoreSettings {
  /** Lowest score of each tier (S above A above B). */
  tiers: Record<WalletTier, number>;
  /** Fewer closed positions than this never earn a tier. */
  minClosed: number;
  /** k of the shrinkage n / (n + k): how many closed positions count as "some evidence". */
  priorStrength: number;
  /** Wallets with any of these labels get no tier (they are not someone to follow). */
  excludeLabels: WalletLabel[];
  method: CostMethod;
  /** Label thresholds. */
  botTradesPerMinute: number;
  sniperSlots: number;
  sniperMinTokens: number;
  mmMinTrades: number;
}

export const DEFAULT_SCORE_SETTINGS: ScoreSettings = {
  tiers: { S: 70, A: 55, B: 40 },
  minClosed: 5,
  priorStrength: 10,
  excludeLabels: ["bot", "mev", "dev", "insider"],
  method: "average",
  botTradesPerMinute: 10,
  sniperSlots: 3,
  sniperMinTokens: 3,
  mmMinTrades: 40,
};

/**
 * Settings as stored by the admin chat (any subset), merged over the defaults; anything
 * malformed falls back to the default for that key, and the tiers must stay ordered S ≥ A ≥ B.
 */
export function mergeScoreSettings(stored: Record<string, unknown>): ScoreSettings {
  const d = DEFAULT_SCORE_SETTINGS;
  const num = (v: unknown, dflt: number, min: number, max: number) =>
    typeof v === "number" && Number.isFinite(v) && v >= min && v <= max ? v : dflt;
  const tiersIn = (stored.tiers ?? {}) as Record<string, unknown>;
  const tiers = { S: num(tiersIn.S, d.tiers.S, 0, 100), A: num(tiersIn.A, d.tiers.A, 0, 100), B: num(tiersIn.B, d.tiers.B, 0, 100) };
  const ordered = tiers.S >= tiers.A && tiers.A >= tiers.B;
  const labels = Array.isArray(stored.excludeLabels)
    ? (stored.excludeLabels.filter((l) => typeof l === "string") as WalletLabel[])
    : d.excludeLabels;
  return {
    tiers: ordered ? tiers : d.tiers,
    minClosed: Math.round(num(stored.minClosed, d.minClosed, 0, 1000)),
    priorStrength: num(stored.priorStrength, d.priorStrength, 0, 1000),
    excludeLabels: labels,
    method: stored.method === "fifo" || stored.method === "average" ? stored.method : d.method,
    botTradesPerMinute: num(stored.botTradesPerMinute, d.botTradesPerMinute, 1, 10_000),
    sniperSlots: Math.round(num(stored.sniperSlots, d.sniperSlots, 0, 1000)),
    sniperMinTokens: Math.round(num(stored.sniperMinTokens, d.sniperMinTokens, 1, 1000)),
    mmMinTrades: Math.round(num(stored.mmMinTrades, d.mmMinTrades, 1, 1_000_000)),
  };
}

export interface WindowMetrics {
  realizedSol: number;
  trades: number;
  volumeSol: number;
}

export interface WalletMetrics {
  windows: Record<ScoreWindow, WindowMetrics>;
  swaps: number;
  tokens: number;
  closed: number;
  wins: number;
  /** Share of closed positions (with a known cost) that ended in profit; null with none closed. */
  winRate: number | null;
  /** Gross profit over gross loss of closed positions; null without a loss. */
  profitFactor: number | null;
  medianRoi: number | null;
  biggestWinSol: number;
  biggestLossSol: number;
  /** Proceeds of sells whose cost we never saw (not counted as profit). */
  unattributedSol: number;
  /** SOL balance when known (fed by a balance reader, not by swaps). */
  solBalance: number | null;
}

export type ScorePartKey = "win-rate" | "roi" | "profit-factor" | "pnl" | "luck";

/** One line of a score's explanation: what was measured, and the points it gave. */
export interface ScorePart {
  key: ScorePartKey;
  /** The measured value (a share, a ratio or SOL, by key). */
  value: number;
  points: number;
}

export interface WalletScore {
  address: string;
  score: number;
  confidence: number;
  tier: WalletTier | null;
  labels: WalletLabel[];
  clusterId: string | null;
  parts: ScorePart[];
  metrics: WalletMetrics;
}

/** What scoring knows beyond the wallet's own trades. */
export interface WalletContext {
  /** First slot PumpSpace saw each token trade in (how early a buy was). */
  tokenFirstSlot?: ReadonlyMap<string, number>;
  /** `${mint}:${slot}` where another wallet traded the mint in the same slot (sandwich evidence). */
  othersInSlot?: ReadonlySet<string>;
  /** The wallet's funder and how many wallets it funded (from wallet_funder). */
  funder?: { address: string; funded: number } | null;
  /** Mints this wallet created (dev) or received before the first trade (insider). */
  insiderRoles?: ReadonlyMap<string, "dev" | "insider">;
  solBalance?: number | null;
}

/** Wilson score interval's lower bound: the win rate we are fairly sure of (z = 1.28, ~90%). */
export function wilsonLower(wins: number, n: number, z = 1.28): number {
  if (n === 0) return 0;
  const p = wins / n;
  const z2 = z * z;
  return (p + z2 / (2 * n) - z * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n))) / (1 + z2 / n);
}

const clamp = (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x));
const round = (x: number, digits = 4) => Math.round(x * 10 ** digits) / 10 ** digits;

function median(xs: number[]): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** The evaluated outcome of a position: closed (or round finished) with a known cost. */
function closedOutcomes(positions: Iterable<Position>): { pnl: number; roi: number }[] {
  const out: { pnl: number; roi: number }[] = [];
  for (const p of positions) {
    if (p.roundsClosed === 0 || p.boughtSol <= 0) continue;
    out.push({ pnl: p.realizedSol, roi: p.realizedSol / p.boughtSol });
  }
  return out;
}

/**
 * Wallet figures from its positions. The 1d/7d/30d windows are the positions' hourly sums from
 * the hour holding `nowSec` minus the window (exact to the hour); "all" is the positions' totals.
 */
export function walletMetrics(positions: ReadonlyMap<string, Position>, swaps: number, nowSec: number, solBalance: number | null = null): WalletMetrics {
  const windows = {} as Record<ScoreWindow, WindowMetrics>;
  const starts = windowStarts(nowSec);
  SCORE_WINDOWS.forEach((w) => (windows[w] = { realizedSol: 0, trades: 0, volumeSol: 0 }));
  let unattributed = 0;
  for (const p of positions.values()) {
    unattributed += p.unattributedSol;
    SCORE_WINDOWS.forEach((w, i) => {
      const s = windowSums(p, starts[i]!);
      windows[w].realizedSol += s.realizedSol;
      windows[w].trades += s.trades;
      windows[w].volumeSol += s.volumeSol;
    });
  }
  const outcomes = closedOutcomes(positions.values());
  const wins = outcomes.filter((o) => o.pnl > 0);
  const gains = wins.reduce((a, o) => a + o.pnl, 0);
  const losses = outcomes.filter((o) => o.pnl < 0).reduce((a, o) => a - o.pnl, 0);
  return {
    windows,
    swaps,
    tokens: positions.size,
    closed: outcomes.length,
    wins: wins.length,
    winRate: outcomes.length ? wins.length / outcomes.length : null,
    profitFactor: losses > 0 ? gains / losses : null,
    medianRoi: median(outcomes.map((o) => o.roi)),
    biggestWinSol: outcomes.reduce((a, o) => Math.max(a, o.pnl), 0),
    biggestLossSol: outcomes.reduce((a, o) => Math.min(a, o.pnl), 0),
    unattributedSol: unattributed,
    solBalance,
  };
}

/** The score and its parts from closed positions, shrunk by how many there are. */
export function scoreParts(positions: ReadonlyMap<string, Position>, settings: ScoreSettings): { score: number; confidence: number; parts: ScorePart[] } {
  const outcomes = closedOutcomes(positions.values());
  const n = outcomes.length;
  const k = settings.priorStrength;
  const weight = n / (n + k || 1);
  const wins = outcomes.filter((o) => o.pnl > 0);
  const gains = wins.reduce((a, o) => a + o.pnl, 0);
  const losses = outcomes.filter((o) => o.pnl < 0).reduce((a, o) => a - o.pnl, 0);
  const realized = outcomes.reduce((a, o) => a + o.pnl, 0);
  // A 10x counts like a 3x: one moonshot must not outweigh many ordinary trades.
  const roiShrunk = outcomes.reduce((a, o) => a + clamp(o.roi, -1, 3), 0) / (n + k || 1);
  const pf = losses > 0 ? gains / losses : gains > 0 ? 4 : 1;
  const topShare = gains > 0 ? Math.max(...wins.map((o) => o.pnl)) / gains : 0;
  const winLb = wilsonLower(wins.length, n);
  const parts: ScorePart[] = [
    { key: "win-rate", value: round(winLb), points: round(45 * winLb, 2) },
    { key: "roi", value: round(roiShrunk), points: round(30 * clamp(roiShrunk, -1, 1), 2) },
    { key: "profit-factor", value: round(pf), points: round(15 * weight * ((clamp(pf, 0, 4) - 1) / 3), 2) },
    {
      key: "pnl",
      value: round(realized, 6),
      points: round(10 * weight * Math.sign(realized) * clamp(Math.log10(1 + Math.abs(realized)) / 2, 0, 1), 2),
    },
    // Most of the profit from one position, over a handful of wins: luck until shown otherwise.
    { key: "luck", value: round(topShare), points: round(wins.length >= 1 ? -20 * clamp((topShare - 0.5) * 2, 0, 1) : 0, 2) },
  ];
  const score = round(clamp(parts.reduce((a, p) => a + p.points, 0), 0, 100), 2);
  return { score, confidence: round(weight), parts };
}

/** Labels read from the wallet's folded activity and positions, and what is known about its funding and mints. */
export function walletLabels(activity: WalletActivity, positions: ReadonlyMap<string, Position>, ctx: WalletContext, s: ScoreSettings): WalletLabel[] {
  const labels = new Set<WalletLabel>();
  // bot: peak trades in any ~60 s (150 slots of 400 ms); slots are always known, times not.
  if (activity.botPeak >= s.botTradesPerMinute) labels.add("bot");
  // mev: a buy and a sell of one mint in one slot, repeatedly, or around someone else's trade.
  const sandwiches = activity.roundTrips.filter((k) => ctx.othersInSlot?.has(k)).length;
  if (sandwiches >= 1 || activity.roundTrips.length >= 2) labels.add("mev");
  // sniper: buys within the first slots of many tokens' trading.
  if (ctx.tokenFirstSlot) {
    let sniped = 0;
    let bought = 0;
    for (const p of positions.values()) {
      if (p.firstBuySlot === null) continue;
      bought++;
      const first = ctx.tokenFirstSlot.get(p.mint);
      if (first !== undefined && p.firstBuySlot - first <= s.sniperSlots) sniped++;
    }
    if (sniped >= s.sniperMinTokens && sniped * 2 >= bought) labels.add("sniper");
  }
  // market maker: many trades, buy and sell volume within 10% of each other, thin margin.
  let buyVol = 0;
  let sellVol = 0;
  let realized = 0;
  for (const p of positions.values()) {
    buyVol += p.boughtSol;
    sellVol += p.soldSol;
    realized += p.realizedSol;
  }
  const volume = buyVol + sellVol;
  if (activity.swaps >= s.mmMinTrades && volume > 0 && Math.abs(buyVol - sellVol) / volume <= 0.1 && Math.abs(realized) / volume <= 0.02) {
    labels.add("market-maker");
  }
  for (const role of ctx.insiderRoles?.values() ?? []) labels.add(role);
  return [...labels].sort();
}

/**
 * Wallets one funder paid for beyond this many are a service's customers (an exchange's hot
 * wallet, a bot's deposit address), not one owner's wallets.
 */
export const MAX_CLUSTER_FUNDED = 50;

/** Cluster id of wallets one funder paid for; null for a wallet alone or a service's customer. */
export function clusterOf(funder: WalletContext["funder"]): string | null {
  return funder && funder.funded >= 2 && funder.funded <= MAX_CLUSTER_FUNDED ? `funder:${funder.address}` : null;
}

export function tierFor(score: number, closed: number, labels: readonly WalletLabel[], s: ScoreSettings): WalletTier | null {
  if (closed < s.minClosed || labels.some((l) => s.excludeLabels.includes(l))) return null;
  for (const tier of WALLET_TIERS) if (score >= s.tiers[tier]) return tier;
  return null;
}

/** Window starts for `buildPositions`, in SCORE_WINDOWS order. */
export function windowStarts(nowSec: number): number[] {
  return SCORE_WINDOWS.map((w) => (w === "all" ? -Infinity : nowSec - WINDOW_SECONDS[w]));
}

/** Positions in mint order: sums over them must not depend on the order they were folded or loaded in. */
function byMint(fold: WalletFold): Map<string, Position> {
  const mints = [...fold.books.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return new Map(mints.map((m) => [m, fold.books.get(m)!.position]));
}

/**
 * Everything about one wallet from its folded state. `nowSec` fixes the windows, so a rescore at
 * the same clock gives the same result.
 */
export function scoreFold(address: string, fold: WalletFold, nowSec: number, ctx: WalletContext = {}, settings = DEFAULT_SCORE_SETTINGS): WalletScore {
  const positions = byMint(fold);
  const metrics = walletMetrics(positions, fold.activity.swaps, nowSec, ctx.solBalance ?? null);
  const { score, confidence, parts } = scoreParts(positions, settings);
  const labels = walletLabels(fold.activity, positions, ctx, settings);
  return {
    address,
    score,
    confidence,
    tier: tierFor(score, metrics.closed, labels, settings),
    labels,
    clusterId: clusterOf(ctx.funder ?? null),
    parts,
    metrics,
  };
}

/** Everything about one wallet from its trades (chain order). */
export function scoreWallet(address: string, trades: readonly Trade[], nowSec: number, ctx: WalletContext = {}, settings = DEFAULT_SCORE_SETTINGS): WalletScore & { positions: Map<string, Position> } {
  const fold = foldTrades(trades, { method: settings.method });
  return { ...scoreFold(address, fold, nowSec, ctx, settings), positions: fold.positions() };
}
