/**
 * Replay: a file or a folder of recorded transactions. A file holds one getTransaction result,
 * a JSON-RPC response wrapping one, an array of them, or JSON lines. Anything else in a folder
 * (READMEs, expected-output files, manifests) is skipped with a reason, not an error.
 *
 * Files are read in name order so two replays of the same folder see the same sequence. At
 * recorded pace the gaps between block times (or slots, when a file has no block time) are
 * slept through, scaled by a speed factor; out-of-order entries are not waited for.
 */
import { readdir, readFile, stat } from "node:fs/promises";
import path from "node:path";
import type { Datasource, RawTransaction, SkippedInput } from "./datasource.js";

const MAX_FILE_BYTES = 64 * 1024 * 1024;

export interface ReplayOptions {
  /** "full": as fast as the pipeline takes it; "recorded": with the gaps the chain had. */
  pace?: "full" | "recorded";
  /** With pace "recorded": 2 plays twice as fast. */
  speed?: number;
  /** Injected in tests; waits `ms` or until the signal aborts. */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
}

/** The longest single pause at recorded pace: a day-long gap in a file is not worth a day. */
const MAX_GAP_MS = 10_000;
const MS_PER_SLOT = 400;

const abortableSleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const t = setTimeout(resolve, ms);
    signal.addEventListener("abort", () => (clearTimeout(t), resolve()), { once: true });
  });

export class ReplayDatasource implements Datasource {
  readonly source = "replay" as const;
  readonly name: string;

  constructor(
    private readonly target: string,
    private readonly opts: ReplayOptions = {},
  ) {
    this.name = `replay:${path.basename(target)}`;
  }

  async *read(signal: AbortSignal): AsyncIterable<RawTransaction | SkippedInput> {
    const recorded = this.opts.pace === "recorded";
    const speed = this.opts.speed ?? 1;
    const sleep = this.opts.sleep ?? abortableSleep;
    let prev: { time: number | null; slot: number | null } | null = null;
    for (const file of await listFiles(this.target)) {
      if (signal.aborted) return;
      for await (const item of readFileEntries(file)) {
        if (recorded && !("skipped" in item)) {
          const now = timing(item);
          if (prev) {
            const gap = gapMs(prev, now);
            if (gap > 0) await sleep(Math.min(MAX_GAP_MS, gap) / speed, signal);
          }
          prev = now;
        }
        if (signal.aborted) return;
        yield item;
      }
    }
  }
}

function timing(item: RawTransaction): { time: number | null; slot: number | null } {
  const time = (item.raw as { blockTime?: unknown }).blockTime;
  return { time: typeof time === "number" ? time : null, slot: item.slot ?? null };
}

/** The recorded gap between two transactions: block times when both have one, else slots. */
function gapMs(a: { time: number | null; slot: number | null }, b: { time: number | null; slot: number | null }): number {
  if (a.time !== null && b.time !== null) return (b.time - a.time) * 1000;
  if (a.slot !== null && b.slot !== null) return (b.slot - a.slot) * MS_PER_SLOT;
  return 0;
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
