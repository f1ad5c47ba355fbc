import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { SubscribeUpdate, txEncode, txErrDecode, type SubscribeUpdateTransaction } from "@triton-one/yellowstone-grpc";
import bs58 from "bs58";
import { describe, expect, it } from "vitest";
import {
  MalformedGrpcTransactionError,
  decodeTransactionError,
  encodeBase58,
  grpcToRpcTransaction,
  type RpcTransactionJson,
} from "./grpc-transaction.js";

const ROOT = fileURLToPath(new URL("../../test/fixtures/", import.meta.url));
const GRPC_DIR = path.join(ROOT, "yellowstone/recorded/canonical_tx_updates");
const RPC_DIR = path.join(ROOT, "solana");

const rpcFiles = readdirSync(RPC_DIR).filter((f) => f.endsWith(".json") && !f.endsWith(".expected.json"));
const cases = readdirSync(GRPC_DIR)
  .filter((f) => f.endsWith(".bin"))
  .map((bin) => {
    const sig12 = /subscribe_update_tx_(\w{12})\.bin$/.exec(bin)?.[1] ?? "";
    const rpc = rpcFiles.find((f) => f.endsWith(`_${sig12}.json`));
    return { bin, sig12, rpc };
  });

function decodeUpdate(bin: string): SubscribeUpdateTransaction {
  const u = SubscribeUpdate.decode(readFileSync(path.join(GRPC_DIR, bin)));
  if (!u.transaction) throw new Error(`${bin} has no transaction update`);
  return u.transaction;
}

/** The fields the DERIVED fixtures cannot carry (README: rewards, costUnits, blockTime). */
function comparable(tx: RpcTransactionJson | Record<string, unknown>): unknown {
  const copy = structuredClone(tx) as { meta: Record<string, unknown>; blockTime?: unknown };
  delete copy.meta["rewards"];
  delete copy.meta["costUnits"];
  delete copy.blockTime;
  return copy;
}

describe("grpcToRpcTransaction on the recorded updates", () => {
  it("has an RPC fixture for each of the nine recorded updates", () => {
    expect(cases).toHaveLength(9);
    for (const c of cases) expect(c.rpc, c.bin).toBeDefined();
  });

  it.each(cases)("$bin equals the getTransaction JSON of the same transaction", ({ bin, sig12, rpc }) => {
    const converted = grpcToRpcTransaction(decodeUpdate(bin));
    const expected = JSON.parse(readFileSync(path.join(RPC_DIR, rpc!), "utf8")) as RpcTransactionJson;

    expect(converted.transaction.signatures[0]!.slice(0, 12)).toBe(sig12);
    expect(converted.blockTime).toBeNull();
    // Field by field first, so a failure names the part that differs.
    expect(converted.transaction.signatures).toEqual(expected.transaction.signatures);
    expect(converted.transaction.message.accountKeys).toEqual(expected.transaction.message.accountKeys);
    expect(converted.transaction.message.instructions).toEqual(expected.transaction.message.instructions);
    expect(converted.meta.preBalances).toEqual(expected.meta.preBalances);
    expect(converted.meta.postBalances).toEqual(expected.meta.postBalances);
    expect(converted.meta.preTokenBalances).toEqual(expected.meta.preTokenBalances);
    expect(converted.meta.postTokenBalances).toEqual(expected.meta.postTokenBalances);
    expect(converted.meta.innerInstructions).toEqual(expected.meta.innerInstructions);
    expect(converted.meta.logMessages).toEqual(expected.meta.logMessages);
    // Then everything else (version, header, blockhash, lookups, loaded addresses, fee, err...).
    expect(comparable(converted)).toEqual(comparable(expected));
  });

  it.each(cases)("$bin agrees with the client's own encoder (txEncode)", ({ bin }) => {
    const update = decodeUpdate(bin);
    const converted = grpcToRpcTransaction(update);
    const native = txEncode.encode(update.transaction!, 3 /* json */, 0, true) as unknown as RpcTransactionJson;
    // txEncode numbers outer instructions' stackHeight 1 where the RPC node says null.
    for (const ix of native.transaction.message.instructions) ix.stackHeight = null;
    expect(comparable(converted)).toEqual(comparable({ ...native, slot: converted.slot }));
  });
});

describe("grpcToRpcTransaction edge cases", () => {
  const base = () => decodeUpdate(cases[0]!.bin);

  it("keeps u64 values above 2^53 as exact decimal strings", () => {
    const u = base();
    u.transaction!.meta!.preBalances = ["18446744073709551615", ...u.transaction!.meta!.preBalances.slice(1)];
    const out = grpcToRpcTransaction(u);
    expect(out.meta.preBalances[0]).toBe("18446744073709551615");
    expect(typeof out.meta.preBalances[1]).toBe("number");
  });

  it("renders a zero token amount with uiAmount null and leaves out empty owner/programId", () => {
    const u = base();
    u.transaction!.meta!.preTokenBalances = [
      { accountIndex: 1, mint: "So11111111111111111111111111111111111111112", owner: "", programId: "",
        uiTokenAmount: { uiAmount: 0, decimals: 9, amount: "0", uiAmountString: "0" } },
    ];
    expect(grpcToRpcTransaction(u).meta.preTokenBalances).toEqual([
      { accountIndex: 1, mint: "So11111111111111111111111111111111111111112",
        uiTokenAmount: { uiAmount: null, decimals: 9, amount: "0", uiAmountString: "0" } },
    ]);
  });

  it("marks a failed transaction with the RPC's error object and status", () => {
    const u = base();
    // InstructionError(3, Custom(6001)) in bincode: the classic slippage failure.
    u.transaction!.meta!.err = { err: Uint8Array.from([8, 0, 0, 0, 3, 25, 0, 0, 0, 0x71, 0x17, 0, 0]) };
    const out = grpcToRpcTransaction(u);
    expect(out.meta.err).toEqual({ InstructionError: [3, { Custom: 6001 }] });
    expect(out.meta.status).toEqual({ Err: { InstructionError: [3, { Custom: 6001 }] } });
  });

  it("says null for logs and inner instructions the node did not record", () => {
    const u = base();
    u.transaction!.meta!.logMessagesNone = true;
    u.transaction!.meta!.innerInstructionsNone = true;
    const out = grpcToRpcTransaction(u);
    expect(out.meta.logMessages).toBeNull();
    expect(out.meta.innerInstructions).toBeNull();
  });

  it("renders return data as the RPC does", () => {
    const u = base();
    const programId = bs58.decode("LBUZKhRxPF3XUpBCjp4YzTKgLccjZhTSDM9YuVaPwxo");
    u.transaction!.meta!.returnData = { programId, data: Uint8Array.from([1, 2, 3, 4]) };
    expect(grpcToRpcTransaction(u).meta.returnData).toEqual({
      programId: "LBUZKhRxPF3XUpBCjp4YzTKgLccjZhTSDM9YuVaPwxo",
      data: ["AQIDBA==", "base64"],
    });
  });

  it("throws a named error for an update without meta or body", () => {
    const noMeta = base();
    noMeta.transaction!.meta = undefined;
    expect(() => grpcToRpcTransaction(noMeta)).toThrow(MalformedGrpcTransactionError);
    expect(() => grpcToRpcTransaction(noMeta)).toThrow(/no meta/);
    expect(() => grpcToRpcTransaction({ slot: "1", transaction: undefined })).toThrow(MalformedGrpcTransactionError);
  });
});

describe("decodeTransactionError", () => {
  // The client's native decoder is the reference: every TransactionError and InstructionError
  // variant this table knows must render the same.
  it.each(Array.from({ length: 39 }, (_, v) => v))("transaction error variant %i matches the native decoder", (v) => {
    const bytes = Uint8Array.from([v, 0, 0, 0, 2, 25, 0, 0, 0, 7, 0, 0, 0]);
    expect(decodeTransactionError(bytes)).toEqual(txErrDecode.decode(bytes));
  });

  it.each(Array.from({ length: 54 }, (_, v) => v))("instruction error variant %i matches the native decoder", (v) => {
    const bytes = Uint8Array.from([8, 0, 0, 0, 4, v, 0, 0, 0, 0x10, 0x27, 0, 0]);
    expect(decodeTransactionError(bytes)).toEqual(txErrDecode.decode(bytes));
  });

  it("keeps an unknown variant's bytes instead of guessing", () => {
    expect(decodeTransactionError(Uint8Array.from([99, 0, 0, 0]))).toEqual({ UnknownTransactionError: "63000000" });
  });
});

describe("encodeBase58", () => {
  it("matches bs58 on keys, leading zeros, empty and long inputs", () => {
    let seed = 42;
    const rand = () => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) & 0xff;
    const inputs: Uint8Array[] = [new Uint8Array(0), Uint8Array.from([0]), Uint8Array.from([0, 0, 1]), new Uint8Array(32)];
    for (let i = 0; i < 120; i++) {
      const len = [32, 64, 1, 7, 200, 1232][i % 6]!;
      const b = Uint8Array.from({ length: len }, rand);
      if (i % 5 === 0) b.fill(0, 0, 3);
      inputs.push(b);
    }
    for (const b of inputs) expect(encodeBase58(b)).toBe(bs58.encode(b));
  });
});
