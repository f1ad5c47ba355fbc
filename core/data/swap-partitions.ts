/**
 * `swap` is range-partitioned by slot, one partition per SLOTS_PER_PARTITION slots (about a day
 * at ~400 ms a slot). Slot rather than block time because every transaction has a slot, while
 * block time is missing from gRPC updates; a signature always lands in one slot, so the
 * idempotency key (slot, signature, ix_path) stays unique across partitions.
 *
 * Partitions are created on demand before a batch is inserted (no DEFAULT partition: rows in a
 * default partition would block creating the real one later) and dropped by retention.
 */
import type { SqlRunner } from "./db.js";

export const SLOTS_PER_PARTITION = 216_000;

/** Partition index of a slot, and the partition's table name. */
export const partitionOf = (slot: number): number => Math.floor(slot / SLOTS_PER_PARTITION);
export const partitionName = (index: number): string => `swap_p${index}`;

/** Serialises partition DDL between processes (an arbitrary constant key). */
const PARTITION_LOCK_KEY = 0x5057_4150; // "SWAP"

export class SwapPartitions {
  private readonly known = new Set<number>();

  constructor(private readonly sql: SqlRunner) {}

  /** Makes sure a partition exists for every slot given; cheap when they all exist already. */
  async ensure(slots: Iterable<number>): Promise<void> {
    const missing = new Set<number>();
    for (const slot of slots) {
      const p = partitionOf(slot);
      if (!this.known.has(p)) missing.add(p);
    }
    if (missing.size === 0) return;
    await this.sql.transaction(async (tx) => {
      await tx.query("SELECT pg_advisory_xact_lock($1)", [PARTITION_LOCK_KEY]);
      for (const p of missing) {
        const from = p * SLOTS_PER_PARTITION;
        await tx.exec(
          `CREATE TABLE IF NOT EXISTS ${partitionName(p)} PARTITION OF swap FOR VALUES FROM (${from}) TO (${from + SLOTS_PER_PARTITION})`,
        );
      }
    });
    for (const p of missing) this.known.add(p);
  }

  /** Drops every partition whose slots all lie before `slot`; returns the dropped names. */
  async dropBefore(slot: number): Promise<string[]> {
    const keepFrom = partitionOf(slot);
    const rows = await this.sql.query<{ name: string }>(
      `SELECT c.relname AS name FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
       WHERE i.inhparent = 'swap'::regclass`,
    );
    const doomed = rows
      .map((r) => ({ name: r.name, index: Number(/^swap_p(\d+)$/.exec(r.name)?.[1] ?? NaN) }))
      .filter((r) => Number.isFinite(r.index) && r.index < keepFrom);
    for (const r of doomed) {
      await this.sql.exec(`DROP TABLE IF EXISTS ${r.name}`);
      this.known.delete(r.index);
    }
    return doomed.map((r) => r.name);
  }
}
