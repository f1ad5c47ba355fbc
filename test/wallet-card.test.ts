// /wallet against the Bot API emulator and real Postgres: the card from stored scores and swaps,
// in both languages, its buttons, and the answers to bad or unknown addresses.
import type { Bot } from "grammy";
import type { RunnerHandle } from "@grammyjs/runner";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createBot, type BotContext } from "../bot/bot.js";
import { ChatRepository } from "../core/data/chat-repository.js";
import { SwapPartitions } from "../core/data/swap-partitions.js";
import { insertSwaps } from "../core/data/swap-store.js";
import { WalletCards } from "../core/data/wallet-card.js";
import { fullRescore, latestSwapPrices, recordTokenSeen } from "../core/data/wallet-scores.js";
import { recordFunders } from "../core/data/funders.js";
import { recordTokenLabels } from "../core/data/token-labels.js";
import { createI18n } from "../core/i18n.js";
import { createLogger } from "../core/logger.js";
import { createTestDatabase, type TestDatabase } from "./helpers/db.js";
import { waitFor } from "./helpers/redis.js";
import { synthSwaps } from "./helpers/scoring-data.js";
import { createTestUser, runTestBot, startTelegramEmulator, type TelegramEmulator } from "./helpers/telegram.js";

const TOKEN = "1234567:PumpSpaceWalletCard_abcdefghij";
// Fee payers of mainnet transactions in test/fixtures/solana: real wallets (on the curve).
const W1 = "GQpoa61ghhu51v6RnseVodSHkVki9XmtumBXjzBR8mQg";
const W2 = "G8SNiK7rp1vYTG4KcRS9EDn439HCdsweLUo9BCHWdtbw";
const NOW = 1_790_000_000;
// A Pump.fun mint from test/fixtures/solana.
const REAL_MINT = "B9ktH3g7mwgdoDgCgGRim6qeqPcyRVWJueXS12CMpump";

let tg: TelegramEmulator;
let db: TestDatabase;
let bot: Bot<BotContext>;
let runner: RunnerHandle;
let chatId = 5000;
let mint0: string;

beforeAll(async () => {
  [tg, db] = await Promise.all([startTelegramEmulator(), createTestDatabase()]);
  const swaps = synthSwaps({ seed: 11, wallets: 3, tokens: 4, swaps: 400, startSlot: 310_000_000, startTime: NOW - 10 * 86_400 }).map((s) =>
    s.trader === synthSwaps({ seed: 11, wallets: 3, tokens: 4, swaps: 1, startSlot: 310_000_000, startTime: 0 })[0]!.trader ? { ...s, trader: W1 } : s,
  );
  const mine = swaps.filter((s) => s.trader === W1);
  const last = mine[mine.length - 1]!;
  // The wallet's latest token gets a real mint address, so /top accepts it.
  const fake = last.mintIn.startsWith("So111") ? last.mintOut : last.mintIn;
  mint0 = REAL_MINT;
  for (const s of swaps) {
    if (s.mintIn === fake) s.mintIn = REAL_MINT;
    if (s.mintOut === fake) s.mintOut = REAL_MINT;
  }
  await new SwapPartitions(db.sql).ensure(swaps.map((s) => s.slot));
  await insertSwaps(db.sql, swaps, "replay");
  await recordTokenSeen(db.sql, swaps);
  await db.prisma.token.create({ data: { mint: mint0, symbol: "<PEPE>", decimals: 6 } });
  await fullRescore(db.sql, { nowSec: NOW });
  bot = createBot(
    TOKEN,
    {
      chats: new ChatRepository(db.prisma),
      config: { walletLimit: 5 },
      logger: createLogger("silent"),
      i18n: createI18n<BotContext>(),
      walletCards: new WalletCards(db.sql, latestSwapPrices(db.sql)),
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

function user(languageCode = "en") {
  return createTestUser(tg.server, TOKEN, { chatId: ++chatId, languageCode });
}

describe("/wallet", () => {
  it("shows the card: score with its parts, PnL, win rate, holdings, last trades, and buttons", async () => {
    const u = user();
    await u.command(`/wallet ${W1}`);
    const [card] = await u.replies(1);
    const stored = (await db.sql.query<{ score: number; metrics: { closed: number } }>(`SELECT score, metrics FROM wallet_score WHERE wallet = $1`, [W1]))[0]!;
    expect(card!.text).toContain(`<code>${W1}</code>`);
    expect(card!.text).toContain(`score <b>${stored.score.toLocaleString("en-US", { maximumFractionDigits: 1 })}</b>/100`);
    expect(card!.text).toContain("Why this score");
    expect(card!.text).toMatch(/Win rate we are fairly sure of: [\d.]+% → [+-]?[\d.]+/);
    expect(card!.text).toContain("PnL 7d");
    expect(card!.text).toContain(`over ${stored.metrics.closed} closed positions`);
    expect(card!.text).toContain("Last trades");
    expect(card!.text).toContain("&lt;PEPE&gt;"); // on-chain symbols are escaped
    expect(card!.text).not.toContain("<PEPE>");
    const buttons = card!.replyMarkup!.inline_keyboard.flat().map((b) => ("callback_data" in b ? b.callback_data : ""));
    expect(buttons[0]).toBe(`wal:t:${W1}`);
    expect(buttons).toContain(`wal:k:${W1}:0`);

    await u.press(`wal:t:${W1}`, card!.messageId);
    await waitFor(
      async () => (await db.prisma.trackedWallet.count({ where: { chatId: BigInt(u.chatId), address: W1 } })) === 1,
      "the track button to track the wallet",
    );

    await u.press(`wal:k:${W1}:0`, card!.messageId);
    const [trades] = await u.replies(1);
    expect(trades!.text).toContain("&lt;PEPE&gt;</b> trades of");
    const count = (await db.sql.query<{ n: string }>(`SELECT count(*) AS n FROM swap WHERE trader = $1 AND (mint_in = $2 OR mint_out = $2)`, [W1, mint0]))[0]!.n;
    expect(trades!.text.split("\n").length - 1).toBe(Math.min(15, Number(count)));
  });

  it("speaks Chinese to a Chinese client", async () => {
    const u = user("zh");
    await u.command(`/wallet ${W1}`);
    const [card] = await u.replies(1);
    expect(card!.text).toContain("评分构成");
    expect(card!.text).toContain("最近交易");
  });

  it("answers a wallet it has never seen, a bad address and a missing one", async () => {
    const u = user();
    await u.command(`/wallet ${W2}`);
    expect((await u.replies(1))[0]!.text).toContain("has no trades of");
    await u.command("/wallet 0OIl");
    expect((await u.replies(1))[0]!.text).toContain("not a Solana address");
    await u.command("/wallet");
    expect((await u.replies(1))[0]!.text).toContain("/wallet &lt;address&gt;");
    const zh = user("zh");
    await zh.command(`/wallet ${W2}`);
    expect((await zh.replies(1))[0]!.text).toContain("还没有");
  });

  it("refuses a stale token button with an alert, not a crash", async () => {
    const u = user();
    await u.command(`/wallet ${W1}`);
    const [card] = await u.replies(1);
    await u.press(`wal:k:${W1}:9`, card!.messageId);
    // No new message: the answer is a callback alert. The next command still works.
    await u.command(`/wallet ${W2}`);
    const [next] = await u.replies(1);
    expect(next!.text).toContain("has no trades of");
  });

  it("/top lists a token's most profitable wallets from the stored positions, best first", async () => {
    const u = user();
    await u.command(`/top ${mint0}`);
    const [reply] = await u.replies(1);
    expect(reply!.text).toContain("Most profitable wallets on &lt;PEPE&gt;");
    const holders = await db.sql.query<{ wallet: string }>(`SELECT wallet FROM wallet_position WHERE mint = $1 AND bought_sol > 0`, [mint0]);
    const listed = [...reply!.text.matchAll(/^\d+\. <code>(\w+)<\/code> ([+-]?[\d,.]+|–)/gm)];
    expect(listed.length).toBe(Math.min(10, holders.length));
    const totals = listed.map((m) => Number(m[2]!.replace(/,/g, "")));
    expect([...totals].sort((a, b) => b - a)).toEqual(totals);
    await u.command(`/top ${W2}`);
    expect((await u.replies(1))[0]!.text).toContain("No stored trades of");
    await u.command("/top nope");
    expect((await u.replies(1))[0]!.text).toContain("not a Solana address");
  });

  it("shows where the dev and cluster labels come from: the token created and the shared funder", async () => {
    // The real writers: W1 created <PEPE>, and one funder paid W1 and W2.
    const signature = "5".repeat(64);
    await recordTokenLabels(db.sql, [{ kind: "created", mint: mint0, wallet: W1, slot: 300_000_000, signature, source: "pumpfun" }], []);
    const funder = "FUNDERx1111111111111111111111111111111111111";
    await recordFunders(db.sql, [W1, W2].map((wallet) => ({ wallet, result: { outcome: "found" as const, funding: { wallet, funder, lamports: 1n, slot: 1, signature } } })));
    await fullRescore(db.sql, { nowSec: NOW });
    const u = user();
    await u.command(`/wallet ${W1}`);
    const [card] = await u.replies(1);
    expect(card!.text).toMatch(/Labels: [^\n]*token creator/);
    expect(card!.text).toContain("Created: &lt;PEPE&gt;");
    expect(card!.text).toContain(`Funded by <code>${funder}</code> together with 1 other wallet: counted as one owner.`);
    expect(card!.text).toContain("Not ranked"); // a dev is never ranked
    const zh = user("zh");
    await zh.command(`/wallet ${W1}`);
    const [zhCard] = await zh.replies(1);
    expect(zhCard!.text).toContain("创建的代币：&lt;PEPE&gt;");
    expect(zhCard!.text).toContain("与其他 1 个钱包");
  });
});
