/**
 * `/token <mint>` and the "Token" button of alerts (`token:<mint>`): the token card. The card's
 * own refresh button (`tokenref:<mint>`) edits it in place.
 *
 * Key idea: the bot answers within a second. Facts come from Postgres when cached (milliseconds);
 * a mint never seen before needs the RPC, which may be slow. So the card is awaited for
 * `tokenReplyWaitMs`; past that, a "working on it" message goes out and is edited when the card
 * is ready, in the background, so the chat's next update is not held behind the RPC.
 *
 * Trap: callback data comes from the client and can be forged; the mint in it is checked like
 * typed input.
 */
import { Composer, GrammyError } from "grammy";
import { checkAddressFormat } from "../../core/domain/address.js";
import { parseTokenArgs } from "../../core/domain/commands.js";
import { escapeHtml } from "../../core/domain/html.js";
import { isKnownProgram, programName } from "../../core/domain/programs.js";
import {
  buildTokenCard,
  renderTokenCard,
  TOKEN_CARD_CALLBACK_PREFIX,
  TOKEN_CARD_REFRESH_PREFIX,
  type FactsForCard,
} from "../../core/domain/token-card.js";
import type { RenderedMessage } from "../../core/domain/alert-render.js";
import type { TokenStatsSnapshot } from "../../core/domain/token-stats.js";
import type { BotContext } from "../context.js";
import { addressErrorText } from "../helpers/address-errors.js";
import { logHandle } from "../helpers/logging.js";

const DEFAULT_WAIT_MS = 700;
const NO_PREVIEW = { is_disabled: true } as const;

/** Reads facts and stats together; either failing leaves its half of the card out, never the card. */
async function loadCard(ctx: BotContext, mint: string): Promise<RenderedMessage> {
  const { tokenFacts, tokenStats } = ctx.deps;
  const [facts, stats] = await Promise.all([
    tokenFacts
      ? tokenFacts(mint).catch((err: unknown): FactsForCard => {
          ctx.logger.warn({ err, mint }, "token facts unavailable; the card shows trades only");
          return { ok: false, reason: "unavailable" };
        })
      : ({ ok: false, reason: "unavailable" } as const),
    tokenStats
      ? tokenStats(mint).catch((err: unknown): TokenStatsSnapshot | null => {
          ctx.logger.warn({ err, mint }, "token stats unavailable; the card shows chain facts only");
          return null;
        })
      : null,
  ]);
  const view = buildTokenCard(mint, facts, stats, Math.floor(Date.now() / 1000));
  return renderTokenCard(view, (key, vars) => ctx.t(key, vars));
}

const notModified = (err: unknown): boolean => err instanceof GrammyError && err.description.includes("message is not modified");

/** Sends the card as a new message, saying "working on it" first when it takes a while (also used by /start chart_<mint>). */
export async function replyWithCard(ctx: BotContext, mint: string): Promise<void> {
  const work = loadCard(ctx, mint);
  const waitMs = ctx.deps.config.tokenReplyWaitMs ?? DEFAULT_WAIT_MS;
  let timer: NodeJS.Timeout | undefined;
  const quick = await Promise.race([
    work.then((m) => m),
    new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), waitMs))),
  ]).finally(() => clearTimeout(timer));
  if (quick) {
    await ctx.reply(quick.text, { reply_markup: quick.reply_markup, link_preview_options: NO_PREVIEW });
    return;
  }
  const placeholder = await ctx.reply(ctx.t("token-working"));
  const chatId = placeholder.chat.id;
  const logger = ctx.logger;
  // Not awaited: the chat's next update should not wait for a slow RPC.
  void work
    .then((m) => ctx.api.editMessageText(chatId, placeholder.message_id, m.text, { reply_markup: m.reply_markup, link_preview_options: NO_PREVIEW }))
    .catch(async (err: unknown) => {
      logger.error({ err, mint }, "token card failed after the placeholder was sent");
      await ctx.api.editMessageText(chatId, placeholder.message_id, ctx.t("error-generic")).catch(() => {});
    });
}

/** A mint from typed text or callback data, or the reply that refuses it. */
function checkMint(ctx: BotContext, input: string): { ok: true; mint: string } | { ok: false; reply: string } {
  const format = checkAddressFormat(input);
  if (!format.ok) return { ok: false, reply: addressErrorText(ctx, format, "token-usage") };
  if (isKnownProgram(format.address)) {
    return { ok: false, reply: ctx.t("token-is-program-id", { name: escapeHtml(programName(format.address) ?? format.address) }) };
  }
  return { ok: true, mint: format.address };
}

const composer = new Composer<BotContext>();

composer.command("token", logHandle("command-token"), async (ctx) => {
  const args = parseTokenArgs(ctx.match);
  if (!args.ok) return void (await ctx.reply(ctx.t(args.error === "oversized" ? "token-oversized" : "token-usage")));
  const checked = checkMint(ctx, args.address);
  if (!checked.ok) return void (await ctx.reply(checked.reply));
  await replyWithCard(ctx, checked.mint);
});

composer.callbackQuery(new RegExp(`^${TOKEN_CARD_CALLBACK_PREFIX}`), logHandle("callback-token"), async (ctx) => {
  const checked = checkMint(ctx, ctx.callbackQuery.data.slice(TOKEN_CARD_CALLBACK_PREFIX.length));
  // Answer the press at once so the button stops spinning; the card follows as a message.
  await ctx.answerCallbackQuery();
  if (!checked.ok) return void (await ctx.reply(checked.reply));
  await replyWithCard(ctx, checked.mint);
});

composer.callbackQuery(new RegExp(`^${TOKEN_CARD_REFRESH_PREFIX}`), logHandle("callback-token-refresh"), async (ctx) => {
  const checked = checkMint(ctx, ctx.callbackQuery.data.slice(TOKEN_CARD_REFRESH_PREFIX.length));
  if (!checked.ok) return void (await ctx.answerCallbackQuery({ text: checked.reply.replace(/<[^>]+>/g, ""), show_alert: true }));
  await ctx.answerCallbackQuery({ text: ctx.t("token-refreshed-toast") });
  const card = await loadCard(ctx, checked.mint);
  try {
    await ctx.editMessageText(card.text, { reply_markup: card.reply_markup, link_preview_options: NO_PREVIEW });
  } catch (err) {
    // Nothing changed since the last look; Telegram calls that an error.
    if (!notModified(err)) throw err;
  }
});

/** `/token <mint>` and the alert's Token button: the token card, in any chat. */
export { composer as tokenFeature };
