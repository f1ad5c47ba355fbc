// Benchmark inputs: the bundled real transactions, as text (what a replay or RPC delivers) and
// as recorded Yellowstone gRPC messages (what the live stream delivers).
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const FIXTURES = fileURLToPath(new URL("../test/fixtures/solana/", import.meta.url));
export const GRPC_FIXTURES = fileURLToPath(new URL("../test/fixtures/yellowstone/recorded/canonical_tx_updates/", import.meta.url));

/** Every fixture file that holds one transaction, as raw JSON text. */
export async function transactionTexts(): Promise<string[]> {
  const names = (await readdir(FIXTURES)).filter((n) => n.endsWith(".json") && !n.endsWith(".expected.json") && n !== "manifest.json");
  const texts = await Promise.all(names.sort().map((n) => readFile(path.join(FIXTURES, n), "utf8")));
  return texts.filter((t) => {
    const v = JSON.parse(t) as Record<string, unknown>;
    return "transaction" in v && "meta" in v;
  });
}

/** The recorded gRPC `SubscribeUpdate` messages (one transaction each), as wire bytes. */
export async function grpcUpdateBytes(): Promise<Uint8Array[]> {
  const names = (await readdir(GRPC_FIXTURES)).filter((n) => n.endsWith(".bin")).sort();
  return Promise.all(names.map(async (n) => new Uint8Array(await readFile(path.join(GRPC_FIXTURES, n)))));
}
