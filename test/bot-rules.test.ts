// The rule commands end to end: the bot (runner polling the Bot API emulator) on real Postgres,
// editing a chat's rules document, answering bad input in the user's language, refusing
// non-admins in a group, and a backtest over stored swaps edited into its "working" message.
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
