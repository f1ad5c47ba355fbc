/**
 * render: a 24h token chart from 10,000 swaps, end to end as the bot does it — bucket the swaps
 * into candles, volume and smart-money marks, lay out the view, hash it, draw and encode the PNG —
 * both in this thread ("direct") and through the worker pool the bot uses ("pool", RENDER_WORKERS
 * threads, default 2, with as many renders in flight as workers).
 *
 * Per render the series and view are built from the swaps again (the bot does that per request);
 * the swap sets rotate over a few seeds so no cache or branch predictor sees one input only.
 * Latency percentiles are per render, wall clock; on a shared machine they include other
 * processes' load. Knobs: BENCH_RENDERS (per phase, default 120), BENCH_SWAPS (default 10000).
 */
import { loadavg } from "node:os";
import { buildChartView, buildSeries, type ChartTrade } from "../core/domain/charts/chart.js";
import { SMART_TRADERS, chartLabels, syntheticTrades } from "../core/domain/test-support/chart-trades.js";
import { renderJob } from "../core/render/draw.js";
import { renderHash } from "../core/render/hash.js";
import { RenderPool } from "../core/render/pool.js";
import { percentile, round } from "./stats.js";

const RENDERS = Number(process.env.BENCH_RENDERS ?? 120);
const SWAPS = Number(process.env.BENCH_SWAPS ?? 10_000);
const WORKERS = Number(process.env.RENDER_WORKERS ?? 2);
const END = Date.UTC(2026, 10, 22, 14, 0) / 1000;

const labels = chartLabels("BENCH 测试", "24h · USD · UTC");

function view(trades: readonly ChartTrade[]) {
  const v = buildChartView(buildSeries(trades, { range: "24h", now: END, smartWallets: SMART_TRADERS }), labels);
  if (!v) throw new Error("the bench series drew nothing");
  renderHash(v);
  return v;
}

export async function run(): Promise<Record<string, number>> {
  const sets = [1, 2, 3, 4, 5].map((seed) => syntheticTrades({ count: SWAPS, end: END, span: 86_400, seed }));
  const pick = (i: number) => sets[i % sets.length]!;

  // Build only (the part that stays on the bot's thread).
  const buildTimes: number[] = [];
  for (let i = 0; i < 50; i++) {
    const t0 = performance.now();
    view(pick(i));
    buildTimes.push(performance.now() - t0);
  }

  // Direct: everything in this thread, one at a time.
  for (let i = 0; i < 5; i++) renderJob(view(pick(i)));
  const direct: number[] = [];
  const d0 = performance.now();
  for (let i = 0; i < RENDERS; i++) {
    const t0 = performance.now();
    renderJob(view(pick(i)));
    direct.push(performance.now() - t0);
  }
  const directSecs = (performance.now() - d0) / 1000;
  console.error(`render: direct ${RENDERS} charts, p50 ${percentile(direct, 50).toFixed(1)} ms, p99 ${percentile(direct, 99).toFixed(1)} ms`);

  // Pool: as many in flight as workers; latency from request to PNG.
  const pool = new RenderPool({ size: WORKERS });
  await Promise.all(Array.from({ length: WORKERS * 2 }, (_, i) => pool.render(view(pick(i)))));
  const pooled: number[] = [];
  let next = 0;
  const p0 = performance.now();
  await Promise.all(
    Array.from({ length: WORKERS }, async () => {
      while (next < RENDERS) {
        const i = next++;
        const t0 = performance.now();
        const png = await pool.render(view(pick(i)));
        if (png.length < 1000) throw new Error("an empty PNG");
        pooled.push(performance.now() - t0);
      }
    }),
  );
  const poolSecs = (performance.now() - p0) / 1000;
  await pool.close();
  console.error(`render: pool of ${WORKERS}, ${RENDERS} charts, p50 ${percentile(pooled, 50).toFixed(1)} ms, p99 ${percentile(pooled, 99).toFixed(1)} ms`);

  return {
    swaps: SWAPS,
    workers: WORKERS,
    perSec: round(RENDERS / poolSecs, 1),
    p50Ms: round(percentile(pooled, 50), 1),
    p99Ms: round(percentile(pooled, 99), 1),
    directPerSec: round(RENDERS / directSecs, 1),
    directP50Ms: round(percentile(direct, 50), 1),
    directP99Ms: round(percentile(direct, 99), 1),
    buildP50Ms: round(percentile(buildTimes, 50), 2),
    // Other processes' load while this ran (2 cores here): above ~2 every figure is inflated.
    load1: round(loadavg()[0]!, 1),
  };
}
