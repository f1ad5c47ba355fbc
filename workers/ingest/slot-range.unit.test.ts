// The pure part of the slot-range datasource: which getBlock entries are worth decoding, read on
// recorded mainnet transactions in every encoding the RPC gives.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { defaultRegistry } from "../../core/domain/decoders/index.js";
import { fromRpcTransaction } from "../../core/domain/transaction.js";
import { classifyBlockEntry, SlotRangeDatasource, VOTE_PROGRAM_ID } from "./slot-range.js";

const PROGRAMS = new Set(defaultRegistry.keys());
type Entry = Record<string, unknown> & { meta: Record<string, unknown>; transaction: unknown };

/** A fixture as a getBlock entry (no slot, no block time). */
function entry(name: string): Entry {
  const raw = JSON.parse(readFileSync(new URL(`../../test/fixtures/solana/${name}.json`, import.meta.url), "utf8")) as Entry;
  const { slot: _s, blockTime: _b, ...rest } = raw;
  return structuredClone(rest) as Entry;
}

describe("classifyBlockEntry", () => {
  it("keeps DEX transactions in json, jsonParsed and base64 encodings", () => {
    expect(classifyBlockEntry(entry("pumpfun_2ffHb9AXeKNV"), PROGRAMS)).toBe("keep"); // json
    expect(classifyBlockEntry(entry("pumpfun_2nebvBA9wsBg"), PROGRAMS)).toBe("keep"); // jsonParsed
    expect(classifyBlockEntry(entry("pumpfun_3QLV6eN1W1pC"), PROGRAMS)).toBe("keep"); // base64: the decoder reads it
  });

  it("finds a DEX program reached only through an address lookup table", () => {
    const e = entry("raydium-amm-v4_2S9wtoK2dYtn");
    const loaded = e.meta["loadedAddresses"] as { writable: string[]; readonly: string[] };
    const staticKeys = ((e.transaction as { message: { accountKeys: string[] } }).message.accountKeys);
    const viaTable = [...loaded.writable, ...loaded.readonly].filter((k) => PROGRAMS.has(k));
    // Meaningful only if the fixture's DEX program really sits in the table, not in the message.
    expect(viaTable.length).toBeGreaterThan(0);
    expect(staticKeys.some((k) => PROGRAMS.has(k))).toBe(false);
    expect(classifyBlockEntry(e, PROGRAMS)).toBe("keep");
    const tx = fromRpcTransaction({ ...e, slot: 1 });
    expect(tx.accountKeys.some((k) => PROGRAMS.has(k))).toBe(true);
  });

  it("skips failed, vote and non-DEX transactions", () => {
    expect(classifyBlockEntry(entry("nonswap_4Ud63HtJxynB"), PROGRAMS)).toBe("failed");
    expect(classifyBlockEntry(entry("jupiter_58FymkjJUeSF"), PROGRAMS)).toBe("failed");
    expect(classifyBlockEntry(entry("transfer_4G24SgaZ3gU9"), PROGRAMS)).toBe("non-dex");
    const vote = entry("transfer_4G24SgaZ3gU9");
    (vote.transaction as { message: { accountKeys: string[] } }).message.accountKeys.push(VOTE_PROGRAM_ID);
    expect(classifyBlockEntry(vote, PROGRAMS)).toBe("vote");
  });

  it("passes on what it cannot read, so the decoder dead-letters it", () => {
    expect(classifyBlockEntry("not an object", PROGRAMS)).toBe("keep");
    expect(classifyBlockEntry({ meta: { err: null } }, PROGRAMS)).toBe("keep");
    const broken = entry("transfer_4G24SgaZ3gU9");
    (broken.transaction as { message: { accountKeys: unknown[] } }).message.accountKeys[0] = 42;
    expect(classifyBlockEntry(broken, PROGRAMS)).toBe("keep");
  });
});

describe("SlotRangeDatasource", () => {
  it("refuses a range that is not one, and an empty program list", () => {
    const base = { rpcUrl: "http://127.0.0.1:9", programIds: PROGRAMS };
    expect(() => new SlotRangeDatasource({ ...base, from: 10, to: 9 })).toThrow(/not a range/);
    expect(() => new SlotRangeDatasource({ ...base, from: -1, to: 9 })).toThrow(/not a range/);
    expect(() => new SlotRangeDatasource({ ...base, from: 1, to: 2, programIds: [] })).toThrow(/program id/);
    const ds = new SlotRangeDatasource({ ...base, from: 100, to: 199 });
    expect(ds.source).toBe("rpc");
    expect(ds.name).toBe("slots:100-199");
    expect(ds.progress).toMatchObject({ slots: 100, doneThrough: 99 });
  });
});
