// Pictures end to end: the real bot (runner over HTTP) against the Bot API emulator, real
// Postgres with stored swaps, the real render worker pool. The emulator has no sendPhoto, so an
// API transformer answers it (a fake file_id) and keeps what was sent for the assertions.
import type { RunnerHandle } from "@grammyjs/runner";
import { GrammyError, InputFile, type Bot } from "grammy";
import type { Message } from "grammy/types";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createBot, type BotContext } from "../bot/bot.js";
import type { PictureDeps } from "../bot/helpers/pictures.js";
import { ChatRepository } from "../core/data/chat-repository.js";
import { RenderedImageStore } from "../core/data/rendered-images.js";
import { insertSwaps } from "../core/data/swap-store.js";
import { SwapPartitions } from "../core/data/swap-partitions.js";
import type { WalletCardInput } from "../core/domain/charts/cards.js";
import { WSOL_MINT, type Swap } from "../core/domain/swap.js";
import { CHART_TRADERS, SMART_TRADERS, syntheticTrades } from "../core/domain/test-support/chart-trades.js";
import type { WalletProfile } from "../core/domain/wallet-profile.js";
import { createI18n } from "../core/i18n.js";
import { createLogger } from "../core/logger.js";
import { decodeRgba, pngSize } from "../core/render/image-diff.js";
import { RenderPool } from "../core/render/pool.js";
import type { RenderJob } from "../core/render/draw.js";
import { createTestDatabase, type TestDatabase } from "./helpers/db.js";
import { createTestUser, runTestBot, startTelegramEmulator, type TelegramEmulator, type TestUserOptions } from "./helpers/telegram.js";

const TOKEN = "1234567:PumpSpaceChartToken_abcdefghij";
const NOW = Date.UTC(2026, 10, 22, 14, 3) / 1000;
// Real mainnet mint and wallet addresses (from test/fixtures/solana) used as plain identifiers.
const MINT = "B9ktH3g7mwgdoDgCgGRim6qeqPcyRVWJueXS12CMpump";
const OLD_MINT = "EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1w";
// A real wallet (a fee payer in the fixtures): no token of that address ever traded, and as a
// wallet it never traded MINT.
const NEVER_MINT = "GQpoa61ghhu51v6RnseVodSHkVki9XmtumBXjzBR8mQg";
const WALLET = CHART_TRADERS[20]!;

interface SentPhoto {
  chatId: number;
  /** The PNG when uploaded, the file_id string when reused. */
  photo: Uint8Array | string;
  /** The file_id the fake Bot API answered with. */
  fileId: string;
  caption: string;
  replyMarkup: unknown;
}

let tg: TelegramEmulator;
let db: TestDatabase;
let bot: Bot<BotContext>;
let runner: RunnerHandle;
let pool: RenderPool;
let renders = 0;
let renderDelayMs = 0;
let staleFileIds = new Set<string>();
const photos: SentPhoto[] = [];
const calls: { method: string; payload: Record<string, unknown> }[] = [];
let nextChatId = 5000;
let nextFileId = 1;
let walletCard: WalletCardInput | null = null;

const deps: PictureDeps = {
  sql: undefined as unknown as PictureDeps["sql"],
  images: undefined as unknown as RenderedImageStore,
  renderer: {
    async render(job: RenderJob) {
      renders++;
      if (renderDelayMs > 0) await new Promise((r) => setTimeout(r, renderDelayMs));
      return pool.render(job);
    },
  },
  smartMoney: async (addresses) => {
    const out = new Map<string, WalletProfile>();
    for (const a of addresses) {
      if (SMART_TRADERS.has(a)) out.set(a, { address: a, tier: "S", score: 90, confidence: 1, labels: [], clusterId: null });
    }
    return out;
  },
  walletCard: async () => walletCard,
  now: () => NOW,
  slowMs: 5_000,
};

function toSwap(i: number, t: { time: number; side: "buy" | "sell"; priceUsd: number | null; priceSol: number | null; tokenAmount: number; trader: string }, mint: string): Swap {
  const tokenRaw = BigInt(Math.round(t.tokenAmount * 1e6));
  const solRaw = BigInt(Math.round(t.tokenAmount * (t.priceSol ?? 0) * 1e9));
  const token = { mint, amount: tokenRaw, decimals: 6 };
  const sol = { mint: WSOL_MINT, amount: solRaw, decimals: 9 };
  const [inn, out] = t.side === "buy" ? [sol, token] : [token, sol];
  return {
    signature: `chart${mint.slice(0, 6)}sig${i}`,
    // Slots follow the chain's pace (~0.4 s), as the chart's slot bound expects of real data.
    slot: 300_000_000 + Math.round((t.time - (NOW - 10 * 86_400)) / 0.4),
    blockTime: t.time,
    ixPath: "0",
    dex: "pumpfun",
    programId: "6EF8rrecthR5Dkzon8Nwu78hRvfCKubJ14M5uBEwF6P",
    pool: null,
    trader: t.trader,
    mintIn: inn.mint,
    amountIn: inn.amount,
    decimalsIn: inn.decimals,
    mintOut: out.mint,
    amountOut: out.amount,
    decimalsOut: out.decimals,
    priceSol: t.priceSol,
    priceUsd: t.priceUsd,
  };
}

function fakePhotoMessage(chatId: number, caption: string, fileId: string): Message.PhotoMessage {
  return {
    message_id: 900_000 + nextFileId,
    date: Math.floor(Date.now() / 1000),
    chat: { id: chatId, type: "private", first_name: "u" },
    caption,
    photo: [
      { file_id: `${fileId}-small`, file_unique_id: "s", width: 320, height: 180 },
      { file_id: fileId, file_unique_id: "l", width: 1200, height: 675 },
    ],
  } as Message.PhotoMessage;
}

beforeAll(async () => {
  [tg, db] = await Promise.all([startTelegramEmulator(), createTestDatabase()]);
  pool = new RenderPool({ size: 1 });
  deps.sql = db.sql;
  deps.images = new RenderedImageStore(db.sql);
  const recent = syntheticTrades({ count: 600, end: NOW, span: 86_400, seed: 3 }).map((t, i) => toSwap(i, t, MINT));
  const old = syntheticTrades({ count: 5, end: NOW - 5 * 86_400, span: 3600, seed: 4 }).map((t, i) => toSwap(10_000 + i, t, OLD_MINT));
  const all = [...recent, ...old];
  await new SwapPartitions(db.sql).ensure(all.map((s) => s.slot));
  await insertSwaps(db.sql, all, "replay");
  await db.prisma.token.create({ data: { mint: MINT, symbol: "CHRT", decimals: 6 } });

  const chats = new ChatRepository(db.prisma);
  bot = createBot(
    TOKEN,
    { chats, config: { walletLimit: 10 }, logger: createLogger("silent"), i18n: createI18n<BotContext>(), pictures: deps },
    { apiRoot: tg.apiRoot },
  );
  bot.api.config.use(async (prev, method, payload, signal) => {
    if (method !== "getUpdates") calls.push({ method, payload: payload as Record<string, unknown> });
    if (method === "sendPhoto") {
      const p = payload as unknown as { chat_id: number; photo: InputFile | string; caption: string; reply_markup?: unknown };
      if (typeof p.photo === "string" && staleFileIds.has(p.photo)) {
        throw new GrammyError("Call to 'sendPhoto' failed!", { ok: false, error_code: 400, description: "Bad Request: wrong file identifier" }, "sendPhoto", payload);
      }
      const bytes = typeof p.photo === "string" ? p.photo : ((await p.photo.toRaw()) as Uint8Array);
      // The Bot API answers with the photo in several sizes; the largest carries the file_id we keep.
      const fileId = typeof p.photo === "string" ? p.photo : `fake-file-${nextFileId++}`;
      photos.push({ chatId: Number(p.chat_id), photo: bytes, fileId, caption: p.caption, replyMarkup: p.reply_markup });
      return { ok: true, result: fakePhotoMessage(Number(p.chat_id), p.caption, fileId) } as never;
    }
    return prev(method, payload, signal);
  });
  runner = runTestBot(bot);
});

afterAll(async () => {
  await runner?.stop();
  await pool?.close();
  await tg?.stop();
  await db?.drop();
});

beforeEach(() => {
  photos.length = 0;
  calls.length = 0;
  renderDelayMs = 0;
  deps.slowMs = 5_000;
  staleFileIds = new Set();
});

function newUser(options: Partial<TestUserOptions> = {}) {
  return createTestUser(tg.server, TOKEN, { chatId: ++nextChatId, ...options });
}

async function waitFor<T>(fn: () => T | undefined, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = fn();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** The rendered_image row of a file_id, once the bot has saved it (just after the send). */
async function savedRow(fileId: string) {
  let row: { kind: string; width: number; height: number; bytes: number } | undefined;
  const deadline = Date.now() + 10_000;
  while (!row && Date.now() < deadline) {
    [row] = await db.sql.query<{ kind: string; width: number; height: number; bytes: number }>(
      `SELECT kind, width, height, bytes FROM rendered_image WHERE file_id = $1`,
      [fileId],
    );
    if (!row) await new Promise((r) => setTimeout(r, 20));
  }
  return row;
}

const photoFor = (chatId: number, n = 1) => waitFor(() => {
  const mine = photos.filter((p) => p.chatId === chatId);
  return mine.length >= n ? mine[n - 1] : undefined;
});

describe("/chart", () => {
  it("sends a 1200×675 PNG of the token with a caption and range buttons, and remembers its file_id", async () => {
    const user = newUser();
    await user.command(`/chart ${MINT}`);
    const sent = await photoFor(user.chatId);
    expect(sent.photo).toBeInstanceOf(Uint8Array);
    const png = sent.photo as Uint8Array;
    expect(pngSize(png)).toEqual({ width: 1200, height: 675 });
    const decoded = await decodeRgba(png);
    expect(decoded.width * decoded.height).toBe(1200 * 675);
    expect(sent.caption).toContain("<b>CHRT</b> · 24h · $0.0₄");
    expect(sent.caption).toMatch(/\n\d{3} trades · smart-money buys ▲ and sells ▼ marked\n/);
    expect(sent.caption).toContain(`<code>${MINT}</code>`);
    const buttons = (sent.replyMarkup as { inline_keyboard: { text: string; callback_data: string }[][] }).inline_keyboard.flat();
    expect(buttons.map((b) => b.callback_data)).toEqual([`chart:${MINT}:1h`, `chart:${MINT}:24h`, `chart:${MINT}:7d`]);
    const row = await savedRow(sent.fileId);
    expect(row).toEqual({ kind: "chart", width: 1200, height: 675, bytes: png.length });
  });

  it("sends the same chart again by file_id, without drawing it", async () => {
    const user = newUser();
    await user.command(`/chart ${MINT} 1h`);
    const first = await photoFor(user.chatId, 1);
    expect(first.photo).toBeInstanceOf(Uint8Array);
    const rendersBefore = renders;
    await user.command(`/chart ${MINT} 1h`);
    const second = await photoFor(user.chatId, 2);
    expect(second.photo).toMatch(/^fake-file-\d+$/);
    expect(renders).toBe(rendersBefore);
    expect(second.caption).toBe(first.caption);
  });

  it("uploads again when Telegram refuses a remembered file_id", async () => {
    const user = newUser();
    await user.command(`/chart ${MINT} 7d`);
    const first = await photoFor(user.chatId, 1);
    await savedRow(first.fileId);
    staleFileIds = new Set([first.fileId]);
    await user.command(`/chart ${MINT} 7d`);
    const second = await photoFor(user.chatId, 2);
    expect(first.photo).toBeInstanceOf(Uint8Array);
    expect(second.photo).toBeInstanceOf(Uint8Array);
    const after = await db.sql.query<{ n: string }>(`SELECT count(*) AS n FROM rendered_image WHERE file_id = ANY($1)`, [[...staleFileIds]]);
    expect(Number(after[0]!.n)).toBe(0);
  });

  it("marks one wallet's trades with /chart <mint> <wallet>", async () => {
    const user = newUser();
    await user.command(`/chart ${MINT} ${WALLET}`);
    const sent = await photoFor(user.chatId);
    expect(sent.photo).toBeInstanceOf(Uint8Array);
    expect(sent.caption).toContain(`Trades of <code>${WALLET}</code> marked`);
    expect(sent.replyMarkup).toBeUndefined();
  });

  it("says so when the wallet did not trade the token in the window", async () => {
    const user = newUser();
    await user.command(`/chart ${MINT} 1h ${NEVER_MINT}`);
    const sent = await photoFor(user.chatId);
    expect(sent.caption).toContain(`<code>${NEVER_MINT}</code> did not trade it in the last 1h`);
  });

  it("answers a chart button press with the chart of that range", async () => {
    const user = newUser();
    await user.press(`chart:${MINT}:7d`, 1);
    const sent = await photoFor(user.chatId);
    expect(sent.caption).toContain("· 7d ·");
    expect(calls.some((c) => c.method === "answerCallbackQuery")).toBe(true);
  });

  it("says there are no recent trades, with the last trade time, instead of an empty chart", async () => {
    const user = newUser();
    await user.command(`/chart ${OLD_MINT}`);
    const [reply] = await user.replies(1, 10_000);
    expect(reply!.text).toContain("No trades of <b>EPjF…Dt1w</b> in the last 24h");
    expect(reply!.text).toMatch(/Last trade: 2026-11-17 \d\d:\d\d UTC/);
    await user.command(`/chart ${NEVER_MINT}`);
    const [never] = await user.replies(1, 10_000);
    expect(never!.text).toContain("has no trades of <b>GQpo…8mQg</b> yet");
    expect(photos.filter((p) => p.chatId === user.chatId)).toHaveLength(0);
  });

  it("explains bad input in the user's language", async () => {
    const user = newUser();
    await user.command("/chart");
    expect((await user.replies(1))[0]!.text).toContain("/chart &lt;token mint&gt;");
    await user.command("/chart 0xabc");
    expect((await user.replies(1))[0]!.text).toContain("yours contains: <code>0</code>");
    await user.command(`/chart ${MINT} 30d`);
    expect((await user.replies(1))[0]!.text).toContain("can't read <code>30d</code>");
    const zh = newUser({ languageCode: "zh" });
    await zh.command(`/chart ${MINT} 30d`);
    expect((await zh.replies(1))[0]!.text).toContain("无法识别 <code>30d</code>");
  });

  it("says it is working when drawing is slow, then removes the note once the chart is there", async () => {
    deps.slowMs = 50;
    renderDelayMs = 600;
    const user = newUser();
    const rendersBefore = renders;
    // A picture no other test asks for, so it is drawn (slowly), not sent by file_id.
    await user.command(`/chart ${MINT} 7d ${WALLET}`);
    await photoFor(user.chatId);
    expect(renders).toBe(rendersBefore + 1);
    const note = calls.find((c) => c.method === "sendMessage" && String(c.payload.text).includes("Drawing the chart"));
    expect(note).toBeDefined();
    await waitFor(() => calls.find((c) => c.method === "deleteMessage" && Number(c.payload.chat_id) === user.chatId));
    const sendIndex = calls.findIndex((c) => c.method === "sendPhoto");
    const deleteIndex = calls.findIndex((c) => c.method === "deleteMessage");
    expect(deleteIndex).toBeGreaterThan(sendIndex);
  });
});

describe("PnL card button", () => {
  it("sends the wallet's PnL card as a PNG", async () => {
    walletCard = {
      address: WALLET,
      tier: "A",
      score: 71,
      pnl7dUsd: 1234,
      pnl30dUsd: 5678,
      winRate: 0.6,
      trades30d: 42,
      bestTrades: [{ token: "CHRT", pnlUsd: 900, roiPct: 120 }],
      equity: [
        { t: NOW - 86_400, pnlUsd: 0 },
        { t: NOW, pnlUsd: 5678 },
      ],
      asOf: NOW,
    };
    const user = newUser({ languageCode: "zh" });
    await user.press(`pnlcard:${WALLET}`, 1);
    const sent = await photoFor(user.chatId);
    expect(pngSize(sent.photo as Uint8Array)).toEqual({ width: 1200, height: 675 });
    expect(sent.caption).toBe(`🖼 <code>${WALLET}</code> 的盈亏卡片`);
  });

  it("says the card is not available when scoring has nothing for the wallet", async () => {
    walletCard = null;
    const user = newUser();
    await user.press(`pnlcard:${WALLET}`, 1);
    const answer = await waitFor(() => calls.find((c) => c.method === "answerCallbackQuery" && c.payload.show_alert === true));
    expect(answer.payload.text).toBe("This card is not available yet.");
  });
});
