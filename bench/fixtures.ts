// Benchmark inputs: the bundled real transactions, as text (what a replay or RPC delivers).
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const FIXTURES = fileURLToPath(new URL("../test/fixtures/solana/", import.meta.url));

/** Every fixture file that holds one transaction, as raw JSON text. */
export async function transactionTexts(): Promise<string[]> {
  const names = (await readdir(FIXTURES)).filter((n) => n.endsWith(".json") && !n.endsWith(".expected.json") && n !== "manifest.json");
  const texts = await Promise.all(names.sort().map((n) => readFile(path.join(FIXTURES, n), "utf8")));
  return texts.filter((t) => {
    const v = JSON.parse(t) as Record<string, unknown>;
    return "transaction" in v && "meta" in v;
  });
}
