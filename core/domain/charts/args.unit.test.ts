import { describe, expect, it } from "vitest";
import { RAYDIUM_AMM_V4_PROGRAM } from "../programs.js";
import { parseChartArgs } from "./args.js";

const MINT = "B9ktH3g7mwgdoDgCgGRim6qeqPcyRVWJueXS12CMpump";
const WALLET = "GQpoa61ghhu51v6RnseVodSHkVki9XmtumBXjzBR8mQg";
// A pump.fun bonding curve: a program-owned account, not a wallet.
const CURVE = "5dhRAEw3LfUMTJcPqYSyasH45jHnWeZQmM2Hccic59SZ";

describe("parseChartArgs", () => {
  it("takes a mint with the 24h default", () => {
    expect(parseChartArgs(` ${MINT} `)).toEqual({ ok: true, mint: MINT, range: "24h", wallet: null });
  });
  it("takes a range and a wallet in either order", () => {
    expect(parseChartArgs(`${MINT} 1H`)).toEqual({ ok: true, mint: MINT, range: "1h", wallet: null });
    expect(parseChartArgs(`${MINT} ${WALLET} 7d`)).toEqual({ ok: true, mint: MINT, range: "7d", wallet: WALLET });
    expect(parseChartArgs(`${MINT} 7d ${WALLET}`)).toEqual({ ok: true, mint: MINT, range: "7d", wallet: WALLET });
  });
  it("refuses an empty command, a bad mint and a program", () => {
    expect(parseChartArgs("")).toMatchObject({ ok: false, error: "address", check: { reason: "empty" } });
    expect(parseChartArgs("0xdeadbeef")).toMatchObject({ ok: false, error: "address", check: { reason: "not-base58" } });
    expect(parseChartArgs(RAYDIUM_AMM_V4_PROGRAM)).toMatchObject({ ok: false, error: "address", check: { reason: "program" } });
  });
  it("names a word it cannot read", () => {
    expect(parseChartArgs(`${MINT} 30d`)).toEqual({ ok: false, error: "bad-arg", arg: "30d" });
    expect(parseChartArgs(`${MINT} 1h 24h`)).toEqual({ ok: false, error: "bad-arg", arg: "24h" });
  });
  it("explains a second address that is not a wallet", () => {
    expect(parseChartArgs(`${MINT} ${CURVE}`)).toMatchObject({ ok: false, error: "address", check: { reason: "off-curve" } });
  });
  it("refuses too many arguments and oversized input", () => {
    expect(parseChartArgs(`${MINT} 1h ${WALLET} extra`)).toEqual({ ok: false, error: "too-many" });
    expect(parseChartArgs("x".repeat(500))).toEqual({ ok: false, error: "too-many" });
  });
});
