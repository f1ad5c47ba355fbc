/**
 * Shareable cards as pictures: a wallet's PnL card (the `pnlcard:<wallet>` button on wallet
 * cards) and a caller's leaderboard card (`callercard:<id>`). The numbers come from the
 * `walletCard` / `callerCard` sources in `PictureDeps`; without a source the button says so.
 */
import { Composer, InlineKeyboard } from "grammy";
import { buildCallerCard, buildWalletCard, type CallerCardInput, type WalletCardInput } from "../../core/domain/charts/cards.js";
import { escapeHtml } from "../../core/domain/html.js";
import type { BotContext } from "../context.js";
import { logHandle } from "../helpers/logging.js";
import { sendPicture, withWorkingNote, type PictureDeps } from "../helpers/pictures.js";

const composer = new Composer<BotContext>();

/** The PnL-card button for a wallet card. */
export function walletCardButton(ctx: BotContext, address: string): InlineKeyboard {
  return new InlineKeyboard().text(ctx.t("card-button"), `pnlcard:${address}`);
}

/** Sends a wallet's PnL card built from `input`. */
export async function replyWithWalletCard(ctx: BotContext, deps: PictureDeps, input: WalletCardInput): Promise<void> {
  const asOf = (time: string) => ctx.t("card-as-of", { time });
  const view = buildWalletCard(input, {
    heading: ctx.t("card-wallet-heading"),
    tier: ctx.t("card-tier"),
    unranked: ctx.t("card-unranked"),
    score: ctx.t("card-score"),
    pnl7d: ctx.t("card-pnl-7d"),
    pnl30d: ctx.t("card-pnl-30d"),
    winRate: ctx.t("card-win-rate"),
    trades: ctx.t("card-trades-30d"),
    bestTrades: ctx.t("card-best-trades"),
    noTrades: ctx.t("card-no-trades"),
    equity: ctx.t("card-equity"),
    asOf,
  });
  await sendPicture(ctx, deps, view, { caption: ctx.t("card-caption-wallet", { wallet: input.address }) });
}

/** Sends a caller's leaderboard card built from `input`. */
export async function replyWithCallerCard(ctx: BotContext, deps: PictureDeps, input: CallerCardInput): Promise<void> {
  const view = buildCallerCard(input, {
    heading: ctx.t("card-caller-heading"),
    rank: ctx.t("card-rank"),
    unranked: ctx.t("card-unranked"),
    calls: ctx.t("card-calls"),
    hitRate: ctx.t("card-hit-rate"),
    median: ctx.t("card-median"),
    best: ctx.t("card-best"),
    lead: ctx.t("card-lead"),
    topCalls: ctx.t("card-top-calls"),
    noCalls: ctx.t("card-no-calls"),
    asOf: (time) => ctx.t("card-as-of", { time }),
  });
  await sendPicture(ctx, deps, view, { caption: ctx.t("card-caption-caller", { name: escapeHtml(input.name) }) });
}

composer.callbackQuery(/^pnlcard:([1-9A-HJ-NP-Za-km-z]{32,44})$/, logHandle("callback-pnlcard"), async (ctx, next) => {
  const deps = ctx.deps.pictures;
  if (!deps) return next();
  const input = deps.walletCard ? await deps.walletCard(ctx.match[1]!) : null;
  if (input === null) return void (await ctx.answerCallbackQuery({ text: ctx.t("card-unavailable"), show_alert: true }));
  await ctx.answerCallbackQuery();
  await withWorkingNote(ctx, deps.slowMs ?? 700, ctx.t("chart-working"), () => replyWithWalletCard(ctx, deps, input));
});

composer.callbackQuery(/^callercard:([A-Za-z0-9_-]{1,50})$/, logHandle("callback-callercard"), async (ctx, next) => {
  const deps = ctx.deps.pictures;
  if (!deps) return next();
  const input = deps.callerCard ? await deps.callerCard(ctx.match[1]!) : null;
  if (input === null) return void (await ctx.answerCallbackQuery({ text: ctx.t("card-unavailable"), show_alert: true }));
  await ctx.answerCallbackQuery();
  await withWorkingNote(ctx, deps.slowMs ?? 700, ctx.t("chart-working"), () => replyWithCallerCard(ctx, deps, input));
});

/** Wallet PnL and caller cards as pictures. */
export { composer as cardsFeature };
