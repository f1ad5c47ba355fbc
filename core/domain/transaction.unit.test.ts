import { Message, MessageV0, PublicKey, VersionedTransaction } from "@solana/web3.js";
import type { MessageHeader } from "@solana/web3.js";
import bs58 from "bs58";
import { describe, expect, it } from "vitest";
import { decodeSwaps } from "./decoders/index.js";
import { loadTx, manifest, rawFixture } from "./test-support/fixtures.js";
import { MalformedTransactionError, allInstructions, fromRpcTransaction, ixPath } from "./transaction.js";
import type { SolanaTransaction } from "./transaction.js";

type Json = Record<string, unknown>;

/**
 * Re-expresses a base64-encoded getTransaction result in the "json" encoding, using web3.js
 * (an implementation independent of ours) to read the wire format.
 */
function base64ToJsonEncoding(raw: Json): Json {
  const [b64] = raw["transaction"] as [string, string];
  const vtx = VersionedTransaction.deserialize(Buffer.from(b64, "base64"));
  const m = vtx.message;
  return {
    ...raw,
    transaction: {
      signatures: vtx.signatures.map((s) => bs58.encode(s)),
      message: {
        header: m.header,
        accountKeys: m.staticAccountKeys.map((k) => k.toBase58()),
        recentBlockhash: m.recentBlockhash,
        instructions: m.compiledInstructions.map((ix) => ({
          programIdIndex: ix.programIdIndex,
          accounts: [...ix.accountKeyIndexes],
          data: bs58.encode(ix.data),
          stackHeight: null,
        })),
        addressTableLookups: m.addressTableLookups.map((l) => ({
          accountKey: l.accountKey.toBase58(),
          writableIndexes: [...l.writableIndexes],
          readonlyIndexes: [...l.readonlyIndexes],
        })),
      },
    },
  };
}

/** Everything of the model, with lazy instruction data materialized, for deep comparison. */
function snapshot(tx: SolanaTransaction): unknown {
  return {
    ...tx,
    instructions: tx.instructions.map((o) => ({
      programId: o.programId,
      accounts: o.accounts,
      data: Buffer.from(o.data).toString("hex"),
      inner: o.inner.map((i) => ({
        programId: i.programId,
        accounts: i.accounts,
        data: Buffer.from(i.data).toString("hex"),
        stackHeight: i.stackHeight,
        innerIndex: i.innerIndex,
      })),
    })),
  };
}

function expectMalformed(fn: () => unknown, reason: RegExp, signature?: string | null): MalformedTransactionError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(MalformedTransactionError);
    const m = e as MalformedTransactionError;
    expect(m.reason).toMatch(reason);
    if (signature !== undefined) expect(m.signature).toBe(signature);
    return m;
  }
  throw new Error("expected a MalformedTransactionError");
}

describe("fromRpcTransaction: every fixture", () => {
  for (const entry of manifest()) {
    it(`parses ${entry.file} (${entry.encoding}, v${entry.version})`, () => {
      const raw = rawFixture(entry.file);
      const tx = fromRpcTransaction(raw);
      expect(tx.signature).toBe(entry.signature);
      expect(tx.failed).toBe(entry.features.includes("FAILED"));
      expect(tx.preBalances).toHaveLength(tx.accountKeys.length);
      expect(tx.postBalances).toHaveLength(tx.accountKeys.length);
      expect(tx.isSigner).toHaveLength(tx.accountKeys.length);
      expect(tx.isWritable).toHaveLength(tx.accountKeys.length);
      expect(tx.isSigner[0]).toBe(true);
      expect(tx.fee).toBe(BigInt((raw["meta"] as Json)["fee"] as number));
      for (const b of [...tx.preTokenBalances, ...tx.postTokenBalances]) {
        expect(tx.accountKeys[b.accountIndex]).toBe(b.account);
      }
      // every instruction resolves its program and accounts to real keys
      for (const ix of allInstructions(tx)) {
        expect(tx.accountKeys).toContain(ix.programId);
        for (const a of ix.accounts) expect(tx.accountKeys).toContain(a);
        if (ix.parsed === undefined) expect(ix.data).toBeInstanceOf(Uint8Array);
      }
      const meta = raw["meta"] as Json;
      const la = meta["loadedAddresses"] as { writable: string[]; readonly: string[] } | undefined;
      if (la && entry.encoding !== "jsonParsed") {
        // static keys first, then loaded writable, then loaded readonly
        const n = tx.accountKeys.length;
        const nl = la.writable.length + la.readonly.length;
        expect(tx.accountKeys.slice(n - nl)).toEqual([...la.writable, ...la.readonly]);
        la.writable.forEach((_, i) => expect(tx.isWritable![n - nl + i]).toBe(true));
        la.readonly.forEach((_, i) => expect(tx.isWritable![n - la.readonly.length + i]).toBe(false));
      }
    });
  }
});

describe("fromRpcTransaction: shapes", () => {
  it("json: header flags and loaded addresses (v0 with ALT)", () => {
    const tx = loadTx("jupiter_4VhDRLUK5QDZ");
    // 24 static + 13 writable + 7 readonly loaded
    expect(tx.accountKeys).toHaveLength(44);
    expect(tx.version).toBe(0);
    expect(tx.isSigner.filter(Boolean)).toHaveLength(1);
    // header: 1 signer (writable), 15 readonly unsigned at the end of the static keys
    expect(tx.isWritable!.slice(0, 24).filter(Boolean)).toHaveLength(24 - 15);
    expect(tx.slot).toBe(338521977);
    expect(tx.blockTime).toBe(1746657467);
  });

  it("jsonParsed: keeps table-loaded keys once, keeps parsed instructions and their shape", () => {
    const tx = loadTx("raydium-amm-v4_43W2EWitbiL5");
    expect(tx.accountKeys).toHaveLength(31);
    expect(tx.isSigner.slice(0, 6)).toEqual([true, true, true, true, true, false]);
    expect(tx.isWritable![1]).toBe(false);
    const transfer = tx.instructions[0]!.inner[0]!;
    expect(transfer.programId).toBe("TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA");
    expect(transfer.parsed).toMatchObject({ type: "transfer", info: { amount: "4350040" } });
    expect(transfer.accounts).toEqual([]);
    expect(transfer.data).toHaveLength(0);
    expect(transfer.stackHeight).toBe(2);
    // an unparsed program in jsonParsed keeps accounts and base58 data
    const ray = tx.instructions[0]!;
    expect(ray.accounts).toHaveLength(18);
    expect(ray.data[0]).toBe(9);
    expect(ray.stackHeight).toBe(1);
  });

  it("instruction data is the base58-decoded payload", () => {
    const raw = rawFixture("raydium-amm-v4_2WjgSSiEnMNT");
    const msg = (raw["transaction"] as Json)["message"] as Json;
    const ixs = msg["instructions"] as Json[];
    const tx = fromRpcTransaction(raw);
    tx.instructions.forEach((ix, i) => {
      expect(Buffer.from(ix.data)).toEqual(Buffer.from(bs58.decode(ixs[i]!["data"] as string)));
      expect(ix.data).toBe(ix.data); // decoded once, then cached
    });
  });

  it("ixPath and allInstructions follow execution order", () => {
    const tx = loadTx("pumpfun_3QLV6eN1W1pC");
    const paths = [...allInstructions(tx)].map(ixPath);
    expect(paths.slice(0, 5)).toEqual(["0", "1", "2", "2.0", "2.1"]);
    expect(paths).toHaveLength(15);
  });

  it("uses opts.slot / opts.blockTime only when the result has none", () => {
    const noSlot = loadTx("pumpswap_3QvhUBMprN6M");
    expect(noSlot.slot).toBeNull();
    expect(noSlot.blockTime).toBeNull();
    const withOpts = fromRpcTransaction(rawFixture("pumpswap_3QvhUBMprN6M"), { slot: 42, blockTime: 7 });
    expect(withOpts.slot).toBe(42);
    expect(withOpts.blockTime).toBe(7);
    expect(fromRpcTransaction(rawFixture("pumpfun_3QLV6eN1W1pC"), { slot: 42 }).slot).toBe(356399841);
  });

  it("accepts u64 balances and fee as decimal strings (as the gRPC converter emits above 2^53)", () => {
    const raw = rawFixture("transfer_4G24SgaZ3gU9");
    const meta = raw["meta"] as Json;
    const pre = meta["preBalances"] as (number | string)[];
    pre[0] = "18446744073709551615";
    meta["fee"] = String(meta["fee"]);
    const tx = fromRpcTransaction(raw);
    expect(tx.preBalances[0]).toBe(2n ** 64n - 1n);
    expect(tx.fee).toBe(BigInt(meta["fee"] as string));
    pre[1] = "-5";
    expectMalformed(() => fromRpcTransaction(raw), /bad preBalances/);
  });

  it("accepts a legacy transaction without a version key (pumpfun_trjspFNZZnmB)", () => {
    const tx = loadTx("pumpfun_trjspFNZZnmB");
    expect(tx.version).toBe("legacy");
    expect(tx.accountKeys).toHaveLength(14);
  });
});

describe("base64 vs json encodings", () => {
  const b64 = manifest().filter((e) => e.encoding === "base64");
  it("covers legacy and v0 with loaded addresses", () => {
    expect(b64.map((e) => e.version).sort()).toEqual(["0", "0", "legacy"]);
  });
  for (const entry of b64) {
    it(`${entry.file}: same model and same swaps from both encodings`, () => {
      const raw = rawFixture(entry.file);
      const fromB64 = fromRpcTransaction(raw);
      const fromJson = fromRpcTransaction(base64ToJsonEncoding(raw));
      expect(snapshot(fromB64)).toEqual(snapshot(fromJson));
      const a = decodeSwaps(fromB64);
      const b = decodeSwaps(fromJson);
      expect(a.swaps.length).toBeGreaterThan(0);
      expect(a).toEqual(b);
    });
  }

  /** Serializes a json-encoded fixture to wire bytes with web3.js (legacy or v0). */
  function jsonToBase64Encoding(raw: Json): Json {
    const t = raw["transaction"] as Json;
    const m = t["message"] as Json;
    const header = m["header"] as MessageHeader;
    const keys = (m["accountKeys"] as string[]).map((k) => new PublicKey(k));
    const ixs = (m["instructions"] as Json[]).map((ix) => ({
      programIdIndex: ix["programIdIndex"] as number,
      accountKeyIndexes: ix["accounts"] as number[],
      data: bs58.decode(ix["data"] as string),
    }));
    const recentBlockhash = m["recentBlockhash"] as string;
    const message =
      raw["version"] === 0
        ? new MessageV0({
            header,
            staticAccountKeys: keys,
            recentBlockhash,
            compiledInstructions: ixs,
            addressTableLookups: ((m["addressTableLookups"] as Json[] | undefined) ?? []).map((l) => ({
              accountKey: new PublicKey(l["accountKey"] as string),
              writableIndexes: l["writableIndexes"] as number[],
              readonlyIndexes: l["readonlyIndexes"] as number[],
            })),
          })
        : new Message({
            header,
            accountKeys: keys.map((k) => k.toBase58()),
            recentBlockhash,
            instructions: ixs.map((ix) => ({
              programIdIndex: ix.programIdIndex,
              accounts: ix.accountKeyIndexes,
              data: bs58.encode(ix.data),
            })),
          });
    const vtx = new VersionedTransaction(message, (t["signatures"] as string[]).map((x) => bs58.decode(x)));
    return { ...raw, transaction: [Buffer.from(vtx.serialize()).toString("base64"), "base64"] };
  }

  for (const name of ["meteora-damm-v1_2mHGPXMzxs6N", "raydium-amm-v4_2S9wtoK2dYtn", "okx-router_2zNeSn8cJpTA"]) {
    it(`${name}: json -> wire bytes -> same model and swaps`, () => {
      const raw = rawFixture(name);
      const viaWire = fromRpcTransaction(jsonToBase64Encoding(raw));
      const direct = fromRpcTransaction(raw);
      expect(snapshot(viaWire)).toEqual(snapshot(direct));
      expect(decodeSwaps(viaWire)).toEqual(decodeSwaps(direct));
    });
  }
});

describe("MalformedTransactionError", () => {
  it("rejects non-objects", () => {
    for (const v of [null, undefined, 42, "tx", [1, 2]]) {
      expectMalformed(() => fromRpcTransaction(v), /not an object/, null);
    }
  });

  it("rejects a missing meta or message, with the signature when known", () => {
    const noMeta = rawFixture("transfer_4G24SgaZ3gU9");
    delete noMeta["meta"];
    expectMalformed(() => fromRpcTransaction(noMeta), /missing meta/);

    const noMsg = rawFixture("transfer_4G24SgaZ3gU9");
    delete ((noMsg["transaction"] as Json)["message"]);
    expectMalformed(
      () => fromRpcTransaction(noMsg),
      /missing message/,
      "4G24SgaZ3gU92HAB8xwSVg6WXS7NcGtUpHMnQ5RTwBw9bG5x8y6co5TzqqPXbExovY2NAuPjE9393TCHFZVhS8K9",
    );
  });

  it("rejects account indexes out of range (outer, inner, token balances)", () => {
    const sigOf = "54MFrVcfzQEnfMCQo2KtRJErGBnr2rgJ7ShAQ8mpr61FdyiQsc8vuxBYqz8xGmM4C23sYcm1Wic3gJTjUf5u9Pkr";
    const a = rawFixture("raydium-amm-v4_54MFrVcfzQEn");
    (((a["transaction"] as Json)["message"] as Json)["instructions"] as Json[])[2]!["accounts"] = [0, 99];
    expectMalformed(() => fromRpcTransaction(a), /account index 99 out of range/, sigOf);

    const b = rawFixture("raydium-amm-v4_54MFrVcfzQEn");
    const inner = (b["meta"] as Json)["innerInstructions"] as Json[];
    ((inner[0]!["instructions"] as Json[])[0]!)["programIdIndex"] = 22;
    expectMalformed(() => fromRpcTransaction(b), /account index 22 out of range \(22 keys\)/, sigOf);

    const c = rawFixture("raydium-amm-v4_54MFrVcfzQEn");
    ((c["meta"] as Json)["postTokenBalances"] as Json[])[0]!["accountIndex"] = -1;
    expectMalformed(() => fromRpcTransaction(c), /out of range/, sigOf);
  });

  it("rejects bad base58 in instruction data and account keys", () => {
    const a = rawFixture("raydium-amm-v4_54MFrVcfzQEn");
    (((a["transaction"] as Json)["message"] as Json)["instructions"] as Json[])[2]!["data"] = "0OIl";
    expectMalformed(() => fromRpcTransaction(a), /base58/);

    const b = rawFixture("raydium-amm-v4_54MFrVcfzQEn");
    (((b["transaction"] as Json)["message"] as Json)["accountKeys"] as string[])[3] = "not-a-key";
    expectMalformed(() => fromRpcTransaction(b), /bad account key/);
  });

  it("rejects truncated and corrupted base64 transactions", () => {
    const raw = rawFixture("pumpfun_3QLV6eN1W1pC");
    const [b64] = raw["transaction"] as [string, string];
    const bytes = Buffer.from(b64, "base64");
    for (const cut of [1, 50, 65, 70, 200, bytes.length - 1]) {
      const t = { ...raw, transaction: [bytes.subarray(0, cut).toString("base64"), "base64"] };
      expectMalformed(() => fromRpcTransaction(t), /truncated|trailing|header|bad/);
    }
    const extra = { ...raw, transaction: [Buffer.concat([bytes, Buffer.from([0])]).toString("base64"), "base64"] };
    expectMalformed(() => fromRpcTransaction(extra), /trailing bytes/);
    const garbage = { ...raw, transaction: [`${b64.slice(0, 40)}!!${b64.slice(42)}`, "base64"] };
    expectMalformed(() => fromRpcTransaction(garbage), /bad base64/);
    const unknownEnc = { ...raw, transaction: [b64, "base32"] };
    expectMalformed(() => fromRpcTransaction(unknownEnc), /unsupported transaction encoding/);
  });

  it("rejects a base64 v0 transaction whose loadedAddresses do not match its lookups", () => {
    const raw = rawFixture("pumpswap_56RbkzmAEtd8");
    const la = (raw["meta"] as Json)["loadedAddresses"] as { writable: string[] };
    la.writable.pop();
    expectMalformed(
      () => fromRpcTransaction(raw),
      /loadedAddresses .* do not match/,
      "56RbkzmAEtd88ZeiBigh41kPThpoFqZoxj9tULQJe7xRBAcdRYxREuNBRUW5f2jJASZ81aNhxe8EBej258q76AuH",
    );
  });

  it("rejects a json v0 transaction whose loadedAddresses do not match its lookups", () => {
    const raw = rawFixture("jupiter_4VhDRLUK5QDZ");
    ((raw["meta"] as Json)["loadedAddresses"] as { readonly: string[] }).readonly.pop();
    expectMalformed(() => fromRpcTransaction(raw), /loadedAddresses \(13\+6\) do not match the lookups \(13\+7\)/);
    const noLoaded = rawFixture("jupiter_4VhDRLUK5QDZ");
    delete (noLoaded["meta"] as Json)["loadedAddresses"];
    expectMalformed(() => fromRpcTransaction(noLoaded), /do not match/);
  });

  it("rejects balances that do not line up with the account keys", () => {
    const raw = rawFixture("transfer_4G24SgaZ3gU9");
    ((raw["meta"] as Json)["preBalances"] as number[]).pop();
    expectMalformed(() => fromRpcTransaction(raw), /preBalances has 8 entries for 9 account keys/);
    const bad = rawFixture("transfer_4G24SgaZ3gU9");
    ((bad["meta"] as Json)["postTokenBalances"] as Json[])[0]!["uiTokenAmount"] = { amount: "1.5", decimals: 6 };
    expectMalformed(() => fromRpcTransaction(bad), /bad postTokenBalances amount/);
  });

  it("rejects inner instructions that point at a missing outer instruction", () => {
    const raw = rawFixture("transfer_4G24SgaZ3gU9");
    ((raw["meta"] as Json)["innerInstructions"] as Json[])[0]!["index"] = 40;
    expectMalformed(() => fromRpcTransaction(raw), /missing outer instruction 40/);
  });
});
