// The SQL migrations must produce exactly the tables, columns, nullability, types, primary keys
// and indexes that prisma/schema.prisma describes; Prisma's own schema parser (the Wasm build the
// CLI uses) gives the expected side.
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrate } from "../core/data/migrate.js";
import { createTestDatabase, type TestDatabase } from "./helpers/db.js";

interface DmmfField {
  name: string;
  dbName?: string | null;
  kind: string;
  type: string;
  isRequired: boolean;
  isList: boolean;
  nativeType: [string, string[]] | null;
}
interface DmmfModel {
  name: string;
  dbName: string | null;
  fields: DmmfField[];
  primaryKey: { fields: string[] } | null;
}
interface DmmfIndex {
  model: string;
  type: "id" | "unique" | "normal" | "fulltext";
  fields: { name: string }[];
}

const require = createRequire(import.meta.url);
const wasm = require("@prisma/prisma-schema-wasm") as { get_dmmf(params: string): string };

async function loadDmmf(): Promise<{ models: DmmfModel[]; indexes: DmmfIndex[] }> {
  const schema = await readFile(new URL("../prisma/schema.prisma", import.meta.url), "utf8");
  const dmmf = JSON.parse(wasm.get_dmmf(JSON.stringify({ prismaSchema: [["schema.prisma", schema]] })));
  return dmmf.datamodel;
}

/** Postgres type (information_schema.udt_name) that Prisma maps each scalar to. */
function expectedUdt(f: DmmfField): string {
  const native = f.nativeType?.[0];
  if (native === "Timestamptz") return "timestamptz";
  if (native === "SmallInt") return "int2";
  if (native === "Decimal") return "numeric";
  const byType: Record<string, string> = {
    String: "text",
    BigInt: "int8",
    Int: "int4",
    Float: "float8",
    Boolean: "bool",
    DateTime: "timestamp",
    Json: "jsonb",
    Bytes: "bytea",
    Decimal: "numeric",
  };
  return byType[f.type] ?? `?${f.type}`;
}

describe("migrations", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase({ empty: true });
    await migrate(db.sql);
  });
  afterAll(() => db?.drop());

  it("create every model's table with its columns, types and nullability", async () => {
    const { models } = await loadDmmf();
    const cols = await db.sql.query<{ table_name: string; column_name: string; udt_name: string; is_nullable: string }>(
      `SELECT table_name, column_name, udt_name, is_nullable FROM information_schema.columns
       WHERE table_schema = 'public' AND table_name <> '_prisma_migrations'
         AND table_name NOT IN (SELECT inhrelid::regclass::text FROM pg_inherits)`,
    );
    const actual = new Map<string, Map<string, { udt: string; nullable: boolean }>>();
    for (const c of cols) {
      const t = actual.get(c.table_name) ?? new Map();
      t.set(c.column_name, { udt: c.udt_name, nullable: c.is_nullable === "YES" });
      actual.set(c.table_name, t);
    }
    const expected = new Map<string, Map<string, { udt: string; nullable: boolean }>>();
    for (const m of models) {
      const t = new Map<string, { udt: string; nullable: boolean }>();
      for (const f of m.fields.filter((f) => f.kind === "scalar")) {
        t.set(f.dbName ?? f.name, { udt: expectedUdt(f), nullable: !f.isRequired });
      }
      expected.set(m.dbName ?? m.name, t);
    }
    const sortDeep = (m: Map<string, Map<string, unknown>>) =>
      Object.fromEntries([...m].sort().map(([k, v]) => [k, Object.fromEntries([...v].sort())]));
    expect(sortDeep(actual)).toEqual(sortDeep(expected));
  });

  it("create the primary keys, unique constraints and indexes the schema declares", async () => {
    const { models, indexes } = await loadDmmf();
    const col = new Map<string, { table: string; cols: Map<string, string> }>();
    for (const m of models) {
      col.set(m.name, {
        table: m.dbName ?? m.name,
        cols: new Map(m.fields.map((f) => [f.name, f.dbName ?? f.name])),
      });
    }
    const expected = indexes
      .map((ix) => {
        const m = col.get(ix.model)!;
        return `${m.table}|${ix.type === "normal" ? "index" : ix.type === "id" ? "pk" : "unique"}|${ix.fields
          .map((f) => m.cols.get(f.name))
          .join(",")}`;
      })
      .sort();
    const rows = await db.sql.query<{ tbl: string; kind: string; cols: string }>(
      `SELECT c.relname AS tbl,
              CASE WHEN i.indisprimary THEN 'pk' WHEN i.indisunique THEN 'unique' ELSE 'index' END AS kind,
              (SELECT string_agg(a.attname, ',' ORDER BY k.ord) FROM unnest(i.indkey) WITH ORDINALITY k(attnum, ord)
                 JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum) AS cols
       FROM pg_index i JOIN pg_class c ON c.oid = i.indrelid JOIN pg_namespace n ON n.oid = c.relnamespace
       WHERE n.nspname = 'public' AND c.relname <> '_prisma_migrations' AND NOT c.relispartition`,
    );
    expect(rows.map((r) => `${r.tbl}|${r.kind}|${r.cols}`).sort()).toEqual(expected);
  });

  it("partition swaps by slot range", async () => {
    const rows = await db.sql.query<{ strategy: string; key: string }>(
      `SELECT partstrat AS strategy, pg_get_partkeydef('swap'::regclass) AS key FROM pg_partitioned_table
       WHERE partrelid = 'swap'::regclass`,
    );
    expect(rows).toEqual([{ strategy: "r", key: "RANGE (slot)" }]);
  });

  it("are recorded like prisma migrate deploy records them, and applying again changes nothing", async () => {
    const again = await migrate(db.sql);
    expect(again).toEqual([]);
    const recs = await db.sql.query<{ migration_name: string; checksum: string; finished_at: Date | null }>(
      `SELECT migration_name, checksum, finished_at FROM _prisma_migrations`,
    );
    expect(recs.length).toBeGreaterThan(0);
    for (const r of recs) {
      expect(r.checksum).toMatch(/^[0-9a-f]{64}$/);
      expect(r.finished_at).not.toBeNull();
    }
  });

  it("run one at a time when two processes migrate together", async () => {
    const fresh = await createTestDatabase({ empty: true });
    try {
      const other = (await import("../core/data/db.js")).connectPostgres(fresh.url, { max: 2 });
      const [a, b] = await Promise.all([migrate(fresh.sql), migrate(other.sql)]);
      await other.close();
      expect([...a, ...b].sort()).toEqual((await fresh.sql.query<{ migration_name: string }>(
        `SELECT migration_name FROM _prisma_migrations`)).map((r) => r.migration_name).sort());
    } finally {
      await fresh.drop();
    }
  });
});
