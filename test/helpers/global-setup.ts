// Builds one migrated template database per test run; each test file then clones it
// (CREATE DATABASE ... TEMPLATE), which is much faster than migrating every time. The name is
// unique per run and handed to the test processes through the environment.
import pg from "pg";
import { connectPostgres } from "../../core/data/db.js";
import { migrate } from "../../core/data/migrate.js";
import { Redis } from "ioredis";
import { TEST_PG_URL, TEST_REDIS_URL, databaseUrl } from "./env.js";

async function admin(sql: string): Promise<void> {
  const c = new pg.Client({ connectionString: TEST_PG_URL });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

/** Fails the run at once, with what to do, when a service the tests need is not there. */
async function requireServices(): Promise<void> {
  const c = new pg.Client({ connectionString: TEST_PG_URL, connectionTimeoutMillis: 3000 });
  try {
    await c.connect();
  } catch {
    throw new Error(
      `The integration tests need PostgreSQL at ${new URL(TEST_PG_URL).host} (user postgres, trust auth) and Redis at ${new URL(TEST_REDIS_URL).host}; ` +
        "start them, or run `bash .ci/run`, which installs and starts both on Debian.",
    );
  } finally {
    await c.end().catch(() => {});
  }
  const r = new Redis(TEST_REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 0, connectTimeout: 3000, retryStrategy: () => null });
  r.on("error", () => {});
  try {
    await r.connect();
    await r.ping();
  } catch {
    throw new Error(
      `The integration tests need Redis at ${new URL(TEST_REDIS_URL).host}; start it (redis-server --daemonize yes --save "" --appendonly no) or run \`bash .ci/run\`.`,
    );
  } finally {
    r.disconnect();
  }
}

export default async function setup(): Promise<() => Promise<void>> {
  await requireServices();
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
