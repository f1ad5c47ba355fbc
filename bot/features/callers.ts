import { Composer } from "grammy";
import { channelHandle, type CallerRow } from "../../core/data/calls.js";
import { escapeHtml } from "../../core/domain/html.js";
import { rankCallers, type CallerScore } from "../../core/domain/calls/leaderboard.js";
import { CALL_HORIZONS, type CallHorizon } from "../../core/domain/calls/outcomes.js";
import type { BotContext } from "../context.js";
import { logHandle } from "../helpers/logging.js";

const composer = new Composer<BotContext>();
const feature = composer.filter((ctx) => ctx.deps.calls !== undefined);

/** Calls older than this are left out of the table (callers change). */
const LOOKBACK_MS = 90 * 24 * 3_600_000;
const TOP = 10;

/** +95%, -40%, — for unknown. */
export function pct(x: number | null | undefined): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return "—";
  const v = Math.round(x * 100);
  return `${v > 0 ? "+" : ""}${v}%`;
}

const share = (x: number | null): string => (x === null ? "—" : `${Math.round(x * 100)}%`);

async function table(ctx: BotContext): Promise<{ scores: CallerScore[]; callers: Map<string, CallerRow>; multiple: number; horizon: CallHorizon }> {
  const store = ctx.deps.calls!;
  const multiple = ctx.deps.config.callHitMultiple ?? 2;
  const horizon = ctx.deps.config.callHitHorizon ?? "24h";
  const [calls, callers] = await Promise.all([
    store.scoredCalls("channel", new Date(Date.now() - LOOKBACK_MS)),
    store.callers("channel", false),
  ]);
  return { scores: rankCallers(calls, { hitMultiple: multiple, hitHorizon: horizon }), callers: new Map(callers.map((c) => [c.id, c])), multiple, horizon };
}

feature.command("callers", logHandle("command-callers"), async (ctx) => {
  const { scores, callers, multiple, horizon } = await table(ctx);
  if (scores.length === 0) return void (await ctx.reply(ctx.t("callers-empty", { horizon })));
  const lines = [ctx.t("callers-header", { multiple: String(multiple), horizon })];
  scores.slice(0, TOP).forEach((s, i) => {
    lines.push(
      ctx.t("callers-item", {
        rank: String(i + 1),
        handle: escapeHtml(callers.get(s.callerId)?.handle ?? s.callerId),
        hits: String(s.hits),
        judged: String(s.judged),
        rate: share(s.hitRate),
        confidence: share(s.confidence),
        horizon,
        median: pct(s.median[horizon]),
        best: pct(s.best[horizon]),
        first: String(s.firstCalls),
        calls: String(s.calls),
      }),
    );
  });
  await ctx.reply(lines.join("\n"), { link_preview_options: { is_disabled: true } });
});

feature.command("caller", logHandle("command-caller"), async (ctx) => {
  const input = ctx.match.trim();
  if (input === "") return void (await ctx.reply(ctx.t("caller-usage")));
  const handle = channelHandle(input);
  if (handle === null) return void (await ctx.reply(ctx.t("caller-invalid", { input: escapeHtml(input.slice(0, 64)) })));
  const caller = await ctx.deps.calls!.caller("channel", handle);
  if (!caller) return void (await ctx.reply(ctx.t("caller-unknown", { handle })));
  const { scores, horizon } = await table(ctx);
  const rank = scores.findIndex((s) => s.callerId === caller.id);
  const title = caller.title ? ` — ${escapeHtml(caller.title)}` : "";
  if (rank < 0) return void (await ctx.reply(`${ctx.t("caller-header", { handle, title })}\n${ctx.t("caller-no-calls", { handle })}`));
  const s = scores[rank]!;
  const lines = [
    ctx.t("caller-header", { handle, title }),
    ctx.t("caller-summary", {
      calls: String(s.calls),
      judged: String(s.judged),
      hits: String(s.hits),
      rate: share(s.hitRate),
      confidence: share(s.confidence),
      horizon,
    }),
    ctx.t("caller-first", { first: String(s.firstCalls), calls: String(s.calls) }),
    ctx.t("caller-returns-header"),
    ...CALL_HORIZONS.map((h) => ctx.t("caller-returns", { horizon: h, median: pct(s.median[h]), best: pct(s.best[h]) })),
    ctx.t("caller-rank", { rank: String(rank + 1), total: String(scores.length) }),
  ];
  await ctx.reply(lines.join("\n"));
});

/** `/callers` (the leaderboard) and `/caller @channel` (one channel's record), in any chat. */
export { composer as callersFeature };
