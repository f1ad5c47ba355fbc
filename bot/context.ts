/**
 * The context every handler sees: grammY's, plus translations (`ctx.t`), a pino child logger for
 * this update, the bot's dependencies, and the chat's stored language (loaded once per update).
 */
import type { Context } from "grammy";
import type { ChatMutes } from "../core/data/chat-mutes.js";
import type { ChatRepository } from "../core/data/chat-repository.js";
import type { WalletCards } from "../core/data/wallet-card.js";
import type { TopViews } from "../core/data/top-views.js";
import type { TokenBackfills } from "../core/queues/token-backfill.js";
import type { CallStore } from "../core/data/calls.js";
import type { InlineSearch } from "../core/data/inline-search.js";
import type { CallHorizon } from "../core/domain/calls/outcomes.js";
import type { IngestHealth } from "../core/data/ingest-health.js";
import type { SettingsRepository } from "../core/data/settings.js";
import type { I18n, I18nFlavor } from "../core/i18n.js";
import type { Logger } from "../core/logger.js";
import type { TokenFactsLookupFn } from "../core/domain/token-facts.js";
import type { TokenStatsReader } from "../core/domain/token-stats.js";
import type { RulesBotDeps } from "./features/rules.js";
import type { PictureDeps } from "./helpers/pictures.js";

/** Everything `createBot` needs from outside; only `main.ts` (or a test) builds it. */
export interface BotDeps {
  chats: ChatRepository;
  config: {
    /** Most wallets one chat may track (WALLET_LIMIT_PER_CHAT). */
    walletLimit: number;
    /** How long /token waits for a card before it says "working on it" and edits later. Default 700 ms. */
    tokenReplyWaitMs?: number;
    /** Caller leaderboard: a hit reaches this multiple (CALL_HIT_MULTIPLE) by this horizon. */
    callHitMultiple?: number;
    callHitHorizon?: CallHorizon;
    /** The one chat that may change global settings (ADMIN_CHAT_ID). */
    adminChatId?: number;
    /** Log chosen inline results to inline_choice (INLINE_FEEDBACK). */
    inlineFeedback?: boolean;
    /** How long an inline answer may wait for its lookups before lighter results go out. Default 800 ms. */
    inlineDeadlineMs?: number;
    /** /top on a new token: its progress message is edited at most this often. Default 2 s. */
    topProgressEveryMs?: number;
    /** An unanswered dialogue (rules, filters, admin settings) ends after this long. Default 30 min. */
    dialogueIdleMs?: number;
  };
  /** Callers and their calls: the leaderboard and the channel list (absent: those commands are off). */
  calls?: CallStore;
  logger: Logger;
  /** The shared instance from `createI18n()`. */
  i18n: I18n<BotContext>;
  /** Chain facts of a token, or why the address is not a mint; rejects when they cannot be read. Without it the card shows trades only. */
  tokenFacts?: TokenFactsLookupFn;
  /** Live trading stats of a token (null: never traded). Without it the card shows chain facts only. */
  tokenStats?: TokenStatsReader;
  /** Reads for the /wallet card; without it /wallet says cards are unavailable. */
  walletCards?: WalletCards;
  /** Subscriptions, filters, pattern rules and backtests; the commands say so when absent. */
  rules?: RulesBotDeps;
  /** Token and rule mutes set from alert buttons. */
  mutes?: ChatMutes;
  /** Global settings (read everywhere, written from the admin chat). */
  settings?: SettingsRepository;
  /** The admin chat (ADMIN_CHAT_ID) and what its health view reads. */
  admin?: { chatId: number | undefined; health: () => Promise<IngestHealth> };
  /** Inline mode's reads; without it inline queries get a help result only. */
  inline?: InlineSearch;
  /**
   * /top's last looks per chat, and on-demand token backfills (absent without SOLANA_RPC_URL:
   * /top then answers from stored trades only).
   */
  top?: { views: TopViews; backfills?: TokenBackfills };
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
