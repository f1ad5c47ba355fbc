/**
 * Test support for the Raydium CPMM / CLMM / LaunchLab decoder tests. Not imported by
 * production code; pure (callers read the files), so it can live next to those decoders.
 *
 * `vixenCaptureToTx` turns a yellowstone-vixen `*_txupdate.json` capture
 * (test/fixtures/yellowstone/recorded/vixen_txupdate_json/) into the normalized transaction.
 * Key idea: vixen's JSON is a SubscribeUpdateTransaction with bytes as number arrays and the
 * signature as base58. It goes through the production path (`grpcToRpcTransaction`, then
 * `fromRpcTransaction`) once the arrays are bytes again.
 *
 * Trap: vixen's serialisation dropped `versioned` and `addressTableLookups`, but it kept
 * `meta.loadedWritableAddresses` / `loadedReadonlyAddresses`, i.e. the keys the lookups
 * resolved to. The message is therefore marked versioned and given one placeholder lookup
 * whose index counts match the loaded keys: account resolution is exact (the runtime's
 * static + writable + readonly order), only the table's own address and indexes are made up
 * (so the signature cannot be verified, as the fixtures README says).
 */
import { decodeBase58 } from "../codec.js";
import { grpcToRpcTransaction } from "../grpc-transaction.js";
import type { GrpcTransactionUpdate } from "../grpc-transaction.js";
import type { Swap } from "../swap.js";
import { fromRpcTransaction } from "../transaction.js";
import type { Instruction, SolanaTransaction } from "../transaction.js";
import { TxContext } from "../decoders/context.js";
import { readTokenTransfer } from "../decoders/shared/token.js";
import type { DecodeError } from "../decoders/types.js";

type Json = Record<string, unknown>;
type RawIx = { programIdIndex: number; accounts: number[]; data: number[]; stackHeight?: number | null };

const bytes = (v: unknown): Uint8Array => (typeof v === "string" ? decodeBase58(v) : Uint8Array.from(v as number[]));
const ix = (i: RawIx): { programIdIndex: number; accounts: Uint8Array; data: Uint8Array; stackHeight?: number | null } => ({
  programIdIndex: i.programIdIndex,
  accounts: Uint8Array.from(i.accounts),
  data: Uint8Array.from(i.data),
  ...(i.stackHeight !== undefined && { stackHeight: i.stackHeight }),
});

export function vixenCaptureToTx(capture: unknown): SolanaTransaction {
  const c = capture as { slot: number | string; transaction: Json };
  const info = c.transaction;
  const body = info["transaction"] as { signatures: unknown[]; message: Json };
  const m = body.message;
  const meta = info["meta"] as Json & { innerInstructions: { index: number; instructions: RawIx[] }[] };
  const writable = (meta["loadedWritableAddresses"] as unknown[]).map(bytes);
  const readonly = (meta["loadedReadonlyAddresses"] as unknown[]).map(bytes);
  const loaded = writable.length + readonly.length > 0;
  if (meta["err"] !== null && meta["err"] !== undefined) throw new Error("captures of failed transactions are not supported");
  const update = {
    slot: c.slot,
    transaction: {
      signature: bytes(info["signature"]),
      isVote: info["isVote"],
      index: info["index"],
      transaction: {
        signatures: body.signatures.map(bytes),
        message: {
          header: m["header"],
          accountKeys: (m["accountKeys"] as unknown[]).map(bytes),
          recentBlockhash: bytes(m["recentBlockhash"]),
          instructions: (m["instructions"] as RawIx[]).map(ix),
          versioned: loaded || m["versioned"] === true,
          addressTableLookups: loaded
            ? [{ accountKey: new Uint8Array(32).fill(1), writableIndexes: new Uint8Array(writable.length), readonlyIndexes: new Uint8Array(readonly.length) }]
            : [],
        },
      },
      meta: {
        ...meta,
        innerInstructions: meta.innerInstructions.map((g) => ({ index: g.index, instructions: g.instructions.map(ix) })),
        loadedWritableAddresses: writable,
        loadedReadonlyAddresses: readonly,
      },
    },
  } as unknown as GrpcTransactionUpdate;
  return fromRpcTransaction(grpcToRpcTransaction(update));
}

export { u64le } from "./factory.js";

/** The instruction at an ixPath ("3" or "3.5"). */
export function ixAt(tx: SolanaTransaction, path: string): Instruction {
  const [o, i] = path.split(".").map(Number);
  const outer = tx.instructions[o!]!;
  return i === undefined ? outer : outer.inner[i]!;
}

/** Net lamport change of an account. */
export function lamportDelta(tx: SolanaTransaction, account: string): bigint {
  const k = tx.accountKeys.indexOf(account);
  return tx.postBalances[k]! - tx.preBalances[k]!;
}

/** Sum of the token transfers among `ix`'s CPI children that leave `source`. */
export function paidFrom(tx: SolanaTransaction, ix: Instruction, source: string): bigint {
  let sum = 0n;
  for (const c of new TxContext(tx).children(ix)) {
    const t = readTokenTransfer(c);
    if (t && t.source === source) sum += t.amount;
  }
  return sum;
}

/**
 * The fixtures in which `decode` reports a swap of `dex`, sorted; throws if any of them gives a
 * `DecodeError` of that dex.
 */
export function fixturesWithSwaps(
  dex: Swap["dex"],
  files: readonly string[],
  load: (file: string) => SolanaTransaction,
  decode: (tx: SolanaTransaction) => { swaps: Swap[]; errors: DecodeError[] },
): string[] {
  const out: string[] = [];
  for (const file of files) {
    const { swaps, errors } = decode(load(file));
    const mine = errors.filter((e) => e.dex === dex);
    if (mine.length > 0) throw new Error(`${file}: ${mine.map((e) => e.message).join("; ")}`);
    if (swaps.some((s) => s.dex === dex)) out.push(file);
  }
  return out.sort();
}
