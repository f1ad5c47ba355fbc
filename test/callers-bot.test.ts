// /callers, /caller and the admin channel commands end to end: the real bot over HTTP against
// the Bot API emulator, real Postgres seeded with calls and outcomes whose ranking is worked
// out by hand below.
import type { Bot } from "grammy";
import type { RunnerHandle } from "@grammyjs/runner";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createBot, type BotContext } from "../bot/bot.js";
import { CallStore, type CallerRow } from "../core/data/calls.js";
import { ChatRepository } from "../core/data/chat-repository.js";
import { createI18n } from "../core/i18n.js";
import { createLogger } from "../core/logger.js";
import { createTestDatabase, type TestDatabase } from "./helpers/db.js";
import { createTestUser, runTestBot, startTelegramEmulator, type BotMessage, type TelegramEmulator, type TestUserOptions } from "./helpers/telegram.js";

const TOKEN = "7654321:PumpSpaceCallersToken_abcdefgh";
const ADMIN_CHAT = 990_001;
const M1 = "4ujRzsCrE4KK4CRPuyzALCKtkJSQ8ztPkhkSo3jpump";
const M2 = "56uhFfNkFL2ZD3Y6KWZeT25Zf8suxMwospCwyMppump";
// Recent enough for the leaderboard's 90-day window whenever the test runs.
const T0 = Date.now() - 10 * 86_400_000;

let tg: TelegramEmulator;
let db: TestDatabase;
let store: CallStore;
let bot: Bot<BotContext>;
let runner: RunnerHandle;
let nextChatId = 5000;

async function seedCall(caller: CallerRow, messageId: number, mint: string, at: number, outcomes: Record<string, [number, number]>) {
  const [call] = await store.recordCalls(
    { callerId: caller.id, messageId, link: null, calledAt: new Date(at), calls: [{ mint, source: "address", priceUsd: 1, priceSol: null, marketCapUsd: null }] },
    0,
  );
  for (const [horizon, [returnPct, athPct]] of Object.entries(outcomes)) {
    await store.saveOutcome(call!.id, horizon as "1h", { basis: "usd", price: 1 + returnPct, peak: 1 + athPct, trough: 1, returnPct, athPct, drawdownPct: 0, swaps: 1 });
  }
}

beforeAll(async () => {
  [tg, db] = await Promise.all([startTelegramEmulator(), createTestDatabase()]);
  store = new CallStore(db.sql);
  const alpha = await store.addCaller("channel", "alpha_calls", { title: "Alpha <Calls>" });
  const beta = await store.addCaller("channel", "beta_gems");
  await store.addCaller("channel", "quiet_one");
  // alpha: first on M1 (hit: ATH +200% by 24h, return +200%) and M2 (miss: ATH +10%, return -50%).
  await seedCall(alpha, 1, M1, T0, { "1h": [0.5, 0.5], "24h": [2.0, 2.0] });
  await seedCall(alpha, 2, M2, T0 + 1000, { "1h": [-0.1, 0.1], "24h": [-0.5, 0.1] });
  // beta: M1 an hour after alpha, a hit (ATH +275%).
  await seedCall(beta, 9, M1, T0 + 3_600_000, { "24h": [2.75, 2.75] });
  bot = createBot(
    TOKEN,
    {
      chats: new ChatRepository(db.prisma),
      calls: store,
      config: { walletLimit: 5, callHitMultiple: 2, callHitHorizon: "24h", adminChatId: ADMIN_CHAT },
      logger: createLogger("silent"),
      i18n: createI18n<BotContext>(),
    },
    { apiRoot: tg.apiRoot },
  );
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
    async ask(command: string): Promise<BotMessage> {
      await user.command(command);
      const replies = await user.replies(1);
      expect(replies, command).toHaveLength(1);
      return replies[0]!;
    },
  };
}

describe("/callers", () => {
  it("ranks by confidence as computed by hand", async () => {
    const reply = await newUser({ languageCode: "en" }).ask("/callers");
    // beta: 1/1 hits, Wilson lower bound 0.2065 -> 21%; alpha: 1/2, 0.0945 -> 9%.
    // alpha's 24h returns +200% and -50%: median +75%, best +200%; first on both of its tokens.
    expect(reply.text.split("\n").slice(1)).toEqual([
      "1. <b>@beta_gems</b> — 1/1 hits (100%), confidence 21% · median 24h +275% · best +275% · first to call 0/1",
      "2. <b>@alpha_calls</b> — 1/2 hits (50%), confidence 9% · median 24h +75% · best +200% · first to call 2/2",
    ]);
    expect(reply.text).toContain("a hit reaches 2x within 24h");
  });

  it("shows one caller's record, escaping its title, in Chinese too", async () => {
    const reply = await newUser().ask("/caller https://t.me/Alpha_Calls");
    expect(reply.text.split("\n")).toEqual([
      "📣 <b>@alpha_calls</b> — Alpha &lt;Calls&gt;",
      "Calls: 2 · judged after 24h: 2 · hits: 1 (50%) · confidence 9%",
      "First to call the token: 2 of 2",
      "Return after the call (median / best):",
      "1h: +20% / +50%",
      "24h: +75% / +200%",
      "3d: — / —",
      "7d: — / —",
      "Rank 2 of 2",
    ]);
    const zh = await newUser({ languageCode: "zh" }).ask("/caller @beta_gems");
    expect(zh.text).toContain("命中：1（100%）");
    expect(zh.text).toContain("排名 1/2");
  });

  it("answers bad input clearly", async () => {
    const user = newUser();
    expect((await user.ask("/caller")).text).toContain("Usage: <code>/caller @channel</code>");
    expect((await user.ask("/caller <b>x")).text).toContain("<code>&lt;b&gt;x</code> is not a channel username");
    expect((await user.ask("/caller @nobody_here")).text).toContain("PumpSpace does not read <b>@nobody_here</b>");
    expect((await user.ask("/caller @quiet_one")).text).toContain("No scored calls from @quiet_one yet.");
  });
});

describe("/addchannel and /removechannel", () => {
  it("refuses any chat but the admin chat and changes nothing", async () => {
    const reply = await newUser().ask("/addchannel @new_channel");
    expect(reply.text).toContain("Only the operator's admin chat");
    expect(await store.caller("channel", "new_channel")).toBeNull();
  });

  it("adds and removes channels from the admin chat", async () => {
    const admin = newUser({ chatId: ADMIN_CHAT });
    expect((await admin.ask("/addchannel")).text).toContain("Usage: <code>/addchannel @channel</code>");
    expect((await admin.ask("/addchannel t.me/New_Channel")).text).toContain("Now reading <b>@new_channel</b>");
    expect((await store.caller("channel", "new_channel"))?.active).toBe(true);
    expect((await admin.ask("/removechannel @new_channel")).text).toContain("Stopped reading <b>@new_channel</b>");
    expect((await store.caller("channel", "new_channel"))?.active).toBe(false);
    expect((await admin.ask("/removechannel @new_channel")).text).toContain("is not in the channel list");
  });
});

describe("/followcaller and /unfollowcaller", () => {
  it("subscribes a chat to a caller once, and unsubscribes it", async () => {
    const user = newUser();
    const alpha = (await store.caller("channel", "alpha_calls"))!;
    expect((await user.ask("/followcaller")).text).toContain("Usage: <code>/followcaller @channel</code>");
    expect((await user.ask("/followcaller @nobody_here")).text).toContain("PumpSpace does not read");
    expect((await user.ask("/followcaller @Alpha_Calls")).text).toContain("You will get the calls of <b>@alpha_calls</b> here.");
    expect((await user.ask("/followcaller t.me/alpha_calls")).text).toContain("You already follow");
    expect(await store.subscribers(alpha.id)).toEqual([String(user.chatId)]);
    expect((await user.ask("/unfollowcaller @alpha_calls")).text).toContain("You no longer follow");
    expect((await user.ask("/unfollowcaller @alpha_calls")).text).toContain("You don't follow");
    expect(await store.subscribers(alpha.id)).toEqual([]);
  });
});
