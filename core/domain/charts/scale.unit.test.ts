import { describe, expect, it } from "vitest";
import { logTicks, niceScale, niceStep, timeTicks } from "./scale.js";

describe("niceStep", () => {
  it("rounds up to 1, 2, 2.5, 5 or 10 times a power of ten", () => {
    expect(niceStep(0.7)).toBe(1);
    expect(niceStep(1.7)).toBe(2);
    expect(niceStep(2.2)).toBe(2.5);
    expect(niceStep(3.1)).toBe(5);
    expect(niceStep(7)).toBe(10);
    expect(niceStep(0.0000013)).toBeCloseTo(0.000002, 12);
  });
});

describe("niceScale", () => {
  it("covers the data with round ticks", () => {
    const s = niceScale(0.0000121, 0.0000187, 5);
    expect(s.min).toBeLessThanOrEqual(0.0000121);
    expect(s.max).toBeGreaterThanOrEqual(0.0000187);
    expect(s.ticks.map((t) => t.label)).toEqual(["0.0₄12", "0.0₄14", "0.0₄16", "0.0₄18", "0.0₄20"]);
  });
  it("writes an axis that reaches 0.0001 without subscripts throughout", () => {
    const labels = niceScale(0.000012, 0.00023, 5).ticks.map((t) => t.label);
    expect(labels).toContain("0.00005");
    expect(labels.some((l) => /[₀-₉]/.test(l))).toBe(false);
  });
  it("gives a flat series a band around it", () => {
    const s = niceScale(2, 2, 4);
    expect(s.min).toBeLessThan(2);
    expect(s.max).toBeGreaterThan(2);
  });
  it("does not drift (no 0.30000000000000004)", () => {
    const labels = niceScale(0.1, 0.9, 8).ticks.map((t) => t.label);
    expect(labels).toContain("0.3");
    expect(labels.every((l) => l.length <= 4)).toBe(true);
  });
});

describe("timeTicks", () => {
  const end = Date.UTC(2026, 10, 22, 14, 0) / 1000;
  it("labels 1h every ten minutes, 24h every three hours, 7d every day", () => {
    expect(timeTicks(end - 3600, end, "1h").map((t) => t.label)).toEqual(["13:00", "13:10", "13:20", "13:30", "13:40", "13:50", "14:00"]);
    expect(timeTicks(end - 86_400, end, "24h").map((t) => t.label)).toEqual(["15:00", "18:00", "21:00", "00:00", "03:00", "06:00", "09:00", "12:00"]);
    expect(timeTicks(end - 7 * 86_400, end, "7d").map((t) => t.label)).toEqual(["11-16", "11-17", "11-18", "11-19", "11-20", "11-21", "11-22"]);
  });
});

describe("logTicks", () => {
  it("puts 1-2-5 ticks across several decades", () => {
    expect(logTicks(0.000011, 0.00023).map((t) => t.label)).toEqual(["0.00002", "0.00005", "0.0001", "0.0002"]);
  });
  it("falls back to every integer multiple inside one decade", () => {
    expect(logTicks(3.1, 9.5).map((t) => t.at)).toEqual([4, 5, 6, 7, 8, 9]);
  });
});
