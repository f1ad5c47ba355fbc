/**
 * Test-only helpers: loading the mainnet fixtures of test/fixtures/solana/. Not imported by
 * production code (core/domain itself does no I/O).
 */
import { readFileSync } from "node:fs";
import { fromRpcTransaction } from "../transaction.js";
import type { SolanaTransaction } from "../transaction.js";

export const FIXTURE_DIR = new URL("../../../test/fixtures/solana/", import.meta.url);

export interface ManifestEntry {
  file: string;
  signature: string;
  dex: string;
  kind: string;
  version: string;
  encoding: "json" | "jsonParsed" | "base64";
  features: string;
  expected: "yes" | "no";
  all_dex: string;
}

const cache = new Map<string, unknown>();

/** The parsed JSON of a fixture file (cached; callers must not mutate it — use `rawFixture`). */
function readJson(name: string): unknown {
  let v = cache.get(name);
  if (v === undefined) {
    v = JSON.parse(readFileSync(new URL(name, FIXTURE_DIR), "utf8"));
    cache.set(name, v);
  }
  return v;
}

export function manifest(): ManifestEntry[] {
  return readJson("manifest.json") as ManifestEntry[];
}

/** A fresh deep copy of a fixture's getTransaction result, safe to corrupt in a test. */
export function rawFixture(name: string): Record<string, unknown> {
  return structuredClone(readJson(name.endsWith(".json") ? name : `${name}.json`)) as Record<string, unknown>;
}

export function loadTx(name: string, opts?: { slot?: number }): SolanaTransaction {
  return fromRpcTransaction(rawFixture(name), opts);
}

export function expectedFields(name: string): Record<string, unknown> {
  const doc = readJson(`${name.replace(/\.json$/, "")}.expected.json`) as { fields: Record<string, unknown> };
  return doc.fields;
}

/** Net raw-amount change of one token account (0 on a side where it did not exist). */
export function tokenDelta(tx: SolanaTransaction, account: string): bigint {
  const pre = tx.preTokenBalances.find((b) => b.account === account)?.amount ?? 0n;
  const post = tx.postTokenBalances.find((b) => b.account === account)?.amount ?? 0n;
  return post - pre;
}

/** Net change of all token accounts of `owner` in `mint`. */
export function ownerMintDelta(tx: SolanaTransaction, owner: string, mint: string): bigint {
  let d = 0n;
  for (const b of tx.postTokenBalances) if (b.owner === owner && b.mint === mint) d += b.amount;
  for (const b of tx.preTokenBalances) if (b.owner === owner && b.mint === mint) d -= b.amount;
  return d;
}
