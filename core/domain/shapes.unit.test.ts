/**
 * One transaction, every shape it can arrive in, one result. The pipeline takes transactions
 * as gRPC `SubscribeUpdate`s (live), as getTransaction JSON (replay, backfill) in the json,
 * jsonParsed and base64 encodings; whatever the shape, the model and the swaps must be the same.
 *
 * - gRPC vs RPC JSON: the 9 recorded Yellowstone updates against the getTransaction fixtures
 *   of the same transactions (the DERIVED rows of test/fixtures/solana/README.md), through the
 *   converter's fast path (instruction bytes handed over directly) and through its strings
 *   (the converted object after a JSON round trip or a structured clone).
 * - wire vs json: every json-encoded fixture serialized to wire bytes (base64 and base58), and
 *   every base64 fixture re-expressed as json and serialized back (byte for byte). Extends the
 *   three hand-picked cases of transaction.unit.test.ts to the whole set; the serializer here is
 *   written from the wire format spec, independent of both web3.js and our parser.
 */
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { SubscribeUpdate } from "@triton-one/yellowstone-grpc";
import bs58 from "bs58";
import { describe, expect, it } from "vitest";
import { decodeSwaps } from "./decoders/index.js";
import type { DecodeResult } from "./decoders/index.js";
import { grpcToRpcTransaction } from "./grpc-transaction.js";
import type { GrpcTransactionUpdate, RpcTransactionJson } from "./grpc-transaction.js";
import { manifest, rawFixture } from "./test-support/fixtures.js";
import { fromRpcTransaction } from "./transaction.js";
import type { SolanaTransaction } from "./transaction.js";

type Json = Record<string, unknown>;

const GRPC_DIR = fileURLToPath(new URL("../../test/fixtures/yellowstone/recorded/canonical_tx_updates/", import.meta.url));

/** The model with lazy instruction data materialized, for deep comparison. */
function snapshot(tx: SolanaTransaction): unknown {
  const ix = (i: SolanaTransaction["instructions"][number]["inner"][number]) => ({
    programId: i.programId,
    accounts: i.accounts,
    data: Buffer.from(i.data).toString("hex"),
    outerIndex: i.outerIndex,
    innerIndex: i.innerIndex,
    stackHeight: i.stackHeight,
    parsed: i.parsed,
  });
  return { ...tx, instructions: tx.instructions.map((o) => ({ ...ix(o), inner: o.inner.map(ix) })) };
}

/** Swaps and errors with blockTime normalized: the gRPC update does not carry it. */
function comparable(r: DecodeResult): unknown {
  return {
    swaps: r.swaps.map((s) => ({ ...s, blockTime: null })),
    errors: r.errors.map((e) => ({ reason: e.reason, ixPath: e.ixPath, dex: e.dex, programId: e.programId, signature: e.signature })),
  };
}

function decode(tx: SolanaTransaction): DecodeResult {
  return decodeSwaps(tx, { solUsd: 150 });
}

// ---------------------------------------------------------------------------------------------
// gRPC vs RPC JSON

const grpcCases = readdirSync(GRPC_DIR)
  .filter((f) => f.endsWith(".bin"))
  .sort()
  .map((bin) => {
    const sig12 = /subscribe_update_tx_(\w{12})\.bin$/.exec(bin)?.[1] ?? "";
    const entry = manifest().find((e) => e.signature.startsWith(sig12));
    return { bin, sig12, file: entry?.file ?? "" };
  });

function update(bin: string): GrpcTransactionUpdate {
  const u = SubscribeUpdate.decode(readFileSync(path.join(GRPC_DIR, bin))).transaction;
  if (!u) throw new Error(`${bin} has no transaction update`);
  return u as GrpcTransactionUpdate;
}

describe("gRPC update and getTransaction JSON give the same model and swaps", () => {
  it("has the RPC JSON of each of the nine captures", () => {
    expect(grpcCases).toHaveLength(9);
    for (const c of grpcCases) expect(c.file, c.bin).not.toBe("");
  });

  it.each(grpcCases)("$bin = $file", ({ bin, file }) => {
    const viaGrpc = fromRpcTransaction(grpcToRpcTransaction(update(bin)));
    const viaRpc = fromRpcTransaction(rawFixture(file));
    expect(viaGrpc.blockTime).toBeNull();
    expect(snapshot({ ...viaGrpc, blockTime: null })).toEqual(snapshot({ ...viaRpc, blockTime: null }));

    const a = decode(viaGrpc);
    const b = decode(viaRpc);
    // field by field first, so that a failure names the field
    expect(a.swaps.length).toBe(b.swaps.length);
    a.swaps.forEach((s, i) => {
      const r = b.swaps[i]!;
      for (const k of Object.keys(r) as (keyof typeof r)[]) if (k !== "blockTime") expect(s[k], `swap ${i} ${k}`).toEqual(r[k]);
    });
    expect(comparable(a)).toEqual(comparable(b));
  });

  it.each(grpcCases)("$bin: the converted object read through its strings (JSON, structuredClone) decodes the same", ({ bin }) => {
    const converted = grpcToRpcTransaction(update(bin));
    const direct = fromRpcTransaction(converted);
    for (const copy of [JSON.parse(JSON.stringify(converted)) as unknown, structuredClone(converted)]) {
      const tx = fromRpcTransaction(copy);
      expect(snapshot(tx)).toEqual(snapshot(direct));
      expect(comparable(decode(tx))).toEqual(comparable(decode(direct)));
    }
  });

  it("honours instruction data reassigned on a converted object", () => {
    // the longest instruction data is handed over as bytes; a new string must win over them
    const converted: RpcTransactionJson = grpcToRpcTransaction(update(grpcCases[0]!.bin));
    let at: { group: number; j: number; len: number } = { group: -1, j: -1, len: -1 };
    for (const g of converted.meta.innerInstructions ?? []) {
      g.instructions.forEach((ix, j) => {
        if (ix.data.length > at.len) at = { group: g.index, j, len: ix.data.length };
      });
    }
    expect(at.len).toBeGreaterThan(100);
    const group = (converted.meta.innerInstructions ?? []).find((g) => g.index === at.group)!;
    group.instructions[at.j]!.data = bs58.encode(Uint8Array.from([1, 2, 3]));
    const tx = fromRpcTransaction(converted);
    expect([...tx.instructions[at.group]!.inner[at.j]!.data]).toEqual([1, 2, 3]);
    const copy = fromRpcTransaction(JSON.parse(JSON.stringify(converted)));
    expect([...copy.instructions[at.group]!.inner[at.j]!.data]).toEqual([1, 2, 3]);
  });
});

// ---------------------------------------------------------------------------------------------
// Wire format vs json encoding

function shortvec(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const b = n & 0x7f;
    n >>= 7;
    if (n === 0) {
      out.push(b);
      return out;
    }
    out.push(b | 0x80);
  }
}

/** A json-encoded getTransaction result's transaction as wire bytes (legacy or v0 message). */
function toWire(raw: Json): Uint8Array {
  const t = raw["transaction"] as Json;
  const m = t["message"] as Json;
  const header = m["header"] as { numRequiredSignatures: number; numReadonlySignedAccounts: number; numReadonlyUnsignedAccounts: number };
  const out: number[] = [];
  const sigs = t["signatures"] as string[];
  out.push(...shortvec(sigs.length));
  for (const s of sigs) out.push(...bs58.decode(s));
  if (raw["version"] === 0) out.push(0x80);
  out.push(header.numRequiredSignatures, header.numReadonlySignedAccounts, header.numReadonlyUnsignedAccounts);
  const keys = m["accountKeys"] as string[];
  out.push(...shortvec(keys.length));
  for (const k of keys) out.push(...bs58.decode(k));
  out.push(...bs58.decode(m["recentBlockhash"] as string));
  const ixs = m["instructions"] as { programIdIndex: number; accounts: number[]; data: string }[];
  out.push(...shortvec(ixs.length));
  for (const ix of ixs) {
    const data = bs58.decode(ix.data);
    out.push(ix.programIdIndex, ...shortvec(ix.accounts.length), ...ix.accounts, ...shortvec(data.length), ...data);
  }
  if (raw["version"] === 0) {
    const lookups = (m["addressTableLookups"] ?? []) as { accountKey: string; writableIndexes: number[]; readonlyIndexes: number[] }[];
    out.push(...shortvec(lookups.length));
    for (const l of lookups) {
      out.push(...bs58.decode(l.accountKey));
      out.push(...shortvec(l.writableIndexes.length), ...l.writableIndexes);
      out.push(...shortvec(l.readonlyIndexes.length), ...l.readonlyIndexes);
    }
  }
  return Uint8Array.from(out);
}

/** Reads wire bytes back into the json encoding (the parts `toWire` writes). */
function fromWire(raw: Json, b: Uint8Array): Json {
  let o = 0;
  const vec = (): number => {
    let len = 0;
    for (let shift = 0; ; shift += 7) {
      const byte = b[o++]!;
      len |= (byte & 0x7f) << shift;
      if ((byte & 0x80) === 0) return len;
    }
  };
  const take = (n: number): Uint8Array => b.subarray((o += n) - n, o);
  const nSigs = vec();
  const signatures = Array.from({ length: nSigs }, () => bs58.encode(take(64)));
  const v0 = (b[o]! & 0x80) !== 0;
  if (v0) o++;
  const [req, roS, roU] = take(3);
  const accountKeys = Array.from({ length: vec() }, () => bs58.encode(take(32)));
  const recentBlockhash = bs58.encode(take(32));
  const instructions = Array.from({ length: vec() }, () => {
    const programIdIndex = b[o++]!;
    const accounts = [...take(vec())];
    const data = bs58.encode(take(vec()));
    return { programIdIndex, accounts, data, stackHeight: null };
  });
  const message: Json = {
    header: { numRequiredSignatures: req, numReadonlySignedAccounts: roS, numReadonlyUnsignedAccounts: roU },
    accountKeys,
    recentBlockhash,
    instructions,
  };
  if (v0) {
    message["addressTableLookups"] = Array.from({ length: vec() }, () => ({
      accountKey: bs58.encode(take(32)),
      writableIndexes: [...take(vec())],
      readonlyIndexes: [...take(vec())],
    }));
  }
  expect(o).toBe(b.length);
  return { ...raw, version: v0 ? 0 : "legacy", transaction: { signatures, message } };
}

const jsonFixtures = manifest().filter((e) => e.encoding === "json");
const base64Fixtures = manifest().filter((e) => e.encoding === "base64");

describe("wire bytes and json encoding give the same model and swaps", () => {
  it("covers legacy and v0 transactions, with and without address tables", () => {
    expect(jsonFixtures.map((e) => e.version)).toEqual(expect.arrayContaining(["legacy", "0"]));
    expect(jsonFixtures.some((e) => e.features.includes("ALT"))).toBe(true);
    expect(base64Fixtures.length).toBeGreaterThan(0);
  });

  it.each(jsonFixtures)("$file: json -> wire (base64 and base58)", ({ file }) => {
    const raw = rawFixture(file);
    const direct = fromRpcTransaction(raw);
    const wire = toWire(raw);
    for (const transaction of [[Buffer.from(wire).toString("base64"), "base64"], [bs58.encode(wire), "base58"]]) {
      const tx = fromRpcTransaction({ ...raw, transaction });
      expect(snapshot(tx)).toEqual(snapshot(direct));
      expect(comparable(decode(tx))).toEqual(comparable(decode(direct)));
    }
  });

  it.each(base64Fixtures)("$file: base64 -> json -> the same wire bytes, model and swaps", ({ file }) => {
    const raw = rawFixture(file);
    const [b64] = raw["transaction"] as [string, string];
    const wire = new Uint8Array(Buffer.from(b64, "base64"));
    const json = fromWire(raw, wire);
    expect(Buffer.from(toWire(json)).toString("base64")).toBe(b64);
    const a = fromRpcTransaction(raw);
    const b = fromRpcTransaction(json);
    expect(snapshot(a)).toEqual(snapshot(b));
    expect(comparable(decode(a))).toEqual(comparable(decode(b)));
    expect(decode(a).swaps.length).toBeGreaterThan(0);
  });
});
