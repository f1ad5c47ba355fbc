/**
 * From stored swaps to a token chart's view model: time buckets -> candles (or a line when the
 * token trades too rarely for candles to read), buy/sell volume bars, and marks where smart-money
 * wallets (a set given in) or one chosen wallet traded; then the layout facts the renderer needs
 * (nice price ticks, round time ticks, labels).
 *
 * Key ideas: the window ends at the next bucket boundary, so two requests within one bucket with no
 * new trades give the same view model (and so the same image hash, and Telegram's file_id is
 * reused). Marks are aggregated per bucket, side and kind, so a busy wallet draws one marker per
 * candle, not hundreds.
 * Trap: one dust trade at a silly price would squash the whole chart; the price axis covers the
 * candle bodies and the 1st-99th percentile of trade prices, and the renderer clips wicks beyond.
 */
import type { Side } from "../swap.js";
import { formatPct, formatPriceIn } from "./format.js";
import { CHART_RANGES, RANGE_SPECS, logTicks, niceScale, timeTicks, type ChartRange, type Tick } from "./scale.js";

/** One swap as the chart sees it (built from a stored swap row). */
export interface ChartTrade {
  /** Unix seconds. */
  time: number;
  side: Side;
  priceUsd: number | null;
  priceSol: number | null;
  /** Whole tokens traded (raw amount / 10^decimals). */
  tokenAmount: number;
  trader: string;
}

export interface Candle {
  /** Bucket start, unix seconds. */
  t: number;
  o: number;
  h: number;
  l: number;
  c: number;
  /** Trades in the bucket. */
  n: number;
}

export interface VolumeBar {
  t: number;
  buy: number;
  sell: number;
}

export type MarkKind = "smart" | "wallet";

/** Trades of marked wallets in one bucket and side; `price` is their volume-weighted average. */
export interface TradeMark {
  t: number;
  price: number;
  side: Side;
  kind: MarkKind;
  count: number;
  volume: number;
}

export type ChartCurrency = "USD" | "SOL";

export interface ChartSeries {
  range: ChartRange;
  currency: ChartCurrency;
  from: number;
  to: number;
  bucket: number;
  candles: Candle[];
  volumes: VolumeBar[];
  marks: TradeMark[];
  /** Trades drawn (in the window and priced in `currency`). */
  trades: number;
}

export interface SeriesOptions {
  range: ChartRange;
  /** Unix seconds; the window ends at the bucket boundary at or after it. */
  now: number;
  /** Wallets whose trades are marked as smart money. */
  smartWallets?: ReadonlySet<string>;
  /** One wallet whose own trades are marked (takes precedence over smart money). */
  wallet?: string | null;
}

export function isChartRange(s: string): s is ChartRange {
  return (CHART_RANGES as readonly string[]).includes(s);
}

/**
 * Buckets trades into candles, volume and marks. Trades may come in any order; those outside the
 * window or without a price in the chosen currency are left out. USD is chosen when at least half
 * the trades carry a USD price, else SOL.
 */
export function buildSeries(trades: readonly ChartTrade[], options: SeriesOptions): ChartSeries {
  const spec = RANGE_SPECS[options.range];
  const bucket = spec.bucket;
  const to = Math.ceil(options.now / bucket) * bucket;
  const from = to - spec.span;

  let usd = 0;
  let inWindow = 0;
  for (const tr of trades) {
    if (tr.time < from || tr.time >= to) continue;
    inWindow++;
    if (tr.priceUsd !== null && tr.priceUsd > 0 && Number.isFinite(tr.priceUsd)) usd++;
  }
  const currency: ChartCurrency = inWindow > 0 && usd * 2 >= inWindow ? "USD" : "SOL";
  const priceOf = (tr: ChartTrade) => (currency === "USD" ? tr.priceUsd : tr.priceSol);

  let ordered = trades;
  for (let i = 1; i < trades.length; i++) {
    if (trades[i]!.time < trades[i - 1]!.time) {
      ordered = [...trades].sort((a, b) => a.time - b.time);
      break;
    }
  }

  const slots = spec.span / bucket;
  const candles: (Candle | undefined)[] = new Array(slots);
  const volumes: (VolumeBar | undefined)[] = new Array(slots);
  const marks = new Map<string, TradeMark>();
  const smart = options.smartWallets;
  const wallet = options.wallet ?? null;
  let count = 0;

  for (const tr of ordered) {
    if (tr.time < from || tr.time >= to) continue;
    const price = priceOf(tr);
    if (price === null || !(price > 0) || !Number.isFinite(price)) continue;
    const i = Math.floor((tr.time - from) / bucket);
    const t = from + i * bucket;
    count++;
    const c = candles[i];
    if (c === undefined) candles[i] = { t, o: price, h: price, l: price, c: price, n: 1 };
    else {
      if (price > c.h) c.h = price;
      if (price < c.l) c.l = price;
      c.c = price;
      c.n++;
    }
    const value = price * tr.tokenAmount;
    const v = (volumes[i] ??= { t, buy: 0, sell: 0 });
    if (tr.side === "buy") v.buy += value;
    else v.sell += value;

    const kind: MarkKind | null = wallet !== null && tr.trader === wallet ? "wallet" : smart?.has(tr.trader) ? "smart" : null;
    if (kind !== null) {
      const key = `${i}|${tr.side}|${kind}`;
      const m = marks.get(key);
      if (m === undefined) marks.set(key, { t, price, side: tr.side, kind, count: 1, volume: value });
      else {
        // Volume-weighted mean; a zero-volume trade still counts but does not move the price.
        const total = m.volume + value;
        if (total > 0) m.price = (m.price * m.volume + price * value) / total;
        m.volume = total;
        m.count++;
      }
    }
  }

  return {
    range: options.range,
    currency,
    from,
    to,
    bucket,
    candles: candles.filter((c): c is Candle => c !== undefined),
    volumes: volumes.filter((v): v is VolumeBar => v !== undefined),
    marks: [...marks.values()].sort((a, b) => a.t - b.t || a.kind.localeCompare(b.kind) || a.side.localeCompare(b.side)),
    trades: count,
  };
}

/** Translated words the chart shows; the bot fills them from the chat's locale. */
export interface ChartLabels {
  /** Token symbol or shortened mint. */
  title: string;
  /** E.g. "24h · USD · UTC". */
  subtitle: string;
  smartBuy: string;
  smartSell: string;
  walletBuy: string;
  walletSell: string;
  volume: string;
  /** E.g. "1,234 trades"; filled with the count. */
  trades: (n: number) => string;
}

export interface LegendItem {
  kind: MarkKind;
  side: Side;
  label: string;
}

export interface ChartView {
  kind: "chart";
  width: number;
  height: number;
  style: "candles" | "line";
  title: string;
  subtitle: string;
  /** Last price with its currency. */
  price: string;
  /** Change over the window ("+12.3%"), null with a single trade bucket. */
  change: string | null;
  /** 1 up, -1 down, 0 flat: the colour of `change`. */
  trend: 1 | -1 | 0;
  currency: ChartCurrency;
  bucket: number;
  x: { from: number; to: number; ticks: Tick[] };
  /** `log`: the price axis is logarithmic (a token that moved more than `LOG_SCALE_RATIO` times). */
  y: { min: number; max: number; log: boolean; ticks: Tick[] };
  candles: Candle[];
  volume: { label: string; max: number; bars: VolumeBar[] };
  marks: TradeMark[];
  legend: LegendItem[];
  footer: string;
}

/** What a chart with nothing to draw shows instead of an empty frame. */
export interface NoDataView {
  kind: "no-data";
  width: number;
  height: number;
  title: string;
  message: string;
  detail: string;
}

/** Telegram shows photos up to 1280 px wide; 16:9 keeps the preview uncropped. */
export const CHART_WIDTH = 1200;
export const CHART_HEIGHT = 675;
/** Above this max/min price ratio the axis turns logarithmic, so the early candles stay readable. */
export const LOG_SCALE_RATIO = 8;
/** Below this many candles a line reads better than a row of isolated candles. */
const MIN_CANDLES = 12;
/**
 * Most marks drawn: beyond this the chart is confetti. The chosen wallet's marks are kept first,
 * then smart money by volume.
 */
export const MAX_MARKS = 48;

/** The marks worth drawing: all of the chosen wallet's (up to the cap), then the largest smart trades. */
export function pickMarks(marks: readonly TradeMark[], max = MAX_MARKS): TradeMark[] {
  if (marks.length <= max) return [...marks];
  const ranked = [...marks].sort((a, b) => (a.kind === b.kind ? b.volume - a.volume : a.kind === "wallet" ? -1 : 1));
  return ranked.slice(0, max).sort((a, b) => a.t - b.t || a.kind.localeCompare(b.kind) || a.side.localeCompare(b.side));
}

function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.round(q * (sorted.length - 1))));
  return sorted[i]!;
}

/**
 * Lays a series out for drawing. Returns null when there is nothing to draw (the caller answers
 * with a "no trades" text or a `NoDataView`).
 */
export function buildChartView(series: ChartSeries, labels: ChartLabels, size = { width: CHART_WIDTH, height: CHART_HEIGHT }): ChartView | null {
  const { candles } = series;
  if (candles.length === 0) return null;
  const first = candles[0]!;
  const last = candles[candles.length - 1]!;

  // Axis bounds: candle bodies always, wicks only within the bulk of the prices.
  const bodies: number[] = [];
  const extremes: number[] = [];
  for (const c of candles) {
    bodies.push(c.o, c.c);
    extremes.push(c.h, c.l);
  }
  extremes.sort((a, b) => a - b);
  const lo = Math.min(Math.min(...bodies), quantile(extremes, 0.01));
  const hi = Math.max(Math.max(...bodies), quantile(extremes, 0.99));
  const log = lo > 0 && hi / lo > LOG_SCALE_RATIO;
  // A little room above and below so the extreme candles do not touch the frame.
  const y = log
    ? { min: lo / 1.08, max: hi * 1.08, ticks: logTicks(lo / 1.08, hi * 1.08) }
    : niceScale(lo, hi, 5);

  const change = candles.length > 1 || first.o !== last.c ? ((last.c / first.o) - 1) * 100 : null;
  const volumeMax = series.volumes.reduce((m, v) => Math.max(m, v.buy + v.sell), 0);
  const marks = pickMarks(series.marks);
  const kinds = new Set(marks.map((m) => `${m.kind}|${m.side}`));
  const legend: LegendItem[] = [];
  const add = (kind: MarkKind, side: Side, label: string) => kinds.has(`${kind}|${side}`) && legend.push({ kind, side, label });
  add("smart", "buy", labels.smartBuy);
  add("smart", "sell", labels.smartSell);
  add("wallet", "buy", labels.walletBuy);
  add("wallet", "sell", labels.walletSell);

  return {
    kind: "chart",
    width: size.width,
    height: size.height,
    style: candles.length >= MIN_CANDLES ? "candles" : "line",
    title: labels.title,
    subtitle: labels.subtitle,
    price: formatPriceIn(last.c, series.currency),
    change: change === null ? null : formatPct(change),
    trend: change === null || Math.abs(change) < 1e-9 ? 0 : change > 0 ? 1 : -1,
    currency: series.currency,
    bucket: series.bucket,
    x: { from: series.from, to: series.to, ticks: timeTicks(series.from, series.to, series.range) },
    y: { min: y.min, max: y.max, log, ticks: y.ticks },
    candles,
    volume: { label: labels.volume, max: volumeMax, bars: series.volumes },
    marks,
    legend,
    footer: labels.trades(series.trades),
  };
}
