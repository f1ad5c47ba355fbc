/**
 * Prints the tokens each channel post calls.
 *
 *   npm run -s calls -- FILE.jsonl
 *
 * Each input line is {"id", "text", "urls"} (urls: links from entities and buttons). Output: one
 * line {"id", "mints"} per input line, in input order, mints deduplicated in order of appearance.
 * A line that cannot be read prints {"id": <id or null>, "mints": [], "error": "..."} and the run
 * goes on. Offline there is no $TICKER lookup and no pool resolver: only addresses are printed
 * (a DEX Screener address counts when the post names no mint otherwise).
 * Exit code: 2 when the file cannot be read or the arguments are wrong, else 0.
 */
import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";
import { extractMints } from "../core/domain/calls/extract.js";

const USAGE = "usage: npm run -s calls -- FILE.jsonl";

type Id = string | number | null;

/**
 * `text` as a string. Telegram Desktop's JSON export writes formatted text as an array of
 * strings and `{type, text, href?}` parts; those are joined, and their hrefs become links.
 */
function flattenText(value: unknown): { text: string; urls: string[] } | null {
  if (value === undefined || value === null) return { text: "", urls: [] };
  if (typeof value === "string") return { text: value, urls: [] };
  if (!Array.isArray(value)) return null;
  let text = "";
  const urls: string[] = [];
  for (const part of value) {
    if (typeof part === "string") text += part;
    else if (typeof part === "object" && part !== null) {
      const p = part as Record<string, unknown>;
      if (typeof p.text === "string") text += p.text;
      if (typeof p.href === "string") urls.push(p.href);
    }
  }
  return { text, urls };
}

function lineResult(line: string): { id: Id; mints: string[]; error?: string } {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (err) {
    return { id: null, mints: [], error: `not JSON: ${(err as Error).message}` };
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return { id: null, mints: [], error: "not a JSON object" };
  }
  const o = value as Record<string, unknown>;
  const id: Id = typeof o.id === "string" || typeof o.id === "number" ? o.id : null;
  const flat = flattenText(o.text);
  if (flat === null) return { id, mints: [], error: "text is not a string" };
  const { text } = flat;
  const urls = [
    ...(Array.isArray(o.urls) ? o.urls.filter((u): u is string => typeof u === "string") : []),
    ...flat.urls,
  ];
  if (o.urls !== undefined && o.urls !== null && !Array.isArray(o.urls)) {
    return { id, mints: extractMints({ text }), error: "urls is not an array (ignored)" };
  }
  try {
    return { id, mints: extractMints({ text, urls }) };
  } catch (err) {
    return { id, mints: [], error: (err as Error).message };
  }
}

async function main(argv: readonly string[]): Promise<number> {
  const files = argv.filter((a) => a !== "--");
  if (files.length !== 1 || files[0]!.startsWith("--")) {
    process.stderr.write(`${USAGE}\n`);
    return 2;
  }
  const input = createReadStream(files[0]!, { encoding: "utf8" });
  const failed = await new Promise<string | null>((resolve) => {
    input.once("error", (err) => resolve(err.message));
    input.once("readable", () => resolve(null));
  });
  if (failed !== null) {
    process.stderr.write(`calls: cannot read ${files[0]}: ${failed}\n`);
    return 2;
  }
  const lines = createInterface({ input, crlfDelay: Infinity });
  let out = "";
  for await (const raw of lines) {
    const line = raw.replace(/^\uFEFF/, "");
    if (line.trim() === "") continue;
    out += `${JSON.stringify(lineResult(line))}\n`;
    if (out.length > 1 << 16) {
      process.stdout.write(out);
      out = "";
    }
  }
  process.stdout.write(out);
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
