import { describe, expect, it } from "vitest";
import { CHART_TRADERS, SMART_TRADERS, chartLabels, syntheticTrades } from "../test-support/chart-trades.js";
import { MAX_MARKS, buildChartView, buildSeries, pickMarks, type ChartTrade, type TradeMark } from "./chart.js";

const END = Date.UTC(2026, 10, 22, 14, 0) / 1000;
const labels = chartLabels("BONK", "24h · USD · UTC");
const W1 = CHART_TRADERS[100]!;
const trade = (over: Partial<ChartTrade>): ChartTrade => ({ time: END - 100, side: "buy", priceUsd: 1, priceSol: 0.01, tokenAmount: 10, trader: W1, ...over });

describe("buildSeries", () => {
  it("buckets trades into OHLC candles in time order", () => {
    const s = buildSeries(
      [
        trade({ time: END - 3600 + 5, priceUsd: 2 }),
        trade({ time: END - 3600 + 10, priceUsd: 5 }),
        trade({ time: END - 3600 + 20, priceUsd: 1 }),
        trade({ time: END - 3600 + 50, priceUsd: 3 }),
        trade({ time: END - 60 + 1, priceUsd: 4 }),
      ],
      { range: "1h", now: END },
    );
    expect(s.from).toBe(END - 3600);
    expect(s.to).toBe(END);
    expect(s.candles).toEqual([
      { t: END - 3600, o: 2, h: 5, l: 1, c: 3, n: 4 },
      { t: END - 60, o: 4, h: 4, l: 4, c: 4, n: 1 },
    ]);
    expect(s.trades).toBe(5);
  });

  it("sorts out-of-order input and drops trades outside the window", () => {
    const s = buildSeries(
      [trade({ time: END - 30, priceUsd: 9 }), trade({ time: END - 50, priceUsd: 7 }), trade({ time: END - 7200, priceUsd: 100 }), trade({ time: END + 10, priceUsd: 100 })],
      { range: "1h", now: END },
    );
    expect(s.candles).toEqual([{ t: END - 60, o: 7, h: 9, l: 7, c: 9, n: 2 }]);
  });

  it("ends the window at the next bucket boundary, so the view is stable within a bucket", () => {
    const a = buildSeries([trade({})], { range: "24h", now: END - 850 });
    const b = buildSeries([trade({})], { range: "24h", now: END - 10 });
    expect(a.to).toBe(END);
    expect(b).toEqual(a);
  });

  it("splits volume into buys and sells in the chart's currency", () => {
    const s = buildSeries([trade({ side: "buy", priceUsd: 2, tokenAmount: 10 }), trade({ side: "sell", priceUsd: 3, tokenAmount: 1 })], { range: "1h", now: END });
    expect(s.currency).toBe("USD");
    expect(s.volumes).toEqual([{ t: END - 120, buy: 20, sell: 3 }]);
  });

  it("charts in SOL when most trades have no USD price", () => {
    const s = buildSeries([trade({ priceUsd: null, priceSol: 0.5 }), trade({ priceUsd: null, priceSol: 0.7 }), trade({ priceUsd: 1 })], { range: "1h", now: END });
    expect(s.currency).toBe("SOL");
    expect(s.candles[0]).toMatchObject({ o: 0.5, c: 0.01, h: 0.7 });
  });

  it("marks smart money and the chosen wallet, aggregated per bucket and side", () => {
    const smart = [...SMART_TRADERS][0]!;
    const s = buildSeries(
      [
        trade({ trader: smart, priceUsd: 1, tokenAmount: 10 }),
        trade({ trader: smart, priceUsd: 3, tokenAmount: 30 }),
        trade({ trader: smart, side: "sell", priceUsd: 2 }),
        trade({ trader: W1, priceUsd: 2 }),
        trade({ trader: CHART_TRADERS[150]!, priceUsd: 2 }),
      ],
      { range: "1h", now: END, smartWallets: SMART_TRADERS, wallet: W1 },
    );
    const byKey = Object.fromEntries(s.marks.map((m) => [`${m.kind}-${m.side}`, m]));
    expect(Object.keys(byKey).sort()).toEqual(["smart-buy", "smart-sell", "wallet-buy"]);
    // Volume-weighted: (1·10 + 3·90) / 100 = 2.8
    expect(byKey["smart-buy"]).toMatchObject({ count: 2, volume: 100 });
    expect(byKey["smart-buy"]!.price).toBeCloseTo(2.8, 10);
    expect(byKey["wallet-buy"]).toMatchObject({ count: 1, price: 2 });
  });

  it("ignores unpriced and non-finite trades", () => {
    const s = buildSeries([trade({ priceUsd: null, priceSol: null }), trade({ priceUsd: Number.POSITIVE_INFINITY, priceSol: null }), trade({ priceUsd: 0, priceSol: 0 })], { range: "1h", now: END });
    expect(s.candles).toEqual([]);
    expect(s.trades).toBe(0);
  });
});

describe("buildChartView", () => {
  it("returns null for a chart with no data", () => {
    expect(buildChartView(buildSeries([], { range: "24h", now: END }), labels)).toBeNull();
  });

  it("lays out 10,000 trades: candles, axis around the bodies, legend for marks present", () => {
    const trades = syntheticTrades({ count: 10_000, end: END, span: 86_400 });
    const view = buildChartView(buildSeries(trades, { range: "24h", now: END, smartWallets: SMART_TRADERS }), labels)!;
    expect(view.style).toBe("candles");
    expect(view.candles).toHaveLength(96);
    for (const c of view.candles) {
      expect(Math.min(c.o, c.c)).toBeGreaterThanOrEqual(view.y.min);
      expect(Math.max(c.o, c.c)).toBeLessThanOrEqual(view.y.max);
    }
    expect(view.y.ticks.length).toBeGreaterThanOrEqual(3);
    expect(view.x.ticks.map((t) => t.label)).toContain("00:00");
    expect(view.marks.length).toBeLessThanOrEqual(MAX_MARKS);
    expect(view.legend.map((l) => l.label)).toEqual(["Smart buy", "Smart sell"]);
    expect(view.footer).toBe("10000 trades");
    expect(view.price).toMatch(/^\$0\.0₄\d+$/);
  });

  it("turns the price axis logarithmic for a token that moved more than eightfold", () => {
    const pump = Array.from({ length: 100 }, (_, i) => trade({ time: END - 86_000 + i * 800, priceUsd: 1 + i / 5 }));
    const view = buildChartView(buildSeries(pump, { range: "24h", now: END }), labels)!;
    expect(view.y.log).toBe(true);
    expect(view.y.min).toBeLessThan(1);
    expect(view.y.max).toBeGreaterThan(20.8);
    const calm = buildChartView(buildSeries(pump.slice(0, 20), { range: "24h", now: END }), labels)!;
    expect(calm.y.log).toBe(false);
  });

  it("keeps a dust trade at a silly price from squashing the axis", () => {
    const trades = Array.from({ length: 200 }, (_, i) => trade({ time: END - 86_000 + i * 400, priceUsd: 1 + (i % 10) / 100 }));
    trades.push(trade({ time: END - 50_000, priceUsd: 1000 }));
    const view = buildChartView(buildSeries(trades, { range: "24h", now: END }), labels)!;
    expect(view.y.max).toBeLessThan(2);
  });

  it("draws a line for a token that traded in only a few buckets, with its change", () => {
    const view = buildChartView(buildSeries([trade({ time: END - 5000, priceUsd: 2 }), trade({ time: END - 100, priceUsd: 3 })], { range: "24h", now: END }), labels)!;
    expect(view.style).toBe("line");
    expect(view.change).toBe("+50.0%");
    expect(view.trend).toBe(1);
    expect(view.legend).toEqual([]);
  });
});

describe("pickMarks", () => {
  it("keeps the chosen wallet's marks and the largest smart trades", () => {
    const marks: TradeMark[] = Array.from({ length: 60 }, (_, i) => ({ t: i, price: 1, side: "buy", kind: "smart", count: 1, volume: i }));
    marks.push({ t: 5, price: 1, side: "sell", kind: "wallet", count: 1, volume: 0 });
    const picked = pickMarks(marks, 10);
    expect(picked).toHaveLength(10);
    expect(picked.filter((m) => m.kind === "wallet")).toHaveLength(1);
    expect(picked.filter((m) => m.kind === "smart").every((m) => m.volume >= 51)).toBe(true);
    expect(picked.map((m) => m.t)).toEqual([...picked.map((m) => m.t)].sort((a, b) => a - b));
  });
});
