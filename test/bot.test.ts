// The bot end to end: real runner polling over HTTP against the Bot API emulator, real Postgres.
// Each test talks from its own chat id, so tests do not see each other's wallets or language.
import { Api, type Bot } from "grammy";
import type { RunnerHandle } from "@grammyjs/runner";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createBot, type BotContext } from "../bot/bot.js";
import { ChatRepository } from "../core/data/chat-repository.js";
import { ALERT_KIND_WALLET_SWAP, type WalletSwapAlert } from "../core/domain/alerts.js";
import { renderWalletSwapAlert } from "../core/domain/alert-render.js";
import { RAYDIUM_AMM_V4_PROGRAM } from "../core/domain/programs.js";
import { WSOL_MINT } from "../core/domain/swap.js";
import { createI18n, translator } from "../core/i18n.js";
import { createLogger } from "../core/logger.js";
import { createTestDatabase, type TestDatabase } from "./helpers/db.js";
import {
  createTestUser,
  runTestBot,
  startTelegramEmulator,
  waitForBotMessageEdit,
  type BotMessage,
  type TelegramEmulator,
  type TestUserOptions,
} from "./helpers/telegram.js";

const TOKEN = "1234567:PumpSpaceTestToken_abcdefghij";
const LIMIT = 2;

// Fee payers of mainnet transactions in test/fixtures/solana: real wallets.
const W1 = "GQpoa61ghhu51v6RnseVodSHkVki9XmtumBXjzBR8mQg";
const W2 = "G8SNiK7rp1vYTG4KcRS9EDn439HCdsweLUo9BCHWdtbw";
const W3 = "3xTPAZxmpwd8GrNEKApaTw6VH4jqJ31WFXUvQzgwhR7c";
// The pump.fun bonding curve of B9kt…pump (a PDA, touched by pumpfun_2wkECde79Gon).
const BONDING_CURVE = "5dhRAEw3LfUMTJcPqYSyasH45jHnWeZQmM2Hccic59SZ";
const KNOWN_MINT = "B9ktH3g7mwgdoDgCgGRim6qeqPcyRVWJueXS12CMpump";

let tg: TelegramEmulator;
let db: TestDatabase;
let chats: ChatRepository;
let bot: Bot<BotContext>;
let runner: RunnerHandle;
const apiCalls: { method: string; payload: Record<string, unknown> }[] = [];
let nextChatId = 1000;

beforeAll(async () => {
  [tg, db] = await Promise.all([startTelegramEmulator(), createTestDatabase()]);
  chats = new ChatRepository(db.prisma);
  await db.prisma.token.create({ data: { mint: KNOWN_MINT, symbol: "<BONK>", decimals: 6 } });
  bot = createBot(
    TOKEN,
    { chats, config: { walletLimit: LIMIT }, logger: createLogger("silent"), i18n: createI18n<BotContext>() },
    { apiRoot: tg.apiRoot },
  );
  bot.api.config.use((prev, method, payload, signal) => {
    if (method !== "getUpdates") apiCalls.push({ method, payload: payload as Record<string, unknown> });
    // The emulator has no getChatMember: everyone in a group is a plain member here.
    if (method === "getChatMember") {
      const user = { id: Number((payload as { user_id: number }).user_id), is_bot: false, first_name: "U" };
      return Promise.resolve({ ok: true, result: { status: "member", user } } as never);
    }
    return prev(method, payload, signal);
  });
  runner = runTestBot(bot);
});

afterAll(async () => {
  await runner?.stop();
  await tg?.stop();
  await db?.drop();
});

/** A user in a fresh chat. */
function newUser(options: Partial<TestUserOptions> = {}) {
  const user = createTestUser(tg.server, TOKEN, { chatId: ++nextChatId, ...options });
  return {
    ...user,
    /** Sends a command and returns the single reply, checking it is HTML. */
    async ask(command: string): Promise<BotMessage> {
      await user.command(command);
      const replies = await user.replies(1);
      expect(replies, `replies to ${JSON.stringify(command)}`).toHaveLength(1);
      const [reply] = replies;
      expect(reply!.parseMode).toBe("HTML");
      return reply!;
    },
  };
}

describe("/start and /help", () => {
  it("greets in English and lists the commands", async () => {
    const user = newUser({ languageCode: "en" });
    const reply = await user.ask("/start");
    expect(reply.text).toContain("Welcome to PumpSpace");
    expect(reply.text).toContain("/track &lt;wallet&gt; [label]");
    expect(reply.text).toContain("/lang");
    const chat = await db.prisma.chat.findUnique({ where: { id: BigInt(user.chatId) } });
    expect(chat).toMatchObject({ type: "private", language: null, clientLanguage: "en", blockedAt: null });
  });

  it("greets in Chinese when the client speaks Chinese", async () => {
    const user = newUser({ languageCode: "zh-hans" });
    const reply = await user.ask("/start");
    expect(reply.text).toContain("欢迎使用 PumpSpace");
    expect(reply.text).toContain("/track &lt;钱包地址&gt; [备注]");
    // Stored for the notifier, which renders alerts for this chat without a Telegram update.
    const chat = await db.prisma.chat.findUnique({ where: { id: BigInt(user.chatId) } });
    expect(chat?.clientLanguage).toBe("zh-hans");
  });

  it("clears blockedAt when a user who blocked the bot comes back with /start", async () => {
    const user = newUser();
    await user.ask("/help");
    await chats.markBlocked(user.chatId);
    await user.ask("/start");
    const chat = await db.prisma.chat.findUnique({ where: { id: BigInt(user.chatId) } });
    expect(chat?.blockedAt).toBeNull();
  });
});

describe("/track", () => {
  it("tracks a wallet with a label", async () => {
    const user = newUser();
    const reply = await user.ask(`/track ${W1}   Big   whale `);
    expect(reply.text).toBe(
      `✅ Now tracking <b>Big whale</b> (<code>${W1}</code>). You will get an alert when it trades.`,
    );
    const rows = await db.prisma.trackedWallet.findMany({ where: { chatId: BigInt(user.chatId) } });
    expect(rows).toMatchObject([{ address: W1, label: "Big whale" }]);
  });

  it("answers every wrong input with its own reason (English)", async () => {
    const user = newUser();
    const cases: [string, string][] = [
      ["/track", "Usage: <code>/track &lt;wallet&gt; [label]</code>"],
      ["/track hello", "yours contains: <code>l</code>"],
      [`/track ${W1.replace("G", "0")}`, "base58, which has no 0, O, I, l"],
      ["/track <script>", "yours contains: <code>&lt; &gt;</code>"],
      ["/track abc", "an address is 32–44 characters long (32 bytes), and yours has 3."],
      ["/track 11111111111111111111111111111111111111111111", "it decodes to 44 bytes"],
      [`/track ${RAYDIUM_AMM_V4_PROGRAM}`, "That is the Raydium AMM v4 program, not a wallet."],
      [`/track ${BONDING_CURVE}`, "This looks like a program-owned account, not a wallet."],
      [`/track ${KNOWN_MINT}`, "That is the mint of the token <b>&lt;BONK&gt;</b>, not a wallet."],
      [`/track ${WSOL_MINT}`, "That is the mint of the token <b>SOL</b>, not a wallet."],
      [`/track ${W1} ${"x".repeat(33)}`, "The label is 33 characters long; please keep it to 32."],
      [`/track ${W1} bell\u0007`, "The label contains invisible control characters."],
      [`/track ${W1} ${"y".repeat(200)}`, "That is too long for a command."],
    ];
    for (const [command, expected] of cases) {
      const reply = await user.ask(command);
      expect(reply.text, command).toContain(expected);
    }
    expect(await chats.listWallets(user.chatId)).toEqual([]);
  });

  it("answers wrong input in Chinese for a Chinese client", async () => {
    const user = newUser({ languageCode: "zh" });
    expect((await user.ask("/track hello")).text).toContain("这不是 Solana 地址");
    expect((await user.ask(`/track ${BONDING_CURVE}`)).text).toContain("这看起来是程序拥有的账户，而不是钱包");
    expect((await user.ask("/track")).text).toContain("用法：");
  });

  it("reports a duplicate with its label", async () => {
    const user = newUser();
    await user.ask(`/track ${W1} Whale`);
    expect((await user.ask(`/track ${W1} Other`)).text).toBe("ℹ️ You already track this wallet as <b>Whale</b>.");
    await user.ask(`/track ${W2}`);
    expect((await user.ask(`/track ${W2}`)).text).toBe("ℹ️ You already track this wallet.");
  });

  it("stops at the per-chat limit", async () => {
    const user = newUser();
    await user.ask(`/track ${W1}`);
    await user.ask(`/track ${W2}`);
    const reply = await user.ask(`/track ${W3}`);
    expect(reply.text).toContain(`You already track ${LIMIT} wallets, the most one chat can.`);
    expect((await chats.listWallets(user.chatId)).map((w) => w.address)).toEqual([W1, W2]);
  });

  it("escapes an HTML label in every reply", async () => {
    const user = newUser();
    const label = `<b>&"x"</b>`;
    const escaped = "&lt;b&gt;&amp;&quot;x&quot;&lt;/b&gt;";
    expect((await user.ask(`/track ${W1} ${label}`)).text).toContain(`<b>${escaped}</b>`);
    expect((await user.ask(`/track ${W1}`)).text).toContain(`<b>${escaped}</b>`);
    const list = await user.ask("/list");
    expect(list.text).toContain(`1. <b>${escaped}</b> — <code>${W1}</code>`);
    expect(list.text).not.toContain(label);
    expect((await user.ask(`/untrack ${W1}`)).text).toContain(escaped);
  });
});

describe("/untrack and /list", () => {
  it("lists, untracks, and says so when a wallet is not tracked", async () => {
    const user = newUser();
    expect((await user.ask("/list")).text).toContain("You don't track any wallets yet.");
    await user.ask(`/track ${W1} Whale`);
    await user.ask(`/track ${W2}`);
    expect((await user.ask("/list")).text).toBe(
      [
        `📋 <b>Tracked wallets</b> (2/${LIMIT})`,
        `1. <b>Whale</b> — <code>${W1}</code>`,
        `2. <code>${W2}</code>`,
      ].join("\n"),
    );
    expect((await user.ask(`/untrack ${W1}`)).text).toBe(`🗑 Stopped tracking <b>Whale</b> (<code>${W1}</code>).`);
    expect((await user.ask(`/untrack ${W1}`)).text).toContain(`You don't track <code>${W1}</code>.`);
    expect((await user.ask("/untrack")).text).toContain("Usage: <code>/untrack &lt;wallet&gt;</code>");
    expect((await user.ask("/untrack 0OIl")).text).toContain("yours contains: <code>0 O I l</code>");
    expect((await chats.listWallets(user.chatId)).map((w) => w.address)).toEqual([W2]);
  });
});

describe("/lang", () => {
  it("switches to Chinese with a button, stores it, and answers in Chinese from then on", async () => {
    const user = newUser({ languageCode: "en" });
    const prompt = await user.ask("/lang");
    expect(prompt.text).toBe("🌐 Choose your language:");
    const buttons = prompt.replyMarkup?.inline_keyboard.flat() ?? [];
    expect(buttons.map((b) => b.text)).toEqual(["✓ English", "中文"]);
    const zhButton = buttons.find((b) => b.text === "中文");
    expect(zhButton && "callback_data" in zhButton ? zhButton.callback_data : undefined).toBe("lang:zh");

    await user.press("lang:zh", prompt.messageId);
    const edited = await waitForBotMessageEdit(tg.server, TOKEN, prompt.messageId, (m) => m.text.includes("中文"));
    expect(edited.text).toBe("✅ 语言已切换为中文。发送 /help 查看命令。");
    expect(edited.replyMarkup?.inline_keyboard.flat().map((b) => b.text)).toEqual(["English", "✓ 中文"]);
    expect(apiCalls).toContainEqual({
      method: "answerCallbackQuery",
      payload: expect.objectContaining({ text: "语言：中文" }),
    });
    const chat = await db.prisma.chat.findUnique({ where: { id: BigInt(user.chatId) } });
    expect(chat?.language).toBe("zh");

    // The stored choice beats the client's English.
    expect((await user.ask("/help")).text).toContain("<b>命令</b>");
    await user.press("lang:en", prompt.messageId);
    await waitForBotMessageEdit(tg.server, TOKEN, prompt.messageId, (m) => m.text.includes("English"));
    expect((await user.ask("/help")).text).toContain("<b>Commands</b>");
  });
});

describe("other chats and failures", () => {
  it("politely refuses a group's settings commands to a member who is not an admin", async () => {
    const group = newUser({ type: "group", chatId: -4000, userId: 4001, chatTitle: "Degens" });
    const reply = await group.ask(`/track ${W1}`);
    expect(reply.text).toBe("🙏 Sorry, only this group's admins can change what the bot does here. Ask an admin to do it.");
    expect(await chats.listWallets(-4000)).toEqual([]);
    const chat = await db.prisma.chat.findUnique({ where: { id: BigInt(-4000) } });
    expect(chat).toMatchObject({ type: "group", title: "Degens" });
  });

  it("answers text it does not understand", async () => {
    const user = newUser();
    await user.message("hello?");
    const [reply] = await user.replies(1);
    expect(reply?.text).toContain("I didn't understand that. Send /help");
  });

  it("tells the user when something breaks, in their language", async () => {
    const user = newUser({ languageCode: "zh" });
    const spy = vi.spyOn(chats, "listWallets").mockRejectedValueOnce(new Error("database is down"));
    try {
      expect((await user.ask("/list")).text).toBe("⚠️ 我们这边出了点问题，请稍后再试。");
    } finally {
      spy.mockRestore();
    }
    expect((await user.ask("/list")).text).toContain("你还没有关注任何钱包");
  });
});

describe("messages from another Api (the notifier)", () => {
  it("reach the user's chat and read back through the client", async () => {
    const user = newUser();
    const alert: WalletSwapAlert = {
      kind: ALERT_KIND_WALLET_SWAP,
      key: "sig-1",
      signature: "5".repeat(88),
      slot: 1,
      blockTime: null,
      wallet: W1,
      walletLabel: "<whale>",
      side: "buy",
      dex: "pumpswap",
      tokenMint: KNOWN_MINT,
      tokenSymbol: "BONK",
      tokenAmount: "1234567890000",
      tokenDecimals: 6,
      quoteMint: WSOL_MINT,
      quoteSymbol: "SOL",
      quoteAmount: "2500000000",
      quoteDecimals: 9,
      priceSol: 0.000002,
      priceUsd: null,
    };
    const { text, reply_markup } = renderWalletSwapAlert(alert, translator(createI18n(), "en"));
    await new Api(TOKEN, { apiRoot: tg.apiRoot }).sendMessage(user.chatId, text, { parse_mode: "HTML", reply_markup });
    const [received] = await user.replies(1);
    expect(received?.text).toBe(text);
    expect(received?.text).toContain("&lt;whale&gt;</a> bought <b>1.23M</b>");
    expect(received?.replyMarkup).toEqual(reply_markup);
  });
});
