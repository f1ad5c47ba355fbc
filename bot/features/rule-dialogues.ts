/**
 * Rules and filters edited in conversations (@grammyjs/conversations), beside the argument forms
 * of bot/features/rules.ts, which stay as shortcuts:
 *
 * - /rules → ➕ New rule: the pattern is chosen with buttons, then each of its parameters is asked
 *   in turn (`-` keeps the default); a bad answer gets a localized reason and the same question
 *   again. A summary offers Save, a 7-day backtest of the unsaved rule, and Cancel.
 * - /rules → ✏️ <id>: one parameter of a saved rule, chosen with buttons, asked the same way.
 * - /filters → a filter's button: its new value, checked by the same parser as `/filters <key>`.
 *
 * Every answer is checked by the schemas the rules data is stored with (core/domain/rules/schema.ts),
 * so a dialogue cannot save what the document would refuse. /cancel leaves a dialogue; another
 * command leaves it and runs. In a group only admins may enter (the entry points check), and the
 * dialogue listens to the admin who started it only: conversations are kept per chat and user.
 *
 * The trap: inside a conversation the context is the plugin's own, without our deps or `t`;
 * everything that needs them runs in `conversation.external`, which hands over the outer context
 * (as in bot/features/admin.ts).
 */
import { createConversation, type Conversation, type ConversationFlavor } from "@grammyjs/conversations";
import { Composer, InlineKeyboard, type Context } from "grammy";
import type { ForceReply, InlineKeyboardMarkup } from "grammy/types";
import type { ZodError } from "zod";
import { runBacktest } from "../../core/data/backtest.js";
import { readChatRules, updateChatRules } from "../../core/data/chat-rules.js";
import { escapeHtml } from "../../core/domain/html.js";
import { filterChange, FILTER_KEYS, type CommandError } from "../../core/domain/rules/commands.js";
import {
  chatRulesSchema,
  MAX_RULES_PER_CHAT,
  PATTERN_KINDS,
  patternRuleSchema,
  WALLET_LABELS,
  type ChatRules,
  type PatternKind,
  type PatternRule,
} from "../../core/domain/rules/schema.js";
import type { BotContext } from "../context.js";
import { logHandle } from "../helpers/logging.js";
import { describeFilterValue, describeRule, isRulesAdmin, sayCommandError } from "./rules.js";

type DialogueContext = ConversationFlavor<BotContext>;
type DialogueConversation = Conversation<DialogueContext, Context>;

/** The parameters asked for each pattern, in order (the rest keep their defaults). */
export const RULE_FIELDS = {
  "cluster-buy": ["minWallets", "windowSec", "minBuySol", "tiers"],
  accumulation: ["minBuys", "windowSec", "minBuySol", "tiers"],
  "first-buy": ["memorySec", "minBuySol", "tiers"],
  "cluster-exit": ["minWallets", "windowSec", "minSellers", "horizonSec", "tiers"],
} as const satisfies Record<PatternKind, readonly string[]>;
/** What an existing rule's ✏️ offers: its pattern's parameters and its cooldown. */
const editableFields = (kind: PatternKind): readonly string[] => [...RULE_FIELDS[kind], "cooldownSec"];

/** Callback data of the dialogues' own buttons: never handled outside a dialogue. */
const DLG = "dlg:";

type Answer = { text: string } | { button: string };

/**
 * The next answer of the user in this dialogue: a text, or one of the dialogue's buttons. /cancel
 * ends the dialogue; another command ends it and goes on to its handler; anything else (another
 * message's button, a sticker) is left to the rest of the bot.
 */
async function nextAnswer(conversation: DialogueConversation): Promise<Answer> {
  for (;;) {
    const u = await conversation.wait();
    const text = u.message?.text?.trim();
    if (text !== undefined) {
      if (/^\/cancel(@\w+)?$/i.test(text)) {
        await u.reply(await conversation.external((o) => o.t("dialog-cancelled")));
        return conversation.halt();
      }
      if (text.startsWith("/")) return conversation.halt({ next: true });
      return { text };
    }
    const data = u.callbackQuery?.data;
    if (data?.startsWith(DLG)) {
      await u.answerCallbackQuery();
      return { button: data.slice(DLG.length) };
    }
    await conversation.skip({ next: true });
  }
}

/** A question that wants typed text: in a group it asks for a reply, which privacy mode lets through. */
async function askText(conversation: DialogueConversation, ctx: Context, text: string): Promise<void> {
  const group = ctx.chat?.type === "group" || ctx.chat?.type === "supergroup";
  const markup: ForceReply | undefined = group ? { force_reply: true, selective: true } : undefined;
  await ctx.reply(text, markup ? { reply_markup: markup } : {});
}

/** A question answered with buttons. */
async function askButtons(ctx: Context, text: string, keyboard: InlineKeyboardMarkup): Promise<void> {
  await ctx.reply(text, { reply_markup: keyboard });
}

/** Parses a typed parameter: tiers as letters (`S A`, `sa`), everything else as a plain number. */
function parseField(field: string, text: string): unknown {
  if (field === "tiers") return [...new Set(text.toUpperCase().replace(/[^A-Z]/g, "").split(""))];
  return /^\d+(\.\d+)?$/.test(text) ? Number(text) : Number.NaN;
}

/** The first reason the schema gives about `field`, in the user's language. */
function reasonFor(o: BotContext, field: string, text: string, error: ZodError): string {
  const issue = error.issues.find((i) => i.path[0] === field) ?? error.issues[0];
  const value = escapeHtml(text.slice(0, 40));
  if (field === "tiers") return o.t("dialog-bad-tiers");
  if (!issue) return o.t("dialog-invalid", { reason: "?" });
  if (issue.code === "too_small") return o.t("dialog-too-small", { value, min: String(issue.minimum) });
  if (issue.code === "too_big") return o.t("dialog-too-big", { value, max: String(issue.maximum) });
  if (issue.code === "invalid_type" && issue.expected === "int") return o.t("dialog-not-whole", { value });
  if (issue.code === "invalid_type") return o.t("dialog-not-a-number", { value });
  return o.t("dialog-invalid", { reason: escapeHtml(issue.message) });
}

const fieldValue = (rule: PatternRule, field: string): string => {
  const v = (rule as Record<string, unknown>)[field];
  return Array.isArray(v) ? v.join(" ") : String(v);
};

/**
 * Asks for one parameter of `rule` until the answer makes a valid rule (or `-` keeps it); returns
 * the rule with it.
 */
async function askField(conversation: DialogueConversation, ctx: Context, rule: PatternRule, field: string): Promise<PatternRule> {
  const prompt = await conversation.external((o) =>
    o.t("dialog-ask-field", { field: o.t(`dialog-field-${field}`), value: escapeHtml(fieldValue(rule, field)) }),
  );
  await askText(conversation, ctx, prompt);
  for (;;) {
    const answer = await nextAnswer(conversation);
    if (!("text" in answer)) continue;
    if (answer.text === "-") return rule;
    const parsed = patternRuleSchema.safeParse({ ...rule, [field]: parseField(field, answer.text) });
    if (parsed.success) return parsed.data;
    const reason = await conversation.external((o) => reasonFor(o, field, answer.text, parsed.error));
    await askText(conversation, ctx, `${reason}\n${prompt}`);
  }
}

function nextRuleId(doc: ChatRules): string {
  for (let i = 1; ; i++) if (!doc.rules.some((r) => r.id === `r${i}`)) return `r${i}`;
}

/** The rule-defaults the admin chat set for clusters (what `/rules add cluster-buy` starts from). */
async function startingRule(o: BotContext, kind: PatternKind): Promise<PatternRule> {
  const base: Record<string, unknown> = { id: "new", kind };
  if ((kind === "cluster-buy" || kind === "cluster-exit") && o.deps.settings) {
    const d = await o.deps.settings.get("rules.defaults");
    base.minWallets = d.clusterWallets;
    base.windowSec = d.clusterWindowMinutes * 60;
  }
  const parsed = patternRuleSchema.safeParse(base);
  return parsed.success ? parsed.data : patternRuleSchema.parse({ id: "new", kind });
}

async function newRule(conversation: DialogueConversation, ctx: Context): Promise<void> {
  const kinds = await conversation.external((o) => {
    const kb = new InlineKeyboard();
    PATTERN_KINDS.forEach((k, i) => {
      kb.text(o.t(`dialog-kind-${k}`), `${DLG}kind:${k}`);
      if (i % 2 === 1) kb.row();
    });
    return { text: o.t("dialog-choose-kind"), keyboard: { inline_keyboard: kb.inline_keyboard } };
  });
  await askButtons(ctx, kinds.text, kinds.keyboard);
  let kind: PatternKind | undefined;
  while (!kind) {
    const answer = await nextAnswer(conversation);
    const picked = "button" in answer ? answer.button.replace(/^kind:/, "") : answer.text.toLowerCase();
    if ((PATTERN_KINDS as readonly string[]).includes(picked)) kind = picked as PatternKind;
    else await askButtons(ctx, await conversation.external((o) => o.t("dialog-bad-choice")), kinds.keyboard);
  }
  let rule = await conversation.external((o) => startingRule(o, kind));
  for (const field of RULE_FIELDS[kind]) rule = await askField(conversation, ctx, rule, field);

  for (;;) {
    const summary = await conversation.external((o) => ({
      text: o.t("dialog-summary", { rule: describeRule(rule) }),
      keyboard: {
        inline_keyboard: new InlineKeyboard()
          .text(o.t("dialog-button-save"), `${DLG}save`)
          .text(o.t("dialog-button-backtest"), `${DLG}backtest`)
          .text(o.t("dialog-button-cancel"), `${DLG}cancel`).inline_keyboard,
      },
    }));
    await askButtons(ctx, summary.text, summary.keyboard);
    let choice: string | undefined;
    while (!choice) {
      const answer = await nextAnswer(conversation);
      if ("button" in answer && ["save", "backtest", "cancel"].includes(answer.button)) choice = answer.button;
      else await ctx.reply(await conversation.external((o) => o.t("dialog-bad-choice")));
    }
    if (choice === "cancel") {
      await ctx.reply(await conversation.external((o) => o.t("dialog-cancelled")));
      return;
    }
    if (choice === "backtest") {
      await ctx.reply(await conversation.external((o) => backtestText(o, rule)));
      continue;
    }
    const saved = await conversation.external((o) => saveNewRule(o, rule));
    await ctx.reply(saved.reply);
    if (saved.ok) return;
  }
}

/** The unsaved rule over the last 7 days of stored swaps, as /backtest reports a saved one. */
async function backtestText(o: BotContext, rule: PatternRule): Promise<string> {
  const rules = o.deps.rules!;
  const r = await runBacktest(rules.sql, rule, { days: 7, profiles: rules.profiles ?? (async () => new Map()) });
  const pct = (v: number | null) => (v === null ? "—" : `${v >= 0 ? "+" : ""}${v.toFixed(1)}%`);
  const lines = [o.t("backtest-result", { id: escapeHtml(rule.kind), days: 7, swaps: r.swaps, fires: r.fires, tokens: r.tokens })];
  for (const h of ["1h", "24h"] as const) {
    const s = r.returns[h];
    lines.push(o.t("backtest-returns", { horizon: h, n: s.n, median: pct(s.medianPct), best: pct(s.bestPct), worst: pct(s.worstPct) }));
  }
  lines.push(o.t("backtest-caveat"));
  return lines.join("\n");
}

/** Adds the rule under the next free id, validating the whole document; the reply says how it went. */
async function saveNewRule(o: BotContext, rule: PatternRule): Promise<{ ok: boolean; reply: string }> {
  let reply = "";
  let ok = false;
  await updateChatRules(
    o.deps.rules!.sql,
    o.chat!.id,
    (doc) => {
      if (doc.rules.length >= MAX_RULES_PER_CHAT) {
        reply = o.t("rules-limit", { limit: MAX_RULES_PER_CHAT });
        return doc;
      }
      const id = nextRuleId(doc);
      const next = { ...doc, rules: [...doc.rules, { ...rule, id }] };
      const check = chatRulesSchema.safeParse(next);
      if (!check.success) {
        reply = o.t("dialog-invalid", { reason: escapeHtml(check.error.issues[0]?.message ?? "") });
        return doc;
      }
      ok = true;
      reply = o.t("dialog-rule-saved", { id, rule: describeRule({ ...rule, id }) });
      return next;
    },
    o.from?.id ?? null,
  );
  return { ok, reply };
}

async function editRule(conversation: DialogueConversation, ctx: Context, ruleId: string): Promise<void> {
  const found = await conversation.external(async (o) => (await readChatRules(o.deps.rules!.sql, o.chat!.id)).rules.find((r) => r.id === ruleId) ?? null);
  if (!found) {
    await ctx.reply(await conversation.external((o) => o.t("rules-not-found", { id: escapeHtml(ruleId) })));
    return;
  }
  const rule = patternRuleSchema.parse(found);
  const fields = editableFields(rule.kind);
  const menu = await conversation.external((o) => {
    const kb = new InlineKeyboard();
    fields.forEach((f, i) => {
      kb.text(`${o.t(`dialog-field-${f}`).replace(/\s*\(.*\)$/, "")}: ${fieldValue(rule, f)}`, `${DLG}field:${f}`);
      if (i % 2 === 1) kb.row();
    });
    return { text: o.t("dialog-edit-choose", { rule: describeRule(rule) }), keyboard: { inline_keyboard: kb.inline_keyboard } };
  });
  await askButtons(ctx, menu.text, menu.keyboard);
  let field: string | undefined;
  while (!field) {
    const answer = await nextAnswer(conversation);
    const picked = "button" in answer ? answer.button.replace(/^field:/, "") : "";
    if (fields.includes(picked)) field = picked;
    else await askButtons(ctx, await conversation.external((o) => o.t("dialog-bad-choice")), menu.keyboard);
  }
  const changed = await askField(conversation, ctx, rule, field);
  const reply = await conversation.external(async (o) => {
    let out = o.t("rules-not-found", { id: escapeHtml(ruleId) });
    await updateChatRules(
      o.deps.rules!.sql,
      o.chat!.id,
      (doc) => {
        // The rule as stored now (another admin may have paused it meanwhile), with this one change.
        const current = doc.rules.find((r) => r.id === ruleId);
        if (!current) return doc;
        const next = patternRuleSchema.safeParse({ ...current, [field]: (changed as Record<string, unknown>)[field] });
        if (!next.success) return doc;
        out = o.t("dialog-rule-updated", { rule: describeRule(next.data) });
        return { ...doc, rules: doc.rules.map((r) => (r.id === ruleId ? next.data : r)) };
      },
      o.from?.id ?? null,
    );
    return out;
  });
  await ctx.reply(reply);
}

const SWITCH_KEYS = new Set(["nomint", "nofreeze", "norisky"]);

function filterHint(o: BotContext, key: string): string {
  if (key === "side") return o.t("dialog-filter-hint-side");
  if (SWITCH_KEYS.has(key)) return o.t("dialog-filter-hint-switch");
  if (key === "exclude") return o.t("dialog-filter-hint-exclude", { labels: WALLET_LABELS.join(", ") });
  if (key === "quiet") return o.t("dialog-filter-hint-quiet");
  if (key === "minage" || key === "maxage") return o.t("dialog-filter-hint-age");
  return o.t("dialog-filter-hint-number");
}

async function editFilter(conversation: DialogueConversation, ctx: Context, key: string): Promise<void> {
  const prompt = await conversation.external(async (o) => {
    const doc = await readChatRules(o.deps.rules!.sql, o.chat!.id);
    return o.t("dialog-filter-ask", { filter: o.t(`dialog-filter-${key}`), value: describeFilterValue(o, doc, key), hint: filterHint(o, key) });
  });
  await askText(conversation, ctx, prompt);
  for (;;) {
    const answer = await nextAnswer(conversation);
    if (!("text" in answer)) continue;
    // The same parser and schema as `/filters <key> <value>`, under the same row lock.
    const outcome = await conversation.external(async (o) => {
      let refused: CommandError | null = null;
      await updateChatRules(
        o.deps.rules!.sql,
        o.chat!.id,
        (doc) => {
          const c = filterChange(doc, `${key} ${answer.text}`);
          if (!c.ok) {
            refused = c.error;
            return doc;
          }
          return c.doc;
        },
        o.from?.id ?? null,
      );
      return refused ? { saved: false, reply: sayCommandError(o, refused) } : { saved: true, reply: o.t("rules-filter-set") };
    });
    if (outcome.saved) {
      await ctx.reply(outcome.reply);
      return;
    }
    await askText(conversation, ctx, `${outcome.reply}\n${prompt}`);
  }
}

const composer = new Composer<DialogueContext>();
const feature = composer.chatType(["private", "group", "supergroup"]);
feature.use(createConversation<DialogueContext, Context>(newRule, "rules-new"));
feature.use(createConversation<DialogueContext, Context>(editRule, "rules-edit"));
feature.use(createConversation<DialogueContext, Context>(editFilter, "filters-edit"));

/** Enters a dialogue for an admin (any DM user; a group's admins), or says why not. */
async function enter(ctx: DialogueContext, name: string, ...args: string[]): Promise<void> {
  if (!ctx.deps.rules) return void (await ctx.reply(ctx.t("rules-unavailable")));
  if (!(await isRulesAdmin(ctx))) return void (await ctx.reply(ctx.t("rules-admins-only")));
  // One dialogue at a time: a new one replaces one left half-way.
  await ctx.conversation.exitAll();
  await ctx.conversation.enter(name, ...args);
}

feature.callbackQuery("rules:new", logHandle("callback-rules-new"), async (ctx) => {
  await ctx.answerCallbackQuery();
  await enter(ctx, "rules-new");
});
feature.callbackQuery(/^rules:edit:(.{1,32})$/, logHandle("callback-rules-edit"), async (ctx) => {
  await ctx.answerCallbackQuery();
  await enter(ctx, "rules-edit", ctx.match[1]!);
});
feature.callbackQuery(/^filters:edit:(\w+)$/, logHandle("callback-filters-edit"), async (ctx) => {
  await ctx.answerCallbackQuery();
  const key = ctx.match[1]!;
  if (!(FILTER_KEYS as readonly string[]).includes(key)) return;
  // Reset asks nothing: it is the argument form's `/filters reset`.
  if (key === "reset") {
    if (!ctx.deps.rules) return void (await ctx.reply(ctx.t("rules-unavailable")));
    if (!(await isRulesAdmin(ctx))) return void (await ctx.reply(ctx.t("rules-admins-only")));
    await updateChatRules(ctx.deps.rules.sql, ctx.chat.id, (doc) => ({ ...doc, filter: {}, quietHours: null }), ctx.from?.id ?? null);
    return void (await ctx.reply(ctx.t("rules-filter-set")));
  }
  await enter(ctx, "filters-edit", key);
});
feature.command("rules", async (ctx, next) => {
  if (ctx.match.trim() === "new") return enter(ctx, "rules-new");
  await next();
});
/** Outside a dialogue (a dialogue answers /cancel itself). */
feature.command("cancel", logHandle("command-cancel"), async (ctx) => {
  await ctx.reply(ctx.t("dialog-nothing-to-cancel"));
});

/** Rule and filter dialogues; needs the conversations plugin installed before it (bot.ts). */
export const ruleDialoguesFeature = composer as unknown as Composer<BotContext>;
