import { describe, expect, it } from "vitest";
import { createI18n, translator } from "../i18n.js";
import { alertActionRows, formatLatency, latencyLine, packAction, renderDigest, tokenIndexForChat, unpackAction } from "./alert-delivery.js";
import { buildWalletSwapAlert } from "./alerts.js";
import { WSOL_MINT, type Swap } from "./swap.js";

const i18n = createI18n();
const en = translator(i18n, "en");
const zh = translator(i18n, "zh");
const MINT = "FstBRGMkNKf4wNvfieYUPS9YsbNoQJMCh6v89zajpump";
const WALLET = "3P2pmfQAFTwcC1xWtYbVYoRn3hngya8Kd9jMaF5GfnUa";

const swap = (side: "buy" | "sell", blockTime: number | null): Swap => ({
  signature: `5${"z".repeat(80)}`,
  slot: 1,
  blockTime,
  ixPath: "1",
  dex: "pumpfun",
  programId: "6EF8rrecthR5Dkzon8Nwu78hRvfCKubJ14M5uBEwF6P",
  pool: null,
  trader: WALLET,
  mintIn: side === "buy" ? WSOL_MINT : MINT,
  amountIn: side === "buy" ? 2_000_000_000n : 5_000_000n,
  decimalsIn: side === "buy" ? 9 : 6,
  mintOut: side === "buy" ? MINT : WSOL_MINT,
  amountOut: side === "buy" ? 5_000_000n : 2_000_000_000n,
  decimalsOut: side === "buy" ? 6 : 9,
  priceSol: null,
  priceUsd: null,
});

describe("alert actions", () => {
  it("pack and unpack every verb, refusing foreign or oversized data", () => {
    for (const verb of ["token", "wallet", "track", "untrack", "mute-token", "mute-rule"] as const) {
      expect(unpackAction(packAction({ verb, value: MINT }))).toEqual({ verb, value: MINT });
    }
    expect(Buffer.byteLength(packAction({ verb: "mute-token", value: MINT }))).toBeLessThanOrEqual(64);
    expect(() => packAction({ verb: "mute-rule", value: "x".repeat(60) })).toThrow(RangeError);
    expect(unpackAction("lang:zh")).toBeNull();
    expect(unpackAction("token:")).toBeNull();
    expect(unpackAction("nocolon")).toBeNull();
  });

  it("offer untrack for a tracked wallet, track otherwise, and mute-rule only with a rule", () => {
    const alert = { tokenMint: MINT, wallet: WALLET };
    const tracked = alertActionRows(alert, { tracked: true }, en).flat();
    expect(tracked.map((b) => ("callback_data" in b ? b.callback_data : ""))).toEqual([
      `token:${MINT}`,
      `wallet:${WALLET}`,
      `untrack:${WALLET}`,
      `mute-token:${MINT}`,
    ]);
    const withRule = alertActionRows(alert, { tracked: false, ruleId: "42" }, zh).flat();
    expect(withRule.map((b) => b.text)).toEqual(["🪙 代币", "👛 钱包卡片", "➕ 跟踪钱包", "🔕 屏蔽代币", "🔕 屏蔽规则"]);
    expect(withRule.at(-1)).toMatchObject({ callback_data: "mute-rule:42" });
  });
});

describe("latency", () => {
  it("formats small and large latencies", () => {
    expect(formatLatency(840)).toBe("0.84 s");
    expect(formatLatency(12_400)).toBe("12 s");
    expect(formatLatency(180_000)).toBe("3 min");
    expect(formatLatency(-5)).toBe("0.00 s");
    expect(formatLatency(5 * 3600_000)).toBe("5 h");
    expect(formatLatency(541 * 86_400_000)).toBe("541 d");
  });

  it("states block and send times in UTC, in both languages", () => {
    const block = Date.UTC(2026, 10, 22, 2, 45, 1) / 1000;
    const sent = block * 1000 + 1_230;
    expect(latencyLine(block, sent, en)).toBe("⏱ block 02:45:01 → sent 02:45:02 UTC (1.23 s)");
    expect(latencyLine(block, sent, zh)).toBe("⏱ 出块 02:45:01 → 发送 02:45:02 UTC（1.23 s）");
    expect(latencyLine(null, sent, en)).toBe("⏱ sent 02:45:02 UTC (block time unknown)");
  });
});

describe("digest", () => {
  it("lists every alert with its own latency, escapes labels, and offers each token once", () => {
    const now = Date.UTC(2026, 10, 22, 3, 0, 10);
    const a = buildWalletSwapAlert(swap("buy", now / 1000 - 4), "<whale>", new Map([[MINT, "PEPE"]]));
    const b = buildWalletSwapAlert(swap("sell", now / 1000 - 2), null, new Map([[MINT, "PEPE"]]));
    const { text, reply_markup } = renderDigest([a, b], now, en);
    expect(text).toContain("<b>2 alerts</b>");
    expect(text).toContain("🟢 &lt;whale&gt; bought <b>5</b> PEPE for 2 SOL · ⏱ 4.00 s");
    expect(text).toContain("🔴 3P2p…fnUa sold <b>5</b> PEPE for 2 SOL · ⏱ 2.00 s");
    expect(reply_markup.inline_keyboard.flat()).toEqual([{ text: "🪙 PEPE", callback_data: `token:${MINT}` }]);
  });
});

describe("token assignment", () => {
  it("is stable, spreads chats over the tokens, and moves few chats when a token is added", () => {
    const ids = Array.from({ length: 3000 }, (_, i) => BigInt(-1001000000000 - i * 7919));
    const three = ids.map((id) => tokenIndexForChat(id, 3));
    expect(ids.map((id) => tokenIndexForChat(id, 3))).toEqual(three);
    for (let k = 0; k < 3; k++) {
      const share = three.filter((x) => x === k).length / ids.length;
      expect(share).toBeGreaterThan(0.28);
      expect(share).toBeLessThan(0.39);
    }
    const four = ids.map((id) => tokenIndexForChat(id, 4));
    const moved = four.filter((x, i) => x !== three[i]).length / ids.length;
    // Ideal is 1/4 of the chats; a modulo hash would move about 3/4.
    expect(moved).toBeGreaterThan(0.18);
    expect(moved).toBeLessThan(0.32);
    expect(four.every((x, i) => x === three[i] || x === 3)).toBe(true);
    expect(tokenIndexForChat(123n, 1)).toBe(0);
  });
});
