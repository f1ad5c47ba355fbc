/**
 * Parsing of the rule commands' arguments (/subscribe, /unsubscribe, /filters, /rules add,
 * /backtest) into changes of a chat's rules document. Pure: the bot feature applies the change
 * under a row lock and validates the result with the schema; errors are message keys with
 * variables, so the user reads them in their own language.
 */
import { checkAddressFormat } from "../address.js";
import { WALLET_TIERS, type WalletTier } from "../wallet-profile.js";
import {
  chatRulesSchema,
  MAX_RULES_PER_CHAT,
  MAX_SUBSCRIPTIONS_PER_CHAT,
  PATTERN_KINDS,
  patternRuleSchema,
  WALLET_LABELS,
  type ChatRules,
  type ChatRulesInput,
  type FilterInput,
  type PatternKind,
} from "./schema.js";

export type CommandError = { key: string; vars?: Record<string, string | number> };
export type Change = { ok: true; doc: ChatRulesInput; done: CommandError } | { ok: false; error: CommandError };

const words = (s: string): string[] => s.trim().split(/\s+/).filter(Boolean);
const fail = (key: string, vars?: Record<string, string | number>): Change => ({ ok: false, error: vars ? { key, vars } : { key } });

function nextId(prefix: string, taken: readonly string[]): string {
  for (let i = 1; ; i++) if (!taken.includes(`${prefix}${i}`)) return `${prefix}${i}`;
}

/** `/subscribe token <mint>` or `/subscribe tier S [A B]`. */
export function subscribeChange(doc: ChatRules, args: string): Change {
  const [what, ...rest] = words(args);
  if (doc.subscriptions.length >= MAX_SUBSCRIPTIONS_PER_CHAT) return fail("rules-sub-limit", { limit: MAX_SUBSCRIPTIONS_PER_CHAT });
  if (what === "token") {
    const check = checkAddressFormat(rest[0] ?? "");
    if (rest.length !== 1 || !check.ok) return fail("rules-sub-bad-mint");
    if (doc.subscriptions.some((s) => s.kind === "token" && s.mint === check.address)) return fail("rules-sub-duplicate");
    const id = nextId("t", doc.subscriptions.map((s) => s.id));
    return { ok: true, doc: { ...doc, subscriptions: [...doc.subscriptions, { id, kind: "token", mint: check.address }] }, done: { key: "rules-sub-added", vars: { id } } };
  }
  if (what === "tier") {
    const tiers = rest.map((t) => t.toUpperCase());
    if (tiers.length === 0 || tiers.some((t) => !(WALLET_TIERS as readonly string[]).includes(t))) return fail("rules-sub-bad-tier", { tiers: WALLET_TIERS.join(", ") });
    const id = nextId("s", doc.subscriptions.map((s) => s.id));
    return { ok: true, doc: { ...doc, subscriptions: [...doc.subscriptions, { id, kind: "tier", tiers: [...new Set(tiers)] as WalletTier[] }] }, done: { key: "rules-sub-added", vars: { id } } };
  }
  return fail("rules-sub-usage");
}

export function unsubscribeChange(doc: ChatRules, args: string): Change {
  const [id] = words(args);
  if (!id) return fail("rules-unsub-usage");
  if (!doc.subscriptions.some((s) => s.id === id)) return fail("rules-not-found", { id });
  return { ok: true, doc: { ...doc, subscriptions: doc.subscriptions.filter((s) => s.id !== id) }, done: { key: "rules-unsub-done", vars: { id } } };
}

const NUMERIC_FILTERS: Record<string, { field: keyof FilterInput; scale: number }> = {
  minsol: { field: "minSol", scale: 1 },
  maxsol: { field: "maxSol", scale: 1 },
  minusd: { field: "minUsd", scale: 1 },
  maxusd: { field: "maxUsd", scale: 1 },
  minmcap: { field: "minMcapUsd", scale: 1 },
  maxmcap: { field: "maxMcapUsd", scale: 1 },
  minliq: { field: "minLiquidityUsd", scale: 1 },
  maxliq: { field: "maxLiquidityUsd", scale: 1 },
  /** Ages are typed in minutes. */
  minage: { field: "minAgeSec", scale: 60 },
  maxage: { field: "maxAgeSec", scale: 60 },
};
const SWITCHES: Record<string, keyof FilterInput> = { nomint: "noMintAuthority", nofreeze: "noFreezeAuthority", norisky: "noRiskyExtensions" };

/** The keys `/filters` understands, for its help text. */
export const FILTER_KEYS = ["side", ...Object.keys(NUMERIC_FILTERS), "exclude", ...Object.keys(SWITCHES), "quiet", "reset"];

/**
 * `/filters <key> <value>`: `side buy|sell|both`, `minsol 1.5` (or `off`), `exclude bot,sniper`,
 * `nomint on|off`, `quiet 22:00-07:00 [+8]` (or `off`), `reset`.
 */
export function filterChange(doc: ChatRules, args: string): Change {
  const [rawKey, ...rest] = words(args);
  const key = rawKey?.toLowerCase();
  const value = rest.join(" ");
  const done = { key: "rules-filter-set" };
  if (!key) return fail("rules-filter-usage", { keys: FILTER_KEYS.join(", ") });
  if (key === "reset") return { ok: true, doc: { ...doc, filter: {}, quietHours: null }, done };
  const filter: Record<string, unknown> = { ...doc.filter };
  if (key === "side") {
    if (!["buy", "sell", "both"].includes(value)) return fail("rules-filter-bad-value", { key: rawKey!, value });
    filter.side = value;
  } else if (key in NUMERIC_FILTERS) {
    const { field, scale } = NUMERIC_FILTERS[key]!;
    if (value === "off") delete filter[field];
    else {
      const n = Number(value);
      if (!/^\d+(\.\d+)?$/.test(value) || !Number.isFinite(n)) return fail("rules-filter-bad-value", { key: rawKey!, value });
      filter[field] = n * scale;
    }
  } else if (key === "exclude") {
    const labels = value === "off" ? [] : value.split(/[,\s]+/).filter(Boolean);
    if (labels.some((l) => !(WALLET_LABELS as readonly string[]).includes(l))) return fail("rules-filter-bad-label", { labels: WALLET_LABELS.join(", ") });
    filter.excludeLabels = labels;
  } else if (key in SWITCHES) {
    if (value !== "on" && value !== "off") return fail("rules-filter-bad-value", { key: rawKey!, value });
    filter[SWITCHES[key]!] = value === "on";
  } else if (key === "quiet") {
    if (value === "off") return { ok: true, doc: { ...doc, quietHours: null }, done };
    const m = /^(\d\d:\d\d)-(\d\d:\d\d)(?:\s+([+-]\d{1,2})(?::?(\d\d))?)?$/.exec(value);
    if (!m) return fail("rules-filter-bad-quiet");
    const sign = m[3]?.startsWith("-") ? -1 : 1;
    const offset = m[3] ? sign * (Math.abs(Number(m[3])) * 60 + Number(m[4] ?? 0)) : 0;
    const next = { ...doc, quietHours: { from: m[1]!, to: m[2]!, utcOffsetMin: offset } };
    return chatRulesSchema.safeParse(next).success ? { ok: true, doc: next, done } : fail("rules-filter-bad-quiet");
  } else {
    return fail("rules-filter-usage", { keys: FILTER_KEYS.join(", ") });
  }
  const next = { ...doc, filter };
  const r = chatRulesSchema.safeParse(next);
  if (!r.success) return fail("rules-filter-conflict", { reason: r.error.issues[0]?.message ?? "" });
  return { ok: true, doc: next, done };
}

/**
 * `/rules add <kind> [n] [seconds]`: n is the wallets (cluster) or buys (accumulation). A cluster
 * rule given without them takes the admin chat's defaults when there are any.
 */
export function addRuleChange(doc: ChatRules, args: string, clusterDefaults?: { wallets: number; windowSec: number }): Change {
  const [kind, given, givenSec] = words(args);
  const cluster = kind === "cluster-buy" || kind === "cluster-exit";
  const n = given ?? (cluster && clusterDefaults ? String(clusterDefaults.wallets) : undefined);
  const sec = givenSec ?? (cluster && clusterDefaults && given === undefined ? String(clusterDefaults.windowSec) : undefined);
  if (!kind || !(PATTERN_KINDS as readonly string[]).includes(kind)) return fail("rules-add-usage", { kinds: PATTERN_KINDS.join(", ") });
  if (doc.rules.length >= MAX_RULES_PER_CHAT) return fail("rules-limit", { limit: MAX_RULES_PER_CHAT });
  const id = nextId("r", doc.rules.map((r) => r.id));
  const params: Record<string, unknown> = { id, kind };
  if (n !== undefined) params[kind === "accumulation" ? "minBuys" : kind === "first-buy" ? "memorySec" : "minWallets"] = Number(n);
  if (sec !== undefined) params.windowSec = Number(sec);
  const r = patternRuleSchema.safeParse(params);
  if (!r.success) return fail("rules-add-bad", { reason: r.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ") });
  return { ok: true, doc: { ...doc, rules: [...doc.rules, r.data] }, done: { key: "rules-added", vars: { id, kind: kind as PatternKind } } };
}

export function toggleRuleChange(doc: ChatRules, id: string): Change {
  const rule = doc.rules.find((r) => r.id === id);
  if (!rule) return fail("rules-not-found", { id });
  return { ok: true, doc: { ...doc, rules: doc.rules.map((r) => (r.id === id ? { ...r, enabled: !r.enabled } : r)) }, done: { key: rule.enabled ? "rules-off" : "rules-on", vars: { id } } };
}

export function deleteRuleChange(doc: ChatRules, id: string): Change {
  if (!doc.rules.some((r) => r.id === id)) return fail("rules-not-found", { id });
  return { ok: true, doc: { ...doc, rules: doc.rules.filter((r) => r.id !== id) }, done: { key: "rules-deleted", vars: { id } } };
}

/** `/backtest <ruleId> [days]` (1..30 days, default 7). */
export function parseBacktestArgs(doc: ChatRules, args: string): { ok: true; ruleId: string; days: number } | { ok: false; error: CommandError } {
  const [id, d] = words(args);
  if (!id) return { ok: false, error: { key: "backtest-usage" } };
  if (!doc.rules.some((r) => r.id === id)) return { ok: false, error: { key: "rules-not-found", vars: { id } } };
  const days = d === undefined ? 7 : Number(d);
  if (!Number.isInteger(days) || days < 1 || days > 30) return { ok: false, error: { key: "backtest-bad-days" } };
  return { ok: true, ruleId: id, days };
}
