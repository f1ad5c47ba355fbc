/**
 * Sends a picture (chart or card) to the update's chat: by Telegram's file_id when the same view
 * model was sent before, else rendered in the worker pool, uploaded, and its file_id remembered.
 * Work that takes longer than `slowMs` gets a "working on it" note first, removed once the
 * picture is there.
 */
import { GrammyError, InputFile } from "grammy";
import type { InlineKeyboardMarkup, Message } from "grammy/types";
import type { RenderedImageStore } from "../../core/data/rendered-images.js";
import type { SqlRunner } from "../../core/data/db.js";
import type { CallerCardInput, WalletCardInput } from "../../core/domain/charts/cards.js";
import type { WalletProfileReader } from "../../core/domain/wallet-profile.js";
import type { RenderJob } from "../../core/render/draw.js";
import { renderHash } from "../../core/render/hash.js";
import type { BotContext } from "../context.js";

/** What the picture features need; `createBot` works without it (the commands then stay silent). */
export interface PictureDeps {
  /** Reads stored swaps. */
  sql: Pick<SqlRunner, "query">;
  images: RenderedImageStore;
  /** A `RenderPool` (worker threads) in the bot. */
  renderer: { render(job: RenderJob): Promise<Buffer> };
  /** Smart-money profiles; their tiered wallets are marked on charts. */
  smartMoney?: WalletProfileReader;
  /** Fills a wallet's PnL card (from scoring); without it the card button says "not yet". */
  walletCard?: (address: string) => Promise<WalletCardInput | null>;
  /** Fills a caller's card (from signal outcomes), by caller id. */
  callerCard?: (callerId: string) => Promise<CallerCardInput | null>;
  /** Unix seconds; tests pin it. */
  now?: () => number;
  /** After this long a "working on it" note is sent (default 700 ms). */
  slowMs?: number;
}

export interface PictureExtra {
  caption: string;
  reply_markup?: InlineKeyboardMarkup;
}

/** Telegram refused the file_id (another bot's, or gone): upload instead. */
function isStaleFileId(err: unknown): boolean {
  return err instanceof GrammyError && err.error_code === 400;
}

/** Sends `job` as a photo, reusing the file_id of an identical earlier picture. */
export async function sendPicture(ctx: BotContext, deps: PictureDeps, job: RenderJob, extra: PictureExtra): Promise<Message.PhotoMessage> {
  const hash = renderHash(job);
  const cached = await deps.images.fileId(hash);
  if (cached !== null) {
    try {
      return await ctx.replyWithPhoto(cached, extra);
    } catch (err) {
      if (!isStaleFileId(err)) throw err;
      ctx.logger.warn({ hash }, "Telegram refused a cached file_id; uploading the picture again");
      await deps.images.forget(hash);
    }
  }
  const png = await deps.renderer.render(job);
  const message = await ctx.replyWithPhoto(new InputFile(png, `${job.kind}.png`), extra);
  const largest = message.photo.at(-1);
  if (largest) {
    await deps.images.save({ hash, kind: job.kind, fileId: largest.file_id, width: job.width, height: job.height, bytes: png.length });
  }
  return message;
}

/**
 * Runs `work`; when it is not done within `slowMs`, tells the user it is on its way, and removes
 * that note when the work ends (either way).
 */
export async function withWorkingNote<T>(ctx: BotContext, slowMs: number, text: string, work: () => Promise<T>): Promise<T> {
  let note: Promise<Message.TextMessage | null> | null = null;
  const timer = setTimeout(() => {
    note = ctx.reply(text).catch(() => null);
  }, slowMs);
  try {
    return await work();
  } finally {
    clearTimeout(timer);
    const sent = await (note as Promise<Message.TextMessage | null> | null);
    if (sent) await ctx.api.deleteMessage(sent.chat.id, sent.message_id).catch(() => {});
  }
}
