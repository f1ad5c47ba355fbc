/**
 * Decodes saved transactions and prints their swaps.
 *
 *   npm run -s decode -- [--sol-usd X] [--slot N] FILE...
 *
 * Each FILE holds one transaction as an RPC `getTransaction` result (json, jsonParsed or
 * base64 encoding), a `getBlock` transaction entry (no slot / blockTime), or a whole JSON-RPC
 * response `{jsonrpc, result}` around either.
 *
 * stdout: one JSON object per swap per line, keys in this order: signature, slot, blockTime,
 * ixPath, dex, programId, pool, trader, mintIn, amountIn, mintOut, amountOut, decimalsIn,
 * decimalsOut, priceSol, priceUsd, `legs` on routed swaps only, and `fees` ({kind, mint,
 * amount}) only when the program states them. Amounts are integer
 * strings; SOL is always the wrapped-SOL mint. A transaction without swaps prints nothing. A
 * getBlock entry prints `slot: null, blockTime: null` (unless --slot is given): the decoder
 * needs a slot, so a placeholder is used internally and never printed.
 *
 * stderr: one line per file that cannot be read (missing, not JSON, not a transaction), and
 * one per decode error inside a readable transaction. The other files are still decoded.
 * Exit code: 2 if any file could not be read (or the arguments are wrong), else 0.
 */
import { readFile } from "node:fs/promises";
import { decodeSwaps } from "../core/domain/decoders/index.js";
import type { Swap } from "../core/domain/swap.js";
import { feeToPayload, legToPayload } from "../core/queues/swap-codec.js";
import { MalformedTransactionError, fromRpcTransaction } from "../core/domain/transaction.js";

const USAGE = "usage: npm run -s decode -- [--sol-usd X] [--slot N] FILE...";
/** decodeSwaps needs a slot; getBlock entries have none. Never printed. */
const PLACEHOLDER_SLOT = 0;

interface Args {
  files: string[];
  slot?: number;
  solUsd?: number;
}

function parseArgs(argv: readonly string[]): Args | string {
  const files: string[] = [];
  let slot: number | undefined;
  let solUsd: number | undefined;
  let onlyFiles = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (onlyFiles || !a.startsWith("--")) {
      files.push(a);
      continue;
    }
    if (a === "--") {
      onlyFiles = true;
      continue;
    }
    const eq = a.indexOf("=");
    const flag = eq < 0 ? a : a.slice(0, eq);
    if (flag === "--help") return USAGE;
    if (flag !== "--slot" && flag !== "--sol-usd") return `unknown option ${flag}\n${USAGE}`;
    const raw = eq < 0 ? argv[++i] : a.slice(eq + 1);
    const v = Number(raw);
    if (raw === undefined || raw === "" || !Number.isFinite(v)) return `${flag} needs a number\n${USAGE}`;
    if (flag === "--slot") {
      if (!Number.isSafeInteger(v) || v < 0) return `--slot needs a non-negative integer\n${USAGE}`;
      slot = v;
    } else solUsd = v;
  }
  if (files.length === 0) return USAGE;
  return { files, ...(slot !== undefined && { slot }), ...(solUsd !== undefined && { solUsd }) };
}

/** The transaction inside a file's JSON: the `result` of a JSON-RPC response, or the value itself. */
function unwrap(doc: unknown): unknown {
  if (typeof doc === "object" && doc !== null && !Array.isArray(doc) && "jsonrpc" in doc) {
    const env = doc as { result?: unknown; error?: unknown };
    if (env.error !== undefined && env.error !== null) throw new Error(`JSON-RPC error response: ${JSON.stringify(env.error)}`);
    if (env.result === null || env.result === undefined) throw new Error("JSON-RPC response without a result (transaction not found)");
    return env.result;
  }
  return doc;
}

/**
 * The printed form of a swap: a fixed key order, amounts as strings, `legs` only when routed,
 * `fees` only when known.
 */
function swapLine(s: Swap, slot: number | null): string {
  return JSON.stringify({
    signature: s.signature,
    slot,
    blockTime: s.blockTime,
    ixPath: s.ixPath,
    dex: s.dex,
    programId: s.programId,
    pool: s.pool,
    trader: s.trader,
    mintIn: s.mintIn,
    amountIn: s.amountIn.toString(),
    mintOut: s.mintOut,
    amountOut: s.amountOut.toString(),
    decimalsIn: s.decimalsIn,
    decimalsOut: s.decimalsOut,
    priceSol: s.priceSol,
    priceUsd: s.priceUsd,
    ...(s.legs !== undefined && { legs: s.legs.map(legToPayload) }),
    ...(s.fees !== undefined && { fees: s.fees.map(feeToPayload) }),
  });
}

const oneLine = (s: string): string => s.replace(/\s+/g, " ").trim();

async function decodeFile(file: string, args: Args, out: string[], err: string[]): Promise<boolean> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    err.push(`decode: ${file}: cannot read the file${code ? ` (${code})` : ""}`);
    return false;
  }
  let tx;
  try {
    tx = fromRpcTransaction(unwrap(JSON.parse(text) as unknown));
  } catch (e) {
    const reason = e instanceof MalformedTransactionError ? `not a transaction: ${e.message}` : e instanceof SyntaxError ? `not JSON: ${e.message}` : e instanceof Error ? e.message : String(e);
    err.push(`decode: ${file}: ${oneLine(reason)}`);
    return false;
  }
  const slot = tx.slot ?? args.slot ?? null;
  const { swaps, errors } = decodeSwaps(tx, {
    slot: slot ?? PLACEHOLDER_SLOT,
    ...(args.solUsd !== undefined && { solUsd: args.solUsd }),
  });
  for (const s of swaps) out.push(swapLine(s, slot));
  for (const e of errors) err.push(`decode: ${file}: ${oneLine(e.message)}`);
  return true;
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  if (typeof args === "string") {
    process.stderr.write(`${args}\n`);
    return 2;
  }
  let failed = false;
  for (const file of args.files) {
    const out: string[] = [];
    const err: string[] = [];
    if (!(await decodeFile(file, args, out, err))) failed = true;
    if (out.length) process.stdout.write(`${out.join("\n")}\n`);
    if (err.length) process.stderr.write(`${err.join("\n")}\n`);
  }
  return failed ? 2 : 0;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(`decode: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exitCode = 2;
  },
);
