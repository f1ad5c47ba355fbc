/**
 * A database of its own for one bench run: created empty (the bench migrates it, so migration
 * time stays out of nothing it measures by accident), dropped by `drop` even while connections
 * are still open.
 */
import pg from "pg";
import { connectPostgres, type Database } from "../core/data/db.js";

export const BENCH_PG = process.env.BENCH_DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

export interface ThrowawayDatabase {
  url: string;
  db: Database;
  /** Closes `db` and drops the database. */
  drop(): Promise<void>;
}

export async function throwawayDatabase(label: string, poolMax: number): Promise<ThrowawayDatabase> {
  const name = `pumpspace_bench_${label}_${process.pid}`;
  const admin = new pg.Client({ connectionString: BENCH_PG });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  const u = new URL(BENCH_PG);
  u.pathname = `/${name}`;
  const url = u.toString();
  const db = connectPostgres(url, { max: poolMax });
  return {
    url,
    db,
    drop: async () => {
      await db.close();
      await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    },
  };
}
