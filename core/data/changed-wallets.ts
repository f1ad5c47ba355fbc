/**
 * The wallets whose swaps changed since their last rescore, in Redis, each with the lowest slot
 * among its new swaps (a sorted set scored by slot): scoring folds a wallet's new swaps into its
 * stored state, and a new swap older than what was folded tells it to rebuild that wallet.
 *
 * Key idea: the pipeline ZADDs into `changed` with LT (a member keeps its lowest slot); a
 * scoring run first renames `changed` to `processing` (atomic), then rescores `processing` in
 * chunks, removing each chunk only after its scores are committed. New changes land in a fresh
 * `changed` meanwhile, so none is lost, and a run that crashed leaves `processing` behind for the
 * next run to finish first.
 * Trap: popping before the rescore commits would lose wallets on a crash.
 */
import type { Redis } from "ioredis";

export interface WalletChange {
  wallet: string;
  /** Lowest slot among the wallet's swaps stored since it was last rescored. */
  minSlot: number;
}

export class ChangedWallets {
  readonly changedKey: string;
  readonly processingKey: string;

  constructor(
    private readonly redis: Redis,
    prefix: string,
  ) {
    // One hash tag so both keys live on one Redis Cluster slot (RENAME needs that). The names
    // differ from the plain sets the keys once were, so an old set is never read as a sorted set.
    this.changedKey = `${prefix}:{scoring}:changed-since`;
    this.processingKey = `${prefix}:{scoring}:processing-since`;
  }

  /** One call per batch, whatever its size. */
  async add(swaps: Iterable<{ trader: string; slot: number }>): Promise<void> {
    const lowest = new Map<string, number>();
    for (const s of swaps) {
      const had = lowest.get(s.trader);
      if (had === undefined || s.slot < had) lowest.set(s.trader, s.slot);
    }
    if (lowest.size === 0) return;
    const args: (string | number)[] = [];
    for (const [wallet, slot] of lowest) args.push(slot, wallet);
    await this.redis.zadd(this.changedKey, "LT", ...args);
  }

  /**
   * Marks wallets for a rescore without new swaps (a label or cluster of theirs changed): the
   * highest slot, so their stored state resumes with nothing to fold, and a real change's lower
   * slot still wins (LT).
   */
  async touch(wallets: Iterable<string>): Promise<void> {
    const args: (string | number)[] = [];
    for (const w of new Set(wallets)) args.push(Number.MAX_SAFE_INTEGER, w);
    if (args.length) await this.redis.zadd(this.changedKey, "LT", ...args);
  }

  /** Moves the pending changes into `processing` unless a crashed run left some there. */
  async claim(): Promise<number> {
    if ((await this.redis.exists(this.processingKey)) === 0) {
      await this.redis.renamenx(this.changedKey, this.processingKey).catch((err: Error) => {
        if (!/no such key/i.test(err.message)) throw err;
      });
    }
    return this.redis.zcard(this.processingKey);
  }

  /** Everything claimed (one read; a run hands the wallets out to its chunks from memory). */
  async claimed(): Promise<WalletChange[]> {
    const flat = await this.redis.zrange(this.processingKey, 0, -1, "WITHSCORES");
    const out: WalletChange[] = [];
    for (let i = 0; i < flat.length; i += 2) out.push({ wallet: flat[i]!, minSlot: Number(flat[i + 1]) });
    return out;
  }

  async done(wallets: readonly string[]): Promise<void> {
    if (wallets.length) await this.redis.zrem(this.processingKey, ...wallets);
  }

  async pending(): Promise<number> {
    const [a, b] = await Promise.all([this.redis.zcard(this.changedKey), this.redis.zcard(this.processingKey)]);
    return a + b;
  }
}
