/**
 * The live rule stage: a SwapBatchConsumer that runs each stored batch through the rule engine
 * (subscriptions by wallet, token and tier under each chat's filters; pattern rules), writes the
 * resulting alerts into the `alert` outbox in one statement and enqueues them in one addBulk.
 *
 * Key ideas:
 * - Everything per batch, nothing per swap: one version query, one profile lookup for the
 *   batch's traders, token contexts only for the mints a token filter needs (cached briefly),
 *   one symbol query, one insert, one addBulk.
 * - Pattern state lives in this process and is rebuilt, not stored: on the first batch the
 *   consumer restores cooldowns from the pattern alerts in the outbox (the newest fire per rule
 *   and token within the longest cooldown), then replays the last `warmupSec` of stored swaps
 *   (slot order) through the engine with nothing delivered, which restores the windows. What is
 *   lost is older than the warm-up: a cluster exit's memory of clusters (and first-buy memory).
 *   One fire never alerts twice (alert dedupe keys are the rule's parameters plus the swap).
 * - A retried batch (same job id) reuses the engine's output instead of feeding the swaps again,
 *   which would double-count them in the windows.
 * Trap: backfilled history (source "rpc") is neither news nor stream order: it is skipped.
 */
import type { Queue } from "bullmq";
import { loadRuleSets, ruleSetsVersion } from "../../core/data/chat-rules.js";
import type { SqlRunner } from "../../core/data/db.js";
import { insertAlertsWithSymbols, recentPatternFires } from "../../core/data/alerts.js";
import { SLOT_SECONDS, streamSwaps } from "../../core/data/swap-history.js";
import { PATTERN_ALERT_KINDS, type PatternAlert, type WalletSwapAlert } from "../../core/domain/alerts.js";
import { buildMatchAlert, buildPatternAlert } from "../../core/domain/rules/alert.js";
import { deliverable, mintsNeedingContext, RuleEngine, type EngineOutput } from "../../core/domain/rules/engine.js";
import type { TokenContext } from "../../core/domain/rules/filter.js";
import type { Swap } from "../../core/domain/swap.js";
import type { TokenFactsReader } from "../../core/domain/token-facts.js";
import type { TokenStatsReader } from "../../core/domain/token-stats.js";
import type { WalletProfile, WalletProfileReader } from "../../core/domain/wallet-profile.js";
import type { Logger } from "../../core/logger.js";
import { enqueueAlerts } from "../../core/queues/producers.js";
import type { SwapBatchConsumer, SwapBatchContext } from "./swap-batches.js";

export interface RulesConsumerDeps {
  sql: SqlRunner;
  notifyQueue: Queue;
  logger: Logger;
  /** Scoring's profiles; without it no wallet is smart (tier subscriptions and patterns stay quiet). */
  profiles?: WalletProfileReader;
  /** Token stats and facts for market cap, liquidity, age and risk filters; without them those filters fail closed. */
  tokenStats?: TokenStatsReader;
  tokenFacts?: TokenFactsReader;
  /** Seconds of stored swaps replayed on start to rebuild pattern state (default 300). */
  warmupSec?: number;
  /** Wall clock in ms (tests). */
  now?: () => number;
  /** Called with each batch's alert ids right after they are enqueued (the bench's clock). */
  onEnqueued?: (ids: readonly string[], swaps: number) => void;
  /** Told about each batch's pattern alerts once they are in the outbox (the call + cluster pattern). */
  onPatternAlerts?: (alerts: readonly PatternAlert[]) => Promise<void>;
}

export interface RulesConsumer extends SwapBatchConsumer {
  readonly engine: RuleEngine;
  /** Loads rules now if they changed (otherwise the first batch does, and later ones check each second). */
  reload(): Promise<void>;
}

const noProfiles: WalletProfileReader = async () => new Map<string, WalletProfile>();
const CONTEXT_TTL_MS = 30_000;
const RECENT_JOBS = 64;
/** A rules load slower than this is not awaited by the batches any more. */
const SLOW_LOAD_MS = 250;

export function createRulesConsumer(deps: RulesConsumerDeps): RulesConsumer {
  const engine = new RuleEngine();
  const now = deps.now ?? Date.now;
  const profiles = deps.profiles ?? noProfiles;
  const recent = new Map<string, EngineOutput>();
  const contexts = new Map<string, { at: number; ctx: TokenContext }>();
  let version: string | null = null;
  let lastLoadMs = 0;
  let reloading: Promise<void> | null = null;
  // Set by the first batch; a second batch running beside it waits for the same warm-up.
  let warmed: Promise<void> | null = null;

  async function reload(v: string): Promise<void> {
    const started = now();
    const { sets, invalid } = await loadRuleSets(deps.sql);
    for (const err of invalid) deps.logger.warn({ chatId: err.chatId, reason: err.message }, "stored rules do not validate; the chat keeps its tracked wallets only");
    engine.setChats(sets);
    version = v;
    lastLoadMs = now() - started;
    deps.logger.debug({ chats: sets.length, subscriptions: engine.size, patterns: engine.patternCount }, "rules loaded");
  }

  /**
   * Checks the version on every batch (one primary-key read), so an edit applies from the next
   * batch. A quick load is awaited; a slow one (10,000 chats take a second or more to read and
   * validate) runs beside the batches, and the engine switches to the new index when it is ready.
   */
  async function reloadIfChanged(force = false): Promise<void> {
    if (!force && reloading) return;
    const v = await ruleSetsVersion(deps.sql);
    if (v === version) return;
    if (version === null || force || lastLoadMs < SLOW_LOAD_MS) return reload(v);
    reloading = reload(v)
      .catch((err: unknown) => deps.logger.warn({ err: (err as Error).message }, "reloading rules failed; keeping the previous ones"))
      .finally(() => (reloading = null));
  }

  async function warmUp(beforeSlot: number): Promise<void> {
    if (engine.patternCount === 0) return;
    // Cooldowns reach further back than the warm-up: the outbox remembers the fires themselves.
    const seeded = engine.seedFires(await recentPatternFires(deps.sql, PATTERN_ALERT_KINDS, engine.maxCooldownSec));
    if (seeded) deps.logger.info({ fires: seeded }, "rule cooldowns restored from recent alerts");
    const sec = deps.warmupSec ?? 300;
    if (sec <= 0) return;
    const fromSlot = Math.max(0, beforeSlot - Math.ceil(sec / SLOT_SECONDS));
    let n = 0;
    for await (const chunk of streamSwaps(deps.sql, { fromSlot, toSlot: beforeSlot })) {
      engine.evaluate(chunk, await profiles([...new Set(chunk.map((s) => s.trader))]), now() / 1000);
      n += chunk.length;
    }
    deps.logger.info({ swaps: n, fromSlot, beforeSlot }, "rule state rebuilt from recent swaps");
  }

  async function readContexts(mints: Set<string>): Promise<Map<string, TokenContext>> {
    const out = new Map<string, TokenContext>();
    if (mints.size === 0 || (!deps.tokenStats && !deps.tokenFacts)) return out;
    const t = now();
    const missing: string[] = [];
    for (const m of mints) {
      const c = contexts.get(m);
      if (c && t - c.at < CONTEXT_TTL_MS) out.set(m, c.ctx);
      else missing.push(m);
    }
    const nowSec = Math.floor(t / 1000);
    const read = await Promise.all(
      missing.map(async (m) => {
        const [stats, facts] = await Promise.all([deps.tokenStats?.(m, nowSec) ?? null, deps.tokenFacts?.(m) ?? null]);
        return [m, { stats, facts }] as const;
      }),
    );
    for (const [m, ctx] of read) {
      contexts.set(m, { at: t, ctx });
      out.set(m, ctx);
    }
    if (contexts.size > 50_000) for (const [m, c] of contexts) if (t - c.at >= CONTEXT_TTL_MS) contexts.delete(m);
    return out;
  }

  async function evaluate(swaps: readonly Swap[], ctx: SwapBatchContext): Promise<EngineOutput> {
    const cached = recent.get(ctx.jobId);
    if (cached) return cached;
    const out = engine.evaluate(swaps, await profiles([...new Set(swaps.map((s) => s.trader))]), now() / 1000);
    recent.set(ctx.jobId, out);
    if (recent.size > RECENT_JOBS) recent.delete(recent.keys().next().value!);
    return out;
  }

  return {
    name: "rules",
    engine,
    reload: () => reloadIfChanged(true),
    async consume(swaps, ctx) {
      if (ctx.source === "rpc" || swaps.length === 0) return;
      await reloadIfChanged();
      await (warmed ??= warmUp(Math.min(...swaps.map((s) => s.slot))));
      const out = await evaluate(swaps, ctx);
      if (out.matches.length === 0 && out.deliveries.length === 0) return deps.onEnqueued?.([], swaps.length);
      const ready = deliverable(out, await readContexts(mintsNeedingContext(out)), now() / 1000);
      // Symbols are filled in by the insert itself (one round trip fewer per batch).
      const symbols = new Map<string, string>();
      const rows: { chatId: string; alert: WalletSwapAlert | PatternAlert }[] = [
        ...ready.matches.map((m) => ({ chatId: m.chatId, alert: buildMatchAlert(m, symbols) })),
        ...ready.deliveries.map((d) => ({ chatId: d.chatId, alert: buildPatternAlert(d, symbols) })),
      ];
      // One row per (chat, kind, key): two rules of one chat with equal parameters fire alike.
      const unique = [...new Map(rows.map((r) => [`${r.chatId} ${r.alert.kind} ${r.alert.key}`, r])).values()];
      const ids = await insertAlertsWithSymbols(deps.sql, unique);
      // With their chats, so each alert is ranked in its chat's backlog (fair delivery).
      await enqueueAlerts(deps.notifyQueue, ids);
      // A failure here fails the batch: its retry reuses the engine output and inserts nothing twice.
      if (deps.onPatternAlerts && ready.deliveries.length > 0) {
        await deps.onPatternAlerts(unique.map((r) => r.alert).filter((a): a is PatternAlert => a.kind !== "wallet-swap"));
      }
      deps.onEnqueued?.(ids.map((a) => a.id), swaps.length);
    },
  };
}
