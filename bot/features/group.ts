import { Composer } from "grammy";
import type { BotContext } from "../context.js";
import { logHandle } from "../helpers/logging.js";

const composer = new Composer<BotContext>();
const feature = composer.chatType(["group", "supergroup"]);

feature.command(["start", "help", "track", "untrack", "list", "lang"], logHandle("group-dm-only"), async (ctx) => {
  await ctx.reply(ctx.t("group-dm-only", { bot: ctx.me.username }));
});

/** Commands in groups: points to the DM until group subscriptions exist. */
export { composer as groupFeature };
