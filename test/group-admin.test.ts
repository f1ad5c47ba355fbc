// Groups, alert buttons and the admin chat end to end: the real bot (runner polling over HTTP)
// and the real notifier against the Bot API emulator, on real Postgres and Redis.
// The emulator has no getChatMember: a transformer on the bot's API answers it from `roles`
// (the one boundary it cannot reach); everything else goes through the emulator.
import { loadScoreSettings } from "../core/data/wallet-scores.js";
import { Writable } from "node:stream";
import type { Bot } from "grammy";
import type { RunnerHandle } from "@grammyjs/runner";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createBot, type BotContext } from "../bot/bot.js";
import { readChatRules } from "../core/data/chat-rules.js";
import { clearChatAdminCache } from "../bot/helpers/chat-admin.js";
import { ChatMutes } from "../core/data/chat-mutes.js";
import { ChatRepository } from "../core/data/chat-repository.js";
import { collectIngestHealth } from "../core/data/ingest-health.js";
import { SettingsRepository } from "../core/data/settings.js";
import { SwapPartitions } from "../core/data/swap-partitions.js";
import { insertAlerts, insertSwaps } from "../core/data/swap-store.js";
import { buildWalletSwapAlert } from "../core/domain/alerts.js";
import { WSOL_MINT, type Swap } from "../core/domain/swap.js";
import { createI18n } from "../core/i18n.js";
import { createLogger } from "../core/logger.js";
import { enqueueAlerts } from "../core/queues/producers.js";
import { createTelegramApi } from "../core/telegram.js";
import { startWorkers, type RunningWorkers } from "../workers/app.js";
import { createTestDatabase, type TestDatabase } from "./helpers/db.js";
import { createTestRedis, waitFor, type TestRedis } from "./helpers/redis.js";
import {
  createTestUser,
  findBotMessage,
  runTestBot,
  startTelegramEmulator,
  waitForBotMessageEdit,
  type BotMessage,
  type TelegramEmulator,
} from "./helpers/telegram.js";

const TOKEN = "7654321:PumpSpaceGroupTestToken_abcdef";
const ADMIN_CHAT = -100777;
const GROUP = -100500;
const ADMIN_USER = 501;
const MEMBER_USER = 502;
const W1 = "GQpoa61ghhu51v6RnseVodSHkVki9XmtumBXjzBR8mQg";
const MINT = "FstBRGMkNKf4wNvfieYUPS9YsbNoQJMCh6v89zajpump";

let tg: TelegramEmulator;
let db: TestDatabase;
let redis: TestRedis;
let bot: Bot<BotContext>;
let runner: RunnerHandle;
let workers: RunningWorkers;
const roles = new Map<number, "creator" | "administrator" | "member">([[ADMIN_USER, "administrator"]]);
let memberLookups = 0;
const blockedChats = new Set<string>();
const logLines: Record<string, unknown>[] = [];

let n = 0;
function swap(trader: string): Swap {
  n++;
  return {
    signature: `3${"w".repeat(60)}${n}`,
    slot: 320_000_000 + n,
    blockTime: Math.floor(Date.now() / 1000) - 1,
    ixPath: "1",
    dex: "pumpswap",
    programId: "pAMMBay6oceH9fJKBRHGP5D4bD4sWpmSwMn52FMfXEA",
    pool: null,
    trader,
    mintIn: WSOL_MINT,
    amountIn: 3_000_000_000n,
    decimalsIn: 9,
    mintOut: MINT,
    amountOut: 1_000_000_000n,
    decimalsOut: 6,
    priceSol: null,
    priceUsd: null,
  };
}

beforeAll(async () => {
  [tg, db] = await Promise.all([startTelegramEmulator(), createTestDatabase()]);
  redis = createTestRedis();
  const logger = createLogger(
    "info",
    "bot",
    new Writable({
      write(chunk, _enc, done) {
        for (const line of String(chunk).split("\n").filter(Boolean)) logLines.push(JSON.parse(line));
        done();
      },
    }),
  );
  workers = await startWorkers({
    roles: new Set(["notifier"]),
    db,
    redisUrl: redis.url,
    queuePrefix: redis.prefix,
    logger: createLogger("silent"),
    // The notifier talks to the emulator with the bot's token; chats in `blockedChats` get a 403.
    api: createTelegramApi(TOKEN, {
      apiRoot: tg.apiRoot,
      transformers: [
        (prev, method, payload, signal) =>
          method === "sendMessage" && blockedChats.has(String((payload as { chat_id: unknown }).chat_id))
            ? Promise.resolve({ ok: false, error_code: 403, description: "Forbidden: bot was blocked by the user" } as never)
            : prev(method, payload, signal),
      ],
    }),
    i18n: createI18n(),
    solUsdFallback: 150,
    batchSize: 10,
    batchMaxWaitMs: 10,
    notifyConcurrency: 2,
    notifyRatePerSecond: 50,
    sweepEveryMs: 60_000,
  });
  bot = createBot(
    TOKEN,
    {
      chats: new ChatRepository(db.prisma),
      config: { walletLimit: 10 },
      logger,
      i18n: createI18n<BotContext>(),
      mutes: new ChatMutes(db.sql),
      settings: new SettingsRepository(db.sql, 0),
      rules: { sql: db.sql },
      admin: { chatId: ADMIN_CHAT, health: () => collectIngestHealth(db.sql, [workers.notify, workers.swapBatches]) },
    },
    { apiRoot: tg.apiRoot },
  );
  bot.api.config.use((prev, method, payload, signal) => {
    if (method === "getChatMember") {
      memberLookups++;
      const userId = Number((payload as { user_id: number }).user_id);
      const user = { id: userId, is_bot: false, first_name: `U${userId}` };
      return Promise.resolve({ ok: true, result: { status: roles.get(userId) ?? "member", user } } as never);
    }
    return prev(method, payload, signal);
  });
  runner = runTestBot(bot);
});

afterAll(async () => {
  await runner?.stop();
  await workers?.stop();
  await tg?.stop();
  await db?.drop();
  await redis?.cleanup();
});

function groupUser(userId: number, languageCode = "en", chatId = GROUP) {
  return createTestUser(tg.server, TOKEN, { chatId, userId, type: "supergroup", chatTitle: "Alpha", languageCode });
}

/** The single reply to a command, read through `reader` (one client per chat reads its messages). */
async function ask(user: ReturnType<typeof groupUser>, text: string, reader = user): Promise<BotMessage> {
  await user.command(text);
  const replies = await reader.replies(1);
  expect(replies).toHaveLength(1);
  return replies[0]!;
}

const buttons = (m: BotMessage) => m.replyMarkup?.inline_keyboard.flat() ?? [];
const dataOf = (m: BotMessage, match: RegExp | string) =>
  buttons(m)
    .map((b) => ("callback_data" in b ? b.callback_data : undefined))
    .find((d) => d !== undefined && (typeof match === "string" ? d === match : match.test(d)))!;

describe("group settings are for the group's admins", () => {
  it("refuses a member politely in their language and lets an admin track, asking Telegram once per TTL", async () => {
    clearChatAdminCache();
    const admin = groupUser(ADMIN_USER);
    const member = groupUser(MEMBER_USER);
    const memberZh = groupUser(MEMBER_USER + 1, "zh");

    const refused = await ask(member, `/track ${W1}`, admin);
    expect(refused.text).toBe("🙏 Sorry, only this group's admins can change what the bot does here. Ask an admin to do it.");
    const refusedZh = await ask(memberZh, `/untrack ${W1}`, admin);
    expect(refusedZh.text).toContain("只有本群管理员");
    expect(await db.prisma.trackedWallet.count({ where: { chatId: BigInt(GROUP) } })).toBe(0);

    const before = memberLookups;
    const added = await ask(admin, `/track ${W1} group whale`, admin);
    expect(added.text).toContain("Now tracking <b>group whale</b>");
    const dup = await ask(admin, `/track ${W1}`, admin);
    expect(dup.text).toContain("already track");
    expect(memberLookups - before).toBe(1);
    expect(await db.prisma.trackedWallet.findMany({ where: { chatId: BigInt(GROUP) } })).toMatchObject([{ address: W1, label: "group whale" }]);

    // Anyone may read the list.
    const list = await ask(member, "/list", admin);
    expect(list.text).toContain(W1);
  });
});

describe("group settings, continued", () => {
  it("lets an admin posting anonymously (as the group) change settings, and applies the admin chat's wallet limit", async () => {
    const admin = groupUser(ADMIN_USER);
    const lookups = memberLookups;
    // GroupAnonymousBot sends it; the sender chat is the group itself, which only admins can use.
    await admin.client.sendCommand(
      admin.client.makeCommand("/untrack GQpoa61ghhu51v6RnseVodSHkVki9XmtumBXjzBR8mQg", {
        from: { id: 1087968824, is_bot: true, first_name: "Group", username: "GroupAnonymousBot" },
        sender_chat: { id: GROUP, type: "supergroup", title: "Alpha" },
      }),
    );
    const [reply] = await admin.replies(1);
    expect(reply!.text).toContain("Stopped tracking");
    expect(memberLookups).toBe(lookups);

    await new SettingsRepository(db.sql).set("limits.chat", { wallets: 1, rules: 20, alertsPerHour: 600 });
    expect((await ask(admin, `/track ${W1}`)).text).toContain("Now tracking");
    expect((await ask(admin, "/track G8SNiK7rp1vYTG4KcRS9EDn439HCdsweLUo9BCHWdtbw")).text).toBe(
      "🚫 You already track 1 wallets, the most one chat can. Remove one with /untrack first.",
    );
    await db.sql.query(`DELETE FROM setting WHERE key = 'limits.chat'`);
  });
});

describe("rule dialogues in a group", () => {
  it("lets an admin set a filter in a dialogue that another member's messages cannot answer", async () => {
    const admin = groupUser(ADMIN_USER);
    const member = groupUser(MEMBER_USER);
    const shown = await ask(admin, "/filters", admin);
    await admin.press(dataOf(shown, "filters:edit:minsol"), shown.messageId);
    const [question] = await admin.replies(1);
    expect(question!.text).toContain("Min SOL: now <b>not set</b>");
    // Asked as a reply (privacy mode shows a group's bot only commands and replies to it).
    expect(question!.raw.reply_markup).toMatchObject({ force_reply: true, selective: true });
    await member.message("9");
    await admin.message("3");
    const [saved] = await admin.replies(1);
    expect(saved!.text).toBe("✅ Filters saved.");
    expect((await readChatRules(db.sql, GROUP)).filter.minSol).toBe(3);
  });
});

describe("alerts with buttons", () => {
  it("delivers an alert to the group with its buttons; only an admin's press mutes the token", async () => {
    const admin = groupUser(ADMIN_USER);
    const member = groupUser(MEMBER_USER);
    const rows = await insertAlerts(db.sql, [{ chatId: String(GROUP), alert: buildWalletSwapAlert(swap(W1), "group whale", new Map([[MINT, "PEPE"]])) }]);
    await enqueueAlerts(workers.notify, rows);
    const [alert] = await admin.replies(1, 10_000);
    expect(alert!.text).toContain("🟢 <b>BUY</b>");
    expect(alert!.text).toMatch(/⏱ block .* → sent .* UTC/);
    expect(buttons(alert!).map((b) => b.text)).toEqual([
      "🔎 Solscan",
      "👛 Wallet",
      "📈 Chart",
      "🪙 Token",
      "👛 Wallet card",
      "➖ Untrack wallet",
      "🔕 Mute token",
    ]);

    const mute = dataOf(alert!, /^mute-token:/);
    expect(mute).toBe(`mute-token:${MINT}`);
    await member.press(mute, alert!.messageId);
    await new Promise((r) => setTimeout(r, 500));
    expect(await db.prisma.chatMute.count({ where: { chatId: BigInt(GROUP) } })).toBe(0);
    await admin.press(mute, alert!.messageId);
    await waitFor(async () => (await db.prisma.chatMute.count({ where: { chatId: BigInt(GROUP), kind: "token", value: MINT } })) === 1, "muted");

    // The muted token's next alert is dropped, not sent.
    const next = await insertAlerts(db.sql, [{ chatId: String(GROUP), alert: buildWalletSwapAlert(swap(W1), null, new Map()) }]);
    await enqueueAlerts(workers.notify, next);
    await waitFor(async () => (await db.prisma.alert.findUniqueOrThrow({ where: { id: BigInt(next[0]!.id) } })).status === "dropped", "dropped");
  });

  it("untracks from a DM alert's button", async () => {
    const user = createTestUser(tg.server, TOKEN, { chatId: 6100, languageCode: "zh" });
    await user.command(`/track ${W1}`);
    await user.replies(1);
    const rows = await insertAlerts(db.sql, [{ chatId: "6100", alert: buildWalletSwapAlert(swap(W1), null, new Map()) }]);
    await enqueueAlerts(workers.notify, rows);
    const [alert] = await user.replies(1, 10_000);
    expect(alert!.text).toContain("买入");
    expect(buttons(alert!).map((b) => b.text)).toContain("➖ 取消跟踪");
    await user.press(dataOf(alert!, `untrack:${W1}`), alert!.messageId);
    await waitFor(async () => (await db.prisma.trackedWallet.count({ where: { chatId: 6100n } })) === 0, "untracked");
  });

  it("deactivates a chat whose delivery Telegram refuses with 403", async () => {
    const user = createTestUser(tg.server, TOKEN, { chatId: 6200 });
    await user.command(`/track ${W1}`);
    await user.replies(1);
    blockedChats.add("6200");
    const rows = await insertAlerts(db.sql, [{ chatId: "6200", alert: buildWalletSwapAlert(swap(W1), null, new Map()) }]);
    await enqueueAlerts(workers.notify, rows);
    await waitFor(async () => (await db.prisma.chat.findUniqueOrThrow({ where: { id: 6200n } })).blockedAt !== null, "chat blocked");
    expect((await db.prisma.alert.findUniqueOrThrow({ where: { id: BigInt(rows[0]!.id) } })).status).toBe("dropped");
    expect((await db.prisma.alertDelivery.findUniqueOrThrow({ where: { alertId: BigInt(rows[0]!.id) } })).status).toBe("dropped");
  });
});

describe("the admin chat", () => {
  it("refuses /admin anywhere else and logs the attempt", async () => {
    const stranger = createTestUser(tg.server, TOKEN, { chatId: 6300, userId: 6300 });
    const reply = await ask(stranger, "/admin");
    expect(reply.text).toBe("🚫 Sorry, global settings can only be changed from the operator's admin chat.");
    const inGroup = await ask(groupUser(ADMIN_USER, "zh"), "/admin");
    expect(inGroup.text).toContain("管理聊天");
    const warned = logLines.filter((l) => l.msg === "refused /admin outside the admin chat");
    expect(warned.map((l) => [l.chat_id, l.user_id])).toEqual([
      [6300, 6300],
      [GROUP, ADMIN_USER],
    ]);
    expect(warned.every((l) => l.level === 40)).toBe(true);
    expect(await db.prisma.setting.count()).toBe(0);
  });

  it("changes a scoring tier through the menu and a number conversation, refusing bad values", async () => {
    const op = createTestUser(tg.server, TOKEN, { chatId: ADMIN_CHAT, userId: 900, type: "group", chatTitle: "Ops" });
    const menu = await ask(op, "/admin");
    expect(menu.text).toContain("PumpSpace admin");
    await op.press(dataOf(menu, /^admin-main\/.*/) ?? "", menu.messageId);
    const tiers = await waitForBotMessageEdit(tg.server, TOKEN, menu.messageId, (m) => buttons(m).some((b) => b.text.startsWith("Tier S score: 70")));
    const sButton = buttons(tiers).find((b) => b.text.startsWith("Tier S score"))!;
    await op.press("callback_data" in sButton ? sButton.callback_data! : "", menu.messageId);
    const [prompt] = await op.replies(1);
    expect(prompt!.text).toContain("Send the new value for <b>Tier S score</b>");

    expect((await ask(op, "lots")).text).toBe("❌ <code>lots</code> is not a number. Send a number, or /cancel.");
    const unordered = await ask(op, "50");
    expect(unordered.text).toContain("❌ 50 is not allowed for Tier S score");
    expect(unordered.text).toContain("S ≥ A ≥ B");
    expect((await ask(op, "92")).text).toBe("✅ Tier S score is now <b>92</b>.");
    const stored = await db.prisma.setting.findUniqueOrThrow({ where: { key: "scoring.tiers" } });
    expect(stored.value).toEqual({ S: 92, A: 55, B: 40 });
    expect(stored.updatedBy).toBe(900n);
    expect(await new SettingsRepository(db.sql).get("scoring.tiers")).toEqual({ S: 92, A: 55, B: 40 });
    // Scoring ranks wallets by what the admin chat set.
    expect((await loadScoreSettings(db.sql)).tiers).toEqual({ S: 92, A: 55, B: 40 });
  });

  it("replaces the tracked channel list, refusing a malformed username", async () => {
    const op = createTestUser(tg.server, TOKEN, { chatId: ADMIN_CHAT, userId: 900, type: "group", chatTitle: "Ops" });
    const menu = await ask(op, "/admin");
    const channels = buttons(menu).find((b) => b.text === "📡 Tracked channels")!;
    await op.press("callback_data" in channels ? channels.callback_data! : "", menu.messageId);
    const [list, prompt] = await op.replies(2);
    expect(list!.text).toBe("📡 No channels are tracked yet.");
    expect(prompt!.text).toContain("Send the channel usernames to follow");
    expect((await ask(op, "@alpha_calls no!")).text).toMatch(/^❌ Not saved/);
    expect((await ask(op, "@alpha_calls https://t.me/gems_daily alpha_calls")).text).toBe("✅ Tracking 2 channel(s).");
    expect(await new SettingsRepository(db.sql, 0).get("channels.tracked")).toEqual(["alpha_calls", "gems_daily"]);
  });

  it("shows ingest health: lag, swaps/s, queue depths, errors and runs", async () => {
    // Three swaps stored just now, the newest 100 slots past the cursor and 5 s old on chain.
    const stored = [0, 1, 2].map(() => ({ ...swap(W1), slot: 330_000_100, blockTime: Math.floor(Date.now() / 1000) - 5 }));
    await new SwapPartitions(db.sql).ensure([330_000_000]);
    await insertSwaps(db.sql, stored, "grpc");
    await db.sql.query(`INSERT INTO ingest_cursor (source, slot) VALUES ('grpc:test', 330000000)`);
    await db.sql.query(`INSERT INTO dead_letter (source, key, reason, payload) VALUES ('decode', 'sig1', 'malformed swap instruction', '{}')`);
    await db.sql.query(`INSERT INTO job_run (name, status) VALUES ('ingest:grpc:test', 'running')`);
    const op = createTestUser(tg.server, TOKEN, { chatId: ADMIN_CHAT, userId: 900, type: "group", chatTitle: "Ops" });
    const menu = await ask(op, "/admin");
    const health = buttons(menu).find((b) => b.text === "🩺 Ingest health")!;
    await op.press("callback_data" in health ? health.callback_data! : "", menu.messageId);
    const [report] = await op.replies(1);
    expect(report!.text).toContain("🩺 <b>Ingest health</b>");
    expect(report!.text).toMatch(/Newest slot 330000100 · [5-9] s behind the chain · 0\.1 swaps\/s/);
    expect(report!.text).toContain("Cursor <code>grpc:test</code>: 100 slots behind");
    expect(report!.text).toMatch(/Queue <code>notify<\/code>: \d+ waiting, \d+ active, \d+ delayed, \d+ failed/);
    expect(report!.text).toContain("Errors (dead letters) in the last hour: 1");
    expect(report!.text).toContain("malformed swap instruction");
    expect(report!.text).toContain("ingest:grpc:test: running");
    expect(findBotMessage(tg.server, TOKEN, report!.messageId)).toBeDefined();
  });
});
