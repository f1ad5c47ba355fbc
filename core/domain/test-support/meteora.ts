/**
 * Test-only helpers shared by the four Meteora decoder test files (never imported by
 * production code: it reads fixture files).
 */
import { readFileSync } from "node:fs";
import { SubscribeUpdate } from "@triton-one/yellowstone-grpc";
import bs58 from "bs58";
import { expect, it } from "vitest";
import { grpcToRpcTransaction } from "../grpc-transaction.js";
import { TOKEN_PROGRAM } from "../programs.js";
import type { Swap } from "../swap.js";
import { loadTx, rawFixture } from "./fixtures.js";
import { fromRpcTransaction } from "../transaction.js";
import type { Instruction, SolanaTransaction } from "../transaction.js";
import { DEFAULT_DECODERS, DecodeError, createRegistry, decodeSwaps } from "../decoders/index.js";
import type { DecodeResult, DecoderRegistry } from "../decoders/index.js";
import { hex, readU64 } from "../decoders/shared/bytes.js";
import type { SwapDecoder } from "../decoders/types.js";

type Json = Record<string, unknown>;

const GRPC_DIR = new URL("../../../test/fixtures/yellowstone/recorded/canonical_tx_updates/", import.meta.url);

/** The built-in decoders plus `decoder` (replacing a built-in one of the same program, if any). */
export function registryWith(decoder: SwapDecoder): DecoderRegistry {
  return createRegistry([...DEFAULT_DECODERS.filter((d) => d.programId !== decoder.programId), decoder]);
}

/** The recorded Yellowstone update of a transaction, through the gRPC -> RPC JSON converter. */
export function loadGrpcTx(sig12: string): SolanaTransaction {
  const u = SubscribeUpdate.decode(readFileSync(new URL(`subscribe_update_tx_${sig12}.bin`, GRPC_DIR)));
  if (!u.transaction) throw new Error(`${sig12}: no transaction update`);
  return fromRpcTransaction(grpcToRpcTransaction(u.transaction));
}

export function ixAt(tx: SolanaTransaction, path: string): Instruction {
  const [o, i] = path.split(".").map(Number);
  const outer = tx.instructions[o!]!;
  return i === undefined ? outer : outer.inner[i]!;
}

/** Lamport change of an account over the transaction. */
export function lamportDelta(tx: SolanaTransaction, account: string): bigint {
  const i = tx.accountKeys.indexOf(account);
  return tx.postBalances[i]! - tx.preBalances[i]!;
}

/**
 * The fixture decodes to exactly `expected` (one swap), from its RPC JSON, from the same JSON
 * rewritten as jsonParsed, and from the recorded Yellowstone update of the same transaction
 * (`sig12`: the first 12 characters of its signature).
 */
export function itDecodesTheFixtureSwap(fixture: string, sig12: string, decoder: SwapDecoder, expected: Partial<Swap>): void {
  const registry = registryWith(decoder);
  it("decodes exactly one swap, nothing else", () => {
    const tx = loadTx(fixture);
    const { swaps, errors } = decodeSwaps(tx, { registry });
    expect(errors).toEqual([]);
    expect(swaps).toEqual([expect.objectContaining({ ...expected, dex: decoder.dex, programId: decoder.programId, slot: tx.slot })]);
  });

  it("decodes the same swap from the jsonParsed encoding (token transfers pre-parsed)", () => {
    const tx = fromRpcTransaction(toJsonParsed(rawFixture(fixture)));
    expect(tx.instructions.some((o) => o.inner.some((i) => i.parsed !== undefined))).toBe(true);
    const { swaps, errors } = decodeSwaps(tx, { registry });
    expect(errors).toEqual([]);
    expect(swaps).toEqual([expect.objectContaining(expected)]);
  });

  it("decodes the same swap from the recorded Yellowstone update", () => {
    const { swaps, errors } = decodeSwaps(loadGrpcTx(sig12), { registry });
    expect(errors).toEqual([]);
    expect(swaps).toEqual([expect.objectContaining(expected)]);
  });
}

/** Decodes a fixture after editing its outer instruction `outerIndex` (json encoding). */
export function decodeEdited(fixture: string, outerIndex: number, decoder: SwapDecoder, edit: (ix: Json) => void): DecodeResult {
  const raw = rawFixture(fixture);
  edit((((raw["transaction"] as Json)["message"] as Json)["instructions"] as Json[])[outerIndex]!);
  return decodeSwaps(fromRpcTransaction(raw), { registry: registryWith(decoder) });
}

export interface MalformedSpec {
  fixture: string;
  /** The outer swap instruction of the fixture. */
  outerIndex: number;
  decoder: SwapDecoder;
  /** Keep this many data bytes; the error reason must match. */
  shortData: [number, RegExp];
  /** Keep this many accounts; the error reason must match. */
  fewAccounts: [number, RegExp];
  /** Discriminators (hex) of the program's non-swap instructions. */
  nonSwaps: string[];
}

/** The contract every decoder keeps for its own program's malformed and non-swap instructions. */
export function itRejectsMalformedAndIgnoresNonSwaps(spec: MalformedSpec): void {
  const { fixture, outerIndex, decoder } = spec;
  it(`short data (${spec.shortData[0]} bytes) is a DecodeError`, () => {
    const { swaps, errors } = decodeEdited(fixture, outerIndex, decoder, (ix) => {
      ix["data"] = bs58.encode(bs58.decode(ix["data"] as string).subarray(0, spec.shortData[0]));
    });
    expect(swaps).toEqual([]);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toBeInstanceOf(DecodeError);
    expect(errors[0]).toMatchObject({ ixPath: String(outerIndex), dex: decoder.dex, programId: decoder.programId });
    expect(errors[0]!.reason).toMatch(spec.shortData[1]);
  });

  it(`too few accounts (${spec.fewAccounts[0]}) is a DecodeError`, () => {
    const { swaps, errors } = decodeEdited(fixture, outerIndex, decoder, (ix) => {
      ix["accounts"] = (ix["accounts"] as number[]).slice(0, spec.fewAccounts[0]);
    });
    expect(swaps).toEqual([]);
    expect(errors.map((e) => e.reason)).toEqual([expect.stringMatching(spec.fewAccounts[1])]);
  });

  it("the program's other instructions give null", () => {
    for (const disc of spec.nonSwaps) {
      const r = decodeEdited(fixture, outerIndex, decoder, (ix) => {
        ix["data"] = bs58.encode(bytes(hex(disc), { u64: 1 }, { u64: 2 }, { u64: 3 }));
      });
      expect(r, disc).toEqual({ swaps: [], errors: [] });
    }
  });
}

/**
 * Rewrites a json-encoding fixture the way `jsonParsed` would show it: account keys as objects,
 * instructions with addresses, and SPL-token Transfer / TransferChecked pre-parsed (no data).
 */
export function toJsonParsed(raw: Json): Json {
  const out = structuredClone(raw);
  const msg = (out["transaction"] as Json)["message"] as Json;
  const loaded = ((out["meta"] as Json)["loadedAddresses"] as { writable: string[]; readonly: string[] } | undefined) ?? { writable: [], readonly: [] };
  const nSigners = (msg["header"] as Json)["numRequiredSignatures"] as number;
  const keys = [...(msg["accountKeys"] as string[]), ...loaded.writable, ...loaded.readonly];
  const nStatic = (msg["accountKeys"] as string[]).length;
  msg["accountKeys"] = keys.map((pubkey, i) => ({ pubkey, signer: i < nSigners, writable: true, source: i < nStatic ? "transaction" : "lookupTable" }));
  const convert = (ix: Json): Json => {
    const programId = keys[ix["programIdIndex"] as number]!;
    const accounts = (ix["accounts"] as number[]).map((i) => keys[i]!);
    const d = bs58.decode(ix["data"] as string);
    const base = { programId, stackHeight: ix["stackHeight"] ?? null };
    if (programId === TOKEN_PROGRAM && d[0] === 3) {
      return { ...base, program: "spl-token", parsed: { type: "transfer", info: { source: accounts[0], destination: accounts[1], authority: accounts[2], amount: String(readU64(d, 1)) } } };
    }
    if (programId === TOKEN_PROGRAM && d[0] === 12) {
      const amount = String(readU64(d, 1));
      return { ...base, program: "spl-token", parsed: { type: "transferChecked", info: {
        source: accounts[0], mint: accounts[1], destination: accounts[2], authority: accounts[3],
        tokenAmount: { amount, decimals: d[9], uiAmount: null, uiAmountString: amount },
      } } };
    }
    return { ...base, accounts, data: ix["data"] };
  };
  msg["instructions"] = (msg["instructions"] as Json[]).map(convert);
  for (const g of (out["meta"] as Json)["innerInstructions"] as Json[]) g["instructions"] = (g["instructions"] as Json[]).map(convert);
  return out;
}

/** Concatenates byte pieces, writing `{ u64 }` little-endian and `{ u8 }` as one byte. */
export function bytes(...parts: (Uint8Array | { u64: bigint | number } | { u8: number })[]): Uint8Array {
  const out: number[] = [];
  for (const p of parts) {
    if (p instanceof Uint8Array) out.push(...p);
    else if ("u8" in p) out.push(p.u8);
    else {
      let x = BigInt(p.u64);
      for (let i = 0; i < 8; i++) { out.push(Number(x & 0xffn)); x >>= 8n; }
    }
  }
  return Uint8Array.from(out);
}
