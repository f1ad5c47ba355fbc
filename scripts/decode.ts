/**
 * Decodes saved `getTransaction` results and prints the swaps.
 *
 *   npm run -s decode -- [--slot N] [--sol-usd X] FILE...
 *
 * Each FILE holds a getTransaction `result` object or a `{jsonrpc, result}` envelope.
 * stdout: one JSON line per swap (bigints as strings). stderr: one JSON line per decode
 * error, and one per file that could not be read or parsed. Exit code 1 if any file could
 * not be read/parsed (decode errors inside a readable transaction do not change it).
 */
import { readFile } from "node:fs/promises";
import { decodeSwaps } from "../core/domain/decoders/index.js";
import { MalformedTransactionError, fromRpcTransaction } from "../core/domain/transaction.js";

function usage(): never {
  process.stderr.write("usage: decode [--slot N] [--sol-usd X] FILE...\n");
  process.exit(2);
}

function parseArgs(argv: string[]): { files: string[]; slot?: number; solUsd?: number } {
  const files: string[] = [];
  let slot: number | undefined;
  let solUsd: number | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const [flag, inline] = a.startsWith("--") && a.includes("=") ? [a.slice(0, a.indexOf("=")), a.slice(a.indexOf("=") + 1)] : [a, undefined];
    if (flag === "--slot" || flag === "--sol-usd") {
      const v = Number(inline ?? argv[++i]);
      if (!Number.isFinite(v)) usage();
      if (flag === "--slot") slot = v;
      else solUsd = v;
    } else if (flag === "--help" || flag === "-h") usage();
    else if (flag === "--") continue;
    else files.push(a);
  }
  if (files.length === 0) usage();
  return { files, ...(slot !== undefined && { slot }), ...(solUsd !== undefined && { solUsd }) };
}

const jsonLine = (v: unknown): string =>
  JSON.stringify(v, (_k, x: unknown) => (typeof x === "bigint" ? x.toString() : x)) + "\n";

function unwrap(doc: unknown): unknown {
  if (typeof doc === "object" && doc !== null && "jsonrpc" in doc) {
    const env = doc as { result?: unknown; error?: unknown };
    if (env.error !== undefined) throw new Error(`RPC error: ${JSON.stringify(env.error)}`);
    return env.result;
  }
  return doc;
}

async function main(): Promise<number> {
  const { files, slot, solUsd } = parseArgs(process.argv.slice(2));
  let failed = false;
  for (const file of files) {
    let tx;
    try {
      const doc: unknown = JSON.parse(await readFile(file, "utf8"));
      tx = fromRpcTransaction(unwrap(doc));
    } catch (e) {
      failed = true;
      const reason = e instanceof MalformedTransactionError ? e.reason : e instanceof Error ? e.message : String(e);
      const signature = e instanceof MalformedTransactionError ? e.signature : null;
      process.stderr.write(jsonLine({ file, error: "unreadable", signature, reason }));
      continue;
    }
    const { swaps, errors } = decodeSwaps(tx, {
      ...(slot !== undefined && { slot }),
      ...(solUsd !== undefined && { solUsd }),
    });
    for (const s of swaps) process.stdout.write(jsonLine(s));
    for (const e of errors) {
      process.stderr.write(
        jsonLine({ file, error: "decode", signature: e.signature, ixPath: e.ixPath, dex: e.dex, reason: e.reason }),
      );
    }
  }
  return failed ? 1 : 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exitCode = 1;
  },
);
