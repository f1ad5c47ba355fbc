/**
 * A small LRU of the chats the bot stored lately, each with a fingerprint of what was stored
 * (type, title, username, client language). The chat upsert runs when a chat is new, when its
 * fingerprint changed (renamed group, user switched the app's language), or when the entry
 * expired; not on every update. Expiry matters because another process (the notifier) may mark a
 * chat blocked, and a later message must clear that soon.
 */
export class RecentChats {
  private readonly entries = new Map<string, { fingerprint: string; expiresAt: number }>();

  constructor(
    private readonly maxSize = 10_000,
    private readonly ttlMs = 10 * 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** True when `id` was stored with this `fingerprint` less than `ttlMs` ago; refreshes its LRU position. */
  isFresh(id: number | bigint | string, fingerprint: string): boolean {
    const key = String(id);
    const entry = this.entries.get(key);
    if (entry === undefined) return false;
    this.entries.delete(key);
    if (entry.expiresAt <= this.now() || entry.fingerprint !== fingerprint) return false;
    this.entries.set(key, entry);
    return true;
  }

  remember(id: number | bigint | string, fingerprint: string): void {
    const key = String(id);
    this.entries.delete(key);
    this.entries.set(key, { fingerprint, expiresAt: this.now() + this.ttlMs });
    // Maps iterate in insertion order: the first key is the least recently used.
    while (this.entries.size > this.maxSize) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
  }

  forget(id: number | bigint | string): void {
    this.entries.delete(String(id));
  }

  get size(): number {
    return this.entries.size;
  }
}
