// The replay datasource on real files: what it reads, what it skips and why, and the recorded pace.
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isSkipped, type RawTransaction, type SkippedInput } from "../workers/ingest/datasource.js";
import { ReplayDatasource, type ReplayOptions } from "../workers/ingest/replay.js";

const tx = (sig: string, slot: number | undefined, blockTime: number | null) => ({
  ...(slot === undefined ? {} : { slot }),
  blockTime,
  meta: { err: null },
  transaction: { signatures: [sig], message: { accountKeys: [], instructions: [] } },
});

describe("replay datasource", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "pumpspace-replay-"));
    await writeFile(path.join(dir, "a.json"), JSON.stringify(tx("A", 100, 1_000)));
    await writeFile(path.join(dir, "b.json"), JSON.stringify({ jsonrpc: "2.0", id: 1, result: tx("B", 102, 1_001) }));
    await writeFile(path.join(dir, "c.jsonl"), [tx("C", 110, 1_004), tx("D", 111, null), "{oops"].map((x) => (typeof x === "string" ? x : JSON.stringify(x))).join("\n"));
    await writeFile(path.join(dir, "d.json"), JSON.stringify([tx("E", undefined, null), tx("F", 120, null)]));
    await writeFile(path.join(dir, "manifest.json"), JSON.stringify([{ file: "x" }, { file: "y" }]));
    await writeFile(path.join(dir, "notes.json"), "not json at all");
    await writeFile(path.join(dir, "README.md"), "# ignored");
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  async function readAll(opts?: ReplayOptions) {
    const items: (RawTransaction | SkippedInput)[] = [];
    for await (const i of new ReplayDatasource(dir, opts).read(new AbortController().signal)) items.push(i);
    return items;
  }

  it("reads objects, JSON-RPC wrappers, arrays and JSON lines in name order, and skips the rest with a reason", async () => {
    const items = await readAll();
    const sigs = items.filter((i) => !isSkipped(i)).map((i) => ((i as RawTransaction).raw as { transaction: { signatures: string[] } }).transaction.signatures[0]);
    expect(sigs).toEqual(["A", "B", "C", "D", "E", "F"]);
    const skipped = items.filter(isSkipped);
    expect(skipped.map((s) => [path.basename(s.origin), s.reason.split(":")[0]])).toEqual([
      ["c.jsonl:3", "invalid JSON"],
      ["manifest.json", "not a list of transactions"],
      ["notes.json", "invalid JSON"],
    ]);
    const e = items.find((i) => !isSkipped(i) && ((i as RawTransaction).raw as { transaction: { signatures: string[] } }).transaction.signatures[0] === "E");
    expect((e as RawTransaction).slot).toBeUndefined();
  });

  it("at recorded pace sleeps the block-time gaps (slot gaps when there is no block time), scaled by speed", async () => {
    const sleeps: number[] = [];
    await readAll({ pace: "recorded", speed: 2, sleep: async (ms) => void sleeps.push(ms) });
    // A->B 1 s, B->C 3 s (block times), C->D: D has no block time, so slots: 1 slot = 400 ms,
    // D->E: E has neither, no wait; E->F: no wait either.
    expect(sleeps).toEqual([500, 1500, 200]);
  });

  it("does not sleep at full pace", async () => {
    const sleeps: number[] = [];
    await readAll({ pace: "full", sleep: async (ms) => void sleeps.push(ms) });
    expect(sleeps).toEqual([]);
  });
});
