/**
 * Who may change a group's settings: its administrators only, asked of Telegram with
 * getChatMember and cached briefly (a promoted or demoted admin is seen within `ADMIN_CACHE_MS`).
 * In a private chat the user owns the chat's settings.
 *
 * The trap: an admin posting "anonymously" arrives with `from` = GroupAnonymousBot and
 * `sender_chat` = the group itself; getChatMember on that bot says "member". Only a group's
 * admins can post as the group, so a message whose sender chat is the group counts as an admin.
 */
import { GrammyError, type Middleware } from "grammy";
import type { BotContext } from "../context.js";

export const ADMIN_CACHE_MS = 60_000;
const MAX_ENTRIES = 10_000;

const cache = new Map<string, { admin: boolean; expiresAt: number }>();

/** Forgets every cached answer (tests; a chat_member update could call it for one chat). */
export function clearChatAdminCache(): void {
  cache.clear();
}

/**
 * Whether the sender of this update may change the chat's settings.
 *
 * @example
 * if (!(await isChatAdmin(ctx))) return void (await ctx.reply(ctx.t("group-admin-only")));
 */
export async function isChatAdmin(ctx: BotContext): Promise<boolean> {
  const chat = ctx.chat;
  if (!chat) return false;
  if (chat.type === "private") return true;
  if (ctx.senderChat?.id === chat.id) return true;
  const user = ctx.from;
  if (!user) return false;
  const key = `${chat.id}:${user.id}`;
  const hit = cache.get(key);
  if (hit && hit.expiresAt > Date.now()) return hit.admin;
  let admin: boolean;
  try {
    const member = await ctx.api.getChatMember(chat.id, user.id);
    admin = member.status === "creator" || member.status === "administrator";
  } catch (err) {
    // The bot cannot see members (not in the chat any more): nobody changes anything.
    if (err instanceof GrammyError && (err.error_code === 400 || err.error_code === 403)) admin = false;
    else throw err;
  }
  cache.delete(key);
  cache.set(key, { admin, expiresAt: Date.now() + ADMIN_CACHE_MS });
  while (cache.size > MAX_ENTRIES) {
    const oldest = cache.keys().next().value;
    if (oldest === undefined) break;
    cache.delete(oldest);
  }
  return admin;
}

/**
 * Middleware for every command or button that changes a chat's settings: passes group admins
 * (and anyone in a DM), and answers everyone else with a polite refusal in their language.
 *
 * @example feature.command("track", groupAdminOnly, handler)
 */
export const groupAdminOnly: Middleware<BotContext> = async (ctx, next) => {
  if (await isChatAdmin(ctx)) return next();
  ctx.logger.info({ user_id: ctx.from?.id, handler: "group-admin-only" }, "non-admin tried to change group settings");
  const text = ctx.t("group-admin-only");
  if (ctx.callbackQuery) await ctx.answerCallbackQuery({ text, show_alert: true });
  else await ctx.reply(text, ctx.msg?.message_id ? { reply_parameters: { message_id: ctx.msg.message_id, allow_sending_without_reply: true } } : {});
};
