import { describe, expect, it } from "vitest";
import { parseLibraryLine } from "./wallet-library.js";

// Fee payers of mainnet transactions in test/fixtures/solana: real wallets.
const W1 = "GQpoa61ghhu51v6RnseVodSHkVki9XmtumBXjzBR8mQg";

describe("library lines", () => {
  it("reads a bare address, CSV with a label, quotes and tabs", () => {
    expect(parseLibraryLine(`  ${W1}  `, 2)).toEqual({ kind: "ok", address: W1, label: null });
    expect(parseLibraryLine(`${W1},whale one`, 2)).toEqual({ kind: "ok", address: W1, label: "whale one" });
    expect(parseLibraryLine(`"${W1}","a, ""quoted"" label"`, 2)).toEqual({ kind: "ok", address: W1, label: 'a, "quoted" label' });
    expect(parseLibraryLine(`${W1}\tx`, 2)).toMatchObject({ label: "x" });
  });
  it("skips blanks, comments, a header and a byte-order mark", () => {
    expect(parseLibraryLine("", 3).kind).toBe("skip");
    expect(parseLibraryLine("# list of 2025", 3).kind).toBe("skip");
    expect(parseLibraryLine("address,label", 1).kind).toBe("skip");
    expect(parseLibraryLine(`\uFEFF${W1}`, 1)).toMatchObject({ kind: "ok", address: W1 });
  });
  it("gives a reason for every bad line", () => {
    expect(parseLibraryLine("0x_deadbeef", 4)).toEqual({ kind: "bad", reason: 'not base58 ("0" "_")' });
    expect(parseLibraryLine("abc", 4)).toEqual({ kind: "bad", reason: "3 characters, an address has 32 to 44" });
    expect(parseLibraryLine("675kPX9MHTjS2zt1qfr1NYHuzeLXfQM9H24wFSUt1Mp8", 4)).toMatchObject({ kind: "bad", reason: expect.stringContaining("program") });
    expect(parseLibraryLine("So11111111111111111111111111111111111111112", 4)).toMatchObject({ kind: "bad", reason: expect.stringContaining("mint") });
    expect(parseLibraryLine("address", 5).kind).toBe("bad"); // a header only counts on line 1
  });
  it("drops control characters from labels and caps their length", () => {
    const r = parseLibraryLine(`${W1},a\u0000b${"x".repeat(100)}`, 2);
    expect(r.kind === "ok" && r.label).toBe(`ab${"x".repeat(62)}`);
  });
});
