/**
 * The context every handler sees: grammY's, plus translations (`ctx.t`), a pino child logger for
 * this update, the bot's dependencies, and the chat's stored language (loaded once per update).
 */
import type { Context } from "grammy";
import type { ChatRepository } from "../core/data/chat-repository.js";
import type { I18n, I18nFlavor } from "../core/i18n.js";
import type { Logger } from "../core/logger.js";
import type { PictureDeps } from "./helpers/pictures.js";

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
  /** Charts and cards as pictures (render pool, image cache); without it /chart is not offered. */
  pictures?: PictureDeps;
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
