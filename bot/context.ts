/**
 * The context every handler sees: grammY's, plus translations (`ctx.t`), a pino child logger for
 * this update, the bot's dependencies, and the chat's stored language (loaded once per update).
 */
import type { Context } from "grammy";
import type { ChatMutes } from "../core/data/chat-mutes.js";
import type { ChatRepository } from "../core/data/chat-repository.js";
import type { IngestHealth } from "../core/data/ingest-health.js";
import type { SettingsRepository } from "../core/data/settings.js";
import type { I18n, I18nFlavor } from "../core/i18n.js";
import type { Logger } from "../core/logger.js";

/** Everything `createBot` needs from outside; only `main.ts` (or a test) builds it. */
export interface BotDeps {
  chats: ChatRepository;
  config: {
    /** Most wallets one chat may track (WALLET_LIMIT_PER_CHAT). */
    walletLimit: number;
  };
  logger: Logger;
  /** The shared instance from `createI18n()`. */
  i18n: I18n<BotContext>;
  /** Token and rule mutes set from alert buttons. */
  mutes?: ChatMutes;
  /** Global settings (read everywhere, written from the admin chat). */
  settings?: SettingsRepository;
  /** The admin chat (ADMIN_CHAT_ID) and what its health view reads. */
  admin?: { chatId: number | undefined; health: () => Promise<IngestHealth> };
}

interface PumpSpaceFlavor {
  /** Child of `deps.logger` carrying `update_id` and `chat_id`. */
  logger: Logger;
  deps: BotDeps;
  /** The chat's language from /lang (null: none); one database read per update at most. */
  storedLanguage: () => Promise<string | null>;
}

/** The bot's context type. */
export type BotContext = Context & I18nFlavor & PumpSpaceFlavor;
