/**
 * Alerts made from calls: a followed caller's call ("call"), and the combined pattern "call +
 * cluster" ("call-cluster"): a call and a smart-money cluster buy on the same token within a
 * window of each other, in either order. View models, the decision which chats get what, and the
 * rendering (Telegram HTML in whatever language `t` speaks). Pure.
 *
 * Who gets a combined alert: every chat that follows the caller. Following a caller is the
 * chat's opt-in to that caller's signals; the cluster is smart-money evidence PumpSpace computes
 * for everyone, so the chat needs no cluster-buy rule of its own.
 *
 * The trap: the channel title and the token symbol are other people's text (escaped and
 * truncated here), and `blockTime` is set to the event time so the delivery record measures
 * latency from the post (call) or from the later of the two events (combined).
 */
import { dexscreenerUrl, formatDisplayNumber, formatPrice, solscanAccountUrl, type RenderedMessage, type Translate } from "../alert-render.js";
import { shortAddress, type PatternAlert } from "../alerts.js";
import { escapeHtml, truncate } from "../html.js";
import { matchCallsWithClusters, type CallSignal, type ClusterSignal } from "./combined.js";

export const ALERT_KIND_CALL = "call";
export const ALERT_KIND_CALL_CLUSTER = "call-cluster";
export const CALL_ALERT_KINDS = [ALERT_KIND_CALL, ALERT_KIND_CALL_CLUSTER] as const;

/** Default window between a call and a cluster for the combined pattern. */
export const DEFAULT_CALL_CLUSTER_WINDOW_MS = 30 * 60_000;
/** Cluster wallets listed in a combined alert; the rest are counted. */
export const MAX_CLUSTER_WALLETS_SHOWN = 5;

const MAX_SYMBOL_CHARS = 16;
const MAX_TITLE_CHARS = 32;

/** The call as an alert shows it. */
export interface CallFacts {
  callId: string;
  callerId: string;
  /** Channel @username (lower case). */
  callerHandle: string;
  /** Channel title (other people's text: escape it). */
  callerTitle: string | null;
  /** t.me link of the post, when the caller is a public channel. */
  link: string | null;
  /** Unix seconds of the post. */
  calledAtSec: number;
  priceUsd: number | null;
  priceSol: number | null;
  marketCapUsd: number | null;
}

export interface CallAlert extends CallFacts {
  kind: typeof ALERT_KIND_CALL;
  /** The call id: one alert per call and chat. */
  key: string;
  tokenMint: string;
  tokenSymbol: string | null;
  /** = calledAtSec: the delivery record measures latency from the post. */
  blockTime: number;
}

/** A cluster-buy fire as the combined alert shows it. */
export interface ClusterFacts {
  /** The swap that completed the cluster (its identity across chats and rules). */
  signature: string;
  atSec: number;
  count: number;
  wallets: string[];
  windowSec: number | null;
}

export interface CallClusterAlert {
  kind: typeof ALERT_KIND_CALL_CLUSTER;
  /** Names both events, so whichever arrives second writes the same row. */
  key: string;
  tokenMint: string;
  tokenSymbol: string | null;
  /** The later of the two events (unix seconds): latency is measured from here. */
  blockTime: number;
  order: "call-first" | "cluster-first";
  gapSec: number;
  call: CallFacts;
  cluster: ClusterFacts;
}

export type AnyCallAlert = CallAlert | CallClusterAlert;

export function isCallAlert(p: { kind: string }): p is AnyCallAlert {
  return (CALL_ALERT_KINDS as readonly string[]).includes(p.kind);
}

export function buildCallAlert(call: CallFacts, tokenMint: string, tokenSymbol: string | null): CallAlert {
  return { kind: ALERT_KIND_CALL, key: call.callId, tokenMint, tokenSymbol, blockTime: call.calledAtSec, ...call };
}

/** The cluster facts of a stored cluster-buy alert. */
export function clusterFromPattern(p: PatternAlert): ClusterFacts {
  return {
    signature: p.signature,
    atSec: p.timeSec,
    count: p.count,
    wallets: [...new Set(p.evidence.filter((e) => e.side === "buy").map((e) => e.wallet))],
    windowSec: p.windowSec,
  };
}

/** A followed call: its facts, its token, and the chats following its caller. */
export interface FollowedCall {
  call: CallFacts;
  mint: string;
  chats: readonly string[];
}

export interface ClusterFire {
  mint: string;
  tokenSymbol: string | null;
  cluster: ClusterFacts;
}

/**
 * The combined alerts owed: every (call, cluster) pair on one mint within `windowMs`, for every
 * chat following the call's caller, at most one per (chat, mint) from one evaluation (the
 * earliest pair); the outbox insert keeps it to one per (chat, mint, window) across evaluations.
 */
export function planCallClusterAlerts(
  calls: readonly FollowedCall[],
  clusters: readonly ClusterFire[],
  windowMs: number,
): { chatId: string; alert: CallClusterAlert }[] {
  const callSignals: CallSignal[] = calls.map((c) => ({ callId: c.call.callId, callerId: c.call.callerId, mint: c.mint, at: c.call.calledAtSec * 1000 }));
  const clusterSignals: ClusterSignal[] = clusters.map((c) => ({ key: c.cluster.signature, mint: c.mint, at: c.cluster.atSec * 1000, wallets: c.cluster.wallets }));
  const callById = new Map(calls.map((c) => [c.call.callId, c]));
  const clusterByKey = new Map(clusters.map((c) => [c.cluster.signature, c]));
  const out = new Map<string, { chatId: string; alert: CallClusterAlert }>();
  for (const m of matchCallsWithClusters(callSignals, clusterSignals, windowMs)) {
    const call = callById.get(m.call.callId)!;
    const fire = clusterByKey.get(m.cluster.key)!;
    const alert: CallClusterAlert = {
      kind: ALERT_KIND_CALL_CLUSTER,
      key: m.dedupeKey,
      tokenMint: m.mint,
      tokenSymbol: fire.tokenSymbol,
      blockTime: Math.max(call.call.calledAtSec, fire.cluster.atSec),
      order: m.order,
      gapSec: Math.round(m.gapMs / 1000),
      call: call.call,
      cluster: fire.cluster,
    };
    for (const chatId of call.chats) {
      const k = `${chatId} ${m.mint}`;
      if (!out.has(k)) out.set(k, { chatId, alert });
    }
  }
  return [...out.values()];
}

const clockUtc = (sec: number): string => new Date(sec * 1000).toISOString().slice(11, 16);

function callerLink(c: CallFacts): string {
  const name = escapeHtml(c.callerTitle ? truncate(c.callerTitle, MAX_TITLE_CHARS) : `@${c.callerHandle}`);
  return c.link ? `<a href="${escapeHtml(c.link)}">${name}</a>` : name;
}

function tokenLink(mint: string, symbol: string | null): string {
  const name = symbol ? truncate(symbol, MAX_SYMBOL_CHARS) : shortAddress(mint);
  return `<a href="${escapeHtml(dexscreenerUrl(mint))}">${escapeHtml(name)}</a>`;
}

function callPriceLines(c: CallFacts, t: Translate): string[] {
  const lines: string[] = [];
  const price = [c.priceSol !== null ? `${formatPrice(c.priceSol)} SOL` : null, c.priceUsd !== null ? `$${formatPrice(c.priceUsd)}` : null].filter(
    (p): p is string => p !== null,
  );
  if (price.length > 0) lines.push(t("call-alert-price", { price: price.join(" · ") }));
  if (c.marketCapUsd !== null) lines.push(t("call-alert-mcap", { mcap: `$${formatDisplayNumber(c.marketCapUsd)}` }));
  return lines;
}

function urlButtons(link: string | null, mint: string, t: Translate): RenderedMessage["reply_markup"]["inline_keyboard"] {
  return [[...(link ? [{ text: t("call-alert-button-post"), url: link }] : []), { text: t("alert-button-chart"), url: dexscreenerUrl(mint) }]];
}

/**
 * A followed caller's call: who, which token, price and market cap at the post, the mint, and how
 * long after the post the message went out (`nowSec` is the send time).
 */
export function renderCallAlert(a: CallAlert, t: Translate, nowSec: number): RenderedMessage {
  const lines = [t("call-alert-title", { caller: callerLink(a), token: tokenLink(a.tokenMint, a.tokenSymbol) }), ...callPriceLines(a, t)];
  lines.push(t("alert-mint", { mint: escapeHtml(a.tokenMint) }));
  lines.push(t("call-alert-latency", { seconds: Math.max(0, Math.round(nowSec - a.calledAtSec)) }));
  return { text: lines.join("\n"), reply_markup: { inline_keyboard: urlButtons(a.link, a.tokenMint, t) } };
}

/** The combined pattern: both pieces of evidence, in the order they happened, and the gap. */
export function renderCallClusterAlert(a: CallClusterAlert, t: Translate, nowSec: number): RenderedMessage {
  const callLine = t("call-cluster-call", { caller: callerLink(a.call), time: clockUtc(a.call.calledAtSec) });
  const clusterLine = t("call-cluster-cluster", { count: a.cluster.count, time: clockUtc(a.cluster.atSec) });
  const lines = [
    t("call-cluster-title", { token: tokenLink(a.tokenMint, a.tokenSymbol) }),
    ...(a.order === "call-first" ? [callLine, clusterLine] : [clusterLine, callLine]),
    t(a.order === "call-first" ? "call-cluster-gap-call-first" : "call-cluster-gap-cluster-first", { minutes: Math.round(a.gapSec / 60) }),
  ];
  const shown = a.cluster.wallets.slice(0, MAX_CLUSTER_WALLETS_SHOWN);
  for (const w of shown) lines.push(`• <a href="${escapeHtml(solscanAccountUrl(w))}">${escapeHtml(shortAddress(w))}</a>`);
  if (a.cluster.wallets.length > shown.length) lines.push(t("alert-evidence-more", { n: a.cluster.wallets.length - shown.length }));
  lines.push(...callPriceLines(a.call, t));
  lines.push(t("alert-mint", { mint: escapeHtml(a.tokenMint) }));
  // Measured from the later event: the cluster's block, or the post.
  const latency = a.order === "call-first" ? "alert-pattern-latency" : "call-alert-latency";
  lines.push(t(latency, { seconds: Math.max(0, Math.round(nowSec - a.blockTime)) }));
  return { text: lines.join("\n"), reply_markup: { inline_keyboard: urlButtons(a.call.link, a.tokenMint, t) } };
}

/** Either call alert, by its kind. */
export function renderAnyCallAlert(a: AnyCallAlert, t: Translate, nowSec: number): RenderedMessage {
  return a.kind === ALERT_KIND_CALL ? renderCallAlert(a, t, nowSec) : renderCallClusterAlert(a, t, nowSec);
}
