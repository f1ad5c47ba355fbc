/**
 * Turns one channel post into stored calls: extract (with $TICKER and pool lookups from the
 * database), price each new call from stored swaps (backfilling a token PumpSpace has never
 * seen), store it once, and schedule its outcome checks at +1h, +24h, +3d and +7d.
 *
 * Key idea: the clock is injected, so a test can move time and the delayed jobs run at once.
 * The trap: an edit can add a mint; that call is timed at the edit, never at the original post
 * (a caller must not get credit for an earlier price by editing later).
 */
import type { Queue } from "bullmq";
import { CallStore, type CallerRow, type StoredCall } from "../../core/data/calls.js";
import { extractCalls, findTickers } from "../../core/domain/calls/extract.js";
import { CALL_HORIZONS, horizonDue, marketCapUsd } from "../../core/domain/calls/outcomes.js";
import type { Logger } from "../../core/logger.js";
import type { CallOutcomePayload } from "../../core/queues/contract.js";

/** A channel post reduced to what call extraction needs. */
export interface ChannelPost {
  id: number;
  /** When it was posted (or edited, for an edit). */
  date: Date;
  text: string;
  urls: string[];
}

export interface CallRecorderDeps {
  store: CallStore;
  outcomes: Queue;
  /** Unix ms now; tests move it. */
  clock: () => number;
  /** A repost of the same mint by the same caller within this is not a new call. */
  repostWindowMs: number;
  /** How far back a $TICKER must have traded to count. */
  tickerLookbackMs?: number;
  /** Fetches a token's history when PumpSpace has no trade of it yet (RPC backfill). */
  backfill?: (mint: string) => Promise<void>;
  /** Whole-token supply when known (token facts); launchpad tokens fall back to 1 billion. */
  supply?: (mint: string) => Promise<number | null>;
  /** Told about calls that are new (for subscriptions and combined patterns). */
  onCalls?: (caller: CallerRow, calls: StoredCall[]) => Promise<void>;
  logger: Logger;
}

export function postLink(caller: CallerRow, messageId: number): string | null {
  return caller.kind === "channel" ? `https://t.me/${caller.handle}/${messageId}` : null;
}

/** The BullMQ job id of a call's check at one horizon (no ':' in it). */
export function outcomeJobId(callId: string, horizon: string): string {
  return `call-${callId}-${horizon}`;
}

export class CallRecorder {
  constructor(private readonly deps: CallRecorderDeps) {}

  /** Stores the post's new calls and schedules their checks; returns them. */
  async record(caller: CallerRow, post: ChannelPost): Promise<StoredCall[]> {
    const { store } = this.deps;
    const message = { text: post.text, urls: post.urls };
    const tickers = findTickers(post.text);
    const firstPass = extractCalls(message);
    const since = new Date(this.deps.clock() - (this.deps.tickerLookbackMs ?? 24 * 3_600_000));
    const [tickerMints, poolMints] = await Promise.all([
      tickers.length > 0 ? store.tickerMints(tickers, since) : Promise.resolve(new Map<string, string[]>()),
      firstPass.unresolvedPairs.length > 0 || firstPass.calls.some((c) => c.source === "pair")
        ? store.poolMints([...firstPass.unresolvedPairs, ...firstPass.calls.filter((c) => c.source === "pair").map((c) => c.mint)])
        : Promise.resolve(new Map<string, string>()),
    ]);
    const { calls } = extractCalls(message, {
      tickerMints: (s) => tickerMints.get(s) ?? [],
      poolMint: (p) => poolMints.get(p) ?? null,
    });
    if (calls.length === 0) return [];

    const priced = [];
    for (const c of calls) {
      let price = await store.priceAtCall(c.mint, post.date);
      if (price === null && this.deps.backfill) {
        try {
          await this.deps.backfill(c.mint);
          price = await store.priceAtCall(c.mint, post.date);
        } catch (err) {
          this.deps.logger.warn({ mint: c.mint, err: (err as Error).message }, "backfill of a called token failed; stored without a price");
        }
      }
      const supply = this.deps.supply ? await this.deps.supply(c.mint) : null;
      priced.push({
        mint: c.mint,
        source: c.source,
        priceUsd: price?.priceUsd ?? null,
        priceSol: price?.priceSol ?? null,
        marketCapUsd: marketCapUsd(c.mint, price?.priceUsd ?? null, supply),
      });
    }
    const stored = await store.recordCalls(
      { callerId: caller.id, messageId: post.id, link: postLink(caller, post.id), calledAt: post.date, calls: priced },
      this.deps.repostWindowMs,
    );
    await this.schedule(stored);
    if (stored.length > 0) await this.deps.onCalls?.(caller, stored);
    return stored;
  }

  /** One delayed job per call and horizon; a repeated schedule is a no-op (same job id). */
  async schedule(calls: readonly StoredCall[]): Promise<void> {
    if (calls.length === 0) return;
    const now = this.deps.clock();
    await this.deps.outcomes.addBulk(
      calls.flatMap((c) =>
        CALL_HORIZONS.map((horizon) => ({
          name: "call-outcome",
          data: { callId: c.id, horizon } satisfies CallOutcomePayload,
          opts: { jobId: outcomeJobId(c.id, horizon), delay: Math.max(0, horizonDue(c.calledAt.getTime(), horizon) - now) },
        })),
      ),
    );
  }
}
