// The first slice end to end: a user talks to the real bot (runner polling the Bot API emulator
// over HTTP), tracks a wallet from a real mainnet transaction, the replay runs through ingest,
// pipeline and notifier (real Postgres, Redis, BullMQ), and the alert arrives in the user's chat;
// after /lang the next alert comes in the new language.
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import type { RunnerHandle } from "@grammyjs/runner";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createBot, type BotContext } from "../bot/bot.js";
import { ChatRepository } from "../core/data/chat-repository.js";
import { createI18n } from "../core/i18n.js";
import { createLogger } from "../core/logger.js";
import { createTelegramApi } from "../core/telegram.js";
import { startWorkers } from "../workers/app.js";
import { ReplayDatasource } from "../workers/ingest/replay.js";
import { createTestDatabase, type TestDatabase } from "./helpers/db.js";
import { createTestRedis, waitFor, type TestRedis } from "./helpers/redis.js";
import { createTestUser, runTestBot, startTelegramEmulator, type TelegramEmulator } from "./helpers/telegram.js";

const TOKEN = "7654321:EndToEndToken_abcdefghijklmn";
const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/solana/${name}`, import.meta.url));
const expected = async (name: string) => JSON.parse(await readFile(fixture(name), "utf8")).fields;

describe("end to end: /track, replay, alert", () => {
  let tg: TelegramEmulator;
  let db: TestDatabase;
  let redis: TestRedis;
  let runner: RunnerHandle;
  const logger = createLogger("silent");
  const i18n = createI18n<BotContext>();

  beforeAll(async () => {
    [tg, db] = await Promise.all([startTelegramEmulator(), createTestDatabase()]);
    redis = createTestRedis();
    const bot = createBot(TOKEN, { chats: new ChatRepository(db.prisma), config: { walletLimit: 100 }, logger, i18n }, {
      apiRoot: tg.apiRoot,
    });
    runner = runTestBot(bot);
  });
  afterAll(async () => {
    await runner?.stop();
    await tg?.stop();
    await db?.drop();
    await redis?.cleanup();
  });

  /** Replays one recorded transaction through all three worker roles until its alerts are out. */
  async function replay(file: string) {
    const workers = await startWorkers({
      roles: new Set(["ingest", "pipeline", "notifier"]),
      db,
      redisUrl: redis.url,
      queuePrefix: redis.prefix,
      logger,
      api: createTelegramApi(TOKEN, { apiRoot: tg.apiRoot }),
      i18n,
      datasource: new ReplayDatasource(fixture(file)),
      solUsdFallback: 150,
      batchSize: 100,
      batchMaxWaitMs: 20,
      notifyConcurrency: 2,
      notifyRatePerSecond: 25,
    });
    try {
      const counts = await workers.ingestDone;
      expect(counts?.swaps).toBeGreaterThan(0);
      await waitFor(async () => {
        const jobs = await workers.swapBatches.getJobCounts("wait", "active", "delayed");
        const pending = await db.prisma.alert.count({ where: { status: "pending" } });
        return pending === 0 && Object.values(jobs).every((n) => n === 0);
      }, "alerts delivered");
    } finally {
      await workers.stop();
    }
  }

  it("delivers the alert for a tracked wallet, rejects bad input, and follows /lang", async () => {
    const sell = (await expected("pumpfun_3tJczs8y2bR8.expected.json")).expectedActionInfos[0];
    const buy = await expected("pumpfun_3QLV6eN1W1pC.expected.json");
    const user = createTestUser(tg.server, TOKEN, { chatId: 5005, firstName: "Ada", languageCode: "en" });

    await user.command("/track not-a-wallet!");
    const [bad] = await user.replies(1);
    expect(bad!.text).toMatch(/not a Solana address/);

    await user.command(`/track ${sell.trader} Seller <x>`);
    expect((await user.replies(1))[0]!.text).toContain("Now tracking <b>Seller &lt;x&gt;</b>");
    await user.command(`/track ${buy.user} Buyer`);
    await user.replies(1);

    await replay("pumpfun_3tJczs8y2bR8.json");
    const [alert] = await user.replies(1, 10_000);
    expect(alert!.parseMode).toBe("HTML");
    expect(alert!.text).toContain("SELL");
    expect(alert!.text).toContain("Seller &lt;x&gt;");
    expect(alert!.text).toContain("94,443"); // 94443000000 raw, 6 decimals
    expect(alert!.text).toContain("0.00356 SOL"); // 3556271 lamports
    expect(alert!.text).toContain("0.0₇3766 SOL"); // 0.003556271 SOL / 94443 tokens
    expect(alert!.text).toContain(`https://solscan.io/tx/3tJczs8y2bR8`);
    expect(alert!.text).toContain(`https://dexscreener.com/solana/${sell.tokenMint}`);
    expect(alert!.text).toContain("Pump.fun");

    await user.command("/lang");
    const [menu] = await user.replies(1);
    const zhButton = menu!.replyMarkup!.inline_keyboard.flat().find((b) => b.text === "中文");
    expect(zhButton && "callback_data" in zhButton).toBe(true);
    await user.press((zhButton as { callback_data: string }).callback_data, menu!.messageId);
    await waitFor(
      async () => (await db.prisma.chat.findUnique({ where: { id: 5005n } }))?.language === "zh",
      "language stored",
    );

    await replay("pumpfun_3QLV6eN1W1pC.json");
    const [second] = await user.replies(1, 10_000);
    expect(second!.text).toContain("买入");
    expect(second!.text).toContain("Buyer");
    expect(second!.text).not.toContain("BUY");

    // Nothing else was sent: each swap alerted once.
    await expect(user.replies(1, 300)).rejects.toThrow(/expected 1 bot message/);
  });
});
