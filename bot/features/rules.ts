/**
 * /subscribe, /unsubscribe, /filters, /rules and /backtest: a chat edits its own rules document
 * (core/domain/rules/schema.ts). In a group only its admins may change anything; everyone may
 * read. Each edit is read-change-validate-write under a row lock (updateChatRules), so two admins
 * at once lose nothing, and a bad value is answered in the user's language and changes nothing.
 *
 * /backtest answers at once ("working on it") and edits that message when the run is done: a
 * week of swaps takes longer than the one second a command may take.
 */
import { Composer, InlineKeyboard } from "grammy";
import { readChatRules, updateChatRules } from "../../core/data/chat-rules.js";
import { runBacktest } from "../../core/data/backtest.js";
import type { SqlRunner } from "../../core/data/db.js";
import { escapeHtml } from "../../core/domain/html.js";
import {
  addRuleChange,
  deleteRuleChange,
  filterChange,
  FILTER_KEYS,
  parseBacktestArgs,
  subscribeChange,
  toggleRuleChange,
  unsubscribeChange,
  type Change,
  type CommandError,
} from "../../core/domain/rules/commands.js";
import type { ChatRules, Filter, PatternRule } from "../../core/domain/rules/schema.js";
import type { WalletProfileReader } from "../../core/domain/wallet-profile.js";
import type { BotContext } from "../context.js";
import { logHandle } from "../helpers/logging.js";

/** What the rules feature needs; absent, the commands say the feature is not set up. */
export interface RulesBotDeps {
  sql: SqlRunner;
  /** Scoring's profiles, for backtests; without them no wallet counts as smart. */
  profiles?: WalletProfileReader;
  /** Overrides the admin check (default: getChatMember says creator or administrator). */
  isChatAdmin?: (ctx: BotContext) => Promise<boolean>;
}

const composer = new Composer<BotContext>();
const feature = composer.chatType(["private", "group", "supergroup"]);

/** Error variables can carry what the user typed: escaped before they reach the HTML message. */
export const sayCommandError = (ctx: BotContext, e: CommandError) =>
  ctx.t(e.key, e.vars && Object.fromEntries(Object.entries(e.vars).map(([k, v]) => [k, typeof v === "string" ? escapeHtml(v) : v])));

/** Whether the sender may change this chat's rules: anyone in a DM, a group's admins in a group. */
export async function isRulesAdmin(ctx: BotContext): Promise<boolean> {
  if (ctx.chat?.type === "private") return true;
  const custom = ctx.deps.rules?.isChatAdmin;
  if (custom) return custom(ctx);
  if (!ctx.from) return false;
  try {
    const m = await ctx.getChatMember(ctx.from.id);
    return m.status === "creator" || m.status === "administrator";
  } catch (err) {
    // Cannot tell: refuse (a change by a non-admin is worse than asking again).
    ctx.logger.warn({ err: (err as Error).message }, "admin check failed; treating as not an admin");
    return false;
  }
}

/** Applies a change for an admin, answering with its outcome. */
async function edit(ctx: BotContext, make: (doc: ChatRules) => Change): Promise<void> {
  const rules = ctx.deps.rules;
  if (!rules) return void (await ctx.reply(ctx.t("rules-unavailable")));
  if (!(await isRulesAdmin(ctx))) return void (await ctx.reply(ctx.t("rules-admins-only")));
  let outcome: CommandError | null = null;
  let refused: CommandError | null = null;
  await updateChatRules(
    rules.sql,
    ctx.chat!.id,
    (doc) => {
      const c = make(doc);
      if (!c.ok) {
        refused = c.error;
        return doc;
      }
      outcome = c.done;
      return c.doc;
    },
    ctx.from?.id ?? null,
  );
  await ctx.reply(sayCommandError(ctx, (refused ?? outcome)!));
}

/** One filter's current value as /filters' dialogue shows it ("not set" when absent). */
export function describeFilterValue(ctx: BotContext, doc: ChatRules, key: string): string {
  const f = doc.filter;
  const none = ctx.t("dialog-value-none");
  if (key === "side") return f.side;
  if (key === "exclude") return f.excludeLabels.length ? escapeHtml(f.excludeLabels.join(",")) : none;
  if (key === "nomint") return f.noMintAuthority ? "on" : "off";
  if (key === "nofreeze") return f.noFreezeAuthority ? "on" : "off";
  if (key === "norisky") return f.noRiskyExtensions ? "on" : "off";
  if (key === "quiet") return doc.quietHours ? escapeHtml(quietText(doc.quietHours)) : none;
  const field = FILTER_FIELDS[key];
  const v = field ? f[field] : undefined;
  if (typeof v !== "number") return none;
  return String(key === "minage" || key === "maxage" ? v / 60 : v);
}

/** `/filters`' numeric keys and the document fields they set. */
const FILTER_FIELDS: Record<string, keyof Filter> = {
  minsol: "minSol",
  maxsol: "maxSol",
  minusd: "minUsd",
  maxusd: "maxUsd",
  minmcap: "minMcapUsd",
  maxmcap: "maxMcapUsd",
  minliq: "minLiquidityUsd",
  maxliq: "maxLiquidityUsd",
  minage: "minAgeSec",
  maxage: "maxAgeSec",
};

const quietText = (q: NonNullable<ChatRules["quietHours"]>) => `${q.from}-${q.to} UTC${q.utcOffsetMin >= 0 ? "+" : "-"}${Math.abs(q.utcOffsetMin) / 60}`;

/** The /filters keyboard: one button per filter, each opening its dialogue (bot/features/rule-dialogues.ts). */
function filtersKeyboard(ctx: BotContext): InlineKeyboard {
  const kb = new InlineKeyboard();
  FILTER_KEYS.forEach((key, i) => {
    kb.text(ctx.t(`dialog-filter-${key}`), `filters:edit:${key}`);
    if (i % 3 === 2) kb.row();
  });
  return kb;
}

function describeFilter(ctx: BotContext, f: Filter): string {
  const parts: string[] = [];
  if (f.side !== "both") parts.push(`side=${f.side}`);
  for (const [k, v] of Object.entries(f)) if (typeof v === "number") parts.push(`${k}=${v}`);
  if (f.excludeLabels.length) parts.push(`exclude=${f.excludeLabels.join(",")}`);
  if (f.noMintAuthority) parts.push("nomint");
  if (f.noFreezeAuthority) parts.push("nofreeze");
  if (f.noRiskyExtensions) parts.push("norisky");
  return parts.length ? `<code>${escapeHtml(parts.join(" "))}</code>` : ctx.t("rules-filter-none");
}

export function describeRule(r: PatternRule): string {
  const p =
    r.kind === "cluster-buy" || r.kind === "cluster-exit"
      ? `${r.minWallets}/${r.windowSec}s`
      : r.kind === "accumulation"
        ? `${r.minBuys}/${r.windowSec}s`
        : `${Math.round(r.memorySec / 3600)}h`;
  return `<code>${escapeHtml(r.id)}</code> ${escapeHtml(r.kind)} ${escapeHtml(p)} · ${r.tiers.join("")} · ${r.enabled ? "✅" : "⏸"}`;
}

/** Per rule: pause/resume, edit (a dialogue), delete; then "new rule" (a dialogue). */
function rulesKeyboard(ctx: BotContext, doc: ChatRules): InlineKeyboard {
  const kb = new InlineKeyboard();
  for (const r of doc.rules) {
    kb.text(`${r.enabled ? "⏸" : "▶️"} ${r.id}`, `rules:toggle:${r.id}`).text(`✏️ ${r.id}`, `rules:edit:${r.id}`).text(`🗑 ${r.id}`, `rules:del:${r.id}`).row();
  }
  return kb.text(ctx.t("dialog-button-new-rule"), "rules:new");
}

async function showRules(ctx: BotContext, doc: ChatRules): Promise<void> {
  const lines = [ctx.t("rules-list-title")];
  lines.push(...(doc.rules.length ? doc.rules.map(describeRule) : [ctx.t("rules-list-empty")]));
  await ctx.reply(lines.join("\n"), { reply_markup: rulesKeyboard(ctx, doc) });
}

feature.command("subscribe", logHandle("command-subscribe"), async (ctx) => {
  if (!ctx.match.trim()) {
    if (!ctx.deps.rules) return void (await ctx.reply(ctx.t("rules-unavailable")));
    const doc = await readChatRules(ctx.deps.rules.sql, ctx.chat.id);
    const subs = doc.subscriptions.map((s) =>
      s.kind === "token" ? `<code>${s.id}</code> token <code>${s.mint}</code>` : s.kind === "tier" ? `<code>${s.id}</code> tier ${s.tiers.join(",")}` : `<code>${s.id}</code> ${s.kind}`,
    );
    return void (await ctx.reply([ctx.t("rules-sub-usage"), ...(subs.length ? subs : [ctx.t("rules-sub-none")])].join("\n")));
  }
  await edit(ctx, (doc) => subscribeChange(doc, ctx.match));
});

feature.command("unsubscribe", logHandle("command-unsubscribe"), (ctx) => edit(ctx, (doc) => unsubscribeChange(doc, ctx.match)));

feature.command("filters", logHandle("command-filters"), async (ctx) => {
  if (!ctx.match.trim()) {
    if (!ctx.deps.rules) return void (await ctx.reply(ctx.t("rules-unavailable")));
    const doc = await readChatRules(ctx.deps.rules.sql, ctx.chat.id);
    const quiet = doc.quietHours ? quietText(doc.quietHours) : "—";
    return void (await ctx.reply(ctx.t("rules-filter-show", { filter: describeFilter(ctx, doc.filter), quiet: escapeHtml(quiet) }), {
      reply_markup: filtersKeyboard(ctx),
    }));
  }
  await edit(ctx, (doc) => filterChange(doc, ctx.match));
});

feature.command("rules", logHandle("command-rules"), async (ctx) => {
  const [sub, ...rest] = ctx.match.trim().split(/\s+/);
  if (sub === "add") {
    const d = ctx.deps.settings ? await ctx.deps.settings.get("rules.defaults") : undefined;
    const defaults = d ? { wallets: d.clusterWallets, windowSec: d.clusterWindowMinutes * 60 } : undefined;
    return edit(ctx, (doc) => addRuleChange(doc, rest.join(" "), defaults));
  }
  if (!ctx.deps.rules) return void (await ctx.reply(ctx.t("rules-unavailable")));
  await showRules(ctx, await readChatRules(ctx.deps.rules.sql, ctx.chat.id));
});

feature.callbackQuery(/^rules:(toggle|del):(.+)$/, logHandle("callback-rules"), async (ctx) => {
  const [, action, id] = ctx.match;
  await ctx.answerCallbackQuery();
  await edit(ctx, (doc) => (action === "toggle" ? toggleRuleChange(doc, id!) : deleteRuleChange(doc, id!)));
});

feature.command("backtest", logHandle("command-backtest"), async (ctx) => {
  const rules = ctx.deps.rules;
  if (!rules) return void (await ctx.reply(ctx.t("rules-unavailable")));
  const doc = await readChatRules(rules.sql, ctx.chat.id);
  const args = parseBacktestArgs(doc, ctx.match);
  if (!args.ok) return void (await ctx.reply(sayCommandError(ctx, args.error)));
  const rule = doc.rules.find((r) => r.id === args.ruleId)!;
  const working = await ctx.reply(ctx.t("backtest-working", { id: escapeHtml(rule.id), days: args.days }));
  const chatId = ctx.chat.id;
  const t = (key: string, vars?: Record<string, string | number>) => ctx.t(key, vars);
  const log = ctx.logger;
  // Not awaited: the chat's other updates must not wait behind a long scan.
  void (async () => {
    const profiles = rules.profiles ?? (async () => new Map());
    const r = await runBacktest(rules.sql, rule, { days: args.days, profiles });
    const pct = (v: number | null) => (v === null ? "—" : `${v >= 0 ? "+" : ""}${v.toFixed(1)}%`);
    const lines = [t("backtest-result", { id: escapeHtml(rule.id), days: args.days, swaps: r.swaps, fires: r.fires, tokens: r.tokens })];
    for (const h of ["1h", "24h"] as const) {
      const s = r.returns[h];
      lines.push(t("backtest-returns", { horizon: h, n: s.n, median: pct(s.medianPct), best: pct(s.bestPct), worst: pct(s.worstPct) }));
    }
    lines.push(t("backtest-caveat"));
    await ctx.api.editMessageText(chatId, working.message_id, lines.join("\n"));
  })().catch(async (err: unknown) => {
    log.error({ err }, "backtest failed");
    await ctx.api.editMessageText(chatId, working.message_id, t("backtest-failed")).catch(() => {});
  });
});

/** The rule commands: subscriptions, filters, pattern rules and backtests, admins only in groups. */
export { composer as rulesFeature };
