import { describe, expect, it } from "vitest";
import { createI18n, translator } from "../../i18n.js";
import { renderAlert, renderPatternAlert } from "../alert-render.js";
import type { WalletProfile } from "../wallet-profile.js";
import { mint, profile, swapAt, wallet } from "../test-support/rules.js";
import { buildMatchAlert, buildPatternAlert } from "./alert.js";
import { RuleEngine } from "./engine.js";
import { chatRulesSchema } from "./schema.js";

const i18n = createI18n();
const en = translator(i18n, "en");
const zh = translator(i18n, "zh");
const visible = (html: string): string => html.replace(/<[^>]+>/g, "").replace(/[\u2068\u2069]/g, "");

const wallets = Array.from({ length: 11 }, (_, i) => wallet(`w${i}`));
const profiles = new Map<string, WalletProfile>(wallets.map((w) => [w, profile(w, "A")]));
const TOKEN = mint("render");

function fire(kind: "cluster-buy" | "cluster-exit", n: number) {
  const engine = new RuleEngine();
  engine.setChats([
    { chatId: "1", rules: chatRulesSchema.parse({ rules: [{ id: "mine", kind, minWallets: n, minSellers: 2 }], subscriptions: [{ id: "s", kind: "tier", tiers: ["A"] }] }), wallets: [] },
  ]);
  const swaps = wallets.slice(0, n).map((w, i) => swapAt({ trader: w, mint: TOKEN, t: 1_800_000_000 + i, sol: 1.5 }));
  if (kind === "cluster-exit") swaps.push(...wallets.slice(0, 2).map((w, i) => swapAt({ trader: w, mint: TOKEN, t: 1_800_000_600 + i, side: "sell" })));
  return engine.evaluate(swaps, profiles, 0);
}

describe("pattern alert rendering", () => {
  it("states the pattern, each wallet's part and the latency, in English and Chinese", () => {
    const out = fire("cluster-buy", 3);
    const alert = buildPatternAlert(out.deliveries[0]!, new Map([[TOKEN, "PEPE<3"]]));
    expect(alert).toMatchObject({ kind: "cluster-buy", ruleId: "mine", count: 3, windowSec: 60, tokenSymbol: "PEPE<3" });
    const m = renderPatternAlert(alert, en, alert.timeSec + 2.4);
    expect(m.text).toContain("PEPE&lt;3");
    const text = visible(m.text);
    expect(text).toContain("CLUSTER BUY · 3 smart wallets bought PEPE&lt;3 within 60 s");
    expect(text.match(/bought 1,000 for 1.5 SOL at \d\d:\d\d:\d\d/g)).toHaveLength(3);
    expect(text).toContain("⏱ 2 s after the block");
    expect(m.reply_markup.inline_keyboard[0]!.map((b) => ("url" in b ? b.url : ""))).toEqual([
      `https://solscan.io/tx/${alert.signature}`,
      `https://dexscreener.com/solana/${TOKEN}`,
    ]);
    const z = visible(renderAlert(alert, zh, alert.timeSec + 10).text);
    expect(z).toContain("集群买入");
    expect(z).toContain("出块后 10 秒");
  });

  it("shows at most eight wallets and counts the rest", () => {
    const out = fire("cluster-buy", 11);
    const text = visible(renderPatternAlert(buildPatternAlert(out.deliveries[0]!, new Map()), en, 0).text);
    expect(text.match(/^• .* bought /gm)).toHaveLength(8);
    expect(text).toContain("and 3 more");
  });

  it("renders a cluster exit with the cluster's size and age", () => {
    const out = fire("cluster-exit", 3);
    const alert = buildPatternAlert(out.deliveries[0]!, new Map());
    expect(alert.clusterSize).toBe(3);
    const text = visible(renderPatternAlert(alert, en, alert.timeSec).text);
    expect(text).toContain("2 of the 3 wallets behind the");
    expect(text).toContain("The cluster bought 10 min earlier.");
    expect(text.match(/ sold /g)).toHaveLength(2);
  });

  it("says why a swap from a wallet nobody tracks reached the chat", () => {
    const out = fire("cluster-buy", 3);
    const alert = buildMatchAlert(out.matches[0]!, new Map());
    expect(alert.via).toEqual({ via: "tier", tier: "A" });
    expect(visible(renderAlert(alert, en, 0).text)).toMatch(/^⭐ Smart money, tier A\n🟢 BUY/);
    expect(visible(renderAlert(alert, zh, 0).text)).toContain("聪明钱 A 级");
  });
});
