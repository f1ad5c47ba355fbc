import { describe, expect, it } from "vitest";
import { createI18n, translator } from "../i18n.js";
import { ALERT_KIND_WALLET_SWAP, buildWalletSwapAlert, type WalletSwapAlert } from "./alerts.js";
import { dexName, formatPrice, formatTokenAmount, renderWalletSwapAlert } from "./alert-render.js";
import { WSOL_MINT, type Swap } from "./swap.js";

const i18n = createI18n();
const en = translator(i18n, "en");
const zh = translator(i18n, "zh");

const WALLET = "GQpoa61ghhu51v6RnseVodSHkVki9XmtumBXjzBR8mQg";
const MINT = "B9ktH3g7mwgdoDgCgGRim6qeqPcyRVWJueXS12CMpump";
const SIG = "2wkECde79GonSzGYRNsFq3d1PS6NyGErXx7wtZ4zrFsT5vgfCcw2TWfv5Z8GhiDpWLuyjW9sDU3FTqHuJ6jCYtWt";

const alert: WalletSwapAlert = {
  kind: ALERT_KIND_WALLET_SWAP,
  key: `${SIG}-2`,
  signature: SIG,
  slot: 300_000_000,
  blockTime: 1_730_000_000,
  wallet: WALLET,
  walletLabel: `<b>&"x"</b>`,
  side: "buy",
  dex: "pumpfun",
  tokenMint: MINT,
  tokenSymbol: "<script>alert(1)</script>",
  tokenAmount: "1234567890123",
  tokenDecimals: 6,
  quoteMint: WSOL_MINT,
  quoteSymbol: "SOL",
  quoteAmount: "2500000000",
  quoteDecimals: 9,
  priceSol: 0.0000000285,
  priceUsd: 0.00000427,
};

/** Strips our own tags to see what a user reads. */
const visible = (html: string): string => html.replace(/<[^>]+>/g, "");

describe("formatTokenAmount", () => {
  it.each([
    ["0", 6, "0"],
    ["123", 6, "0.000123"],
    ["500000000", 9, "0.5"],
    ["2500000000", 9, "2.5"],
    ["123456", 3, "123.5"],
    ["12345600", 3, "12,345.6"],
    ["999999960", 3, "1M"],
    ["1234567890123", 6, "1.23M"],
    ["1200000000000", 6, "1.2M"],
    ["987654321000000000", 9, "987.65M"],
    ["4200000000000000000", 9, "4.2B"],
    ["1000000000000000000", 6, "1T"],
    ["1000000000000000000000", 6, "1,000T"],
    ["18446744073709551615", 0, "18,446,744.07T"],
  ])("%s with %i decimals is %s", (raw, decimals, expected) => {
    expect(formatTokenAmount(raw, decimals)).toBe(expected);
  });

  it("takes bigints", () => {
    expect(formatTokenAmount(12345600n, 3)).toBe("12,345.6");
  });
});

describe("formatPrice", () => {
  it.each([
    [0, "0"],
    [1234.567, "1,234.57"],
    [152.3456, "152.3"],
    [1, "1"],
    [0.5, "0.5"],
    [0.00123, "0.00123"],
    [0.0001234, "0.0001234"],
    [0.00001234, "0.0₄1234"],
    [0.0000000285, "0.0₇285"],
    [0.000000099999, "0.0₆1"],
    [1.5e-12, "0.0₁₁15"],
  ])("%d is %s", (n, expected) => {
    expect(formatPrice(n)).toBe(expected);
  });
});

describe("dexName", () => {
  it("names the DEXes and leaves unknown ids as they are", () => {
    expect(dexName("raydium-amm-v4")).toBe("Raydium AMM v4");
    expect(dexName("pumpfun")).toBe("Pump.fun");
    expect(dexName("pumpswap")).toBe("PumpSwap");
    expect(dexName("new-dex")).toBe("new-dex");
  });
});

describe("renderWalletSwapAlert", () => {
  it("escapes the label and the symbol, and keeps our own tags", () => {
    const { text } = renderWalletSwapAlert(alert, en);
    expect(text).toContain("&lt;b&gt;&amp;&quot;x&quot;&lt;/b&gt;");
    expect(text).toContain("&lt;script&gt;alert(1)&lt;/script&gt;".slice(0, 20));
    expect(text).not.toContain("<script>");
    expect(text).not.toContain(`<b>&"x"</b>`);
    // Every tag left is one we wrote.
    for (const tag of text.match(/<\/?([a-z]+)/g) ?? []) expect(["<b", "</b", "<a", "</a", "<code", "</code"]).toContain(tag);
  });

  it("says who bought what for how much, at which price, on which DEX (English)", () => {
    const { text } = renderWalletSwapAlert({ ...alert, walletLabel: "Whale", tokenSymbol: "BONK" }, en);
    expect(visible(text)).toContain("🟢 BUY · Whale bought 1.23M BONK for 2.5 SOL");
    expect(visible(text)).toContain("Price: 0.0₇285 SOL · $0.0₅427");
    expect(visible(text)).toContain("DEX: Pump.fun");
    expect(text).toContain(`<code>${MINT}</code>`);
  });

  it("speaks Chinese", () => {
    const { text, reply_markup } = renderWalletSwapAlert({ ...alert, side: "sell", walletLabel: "聪明钱", tokenSymbol: "BONK" }, zh);
    expect(visible(text)).toContain("🔴 卖出 · 聪明钱 卖出 1.23M BONK，得到 2.5 SOL");
    expect(visible(text)).toContain("价格：");
    expect(reply_markup.inline_keyboard[0]?.map((b) => b.text)).toEqual(["🔎 交易详情", "👛 钱包", "📈 K 线图"]);
  });

  it("links the transaction, the wallet and the chart, in the text and as buttons", () => {
    const { text, reply_markup } = renderWalletSwapAlert(alert, en);
    const urls = [`https://solscan.io/tx/${SIG}`, `https://solscan.io/account/${WALLET}`, `https://dexscreener.com/solana/${MINT}`];
    for (const url of urls) expect(text).toContain(`href="${url}"`);
    expect(reply_markup.inline_keyboard[0]!.map((b) => ("url" in b ? b.url : undefined))).toEqual(urls);
  });

  it("says when the DEX is not recognised", () => {
    expect(visible(renderWalletSwapAlert({ ...alert, dex: "unknown" }, en).text)).toContain("DEX: an unrecognised DEX");
    expect(visible(renderWalletSwapAlert({ ...alert, dex: "unknown" }, zh).text)).toContain("DEX：未识别的 DEX");
  });

  it("falls back to short addresses without label or symbol, and drops an unknown price", () => {
    const { text } = renderWalletSwapAlert({ ...alert, walletLabel: null, tokenSymbol: null, priceSol: null, priceUsd: null }, en);
    expect(visible(text)).toContain("GQpo…8mQg bought 1.23M B9kt…pump for 2.5 SOL");
    expect(text).not.toContain("Price:");
  });

  it("stays far below 4096 characters with the longest, most escaped inputs", () => {
    const worst = { ...alert, walletLabel: "&".repeat(500), tokenSymbol: '"'.repeat(500), quoteSymbol: "<".repeat(500), dex: "<x>" };
    for (const t of [en, zh]) {
      const { text } = renderWalletSwapAlert(worst, t);
      expect(text.length).toBeLessThan(1500);
      expect(text).toContain("&lt;x&gt;");
    }
  });

  it("renders what buildWalletSwapAlert builds from a swap", () => {
    const swap: Swap = {
      signature: SIG,
      slot: 1,
      blockTime: null,
      ixPath: "3",
      dex: "raydium-amm-v4",
      programId: "675kPX9MHTjS2zt1qfr1NYHuzeLXfQM9H24wFSUt1Mp8",
      pool: null,
      trader: WALLET,
      mintIn: MINT,
      amountIn: 5_000_000_000n,
      decimalsIn: 6,
      mintOut: WSOL_MINT,
      amountOut: 1_000_000_000n,
      decimalsOut: 9,
      priceSol: null,
      priceUsd: null,
    };
    const built = buildWalletSwapAlert(swap, null, new Map([[MINT, "TEST"]]));
    const { text } = renderWalletSwapAlert(built, en);
    expect(visible(text)).toContain("🔴 SELL · GQpo…8mQg sold 5,000 TEST for 1 SOL");
    expect(visible(text)).toContain("Price: 0.0002 SOL");
    expect(visible(text)).toContain("DEX: Raydium AMM v4");
  });
});
