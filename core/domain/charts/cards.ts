/**
 * Shareable cards: a wallet's PnL card and a caller's leaderboard card. Each has an input type
 * that is easy to fill from whatever computes the numbers (scoring, signal outcomes), and both
 * lay out into one generic `CardView` that one renderer draws.
 */
import type { WalletTier } from "../wallet-profile.js";
import { formatCompact, formatDateTime, formatPct, formatUsdSigned, shortAddress } from "./format.js";
import { niceScale } from "./scale.js";

export type Tone = "up" | "down" | "flat";

export interface CardStat {
  label: string;
  value: string;
  /** A smaller note beside the value (e.g. the ROI beside a PnL); "" for none. */
  detail: string;
  tone: Tone;
}

export interface CardRow {
  name: string;
  value: string;
  detail: string;
  tone: Tone;
}

export interface CardCurve {
  label: string;
  /** Points in order of time; `v` in the curve's unit. */
  points: { t: number; v: number }[];
  min: number;
  max: number;
  tone: Tone;
}

export interface CardView {
  kind: "card";
  width: number;
  height: number;
  title: string;
  subtitle: string;
  /** A badge top right: a tier ("S") or a rank ("#3"). */
  badge: { text: string; caption: string; tier: WalletTier | null } | null;
  stats: CardStat[];
  listTitle: string;
  rows: CardRow[];
  /** Shown when `rows` is empty. */
  emptyRows: string;
  curve: CardCurve | null;
  footer: string;
}

export const CARD_WIDTH = 1200;
export const CARD_HEIGHT = 675;

const toneOf = (v: number | null | undefined): Tone => (v === null || v === undefined || v === 0 ? "flat" : v > 0 ? "up" : "down");

/** What the wallet PnL card shows. Amounts in USD; fractions 0..1; times unix seconds. */
export interface WalletCardInput {
  address: string;
  /** The chat's label for the wallet, if any. */
  label?: string | null;
  tier: WalletTier | null;
  score: number;
  pnl7dUsd: number;
  pnl30dUsd: number;
  roi7dPct?: number | null;
  roi30dPct?: number | null;
  /** Share of closed positions that made money, 0..1; null with none closed. */
  winRate: number | null;
  trades30d: number;
  /** Best closed trades, best first (the card shows up to five). */
  bestTrades: readonly { token: string; pnlUsd: number; roiPct: number | null }[];
  /** Cumulative PnL over time (a small equity curve); may be empty. */
  equity: readonly { t: number; pnlUsd: number }[];
  asOf: number;
}

export interface WalletCardLabels {
  heading: string;
  /** "Tier" under the badge. */
  tier: string;
  /** Badge text when the wallet has no tier. */
  unranked: string;
  score: string;
  pnl7d: string;
  pnl30d: string;
  winRate: string;
  trades: string;
  bestTrades: string;
  noTrades: string;
  equity: string;
  /** "as of {time}"; filled with the formatted time. */
  asOf: (time: string) => string;
}

const MAX_ROWS = 5;

function curveOf(points: readonly { t: number; v: number }[], label: string): CardCurve | null {
  if (points.length < 2) return null;
  const values = points.map((p) => p.v);
  const scale = niceScale(Math.min(0, ...values), Math.max(0, ...values), 3);
  const lastV = points[points.length - 1]!.v;
  return { label, points: [...points], min: scale.min, max: scale.max, tone: toneOf(lastV) };
}

/** Lays out a wallet's PnL card. */
export function buildWalletCard(input: WalletCardInput, labels: WalletCardLabels): CardView {
  const roi = (pct: number | null | undefined) => (pct === null || pct === undefined ? "" : formatPct(pct));
  return {
    kind: "card",
    width: CARD_WIDTH,
    height: CARD_HEIGHT,
    title: input.label ? input.label : shortAddress(input.address),
    subtitle: `${labels.heading} · ${input.address}`,
    badge: { text: input.tier ?? labels.unranked, caption: labels.tier, tier: input.tier },
    stats: [
      { label: labels.score, value: input.score.toFixed(input.score >= 100 ? 0 : 1), detail: "", tone: "flat" },
      { label: labels.pnl7d, value: formatUsdSigned(input.pnl7dUsd), detail: roi(input.roi7dPct), tone: toneOf(input.pnl7dUsd) },
      { label: labels.pnl30d, value: formatUsdSigned(input.pnl30dUsd), detail: roi(input.roi30dPct), tone: toneOf(input.pnl30dUsd) },
      {
        label: labels.winRate,
        value: input.winRate === null ? "–" : `${(input.winRate * 100).toFixed(0)}%`,
        detail: "",
        tone: input.winRate === null ? "flat" : input.winRate >= 0.5 ? "up" : "down",
      },
      { label: labels.trades, value: formatCompact(input.trades30d), detail: "", tone: "flat" },
    ],
    listTitle: labels.bestTrades,
    rows: input.bestTrades.slice(0, MAX_ROWS).map((tr) => ({
      name: tr.token,
      value: formatUsdSigned(tr.pnlUsd),
      detail: tr.roiPct === null ? "" : formatPct(tr.roiPct),
      tone: toneOf(tr.pnlUsd),
    })),
    emptyRows: labels.noTrades,
    curve: curveOf(input.equity.map((p) => ({ t: p.t, v: p.pnlUsd })), labels.equity),
    footer: `PumpSpace · ${labels.asOf(formatDateTime(input.asOf))}`,
  };
}

/** What a caller's (a signal channel's) leaderboard card shows. */
export interface CallerCardInput {
  name: string;
  /** "@channel" when public. */
  handle?: string | null;
  /** Place on the leaderboard, 1 = best. */
  rank?: number | null;
  calls: number;
  /** Share of calls that reached the hit threshold, 0..1. */
  hitRate: number | null;
  medianReturnPct: number | null;
  bestReturnPct: number | null;
  /** Median minutes between the call and the token's first smart-money buy, when known. */
  medianLeadMinutes?: number | null;
  /** The best calls, best first (up to five shown). */
  topCalls: readonly { token: string; returnPct: number; calledAt: number }[];
  asOf: number;
}

export interface CallerCardLabels {
  heading: string;
  rank: string;
  unranked: string;
  calls: string;
  hitRate: string;
  median: string;
  best: string;
  lead: string;
  topCalls: string;
  noCalls: string;
  asOf: (time: string) => string;
}

/** Lays out a caller's leaderboard card. */
export function buildCallerCard(input: CallerCardInput, labels: CallerCardLabels): CardView {
  const pct = (v: number | null | undefined) => (v === null || v === undefined ? "–" : formatPct(v));
  const stats: CardStat[] = [
    { label: labels.calls, value: formatCompact(input.calls), detail: "", tone: "flat" },
    {
      label: labels.hitRate,
      value: input.hitRate === null ? "–" : `${(input.hitRate * 100).toFixed(0)}%`,
      detail: "",
      tone: input.hitRate === null ? "flat" : input.hitRate >= 0.5 ? "up" : "down",
    },
    { label: labels.median, value: pct(input.medianReturnPct), detail: "", tone: toneOf(input.medianReturnPct) },
    { label: labels.best, value: pct(input.bestReturnPct), detail: "", tone: toneOf(input.bestReturnPct) },
  ];
  if (input.medianLeadMinutes !== null && input.medianLeadMinutes !== undefined) {
    stats.push({ label: labels.lead, value: `${Math.round(input.medianLeadMinutes)}m`, detail: "", tone: "flat" });
  }
  return {
    kind: "card",
    width: CARD_WIDTH,
    height: CARD_HEIGHT,
    title: input.name,
    subtitle: input.handle ? `${labels.heading} · ${input.handle}` : labels.heading,
    badge:
      input.rank !== null && input.rank !== undefined
        ? { text: `#${input.rank}`, caption: labels.rank, tier: null }
        : { text: labels.unranked, caption: labels.rank, tier: null },
    stats,
    listTitle: labels.topCalls,
    rows: input.topCalls.slice(0, MAX_ROWS).map((c) => ({
      name: c.token,
      value: formatPct(c.returnPct),
      detail: formatDateTime(c.calledAt).slice(0, 10),
      tone: toneOf(c.returnPct),
    })),
    emptyRows: labels.noCalls,
    curve: null,
    footer: `PumpSpace · ${labels.asOf(formatDateTime(input.asOf))}`,
  };
}
