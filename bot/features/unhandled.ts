import { Composer } from "grammy";
import type { BotContext } from "../context.js";
import { logHandle } from "../helpers/logging.js";

const composer = new Composer<BotContext>();

// Only DMs: in a group the bot would answer every message it happens to see.
composer.chatType("private").on("message", logHandle("unhandled-message"), async (ctx) => {
  await ctx.reply(ctx.t("unhandled"));
});

// An unanswered callback query leaves the button spinning on the user's screen.
composer.on("callback_query", logHandle("unhandled-callback"), async (ctx) => {
  await ctx.answerCallbackQuery();
});

/** Last in the chain: whatever no feature took. */
export { composer as unhandledFeature };
