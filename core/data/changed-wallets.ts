/**
 * The set of wallets whose swaps changed since their last rescore, in Redis.
 *
 * Key idea: the pipeline SADDs into `changed`; a scoring run first renames `changed` to
 * `processing` (atomic), then rescores `processing` in chunks, removing each chunk only after
 * its scores are committed. New changes land in a fresh `changed` meanwhile, so none is lost,
 * and a run that crashed leaves `processing` behind for the next run to finish first.
 * Trap: popping (SPOP) before the rescore commits would lose wallets on a crash.
 */
import type { Redis } from "ioredis";

export class ChangedWallets {
  readonly changedKey: string;
  readonly processingKey: string;

  constructor(
    private readonly redis: Redis,
    prefix: string,
  ) {
    // One hash tag so both keys live on one Redis Cluster slot (RENAME needs that).
    this.changedKey = `${prefix}:{scoring}:changed`;
    this.processingKey = `${prefix}:{scoring}:processing`;
  }

  /** One call per batch, whatever its size. */
  async add(wallets: Iterable<string>): Promise<void> {
    const unique = [...new Set(wallets)];
    if (unique.length) await this.redis.sadd(this.changedKey, ...unique);
  }

  /** Moves the pending changes into `processing` unless a crashed run left some there. */
  async claim(): Promise<number> {
    if ((await this.redis.exists(this.processingKey)) === 0) {
      await this.redis.renamenx(this.changedKey, this.processingKey).catch((err: Error) => {
        if (!/no such key/i.test(err.message)) throw err;
      });
    }
    return this.redis.scard(this.processingKey);
  }

  async next(count: number): Promise<string[]> {
    return (await this.redis.srandmember(this.processingKey, count)) as string[];
  }

  async done(wallets: readonly string[]): Promise<void> {
    if (wallets.length) await this.redis.srem(this.processingKey, ...wallets);
  }

  async pending(): Promise<number> {
    const [a, b] = await Promise.all([this.redis.scard(this.changedKey), this.redis.scard(this.processingKey)]);
    return a + b;
  }
}
