/**
 * The rule documents a chat owns, as versioned JSON validated with zod on every read and write:
 * subscriptions (tokens, smart-money tiers, signal sources), filters (per subscription or for the
 * whole chat), pattern rules (cluster buy, accumulation, first buy, cluster exit) and quiet hours.
 *
 * Tracked wallets stay in their own table (`tracked_wallet`); the evaluator treats each of them as
 * a wallet subscription under the chat's filter. Every field has a default so an old document
 * parses into today's shape; `v` names the shape, and a document of an unknown version is refused.
 */
import { z } from "zod";
import { WALLET_TIERS } from "../wallet-profile.js";

export const WALLET_LABELS = ["bot", "mev", "sniper", "dev", "insider", "market-maker"] as const;

const nonNeg = z.number().finite().nonnegative();
const address = z.string().regex(/^[1-9A-HJ-NP-Za-km-z]{32,44}$/, "not a base58 address");
/** "HH:MM", 24-hour clock. */
const clock = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "expected HH:MM");

/** Filters narrow what reaches a chat. An absent bound does not filter. */
export const filterSchema = z
  .object({
    side: z.enum(["buy", "sell", "both"]).default("both"),
    minSol: nonNeg.optional(),
    maxSol: nonNeg.optional(),
    minUsd: nonNeg.optional(),
    maxUsd: nonNeg.optional(),
    minMcapUsd: nonNeg.optional(),
    maxMcapUsd: nonNeg.optional(),
    minLiquidityUsd: nonNeg.optional(),
    maxLiquidityUsd: nonNeg.optional(),
    /** Token age bounds in seconds since its first trade (or creation, when known). */
    minAgeSec: nonNeg.optional(),
    maxAgeSec: nonNeg.optional(),
    excludeLabels: z.array(z.enum(WALLET_LABELS)).default([]),
    /** Refuse tokens whose mint authority is still set (more can be minted). */
    noMintAuthority: z.boolean().default(false),
    /** Refuse tokens whose freeze authority is set (holders can be frozen). */
    noFreezeAuthority: z.boolean().default(false),
    /** Refuse Token-2022 mints with a dangerous extension (permanent delegate, hook, fee, ...). */
    noRiskyExtensions: z.boolean().default(false),
  })
  .refine((f) => f.minSol === undefined || f.maxSol === undefined || f.minSol <= f.maxSol, { message: "minSol > maxSol", path: ["minSol"] })
  .refine((f) => f.minUsd === undefined || f.maxUsd === undefined || f.minUsd <= f.maxUsd, { message: "minUsd > maxUsd", path: ["minUsd"] })
  .refine((f) => f.minMcapUsd === undefined || f.maxMcapUsd === undefined || f.minMcapUsd <= f.maxMcapUsd, {
    message: "minMcapUsd > maxMcapUsd",
    path: ["minMcapUsd"],
  })
  .refine((f) => f.minAgeSec === undefined || f.maxAgeSec === undefined || f.minAgeSec <= f.maxAgeSec, {
    message: "minAgeSec > maxAgeSec",
    path: ["minAgeSec"],
  });
export type Filter = z.infer<typeof filterSchema>;
export type FilterInput = z.input<typeof filterSchema>;

export const quietHoursSchema = z.object({
  from: clock,
  to: clock,
  /** The chat's offset from UTC in minutes (UTC+8 is 480). */
  utcOffsetMin: z.number().int().min(-720).max(840).default(0),
});
export type QuietHours = z.infer<typeof quietHoursSchema>;

const tierList = z.array(z.enum(WALLET_TIERS)).min(1);

export const subscriptionSchema = z.discriminatedUnion("kind", [
  z.object({ id: z.string().min(1).max(32), kind: z.literal("token"), mint: address, filter: filterSchema.optional() }),
  z.object({ id: z.string().min(1).max(32), kind: z.literal("tier"), tiers: tierList, filter: filterSchema.optional() }),
  /** A signal source (a caller channel); matched once signals exist. */
  z.object({ id: z.string().min(1).max(32), kind: z.literal("caller"), channel: z.string().min(1).max(64), filter: filterSchema.optional() }),
]);
export type Subscription = z.infer<typeof subscriptionSchema>;

const ruleBase = {
  id: z.string().min(1).max(32),
  enabled: z.boolean().default(true),
  /** Which smart-money tiers count as "smart" for this rule. */
  tiers: tierList.default(["S", "A", "B"]),
  /** Buys smaller than this (SOL) are noise for the pattern. */
  minBuySol: nonNeg.default(0),
  /** After a fire, the same token does not fire this rule again for this long. */
  cooldownSec: z.number().int().min(0).max(7 * 86400).default(1800),
  /** Wallets with these labels never count toward the pattern (bots are not conviction). */
  excludeLabels: z.array(z.enum(WALLET_LABELS)).default(["bot", "mev"]),
};
const windowSec = z.number().int().min(1).max(86400);

export const patternRuleSchema = z.discriminatedUnion("kind", [
  z.object({
    ...ruleBase,
    kind: z.literal("cluster-buy"),
    /** Distinct owners (wallets of one owner cluster count once). */
    minWallets: z.number().int().min(2).max(50).default(3),
    windowSec: windowSec.default(60),
  }),
  z.object({
    ...ruleBase,
    kind: z.literal("accumulation"),
    minBuys: z.number().int().min(2).max(100).default(3),
    windowSec: windowSec.default(600),
  }),
  z.object({
    ...ruleBase,
    kind: z.literal("first-buy"),
    /** How long a token stays "known" after a smart buy; a token quiet for longer is new again. */
    memorySec: z.number().int().min(60).max(7 * 86400).default(86400),
  }),
  z.object({
    ...ruleBase,
    kind: z.literal("cluster-exit"),
    /** The cluster-buy this exit follows. */
    minWallets: z.number().int().min(2).max(50).default(3),
    windowSec: windowSec.default(60),
    /** Distinct owners of the cluster who must sell (capped at the cluster's size). */
    minSellers: z.number().int().min(1).max(50).default(2),
    /** How long after the cluster buy its wallets are watched. */
    horizonSec: z.number().int().min(60).max(7 * 86400).default(86400),
  }),
]);
export type PatternRule = z.infer<typeof patternRuleSchema>;
export type PatternRuleInput = z.input<typeof patternRuleSchema>;
export type PatternKind = PatternRule["kind"];
export const PATTERN_KINDS: readonly PatternKind[] = ["cluster-buy", "accumulation", "first-buy", "cluster-exit"];

export const RULES_DOC_VERSION = 1;
export const MAX_SUBSCRIPTIONS_PER_CHAT = 200;
export const MAX_RULES_PER_CHAT = 20;

export const chatRulesSchema = z
  .object({
    v: z.literal(RULES_DOC_VERSION).default(RULES_DOC_VERSION),
    subscriptions: z.array(subscriptionSchema).max(MAX_SUBSCRIPTIONS_PER_CHAT).default([]),
    filter: filterSchema.default(() => filterSchema.parse({})),
    rules: z.array(patternRuleSchema).max(MAX_RULES_PER_CHAT).default([]),
    quietHours: quietHoursSchema.nullable().default(null),
  })
  .refine((d) => new Set(d.subscriptions.map((s) => s.id)).size === d.subscriptions.length, {
    message: "duplicate subscription id",
    path: ["subscriptions"],
  })
  .refine((d) => new Set(d.rules.map((r) => r.id)).size === d.rules.length, { message: "duplicate rule id", path: ["rules"] });
export type ChatRules = z.infer<typeof chatRulesSchema>;
export type ChatRulesInput = z.input<typeof chatRulesSchema>;

/** A chat's document with nothing in it. */
export const emptyChatRules = (): ChatRules => chatRulesSchema.parse({});

/**
 * The identity of a pattern rule's behaviour: every parameter except its id and on/off switch,
 * in a fixed order. Chats whose rules share a key share one state machine (so 10,000 chats on the
 * default cluster rule cost one evaluator, not 10,000) and the key is stable across restarts.
 */
export function patternKey(r: PatternRule): string {
  const { id: _id, enabled: _enabled, ...params } = r;
  const sorted = Object.keys(params)
    .sort()
    .map((k) => {
      const v = (params as Record<string, unknown>)[k];
      return `${k}=${Array.isArray(v) ? [...v].sort().join("") : String(v)}`;
    });
  return sorted.join(";");
}
