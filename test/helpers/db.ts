// A fresh, migrated Postgres database for one test file, dropped afterwards.
import { randomBytes } from "node:crypto";
import pg from "pg";
import { connectPostgres, type Database } from "../../core/data/db.js";
import { TEMPLATE_DB, TEST_PG_URL, databaseUrl } from "./env.js";

export interface TestDatabase extends Database {
  url: string;
  name: string;
  drop(): Promise<void>;
}

async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: TEST_PG_URL });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/** Clones the migrated template into a new database (`empty: true` gives an unmigrated one). */
export async function createTestDatabase(opts: { empty?: boolean } = {}): Promise<TestDatabase> {
  const name = `pumpspace_t_${randomBytes(5).toString("hex")}`;
  await admin((c) => c.query(`CREATE DATABASE ${name}${opts.empty ? "" : ` TEMPLATE ${TEMPLATE_DB}`}`));
  const url = databaseUrl(name);
  const db = connectPostgres(url, { max: 4 });
  return {
    ...db,
    url,
    name,
    async drop() {
      await db.close().catch(() => {});
      await admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    },
  };
}
