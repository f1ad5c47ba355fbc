// Builds one migrated template database per test run; each test file then clones it
// (CREATE DATABASE ... TEMPLATE), which is much faster than migrating every time. The name is
// unique per run and handed to the test processes through the environment.
import pg from "pg";
import { connectPostgres } from "../../core/data/db.js";
import { migrate } from "../../core/data/migrate.js";
import { TEST_PG_URL, databaseUrl } from "./env.js";

async function admin(sql: string): Promise<void> {
  const c = new pg.Client({ connectionString: TEST_PG_URL });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

export default async function setup(): Promise<() => Promise<void>> {
  const name = `pumpspace_tpl_${process.pid}_${Date.now().toString(36)}`;
  process.env.PUMPSPACE_TEMPLATE_DB = name;
  await admin(`CREATE DATABASE ${name}`);
  const db = connectPostgres(databaseUrl(name), { max: 1 });
  try {
    await migrate(db.sql);
  } finally {
    await db.close();
  }
  return async () => {
    await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  };
}
