// The rule commands end to end: the bot (runner polling the Bot API emulator) on real Postgres,
// editing a chat's rules document, answering bad input in the user's language, refusing
// non-admins in a group, a backtest over stored swaps edited into its "working" message, and
// the rule and filter dialogues (conversations) with their re-asked bad answers.
import type { Bot } from "grammy";
import type { RunnerHandle } from "@grammyjs/runner";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createBot, type BotContext } from "../bot/bot.js";
import { ChatRepository } from "../core/data/chat-repository.js";
import { readChatRules } from "../core/data/chat-rules.js";
import { SwapPartitions } from "../core/data/swap-partitions.js";
import { insertSwaps } from "../core/data/swap-store.js";
import { mint, profile, swapAt, wallet } from "../core/domain/test-support/rules.js";
import type { WalletProfile } from "../core/domain/wallet-profile.js";
import { createI18n } from "../core/i18n.js";
import { createLogger } from "../core/logger.js";
import { createTestDatabase, type TestDatabase } from "./helpers/db.js";
import { createTestUser, runTestBot, startTelegramEmulator, waitForBotMessageEdit, type TelegramEmulator, type TestUserOptions } from "./helpers/telegram.js";

const TOKEN = "1234567:PumpSpaceRulesToken_abcdefghij";
const [A, B, C] = ["a", "b", "c"].map(wallet) as [string, string, string];
const smart = new Map<string, WalletProfile>([A, B, C].map((w) => [w, profile(w, "S")]));

let tg: TelegramEmulator;
let db: TestDatabase;
let bot: Bot<BotContext>;
let runner: RunnerHandle;
let nextChatId = 5000;
/** Every text the bot sent (the emulator keeps only a message's latest edit). */
const sentTexts: string[] = [];

beforeAll(async () => {
  [tg, db] = await Promise.all([startTelegramEmulator(), createTestDatabase()]);
  bot = createBot(
    TOKEN,
    {
      chats: new ChatRepository(db.prisma),
      config: { walletLimit: 10 },
      logger: createLogger("silent"),
      i18n: createI18n<BotContext>(),
      rules: { sql: db.sql, profiles: async (addrs) => new Map(addrs.flatMap((a) => (smart.has(a) ? [[a, smart.get(a)!] as const] : []))) },
    },
    { apiRoot: tg.apiRoot },
  );
  bot.api.config.use((prev, method, payload, signal) => {
    if (method === "sendMessage") sentTexts.push(String((payload as { text?: unknown }).text));
    return prev(method, payload, signal);
  });
  runner = runTestBot(bot);
});
afterAll(async () => {
  await runner?.stop();
  await tg?.stop();
  await db?.drop();
});

function newUser(options: Partial<TestUserOptions> = {}) {
  const user = createTestUser(tg.server, TOKEN, { chatId: ++nextChatId, ...options });
  return {
    ...user,
    async ask(command: string) {
      await user.command(command);
      const [reply] = await user.replies(1);
      return reply!;
    },
  };
}

describe("rule commands", () => {
  it("subscribes, sets filters and answers bad input with its reason, in English and Chinese", async () => {
    const user = newUser({ languageCode: "en" });
    expect((await user.ask("/subscribe tier S")).text).toBe("✅ Subscribed (id <code>s1</code>).");
    expect((await user.ask(`/subscribe token ${mint("x")}`)).text).toContain("<code>t1</code>");
    expect((await user.ask("/filters minsol <b>lots</b>")).text).toContain("<code>&lt;b&gt;lots&lt;/b&gt;</code> is not a value for minsol");
    expect((await user.ask("/filters minsol 2")).text).toBe("✅ Filters saved.");
    expect((await user.ask("/filters")).text).toContain("<code>minSol=2</code>");
    const doc = await readChatRules(db.sql, user.chatId);
    expect(doc.subscriptions.map((s) => s.id)).toEqual(["s1", "t1"]);
    expect(doc.filter.minSol).toBe(2);
    expect((await user.ask("/unsubscribe s1")).text).toContain("removed");
    const zh = newUser({ languageCode: "zh" });
    expect((await zh.ask("/subscribe tier Q")).text).toContain("等级只有 S, A, B");
    expect((await zh.ask("/filters quiet 9-5")).text).toContain("免打扰时段的格式");
  });

  it("adds a rule, lists it with buttons, and pauses it from a button", async () => {
    const user = newUser();
    expect((await user.ask("/rules add cluster-buy 3 60")).text).toContain("Rule <code>r1</code> (cluster-buy) added and on");
    const list = await user.ask("/rules");
    expect(list.text).toContain("<code>r1</code> cluster-buy 3/60s · SAB · ✅");
    const buttons = list.replyMarkup!.inline_keyboard.flat().map((b) => ("callback_data" in b ? b.callback_data : ""));
    expect(buttons).toEqual(["rules:toggle:r1", "rules:edit:r1", "rules:del:r1", "rules:new"]);
    await user.press("rules:toggle:r1", list.messageId);
    const [paused] = await user.replies(1);
    expect(paused!.text).toBe("⏸ Rule <code>r1</code> is paused.");
    expect((await readChatRules(db.sql, user.chatId)).rules[0]!.enabled).toBe(false);
    expect((await user.ask("/rules add moonshot")).text).toContain("Kinds: cluster-buy, accumulation, first-buy, cluster-exit");
  });

  it("backtests a rule over stored swaps, answering at once and editing the result in", async () => {
    const t0 = Math.floor(Date.now() / 1000) - 7200;
    const T = mint("bt");
    const swaps = [
      swapAt({ trader: A, mint: T, t: t0, slot: 400_000_000, priceUsd: 1 }),
      swapAt({ trader: B, mint: T, t: t0 + 5, slot: 400_000_010, priceUsd: 1 }),
      swapAt({ trader: C, mint: T, t: t0 + 10, slot: 400_000_020, priceUsd: 1 }),
      // The price as of 1h after the fire is this trade's (the next one comes later).
      swapAt({ trader: wallet("z"), mint: T, t: t0 + 3000, slot: 400_007_000, priceUsd: 2 }),
      swapAt({ trader: wallet("z"), mint: T, t: t0 + 7000, slot: 400_017_000, priceUsd: 3 }),
    ];
    await new SwapPartitions(db.sql).ensure(swaps.map((s) => s.slot));
    await db.sql.transaction((tx) => insertSwaps(tx, swaps, "replay"));
    const user = newUser();
    await user.ask("/rules add cluster-buy 3 60");
    const working = await user.ask("/backtest r1 1");
    // The first answer says it is working (it may already be edited by the time we look).
    expect(sentTexts).toContain("⏳ Backtesting rule <code>r1</code> over the last 1 days of stored swaps…");
    const done = await waitForBotMessageEdit(tg.server, TOKEN, working.messageId, (m) => m.text.includes("📊"));
    expect(done.text).toContain("it would have fired <b>1</b> times on 1 tokens");
    expect(done.text).toContain("After 1h (1 with data): median +100.0%, best +100.0%, worst +100.0%");
    expect(done.text).toContain("After 24h (0 with data)");
  });

  it("lets only admins change a group's rules (an unverifiable admin is refused), while anyone may read", async () => {
    const member = newUser({ type: "supergroup", chatId: -1005001, userId: 5999, chatTitle: "G" });
    expect((await member.ask("/rules add first-buy")).text).toBe("🔒 Only the group's admins can change its subscriptions, filters and rules.");
    expect((await readChatRules(db.sql, -1005001)).rules).toEqual([]);
    expect((await member.ask("/rules")).text).toContain("none yet");
  });
});

describe("rule and filter dialogues", () => {
  /** The inline button data of a bot message. */
  const data = (m: { replyMarkup?: { inline_keyboard: object[][] } }) =>
    (m.replyMarkup?.inline_keyboard.flat() ?? []).map((b) => ("callback_data" in b ? String(b.callback_data) : ""));

  it("builds a DM rule step by step: a bad answer is re-asked with its reason, the rule is saved and listed", async () => {
    const user = newUser();
    const list = await user.ask("/rules");
    expect(data(list)).toEqual(["rules:new"]);
    await user.press("rules:new", list.messageId);
    const [kinds] = await user.replies(1);
    expect(kinds!.text).toContain("Which pattern");
    expect(data(kinds!)).toEqual(["dlg:kind:cluster-buy", "dlg:kind:accumulation", "dlg:kind:first-buy", "dlg:kind:cluster-exit"]);
    await user.press("dlg:kind:cluster-buy", kinds!.messageId);
    const [wallets] = await user.replies(1);
    expect(wallets!.text).toBe("Wallets needed (distinct owners, 2–50)? Now <b>3</b>. Send a new value, or <code>-</code> to keep it.");
    expect((await user.ask("1")).text).toContain("⚠️ 1 is too small: the least is 2.");
    expect((await user.ask("2.5")).text).toContain("⚠️ 2.5 must be a whole number.");
    expect((await user.ask("4")).text).toContain("Time window in seconds");
    expect((await user.ask("-")).text).toContain("Smallest buy that counts");
    expect((await user.ask("0.5")).text).toContain("Smart-money tiers");
    const summary = await user.ask("S A");
    expect(summary.text).toContain("<b>New rule</b>: <code>new</code> cluster-buy 4/60s · SA · ✅");
    expect(data(summary)).toEqual(["dlg:save", "dlg:backtest", "dlg:cancel"]);
    await user.press("dlg:save", summary.messageId);
    const [saved] = await user.replies(1);
    expect(saved!.text).toBe("✅ Rule <code>r1</code> saved and on: <code>r1</code> cluster-buy 4/60s · SA · ✅");
    const doc = await readChatRules(db.sql, user.chatId);
    expect(doc.rules).toMatchObject([{ id: "r1", kind: "cluster-buy", minWallets: 4, windowSec: 60, minBuySol: 0.5, tiers: ["S", "A"] }]);
    expect((await user.ask("/rules")).text).toContain("<code>r1</code> cluster-buy 4/60s · SA · ✅");
  });

  it("edits one parameter of a saved rule, and /cancel leaves a dialogue with nothing changed", async () => {
    const user = newUser({ languageCode: "zh" });
    await user.ask("/rules add accumulation 3 600");
    const list = await user.ask("/rules");
    await user.press("rules:edit:r1", list.messageId);
    const [fields] = await user.replies(1);
    expect(data(fields!)).toEqual(["dlg:field:minBuys", "dlg:field:windowSec", "dlg:field:minBuySol", "dlg:field:tiers", "dlg:field:cooldownSec"]);
    await user.press("dlg:field:windowSec", fields!.messageId);
    await user.replies(1);
    expect((await user.ask("abc")).text).toContain("<code>abc</code> 不是数字");
    expect((await user.ask("900")).text).toContain("✅ 已保存：<code>r1</code> accumulation 3/900s");
    expect((await readChatRules(db.sql, user.chatId)).rules[0]).toMatchObject({ windowSec: 900, minBuys: 3 });

    await user.command("/rules new");
    await user.replies(1);
    expect((await user.ask("/cancel")).text).toBe("已取消，未做任何更改。");
    expect((await user.ask("/cancel")).text).toBe("当前没有可取消的操作。");
    expect((await readChatRules(db.sql, user.chatId)).rules).toHaveLength(1);
  });

  it("sets a filter through its button, re-asking after a bad value", async () => {
    const user = newUser();
    const shown = await user.ask("/filters");
    expect(data(shown)).toContain("filters:edit:minsol");
    await user.press("filters:edit:minsol", shown.messageId);
    const [ask] = await user.replies(1);
    expect(ask!.text).toBe("Min SOL: now <b>not set</b>. Send the new value: a number, or <code>off</code>.");
    const again = await user.ask("lots");
    expect(again.text).toContain("<code>lots</code> is not a value for minsol");
    expect(again.text).toContain("Min SOL: now <b>not set</b>");
    expect((await user.ask("2.5")).text).toBe("✅ Filters saved.");
    expect((await readChatRules(db.sql, user.chatId)).filter.minSol).toBe(2.5);
    await user.press("filters:edit:quiet", shown.messageId);
    await user.replies(1);
    expect((await user.ask("23:00-07:00 +8")).text).toBe("✅ Filters saved.");
    expect((await readChatRules(db.sql, user.chatId)).quietHours).toEqual({ from: "23:00", to: "07:00", utcOffsetMin: 480 });
  });

  it("refuses a group member who is not an admin: no dialogue starts", async () => {
    const member = newUser({ type: "supergroup", chatId: -1005002, userId: 5998, chatTitle: "G2" });
    const list = await member.ask("/rules");
    await member.press("rules:new", list.messageId);
    const [refused] = await member.replies(1);
    expect(refused!.text).toBe("🔒 Only the group's admins can change its subscriptions, filters and rules.");
    await member.press("filters:edit:minsol", list.messageId);
    expect((await member.replies(1))[0]!.text).toBe("🔒 Only the group's admins can change its subscriptions, filters and rules.");
    expect((await member.ask("/rules new")).text).toBe("🔒 Only the group's admins can change its subscriptions, filters and rules.");
    expect((await readChatRules(db.sql, -1005002)).rules).toEqual([]);
  });
});

describe("an abandoned dialogue", () => {
  const IDLE_TOKEN = "1234567:PumpSpaceRulesIdleToken_abcdefg";
  let idleBot: Bot<BotContext>;
  let idleRunner: RunnerHandle;
  beforeAll(() => {
    idleBot = createBot(
      IDLE_TOKEN,
      {
        chats: new ChatRepository(db.prisma),
        config: { walletLimit: 10, dialogueIdleMs: 300 },
        logger: createLogger("silent"),
        i18n: createI18n<BotContext>(),
        rules: { sql: db.sql, profiles: async () => new Map() },
      },
      { apiRoot: tg.apiRoot },
    );
    idleRunner = runTestBot(idleBot);
  });
  afterAll(async () => {
    await idleRunner?.stop();
  });

  it("expires after the idle time: a late answer is not taken as its reply", async () => {
    const user = createTestUser(tg.server, IDLE_TOKEN, { chatId: ++nextChatId });
    const ask = async (text: string) => {
      await user.command(text);
      return (await user.replies(1))[0]!;
    };
    const shown = await ask("/filters");
    await user.press("filters:edit:minsol", shown.messageId);
    expect((await user.replies(1))[0]!.text).toContain("Min SOL: now <b>not set</b>");
    await new Promise((r) => setTimeout(r, 700));
    expect((await ask("/cancel")).text).toBe("Nothing to cancel.");
    expect((await readChatRules(db.sql, user.chatId)).filter.minSol).toBeUndefined();
  });
});
