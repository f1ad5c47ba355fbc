// `npm run -s decode -- FILE...` end to end: the real script in a child process over real
// fixtures. Two spawns in all, so it stays fast; no services needed.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const FIX = join(ROOT, "test/fixtures/solana");
const TSX = join(ROOT, "node_modules/.bin/tsx");
const KEYS = [
  "signature", "slot", "blockTime", "ixPath", "dex", "programId", "pool", "trader", "mintIn", "amountIn",
  "mintOut", "amountOut", "decimalsIn", "decimalsOut", "priceSol", "priceUsd",
];

const tmp = mkdtempSync(join(tmpdir(), "pumpspace-decode-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function run(files: string[]): { code: number | null; lines: Record<string, unknown>[]; stderr: string } {
  const r = spawnSync(TSX, [join(ROOT, "scripts/decode.ts"), ...files], { cwd: ROOT, encoding: "utf8", timeout: 60_000 });
  const lines = r.stdout.split("\n").filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>);
  return { code: r.status, lines, stderr: r.stderr };
}

describe("npm run decode", () => {
  const routed = join(FIX, "jupiter_4VhDRLUK5QDZ.json");
  const getBlockEntry = join(FIX, "pumpswap_3QvhUBMprN6M.json");
  const noSwap = join(FIX, "transfer_4G24SgaZ3gU9.json");
  const rpcWrapped = join(tmp, "okx-wrapped.json");
  writeFileSync(rpcWrapped, JSON.stringify({ jsonrpc: "2.0", id: 1, result: JSON.parse(readFileSync(join(FIX, "okx-router_2zNeSn8cJpTA.json"), "utf8")) }));
  const badJson = join(tmp, "bad.json");
  writeFileSync(badJson, "{ not json");
  const missing = join(tmp, "missing.json");

  it("prints one line per swap; unreadable files are reported on stderr, the rest still decoded, exit 2", () => {
    const { code, lines, stderr } = run([routed, missing, getBlockEntry, badJson, noSwap, rpcWrapped]);
    expect(code).toBe(2);
    expect(stderr.trim().split("\n")).toEqual([
      expect.stringContaining(missing),
      expect.stringContaining(badJson),
    ]);
    // the transfer prints nothing: three swaps from three files, in file order
    expect(lines.map((l) => l["signature"])).toEqual([
      "4VhDRLUK5QDZ6kgN9PCeEoztUraCibwYA3XaLZUKhfwWxqeN96Qg7Ep4w2j5C1VtggbuU6dqkGczGC537byu9hG3",
      "3QvhUBMprN6MHUgSn1DnE8UpvnKgCDKziSJetTQ4tTCsny6QjybCRTV2agQosH4Zdj1JFSjBGHtw84Bi3N6SmPhH",
      "2zNeSn8cJpTAW51NR8ZUHEXc5wVwerumVEk4iJFyAYdTHMjy49wumkZvWLkaeB8CD5YmjuJ3AjcbrBYBzAVKdEdD",
    ]);
    const [jup, block, okx] = lines as [Record<string, unknown>, Record<string, unknown>, Record<string, unknown>];

    // routed: the user's swap, hops as legs with string amounts
    expect(Object.keys(jup)).toEqual([...KEYS, "legs"]);
    expect(jup).toMatchObject({
      slot: 338521977, blockTime: 1746657467, ixPath: "8", dex: "jupiter", pool: null,
      trader: "8VCfQcnssNJznDqDoDDuzoKhdxgZWwwe5ikcKbAVWet5",
      mintIn: "6p6xgHyF7AeE6TZkSmFsko444wqoP15icUSqi2jfGiPN", amountIn: "50000",
      mintOut: "JUPyiwrYJFskUPiHa7hkeR8VUtAeFoSYbKedZNsDvCN", amountOut: "1265445",
    });
    const legs = jup["legs"] as Record<string, unknown>[];
    expect(legs).toHaveLength(3);
    expect(legs[2]).toMatchObject({ dex: "orca-whirlpool", mintIn: "So11111111111111111111111111111111111111112", amountIn: "3679489", amountOut: "1265445", ixPath: "8.9" });

    // getBlock entry: no slot, no blockTime, still decoded
    // ... with the fees the PumpSwap SellEvent states, amounts as strings
    expect(Object.keys(block)).toEqual([...KEYS, "fees"]);
    expect(block).toMatchObject({ slot: null, blockTime: null, dex: "pumpswap", amountIn: "1815370392047", amountOut: "2067040713", mintOut: "So11111111111111111111111111111111111111112" });
    expect(block["fees"]).toEqual([
      { kind: "lp", mint: "So11111111111111111111111111111111111111112", amount: "4146521" },
      { kind: "protocol", mint: "So11111111111111111111111111111111111111112", amount: "1036631" },
      { kind: "creator", mint: "So11111111111111111111111111111111111111112", amount: "1036631" },
    ]);

    // JSON-RPC envelope: unwrapped
    expect(okx).toMatchObject({ slot: 376396640, dex: "okx-router", mintIn: "So11111111111111111111111111111111111111112", amountIn: "3682999" });
    expect(okx["legs"]).toEqual([expect.objectContaining({ dex: "pumpswap", amountIn: "3651693" })]);
    expect(okx).not.toHaveProperty("fees"); // a routed swap leaves fees to its hops
  });

  it("exits 0 when every file was readable, even without any swap", () => {
    const { code, lines, stderr } = run([noSwap, join(FIX, "jupiter_58FymkjJUeSF.json")]);
    expect(code).toBe(0);
    expect(lines).toEqual([]);
    expect(stderr).toBe("");
  });
});
