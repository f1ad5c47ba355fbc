/**
 * The database handle every process shares: a Prisma client for ordinary reads and writes, and a
 * thin SQL runner over the same connections for the few things Prisma does poorly (multi-statement
 * migration scripts, batch inserts with unnest, partition DDL).
 *
 * Two backends behind one interface: a PostgreSQL server through `pg` (production, tests) and an
 * embedded PGlite (the offline demo on a machine without Postgres).
 */
import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "./generated/prisma/client.js";
import { copyFrom, copyTo } from "./pg-copy.js";

export { PrismaClient };
export type { Prisma } from "./generated/prisma/client.js";

/** Positional-parameter SQL ($1, $2, ...) against the raw driver. */
export interface SqlRunner {
  query<T extends object = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<T[]>;
  /** Runs a script of several statements (simple query protocol, no parameters). */
  exec(script: string): Promise<void>;
  /** Runs `fn` inside one transaction on one connection. */
  transaction<R>(fn: (tx: SqlSession) => Promise<R>): Promise<R>;
  /** Runs `fn` on one dedicated connection (for session state such as advisory locks). */
  session<R>(fn: (s: SqlSession) => Promise<R>): Promise<R>;
  /**
   * `COPY … TO STDOUT`: `onRow` gets each row's bytes as they arrive (see core/data/pg-copy.ts).
   * Absent on PGlite: callers fall back to ordinary queries.
   */
  copyTo?(text: string, onRow: (row: Buffer) => void): Promise<number>;
  /** `COPY … FROM STDIN` with `data` as the whole input. Absent on PGlite. */
  copyFrom?(text: string, data: Buffer | string): Promise<number>;
}

export type SqlSession = Pick<SqlRunner, "query" | "exec" | "copyTo" | "copyFrom">;

export interface Database {
  kind: "postgres" | "pglite";
  prisma: PrismaClient;
  sql: SqlRunner;
  close(): Promise<void>;
}

// u64 amounts are NUMERIC and int8 ids are BIGINT: read both as strings so nothing is rounded.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => v);
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (v) => v);

export function connectPostgres(url: string, opts: { max?: number } = {}): Database {
  const pool = new pg.Pool({ connectionString: url, max: opts.max ?? 10 });
  // A pool client that errors while idle (server restart) must not crash the process.
  pool.on("error", () => {});
  const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
  // A checked-out client whose connection drops emits 'error' with nobody listening (the pool
  // only listens while a client is idle), which would crash the process; the failing query
  // rejects anyway, so the event itself can be ignored.
  const ignore = () => {};
  const checkout = async () => {
    const client = await pool.connect();
    client.on("error", ignore);
    return client;
  };
  const release = (client: pg.PoolClient, err?: Error) => {
    client.off("error", ignore);
    client.release(err);
  };
  // A COPY needs one connection throughout: from the pool, one is checked out for it.
  const onClient = async <R>(c: pg.Pool | pg.PoolClient, fn: (client: pg.PoolClient) => Promise<R>): Promise<R> => {
    if (c !== pool) return fn(c as pg.PoolClient);
    const client = await checkout();
    try {
      return await fn(client);
    } finally {
      release(client);
    }
  };
  const run = (c: pg.Pool | pg.PoolClient): SqlSession => ({
    async query<T extends object>(text: string, params: readonly unknown[] = []) {
      const r = await c.query(text, params as unknown[]);
      return r.rows as T[];
    },
    async exec(script: string) {
      await c.query(script);
    },
    copyTo: (text, onRow) => onClient(c, (client) => copyTo(client, text, onRow)),
    copyFrom: (text, data) => onClient(c, (client) => copyFrom(client, text, data)),
  });
  return {
    kind: "postgres",
    prisma,
    sql: {
      ...run(pool),
      async transaction(fn) {
        const client = await checkout();
        try {
          await client.query("BEGIN");
          const out = await fn(run(client));
          await client.query("COMMIT");
          return out;
        } catch (err) {
          await client.query("ROLLBACK").catch(() => {});
          throw err;
        } finally {
          release(client);
        }
      },
      async session(fn) {
        const client = await checkout();
        try {
          return await fn(run(client));
        } finally {
          release(client);
        }
      },
    },
    async close() {
      await prisma.$disconnect();
      await pool.end();
    },
  };
}

/** An embedded database in memory (dataDir undefined) or in a folder; for the offline demo. */
export async function connectPglite(dataDir?: string): Promise<Database> {
  const { PGlite, types } = await import("@electric-sql/pglite");
  const { PrismaPGlite } = await import("pglite-prisma-adapter");
  const db = new PGlite(dataDir, {
    parsers: { [types.INT8]: (v: string) => v, [types.NUMERIC]: (v: string) => v },
  });
  await db.waitReady;
  const prisma = new PrismaClient({ adapter: new PrismaPGlite(db) });
  const run = (c: Pick<typeof db, "query" | "exec">): SqlSession => ({
    async query<T extends object>(text: string, params: readonly unknown[] = []) {
      const r = await c.query<T>(text, params as unknown[]);
      return r.rows;
    },
    async exec(script: string) {
      await c.exec(script);
    },
  });
  return {
    kind: "pglite",
    prisma,
    sql: {
      ...run(db),
      transaction: (fn) => db.transaction((tx) => fn(run(tx))),
      // PGlite has a single connection: every call already shares one session.
      session: (fn) => fn(run(db)),
    },
    async close() {
      await prisma.$disconnect();
      await db.close();
    },
  };
}

export function connectDatabase(url: string): Promise<Database> | Database {
  return url.startsWith("pglite:") ? connectPglite(url.slice("pglite:".length) || undefined) : connectPostgres(url);
}
