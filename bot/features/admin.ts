/**
 * The admin chat (ADMIN_CHAT_ID): `/admin` opens a menu over the global settings (scoring
 * tiers, rule defaults, per-chat limits, tracked channels) and the ingest health view. Numbers
 * and lists are typed in a short conversation, validated by the setting's zod schema, and stored
 * through the settings repository every process reads.
 *
 * Any other chat sending /admin gets a refusal, and the attempt is logged (warn) with its chat
 * and user ids. The menu and the conversations are installed behind the admin-chat filter, so a
 * button press or a typed answer from anywhere else never reaches them.
 *
 * The trap: inside a conversation the context is the plugin's own, without our deps or `t`;
 * everything that needs them runs in `conversation.external`, which hands over the outer context.
 */
import type { CallStore } from "../../core/data/calls.js";
import { createConversation, type Conversation, type ConversationFlavor } from "@grammyjs/conversations";
import { Menu } from "@grammyjs/menu";
import { Composer, type Context, type Middleware } from "grammy";
import { InvalidSettingError, type SettingKey, type SettingsRepository } from "../../core/data/settings.js";
import type { IngestHealth } from "../../core/data/ingest-health.js";
import { escapeHtml } from "../../core/domain/html.js";
import type { BotContext } from "../context.js";
import { logHandle } from "../helpers/logging.js";

type AdminContext = ConversationFlavor<BotContext>;
type AdminConversation = Conversation<AdminContext, Context>;

/** Whether this update comes from the configured admin chat. */
export function isAdminChat(ctx: BotContext): boolean {
  const id = ctx.deps.admin?.chatId;
  return id !== undefined && ctx.chat?.id === id;
}

/**
 * Makes the signals worker's channel list (the caller table) equal the list the admin typed:
 * new names are added, missing ones stop being read (their calls and scores stay).
 */
async function syncChannels(calls: CallStore | undefined, wanted: readonly string[]): Promise<void> {
  if (!calls) return;
  const want = new Set(wanted.map((n) => n.toLowerCase()));
  const have = await calls.callers("channel");
  for (const c of have) if (!want.has(c.handle)) await calls.removeCaller("channel", c.handle);
  const known = new Set(have.map((c) => c.handle));
  for (const n of want) if (!known.has(n)) await calls.addCaller("channel", n);
}

function settingsOf(ctx: BotContext): SettingsRepository {
  const settings = ctx.deps.settings;
  if (!settings) throw new Error("settings repository is not wired into the bot's dependencies");
  return settings;
}

/** The numeric fields the menu edits, per setting. */
const NUMBER_FIELDS = {
  "scoring.tiers": ["S", "A", "B"],
  "rules.defaults": ["clusterWallets", "clusterWindowMinutes"],
  "limits.chat": ["wallets", "rules", "alertsPerHour"],
} as const satisfies Partial<Record<SettingKey, readonly string[]>>;
type NumberKey = keyof typeof NUMBER_FIELDS;

const fieldLabel = (ctx: BotContext, field: string) => ctx.t(`admin-field-${field}`);

/** What one typed answer did: stored (the conversation ends) or refused (ask again), and the reply. */
interface Answer {
  saved: boolean;
  reply: string;
}

/**
 * Sends `prompt`, then reads text answers until `handle` stores one or the admin sends /cancel.
 * `handle` runs in `external`, with the outer context (deps, `t`, logger).
 */
async function askUntilSaved(
  conversation: AdminConversation,
  ctx: Context,
  prompt: (o: AdminContext) => string,
  handle: (text: string, o: AdminContext) => Promise<Answer>,
): Promise<void> {
  await ctx.reply(await conversation.external(prompt));
  for (;;) {
    const answer = await conversation.waitFor("message:text");
    const text = answer.message.text.trim();
    if (text === "/cancel" || text.startsWith("/cancel@")) {
      await answer.reply(await conversation.external((o) => o.t("admin-cancelled")));
      return;
    }
    const outcome = await conversation.external((o) => handle(text, o));
    await answer.reply(outcome.reply);
    if (outcome.saved) return;
  }
}

async function editNumber(conversation: AdminConversation, ctx: Context, key: NumberKey, field: string): Promise<void> {
  await askUntilSaved(
    conversation,
    ctx,
    (o) => o.t("admin-enter-number", { field: fieldLabel(o, field) }),
    async (text, o) => {
      const value = /^-?\d+(\.\d+)?$/.test(text) ? Number(text) : Number.NaN;
      if (!Number.isFinite(value)) return { saved: false, reply: o.t("admin-not-a-number", { value: escapeHtml(text.slice(0, 40)) }) };
      try {
        const saved = await settingsOf(o).setField(key, field, value, o.from?.id ?? null);
        o.logger.info({ key, field, value, user_id: o.from?.id }, "admin changed a setting");
        return { saved: true, reply: o.t("admin-saved", { field: fieldLabel(o, field), value: String((saved as Record<string, unknown>)[field]) }) };
      } catch (err) {
        if (!(err instanceof InvalidSettingError)) throw err;
        return { saved: false, reply: o.t("admin-invalid-value", { field: fieldLabel(o, field), value: String(value), reason: escapeHtml(err.issues) }) };
      }
    },
  );
}

async function editChannels(conversation: AdminConversation, ctx: Context): Promise<void> {
  await askUntilSaved(
    conversation,
    ctx,
    (o) => o.t("admin-enter-channels"),
    async (text, o) => {
      const names =
        text === "-" ? [] : [...new Set(text.split(/[\s,]+/).map((n) => n.replace(/^@/, "").replace(/^https:\/\/t\.me\//, "")).filter(Boolean))];
      try {
        const saved = await settingsOf(o).set("channels.tracked", names, o.from?.id ?? null);
        await syncChannels(o.deps.calls, saved);
        o.logger.info({ key: "channels.tracked", count: saved.length, user_id: o.from?.id }, "admin changed a setting");
        return { saved: true, reply: o.t("admin-channels-saved", { count: saved.length }) };
      } catch (err) {
        if (!(err instanceof InvalidSettingError)) throw err;
        return { saved: false, reply: o.t("admin-channels-invalid", { reason: escapeHtml(err.issues) }) };
      }
    },
  );
}

/** The health report as the admin chat reads it. */
export function renderHealth(ctx: BotContext, h: IngestHealth): string {
  const lines = [ctx.t("admin-health-header")];
  lines.push(
    ctx.t("admin-health-lag", {
      slot: h.latestSlot === null ? "—" : String(h.latestSlot),
      seconds: h.secondsBehind === null ? "—" : String(h.secondsBehind),
      rate: h.swapsPerSecond.toFixed(1),
    }),
  );
  for (const c of h.cursors) {
    lines.push(
      ctx.t("admin-health-cursor", {
        source: escapeHtml(c.source),
        lag: c.lagSlots === null ? "—" : String(c.lagSlots),
        age: String(c.updatedSecondsAgo),
      }),
    );
  }
  for (const q of h.queues) {
    lines.push(ctx.t("admin-health-queue", { name: q.name, waiting: q.waiting, active: q.active, delayed: q.delayed, failed: q.failed }));
  }
  lines.push(ctx.t("admin-health-errors", { count: h.deadLettersLastHour }));
  for (const e of h.recentErrors) {
    lines.push(`• <code>${escapeHtml(e.source)}</code> ${escapeHtml(e.reason.slice(0, 120))}`);
  }
  for (const r of h.recentRuns) {
    lines.push(`• ${escapeHtml(r.name)}: ${escapeHtml(r.status)} ${r.startedAt.toISOString().slice(0, 19)}Z${r.error ? ` — ${escapeHtml(r.error.slice(0, 80))}` : ""}`);
  }
  return lines.join("\n");
}

/** Settings menu buttons: "<field>: <value>", pressing one asks for a new number. */
function numberMenu(id: string, key: NumberKey): Menu<AdminContext> {
  const menu = new Menu<AdminContext>(id);
  menu.dynamic(async (ctx, range) => {
    const values = (await settingsOf(ctx).get(key)) as Record<string, number>;
    for (const field of NUMBER_FIELDS[key]) {
      range
        .text(`${fieldLabel(ctx, field)}: ${values[field]}`, async (c) => {
          await c.conversation.enter("admin-number", key, field);
        })
        .row();
    }
  });
  menu.back((ctx) => ctx.t("admin-back"));
  return menu;
}

const mainMenu = new Menu<AdminContext>("admin-main")
  .submenu((ctx) => ctx.t("admin-menu-tiers"), "admin-tiers")
  .submenu((ctx) => ctx.t("admin-menu-rules"), "admin-rules")
  .row()
  .submenu((ctx) => ctx.t("admin-menu-limits"), "admin-limits")
  .text(
    (ctx) => ctx.t("admin-menu-channels"),
    async (ctx) => {
      // The caller table is what the signals worker reads (/addchannel writes it too).
      const channels = ctx.deps.calls
        ? (await ctx.deps.calls.callers("channel")).map((c) => c.handle)
        : await settingsOf(ctx).get("channels.tracked");
      await ctx.reply(
        channels.length ? ctx.t("admin-channels-list", { list: channels.map((c) => `@${escapeHtml(c)}`).join("\n") }) : ctx.t("admin-channels-empty"),
      );
      await ctx.conversation.enter("admin-channels");
    },
  )
  .row()
  .text(
    (ctx) => ctx.t("admin-menu-health"),
    async (ctx) => {
      const health = ctx.deps.admin?.health;
      if (!health) throw new Error("health reader is not wired into the bot's dependencies");
      await ctx.reply(renderHealth(ctx, await health()));
    },
  );
mainMenu.register([numberMenu("admin-tiers", "scoring.tiers"), numberMenu("admin-rules", "rules.defaults"), numberMenu("admin-limits", "limits.chat")]);

const inner = new Composer<AdminContext>();
inner.use(createConversation<AdminContext, Context>(editNumber, "admin-number"));
inner.use(createConversation<AdminContext, Context>(editChannels, "admin-channels"));
inner.use(mainMenu);
inner.command("admin", logHandle("command-admin") as Middleware<AdminContext>, async (ctx) => {
  await ctx.reply(ctx.t("admin-main"), { reply_markup: mainMenu });
});

const composer = new Composer<BotContext>();
// The conversations plugin (installed once in bot.ts) has added `ctx.conversation` by now.
composer.filter(isAdminChat).use(inner as unknown as Composer<BotContext>);
composer.command("admin", logHandle("command-admin-refused"), async (ctx) => {
  ctx.logger.warn(
    { chat_id: ctx.chat.id, chat_type: ctx.chat.type, user_id: ctx.from?.id, username: ctx.from?.username },
    "refused /admin outside the admin chat",
  );
  await ctx.reply(ctx.t("admin-refused"));
});

/** `/admin` in the admin chat: global settings and ingest health; a refusal everywhere else. */
export { composer as adminFeature };
