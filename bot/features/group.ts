import { Composer } from "grammy";
import type { BotContext } from "../context.js";
import { logHandle } from "../helpers/logging.js";

const composer = new Composer<BotContext>();
const feature = composer.chatType(["group", "supergroup"]);

feature.command(["start", "help"], logHandle("group-help"), async (ctx) => {
  await ctx.reply(ctx.t("group-help", { bot: ctx.me.username }));
});

/** /start and /help in groups: what the group can do, and that its admins set it up. */
export { composer as groupFeature };
