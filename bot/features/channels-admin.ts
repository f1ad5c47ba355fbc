import { Composer } from "grammy";
import { channelHandle } from "../../core/data/calls.js";
import { escapeHtml } from "../../core/domain/html.js";
import type { BotContext } from "../context.js";
import { logHandle } from "../helpers/logging.js";

const composer = new Composer<BotContext>();
const feature = composer.filter((ctx) => ctx.deps.calls !== undefined);

/** Only the configured admin chat changes the channel list; everyone else is told so. */
function isAdminChat(ctx: BotContext): boolean {
  const admin = ctx.deps.config.adminChatId;
  return admin !== undefined && ctx.chat?.id === admin;
}

feature.command(["addchannel", "removechannel"], logHandle("command-channel-admin"), async (ctx) => {
  if (!isAdminChat(ctx)) return void (await ctx.reply(ctx.t("channel-admin-only")));
  const adding = ctx.message?.text?.startsWith("/add") ?? false;
  const input = ctx.match.trim();
  if (input === "") return void (await ctx.reply(ctx.t(adding ? "channel-usage-add" : "channel-usage-remove")));
  const handle = channelHandle(input);
  if (handle === null) return void (await ctx.reply(ctx.t("caller-invalid", { input: escapeHtml(input.slice(0, 64)) })));
  const store = ctx.deps.calls!;
  if (adding) {
    await store.addCaller("channel", handle);
    ctx.logger.info({ channel: handle }, "channel added");
    return void (await ctx.reply(ctx.t("channel-added", { handle })));
  }
  const removed = await store.removeCaller("channel", handle);
  ctx.logger.info({ channel: handle, removed }, "channel removed");
  await ctx.reply(ctx.t(removed ? "channel-removed" : "channel-not-found", { handle }));
});

/** `/addchannel @x`, `/removechannel @x`: the channel list the userbot reads (admin chat only). */
export { composer as channelsAdminFeature };
