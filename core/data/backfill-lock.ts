/**
 * One backfill of an address at a time across processes (the CLI and the token-backfill queue):
 * two sweeps of one address would fight over its signature cursor. A Postgres advisory lock on
 * `backfill:<source>` decides who runs; the other is told at once.
 */
import type { Database } from "./db.js";

export class BackfillBusyError extends Error {
  override name = "BackfillBusyError";
}

/** Runs `fn` holding the address's lock; rejects with BackfillBusyError when another run holds it. */
export async function withAddressLock<T>(db: Pick<Database, "kind" | "sql">, source: string, fn: () => Promise<T>): Promise<T> {
  // PGlite has one connection and one process: nobody to collide with.
  if (db.kind !== "postgres") return fn();
  const key = `backfill:${source}`;
  return db.sql.session(async (s) => {
    const rows = await s.query<{ locked: boolean }>(`SELECT pg_try_advisory_lock(hashtext($1)) AS locked`, [key]);
    if (!rows[0]?.locked) throw new BackfillBusyError(`a backfill of ${source.replace(/^rpc:/, "")} is already running`);
    try {
      return await fn();
    } finally {
      await s.query(`SELECT pg_advisory_unlock(hashtext($1))`, [key]).catch(() => {});
    }
  });
}
