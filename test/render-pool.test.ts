// The render worker pool: real worker threads drawing the same bytes as the calling thread,
// jobs queued past the pool size, a failing job that leaves the pool working, timeouts.
import { afterAll, describe, expect, it } from "vitest";
import { buildChartView, buildSeries } from "../core/domain/charts/chart.js";
import { SMART_TRADERS, chartLabels, syntheticTrades } from "../core/domain/test-support/chart-trades.js";
import { renderJob, type RenderJob } from "../core/render/draw.js";
import { pngSize } from "../core/render/image-diff.js";
import { RenderError, RenderPool, RenderTimeoutError } from "../core/render/pool.js";

const END = Date.UTC(2026, 10, 22, 14, 0) / 1000;
const labels = chartLabels("POOL", "24h");
const view = (seed: number) =>
  buildChartView(buildSeries(syntheticTrades({ count: 3000, end: END, span: 86_400, seed }), { range: "24h", now: END, smartWallets: SMART_TRADERS }), labels)!;

const pools: RenderPool[] = [];
const newPool = (size: number, timeoutMs?: number) => {
  const pool = new RenderPool({ size, ...(timeoutMs !== undefined ? { timeoutMs } : {}) });
  pools.push(pool);
  return pool;
};
afterAll(async () => {
  await Promise.all(pools.map((p) => p.close()));
});

describe("RenderPool", () => {
  it("draws in worker threads exactly what the calling thread draws", async () => {
    const pool = newPool(2);
    const job = view(1);
    const fromWorker = await pool.render(job);
    expect(Buffer.compare(fromWorker, renderJob(job))).toBe(0);
  });

  it("queues more jobs than workers and answers each with its own picture", async () => {
    const pool = newPool(2);
    const jobs = [1, 2, 3, 4, 5, 6].map(view);
    const pngs = await Promise.all(jobs.map((j) => pool.render(j)));
    for (const png of pngs) expect(pngSize(png)).toEqual({ width: 1200, height: 675 });
    expect(new Set(pngs.map((p) => p.toString("base64"))).size).toBe(6);
    expect(pool.queued).toBe(0);
  });

  it("fails a job that cannot be drawn and keeps serving the next", async () => {
    const pool = newPool(1);
    const broken = { kind: "chart", width: 1200, height: 675 } as unknown as RenderJob;
    await expect(pool.render(broken)).rejects.toBeInstanceOf(RenderError);
    expect(pngSize(await pool.render(view(2)))).toEqual({ width: 1200, height: 675 });
  });

  it("fails a render that takes too long", async () => {
    const pool = newPool(1, 1);
    await expect(pool.render(view(3))).rejects.toBeInstanceOf(RenderTimeoutError);
  });

  it("renders in the calling thread with size 0, and refuses work once closed", async () => {
    const pool = newPool(0);
    expect(pngSize(await pool.render(view(4)))).toEqual({ width: 1200, height: 675 });
    await pool.close();
    await expect(pool.render(view(4))).rejects.toBeInstanceOf(RenderError);
  });
});
