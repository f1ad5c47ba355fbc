/**
 * Applies prisma/migrations/<ts>_<name>/migration.sql in order and records each in
 * `_prisma_migrations` exactly as `prisma migrate deploy` does (same table, same sha256 checksum),
 * so either tool can take over from the other. Runs under Prisma's own advisory lock key, so two
 * processes (or this and Prisma) never migrate at once.
 *
 * Each migration runs in one transaction with its record: a failed migration leaves nothing behind.
 */
import { createHash, randomUUID } from "node:crypto";
import { existsSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { SqlRunner, SqlSession } from "./db.js";

/** The key `prisma migrate` locks with (pg_advisory_lock(72707369)). */
const PRISMA_LOCK_KEY = 72707369;

/** prisma/migrations, found from the source tree (tsx) and from a `dist/` build alike. */
export const MIGRATIONS_DIR = [
  new URL("../../prisma/migrations/", import.meta.url),
  new URL("../../../prisma/migrations/", import.meta.url),
]
  .map((u) => fileURLToPath(u))
  .find((dir) => existsSync(dir)) ?? fileURLToPath(new URL("../../prisma/migrations/", import.meta.url));

export interface MigrationFile {
  name: string;
  sql: string;
  checksum: string;
}

export async function readMigrations(dir = MIGRATIONS_DIR): Promise<MigrationFile[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const names = entries.filter((e) => e.isDirectory()).map((e) => e.name).sort();
  return Promise.all(
    names.map(async (name) => {
      const sql = await readFile(path.join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    }),
  );
}

export class MigrationError extends Error {
  override name = "MigrationError";
}

/** Applies pending migrations; returns the names applied now. */
export function migrate(sql: SqlRunner, dir = MIGRATIONS_DIR): Promise<string[]> {
  // The advisory lock belongs to a connection, so everything runs on one session.
  return sql.session(async (s) => {
    const files = await readMigrations(dir);
    await s.query("SELECT pg_advisory_lock($1)", [PRISMA_LOCK_KEY]);
    try {
      return await applyPending(s, files);
    } finally {
      await s.query("SELECT pg_advisory_unlock($1)", [PRISMA_LOCK_KEY]);
    }
  });
}

async function applyPending(s: SqlSession, files: MigrationFile[]): Promise<string[]> {
  await s.exec(`CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
    "id" VARCHAR(36) PRIMARY KEY NOT NULL,
    "checksum" VARCHAR(64) NOT NULL,
    "finished_at" TIMESTAMPTZ,
    "migration_name" VARCHAR(255) NOT NULL,
    "logs" TEXT,
    "rolled_back_at" TIMESTAMPTZ,
    "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
    "applied_steps_count" INTEGER NOT NULL DEFAULT 0
  )`);
  const rows = await s.query<{ migration_name: string; checksum: string; finished_at: Date | null }>(
    `SELECT migration_name, checksum, finished_at FROM "_prisma_migrations" WHERE rolled_back_at IS NULL`,
  );
  const done = new Map(rows.map((r) => [r.migration_name, r]));
  const applied: string[] = [];
  for (const m of files) {
    const prev = done.get(m.name);
    if (prev?.finished_at) {
      if (prev.checksum !== m.checksum) {
        throw new MigrationError(`migration ${m.name} was changed after it was applied; add a new migration instead`);
      }
      continue;
    }
    if (prev) throw new MigrationError(`migration ${m.name} failed earlier and needs attention (see _prisma_migrations.logs)`);
    await s.exec("BEGIN");
    try {
      await s.exec(m.sql);
      await s.query(
        `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, finished_at, applied_steps_count)
         VALUES ($1, $2, $3, now(), now(), 1)`,
        [randomUUID(), m.checksum, m.name],
      );
      await s.exec("COMMIT");
    } catch (err) {
      await s.exec("ROLLBACK").catch(() => {});
      throw new MigrationError(`migration ${m.name} failed: ${(err as Error).message}`, { cause: err });
    }
    applied.push(m.name);
  }
  return applied;
}
