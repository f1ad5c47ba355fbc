import { describe, expect, it } from "vitest";
import { createI18n, translator } from "../../i18n.js";
import { buildCallAlert, planCallClusterAlerts, renderCallAlert, renderCallClusterAlert, type CallFacts, type ClusterFire, type FollowedCall } from "./alerts.js";

const i18n = createI18n();
const en = translator(i18n, "en");
const zh = translator(i18n, "zh");
const MINT = "4ujRzsCrE4KK4CRPuyzALCKtkJSQ8ztPkhkSo3jpump";
const OTHER = "56uhFfNkFL2ZD3Y6KWZeT25Zf8suxMwospCwyMppump";
const T = 1_800_000_000;

const facts = (over: Partial<CallFacts> = {}): CallFacts => ({
  callId: "11",
  callerId: "3",
  callerHandle: "alphacalls",
  callerTitle: "Alpha <Calls>",
  link: "https://t.me/alphacalls/42",
  calledAtSec: T,
  priceUsd: 0.0000123,
  priceSol: 0.0000000845,
  marketCapUsd: 12_300,
  ...over,
});
const wallets = ["W1".padEnd(44, "a"), "W2".padEnd(44, "b"), "W3".padEnd(44, "c")];
const fire = (atSec: number, signature = `sig-${atSec}`, mint = MINT): ClusterFire => ({
  mint,
  tokenSymbol: "PEPE",
  cluster: { signature, atSec, count: 3, wallets, windowSec: 60 },
});
const followed = (over: Partial<CallFacts> = {}, chats = ["100", "200"], mint = MINT): FollowedCall => ({ call: facts(over), mint, chats });

describe("call alerts: rendering", () => {
  it("renders a call in English with the caller linked to the post, price, market cap, mint and latency from the post", () => {
    const m = renderCallAlert(buildCallAlert(facts(), MINT, "PEPE<3"), en, T + 7);
    expect(m.text).toContain('<a href="https://t.me/alphacalls/42">Alpha &lt;Calls&gt;</a> called <a href="https://dexscreener.com/solana/' + MINT + '">PEPE&lt;3</a>');
    expect(m.text).toContain("Price at the call: 0.0₇845 SOL · $0.0₄123");
    expect(m.text).toContain("Market cap at the call: $12,300");
    expect(m.text).toContain(`<code>${MINT}</code>`);
    expect(m.text).toContain("7 s after the post");
    expect(m.reply_markup.inline_keyboard[0]!.map((b) => ("url" in b ? b.url : null))).toEqual(["https://t.me/alphacalls/42", `https://dexscreener.com/solana/${MINT}`]);
  });

  it("renders a call in Chinese, and without price, market cap or link when they are unknown", () => {
    const m = renderCallAlert(buildCallAlert(facts({ priceUsd: null, priceSol: null, marketCapUsd: null, link: null, callerTitle: null }), MINT, null), zh, T + 3);
    expect(m.text).toContain("@alphacalls 喊单");
    expect(m.text).toContain("发帖后 3 秒");
    expect(m.text).not.toContain("喊单时价格");
    expect(m.text).not.toContain("喊单时市值");
    expect(m.text).not.toContain("<a href=\"https://t.me");
    expect(m.reply_markup.inline_keyboard[0]).toHaveLength(1);
  });

  it("renders the combined alert with both events in the order they happened, in both languages", () => {
    const [call] = planCallClusterAlerts([followed({}, ["100"])], [fire(T + 600)], 30 * 60_000);
    const text = renderCallClusterAlert(call!.alert, en, T + 605).text;
    expect(text).toContain("CALL + CLUSTER");
    expect(text.indexOf("called it at 08:00 UTC")).toBeGreaterThan(0);
    expect(text.indexOf("3 smart wallets bought it at 08:10 UTC")).toBeGreaterThan(text.indexOf("called it"));
    expect(text).toContain("The smart money came 10 min after the call.");
    expect(text.match(/^• /gm)).toHaveLength(3);
    expect(text).toContain("5 s after the block");
    const [clusterFirst] = planCallClusterAlerts([followed({ calledAtSec: T + 1200 }, ["100"])], [fire(T)], 30 * 60_000);
    const zhText = renderCallClusterAlert(clusterFirst!.alert, zh, T + 1202).text;
    expect(zhText.indexOf("3 个聪明钱包于 UTC 08:00 买入")).toBeGreaterThan(0);
    expect(zhText.indexOf("3 个聪明钱包于 UTC 08:00 买入")).toBeLessThan(zhText.indexOf("于 UTC 08:20 喊单"));
    expect(zhText).toContain("喊单在聪明钱买入后 20 分钟发出。");
    expect(zhText).toContain("发帖后 2 秒");
  });
});

describe("call + cluster: which chats get what", () => {
  const W = 30 * 60_000;

  it("pairs a call and a cluster within the window in either order, for every chat following the caller", () => {
    const callFirst = planCallClusterAlerts([followed()], [fire(T + 29 * 60)], W);
    expect(callFirst.map((p) => [p.chatId, p.alert.order, p.alert.gapSec])).toEqual([
      ["100", "call-first", 1740],
      ["200", "call-first", 1740],
    ]);
    const clusterFirst = planCallClusterAlerts([followed()], [fire(T - 60)], W);
    expect(clusterFirst.map((p) => p.alert.order)).toEqual(["cluster-first", "cluster-first"]);
    // The pair has one key whichever side found it.
    expect(callFirst[0]!.alert.key).toBe(planCallClusterAlerts([followed()], [fire(T + 29 * 60)], W)[0]!.alert.key);
    expect(callFirst[0]!.alert.blockTime).toBe(T + 29 * 60);
  });

  it("fires nothing outside the window, on another token, or for a caller nobody follows", () => {
    expect(planCallClusterAlerts([followed()], [fire(T + 31 * 60)], W)).toEqual([]);
    expect(planCallClusterAlerts([followed()], [fire(T + 60, "s", OTHER)], W)).toEqual([]);
    expect(planCallClusterAlerts([followed({}, [])], [fire(T + 60)], W)).toEqual([]);
  });

  it("gives a chat one alert per token from one evaluation, however many pairs match", () => {
    const plan = planCallClusterAlerts(
      [followed({ callId: "1" }, ["100"]), followed({ callId: "2", callerId: "4", calledAtSec: T + 60 }, ["100", "300"])],
      [fire(T + 120, "a"), fire(T + 180, "b")],
      W,
    );
    expect(plan.map((p) => p.chatId).sort()).toEqual(["100", "300"]);
    // The earliest completed pair wins for chat 100.
    expect(plan.find((p) => p.chatId === "100")!.alert.key).toBe("combined-1-a");
  });
});
