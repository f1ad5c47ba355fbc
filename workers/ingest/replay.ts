/**
 * Replay: a file or a folder of recorded transactions. A file holds one getTransaction result,
 * a JSON-RPC response wrapping one, an array of them, or JSON lines. Anything else in a folder
 * (READMEs, expected-output files, manifests) is skipped with a reason, not an error.
 *
 * Files are read in name order so two replays of the same folder see the same sequence.
 */
import { readdir, readFile, stat } from "node:fs/promises";
import path from "node:path";
import type { Datasource, RawTransaction, SkippedInput } from "./datasource.js";

const MAX_FILE_BYTES = 64 * 1024 * 1024;

export class ReplayDatasource implements Datasource {
  readonly source = "replay" as const;
  readonly name: string;

  constructor(private readonly target: string) {
    this.name = `replay:${path.basename(target)}`;
  }

  async *read(signal: AbortSignal): AsyncIterable<RawTransaction | SkippedInput> {
    for (const file of await listFiles(this.target)) {
      if (signal.aborted) return;
      yield* readFileEntries(file);
    }
  }
}

async function listFiles(target: string): Promise<string[]> {
  const s = await stat(target);
  if (!s.isDirectory()) return [target];
  const names = (await readdir(target)).filter((n) => /\.(json|jsonl|ndjson)$/.test(n)).sort();
  return names.map((n) => path.join(target, n));
}

function looksLikeTransaction(x: unknown): boolean {
  return typeof x === "object" && x !== null && "transaction" in x && "meta" in x;
}

function looksLikeTransactionOrWrapper(x: unknown): boolean {
  return looksLikeTransaction(x) || (typeof x === "object" && x !== null && "result" in x && "jsonrpc" in x);
}

function* entriesOf(value: unknown, origin: string): Generator<RawTransaction | SkippedInput> {
  // A file that is an array of something else (a manifest, a list of expectations) is one skip.
  if (Array.isArray(value) && value.length > 0 && !value.some(looksLikeTransactionOrWrapper)) {
    yield { skipped: true, origin, reason: "not a list of transactions" };
    return;
  }
  if (Array.isArray(value)) {
    let i = 0;
    for (const v of value) yield* entriesOf(v, `${origin}[${i++}]`);
    return;
  }
  if (typeof value === "object" && value !== null && "result" in value && "jsonrpc" in value) {
    yield* entriesOf((value as { result: unknown }).result, origin);
    return;
  }
  if (looksLikeTransaction(value)) {
    const slot = (value as { slot?: unknown }).slot;
    yield { raw: value, origin, ...(typeof slot === "number" ? { slot } : {}) };
    return;
  }
  yield { skipped: true, origin, reason: "not a transaction (no transaction/meta fields)" };
}

async function* readFileEntries(file: string): AsyncGenerator<RawTransaction | SkippedInput> {
  const s = await stat(file);
  if (s.size > MAX_FILE_BYTES) {
    yield { skipped: true, origin: file, reason: `file larger than ${MAX_FILE_BYTES} bytes` };
    return;
  }
  const text = await readFile(file, "utf8");
  if (/\.(jsonl|ndjson)$/.test(file)) {
    let line = 0;
    for (const l of text.split("\n")) {
      line++;
      if (!l.trim()) continue;
      try {
        yield* entriesOf(JSON.parse(l), `${file}:${line}`);
      } catch (err) {
        yield { skipped: true, origin: `${file}:${line}`, reason: `invalid JSON: ${(err as Error).message}` };
      }
    }
    return;
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    yield { skipped: true, origin: file, reason: `invalid JSON: ${(err as Error).message}` };
    return;
  }
  yield* entriesOf(value, file);
}
