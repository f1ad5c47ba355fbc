/**
 * The one place translations come from. The bot installs the I18n instance as middleware; the
 * notifier calls `i18n.t(locale, key, vars)` to render alerts for a chat. Both read `locales/*.ftl`.
 *
 * Locale choice: a language chosen with /lang (stored on the chat) wins; otherwise the Telegram
 * client's `language_code` (`zh`, `zh-hans`, `zh-TW`… give Chinese); otherwise English.
 * The trap: Fluent wraps every variable in invisible bidi isolation marks by default. They would
 * end up inside `<code>` addresses users copy, so `useIsolating` is off.
 */
import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { I18n, type LocaleNegotiator } from "@grammyjs/i18n";
import type { Context } from "grammy";

export type { I18nFlavor } from "@grammyjs/i18n";
export { I18n };

/** Languages PumpSpace speaks; the first is the default. */
export const SUPPORTED_LOCALES = ["en", "zh"] as const;
export type Locale = (typeof SUPPORTED_LOCALES)[number];
export const DEFAULT_LOCALE: Locale = "en";

/** Whether `value` is one of `SUPPORTED_LOCALES`. */
export function isSupportedLocale(value: unknown): value is Locale {
  return typeof value === "string" && (SUPPORTED_LOCALES as readonly string[]).includes(value);
}

/**
 * The locale to speak in a chat: its stored choice when it is one we support, else the client's
 * language (`zh*` is Chinese), else English.
 *
 * @example pickLocale(null, "zh-hans") // "zh"
 * @example pickLocale("en", "zh")      // "en"
 */
export function pickLocale(chatLanguage: string | null, clientLanguageCode?: string): Locale {
  if (isSupportedLocale(chatLanguage)) return chatLanguage;
  if (clientLanguageCode?.toLowerCase().startsWith("zh")) return "zh";
  return DEFAULT_LOCALE;
}

/**
 * What a bot puts on its context before the i18n middleware runs so the negotiator can see the
 * chat's stored language without knowing about the database.
 */
export interface LocaleHints {
  /** The language stored for the current chat (null: none chosen), loaded at most once per update. */
  storedLanguage?: () => Promise<string | null>;
}

const negotiate: LocaleNegotiator<Context & LocaleHints> = async (ctx) =>
  pickLocale((await ctx.storedLanguage?.()) ?? null, ctx.from?.language_code);

/** `locales/` next to the source tree, found from here both under `tsx` and from a `dist/` build. */
function findLocalesDir(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const candidates = [join(here, "..", "locales"), join(here, "..", "..", "locales"), join(process.cwd(), "locales")];
  const found = candidates.find((dir) => existsSync(join(dir, `${DEFAULT_LOCALE}.ftl`)));
  if (found === undefined) throw new Error(`locales/ not found (looked in ${candidates.join(", ")})`);
  return found;
}

/**
 * Creates the I18n instance with every supported locale loaded. As middleware it negotiates the
 * locale per update through `ctx.storedLanguage()` (see `LocaleHints`) and `pickLocale`.
 *
 * @example
 * const i18n = createI18n();
 * i18n.t("zh", "alert-price", { price: "0.01 SOL" }); // "价格：0.01 SOL"
 */
export function createI18n<C extends Context & LocaleHints = Context & LocaleHints>(
  options: { directory?: string } = {},
): I18n<C> {
  const directory = options.directory ?? findLocalesDir();
  const i18n = new I18n<C>({
    defaultLocale: DEFAULT_LOCALE,
    fluentBundleOptions: { useIsolating: false },
    localeNegotiator: negotiate as LocaleNegotiator<C>,
  });
  for (const locale of SUPPORTED_LOCALES) {
    i18n.loadLocaleSync(locale, { filePath: join(directory, `${locale}.ftl`) });
  }
  return i18n;
}

/** Anything that translates by locale: the I18n instance, whatever its context type. */
export type Translator = Pick<I18n<never>, "t">;

/**
 * A translate function bound to one locale, the shape `renderWalletSwapAlert` takes.
 *
 * @example renderWalletSwapAlert(alert, translator(i18n, "zh"))
 */
export function translator(
  i18n: Translator,
  locale: Locale,
): (key: string, vars?: Record<string, string | number>) => string {
  return (key, vars) => i18n.t(locale, key, vars);
}
