/**
 * The set of tracked wallet addresses, kept in memory by the pipeline so that matching a batch of
 * swaps costs a Set lookup per trader instead of a query carrying every trader of the batch.
 *
 * Key idea: a trigger bumps one version row on every change to tracked_wallet; each batch reads
 * that version (one tiny query, inside the batch's transaction) and reloads the set only when it
 * moved. The set is used as a filter: the chats and labels of the few matching traders are still
 * read from the database, so a stale extra address costs one lookup, never a wrong alert.
 */
import type { SqlSession } from "./db.js";

export class TrackedWalletIndex {
  private version: string | null = null;
  private addresses: ReadonlySet<string> = new Set();

  /** The traders among `traders` that some chat tracks (as of this transaction's snapshot). */
  async filter(tx: SqlSession, traders: Iterable<string>): Promise<string[]> {
    const [row] = await tx.query<{ version: string }>(`SELECT version FROM tracked_wallet_version WHERE id = 1`);
    const version = String(row?.version ?? "");
    if (version !== this.version) {
      const rows = await tx.query<{ address: string }>(`SELECT DISTINCT address FROM tracked_wallet`);
      this.addresses = new Set(rows.map((r) => r.address));
      this.version = version;
    }
    const out: string[] = [];
    for (const t of traders) if (this.addresses.has(t)) out.push(t);
    return out;
  }
}
