/**
 * The token rows this process has already written, so the store can skip upserting a mint on
 * every trade. Most batches trade tokens seen moments before; without this, every batch rewrote
 * (or at least probed) one `token` row per mint it touched.
 *
 * Only what a committed upsert wrote is remembered, so a rolled-back batch leaves no false
 * "known". The cache is bounded: when full it starts over (a cold mint costs one upsert again).
 */
import type { TokenInfo } from "./swap-store.js";

export class KnownTokens {
  private readonly byMint = new Map<string, TokenInfo>();

  constructor(private readonly maxEntries = 200_000) {}

  /** Whether upserting `t` could change the stored row (per the upsert's COALESCE rules). */
  changes(t: TokenInfo): boolean {
    const known = this.byMint.get(t.mint);
    if (!known) return true;
    if (known.decimals === null && t.decimals !== null) return true;
    if (t.symbol !== null && t.symbol !== known.symbol) return true;
    return t.name !== null && t.name !== known.name;
  }

  /** After the upsert of `written` committed. */
  remember(written: readonly TokenInfo[]): void {
    if (this.byMint.size + written.length > this.maxEntries) this.byMint.clear();
    for (const t of written) {
      const known = this.byMint.get(t.mint);
      this.byMint.set(t.mint, {
        mint: t.mint,
        symbol: t.symbol ?? known?.symbol ?? null,
        name: t.name ?? known?.name ?? null,
        decimals: known?.decimals ?? t.decimals,
      });
    }
  }

  get size(): number {
    return this.byMint.size;
  }
}
