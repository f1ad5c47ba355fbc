// `npm run -s calls -- FILE.jsonl` end to end: the real script in a child process over the
// hand-written corpus and a file of broken lines. No services needed.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const TSX = join(ROOT, "node_modules/.bin/tsx");
const CORPUS = join(ROOT, "test/fixtures/calls/corpus.jsonl");
const PUMP = "4ujRzsCrE4KK4CRPuyzALCKtkJSQ8ztPkhkSo3jpump";

const tmp = mkdtempSync(join(tmpdir(), "pumpspace-calls-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function run(file: string): { code: number | null; lines: Record<string, unknown>[]; stderr: string } {
  const r = spawnSync(TSX, [join(ROOT, "scripts/calls.ts"), file], { cwd: ROOT, encoding: "utf8", timeout: 60_000 });
  const lines = r.stdout.split("\n").filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
  return { code: r.status, lines, stderr: r.stderr };
}

describe("npm run calls", () => {
  it("prints {id, mints} per line of the corpus, in order, matching the expected calls", () => {
    const posts = readFileSync(CORPUS, "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l) as { id: string; expected: string[] });
    const { code, lines } = run(CORPUS);
    expect(code).toBe(0);
    expect(lines).toEqual(posts.map((p) => ({ id: p.id, mints: p.expected })));
  });

  it("reports broken lines in place and goes on; Telegram export text arrays are read", () => {
    const file = join(tmp, "broken.jsonl");
    writeFileSync(
      file,
      [
        "not json",
        JSON.stringify({ id: 7, text: 42 }),
        "[1,2]",
        JSON.stringify({ id: "arr", text: ["CA ", { type: "code", text: PUMP }] }),
        JSON.stringify({ id: "href", text: ["chart ", { type: "text_link", text: "here", href: `https://pump.fun/coin/${PUMP}` }] }),
        JSON.stringify({ id: "last", text: `ok ${PUMP}`, urls: null }),
      ].join("\n"),
    );
    const { code, lines } = run(file);
    expect(code).toBe(0);
    expect(lines.map((l) => [l.id, l.mints, typeof l.error])).toEqual([
      [null, [], "string"],
      [7, [], "string"],
      [null, [], "string"],
      ["arr", [PUMP], "undefined"],
      ["href", [PUMP], "undefined"],
      ["last", [PUMP], "undefined"],
    ]);
  });

  it("exits 2 with a message when the file cannot be read", () => {
    const { code, stderr } = run(join(tmp, "missing.jsonl"));
    expect(code).toBe(2);
    expect(stderr).toMatch(/cannot read/);
  });
});
