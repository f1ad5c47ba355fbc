import { describe, expect, it } from "vitest";
import { KnownTokens } from "./known-tokens.js";

const t = (mint: string, decimals: number | null, symbol: string | null = null, name: string | null = null) => ({ mint, symbol, name, decimals });

describe("KnownTokens", () => {
  it("skips a mint once written, unless the upsert would add something", () => {
    const known = new KnownTokens();
    expect(known.changes(t("A", 6))).toBe(true);
    known.remember([t("A", 6)]);
    expect(known.changes(t("A", 6))).toBe(false);
    // Metadata from a create instruction, or decimals where none were known, still go out.
    expect(known.changes(t("A", 6, "PUMP", "Pump"))).toBe(true);
    known.remember([t("A", null, "PUMP", "Pump")]);
    expect(known.changes(t("A", 6, "PUMP"))).toBe(false);
    expect(known.changes(t("A", 6))).toBe(false);
    known.remember([t("B", null)]);
    expect(known.changes(t("B", null))).toBe(false);
    expect(known.changes(t("B", 9))).toBe(true);
  });

  it("starts over when full rather than growing", () => {
    const known = new KnownTokens(3);
    known.remember([t("A", 6), t("B", 6), t("C", 6)]);
    expect(known.size).toBe(3);
    known.remember([t("D", 6)]);
    expect(known.size).toBe(1);
    expect(known.changes(t("A", 6))).toBe(true);
  });
});
