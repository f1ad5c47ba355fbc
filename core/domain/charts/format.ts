/**
 * Number and time labels for pictures: prices that span twelve orders of magnitude (a fresh
 * pump.fun token trades near 0.000003 USD, SOL near 150), compact volumes, signed percentages,
 * and UTC time labels per chart range.
 *
 * Tiny prices use the subscript-zero notation traders read on DEX screens: 0.00001234 is
 * "0.0₄1234" (four zeros after the point). The renderer draws the subscript digits itself, so no
 * font needs them.
 */

const SUBSCRIPT_DIGITS = "₀₁₂₃₄₅₆₇₈₉";

/** "4" -> "₄"; used for the count of zeros in the compact tiny-price notation. */
export function subscript(n: number): string {
  return [...String(n)].map((d) => SUBSCRIPT_DIGITS[Number(d)] ?? d).join("");
}

/** True for the subscript digits `subscript` produces (the renderer draws them smaller). */
export function isSubscriptDigit(ch: string): boolean {
  return SUBSCRIPT_DIGITS.includes(ch);
}

/** Leading zeros after the decimal point from which a price is written compactly. */
const COMPACT_ZEROS = 4;

/**
 * Compresses the leading zeros of a fixed-point decimal string: "0.00001234" -> "0.0₄1234".
 * Strings with fewer than four leading zeros, or not below 1, come back unchanged.
 */
export function compactZeros(fixed: string): string {
  const m = /^(-?)0\.(0+)(\d*)$/.exec(fixed);
  if (!m || m[2]!.length < COMPACT_ZEROS) return fixed;
  return `${m[1]}0.0${subscript(m[2]!.length)}${m[3] === "" ? "0" : m[3]}`;
}

/** Drops trailing zeros after a decimal point only: "1.50" -> "1.5", "500" stays. */
function trimZeros(fixed: string): string {
  return fixed.includes(".") ? fixed.replace(/0+$/, "").replace(/\.$/, "") : fixed;
}

function withThousands(intPart: string): string {
  return intPart.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

/**
 * A price with four significant digits, thousands separated, tiny prices compacted.
 *
 * @example formatPrice(0.00001234) // "0.0₄1234"
 * @example formatPrice(152.3456)   // "152.35"
 */
export function formatPrice(p: number): string {
  if (!Number.isFinite(p)) return "–";
  if (p === 0) return "0";
  const abs = Math.abs(p);
  const sign = p < 0 ? "-" : "";
  if (abs >= 1000) {
    const [i, f] = abs.toFixed(abs >= 100_000 ? 0 : 2).split(".");
    return sign + withThousands(i!) + (f ? `.${f}` : "");
  }
  if (abs >= 1) return sign + trimZeros(abs.toFixed(abs >= 100 ? 2 : abs >= 10 ? 3 : 4));
  // Four significant digits below 1: decimals = zeros after the point + 4.
  const zeros = Math.max(0, -Math.floor(Math.log10(abs)) - 1);
  const fixed = trimZeros(abs.toFixed(Math.min(zeros + 4, 20)));
  return sign + compactZeros(fixed);
}

/** A price with a currency: "$0.0₄1234" or "0.0₄1234 SOL". */
export function formatPriceIn(p: number, currency: "USD" | "SOL"): string {
  return currency === "USD" ? `$${formatPrice(p)}` : `${formatPrice(p)} SOL`;
}

/**
 * A tick value printed with just enough decimals for its step (ticks 0.000012, 0.000014 must not
 * both print as 0.00001), compacted like prices.
 */
export function formatTick(value: number, step: number, compact = true): string {
  if (value === 0) return "0";
  const decimals = Math.max(0, Math.min(20, -Math.floor(Math.log10(step) + 1e-9) + (isHalfStep(step) ? 1 : 0)));
  const fixed = Math.abs(value).toFixed(decimals);
  const sign = value < 0 ? "-" : "";
  if (Math.abs(value) >= 1000) {
    const [i, f] = fixed.split(".");
    return sign + withThousands(i!) + (f ? `.${f}` : "");
  }
  return sign + (compact ? compactZeros(fixed) : fixed);
}

/** Steps like 0.25 or 2.5 need one more decimal than their power of ten. */
function isHalfStep(step: number): boolean {
  const mantissa = step / 10 ** Math.floor(Math.log10(step) + 1e-9);
  return Math.abs(mantissa - 2.5) < 1e-6;
}

/**
 * Volumes and PnL amounts: 950, 12.3K, 4.56M, 1.2B.
 *
 * @example formatCompact(12345) // "12.3K"
 */
export function formatCompact(v: number): string {
  if (!Number.isFinite(v)) return "–";
  const abs = Math.abs(v);
  const sign = v < 0 ? "-" : "";
  const units: [number, string][] = [
    [1e9, "B"],
    [1e6, "M"],
    [1e3, "K"],
  ];
  for (const [size, unit] of units) {
    if (abs >= size) {
      const x = abs / size;
      return `${sign}${trimZeros(x.toFixed(x >= 100 ? 0 : x >= 10 ? 1 : 2))}${unit}`;
    }
  }
  if (abs >= 1) return sign + trimZeros(abs.toFixed(abs >= 100 ? 0 : abs >= 10 ? 1 : 2));
  if (abs === 0) return "0";
  return sign + formatPrice(abs);
}

/** A USD amount with its sign: "+$1.2K", "-$35", "$0". */
export function formatUsdSigned(v: number): string {
  if (v === 0 || !Number.isFinite(v)) return "$0";
  return `${v > 0 ? "+" : "-"}$${formatCompact(Math.abs(v))}`;
}

/** A percentage with its sign and sensible precision: "+12.3%", "-4.05%", "+1,234%". */
export function formatPct(pct: number): string {
  if (!Number.isFinite(pct)) return "–";
  const abs = Math.abs(pct);
  const body = abs >= 1000 ? withThousands(abs.toFixed(0)) : abs >= 100 ? abs.toFixed(0) : abs >= 10 ? abs.toFixed(1) : abs.toFixed(2);
  return `${pct > 0 ? "+" : pct < 0 ? "-" : ""}${body}%`;
}

const pad2 = (n: number) => String(n).padStart(2, "0");

/** "14:05" in UTC. */
export function formatClock(sec: number): string {
  const d = new Date(sec * 1000);
  return `${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}`;
}

/** "11-22" (month-day) in UTC. */
export function formatMonthDay(sec: number): string {
  const d = new Date(sec * 1000);
  return `${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`;
}

/** "2026-11-22 14:05 UTC". */
export function formatDateTime(sec: number): string {
  const d = new Date(sec * 1000);
  return `${d.getUTCFullYear()}-${formatMonthDay(sec)} ${formatClock(sec)} UTC`;
}

/** The first and last four characters of an address: "GQpo…8mQg". */
export function shortAddress(address: string): string {
  return address.length <= 10 ? address : `${address.slice(0, 4)}…${address.slice(-4)}`;
}
