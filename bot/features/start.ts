/**
 * `/start` in a DM: the welcome, or the action of a deep link from an inline result
 * (`track_<wallet>`, `top_<mint>`, `chart_<mint>`; see core/domain/inline.ts).
 *
 * Trap: a start parameter is typed by whoever made the link, so it is checked like typed input.
 */
import { replyWithChart } from "./chart.js";
import { Composer } from "grammy";
import { checkWalletAddress } from "../../core/domain/address.js";
import { parseStartParam } from "../../core/domain/inline.js";
import type { BotContext } from "../context.js";
import { addressErrorText } from "../helpers/address-errors.js";
import { logHandle } from "../helpers/logging.js";
import { replyWithCard } from "./token.js";
import { replyTop } from "./top.js";

const composer = new Composer<BotContext>();
const feature = composer.chatType("private");

feature.command("start", logHandle("command-start"), async (ctx) => {
  const link = parseStartParam(ctx.match);
  if (!link) return void (await ctx.reply(ctx.t("start-welcome")));
  const { action, address } = link;
  if (action === "top") return replyTop(ctx, address);
  if (action === "chart") {
    const pictures = ctx.deps.pictures;
    if (pictures) return replyWithChart(ctx, pictures, address, "24h", null);
    // Without the render pool: the card, and where to look.
    await replyWithCard(ctx, address);
    return void (await ctx.reply(ctx.t("start-chart-hint", { mint: address })));
  }
  const check = checkWalletAddress(address);
  if (!check.ok) return void (await ctx.reply(addressErrorText(ctx, check, "track-usage")));
  const result = await ctx.deps.chats.trackWallet(ctx.chat.id, check.address, null, ctx.deps.config.walletLimit);
  const key = result === "added" ? "start-tracked" : result === "limit" ? "wallet-track-limit" : "start-already-tracked";
  await ctx.reply(ctx.t(key, { address: check.address }));
});

/** `/start` in a DM: greets, says what PumpSpace does, lists the commands; runs deep-link actions. */
export { composer as startFeature };
