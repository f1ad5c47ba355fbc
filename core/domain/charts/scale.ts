/**
 * Axis ticks: "nice" round values for the price and volume axes, and round clock times for the
 * time axis of each chart range.
 */
import { formatClock, formatMonthDay, formatTick } from "./format.js";

export interface Tick {
  /** The value (price, volume or unix seconds) the tick sits at. */
  at: number;
  label: string;
}

/** 1, 2, 2.5, 5 or 10 times a power of ten, the nearest at or above `raw`. */
export function niceStep(raw: number): number {
  if (!(raw > 0) || !Number.isFinite(raw)) return 1;
  const power = 10 ** Math.floor(Math.log10(raw));
  const m = raw / power;
  const nice = m <= 1 ? 1 : m <= 2 ? 2 : m <= 2.5 ? 2.5 : m <= 5 ? 5 : 10;
  return nice * power;
}

export interface NiceScale {
  min: number;
  max: number;
  step: number;
  ticks: Tick[];
}

/**
 * Widens [min, max] to round steps and lists about `count` ticks over it.
 * A flat series (min = max) gets a band of ±1% (or ±1 around zero) so it draws as a line mid-frame.
 *
 * @example niceScale(0.0000121, 0.0000187, 5).ticks.map((t) => t.label)
 * // ["0.000012", "0.000014", "0.000016", "0.000018", "0.00002"]  (compacted by formatTick)
 */
export function niceScale(min: number, max: number, count = 5): NiceScale {
  let lo = min;
  let hi = max;
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) [lo, hi] = [0, 1];
  if (hi < lo) [lo, hi] = [hi, lo];
  if (hi === lo) {
    const pad = lo === 0 ? 1 : Math.abs(lo) * 0.01;
    lo -= pad;
    hi += pad;
  }
  const step = niceStep((hi - lo) / Math.max(1, count));
  const first = Math.floor(lo / step + 1e-9) * step;
  const last = Math.ceil(hi / step - 1e-9) * step;
  const values: number[] = [];
  for (let i = 0; i <= 100; i++) {
    // Multiply instead of accumulating so 0.1 + 0.2 style drift never reaches the labels.
    const at = Number((first + i * step).toPrecision(12));
    if (at > last + step / 2) break;
    values.push(at);
  }
  // One notation per axis: compact tiny labels only when even the largest tick is tiny.
  const largest = Math.max(...values.map(Math.abs));
  const compact = largest > 0 && largest < 1e-4;
  const ticks: Tick[] = values.map((at) => ({ at, label: formatTick(at, step, compact) }));
  return { min: first, max: last, step, ticks };
}

/** The chart ranges the bot offers. */
export const CHART_RANGES = ["1h", "24h", "7d"] as const;
export type ChartRange = (typeof CHART_RANGES)[number];

export interface RangeSpec {
  /** Window length in seconds. */
  span: number;
  /** One candle / volume bar. */
  bucket: number;
  /** Distance between time-axis labels. */
  tickEvery: number;
  label: (sec: number) => string;
}

export const RANGE_SPECS: Record<ChartRange, RangeSpec> = {
  "1h": { span: 3600, bucket: 60, tickEvery: 600, label: formatClock },
  "24h": { span: 86_400, bucket: 900, tickEvery: 3 * 3600, label: formatClock },
  "7d": { span: 7 * 86_400, bucket: 3600, tickEvery: 86_400, label: formatMonthDay },
};

/** Time-axis ticks at round UTC times inside [from, to]. */
export function timeTicks(from: number, to: number, range: ChartRange): Tick[] {
  const spec = RANGE_SPECS[range];
  const ticks: Tick[] = [];
  for (let t = Math.ceil(from / spec.tickEvery) * spec.tickEvery; t <= to; t += spec.tickEvery) {
    ticks.push({ at: t, label: spec.label(t) });
  }
  return ticks;
}

/**
 * Ticks for a logarithmic price axis: 1, 2 and 5 times powers of ten inside [min, max] (every
 * integer multiple when that gives fewer than three), labelled like linear ticks.
 */
export function logTicks(min: number, max: number): Tick[] {
  const pick = (mantissas: readonly number[]) => {
    const out: number[] = [];
    for (let e = Math.floor(Math.log10(min)); e <= Math.ceil(Math.log10(max)); e++) {
      for (const m of mantissas) {
        const v = Number((m * 10 ** e).toPrecision(12));
        if (v >= min && v <= max) out.push(v);
      }
    }
    return out;
  };
  let values = pick([1, 2, 5]);
  if (values.length < 3) values = pick([1, 2, 3, 4, 5, 6, 7, 8, 9]);
  const compact = Math.max(...values) < 1e-4;
  return values.map((v) => ({ at: v, label: formatTick(v, 10 ** Math.floor(Math.log10(v) + 1e-9), compact) }));
}
