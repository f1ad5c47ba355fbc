import { Composer } from "grammy";
import type { BotContext } from "../context.js";
import { logHandle } from "../helpers/logging.js";

const composer = new Composer<BotContext>();
const feature = composer.chatType("private");

feature.command("start", logHandle("command-start"), async (ctx) => {
  await ctx.reply(ctx.t("start-welcome"));
});

/** `/start` in a DM: greets, says what PumpSpace does, lists the commands. */
export { composer as startFeature };
