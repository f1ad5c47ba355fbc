/**
 * `/top <mint>` and the token card's 🏆 button (`top:<mint>`): the token's most profitable
 * wallets, from the stored positions.
 *
 * - A token with stored trades is answered at once from the database; an incremental backfill
 *   then looks for newer trades, and if they change the list the message is edited.
 * - A token PumpSpace never saw gets "working on it" at once and a deep backfill (the
 *   token-backfill queue, run by a pipeline process); the message shows its progress, then the list.
 * - Each chat's last look is stored per token (`top_view`): the next look marks new wallets, rank
 *   moves and PnL changes since then.
 *
 * Trap: the backfill runs for seconds to minutes, and updates of one chat are handled in order;
 * so the waiting happens after the handler returns (not awaited), or the chat would be stuck.
 */
import { Composer } from "grammy";
import type { TopWallet } from "../../core/data/wallet-card.js";
import { checkAddressFormat } from "../../core/domain/address.js";
import { escapeHtml } from "../../core/domain/html.js";
import { TOKEN_TOP_CALLBACK_PREFIX } from "../../core/domain/token-card.js";
import { compareTopLists, type TopEntry } from "../../core/domain/top-changes.js";
import type { TokenBackfillStatus } from "../../core/queues/contract.js";
import { TokenBackfillFailedError, type TokenBackfillErrorCode } from "../../core/queues/token-backfill.js";
import type { BotContext } from "../context.js";
import { addressErrorText } from "../helpers/address-errors.js";
import { logHandle } from "../helpers/logging.js";
import { ProgressMessage } from "../helpers/progress-message.js";

const composer = new Composer<BotContext>();
const feature = composer.chatType("private");
const NO_PREVIEW = { link_preview_options: { is_disabled: true } } as const;
const DEFAULT_PROGRESS_EVERY_MS = 2_000;

const fmt = (n: number | null) =>
  n === null ? "–" : `${n > 0 ? "+" : ""}${n.toLocaleString("en-US", { maximumFractionDigits: Math.abs(n) >= 100 ? 0 : 2 })}`;
const count = (n: number) => n.toLocaleString("en-US");
/** "2026-11-22 05:16" (UTC): when the last look was. */
const when = (d: Date) => d.toISOString().slice(0, 16).replace("T", " ");

feature.command("top", logHandle("command-top"), (ctx) => replyTop(ctx, ctx.match.trim().split(/\s+/)[0] ?? ""));

composer.callbackQuery(new RegExp(`^${TOKEN_TOP_CALLBACK_PREFIX}`), logHandle("callback-top"), async (ctx) => {
  // Answer the press at once so the button stops spinning; the list follows as a message.
  await ctx.answerCallbackQuery();
  await replyTop(ctx, ctx.callbackQuery.data.slice(TOKEN_TOP_CALLBACK_PREFIX.length));
});

const pnlOf = (w: TopWallet) => w.realizedSol + (w.unrealizedSol ?? 0);
const entriesOf = (list: readonly TopWallet[]): TopEntry[] => list.map((w, i) => ({ wallet: w.wallet, rank: i + 1, pnlSol: pnlOf(w) }));

/**
 * The list as text; with `since` (the list shown at the last look), each line carries what
 * changed since then.
 */
function renderTop(ctx: BotContext, token: string, list: readonly TopWallet[], since: { entries: TopEntry[]; shownAt: Date } | null): string {
  if (list.length === 0) return ctx.t("top-no-wallets", { token });
  const cmp = since ? compareTopLists(since.entries, entriesOf(list)) : null;
  const lines = list.map((w, i) => {
    const line = ctx.t("top-line", {
      rank: i + 1,
      wallet: w.wallet,
      total: fmt(pnlOf(w)),
      realized: fmt(w.realizedSol),
      unrealized: fmt(w.unrealizedSol),
      tier: w.tier ?? "–",
    });
    const change = cmp?.changes[i];
    if (!change) return line;
    const marks: string[] = [];
    if (change.isNew) marks.push(ctx.t("top-mark-new"));
    if (change.rankMove > 0) marks.push(ctx.t("top-mark-up", { places: change.rankMove }));
    if (change.rankMove < 0) marks.push(ctx.t("top-mark-down", { places: -change.rankMove }));
    if (change.pnlDeltaSol !== null) marks.push(ctx.t("top-mark-pnl", { delta: fmt(change.pnlDeltaSol) }));
    return marks.length ? `${line} ${marks.join(" ")}` : line;
  });
  const head = [ctx.t("top-title", { token })];
  if (since && cmp) {
    head.push(ctx.t(cmp.changed ? "top-changes-since" : "top-no-changes", { when: when(since.shownAt) }));
  }
  const tail = cmp?.dropped.length ? [ctx.t("top-dropped", { wallets: cmp.dropped.map((w) => `<code>${w.slice(0, 4)}…${w.slice(-4)}</code>`).join(", ") })] : [];
  return [...head, ...lines, ...tail, ctx.t("top-footer")].join("\n");
}

async function tokenName(ctx: BotContext, mint: string): Promise<string> {
  const token = await ctx.deps.chats.getToken(mint);
  return escapeHtml(token?.symbol ?? `${mint.slice(0, 4)}…${mint.slice(-4)}`);
}

const FAILURE_KEYS: Record<TokenBackfillErrorCode, string> = {
  "rpc-unreachable": "top-backfill-failed-unreachable",
  "rpc-rate-limited": "top-backfill-failed-rate-limited",
  busy: "top-backfill-failed-busy",
  timeout: "top-backfill-failed-timeout",
  "rpc-error": "top-backfill-failed-other",
  "store-failed": "top-backfill-failed-other",
  stopped: "top-backfill-failed-other",
};

function progressText(ctx: BotContext, token: string, s: TokenBackfillStatus): string {
  if (s.phase === "listing") {
    return ctx.t("top-backfill-progress", { token, signatures: count(s.signatures), fetched: count(s.fetched), swaps: count(s.swaps) });
  }
  return ctx.t("top-backfill-storing", { token, swaps: count(s.swaps) });
}

/** The /top answer for `input` (also used by /start top_<mint> and the token card's button). */
export async function replyTop(ctx: BotContext, input: string): Promise<void> {
  const check = checkAddressFormat(input);
  if (!check.ok) return void (await ctx.reply(addressErrorText(ctx, check, "top-usage")));
  const cards = ctx.deps.walletCards;
  const chat = ctx.chat;
  if (!cards || !chat) return void (await ctx.reply(ctx.t("wallet-unavailable")));
  const mint = check.address;
  const top = ctx.deps.top;
  const [list, name] = await Promise.all([cards.top(mint), tokenName(ctx, mint)]);
  const known = list.length > 0 || (top ? await top.views.hasTrades(mint) : false);

  if (!known) {
    if (!top?.backfills) return void (await ctx.reply(ctx.t("top-none", { token: name, mint })));
    const placeholder = await ctx.reply(ctx.t("top-backfill-started", { token: name }));
    const message = new ProgressMessage(ctx.api, chat.id, placeholder.message_id, {
      everyMs: ctx.deps.config.topProgressEveryMs ?? DEFAULT_PROGRESS_EVERY_MS,
      logger: ctx.logger,
    });
    const backfills = top.backfills;
    const views = top.views;
    // Not awaited: see the header.
    void (async () => {
      try {
        const status = await backfills.run(mint, { onProgress: (s) => message.progress(progressText(ctx, name, s)) });
        const [fresh, freshName] = await Promise.all([cards.top(mint), tokenName(ctx, mint)]);
        if (fresh.length === 0) {
          // Swaps but no position: none was a SOL-priced buy, or scoring was busy (a nightly run).
          const key = status.swaps > 0 ? "top-backfill-no-positions" : "top-backfill-empty";
          return void (await message.final(ctx.t(key, { token: freshName, mint, swaps: count(status.swaps) })));
        }
        // Saved first: a look right after the edit compares with what it shows.
        await views.save(chat.id, mint, entriesOf(fresh));
        await message.final(renderTop(ctx, freshName, fresh, null), NO_PREVIEW);
      } catch (err) {
        const code = err instanceof TokenBackfillFailedError ? err.code : "rpc-error";
        ctx.logger.warn({ err, mint, code }, "token backfill for /top failed");
        await message.final(ctx.t(FAILURE_KEYS[code], { token: name, mint })).catch((e: unknown) => ctx.logger.warn({ err: e }, "could not show the failure"));
      }
    })();
    return;
  }

  const last = top ? await top.views.last(chat.id, mint) : null;
  const shown = await ctx.reply(renderTop(ctx, name, list, last), NO_PREVIEW);
  const entries = entriesOf(list);
  if (!top) return;
  await top.views.save(chat.id, mint, entries);
  if (!top.backfills) return;
  // Changes are marked against the last look, or against this answer when this is the first.
  const since = last ?? { entries, shownAt: new Date() };
  const { backfills, views } = top;
  void (async () => {
    try {
      const status = await backfills.run(mint);
      if (status.swaps === 0) return;
      const fresh = await cards.top(mint);
      if (!compareTopLists(entries, entriesOf(fresh)).changed) return;
      await views.save(chat.id, mint, entriesOf(fresh));
      await ctx.api.editMessageText(chat.id, shown.message_id, renderTop(ctx, name, fresh, since), NO_PREVIEW);
    } catch (err) {
      // The answer stands; the refresh is a bonus.
      ctx.logger.warn({ err, mint }, "refreshing /top from the chain failed");
    }
  })();
}

/** `/top <mint>` and the token card's 🏆 button: the token's most profitable wallets. */
export { composer as topFeature };
