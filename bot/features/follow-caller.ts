import { Composer } from "grammy";
import { channelHandle } from "../../core/data/calls.js";
import { escapeHtml } from "../../core/domain/html.js";
import type { BotContext } from "../context.js";
import { logHandle } from "../helpers/logging.js";

const composer = new Composer<BotContext>();
const feature = composer.chatType("private").filter((ctx) => ctx.deps.calls !== undefined);

feature.command(["followcaller", "unfollowcaller"], logHandle("command-follow-caller"), async (ctx) => {
  const following = ctx.message?.text?.startsWith("/follow") ?? false;
  const input = ctx.match.trim();
  if (input === "") return void (await ctx.reply(ctx.t(following ? "follow-usage" : "unfollow-usage")));
  const handle = channelHandle(input);
  if (handle === null) return void (await ctx.reply(ctx.t("caller-invalid", { input: escapeHtml(input.slice(0, 64)) })));
  const store = ctx.deps.calls!;
  const caller = await store.caller("channel", handle);
  if (!caller) return void (await ctx.reply(ctx.t("caller-unknown", { handle })));
  if (following) {
    const added = await store.subscribe(ctx.chat.id, caller.id);
    return void (await ctx.reply(ctx.t(added ? "follow-added" : "follow-duplicate", { handle })));
  }
  const removed = await store.unsubscribe(ctx.chat.id, caller.id);
  await ctx.reply(ctx.t(removed ? "follow-removed" : "follow-not-following", { handle }));
});

/** `/followcaller @channel`, `/unfollowcaller @channel`: a chat's subscriptions to callers. */
export { composer as followCallerFeature };
