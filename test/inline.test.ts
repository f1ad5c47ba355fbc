// Inline mode end to end: the real bot polls the Bot API emulator, which cannot make inline
// updates, so inline_query and chosen_inline_result updates are queued into the emulator's
// getUpdates (injectUpdate) and the bot's answerInlineQuery call is captured by a transformer
// (the emulator does not implement that method either). Data is real: Postgres with seeded swaps
// and scores, token facts through the real repository from the local JSON-RPC server; the 24 h
// trading stats come from a reader over fixed snapshots (test data, not the live windows).
import type { Bot } from "grammy";
import type { RunnerHandle } from "@grammyjs/runner";
import type { InlineQueryResultArticle, InputTextMessageContent } from "grammy/types";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createBot, type BotContext } from "../bot/bot.js";
import { ChatRepository } from "../core/data/chat-repository.js";
import { InlineSearch } from "../core/data/inline-search.js";
import { JsonRpcClient } from "../core/data/json-rpc.js";
import { SwapPartitions } from "../core/data/swap-partitions.js";
import { insertSwaps } from "../core/data/swap-store.js";
import { TokenFactsRepository } from "../core/data/token-facts-repository.js";
import { WalletCards } from "../core/data/wallet-card.js";
import { fullRescore, latestSwapPrices, recordTokenSeen } from "../core/data/wallet-scores.js";
import { RAYDIUM_AMM_V4_PROGRAM } from "../core/domain/programs.js";
import { WSOL_MINT } from "../core/domain/swap.js";
import { metadataAddress, type RawAccount } from "../core/domain/token-accounts.js";
import type { TokenStatsReader, TokenStatsSnapshot, TokenWindowStats } from "../core/domain/token-stats.js";
import { metaplexMetadata, splMint } from "../core/domain/test-support/token-accounts.js";
import { createI18n } from "../core/i18n.js";
import { createLogger } from "../core/logger.js";
import { createTestDatabase, type TestDatabase } from "./helpers/db.js";
import { startJsonRpcServer, type JsonRpcTestServer, type ServedAccount } from "./helpers/json-rpc-server.js";
import { fakeAddress, synthSwaps } from "./helpers/scoring-data.js";
import { captureMethod, createTestUser, injectUpdate, runTestBot, startTelegramEmulator, type TelegramEmulator } from "./helpers/telegram.js";

const TOKEN = "1234567:PumpSpaceInlineTest_abcdefghij";
const BOT_USERNAME = "TestNameBot"; // what the emulator's getMe answers
// A Pump.fun mint and two fee payers (real wallets) from test/fixtures/solana.
const MINT = "B9ktH3g7mwgdoDgCgGRim6qeqPcyRVWJueXS12CMpump";
const W1 = "GQpoa61ghhu51v6RnseVodSHkVki9XmtumBXjzBR8mQg";
const NEW_WALLET = "G8SNiK7rp1vYTG4KcRS9EDn439HCdsweLUo9BCHWdtbw";
// Same symbol as MINT, less volume; and a token whose symbol only starts with it.
const MINT2 = "7xKXtg2CW87d97TXJSDpbD5jBkheTqA83TZRuJosgAsU";
const MINT3 = "DezXAZ8z7PnrnRJjz3wXBoRgixCa6xjnB7YaB1pPB263";
// Served only after a delay, to see the deadline's lighter result.
const SLOW = "9WzDXwBbmkg8ZTbNMqUxvQRAyrZzDsGYdLVL9zYtAWWM";

const served = (a: RawAccount): ServedAccount => ({ owner: a.owner, data: Buffer.from(a.data).toString("base64"), executable: a.executable, lamports: a.lamports });

const win = (over: Partial<TokenWindowStats>): TokenWindowStats => ({
  openPriceSol: null, openPriceUsd: null, changePct: null, volumeSol: 0, volumeUsd: 0, buys: 0, sells: 0,
  buyVolumeSol: 0, sellVolumeSol: 0, buyVolumeUsd: 0, sellVolumeUsd: 0, traders: 0, ...over,
});
function snapshot(mint: string, priceUsd: number, volumeUsd: number): TokenStatsSnapshot {
  const now = Math.floor(Date.now() / 1000);
  return {
    mint, priceSol: priceUsd / 150, priceUsd, lastTradeAt: now - 10, firstTradeAt: now - 7200,
    windows: { "5m": win({}), "1h": win({}), "6h": win({}), "24h": win({ changePct: 12.5, volumeUsd, volumeSol: volumeUsd / 150 }) },
    liquidityUsd: null, topPools: [],
  };
}
const STATS = new Map([
  [MINT, snapshot(MINT, 0.0000123, 250_000)],
  [MINT2, snapshot(MINT2, 0.5, 1_000)],
  [MINT3, snapshot(MINT3, 0.01, 90_000)],
]);
const statsReader: TokenStatsReader = async (mint) => STATS.get(mint) ?? null;

let tg: TelegramEmulator;
let db: TestDatabase;
let rpc: JsonRpcTestServer;
let bot: Bot<BotContext>;
let runner: RunnerHandle;
const answers = captureMethod("answerInlineQuery");
const config = { walletLimit: 10, inlineFeedback: true, inlineDeadlineMs: 8_000 };
let w1Buys: string[] = [];
let nextUser = 9000;
let nextQuery = 1;

beforeAll(async () => {
  [tg, db] = await Promise.all([startTelegramEmulator(), createTestDatabase()]);
  rpc = await startJsonRpcServer({
    accounts: {
      [MINT]: served(splMint({ mintAuthority: null, freezeAuthority: null, supply: 1_000_000_000_000000n, decimals: 6 })),
      [metadataAddress(MINT)]: served(metaplexMetadata({ mint: MINT, name: "Pepe Pump", symbol: "PEPE", uri: "", mutable: false })),
      [MINT2]: served(splMint({ supply: 10n ** 15n, decimals: 6 })),
      [metadataAddress(MINT2)]: served(metaplexMetadata({ mint: MINT2, name: "Other Pepe", symbol: "pepe", uri: "", mutable: true })),
      [MINT3]: served(splMint({ supply: 10n ** 15n, decimals: 6 })),
      [metadataAddress(MINT3)]: served(metaplexMetadata({ mint: MINT3, name: "Pepe Extra", symbol: "PEPEX", uri: "", mutable: true })),
      [NEW_WALLET]: { owner: "11111111111111111111111111111111", data: "" },
    },
    largestAccounts: { [MINT]: [], [MINT2]: [], [MINT3]: [] },
    delay: (c) => (JSON.stringify(c.params).includes(SLOW) ? 3000 : 0),
  });

  // W1's trades over the last hour (so all of them fall in "today"); its latest token is MINT.
  const nowSec = Math.floor(Date.now() / 1000);
  const first = synthSwaps({ seed: 21, wallets: 3, tokens: 4, swaps: 1, startSlot: 320_000_000, startTime: 0 })[0]!.trader;
  const swaps = synthSwaps({ seed: 21, wallets: 3, tokens: 4, swaps: 300, startSlot: 320_000_000, startTime: nowSec - 3600 }).map((s) =>
    s.trader === first ? { ...s, trader: W1 } : s,
  );
  const fake = fakeAddress("m21-0");
  for (const s of swaps) {
    if (s.mintIn === fake) s.mintIn = MINT;
    if (s.mintOut === fake) s.mintOut = MINT;
  }
  await new SwapPartitions(db.sql).ensure(swaps.map((s) => s.slot));
  await insertSwaps(db.sql, swaps, "replay");
  await recordTokenSeen(db.sql, swaps);
  await db.prisma.token.createMany({ data: [{ mint: MINT, symbol: "PEPE", decimals: 6 }, { mint: MINT2, symbol: "pepe", decimals: 6 }, { mint: MINT3, symbol: "PEPEX", decimals: 6 }] });
  await fullRescore(db.sql, { nowSec });
  // Test data: W1 is the one tiered ("smart") wallet, whatever its synthetic score earned.
  await db.sql.query(`UPDATE wallet_score SET tier = CASE WHEN wallet = $1 THEN 'A' ELSE NULL END`, [W1]);
  // Expected smart-money order, computed here from the swaps themselves: W1's SOL spent per token.
  const spent = new Map<string, bigint>();
  for (const s of swaps) if (s.trader === W1 && s.mintIn === WSOL_MINT) spent.set(s.mintOut, (spent.get(s.mintOut) ?? 0n) + s.amountIn);
  w1Buys = [...spent].sort((a, b) => (b[1] > a[1] ? 1 : b[1] < a[1] ? -1 : a[0].localeCompare(b[0]))).map(([m]) => m);

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
      config,
      logger,
      i18n: createI18n<BotContext>(),
      tokenFacts: (mint) => facts.lookup(mint),
      tokenStats: statsReader,
      walletCards: new WalletCards(db.sql, latestSwapPrices(db.sql)),
      // The day's tokens are computed afresh for each query here, so a test can change the tiers.
      inline: new InlineSearch(db.sql, { dayTtlMs: 0 }),
    },
    { apiRoot: tg.apiRoot },
  );
  bot.api.config.use(answers.transformer);
  runner = runTestBot(bot);
});

afterAll(async () => {
  await runner?.stop();
  await tg?.stop();
  await rpc?.close();
  await db?.drop();
});

interface Answered {
  results: InlineQueryResultArticle[];
  cache_time: number;
  is_personal: boolean;
}

/** Sends `query` as an inline query from a user and returns the bot's answer to it. */
async function ask(query: string, from: { id?: number; language_code?: string } = {}): Promise<Answered> {
  const id = String(nextQuery++);
  injectUpdate(tg.server, TOKEN, {
    inline_query: { id, from: { id: from.id ?? ++nextUser, is_bot: false, first_name: "U", language_code: from.language_code ?? "en" }, query, offset: "" },
  });
  const payload = await answers.waitFor((p) => p.inline_query_id === id, 20_000);
  return payload as unknown as Answered;
}

const text = (r: InlineQueryResultArticle) => (r.input_message_content as InputTextMessageContent).message_text;
const urls = (r: InlineQueryResultArticle) =>
  (r.reply_markup?.inline_keyboard ?? []).flat().flatMap((b) => ("url" in b && b.url ? [b.url] : []));
const link = (param: string) => `https://t.me/${BOT_USERNAME}?start=${param}`;

describe("inline queries", () => {
  it("answers a mint with its token card, a one-line summary and deep links", async () => {
    const a = await ask(MINT);
    expect(a.results).toHaveLength(1);
    const r = a.results[0]!;
    expect(r.id).toBe(`token:${MINT}`);
    expect(r.title).toBe("💊 PEPE · Pepe Pump");
    expect(r.description).toBe("$0.0₄123 · 24h +12.5% · MC $12.3K");
    expect(text(r)).toContain(`<code>${MINT}</code>`);
    expect((r.input_message_content as InputTextMessageContent).parse_mode).toBe("HTML");
    expect(urls(r)).toEqual(expect.arrayContaining([link(`top_${MINT}`), link(`chart_${MINT}`)]));
    // Callback buttons would need a chat the inline message does not have.
    expect((r.reply_markup?.inline_keyboard ?? []).flat().every((b) => "url" in b)).toBe(true);
    expect(a.cache_time).toBe(15);
    expect(a.is_personal).toBe(true);
  });

  it("answers a stored wallet with its wallet card and a track link", async () => {
    const a = await ask(W1);
    expect(a.results).toHaveLength(1);
    const r = a.results[0]!;
    const [score] = await db.sql.query<{ score: number; metrics: { winRate: number | null } }>(`SELECT score, metrics FROM wallet_score WHERE wallet = $1`, [W1]);
    expect(r.id).toBe(`wallet:${W1}`);
    expect(r.title).toBe(`👛 GQpo…8mQg · tier A · score ${score!.score.toFixed(0)}`);
    expect(r.description).toMatch(/^PnL 30d [+-]?[\d.]+ SOL · win rate (\d+%|—) · \d+ tokens$/);
    expect(text(r)).toContain(`<code>${W1}</code>`);
    expect(text(r)).toContain("Why this score");
    expect(urls(r)).toEqual([link(`track_${W1}`)]);
  });

  it("asks the chain about an address it never saw, and offers tracking a fresh wallet", async () => {
    const a = await ask(NEW_WALLET);
    expect(a.results).toHaveLength(1);
    expect(a.results[0]!.id).toBe(`wallet:${NEW_WALLET}`);
    expect(a.results[0]!.description).toContain("No trades stored");
    expect(urls(a.results[0]!)).toEqual([link(`track_${NEW_WALLET}`)]);
  });

  it("answers $TICKER with the matching tokens ranked by 24h volume", async () => {
    const a = await ask("$pepe");
    expect(a.results.map((r) => r.id)).toEqual([`token:${MINT}`, `token:${MINT3}`, `token:${MINT2}`]);
    expect(a.results[1]!.title).toBe("💊 PEPEX · Pepe Extra");
    expect(a.results.every((r) => text(r).includes("<code>"))).toBe(true);
    // A bare symbol works the same.
    expect((await ask("PEPEX")).results.map((r) => r.id)).toEqual([`token:${MINT3}`]);
  });

  it("says so when no token has the symbol", async () => {
    const a = await ask("$NOPE");
    expect(a.results).toHaveLength(1);
    expect(a.results[0]!.title).toBe("No traded token called NOPE");
  });

  it("shows tracked wallets and today's smart-money tokens for an empty query", async () => {
    const userId = 8_001;
    const chats = new ChatRepository(db.prisma);
    await chats.upsertChat({ id: userId, type: "private", title: null, username: null });
    await chats.trackWallet(userId, W1, "whale", 10);
    await chats.trackWallet(userId, NEW_WALLET, null, 10);
    const a = await ask("", { id: userId });
    const ids = a.results.map((r) => r.id);
    const expectedSmart = w1Buys.slice(0, 5).map((m) => `smart:${m}`);
    expect(ids).toEqual([`tracked:${W1}`, `tracked:${NEW_WALLET}`, ...expectedSmart]);
    expect(a.results[0]!.title).toContain("whale");
    expect(a.results[1]!.title).toBe("👛 G8SN…dtbw");
    expect(a.results[2]!.description).toMatch(/^🧠 1 smart wallets bought [\d.]+ SOL · /);
    expect(a.is_personal).toBe(true);
    // Another user sees no wallets of this one.
    expect((await ask("")).results.map((r) => r.id)).toEqual(expectedSmart);
  });

  it("falls back to the day's top volume when no tiered wallet bought", async () => {
    await db.sql.query(`UPDATE wallet_score SET tier = NULL`);
    try {
      const a = await ask("");
      expect(a.results.length).toBeGreaterThan(0);
      expect(a.results.every((r) => r.description?.startsWith("📊 "))).toBe(true);
    } finally {
      await db.sql.query(`UPDATE wallet_score SET tier = 'A' WHERE wallet = $1`, [W1]);
    }
  });

  it("answers a slow lookup with a lighter result before the deadline", async () => {
    config.inlineDeadlineMs = 300;
    try {
      const a = await ask(SLOW);
      expect(a.results.map((r) => r.id)).toEqual([`info:${SLOW}`]);
      expect(a.results[0]!.title).toBe("⏳ Still looking this address up");
      expect(urls(a.results[0]!)).toEqual([link(`top_${SLOW}`), link(`track_${SLOW}`)]);
      expect(a.cache_time).toBe(0);
    } finally {
      config.inlineDeadlineMs = 8_000;
    }
  });

  it("answers invalid input with one explanatory result", async () => {
    const bad = await ask("0x" + "a".repeat(40));
    expect(bad.results.map((r) => r.id)).toEqual(["info:inline-invalid-not-base58"]);
    expect(bad.results[0]!.title).toBe("❌ Not a Solana address");
    expect(bad.cache_time).toBe(300);
    const program = await ask(RAYDIUM_AMM_V4_PROGRAM);
    expect(program.results).toHaveLength(1);
    expect(program.results[0]!.title).toContain("Raydium");
    expect((await ask(W1.slice(0, 25))).results[0]!.id).toBe("info:inline-invalid-wrong-length");
    expect((await ask("a b c")).results[0]!.id).toBe("info:inline-invalid-bad-symbol");
  });

  it("speaks Chinese to a Chinese client", async () => {
    const a = await ask(MINT, { language_code: "zh-hans" });
    const r = a.results[0]!;
    expect(r.description).toBe("$0.0₄123 · 24小时 +12.5% · 市值 $12.3K");
    expect((r.reply_markup?.inline_keyboard ?? []).flat().map((b) => b.text)).toContain("🏆 盈利钱包");
    expect((await ask("0x" + "a".repeat(40), { language_code: "zh" })).results[0]!.title).toBe("❌ 不是 Solana 地址");
  });
});

describe("chosen inline results", () => {
  it("records the chosen result when feedback is on", async () => {
    injectUpdate(tg.server, TOKEN, {
      chosen_inline_result: { result_id: `token:${MINT}`, from: { id: 4242, is_bot: false, first_name: "U" }, query: MINT },
    });
    const deadline = Date.now() + 10_000;
    let rows: { user_id: string; result_id: string; query: string }[] = [];
    while (rows.length === 0 && Date.now() < deadline) {
      rows = await db.sql.query(`SELECT user_id::text, result_id, query FROM inline_choice WHERE user_id = 4242`);
      if (rows.length === 0) await new Promise((r) => setTimeout(r, 20));
    }
    expect(rows).toEqual([{ user_id: "4242", result_id: `token:${MINT}`, query: MINT }]);
  });
});

describe("chosen inline results, feedback off", () => {
  it("records nothing when INLINE_FEEDBACK is off", async () => {
    config.inlineFeedback = false;
    try {
      injectUpdate(tg.server, TOKEN, {
        chosen_inline_result: { result_id: `token:${MINT}`, from: { id: 4343, is_bot: false, first_name: "U" }, query: MINT },
      });
      // The query injected after it is answered only once the bot has taken both from the queue.
      await ask(MINT);
    } finally {
      config.inlineFeedback = true;
    }
    // A second choice with feedback back on lands; the first must not have.
    injectUpdate(tg.server, TOKEN, {
      chosen_inline_result: { result_id: `wallet:${W1}`, from: { id: 4343, is_bot: false, first_name: "U" }, query: W1 },
    });
    const deadline = Date.now() + 10_000;
    let rows: { result_id: string }[] = [];
    while (rows.length === 0 && Date.now() < deadline) {
      rows = await db.sql.query(`SELECT result_id FROM inline_choice WHERE user_id = 4343`);
      if (rows.length === 0) await new Promise((r) => setTimeout(r, 20));
    }
    expect(rows).toEqual([{ result_id: `wallet:${W1}` }]);
  });
});

describe("InlineSearch.dayTokens", () => {
  it("serves the day's tokens from its cache until they are stale, then recomputes them behind the stale answer", async () => {
    const search = new InlineSearch(db.sql, { dayTtlMs: 300 });
    const smart = await search.dayTokens();
    expect(smart.map((t) => t.mint)).toEqual(w1Buys.slice(0, 5));
    await db.sql.query(`UPDATE wallet_score SET tier = NULL`);
    try {
      expect(await search.dayTokens()).toBe(smart); // fresh: no query at all
      await new Promise((r) => setTimeout(r, 350));
      expect(await search.dayTokens()).toBe(smart); // stale: served while the refresh runs
      const deadline = Date.now() + 10_000;
      let now = await search.dayTokens();
      while (now === smart && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 20));
        now = await search.dayTokens();
      }
      expect(now.length).toBeGreaterThan(0);
      expect(now.every((t) => t.buyers === 0)).toBe(true); // the volume fallback
    } finally {
      await db.sql.query(`UPDATE wallet_score SET tier = 'A' WHERE wallet = $1`, [W1]);
    }
  });
});

describe("/start deep links from inline results", () => {
  it("track_<wallet> tracks it in the DM", async () => {
    const u = createTestUser(tg.server, TOKEN, { chatId: 8_101 });
    await u.command(`/start track_${W1}`);
    const [reply] = await u.replies(1, 20_000);
    expect(reply!.text).toBe(`✅ Tracking <code>${W1}</code> now. You will be told when it trades.`);
    const rows = await db.sql.query(`SELECT address FROM tracked_wallet WHERE chat_id = 8101`);
    expect(rows).toEqual([{ address: W1 }]);
  });

  it("top_<mint> answers like /top", async () => {
    const u = createTestUser(tg.server, TOKEN, { chatId: 8_102 });
    await u.command(`/start top_${MINT}`);
    const [reply] = await u.replies(1, 20_000);
    expect(reply!.text).toContain("Most profitable wallets on PEPE");
  });

  it("chart_<mint> sends the token card and where the chart is", async () => {
    const u = createTestUser(tg.server, TOKEN, { chatId: 8_103 });
    await u.command(`/start chart_${MINT}`);
    const [card, hint] = await u.replies(2, 20_000);
    expect(card!.text).toContain(`<code>${MINT}</code>`);
    expect(hint!.text).toContain(`/chart ${MINT}`);
  });

  it("a plain or forged /start parameter gets the welcome", async () => {
    const u = createTestUser(tg.server, TOKEN, { chatId: 8_104 });
    await u.command(`/start top_notanaddress`);
    const [reply] = await u.replies(1, 20_000);
    expect(reply!.text).toContain("PumpSpace");
  });
});
