import { Composer, InlineKeyboard } from "grammy";
import type { CardTrade, WalletCard } from "../../core/data/wallet-card.js";
import { checkWalletAddress } from "../../core/domain/address.js";
import { parseTrackArgs } from "../../core/domain/commands.js";
import { escapeHtml } from "../../core/domain/html.js";
import type { ScorePart } from "../../core/domain/wallet-score.js";
import type { BotContext } from "../context.js";
import { addressErrorText, argsErrorText } from "../helpers/address-errors.js";
import { logHandle } from "../helpers/logging.js";

const composer = new Composer<BotContext>();
const feature = composer.chatType("private");

/** Callback data: `wal:t:<address>` tracks it, `wal:k:<address>:<n>` lists its trades of its n-th recent token. */
const TRACK = /^wal:t:([1-9A-HJ-NP-Za-km-z]{32,44})$/;
const TOKEN = /^wal:k:([1-9A-HJ-NP-Za-km-z]{32,44}):(\d)$/;
const BUTTON_TOKENS = 3;

const short = (mint: string) => `${mint.slice(0, 4)}…${mint.slice(-4)}`;
const sym = (mint: string, symbol: string | null) => escapeHtml(symbol ?? short(mint));

function num(n: number | null | undefined, digits = 2): string {
  if (n === null || n === undefined || !Number.isFinite(n)) return "–";
  const abs = Math.abs(n);
  if (abs < 1e-6) return "0";
  if (abs < 0.01) return n.toPrecision(2);
  return n.toLocaleString("en-US", { maximumFractionDigits: abs >= 1000 ? 0 : digits });
}
const signed = (n: number | null | undefined) => (n !== null && n !== undefined && n > 0 ? `+${num(n)}` : num(n));
const pct = (x: number | null | undefined) => (x === null || x === undefined ? "–" : `${num(x * 100, 1)}%`);
const when = (sec: number | null) => (sec === null ? "–" : new Date(sec * 1000).toISOString().slice(0, 16).replace("T", " "));

function partLine(ctx: BotContext, p: ScorePart): string {
  const value =
    p.key === "win-rate" || p.key === "roi" || p.key === "luck" ? pct(p.value) : p.key === "pnl" ? signed(p.value) : num(p.value);
  return ctx.t(`wallet-part-${p.key}`, { value, points: signed(p.points) });
}

function tradeLine(ctx: BotContext, t: CardTrade): string {
  return ctx.t(t.side === "buy" ? "wallet-trade-buy" : "wallet-trade-sell", {
    amount: num(t.tokenAmount),
    symbol: sym(t.mint, t.symbol),
    sol: num(t.sol),
    when: when(t.time),
  });
}

/** Which tokens the dev and insider labels come from. */
function roleLines(ctx: BotContext, c: WalletCard): string[] {
  const tokens = (role: "dev" | "insider") =>
    c.roles
      .filter((r) => r.role === role)
      .map((r) => sym(r.mint, r.symbol))
      .join(", ");
  const created = tokens("dev");
  const held = tokens("insider");
  return [...(created ? [ctx.t("wallet-created", { tokens: created })] : []), ...(held ? [ctx.t("wallet-insider-of", { tokens: held })] : [])];
}

/** The card's text: score and its parts, PnL, win rate, labels, holdings, last trades. */
export function walletCardText(ctx: BotContext, c: WalletCard): string {
  const m = c.metrics;
  const head = [
    ctx.t("wallet-title", { address: c.address }),
    ctx.t(c.tier ? "wallet-tier" : "wallet-no-tier", { tier: c.tier ?? "", score: num(c.score, 1), confidence: num(c.confidence * 100, 0) }),
    ctx.t("wallet-pnl", { d7: signed(m.windows["7d"].realizedSol), d30: signed(m.windows["30d"].realizedSol), all: signed(m.windows.all.realizedSol) }),
    ...(c.unrealizedSol !== null ? [ctx.t("wallet-unrealized", { sol: signed(c.unrealizedSol) })] : []),
    ctx.t("wallet-stats", { rate: pct(m.winRate), closed: m.closed, pf: num(m.profitFactor), roi: pct(m.medianRoi), tokens: m.tokens }),
    ctx.t("wallet-best", { win: signed(m.biggestWinSol), loss: num(m.biggestLossSol) }),
    ...(m.unattributedSol > 0 ? [ctx.t("wallet-unattributed", { sol: num(m.unattributedSol) })] : []),
    ...(c.labels.length ? [ctx.t("wallet-labels", { labels: c.labels.map((l) => ctx.t(`wallet-label-${l}`)).join(", ") })] : []),
    ...roleLines(ctx, c),
    ...(c.clusterId
      ? [ctx.t("wallet-cluster", { funder: escapeHtml(c.clusterId.replace(/^funder:/, "")), others: Math.max(1, (c.clusterSize ?? 2) - 1) })]
      : []),
  ];
  const parts = [ctx.t("wallet-parts-title"), ...c.parts.map((p) => partLine(ctx, p))];
  const holdings = [
    ctx.t("wallet-holdings-title"),
    ...(c.holdings.length
      ? c.holdings.map((h) =>
          ctx.t("wallet-holding", { symbol: sym(h.mint, h.symbol), amount: num(h.amount), value: num(h.valueSol), pnl: signed(h.unrealizedSol) }),
        )
      : [ctx.t("wallet-holdings-none")]),
  ];
  const trades = [ctx.t("wallet-trades-title"), ...(c.lastTrades.length ? c.lastTrades.map((t) => tradeLine(ctx, t)) : [ctx.t("wallet-trades-none")])];
  return [head.join("\n"), parts.join("\n"), holdings.join("\n"), trades.join("\n")].join("\n\n");
}

function cardKeyboard(ctx: BotContext, c: WalletCard): InlineKeyboard {
  const kb = new InlineKeyboard().text(ctx.t("wallet-button-track"), `wal:t:${c.address}`).row();
  c.recentMints.slice(0, BUTTON_TOKENS).forEach((m, i) => kb.text(ctx.t("wallet-button-trades", { symbol: m.symbol ?? short(m.mint) }), `wal:k:${c.address}:${i}`));
  // The shareable PnL picture, where pictures are wired.
  if (ctx.deps.pictures) kb.row().text(ctx.t("card-button"), `pnlcard:${c.address}`);
  return kb;
}

feature.command("wallet", logHandle("command-wallet"), async (ctx) => {
  // Only the address matters here: anything after it is ignored, not refused as a label.
  const args = parseTrackArgs(ctx.match.trim().split(/\s+/)[0] ?? "");
  if (!args.ok) return void (await ctx.reply(argsErrorText(ctx, args, "wallet-usage")));
  const check = checkWalletAddress(args.address);
  if (!check.ok) return void (await ctx.reply(addressErrorText(ctx, check, "wallet-usage")));
  const cards = ctx.deps.walletCards;
  if (!cards) return void (await ctx.reply(ctx.t("wallet-unavailable")));
  const card = await cards.card(check.address);
  if (!card) return void (await ctx.reply(ctx.t("wallet-unknown", { address: check.address })));
  await ctx.reply(walletCardText(ctx, card), { reply_markup: cardKeyboard(ctx, card), link_preview_options: { is_disabled: true } });
});

feature.callbackQuery(TRACK, logHandle("callback-wallet-track"), async (ctx) => {
  const address = ctx.match[1]!;
  const result = await ctx.deps.chats.trackWallet(ctx.chat.id, address, null, ctx.deps.config.walletLimit);
  const key = result === "added" ? "wallet-tracked" : result === "limit" ? "wallet-track-limit" : "wallet-already-tracked";
  await ctx.answerCallbackQuery({ text: ctx.t(key) });
});

feature.callbackQuery(TOKEN, logHandle("callback-wallet-token"), async (ctx) => {
  const [, address, n] = ctx.match;
  const cards = ctx.deps.walletCards;
  const mints = cards ? await cards.mints(address!, BUTTON_TOKENS) : [];
  const mint = mints[Number(n)];
  if (!cards || !mint) return void (await ctx.answerCallbackQuery({ text: ctx.t("wallet-token-gone"), show_alert: true }));
  const trades = await cards.trades(address!, 15, mint.mint);
  await ctx.answerCallbackQuery();
  await ctx.reply(
    [
      ctx.t("wallet-token-trades-title", { symbol: sym(mint.mint, mint.symbol), address: address! }),
      ...(trades.length ? trades.map((t) => tradeLine(ctx, t)) : [ctx.t("wallet-trades-none")]),
    ].join("\n"),
  );
});

/** `/wallet <address>`: the wallet card, with buttons to track it and to list its trades of one token. */
export { composer as walletFeature };
