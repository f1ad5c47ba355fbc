import { Composer, GrammyError, InlineKeyboard } from "grammy";
import { SUPPORTED_LOCALES, isSupportedLocale, type Locale } from "../../core/i18n.js";
import type { BotContext } from "../context.js";
import { groupAdminOnly } from "../helpers/chat-admin.js";
import { logHandle } from "../helpers/logging.js";

/**
 * Typed callback data of the language buttons: "lang:<locale>".
 *
 * @example languageData.unpack(languageData.pack("zh")) // "zh"
 */
export const languageData = {
  prefix: "lang:",
  pack: (locale: Locale): string => `lang:${locale}`,
  unpack: (data: string): Locale | null => {
    const locale = data.startsWith("lang:") ? data.slice("lang:".length) : null;
    return isSupportedLocale(locale) ? locale : null;
  },
};

/** One button per language, each named in its own language; the current one is ticked. */
function languageKeyboard(ctx: BotContext, current: string): InlineKeyboard {
  const keyboard = new InlineKeyboard();
  for (const locale of SUPPORTED_LOCALES) {
    const name = ctx.t(`lang-button-${locale}`);
    keyboard.text(locale === current ? `✓ ${name}` : name, languageData.pack(locale));
  }
  return keyboard;
}

const composer = new Composer<BotContext>();
// Groups too: changing a group's settings is for its admins (groupAdminOnly).
const feature = composer.chatType(["private", "group", "supergroup"]);

feature.command("lang", logHandle("command-lang"), groupAdminOnly, async (ctx) => {
  await ctx.reply(ctx.t("lang-choose"), { reply_markup: languageKeyboard(ctx, await ctx.i18n.getLocale()) });
});

feature.callbackQuery(/^lang:/, logHandle("callback-lang"), groupAdminOnly, async (ctx) => {
  const locale = languageData.unpack(ctx.callbackQuery.data);
  if (locale === null) return void (await ctx.answerCallbackQuery());
  await ctx.deps.chats.setLanguage(ctx.chat.id, locale);
  ctx.i18n.useLocale(locale);
  await ctx.answerCallbackQuery({ text: ctx.t("lang-changed-toast") });
  try {
    await ctx.editMessageText(ctx.t("lang-changed"), { reply_markup: languageKeyboard(ctx, locale) });
  } catch (err) {
    // Pressing the language already chosen twice edits nothing; Telegram calls that an error.
    if (!(err instanceof GrammyError && err.description.includes("message is not modified"))) throw err;
  }
});

/** `/lang`: English / 中文 buttons; a press stores the chat's language and answers in it. */
export { composer as languageFeature };
