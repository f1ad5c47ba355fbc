// The token card view model and its rendering, on fixed test data (facts and a stats snapshot
// written here, not taken from the live windows).
import { describe, expect, it } from "vitest";
import { createI18n, translator } from "../i18n.js";
import type { TokenFacts } from "./token-facts.js";
import type { TokenStatsSnapshot, TokenWindowStats } from "./token-stats.js";
import { buildTokenCard, formatAge, formatCompact, formatPct, formatUsd, renderTokenCard, type TokenCardModel } from "./token-card.js";

const i18n = createI18n();
const en = translator(i18n, "en");
const zh = translator(i18n, "zh");
const visible = (html: string): string => html.replace(/<[^>]+>/g, "").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");

const MINT = "B9ktH3g7mwgdoDgCgGRim6qeqPcyRVWJueXS12CMpump";
const NOW = 1_800_000_000;

const facts: TokenFacts = {
  mint: MINT,
  program: "spl-token",
  symbol: "TEST",
  name: "Test Data Token",
  uri: null,
  decimals: 6,
  supply: 1_000_000_000_000000n, // 1B tokens
  mintAuthority: null,
  freezeAuthority: null,
  riskyExtensions: [],
  transferFeeBps: null,
  top10HolderShare: 0.234,
  fetchedAt: NOW - 60,
  extensions: [],
  metadataMutable: false,
};

const win = (over: Partial<TokenWindowStats>): TokenWindowStats => ({
  openPriceSol: null,
  openPriceUsd: null,
  changePct: null,
  volumeSol: 0,
  volumeUsd: 0,
  buys: 0,
  sells: 0,
  buyVolumeSol: 0,
  sellVolumeSol: 0,
  buyVolumeUsd: 0,
  sellVolumeUsd: 0,
  traders: 0,
  ...over,
});

/** A fixed stats snapshot (test data, not from the live windows). */
const stats: TokenStatsSnapshot = {
  mint: MINT,
  priceSol: 0.0000000285,
  priceUsd: 0.00000427,
  lastTradeAt: NOW - 5,
  firstTradeAt: NOW - (3 * 86_400 + 4 * 3600 + 100),
  windows: {
    "5m": win({ changePct: 1.23 }),
    "1h": win({ changePct: -4.56, volumeUsd: 45_300 }),
    "6h": win({ changePct: null }),
    "24h": win({ changePct: 1234.5, volumeUsd: 1_234_567, volumeSol: 8_200, buys: 1234, sells: 987, traders: 456 }),
  },
  liquidityUsd: 300_000,
  topPools: [
    { pool: "5dhRAEw3LfUMTJcPqYSyasH45jHnWeZQmM2Hccic59SZ", dex: "pumpfun", volumeUsd: 900_000 },
    { pool: "8sLbNZoA1cfnvMJLPfp98ZLAnFSYCFApfJKMbiXNLwxj", dex: "pumpswap", volumeUsd: 300_000 },
    { pool: "58oQChx4yWmvKdwLLZzBi4ChoCc2fqCUWBkwMihLYQo2", dex: "raydium-amm-v4", volumeUsd: 30_000 },
    { pool: "Czfq3xZZDmsdGdUyrNLtRhGc47cXcZtLG4crryfu44zE", dex: "orca-whirlpool", volumeUsd: 1_000 },
  ],
};

function card(view: ReturnType<typeof buildTokenCard>): TokenCardModel {
  if (view.kind !== "card") throw new Error(view.kind);
  return view;
}

describe("number formats", () => {
  it.each([
    [0, "0"],
    [0.5, "0.5"],
    [999.994, "999.99"],
    [1234, "1.2K"],
    [999_960, "1M"],
    [1_234_567, "1.2M"],
    [12_345_678, "12.3M"],
    [4.2e9, "4.2B"],
  ])("compact %d is %s", (v, s) => expect(formatCompact(v)).toBe(s));

  it("formats USD, percentages and ages", () => {
    expect(formatUsd(1_200_000)).toBe("$1.2M");
    expect(formatPct(12.34)).toBe("+12.3%");
    expect(formatPct(-4.56)).toBe("−4.6%");
    expect(formatPct(1234.5)).toBe("+1,235%");
    expect(formatPct(0.01)).toBe("0%");
    expect(formatAge(45 * 60)).toBe("45m");
    expect(formatAge(5 * 3600 + 12 * 60)).toBe("5h 12m");
    expect(formatAge(3 * 86_400 + 4 * 3600)).toBe("3d 4h");
    expect(formatAge(400 * 86_400 + 3600)).toBe("400d");
  });
});

describe("buildTokenCard", () => {
  it("combines facts and stats: market cap from the supply, age from the first trade", () => {
    const c = card(buildTokenCard(MINT, { ok: true, facts }, stats, NOW));
    // 1B tokens × $0.00000427
    expect(c.marketCapUsd).toBeCloseTo(4270, 6);
    expect(c.ageSec).toBe(3 * 86_400 + 4 * 3600 + 100);
    expect(c.changes).toEqual([
      { window: "5m", pct: 1.23 },
      { window: "1h", pct: -4.56 },
      { window: "6h", pct: null },
      { window: "24h", pct: 1234.5 },
    ]);
    expect(c.topPools).toHaveLength(3);
    expect(c.risks).toEqual([]);
    expect(c.authoritiesRenounced).toBe(true);
  });

  it("lists risks most harmful first", () => {
    const risky: TokenFacts = {
      ...facts,
      mintAuthority: "GQpoa61ghhu51v6RnseVodSHkVki9XmtumBXjzBR8mQg",
      freezeAuthority: "GQpoa61ghhu51v6RnseVodSHkVki9XmtumBXjzBR8mQg",
      riskyExtensions: ["transferFee", "permanentDelegate", "transferHook", "nonTransferable", "defaultAccountStateFrozen"],
      transferFeeBps: 250,
      extensions: ["PausableConfig"],
      top10HolderShare: 0.81,
      metadataMutable: true,
    };
    const c = card(buildTokenCard(MINT, { ok: true, facts: risky }, stats, NOW));
    expect(c.risks.map((r) => r.kind)).toEqual([
      "permanentDelegate",
      "nonTransferable",
      "defaultAccountStateFrozen",
      "freezeAuthority",
      "mintAuthority",
      "transferHook",
      "transferFee",
      "pausable",
      "concentrated",
      "metadataMutable",
    ]);
    expect(c.authoritiesRenounced).toBe(false);
  });

  it("answers not-a-mint and unavailable without a card", () => {
    expect(buildTokenCard(MINT, { ok: false, reason: "wallet" }, stats, NOW)).toEqual({ kind: "not-mint", mint: MINT, reason: "wallet" });
    expect(buildTokenCard(MINT, { ok: false, reason: "unavailable" }, null, NOW)).toEqual({ kind: "unavailable", mint: MINT });
  });
});

describe("renderTokenCard", () => {
  it("renders every part in English", () => {
    const { text, reply_markup } = renderTokenCard(buildTokenCard(MINT, { ok: true, facts }, stats, NOW), en);
    const v = visible(text);
    expect(v).toContain("💊 TEST · Test Data Token");
    expect(text).toContain(`<code>${MINT}</code>`);
    expect(v).toContain("Price: $0.0₅427 · 0.0₇285 SOL");
    expect(v).toContain("📈 5m +1.2% · 1h −4.6% · 6h — · 24h +1,235%");
    expect(v).toContain("Volume 24h: $1.2M (1h: $45.3K)");
    expect(v).toContain("24h: 1,234 buys / 987 sells · 456 traders");
    expect(v).toContain("Market cap: $4.3K (FDV: the whole supply counted as circulating)");
    expect(v).toContain("Liquidity: $300K");
    expect(v).toContain("Age: 3d 4h");
    expect(v).toContain("• Pump.fun 5dhR…59SZ — $900K");
    expect(v).toContain("• Raydium AMM v4 58oQ…YQo2 — $30K");
    expect(v).not.toContain("Orca");
    expect(v).toContain("✅ Mint and freeze authority renounced");
    expect(v).toContain("Top 10 holders: 23.4% of the supply");
    expect(v).not.toContain("Risks");
    const buttons = reply_markup.inline_keyboard.flat();
    expect(buttons.map((b) => b.text)).toEqual(["📈 Chart", "DEX Screener", "🔎 Solscan", "🔄 Refresh", "🏆 Top wallets"]);
    // The chart button asks the bot for the picture; DEX Screener is a link.
    expect(buttons[0]).toEqual({ text: "📈 Chart", callback_data: `chart:${MINT}` });
    expect(buttons[3]).toMatchObject({ callback_data: `tokenref:${MINT}` });
    expect(Buffer.byteLength(`tokenref:${MINT}`)).toBeLessThanOrEqual(64);
    expect(buttons[4]).toMatchObject({ callback_data: `top:${MINT}` });
  });

  it("renders in Chinese", () => {
    const { text } = renderTokenCard(buildTokenCard(MINT, { ok: true, facts }, stats, NOW), zh);
    const v = visible(text);
    expect(v).toContain("价格：$0.0₅427");
    expect(v).toContain("24 小时成交额：$1.2M");
    expect(v).toContain("市值：$4.3K");
    expect(v).toContain("前 10 大持有者：占供应量的 23.4%");
  });

  it("warns about each risk in both languages", () => {
    const risky: TokenFacts = {
      ...facts,
      mintAuthority: "GQpoa61ghhu51v6RnseVodSHkVki9XmtumBXjzBR8mQg",
      riskyExtensions: ["permanentDelegate", "transferFee"],
      transferFeeBps: 250,
      top10HolderShare: 0.9,
    };
    const view = buildTokenCard(MINT, { ok: true, facts: risky }, stats, NOW);
    const e = visible(renderTokenCard(view, en).text);
    expect(e).toContain("Risks");
    expect(e).toContain("🚨 Permanent delegate: someone can move or burn any holder's tokens.");
    expect(e).toContain("⚠️ Mint authority is active");
    expect(e).toContain("Transfer fee: 2.5% of every transfer");
    expect(e).toContain("Top 10 holders own 90% of the supply");
    expect(e).not.toContain("renounced");
    const z = visible(renderTokenCard(view, zh).text);
    expect(z).toContain("风险");
    expect(z).toContain("永久委托");
    expect(z).toContain("转账手续费：每次转账扣除 2.5%");
  });

  it("escapes on-chain names and symbols", () => {
    const evil = { ...facts, symbol: "<b>X</b>", name: 'a & "b" <i>' };
    const { text } = renderTokenCard(buildTokenCard(MINT, { ok: true, facts: evil }, stats, NOW), en);
    expect(text).toContain("<b>&lt;b&gt;X&lt;/b&gt;</b> · a &amp; &quot;b&quot; &lt;i&gt;");
  });

  it("says when the token never traded, and still shows its facts", () => {
    const { text } = renderTokenCard(buildTokenCard(MINT, { ok: true, facts: { ...facts, symbol: null, name: null } }, null, NOW), en);
    const v = visible(text);
    expect(v).toContain("💊 B9kt…pump");
    expect(v).toContain("PumpSpace has not seen this token trade");
    expect(v).not.toContain("Price");
    expect(v).not.toContain("Market cap");
    expect(v).toContain("Mint and freeze authority renounced");
  });

  it("says when the chain facts are unavailable and shows the trades", () => {
    const v = visible(renderTokenCard(buildTokenCard(MINT, { ok: false, reason: "unavailable" }, stats, NOW), en).text);
    expect(v).toContain("Price: $0.0₅427");
    expect(v).toContain("Metadata and risk checks are unavailable right now");
    expect(v).not.toContain("Market cap");
  });

  it("explains each kind of non-mint address, with no buttons", () => {
    const cases = [
      ["not-found", "There is no account at"],
      ["wallet", "is a wallet, not a token"],
      ["program", "is a program, not a token"],
      ["token-account", "is a token account"],
      ["other", "is not a token mint"],
    ] as const;
    for (const [reason, expected] of cases) {
      const r = renderTokenCard({ kind: "not-mint", mint: MINT, reason }, en);
      expect(r.text).toContain(expected);
      expect(r.text).toContain(`<code>${MINT}</code>`);
      expect(r.reply_markup.inline_keyboard).toEqual([]);
    }
    expect(renderTokenCard({ kind: "not-mint", mint: MINT, reason: "wallet" }, zh).text).toContain("是一个钱包，不是代币");
    expect(renderTokenCard({ kind: "unavailable", mint: MINT }, zh).text).toContain("暂时无法从链上读取");
  });
});
