/**
 * Inline mode: `@bot <mint | wallet | $TICKER | symbol>` in any chat answers with cards the user
 * can send; an empty query shows the user's tracked wallets and today's smart-money tokens.
 * Chosen results are logged when INLINE_FEEDBACK is on.
 *
 * Key ideas:
 * - Telegram drops an answer that comes too late, so every lookup races a deadline
 *   (`inlineDeadlineMs`, default 800 ms from the update's arrival) and loses to a lighter result:
 *   a card with the part that did arrive, or an article with buttons that open the bot.
 * - Mint or wallet cannot be told from the address: stored evidence first, then the chain facts.
 * - Every result's text is in the user's language, so every answer is `is_personal` (a shared
 *   cache would show one user's language to the next).
 *
 * Trap: an inline query has no chat, so nothing may reply to one; a failure still answers a single
 * explanatory result instead of leaving the user's spinner running.
 */
import { Composer } from "grammy";
import type { InlineKeyboardButton, InlineQueryResultArticle } from "grammy/types";
import { formatPrice } from "../../core/domain/alert-render.js";
import { escapeHtml, truncate } from "../../core/domain/html.js";
import {
  addressKind,
  deepLink,
  parseInlineQuery,
  resultId,
  startParam,
  type InlineQueryIntent,
} from "../../core/domain/inline.js";
import { pickLocale } from "../../core/i18n.js";
import { buildTokenCard, formatPct, formatUsd, type FactsForCard } from "../../core/domain/token-card.js";
import { renderTokenCard } from "../../core/domain/token-card.js";
import type { TokenFactsLookup } from "../../core/domain/token-facts.js";
import type { TokenStatsSnapshot } from "../../core/domain/token-stats.js";
import type { WalletCard } from "../../core/data/wallet-card.js";
import type { BotContext } from "../context.js";
import { logHandle } from "../helpers/logging.js";
import { walletCardText } from "./wallet.js";

const DEFAULT_DEADLINE_MS = 800;
/** Prices move: a cached answer older than this would mislead. */
const PRICE_CACHE_SEC = 15;
/** Explanations of bad input never change. */
const STATIC_CACHE_SEC = 300;
const SYMBOL_CANDIDATES = 20;
const SYMBOL_RESULTS = 5;
const TRACKED_RESULTS = 10;
const TIMEOUT: unique symbol = Symbol("timeout");

type Article = InlineQueryResultArticle;
type Answer = { results: Article[]; cacheSec: number };

/** `p`, or TIMEOUT once `deadline` (epoch ms) passes; a rejection counts as a timeout too. */
function byDeadline<T>(p: Promise<T>, deadline: number): Promise<T | typeof TIMEOUT> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    p.catch((): typeof TIMEOUT => TIMEOUT),
    new Promise<typeof TIMEOUT>((resolve) => (timer = setTimeout(() => resolve(TIMEOUT), Math.max(0, deadline - Date.now())))),
  ]).finally(() => clearTimeout(timer));
}

const short = (a: string) => `${a.slice(0, 4)}…${a.slice(-4)}`;
const plain = (s: string, max: number) => truncate(s.replace(/[\u0000-\u001f]/g, " "), max);

function article(id: string, title: string, description: string, html: string, buttons: InlineKeyboardButton[][] = []): Article {
  return {
    type: "article",
    id,
    title: plain(title, 64),
    description: plain(description, 128),
    input_message_content: { message_text: html, parse_mode: "HTML", link_preview_options: { is_disabled: true } },
    ...(buttons.length > 0 ? { reply_markup: { inline_keyboard: buttons } } : {}),
  };
}

/** Buttons that open the bot's DM with a /start parameter (invalid ones are left out). */
function openButtons(ctx: BotContext, items: { key: string; action: "track" | "top" | "chart"; address: string }[]): InlineKeyboardButton[] {
  const username = ctx.me.username;
  return items.flatMap(({ key, action, address }) => {
    const p = startParam(action, address);
    return p ? [{ text: ctx.t(key), url: deepLink(username, p) }] : [];
  });
}

const tokenButtons = (ctx: BotContext, mint: string) =>
  openButtons(ctx, [
    { key: "inline-button-top", action: "top", address: mint },
    { key: "inline-button-chart", action: "chart", address: mint },
  ]);

function explain(ctx: BotContext, key: string, vars: Record<string, string | number> = {}): Answer {
  const text = ctx.t(`${key}-text`, vars);
  return { results: [article(resultId("info", key), ctx.t(`${key}-title`, vars), ctx.t(`${key}-description`, vars), text)], cacheSec: STATIC_CACHE_SEC };
}

/** A token as an article: the full card when facts or stats arrive in time, else a light stub. */
async function tokenArticle(ctx: BotContext, mint: string, deadline: number, factsOverride?: TokenFactsLookup): Promise<Article> {
  const { tokenFacts, tokenStats } = ctx.deps;
  const none = Promise.resolve<typeof TIMEOUT>(TIMEOUT);
  const [facts, stats] = await Promise.all([
    factsOverride ? Promise.resolve(factsOverride) : tokenFacts ? byDeadline(tokenFacts(mint), deadline) : none,
    tokenStats ? byDeadline(tokenStats(mint), deadline) : none,
  ]);
  const forCard: FactsForCard = facts === TIMEOUT ? { ok: false, reason: "unavailable" } : facts;
  const snapshot: TokenStatsSnapshot | null = stats === TIMEOUT ? null : stats;
  const view = buildTokenCard(mint, forCard, snapshot, Math.floor(Date.now() / 1000));
  const rendered = renderTokenCard(view, (k, v) => ctx.t(k, v));
  const urlButtons = (rendered.reply_markup.inline_keyboard[0] ?? []).filter((b) => "url" in b);
  const buttons = [tokenButtons(ctx, mint), urlButtons].filter((row) => row.length > 0);
  const rawSymbol = forCard.ok ? forCard.facts.symbol : null;
  const rawName = forCard.ok ? forCard.facts.name : null;
  const title = `💊 ${rawSymbol ? truncate(rawSymbol, 16) : short(mint)}${rawName ? ` · ${truncate(rawName, 32)}` : ""}`;
  if (view.kind !== "card") {
    // Nothing arrived in time (or it is not a mint): still a result that opens the bot.
    return article(resultId("token", mint), title, ctx.t("inline-token-pending-description"), rendered.text, buttons);
  }
  const change = view.changes.find((c) => c.window === "24h")?.pct ?? null;
  const description = ctx.t("inline-token-description", {
    price: view.priceUsd !== null ? `$${formatPrice(view.priceUsd)}` : "—",
    change: change !== null ? formatPct(change) : "—",
    mcap: view.marketCapUsd !== null ? formatUsd(view.marketCapUsd) : "—",
  });
  return article(resultId("token", mint), title, description, rendered.text, buttons);
}

const pctOf = (x: number | null | undefined) => (x === null || x === undefined ? "—" : `${(x * 100).toFixed(0)}%`);
const sol = (x: number | null | undefined) => (x === null || x === undefined ? "—" : `${x > 0 ? "+" : ""}${x.toFixed(2)}`);

function walletArticle(ctx: BotContext, card: WalletCard, label: string | null = null): Article {
  const title = ctx.t(card.tier ? "inline-wallet-title" : "inline-wallet-title-untiered", {
    wallet: label ? truncate(label, 24) : short(card.address),
    tier: card.tier ?? "",
    score: card.score.toFixed(0),
  });
  const description = ctx.t("inline-wallet-description", {
    pnl: sol(card.metrics.windows["30d"].realizedSol),
    rate: pctOf(card.metrics.winRate),
    tokens: card.metrics.tokens,
  });
  const buttons = [openButtons(ctx, [{ key: "inline-button-track", action: "track", address: card.address }])];
  return article(resultId("wallet", card.address), title, description, walletCardText(ctx, card), buttons);
}

/** A wallet PumpSpace has no card for (yet): an article that offers tracking it. */
function bareWalletArticle(ctx: BotContext, address: string, key: "inline-wallet-unknown" | "inline-tracked", vars: Record<string, string | number> = {}): Article {
  const all = { wallet: short(address), address, ...vars };
  return article(resultId(key === "inline-tracked" ? "tracked" : "wallet", address), ctx.t(`${key}-title`, all), ctx.t(`${key}-description`, all), ctx.t(`${key}-text`, all), [
    openButtons(ctx, [{ key: "inline-button-track", action: "track", address }]),
  ]);
}

async function answerAddress(ctx: BotContext, address: string, deadline: number): Promise<Answer> {
  const { inline, walletCards, tokenFacts } = ctx.deps;
  const evidence = inline ? await byDeadline(inline.evidence(address), deadline) : TIMEOUT;
  let kind = evidence === TIMEOUT ? "unknown" : addressKind(evidence);
  let facts: TokenFactsLookup | undefined;
  if (kind === "unknown" && tokenFacts) {
    // Never seen here: ask the chain what the account is (cached in Postgres after the first time).
    const looked = await byDeadline(tokenFacts(address), deadline);
    if (looked !== TIMEOUT) {
      if (looked.ok) [kind, facts] = ["mint", looked];
      else if (looked.reason === "wallet" || looked.reason === "not-found") kind = "wallet";
      else return explain(ctx, "inline-not-token-or-wallet", { address: escapeHtml(address) });
    }
  }
  if (kind === "mint") return { results: [await tokenArticle(ctx, address, deadline, facts)], cacheSec: PRICE_CACHE_SEC };
  if (kind === "wallet") {
    const card = walletCards ? await byDeadline(walletCards.card(address), deadline) : null;
    const result = card && card !== TIMEOUT ? walletArticle(ctx, card) : bareWalletArticle(ctx, address, "inline-wallet-unknown");
    return { results: [result], cacheSec: PRICE_CACHE_SEC };
  }
  // Out of time with no answer: let the user open it in the bot instead.
  return {
    results: [
      article(resultId("info", address), ctx.t("inline-slow-title"), ctx.t("inline-slow-description"), ctx.t("inline-slow-text", { address }), [
        openButtons(ctx, [
          { key: "inline-button-top", action: "top", address },
          { key: "inline-button-track", action: "track", address },
        ]),
      ]),
    ],
    cacheSec: 0,
  };
}

async function answerSymbol(ctx: BotContext, symbol: string, deadline: number): Promise<Answer> {
  const { inline, tokenStats } = ctx.deps;
  const found = inline ? await byDeadline(inline.bySymbol(symbol, SYMBOL_CANDIDATES), deadline) : TIMEOUT;
  if (found === TIMEOUT) return { ...explain(ctx, "inline-slow-symbol", { symbol: escapeHtml(symbol) }), cacheSec: 0 };
  if (found.length === 0) return { ...explain(ctx, "inline-symbol-none", { symbol: escapeHtml(symbol) }), cacheSec: PRICE_CACHE_SEC };
  const volumes = await Promise.all(
    found.map(async (m) => {
      const s = tokenStats ? await byDeadline(tokenStats(m.mint), deadline) : null;
      const w = s && s !== TIMEOUT ? s.windows["24h"] : null;
      return { mint: m.mint, volume: w ? (w.volumeUsd > 0 ? w.volumeUsd : w.volumeSol) : 0 };
    }),
  );
  const ranked = volumes.sort((a, b) => b.volume - a.volume || a.mint.localeCompare(b.mint)).slice(0, SYMBOL_RESULTS);
  return { results: await Promise.all(ranked.map((r) => tokenArticle(ctx, r.mint, deadline))), cacheSec: PRICE_CACHE_SEC };
}

async function answerEmpty(ctx: BotContext, userId: number, deadline: number): Promise<Answer> {
  const { inline, walletCards } = ctx.deps;
  if (!inline) return explain(ctx, "inline-help");
  const [tracked, smart] = await Promise.all([
    byDeadline(inline.trackedWallets(userId, TRACKED_RESULTS), deadline),
    byDeadline(inline.dayTokens(), deadline),
  ]);
  const results: Article[] = await Promise.all(
    (tracked === TIMEOUT ? [] : tracked).map(async (w) => {
      const card = walletCards ? await byDeadline(walletCards.card(w.address), deadline) : null;
      return card && card !== TIMEOUT
        ? { ...walletArticle(ctx, card, w.label), id: resultId("tracked", w.address) }
        : bareWalletArticle(ctx, w.address, "inline-tracked", { label: w.label ?? short(w.address) });
    }),
  );
  const day = smart === TIMEOUT ? [] : smart;
  const tokens = await Promise.all(day.map((t) => tokenArticle(ctx, t.mint, deadline)));
  tokens.forEach((a, i) => {
    const t = day[i]!;
    const why = t.buyers > 0 ? ctx.t("inline-smart-why", { buyers: t.buyers, sol: t.sol.toFixed(2) }) : ctx.t("inline-volume-why", { sol: t.sol.toFixed(2) });
    results.push({ ...a, id: resultId("smart", t.mint), description: plain(`${why} · ${a.description ?? ""}`, 128) });
  });
  if (results.length === 0) return { ...explain(ctx, "inline-help"), cacheSec: PRICE_CACHE_SEC };
  return { results, cacheSec: PRICE_CACHE_SEC };
}

function answerInvalid(ctx: BotContext, intent: Extract<InlineQueryIntent, { kind: "invalid" }>): Answer {
  if (intent.reason === "program") return explain(ctx, "inline-invalid-program", { name: escapeHtml(intent.name) });
  return explain(ctx, `inline-invalid-${intent.reason}`);
}

const composer = new Composer<BotContext>();

composer.on("inline_query", logHandle("inline-query"), async (ctx) => {
  const deadline = Date.now() + (ctx.deps.config.inlineDeadlineMs ?? DEFAULT_DEADLINE_MS);
  const from = ctx.inlineQuery.from;
  // No chat here: speak the language the user chose with /lang in their DM (chat id = user id).
  const stored = await byDeadline(ctx.deps.chats.getLanguage(from.id), deadline);
  await ctx.i18n.useLocale(pickLocale(stored === TIMEOUT ? null : stored, from.language_code));
  let answer: Answer;
  try {
    const intent = parseInlineQuery(ctx.inlineQuery.query);
    answer =
      intent.kind === "empty"
        ? await answerEmpty(ctx, from.id, deadline)
        : intent.kind === "address"
          ? await answerAddress(ctx, intent.address, deadline)
          : intent.kind === "symbol"
            ? await answerSymbol(ctx, intent.symbol, deadline)
            : answerInvalid(ctx, intent);
  } catch (err) {
    ctx.logger.error({ err, query: ctx.inlineQuery.query }, "inline query failed; answering with an apology");
    answer = { ...explain(ctx, "inline-error"), cacheSec: 0 };
  }
  await ctx.answerInlineQuery(answer.results, { cache_time: answer.cacheSec, is_personal: true });
});

composer.on("chosen_inline_result", logHandle("inline-chosen"), async (ctx) => {
  const { inline, config } = ctx.deps;
  if (!config.inlineFeedback || !inline) return;
  const r = ctx.chosenInlineResult;
  await inline.recordChoice(r.from.id, r.result_id, r.query).catch((err: unknown) => {
    // Feedback is a nicety: losing one row must not surface as an error to anyone.
    ctx.logger.warn({ err, result_id: r.result_id }, "could not record a chosen inline result");
  });
});

/** Inline mode (`@bot <query>` in any chat) and chosen-result feedback. */
export { composer as inlineFeature };
