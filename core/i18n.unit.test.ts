import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { createI18n, pickLocale, SUPPORTED_LOCALES, translator } from "./i18n.js";

const keysOf = (locale: string): string[] =>
  readFileSync(new URL(`../locales/${locale}.ftl`, import.meta.url), "utf8")
    .split("\n")
    .map((line) => /^([a-z][a-z0-9-]*)\s*=/.exec(line)?.[1])
    .filter((k): k is string => k !== undefined)
    .sort();

describe("pickLocale", () => {
  it("prefers the chat's stored language", () => {
    expect(pickLocale("en", "zh-hans")).toBe("en");
    expect(pickLocale("zh", "en")).toBe("zh");
  });

  it("falls back to the client's language: zh* is Chinese, the rest English", () => {
    expect(pickLocale(null, "zh")).toBe("zh");
    expect(pickLocale(null, "zh-hans")).toBe("zh");
    expect(pickLocale(null, "ZH-TW")).toBe("zh");
    expect(pickLocale(null, "ru")).toBe("en");
    expect(pickLocale(null)).toBe("en");
  });

  it("ignores a stored language we no longer support", () => {
    expect(pickLocale("fr", "zh")).toBe("zh");
  });
});

describe("locales", () => {
  it("define the same keys in every language", () => {
    const en = keysOf("en");
    expect(en.length).toBeGreaterThan(30);
    for (const locale of SUPPORTED_LOCALES) expect(keysOf(locale)).toEqual(en);
  });

  it("define each message once (a second definition would silently replace the first)", () => {
    for (const locale of SUPPORTED_LOCALES) {
      const keys = keysOf(locale);
      expect(keys.filter((k, i) => keys[i - 1] === k)).toEqual([]);
    }
  });

  it("insert variables without Unicode isolation marks", () => {
    const i18n = createI18n();
    const text = i18n.t("en", "track-added", { address: "ADDR" });
    expect(text).toContain("<code>ADDR</code>");
    expect(text).not.toMatch(/[\u2068\u2069]/);
  });

  it("render every message in every language without a missing-message fallback", () => {
    const i18n = createI18n();
    // Fluent throws on a variable it is not given: this is every variable any message uses.
    const vars = Object.fromEntries(
      ["address", "label", "limit", "length", "max", "index", "count", "chars", "bytes", "name", "symbol", "bot"]
        .concat(["wallet", "token", "tokenAmount", "quoteAmount", "quote", "price", "dex", "mint", "tx", "chart"])
        .concat(["pct", "changes", "volume24h", "volume1h", "buys", "sells", "traders", "mcap", "liquidity", "age", "pool", "volume"])
        // ## Wallet
        .concat(["tier", "score", "confidence", "value", "points", "d7", "d30", "all", "sol", "rate", "closed", "pf", "roi"])
        .concat(["tokens", "win", "loss", "labels", "funder", "others", "amount", "pnl", "when"])
        .concat(["rank", "total", "realized", "unrealized"])
        // ## Top: changes since the last look, backfill progress
        .concat(["places", "delta", "wallets", "signatures", "fetched"])
        // ## Inline
        .concat(["buyers", "change"])
        .concat(["horizon", "multiple", "rank", "handle", "hits", "judged", "rate", "confidence", "median", "best", "first", "calls", "input", "title", "total"])
        // rules alerts and the rule commands
        .concat(["tier", "window", "size", "minutes", "amount", "sol", "time", "n", "seconds", "id", "tiers", "keys", "value", "key"])
        .concat(["labels", "reason", "kinds", "kind", "filter", "quiet", "days", "swaps", "fires", "tokens", "horizon", "median", "best", "worst"])
        .concat(["block", "sent", "latency", "field", "value", "reason", "list", "slot", "seconds", "rate", "source", "lag", "age"])
        .concat(["waiting", "active", "delayed", "failed"])
        .concat(["arg", "range", "time", "change", "trades", "currency"])
        // ## Call alerts
        .concat(["caller"])
        // ## Rule and filter dialogues
        .concat(["rule", "min", "max", "hint"])
        .map((v) => [v, `[${v}]`]),
    );
    for (const locale of SUPPORTED_LOCALES) {
      const t = translator(i18n, locale);
      for (const key of keysOf(locale)) {
        const text = t(key, vars);
        expect(text, `${locale}/${key}`).not.toBe(`{${key}}`);
        expect(text, `${locale}/${key}`).not.toMatch(/\{\$/);
      }
    }
  });

  it("speak Chinese in zh", () => {
    const t = translator(createI18n(), "zh");
    expect(t("help")).toContain("/track &lt;钱包地址&gt; [备注]");
    expect(t("lang-changed")).toContain("中文");
  });
});
