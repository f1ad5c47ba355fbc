import { describe, expect, it } from "vitest";
import { addressKind, deepLink, parseInlineQuery, parseStartParam, resultId, startParam } from "./inline.js";
import { RAYDIUM_AMM_V4_PROGRAM } from "./programs.js";

const WALLET = "GQpoa61ghhu51v6RnseVodSHkVki9XmtumBXjzBR8mQg";
const MINT = "B9ktH3g7mwgdoDgCgGRim6qeqPcyRVWJueXS12CMpump";

describe("parseInlineQuery", () => {
  it("reads an empty or blank query as empty", () => {
    expect(parseInlineQuery("")).toEqual({ kind: "empty" });
    expect(parseInlineQuery("   ")).toEqual({ kind: "empty" });
  });

  it("reads a 32-byte base58 string as an address, trimmed", () => {
    expect(parseInlineQuery(` ${MINT} `)).toEqual({ kind: "address", address: MINT });
  });

  it("reads $TICKER and bare short words as upper-cased symbols", () => {
    expect(parseInlineQuery("$bonk")).toEqual({ kind: "symbol", symbol: "BONK" });
    expect(parseInlineQuery("wif")).toEqual({ kind: "symbol", symbol: "WIF" });
    expect(parseInlineQuery("$狗狗")).toEqual({ kind: "symbol", symbol: "狗狗" });
  });

  it("refuses program ids with their name", () => {
    expect(parseInlineQuery(RAYDIUM_AMM_V4_PROGRAM)).toMatchObject({ kind: "invalid", reason: "program", name: expect.stringContaining("Raydium") });
  });

  it("says why other input is invalid", () => {
    expect(parseInlineQuery("0x" + "a".repeat(40))).toEqual({ kind: "invalid", reason: "not-base58" });
    expect(parseInlineQuery(WALLET.slice(0, 20))).toMatchObject({ kind: "invalid", reason: "wrong-length" });
    expect(parseInlineQuery(WALLET + WALLET)).toEqual({ kind: "invalid", reason: "too-long" });
    expect(parseInlineQuery("$" + "A".repeat(17))).toEqual({ kind: "invalid", reason: "too-long" });
    expect(parseInlineQuery("$")).toEqual({ kind: "invalid", reason: "bad-symbol" });
    expect(parseInlineQuery("a b")).toEqual({ kind: "invalid", reason: "bad-symbol" });
  });
});

describe("addressKind", () => {
  it("prefers mint evidence, then wallet evidence, else unknown", () => {
    expect(addressKind({ knownMint: true, knownWallet: true })).toBe("mint");
    expect(addressKind({ knownMint: false, knownWallet: true })).toBe("wallet");
    expect(addressKind({ knownMint: false, knownWallet: false })).toBe("unknown");
  });
});

describe("start parameters", () => {
  it("round-trips every action within Telegram's 64-character limit", () => {
    for (const action of ["track", "top", "chart"] as const) {
      const p = startParam(action, WALLET);
      expect(p).not.toBeNull();
      expect(p!.length).toBeLessThanOrEqual(64);
      expect(p).toMatch(/^[A-Za-z0-9_-]+$/);
      expect(parseStartParam(p!)).toEqual({ action, address: WALLET });
    }
    expect(deepLink("PumpSpaceBot", startParam("top", MINT)!)).toBe(`https://t.me/PumpSpaceBot?start=top_${MINT}`);
  });

  it("refuses what it did not make", () => {
    expect(startParam("top", "not-an-address")).toBeNull();
    expect(parseStartParam("")).toBeNull();
    expect(parseStartParam("hello")).toBeNull();
    expect(parseStartParam(`sell_${MINT}`)).toBeNull();
    expect(parseStartParam(`top_${MINT.slice(0, 30)}`)).toBeNull();
    expect(parseStartParam(`top_${MINT}!`)).toBeNull();
  });

  it("keeps result ids within 64 bytes", () => {
    expect(resultId("token", MINT)).toBe(`token:${MINT}`);
    expect(resultId("info", "x".repeat(100)).length).toBe(64);
  });
});
