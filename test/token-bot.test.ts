// /token and the alert's Token button end to end: the real bot (runner polling over HTTP) against
// the Bot API emulator, token facts from the local JSON-RPC server through the real repository and
// Postgres, and trading stats from a reader over fixed snapshots (test data, not the live windows),
// except one token whose stats come from the real live windows in Redis.
import type { Job } from "bullmq";
import { Api, type Bot } from "grammy";
import type { RunnerHandle } from "@grammyjs/runner";
import bs58 from "bs58";
import { Redis } from "ioredis";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createBot, type BotContext } from "../bot/bot.js";
import { ChatRepository } from "../core/data/chat-repository.js";
import { JsonRpcClient } from "../core/data/json-rpc.js";
import { TokenFactsRepository } from "../core/data/token-facts-repository.js";
import { insertAlerts } from "../core/data/swap-store.js";
import { buildWalletSwapAlert } from "../core/domain/alerts.js";
import { RAYDIUM_AMM_V4_PROGRAM } from "../core/domain/programs.js";
import { WSOL_MINT, type Swap } from "../core/domain/swap.js";
import { metadataAddress, type RawAccount } from "../core/domain/token-accounts.js";
import type { TokenStatsReader, TokenStatsSnapshot, TokenWindowStats } from "../core/domain/token-stats.js";
import { ext, metaplexMetadata, splMint, token2022Mint } from "../core/domain/test-support/token-accounts.js";
import { createI18n } from "../core/i18n.js";
import { createLogger } from "../core/logger.js";
import { createNotifyProcessor } from "../workers/processors/notify.js";
import { TokenStatsStore } from "../core/data/token-stats-store.js";
import { dexName } from "../core/domain/alert-render.js";
import { shortAddress } from "../core/domain/alerts.js";
import { createTestRedis, type TestRedis } from "./helpers/redis.js";
import { createTestDatabase, type TestDatabase } from "./helpers/db.js";
import { startJsonRpcServer, type JsonRpcTestServer, type ServedAccount } from "./helpers/json-rpc-server.js";
import {
  createTestUser,
  findBotMessage,
  runTestBot,
  startTelegramEmulator,
  waitForBotMessageEdit,
  type BotMessage,
  type TelegramEmulator,
  type TestUserOptions,
} from "./helpers/telegram.js";

const TOKEN = "1234567:PumpSpaceTestToken_abcdefghij";

// The fixture token: a pump.fun-style mint (real address from test/fixtures/solana), its account
// bytes and Metaplex metadata built from the documented layouts, served by the JSON-RPC server.
const FIXTURE_MINT = "B9ktH3g7mwgdoDgCgGRim6qeqPcyRVWJueXS12CMpump";
// A Token-2022 mint with a permanent delegate and a 5% transfer fee, never traded.
const RISKY_MINT = "2b1kV6DkPAnxd5ixfnxCpjxmKwqjjaYmCZfHsFu24GXo";
// Traded (stats below) but the RPC fails for it.
const RPC_DOWN_MINT = "7xKXtg2CW87d97TXJSDpbD5jBkheTqA83TZRuJosgAsU";
// Served only after a delay, to see "working on it".
const SLOW_MINT = "DezXAZ8z7PnrnRJjz3wXBoRgixCa6xjnB7YaB1pPB263";
const UNKNOWN_MINT = "9WzDXwBbmkg8ZTbNMqUxvQRAyrZzDsGYdLVL9zYtAWWM";
// Traded through the real stats store (a real mint from the PumpSwap fixture).
const LIVE_MINT = "GhhhWpvhigZBt17qrehiwtoJNfkBuV9TaqaouWugpump";
const WALLET = "GQpoa61ghhu51v6RnseVodSHkVki9XmtumBXjzBR8mQg";
const AUTH = "G8SNiK7rp1vYTG4KcRS9EDn439HCdsweLUo9BCHWdtbw";

const served = (a: RawAccount): ServedAccount => ({ owner: a.owner, data: Buffer.from(a.data).toString("base64"), executable: a.executable, lamports: a.lamports });

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

/** Test data: fixed stats snapshots by mint, standing in for the live stats windows. */
function fixedStatsSnapshot(mint: string, priceUsd: number): TokenStatsSnapshot {
  const now = Math.floor(Date.now() / 1000);
  return {
    mint,
    priceSol: priceUsd / 150,
    priceUsd,
    lastTradeAt: now - 10,
    firstTradeAt: now - 2 * 3600,
    windows: {
      "5m": win({ changePct: 2.5 }),
      "1h": win({ changePct: -10, volumeUsd: 12_000 }),
      "6h": win({ changePct: 40 }),
      "24h": win({ changePct: 40, volumeUsd: 250_000, volumeSol: 1_666, buys: 321, sells: 123, traders: 99 }),
    },
    liquidityUsd: 80_000,
    topPools: [{ pool: "5dhRAEw3LfUMTJcPqYSyasH45jHnWeZQmM2Hccic59SZ", dex: "pumpfun", volumeUsd: 250_000 }],
  };
}
const TEST_STATS = new Map<string, TokenStatsSnapshot>([
  [FIXTURE_MINT, fixedStatsSnapshot(FIXTURE_MINT, 0.0000123)],
  [RPC_DOWN_MINT, fixedStatsSnapshot(RPC_DOWN_MINT, 0.5)],
  [SLOW_MINT, fixedStatsSnapshot(SLOW_MINT, 0.001)],
]);
let liveStats: TokenStatsStore;
let statsRedis: TestRedis;
let statsConn: Redis;
const fixedStatsReader: TokenStatsReader = async (mint, now) => TEST_STATS.get(mint) ?? (liveStats ? liveStats.read(mint, now) : null);

let tg: TelegramEmulator;
let db: TestDatabase;
let rpc: JsonRpcTestServer;
let bot: Bot<BotContext>;
let runner: RunnerHandle;
const apiCalls: { method: string; payload: Record<string, unknown> }[] = [];
let nextChatId = 7000;
// Long enough that a loaded machine never turns a quick card into "working on it"; the slow-RPC
// test lowers it for itself.
const botConfig = { walletLimit: 10, tokenReplyWaitMs: 8000 };
/** Replies may be slow on a loaded machine; the timing that matters is tested with the slow RPC. */
const REPLY_TIMEOUT_MS = 20_000;

beforeAll(async () => {
  [tg, db] = await Promise.all([startTelegramEmulator(), createTestDatabase()]);
  statsRedis = createTestRedis();
  statsConn = new Redis(statsRedis.url);
  liveStats = new TokenStatsStore({ redis: statsConn, prefix: statsRedis.prefix, sql: db.sql });
  rpc = await startJsonRpcServer({
    accounts: {
      [FIXTURE_MINT]: served(splMint({ mintAuthority: null, freezeAuthority: null, supply: 1_000_000_000_000000n, decimals: 6 })),
      [metadataAddress(FIXTURE_MINT)]: served(metaplexMetadata({ mint: FIXTURE_MINT, name: "Fixture <Pump>", symbol: "FIXT", uri: "https://example.org/fixt.json", mutable: false })),
      [RISKY_MINT]: served(
        token2022Mint({ mintAuthority: AUTH, freezeAuthority: AUTH, decimals: 9, supply: 10n ** 18n }, [
          ext.permanentDelegate(AUTH),
          ext.transferFee({ authority: AUTH, olderBps: 500, newerBps: 500 }),
          ext.metadataPointer(AUTH, RISKY_MINT),
          ext.tokenMetadata(RISKY_MINT, { name: "Risky", symbol: "RSKY", uri: "" }),
        ]),
      ),
      [SLOW_MINT]: served(splMint({ supply: 10n ** 15n, decimals: 6 })),
      [LIVE_MINT]: served(splMint({ mintAuthority: null, freezeAuthority: null, supply: 10n ** 15n, decimals: 6 })),
      [WALLET]: { owner: "11111111111111111111111111111111", data: "" },
    },
    largestAccounts: {
      [FIXTURE_MINT]: [{ address: "5dhRAEw3LfUMTJcPqYSyasH45jHnWeZQmM2Hccic59SZ", amount: "200000000000000" }],
      [RISKY_MINT]: [{ address: AUTH, amount: (9n * 10n ** 17n).toString() }],
      [SLOW_MINT]: [{ address: AUTH, amount: "1" }],
    },
    fault: (c) => (JSON.stringify(c.params).includes(RPC_DOWN_MINT) ? { kind: "500" } : undefined),
    delay: (c) => (JSON.stringify(c.params).includes(SLOW_MINT) ? 1500 : 0),
  });
  const logger = createLogger("silent");
  const facts = new TokenFactsRepository({
    sql: db.sql,
    rpc: new JsonRpcClient({ url: rpc.url, requestsPerSecond: 100, burst: 5, backoffBaseMs: 5, backoffMaxMs: 20, maxRetries: 1 }),
    logger,
  });
  bot = createBot(
    TOKEN,
    {
      chats: new ChatRepository(db.prisma),
      config: botConfig,
      logger,
      i18n: createI18n<BotContext>(),
      tokenFacts: (mint) => facts.lookup(mint),
      tokenStats: fixedStatsReader,
    },
    { apiRoot: tg.apiRoot },
  );
  bot.api.config.use((prev, method, payload, signal) => {
    if (method !== "getUpdates") apiCalls.push({ method, payload: payload as Record<string, unknown> });
    return prev(method, payload, signal);
  });
  runner = runTestBot(bot);
  // Warm up the runner, the database pool and the RPC connection, so the first test measures the
  // feature and not a cold start.
  await facts.lookup(WALLET);
  const warm = createTestUser(tg.server, TOKEN, { chatId: 6999 });
  await warm.command("/help");
  await warm.replies(1, REPLY_TIMEOUT_MS);
});

afterAll(async () => {
  await statsRedis?.cleanup();
  statsConn?.disconnect();
  await runner?.stop();
  await tg?.stop();
  await rpc?.close();
  await db?.drop();
});

afterEach(() => {
  apiCalls.length = 0;
});

function newUser(options: Partial<TestUserOptions> = {}) {
  const user = createTestUser(tg.server, TOKEN, { chatId: ++nextChatId, ...options });
  return {
    ...user,
    async ask(command: string): Promise<BotMessage> {
      await user.command(command);
      const replies = await user.replies(1, REPLY_TIMEOUT_MS);
      expect(replies, `replies to ${JSON.stringify(command)}`).toHaveLength(1);
      expect(replies[0]!.parseMode).toBe("HTML");
      return replies[0]!;
    },
  };
}

const visible = (html: string): string => html.replace(/<[^>]+>/g, "").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&");

describe("/token", () => {
  it("shows the card of the fixture token: metadata and supply from the chain, trading from the stats", async () => {
    const user = newUser({ languageCode: "en" });
    const reply = await user.ask(`/token ${FIXTURE_MINT}`);
    const v = visible(reply.text);
    expect(v).toContain("💊 FIXT · Fixture <Pump>");
    expect(reply.text).toContain("Fixture &lt;Pump&gt;");
    expect(v).toContain(`${FIXTURE_MINT}`);
    expect(v).toContain("Price: $0.0₄123");
    expect(v).toContain("📈 5m +2.5% · 1h −10% · 6h +40% · 24h +40%");
    expect(v).toContain("Volume 24h: $250K (1h: $12K)");
    expect(v).toContain("24h: 321 buys / 123 sells · 99 traders");
    // 1B tokens × $0.0000123
    expect(v).toContain("Market cap: $12.3K");
    expect(v).toContain("Liquidity: $80K");
    expect(v).toContain("Age: 2h");
    expect(v).toContain("• Pump.fun 5dhR…59SZ — $250K");
    expect(v).toContain("✅ Mint and freeze authority renounced");
    expect(v).toContain("Top 10 holders: 20% of the supply");
    expect(reply.replyMarkup?.inline_keyboard.flat().map((b) => b.text)).toEqual(["📈 Chart", "DEX Screener", "🔎 Solscan", "🔄 Refresh", "🏆 Top wallets"]);
    // Facts were read over RPC once: mint and metadata together, then the holders.
    const multi = rpc.calls.filter((c) => c.method === "getMultipleAccounts" && JSON.stringify(c.params).includes(FIXTURE_MINT));
    expect(multi).toHaveLength(1);
    expect(multi[0]!.params[0]).toEqual([FIXTURE_MINT, metadataAddress(FIXTURE_MINT)]);

    // Asked again: the cached facts, no new RPC call.
    const before = rpc.calls.length;
    expect(visible((await user.ask(`/token ${FIXTURE_MINT}`)).text)).toContain("FIXT");
    expect(rpc.calls.length).toBe(before);
  });

  it("shows liquidity and top pools from the live windows: swaps with pool reserves through the real store", async () => {
    const poolA = bs58.encode(Uint8Array.from({ length: 32 }, (_, i) => 11 + i));
    const poolB = bs58.encode(Uint8Array.from({ length: 32 }, (_, i) => 99 + i));
    const now = Math.floor(Date.now() / 1000);
    let n = 0;
    const trade = (pool: string, dex: Swap["dex"], sol: number, quoteReserveSol: number): Swap => {
      n++;
      const tokens = 1_000_000n * BigInt(Math.round(sol * 1000)); // 1000 tokens per SOL
      const priceSol = sol / Number(tokens / 1_000_000n);
      return {
        signature: `live${String(n).padStart(60, "z")}`, slot: 350_000_000 + n, blockTime: now - 60 + n, ixPath: "1",
        dex, programId: "pAMMBay6oceH9fJKBRHGP5D4bD4sWpmSwMn52FMfXEA", pool, trader: WALLET,
        mintIn: WSOL_MINT, amountIn: BigInt(Math.round(sol * 1e9)), decimalsIn: 9,
        mintOut: LIVE_MINT, amountOut: tokens, decimalsOut: 6,
        priceSol, priceUsd: priceSol * 150,
        reserves: { base: BigInt(quoteReserveSol * 1000) * 1_000_000n, quote: BigInt(quoteReserveSol * 1e9) },
      };
    };
    // pool A: $900 of volume, 100 SOL a side; pool B: $150, 50 SOL a side => 2 x 150 x 150 = $45K
    const swaps = [trade(poolA, "pumpswap", 2, 100), trade(poolA, "pumpswap", 2, 100), trade(poolB, "raydium-amm-v4", 1, 50), trade(poolA, "pumpswap", 2, 100)];
    expect((await liveStats.apply(swaps, "live-card-1", now)).applied).toBe(true);

    const user = newUser({ languageCode: "en" });
    const v = visible((await user.ask(`/token ${LIVE_MINT}`)).text);
    expect(v).toContain("Liquidity: $45K");
    const a = v.indexOf(`• ${dexName("pumpswap")} ${shortAddress(poolA)} — $900`);
    const b = v.indexOf(`• ${dexName("raydium-amm-v4")} ${shortAddress(poolB)} — $150`);
    expect(a, v).toBeGreaterThan(0);
    expect(b, v).toBeGreaterThan(a); // most volume first
  });

  it("shows the card in Chinese for a Chinese client", async () => {
    const user = newUser({ languageCode: "zh-hans" });
    const v = visible((await user.ask(`/token ${FIXTURE_MINT}`)).text);
    expect(v).toContain("💊 FIXT · Fixture <Pump>");
    expect(v).toContain("价格：$0.0₄123");
    expect(v).toContain("24 小时：买入 321 笔 / 卖出 123 笔 · 99 个交易者");
    expect(v).toContain("市值：$12.3K");
    expect(v).toContain("已放弃增发权限和冻结权限");
  });

  it("warns about a risky Token-2022 token that never traded", async () => {
    const user = newUser();
    const v = visible((await user.ask(`/token ${RISKY_MINT}`)).text);
    expect(v).toContain("💊 RSKY · Risky");
    expect(v).toContain("Token-2022 token");
    expect(v).toContain("PumpSpace has not seen this token trade");
    expect(v).toContain("🚨 Permanent delegate");
    expect(v).toContain("⚠️ Freeze authority is active");
    expect(v).toContain("⚠️ Mint authority is active");
    expect(v).toContain("Transfer fee: 5% of every transfer");
    expect(v).toContain("Top 10 holders own 90% of the supply");
    expect(v).not.toContain("Market cap");
  });

  it("answers an unknown mint clearly", async () => {
    const user = newUser();
    const reply = await user.ask(`/token ${UNKNOWN_MINT}`);
    expect(reply.text).toBe(
      `❌ There is no account at <code>${UNKNOWN_MINT}</code> on Solana, so it is not a token. Check the address for a typo.`,
    );
    expect(reply.replyMarkup?.inline_keyboard ?? []).toEqual([]);
  });

  it("answers a wallet, a program and bad input with their own reasons", async () => {
    const user = newUser();
    const cases: [string, string][] = [
      ["/token", "Usage: <code>/token &lt;mint&gt;</code>"],
      [`/token ${WALLET}`, `<code>${WALLET}</code> is a wallet, not a token.`],
      [`/token ${RAYDIUM_AMM_V4_PROGRAM}`, "That is the Raydium AMM v4 program, not a token."],
      ["/token 0xdeadbeef", "yours contains: <code>0</code>"],
      ["/token abc", "an address is 32–44 characters long (32 bytes), and yours has 3."],
      [`/token ${"1".repeat(44)}`, "it decodes to 44 bytes"],
      [`/token ${"A".repeat(201)}`, "That is too long for a command. A token's mint address is 32–44 characters."],
    ];
    for (const [command, expected] of cases) {
      const reply = await user.ask(command);
      expect(reply.text, command).toContain(expected);
    }
  });

  it("answers bad input in Chinese", async () => {
    const user = newUser({ languageCode: "zh" });
    expect((await user.ask(`/token ${WALLET}`)).text).toContain("是一个钱包，不是代币");
    expect((await user.ask(`/token ${UNKNOWN_MINT}`)).text).toContain("Solana 上不存在地址为");
    expect((await user.ask("/token")).text).toContain("用法：<code>/token &lt;代币合约地址&gt;</code>");
  });

  it("shows the trades when the chain cannot be read", async () => {
    const user = newUser();
    const v = visible((await user.ask(`/token ${RPC_DOWN_MINT}`)).text);
    expect(v).toContain("Price: $0.5");
    expect(v).toContain("Metadata and risk checks are unavailable right now");
  });

  it("says it is working when the chain is slow, then edits in the card", async () => {
    const user = newUser();
    botConfig.tokenReplyWaitMs = 300;
    await user.command(`/token ${SLOW_MINT}`);
    const [working] = await user.replies(1, REPLY_TIMEOUT_MS).finally(() => (botConfig.tokenReplyWaitMs = 8000));
    expect(working!.text).toBe("⏳ Reading this token from the chain…");
    const card = await waitForBotMessageEdit(tg.server, TOKEN, working!.messageId, (m) => m.text.includes("Price"), REPLY_TIMEOUT_MS);
    expect(visible(card.text)).toContain("Price: $0.001");
    expect(card.replyMarkup?.inline_keyboard.flat().map((b) => b.text)).toContain("🔄 Refresh");
    // While the RPC was slow the chat was not blocked: the placeholder came before the card.
    const methods = apiCalls.map((c) => c.method);
    expect(methods.indexOf("sendMessage")).toBeLessThan(methods.indexOf("editMessageText"));
  });

  it("works in a group", async () => {
    const group = newUser({ type: "group", chatId: -7100, userId: 7101, chatTitle: "Degens" });
    expect(visible((await group.ask(`/token ${FIXTURE_MINT}`)).text)).toContain("💊 FIXT");
  });
});

describe("buttons", () => {
  it("the alert's Token button opens the card in the chat", async () => {
    const user = newUser();
    const chatId = BigInt(user.chatId);
    await db.prisma.chat.create({ data: { id: chatId, type: "private" } });
    const swap: Swap = {
      signature: `4${"t".repeat(86)}`,
      slot: 300_000_001,
      blockTime: 1_725_658_406,
      ixPath: "2",
      dex: "pumpfun",
      programId: "6EF8rrecthR5Dkzon8Nwu78hRvfCKubJ14M5uBEwF6P",
      pool: null,
      trader: WALLET,
      mintIn: WSOL_MINT,
      amountIn: 2_500_000_000n,
      decimalsIn: 9,
      mintOut: FIXTURE_MINT,
      amountOut: 1_234_567_890_000n,
      decimalsOut: 6,
      priceSol: null,
      priceUsd: null,
    };
    const [row] = await insertAlerts(db.sql, [{ chatId: String(chatId), alert: buildWalletSwapAlert(swap, "whale", new Map([[FIXTURE_MINT, "FIXT"]])) }]);
    // Sent by the notifier's own processor (the BullMQ job reduced to what the processor reads).
    const send = createNotifyProcessor({ sql: db.sql, api: new Api(TOKEN, { apiRoot: tg.apiRoot }), i18n: createI18n(), logger: createLogger("silent") });
    expect(await send({ data: { alertId: row!.id }, attemptsMade: 0, opts: { attempts: 3 } } as unknown as Job)).toBe("sent");
    const [received] = await user.replies(1, REPLY_TIMEOUT_MS);
    expect(received!.text).toContain("bought");
    const button = received!.replyMarkup!.inline_keyboard.flat().find((b) => b.text === "🪙 Token");
    expect(button && "callback_data" in button ? button.callback_data : undefined).toBe(`token:${FIXTURE_MINT}`);

    await user.press(`token:${FIXTURE_MINT}`, received!.messageId);
    const [card] = await user.replies(1, REPLY_TIMEOUT_MS);
    expect(visible(card!.text)).toContain("💊 FIXT · Fixture <Pump>");
    expect(visible(card!.text)).toContain("Market cap: $12.3K");
    expect(apiCalls.some((c) => c.method === "answerCallbackQuery")).toBe(true);
    // The alert itself is left as it was.
    expect(findBotMessage(tg.server, TOKEN, received!.messageId)?.text).toBe(received!.text);
  });

  it("refuses a forged button with an unusable mint", async () => {
    const user = newUser();
    const [start] = await Promise.all([user.ask("/help")]);
    await user.press("token:0OIl", start.messageId);
    const [reply] = await user.replies(1, REPLY_TIMEOUT_MS);
    expect(reply!.text).toContain("That is not a Solana address");
  });

  it("the card's Refresh button edits the card in place", async () => {
    const user = newUser();
    const card = await user.ask(`/token ${FIXTURE_MINT}`);
    const before = TEST_STATS.get(FIXTURE_MINT)!;
    TEST_STATS.set(FIXTURE_MINT, { ...before, priceUsd: 0.0000246 });
    try {
      await user.press(`tokenref:${FIXTURE_MINT}`, card.messageId);
      const edited = await waitForBotMessageEdit(tg.server, TOKEN, card.messageId, (m) => m.text.includes("0.0₄246"), REPLY_TIMEOUT_MS);
      expect(visible(edited.text)).toContain("Market cap: $24.6K");
      expect(apiCalls).toContainEqual({ method: "answerCallbackQuery", payload: expect.objectContaining({ text: "Updated" }) });
    } finally {
      TEST_STATS.set(FIXTURE_MINT, before);
    }
  });
});
