// Pictures: PNGs decode at the expected size, a fixture chart matches the checked-in reference
// within a small pixel tolerance, no data is said in words, Chinese draws real glyphs.
// UPDATE_RENDER_REFERENCE=1 rewrites the reference after an intended drawing change.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { createCanvas } from "@napi-rs/canvas";
import { describe, expect, it } from "vitest";
import { buildCallerCard, buildWalletCard } from "../domain/charts/cards.js";
import { buildChartView, buildSeries, type ChartLabels } from "../domain/charts/chart.js";
import { CHART_TRADERS, SMART_TRADERS, syntheticTrades } from "../domain/test-support/chart-trades.js";
import { drawChart, drawNoData, renderJob } from "./draw.js";
import { ensureFonts, font } from "./fonts.js";
import { compareImages, decodeRgba, pngSize } from "./image-diff.js";

const END = Date.UTC(2026, 10, 22, 14, 0) / 1000;
const REFERENCE = new URL("../../test/fixtures/render/chart-24h.png", import.meta.url);
const labels: ChartLabels = {
  title: "BONK 测试",
  subtitle: "24h · USD · UTC",
  smartBuy: "聪明钱买入",
  smartSell: "聪明钱卖出",
  walletBuy: "Wallet buy",
  walletSell: "Wallet sell",
  volume: "成交量",
  trades: (n) => `${n} 笔交易`,
};

function fixtureView() {
  const trades = syntheticTrades({ count: 2000, end: END, span: 86_400, seed: 7 });
  return buildChartView(buildSeries(trades, { range: "24h", now: END, smartWallets: SMART_TRADERS, wallet: CHART_TRADERS[20]! }), labels)!;
}

describe("chart PNG", () => {
  it("decodes, 1200×675", async () => {
    const png = drawChart(fixtureView());
    expect(pngSize(png)).toEqual({ width: 1200, height: 675 });
    const decoded = await decodeRgba(png);
    expect([decoded.width, decoded.height]).toEqual([1200, 675]);
  });

  it("matches the checked-in reference within a small pixel tolerance", async () => {
    const png = drawChart(fixtureView());
    if (process.env.UPDATE_RENDER_REFERENCE === "1") writeFileSync(REFERENCE, png);
    expect(existsSync(REFERENCE), "reference missing: run with UPDATE_RENDER_REFERENCE=1 once").toBe(true);
    const diff = await compareImages(png, readFileSync(REFERENCE));
    expect(diff.ratio).toBeLessThan(0.002);
  });

  it("the comparator sees a real change (another range's data)", async () => {
    const other = syntheticTrades({ count: 2000, end: END, span: 86_400, seed: 8 });
    const png = drawChart(buildChartView(buildSeries(other, { range: "24h", now: END }), labels)!);
    const diff = await compareImages(png, readFileSync(REFERENCE));
    expect(diff.ratio).toBeGreaterThan(0.01);
  });
});

describe("no data", () => {
  it("draws a picture that says so, not an empty frame", async () => {
    const png = drawNoData({ kind: "no-data", width: 1200, height: 675, title: "BONK", message: "过去 24h 内没有交易", detail: "Last trade: 2026-11-20 14:05 UTC" });
    expect(pngSize(png)).toEqual({ width: 1200, height: 675 });
    const blank = drawNoData({ kind: "no-data", width: 1200, height: 675, title: "", message: "", detail: "" });
    // The words are there: the picture differs from the same frame without them.
    const diff = await compareImages(png, blank);
    expect(diff.differing).toBeGreaterThan(2000);
  });
});

describe("cards", () => {
  it("render the wallet and caller cards at 1200×675", () => {
    const wallet = buildWalletCard(
      { address: CHART_TRADERS[0]!, label: "巨鲸", tier: "S", score: 90, pnl7dUsd: 1200, pnl30dUsd: -300, winRate: 0.7, trades30d: 40, bestTrades: [{ token: "狗狗币", pnlUsd: 900, roiPct: 80 }], equity: [{ t: 0, pnlUsd: 0 }, { t: 1, pnlUsd: 5 }], asOf: END },
      { heading: "钱包盈亏", tier: "等级", unranked: "–", score: "评分", pnl7d: "7天盈亏", pnl30d: "30天盈亏", winRate: "胜率", trades: "交易数", bestTrades: "最佳交易", noTrades: "无", equity: "曲线", asOf: (t) => t },
    );
    const caller = buildCallerCard(
      { name: "Alpha", rank: 1, calls: 10, hitRate: 0.5, medianReturnPct: 10, bestReturnPct: 300, topCalls: [], asOf: END },
      { heading: "Caller", rank: "Rank", unranked: "–", calls: "Calls", hitRate: "Hit", median: "Median", best: "Best", lead: "Lead", topCalls: "Top", noCalls: "No calls yet", asOf: (t) => t },
    );
    for (const job of [wallet, caller]) expect(pngSize(renderJob(job))).toEqual({ width: 1200, height: 675 });
  });
});

describe("fonts", () => {
  /** Ink of one character drawn alone, as a bitmap. */
  function glyph(ch: string, family: string): Uint8ClampedArray {
    const canvas = createCanvas(64, 64);
    const ctx = canvas.getContext("2d");
    ctx.fillStyle = "#fff";
    ctx.font = family;
    ctx.fillText(ch, 4, 52);
    return ctx.getImageData(0, 0, 64, 64).data;
  }
  const ink = (px: Uint8ClampedArray) => px.filter((_, i) => i % 4 === 3 && px[i]! > 0).length;

  it("draws distinct glyphs for Chinese characters (no tofu boxes) with the bundled font", () => {
    ensureFonts();
    const chars = ["聪", "明", "钱", "买"];
    const bitmaps = chars.map((c) => glyph(c, font(48)));
    for (const b of bitmaps) expect(ink(b)).toBeGreaterThan(100);
    // Missing glyphs all draw as the same box; real ones differ from each other.
    for (let i = 0; i < bitmaps.length; i++) {
      for (let j = i + 1; j < bitmaps.length; j++) expect(Buffer.from(bitmaps[i]!).equals(Buffer.from(bitmaps[j]!))).toBe(false);
    }
  });

  it("measures Chinese text at full width", () => {
    ensureFonts();
    const ctx = createCanvas(10, 10).getContext("2d");
    ctx.font = font(20);
    // CJK ideographs are square: four of them are about four ems wide.
    expect(ctx.measureText("聪明钱买").width).toBeGreaterThan(70);
  });
});
