/**
 * Collects items into batches that leave when full or when the oldest item has waited `maxWaitMs`
 * (so a quiet live stream still delivers within a bound).
 *
 * Up to `maxInFlight` batches are sent at once, so one batch's waits (Redis, Postgres) overlap the
 * next one's work; `settle` then runs for each batch strictly in batch order, after its own send
 * and every earlier settle (a cursor must never move past a batch that is not handed off). A full
 * batch waits in `push` while `maxInFlight` batches are out: that is the backpressure on the
 * datasource.
 *
 * What a batch covers of the input (for a cursor) travels apart from its items: `cover(c)` before
 * pushing an input's items, and the batch that takes them hands the latest `c` to `settle`. Items
 * need not hold their input then, so a batch waiting to be stored keeps its swaps alive and not
 * every raw transaction they came from (kilobytes each, which the garbage collector would otherwise
 * promote to the old generation while the batch waits).
 */
export class Batcher<T, C = undefined> {
  private items: T[] = [];
  private covered: C | undefined;
  private timer: NodeJS.Timeout | null = null;
  /** Settles of dispatched batches, in order; rejects once a batch failed. */
  private chain: Promise<void> = Promise.resolve();
  private inFlight = 0;
  private waiters: (() => void)[] = [];
  private failure: unknown = null;
  /** The time bound passed while every slot was taken: the partial batch leaves at the next free one. */
  private overdue = false;

  constructor(
    private readonly size: number,
    private readonly maxWaitMs: number,
    private readonly send: (items: T[]) => Promise<void>,
    private readonly maxInFlight = 1,
    private readonly settle?: (items: T[], covered: C | undefined) => Promise<void> | void,
  ) {
    // A failure is reported through push() and flush(); the chain itself must not be unhandled.
    this.chain.catch(() => {});
  }

  /** The input pushed next is covered up to `c` (handed to `settle` with the batch that takes it). */
  cover(c: C): void {
    this.covered = c;
  }

  async push(...items: T[]): Promise<void> {
    if (this.failure) throw this.failure;
    if (items.length === 0) return;
    this.items.push(...items);
    if (this.items.length >= this.size) {
      if (this.timer) {
        clearTimeout(this.timer);
        this.timer = null;
      }
      while (this.inFlight >= this.maxInFlight && !this.failure) await new Promise<void>((r) => this.waiters.push(r));
      if (this.failure) throw this.failure;
      this.dispatch();
    } else if (!this.timer && !this.overdue) {
      this.timer = setTimeout(() => this.onTimeBound(), this.maxWaitMs);
    }
  }

  /** Sends what is waiting; resolves when every batch so far is sent and settled. */
  flush(): Promise<void> {
    this.dispatch();
    return this.chain;
  }

  private onTimeBound(): void {
    this.timer = null;
    // Never more than maxInFlight out, also for partial batches (a stalled store must hold the
    // datasource, not pile up batches).
    if (this.inFlight >= this.maxInFlight) this.overdue = true;
    else this.dispatch();
  }

  private dispatch(): void {
    this.overdue = false;
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    const batch = this.items;
    const covered = this.covered;
    this.items = [];
    if (batch.length === 0 || this.failure) return;
    this.inFlight++;
    const sent = this.send(batch);
    sent.catch(() => {});
    const settled = this.chain.then(async () => {
      await sent;
      await this.settle?.(batch, covered);
    });
    this.chain = settled.then(
      () => this.release(),
      (err: unknown) => {
        // Remembered and rethrown to the producer: a batch that could not be handed off must stop
        // the datasource before its cursor moves past it.
        this.failure ??= err;
        this.release();
        throw this.failure;
      },
    );
    this.chain.catch(() => {});
  }

  private release(): void {
    this.inFlight--;
    if (this.overdue && !this.failure) this.dispatch();
    for (const wake of this.waiters.splice(0)) wake();
  }
}
