import { describe, expect, it } from "vitest";
import { compactZeros, formatClock, formatCompact, formatMonthDay, formatPct, formatPrice, formatPriceIn, formatTick, formatUsdSigned, shortAddress } from "./format.js";

describe("prices", () => {
  it("writes tiny prices with a subscript zero count", () => {
    expect(formatPrice(0.00001234)).toBe("0.0₄1234");
    expect(formatPrice(0.000000005678)).toBe("0.0₈5678");
    expect(formatPriceIn(0.00001234, "USD")).toBe("$0.0₄1234");
    expect(formatPriceIn(0.00001234, "SOL")).toBe("0.0₄1234 SOL");
  });
  it("keeps three zeros or fewer written out", () => {
    expect(formatPrice(0.0001234)).toBe("0.0001234");
    expect(formatPrice(0.5)).toBe("0.5");
    expect(compactZeros("0.000123")).toBe("0.000123");
  });
  it("gives four significant digits for ordinary prices and separators for large ones", () => {
    expect(formatPrice(1.23456)).toBe("1.2346");
    expect(formatPrice(152.3456)).toBe("152.35");
    expect(formatPrice(100)).toBe("100");
    expect(formatPrice(64_250.5)).toBe("64,250.50");
    expect(formatPrice(0)).toBe("0");
    expect(formatPrice(Number.NaN)).toBe("–");
  });
});

describe("ticks", () => {
  it("prints just enough decimals for the step", () => {
    expect(formatTick(0.000012, 0.000002)).toBe("0.0₄12");
    expect(formatTick(0.000012, 0.000002, false)).toBe("0.000012");
    expect(formatTick(0.25, 0.25)).toBe("0.25");
    expect(formatTick(2.5, 2.5)).toBe("2.5");
    expect(formatTick(150, 10)).toBe("150");
    expect(formatTick(12_000, 1000)).toBe("12,000");
  });
});

describe("amounts and percentages", () => {
  it("compacts volumes without eating integer zeros", () => {
    expect(formatCompact(500)).toBe("500");
    expect(formatCompact(12_345)).toBe("12.3K");
    expect(formatCompact(4_560_000)).toBe("4.56M");
    expect(formatCompact(100_000)).toBe("100K");
    expect(formatCompact(1.5)).toBe("1.5");
  });
  it("signs USD and percentages", () => {
    expect(formatUsdSigned(-500)).toBe("-$500");
    expect(formatUsdSigned(12_345)).toBe("+$12.3K");
    expect(formatUsdSigned(0)).toBe("$0");
    expect(formatPct(12.345)).toBe("+12.3%");
    expect(formatPct(-4.05)).toBe("-4.05%");
    expect(formatPct(1234)).toBe("+1,234%");
    expect(formatPct(0)).toBe("0.00%");
  });
});

describe("times and addresses", () => {
  it("labels UTC times", () => {
    const t = Date.UTC(2026, 10, 22, 14, 5) / 1000;
    expect(formatClock(t)).toBe("14:05");
    expect(formatMonthDay(t)).toBe("11-22");
  });
  it("shortens addresses", () => {
    expect(shortAddress("GQpoa61ghhu51v6RnseVodSHkVki9XmtumBXjzBR8mQg")).toBe("GQpo…8mQg");
  });
});
