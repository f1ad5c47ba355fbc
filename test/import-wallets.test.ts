// The library import on real Postgres: bad lines are reported with their line numbers and do not
// stop the import; importing again adds nothing; the CLI answers bad usage with exit code 2.
import { spawnSync } from "node:child_process";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { importWallets, type ImportCounts } from "../scripts/import-wallets.js";
import { createTestDatabase, type TestDatabase } from "./helpers/db.js";

const W1 = "GQpoa61ghhu51v6RnseVodSHkVki9XmtumBXjzBR8mQg";
const W2 = "G8SNiK7rp1vYTG4KcRS9EDn439HCdsweLUo9BCHWdtbw";
const W3 = "3xTPAZxmpwd8GrNEKApaTw6VH4jqJ31WFXUvQzgwhR7c";

describe("import-wallets", () => {
  let db: TestDatabase;
  let dir: string;
  beforeAll(async () => {
    db = await createTestDatabase();
    dir = await mkdtemp(path.join(tmpdir(), "import-wallets-"));
  });
  afterAll(() => db?.drop());

  it("imports good lines, reports bad ones by number, and adds nothing the second time", async () => {
    const file = path.join(dir, "lib.csv");
    await writeFile(file, ["address,label", `${W1},alpha`, "0xnotanaddress", "", `${W2}`, "So11111111111111111111111111111111111111112", `${W1},dup`, `"${W3}","gamma, inc"`].join("\r\n"));
    const progress: ImportCounts[] = [];
    const first = await importWallets(db.sql, file, { source: "test", onProgress: (c) => progress.push({ ...c }) });
    expect(first).toMatchObject({ lines: 8, valid: 4, inserted: 3, bad: 2, skipped: 2 });
    expect(progress.at(-1)).toMatchObject({ lines: 8 });
    const rejected = (await readFile(first.rejectedPath, "utf8")).trim().split("\n");
    expect(rejected.map((l) => l.split("\t")[0])).toEqual(["3", "6"]);
    expect(rejected[1]).toContain("mint");
    const rows = await db.sql.query<{ address: string; label: string | null; source: string }>(
      `SELECT address, label, source FROM wallet_library ORDER BY address`,
    );
    expect(rows).toEqual(
      [
        { address: W1, label: "alpha", source: "test" },
        { address: W2, label: null, source: "test" },
        { address: W3, label: "gamma, inc", source: "test" },
      ].sort((a, b) => (a.address < b.address ? -1 : 1)),
    );
    const again = await importWallets(db.sql, file, { source: "test" });
    expect(again.inserted).toBe(0);
  });

  it("streams a large file in batches", async () => {
    const file = path.join(dir, "big.txt");
    // 12,000 lines: the same three wallets over and over and every tenth line bad.
    const lines = Array.from({ length: 12_000 }, (_, i) => (i % 10 === 9 ? `bad-${i}` : [W1, W2, W3][i % 3]!));
    await writeFile(file, lines.join("\n"));
    const r = await importWallets(db.sql, file);
    expect(r).toMatchObject({ lines: 12_000, bad: 1_200, valid: 10_800, inserted: 0 });
  });

  it("answers bad usage with exit code 2 and one sentence", () => {
    const run = (args: string[]) => spawnSync("npx", ["tsx", "scripts/import-wallets.ts", ...args], { encoding: "utf8" });
    const none = run([]);
    expect(none.status).toBe(2);
    expect(none.stderr).toContain("give exactly one file");
    const missing = run([path.join(dir, "nope.txt")]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain("cannot read");
  });
});
