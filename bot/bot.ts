/**
 * Builds the grammY bot from its dependencies; starting it is `main.ts`'s job (or a test's).
 *
 * Middleware order matters: context setup, per-chat sequencing (the runner handles updates
 * concurrently, and /lang followed by /help must not overtake each other), then inside the error
 * boundary the chat upsert (which also learns the stored language), i18n, the conversations
 * plugin (dialogues), the features, and
 * `unhandledFeature` last.
 */
import { autoRetry } from "@grammyjs/auto-retry";
import { sequentialize } from "@grammyjs/runner";
import { conversations, type ConversationData, type ConversationFlavor, type VersionedState } from "@grammyjs/conversations";
import { Bot, GrammyError, HttpError, MemorySessionStorage, type BotError, type Context, type Middleware, type Transformer } from "grammy";
import type { UserFromGetMe } from "grammy/types";
import { pickLocale } from "../core/i18n.js";
import type { BotContext, BotDeps } from "./context.js";
import { adminFeature } from "./features/admin.js";
import { alertActionsFeature } from "./features/alert-actions.js";
import { cardsFeature } from "./features/cards.js";
import { chartFeature } from "./features/chart.js";
import { chatMemberFeature } from "./features/chat-member.js";
import { groupFeature } from "./features/group.js";
import { helpFeature } from "./features/help.js";
import { languageFeature } from "./features/language.js";
import { listFeature } from "./features/list.js";
import { startFeature } from "./features/start.js";
import { tokenFeature } from "./features/token.js";
import { trackFeature } from "./features/track.js";
import { unhandledFeature } from "./features/unhandled.js";
import { untrackFeature } from "./features/untrack.js";
import { walletFeature } from "./features/wallet.js";
import { topFeature } from "./features/top.js";
import { callersFeature } from "./features/callers.js";
import { channelsAdminFeature } from "./features/channels-admin.js";
import { followCallerFeature } from "./features/follow-caller.js";
import { rulesFeature } from "./features/rules.js";
import { ruleDialoguesFeature } from "./features/rule-dialogues.js";
import { inlineFeature } from "./features/inline.js";
import { commandOf } from "./helpers/logging.js";
import { RecentChats } from "./helpers/recent-chats.js";

export type { BotContext, BotDeps } from "./context.js";

export interface CreateBotOptions {
  /** Bot API server root (a local Bot API server, or the emulator in tests). */
  apiRoot?: string;
  /** Skips the `getMe` call of `bot.init()` when known (tests, several bots in one process). */
  botInfo?: UserFromGetMe;
}

/** Methods whose text is ours and therefore HTML. */
const HTML_METHODS = new Set(["sendMessage", "editMessageText", "sendPhoto", "sendDocument", "editMessageCaption"]);

/** Sends every text as HTML unless a call says otherwise, so no reply can forget it. */
const htmlByDefault: Transformer = (prev, method, payload, signal) =>
  prev(
    method,
    HTML_METHODS.has(method) && payload !== undefined && !("parse_mode" in payload)
      ? { ...payload, parse_mode: "HTML" }
      : payload,
    signal,
  );

/**
 * Creates the PumpSpace bot: every feature installed, not started.
 *
 * @example
 * const bot = createBot(config.BOT_TOKEN, { chats, config: { walletLimit: 100 }, logger, i18n });
 * const runner = run(bot);
 */
export function createBot(token: string, deps: BotDeps, options: CreateBotOptions = {}): Bot<BotContext> {
  const bot = new Bot<BotContext>(token, {
    ...(options.apiRoot !== undefined ? { client: { apiRoot: options.apiRoot } } : {}),
    ...(options.botInfo !== undefined ? { botInfo: options.botInfo } : {}),
  });
  // Short waits only: a user waiting more than a minute for a reply has moved on. Network errors
  // are not retried here (auto-retry would do so without limit and stall the chat's queue); the
  // runner retries its own getUpdates.
  bot.api.config.use(autoRetry({ maxRetryAttempts: 3, maxDelaySeconds: 60, rethrowHttpErrors: true }));
  bot.api.config.use(htmlByDefault);

  bot.use(async (ctx, next) => {
    ctx.deps = deps;
    ctx.logger = deps.logger.child({ update_id: ctx.update.update_id, chat_id: ctx.chat?.id });
    await next();
  });
  bot.use(sequentialize((ctx) => ctx.chat?.id.toString()));

  const handleError = errorHandler(deps);
  const protectedBot = bot.errorBoundary(handleError);
  protectedBot.use(rememberChat(deps, new RecentChats()));
  protectedBot.use(deps.i18n);
  protectedBot.use(dialogues(deps.config.dialogueIdleMs ?? DIALOGUE_IDLE_MS));
  protectedBot.use(
    startFeature,
    helpFeature,
    trackFeature,
    untrackFeature,
    listFeature,
    languageFeature,
    groupFeature,
    chatMemberFeature,
    tokenFeature,
    walletFeature,
    topFeature,
    callersFeature,
    channelsAdminFeature,
    followCallerFeature,
    ruleDialoguesFeature,
    rulesFeature,
    alertActionsFeature,
    adminFeature,
    inlineFeature,
    chartFeature,
    cardsFeature,
  );
  protectedBot.use(unhandledFeature);
  bot.catch(handleError);
  return bot;
}

/** An unanswered dialogue ends after this long; its next message is read as a fresh one. */
export const DIALOGUE_IDLE_MS = 30 * 60_000;

/**
 * The conversations plugin, once for every feature's dialogues (the admin chat's settings, rules
 * and filters). A dialogue belongs to one user in one chat: in a group, another member's messages
 * never answer an admin's questions. Kept in memory: a restart ends open dialogues (nothing is
 * saved until their last step). An abandoned one expires after `idleMs`: otherwise a reply days
 * later would still be taken as its answer, and every abandoned dialogue would stay in memory.
 */
function dialogues(idleMs: number): Middleware<BotContext> {
  const adapter = new MemorySessionStorage<VersionedState<ConversationData>>(idleMs);
  // The storage drops an expired entry only when its key is read again; listing the keys reads
  // each one, which sweeps dialogues whose users never came back.
  setInterval(() => adapter.readAllKeys(), Math.max(1000, Math.min(idleMs, 60_000))).unref();
  return conversations<ConversationFlavor<BotContext>, Context>({
    storage: {
      type: "key",
      getStorageKey: (ctx) => `${ctx.chat?.id ?? "-"}:${ctx.from?.id ?? "-"}`,
      adapter,
    },
  }) as unknown as Middleware<BotContext>;
}

/**
 * Stores the chat (when new, changed, or forgotten by `recent`, and always on /start, which is how
 * a user who had blocked the bot comes back) and gives the context a memoized `storedLanguage()`
 * for the locale negotiator.
 */
function rememberChat(deps: BotDeps, recent: RecentChats): Middleware<BotContext> {
  return async (ctx, next) => {
    const chat = ctx.chat;
    let language: Promise<string | null> | undefined;
    ctx.storedLanguage = () => (language ??= chat ? deps.chats.getLanguage(chat.id) : Promise.resolve(null));

    const leaving = ["kicked", "left"].includes(ctx.myChatMember?.new_chat_member.status ?? "");
    if (chat && leaving) recent.forget(chat.id);
    if (chat && !leaving) {
      const info = {
        id: chat.id,
        type: chat.type,
        title: chat.type === "private" ? null : (chat.title ?? null),
        username: "username" in chat ? (chat.username ?? null) : null,
        // In a DM the sender's app language is the chat's; in a group it changes with every sender.
        clientLanguage: chat.type === "private" ? (ctx.from?.language_code ?? null) : undefined,
      };
      const fingerprint = [info.type, info.title, info.username, info.clientLanguage].join("|");
      if (ctx.hasCommand("start") || !recent.isFresh(chat.id, fingerprint)) {
        const stored = await deps.chats.upsertChat(info);
        recent.remember(chat.id, fingerprint);
        language = Promise.resolve(stored.language);
      }
    }
    await next();
  };
}

/**
 * Logs a failed update with what a reader needs to act, and tells the user (in their language
 * when we can still tell it) that something went wrong.
 */
function errorHandler(deps: BotDeps): (error: BotError<BotContext>) => Promise<void> {
  return async (error) => {
    const { ctx } = error;
    const logger = ctx.logger ?? deps.logger;
    const err = error.error;
    const context = { err, update_id: ctx.update.update_id, chat_id: ctx.chat?.id, command: commandOf(ctx) };
    if (err instanceof GrammyError) {
      logger.error(
        { ...context, method: err.method, error_code: err.error_code },
        err.error_code === 403
          ? "Telegram refused (403): the user blocked the bot or removed it from the chat"
          : `Telegram refused ${err.method} (${err.error_code}): check the payload against the Bot API docs`,
      );
    } else if (err instanceof HttpError) {
      logger.error(context, "network error talking to Telegram: check connectivity to the Bot API server");
    } else {
      logger.error(context, "update handler failed");
    }

    // Nobody to tell, or telling would fail the same way.
    if (ctx.chat === undefined || (err instanceof GrammyError && err.error_code === 403)) return;
    try {
      const text = translateError(ctx, deps);
      if (ctx.callbackQuery) await ctx.answerCallbackQuery({ text, show_alert: true });
      else await ctx.reply(text);
    } catch (replyError) {
      logger.warn({ err: replyError, update_id: ctx.update.update_id }, "could not tell the user about the error");
    }
  };
}

/** "Something went wrong" in the update's language; ctx.t may be missing if i18n itself failed. */
function translateError(ctx: BotContext, deps: BotDeps): string {
  try {
    if (typeof ctx.t === "function") return ctx.t("error-generic");
  } catch {
    // fall through to the client's language
  }
  return deps.i18n.t(pickLocale(null, ctx.from?.language_code), "error-generic");
}

