import { Composer } from "grammy";
import type { BotContext } from "../context.js";
import { logHandle } from "../helpers/logging.js";

const composer = new Composer<BotContext>();

composer.on("my_chat_member", logHandle("my-chat-member"), async (ctx) => {
  const status = ctx.myChatMember.new_chat_member.status;
  // Blocked in a DM or removed from a group: stop alerts now instead of at the next 403.
  if (status === "kicked" || status === "left") await ctx.deps.chats.markBlocked(ctx.chat.id);
});

/** Tracks whether the bot may still write to a chat (blocked, removed, added back). */
export { composer as chatMemberFeature };
