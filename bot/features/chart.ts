/**
 * `/chart <mint> [1h|24h|7d]`, `/chart <mint> <wallet>` and the `chart:<mint>[:<range>]` button
 * (token cards, alerts, the range buttons under a chart): the token's price from stored swaps,
 * smart-money trades (and the chat's tracked wallets) marked, or one wallet's trades.
 */
import { Composer, InlineKeyboard } from "grammy";
import { lastTradeTime, readChartTrades } from "../../core/data/chart-swaps.js";
import { parseChartArgs } from "../../core/domain/charts/args.js";
import { buildChartView, buildSeries, isChartRange, type ChartLabels } from "../../core/domain/charts/chart.js";
import { formatDateTime, shortAddress } from "../../core/domain/charts/format.js";
import { CHART_RANGES, RANGE_SPECS, type ChartRange } from "../../core/domain/charts/scale.js";
import { checkAddressFormat } from "../../core/domain/address.js";
import { escapeHtml } from "../../core/domain/html.js";
import type { BotContext } from "../context.js";
import { addressErrorText } from "../helpers/address-errors.js";
import { logHandle } from "../helpers/logging.js";
import { sendPicture, withWorkingNote, type PictureDeps } from "../helpers/pictures.js";

const composer = new Composer<BotContext>();

/** The chart button for token cards and alerts. Callback data stays under Telegram's 64 bytes. */
export function chartButtonData(mint: string, range?: ChartRange): string {
  return range === undefined ? `chart:${mint}` : `chart:${mint}:${range}`;
}

/** Translated chart words for the chat's language. */
function chartLabels(ctx: BotContext, title: string, range: ChartRange, currency: string): ChartLabels {
  return {
    title,
    subtitle: ctx.t("chart-subtitle", { range, currency }),
    smartBuy: ctx.t("chart-legend-smart-buy"),
    smartSell: ctx.t("chart-legend-smart-sell"),
    walletBuy: ctx.t("chart-legend-wallet-buy"),
    walletSell: ctx.t("chart-legend-wallet-sell"),
    volume: ctx.t("chart-volume"),
    trades: (n) => ctx.t("chart-trades", { count: n.toLocaleString("en-US") }),
  };
}

/** Wallets to mark: smart money among the window's traders, and the wallets this chat tracks. */
async function markedWallets(ctx: BotContext, deps: PictureDeps, traders: Iterable<string>): Promise<Set<string>> {
  const marked = new Set<string>();
  const [profiles, tracked] = await Promise.all([
    deps.smartMoney ? deps.smartMoney([...new Set(traders)]) : Promise.resolve(new Map()),
    ctx.chat ? ctx.deps.chats.listWallets(ctx.chat.id) : Promise.resolve([]),
  ]);
  for (const [address, profile] of profiles) if (profile.tier !== null) marked.add(address);
  for (const w of tracked) marked.add(w.address);
  return marked;
}

/** Draws and sends the chart, or says why there is none. */
export async function replyWithChart(ctx: BotContext, deps: PictureDeps, mint: string, range: ChartRange, wallet: string | null): Promise<void> {
  await withWorkingNote(ctx, deps.slowMs ?? 700, ctx.t("chart-working"), async () => {
    const now = deps.now?.() ?? Math.floor(Date.now() / 1000);
    const spec = RANGE_SPECS[range];
    const to = Math.ceil(now / spec.bucket) * spec.bucket;
    const [token, trades] = await Promise.all([
      ctx.deps.chats.getToken(mint),
      readChartTrades(deps.sql, { mint, from: to - spec.span, to }),
    ]);
    const name = token?.symbol ?? shortAddress(mint);
    const smart = await markedWallets(ctx, deps, trades.map((t) => t.trader));
    const series = buildSeries(trades, { range, now, smartWallets: smart, wallet });
    const view = buildChartView(series, chartLabels(ctx, name, range, series.currency));
    if (view === null) {
      const last = await lastTradeTime(deps.sql, mint);
      const text =
        last === null
          ? ctx.t("chart-no-trades-ever", { token: escapeHtml(name) })
          : `${ctx.t("chart-no-trades", { token: escapeHtml(name), range })}\n${ctx.t("chart-last-trade", { time: formatDateTime(last) })}`;
      await ctx.reply(text);
      return;
    }
    const lines = [
      ctx.t("chart-caption", { token: escapeHtml(name), range, price: view.price, change: view.change ?? "" }).trimEnd(),
      ctx.t("chart-caption-trades", { trades: series.trades.toLocaleString("en-US") }),
    ];
    if (wallet !== null) {
      const traded = series.marks.some((m) => m.kind === "wallet");
      lines.push(ctx.t(traded ? "chart-caption-wallet" : "chart-caption-wallet-none", { wallet, range }));
    }
    lines.push(`<code>${mint}</code>`);
    const keyboard = new InlineKeyboard();
    // Range buttons only for token charts: a wallet's address would not fit in the callback data.
    if (wallet === null) for (const r of CHART_RANGES) keyboard.text(r === range ? `· ${r} ·` : r, chartButtonData(mint, r));
    await sendPicture(ctx, deps, view, {
      caption: lines.join("\n"),
      ...(wallet === null ? { reply_markup: keyboard } : {}),
    });
    ctx.logger.info({ mint, range, wallet, trades: series.trades }, "chart sent");
  });
}

composer.command("chart", logHandle("command-chart"), async (ctx, next) => {
  const deps = ctx.deps.pictures;
  if (!deps) return next();
  const args = parseChartArgs(ctx.match);
  if (!args.ok) {
    const text =
      args.error === "address"
        ? addressErrorText(ctx, args.check, "chart-usage")
        : args.error === "bad-arg"
          ? ctx.t("chart-bad-arg", { arg: escapeHtml(args.arg.slice(0, 60)) })
          : ctx.t("chart-too-many-args");
    return void (await ctx.reply(text));
  }
  await replyWithChart(ctx, deps, args.mint, args.range, args.wallet);
});

composer.callbackQuery(/^chart:([1-9A-HJ-NP-Za-km-z]{32,44})(?::(1h|24h|7d))?$/, logHandle("callback-chart"), async (ctx, next) => {
  const deps = ctx.deps.pictures;
  if (!deps) return next();
  const mint = ctx.match[1]!;
  const range = ctx.match[2];
  const check = checkAddressFormat(mint);
  if (!check.ok) return void (await ctx.answerCallbackQuery({ text: ctx.t("chart-usage").replace(/<[^>]+>/g, ""), show_alert: true }));
  // Answer the press at once (the button stops spinning); the picture follows as a new message.
  await ctx.answerCallbackQuery();
  await replyWithChart(ctx, deps, check.address, range !== undefined && isChartRange(range) ? range : "24h", null);
});

/** Token charts as pictures. */
export { composer as chartFeature };
