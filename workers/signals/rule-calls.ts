/**
 * PumpSpace's own alert rules scored like channels: every buy a tracked-wallet alert reports is
 * a "call" by the rule, with the same delayed outcome checks, so /callers-style figures exist
 * for the rules too (caller kind "rule").
 *
 * Key idea: a swap-batch consumer, one query per batch (which traders are tracked), then one
 * call per (slot, token) — the slot stands in for the message id, so a batch seen twice stores
 * nothing new. Backfilled history (source rpc) never alerted anyone and makes no calls.
 */
import type { SqlRunner } from "../../core/data/db.js";
import type { CallStore, NewCall } from "../../core/data/calls.js";
import { marketCapUsd } from "../../core/domain/calls/outcomes.js";
import { viewSwap, type Swap } from "../../core/domain/swap.js";
import type { SwapBatchConsumer, SwapBatchContext } from "../processors/swap-batches.js";
import type { CallRecorder } from "./recorder.js";

/** The rule behind every wallet-swap alert: a tracked wallet bought a token. */
export const TRACKED_WALLET_BUY_RULE = "tracked-wallet-buy";

export class RuleCallConsumer implements SwapBatchConsumer {
  readonly name = "rule-calls";
  private ruleId: string | undefined;

  constructor(
    private readonly deps: { sql: SqlRunner; store: CallStore; recorder: CallRecorder; repostWindowMs: number },
  ) {}

  async consume(swaps: readonly Swap[], ctx: SwapBatchContext): Promise<void> {
    if (ctx.source === "rpc" || swaps.length === 0) return;
    const traders = [...new Set(swaps.map((s) => s.trader))];
    const rows = await this.deps.sql.query<{ address: string }>(
      `SELECT DISTINCT address FROM tracked_wallet WHERE address = ANY($1)`,
      [traders],
    );
    if (rows.length === 0) return;
    const tracked = new Set(rows.map((r) => r.address));
    const firstBuy = new Map<string, Swap>();
    for (const s of swaps) {
      if (!tracked.has(s.trader)) continue;
      const v = viewSwap(s);
      if (v.side !== "buy") continue;
      const key = `${s.slot}-${v.tokenMint}`;
      if (!firstBuy.has(key)) firstBuy.set(key, s);
    }
    if (firstBuy.size === 0) return;
    this.ruleId ??= (await this.deps.store.addCaller("rule", TRACKED_WALLET_BUY_RULE)).id;
    for (const s of firstBuy.values()) {
      const mint = viewSwap(s).tokenMint;
      const call: NewCall = { mint, source: "rule", priceUsd: s.priceUsd, priceSol: s.priceSol, marketCapUsd: marketCapUsd(mint, s.priceUsd, null) };
      const stored = await this.deps.store.recordCalls(
        { callerId: this.ruleId, messageId: s.slot, link: null, calledAt: new Date((s.blockTime ?? Math.floor(Date.now() / 1000)) * 1000), calls: [call] },
        this.deps.repostWindowMs,
      );
      await this.deps.recorder.schedule(stored);
    }
  }
}
