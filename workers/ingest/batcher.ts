/**
 * Collects items into batches that leave when full or when the oldest item has waited `maxWaitMs`
 * (so a quiet live stream still delivers within a bound). Flushes run one at a time, in order;
 * `push` awaits a flush when the batch is full, which is the backpressure on the datasource.
 */
export class Batcher<T> {
  private items: T[] = [];
  private timer: NodeJS.Timeout | null = null;
  private chain: Promise<void> = Promise.resolve();
  private failure: unknown = null;

  constructor(
    private readonly size: number,
    private readonly maxWaitMs: number,
    private readonly send: (items: T[]) => Promise<void>,
  ) {}

  async push(...items: T[]): Promise<void> {
    if (this.failure) throw this.failure;
    if (items.length === 0) return;
    this.items.push(...items);
    if (this.items.length >= this.size) {
      await this.flush();
    } else if (!this.timer) {
      this.timer = setTimeout(() => void this.flush().catch(() => {}), this.maxWaitMs);
    }
  }

  /** Sends what is waiting; resolves when it (and every earlier flush) is done. */
  flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    const batch = this.items;
    this.items = [];
    this.chain = this.chain.then(async () => {
      if (batch.length === 0 || this.failure) return;
      try {
        await this.send(batch);
      } catch (err) {
        // Remembered and rethrown to the producer: a batch that could not be handed off must stop
        // the datasource before its cursor moves past it.
        this.failure = err;
        throw err;
      }
    });
    return this.chain;
  }
}
