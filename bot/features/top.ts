import { Composer } from "grammy";
import { checkAddressFormat } from "../../core/domain/address.js";
import { escapeHtml } from "../../core/domain/html.js";
import type { BotContext } from "../context.js";
import { addressErrorText } from "../helpers/address-errors.js";
import { logHandle } from "../helpers/logging.js";

const composer = new Composer<BotContext>();
const feature = composer.chatType("private");

const fmt = (n: number | null) =>
  n === null ? "–" : `${n > 0 ? "+" : ""}${n.toLocaleString("en-US", { maximumFractionDigits: Math.abs(n) >= 100 ? 0 : 2 })}`;

feature.command("top", logHandle("command-top"), (ctx) => replyTop(ctx, ctx.match.trim().split(/\s+/)[0] ?? ""));

/** The /top answer for `input` (also used by /start top_<mint>). */
export async function replyTop(ctx: BotContext, input: string): Promise<void> {
  const check = checkAddressFormat(input);
  if (!check.ok) return void (await ctx.reply(addressErrorText(ctx, check, "top-usage")));
  const cards = ctx.deps.walletCards;
  if (!cards) return void (await ctx.reply(ctx.t("wallet-unavailable")));
  const [top, token] = await Promise.all([cards.top(check.address), ctx.deps.chats.getToken(check.address)]);
  const name = escapeHtml(token?.symbol ?? `${check.address.slice(0, 4)}…${check.address.slice(-4)}`);
  if (top.length === 0) return void (await ctx.reply(ctx.t("top-none", { token: name, mint: check.address })));
  const lines = top.map((w, i) =>
    ctx.t("top-line", {
      rank: i + 1,
      wallet: w.wallet,
      total: fmt(w.realizedSol + (w.unrealizedSol ?? 0)),
      realized: fmt(w.realizedSol),
      unrealized: fmt(w.unrealizedSol),
      tier: w.tier ?? "–",
    }),
  );
  await ctx.reply([ctx.t("top-title", { token: name }), ...lines, ctx.t("top-footer")].join("\n"), {
    link_preview_options: { is_disabled: true },
  });
}

/** `/top <mint>`: the token's most profitable wallets, from the stored positions. */
export { composer as topFeature };
