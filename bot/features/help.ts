import { Composer } from "grammy";
import type { BotContext } from "../context.js";
import { logHandle } from "../helpers/logging.js";

const composer = new Composer<BotContext>();
const feature = composer.chatType("private");

feature.command("help", logHandle("command-help"), async (ctx) => {
  await ctx.reply(ctx.t("help"));
});

/** `/help` in a DM: the command list. */
export { composer as helpFeature };
