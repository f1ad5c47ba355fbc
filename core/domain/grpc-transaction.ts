/**
 * Converts a Yellowstone gRPC `SubscribeUpdateTransaction` (as the JS client yields it) into the
 * RPC `getTransaction` "json" result shape, so a streamed transaction enters the same pipeline
 * as a fetched or replayed one (`fromRpcTransaction`, decoders) with no second code path.
 *
 * Key idea: the update carries the same data as the RPC result in a different dress — bytes
 * instead of base58, u64 as decimal strings, the version as a `versioned` flag, the error as
 * bincode bytes. Each is translated the way the RPC node itself renders it (checked against
 * RPC-shaped fixtures of the same transactions and against the client's own `txEncode`):
 * outer instructions carry `stackHeight: null`, a zero token amount has `uiAmount: null`, an
 * empty token-balance owner/programId is left out, `addressTableLookups` exists only for v0.
 *
 * Traps:
 * - u64 values above 2^53 cannot be JSON numbers without losing digits; they are kept as
 *   decimal strings (never happens for fees or compute units; a lamport balance would need
 *   more than 9 million SOL in one account).
 * - Base58 is encoded here into a flat string: `bs58.encode` builds rope strings that hold about
 *   1 KB each, and account keys end up in long-lived caches downstream (see PERF-NOTES).
 * - The gRPC update has no block time: `blockTime` is null.
 * - Base58 is quadratic in the length: instruction data longer than 32 bytes (anchor events,
 *   routes) is encoded only if somebody reads it, and its bytes go straight to
 *   `fromRpcTransaction` (see `lazyInstruction`). Streaming never pays for those strings.
 */

import { encodeBase58 as codecEncodeBase58 } from "./codec.js";
import { attachInstructionBytes, detachInstructionBytes } from "./transaction.js";

// ---------------------------------------------------------------------------------------------
// Input: the structural shape of the client's generated types (forceLong=string, bytes as
// Uint8Array/Buffer). Only what is read is declared, so protobufjs-decoded objects fit too.

type Bytes = Uint8Array;
/** A u64/i64 as the client yields it (decimal string); numbers and bigints are accepted too. */
type U64 = string | number | bigint;

export interface GrpcTransactionUpdate {
  slot: U64;
  transaction?: GrpcTransactionInfo | null | undefined;
}

export interface GrpcTransactionInfo {
  signature: Bytes;
  isVote?: boolean;
  transaction?: GrpcTransaction | null | undefined;
  meta?: GrpcTransactionMeta | null | undefined;
  index?: U64;
}

export interface GrpcTransaction {
  signatures: readonly Bytes[];
  message?: GrpcMessage | null | undefined;
}

export interface GrpcMessage {
  header?:
    | { numRequiredSignatures?: number; numReadonlySignedAccounts?: number; numReadonlyUnsignedAccounts?: number }
    | null
    | undefined;
  accountKeys: readonly Bytes[];
  recentBlockhash: Bytes;
  instructions: readonly GrpcCompiledInstruction[];
  versioned: boolean;
  addressTableLookups?: readonly { accountKey: Bytes; writableIndexes: Bytes; readonlyIndexes: Bytes }[];
}

export interface GrpcCompiledInstruction {
  programIdIndex: number;
  accounts: Bytes;
  data: Bytes;
}

export interface GrpcInnerInstruction extends GrpcCompiledInstruction {
  stackHeight?: number | null | undefined;
}

export interface GrpcTokenBalance {
  accountIndex: number;
  mint: string;
  uiTokenAmount?:
    | { uiAmount?: number; decimals?: number; amount?: string; uiAmountString?: string }
    | null
    | undefined;
  owner?: string;
  programId?: string;
}

export interface GrpcReward {
  pubkey: string;
  lamports: U64;
  postBalance: U64;
  /** The enum's number from ts-proto, or its name from protobufjs with `enums: String`. */
  rewardType: number | string;
  commission: string;
}

export interface GrpcTransactionMeta {
  err?: { err: Bytes } | null | undefined;
  fee: U64;
  preBalances: readonly U64[];
  postBalances: readonly U64[];
  innerInstructions: readonly { index: number; instructions: readonly GrpcInnerInstruction[] }[];
  innerInstructionsNone?: boolean;
  logMessages: readonly string[];
  logMessagesNone?: boolean;
  preTokenBalances: readonly GrpcTokenBalance[];
  postTokenBalances: readonly GrpcTokenBalance[];
  rewards?: readonly GrpcReward[];
  loadedWritableAddresses: readonly Bytes[];
  loadedReadonlyAddresses: readonly Bytes[];
  returnData?: { programId: Bytes; data: Bytes } | null | undefined;
  returnDataNone?: boolean;
  computeUnitsConsumed?: U64 | null | undefined;
  costUnits?: U64 | null | undefined;
}

// ---------------------------------------------------------------------------------------------
// Output: the getTransaction "json" result.

/** A u64 as JSON: a number when it fits in 2^53, else its decimal string. */
export type JsonU64 = number | string;

export interface RpcInstructionJson {
  programIdIndex: number;
  accounts: number[];
  /** base58 */
  data: string;
  stackHeight: number | null;
}

export interface RpcTokenBalanceJson {
  accountIndex: number;
  mint: string;
  owner?: string;
  programId?: string;
  uiTokenAmount: { amount: string; decimals: number; uiAmount: number | null; uiAmountString: string };
}

export interface RpcRewardJson {
  pubkey: string;
  lamports: JsonU64;
  postBalance: JsonU64;
  rewardType: string | null;
  commission: number | null;
}

export interface RpcTransactionMetaJson {
  err: unknown;
  status: { Ok: null } | { Err: unknown };
  fee: JsonU64;
  preBalances: JsonU64[];
  postBalances: JsonU64[];
  innerInstructions: { index: number; instructions: RpcInstructionJson[] }[] | null;
  logMessages: string[] | null;
  preTokenBalances: RpcTokenBalanceJson[];
  postTokenBalances: RpcTokenBalanceJson[];
  rewards: RpcRewardJson[];
  loadedAddresses: { writable: string[]; readonly: string[] };
  returnData?: { programId: string; data: [string, "base64"] };
  computeUnitsConsumed?: JsonU64;
  costUnits?: JsonU64;
}

export interface RpcTransactionJson {
  slot: number;
  blockTime: number | null;
  version: "legacy" | 0;
  meta: RpcTransactionMetaJson;
  transaction: {
    signatures: string[];
    message: {
      accountKeys: string[];
      header: { numRequiredSignatures: number; numReadonlySignedAccounts: number; numReadonlyUnsignedAccounts: number };
      recentBlockhash: string;
      instructions: RpcInstructionJson[];
      addressTableLookups?: { accountKey: string; writableIndexes: number[]; readonlyIndexes: number[] }[];
    };
  };
}

/** The update cannot be a transaction (a field the RPC shape needs is missing or unreadable). */
export class MalformedGrpcTransactionError extends Error {
  override readonly name = "MalformedGrpcTransactionError";
  constructor(
    readonly reason: string,
    readonly signature: string | null = null,
  ) {
    super(signature ? `malformed gRPC transaction ${signature}: ${reason}` : `malformed gRPC transaction: ${reason}`);
  }
}

// ---------------------------------------------------------------------------------------------
// Conversion

/**
 * Converts one gRPC transaction update to the `getTransaction` "json" result.
 * Throws `MalformedGrpcTransactionError` when the update lacks the transaction, message or meta.
 *
 * @example
 * const rpc = grpcToRpcTransaction(update.transaction); // update: SubscribeUpdate from the client
 * fromRpcTransaction(rpc); // the normalized model, as for any RPC result
 */
export function grpcToRpcTransaction(update: GrpcTransactionUpdate): RpcTransactionJson {
  const info = update.transaction;
  if (!info) throw new MalformedGrpcTransactionError("update has no transaction");
  const signature = info.signature && info.signature.length > 0 ? encodeBase58(info.signature) : null;
  // (helpers take the signature rather than a `fail` closure: no closure per transaction)
  const tx = info.transaction ?? failWith(signature, "no transaction body");
  const msg = tx.message ?? failWith(signature, "no message");
  const meta = info.meta ?? failWith(signature, "no meta (status)");
  const slot = u64(update.slot, "slot", signature);
  if (typeof slot !== "number") throw new MalformedGrpcTransactionError(`slot ${slot} out of range`, signature);

  const version = msg.versioned ? 0 : "legacy";
  // long instruction data is encoded only on demand, and its bytes go to fromRpcTransaction
  // directly (see `lazyInstruction`)
  const pairs: (readonly [RpcInstructionJson, Uint8Array])[] = [];
  const err = meta.err && meta.err.err.length > 0 ? decodeTransactionError(meta.err.err) : null;

  const message: RpcTransactionJson["transaction"]["message"] = {
    accountKeys: msg.accountKeys.map(encodeBase58),
    header: {
      numRequiredSignatures: msg.header?.numRequiredSignatures ?? 0,
      numReadonlySignedAccounts: msg.header?.numReadonlySignedAccounts ?? 0,
      numReadonlyUnsignedAccounts: msg.header?.numReadonlyUnsignedAccounts ?? 0,
    },
    recentBlockhash: encodeBase58(msg.recentBlockhash),
    // The RPC renders outer instructions with `stackHeight: null` (their height is 1 by definition).
    instructions: msg.instructions.map((ix) => instruction(ix, null, pairs)),
  };
  if (version === 0) {
    message.addressTableLookups = (msg.addressTableLookups ?? []).map((l) => ({
      accountKey: encodeBase58(l.accountKey),
      writableIndexes: byteList(l.writableIndexes),
      readonlyIndexes: byteList(l.readonlyIndexes),
    }));
  }

  const rpcMeta: RpcTransactionMetaJson = {
    err,
    status: err === null ? { Ok: null } : { Err: err },
    fee: u64(meta.fee, "fee", signature),
    preBalances: u64List(meta.preBalances, "preBalances", signature),
    postBalances: u64List(meta.postBalances, "postBalances", signature),
    innerInstructions: meta.innerInstructionsNone
      ? null
      : meta.innerInstructions.map((group) => ({
          index: group.index,
          instructions: group.instructions.map((ix) => instruction(ix, ix.stackHeight ?? null, pairs)),
        })),
    logMessages: meta.logMessagesNone ? null : [...meta.logMessages],
    preTokenBalances: meta.preTokenBalances.map(tokenBalance),
    postTokenBalances: meta.postTokenBalances.map(tokenBalance),
    rewards: (meta.rewards ?? []).map((r) => reward(r, signature)),
    loadedAddresses: {
      writable: meta.loadedWritableAddresses.map(encodeBase58),
      readonly: meta.loadedReadonlyAddresses.map(encodeBase58),
    },
  };
  if (meta.returnData && !meta.returnDataNone) {
    rpcMeta.returnData = {
      programId: encodeBase58(meta.returnData.programId),
      data: [base64(meta.returnData.data), "base64"],
    };
  }
  if (meta.computeUnitsConsumed != null) rpcMeta.computeUnitsConsumed = u64(meta.computeUnitsConsumed, "computeUnitsConsumed", signature);
  if (meta.costUnits != null) rpcMeta.costUnits = u64(meta.costUnits, "costUnits", signature);

  const result: RpcTransactionJson = {
    slot,
    blockTime: null,
    version,
    meta: rpcMeta,
    transaction: {
      // the first signature is the transaction's, already encoded above
      signatures: tx.signatures.map((b, i) => (i === 0 && signature !== null && sameBytes(b, info.signature) ? signature : encodeBase58(b))),
      message,
    },
  };
  attachInstructionBytes(result, pairs);
  return result;
}

function failWith(signature: string | null, reason: string): never {
  throw new MalformedGrpcTransactionError(reason, signature);
}

/** One RPC instruction; long data goes lazy and into `pairs` (see `lazyInstruction`). */
function instruction(
  ix: GrpcCompiledInstruction,
  stackHeight: number | null,
  pairs: (readonly [RpcInstructionJson, Uint8Array])[],
): RpcInstructionJson {
  const data = ix.data;
  if (data.length <= EAGER_DATA_BYTES) {
    return { programIdIndex: ix.programIdIndex, accounts: byteList(ix.accounts), data: encodeBase58(data), stackHeight };
  }
  const out = lazyInstruction(ix, stackHeight);
  pairs.push([out, data]);
  return out;
}

/**
 * Instruction data up to this size is encoded right away, into a plain object: below it,
 * encoding costs less than the accessor object and the byte registration of a lazy one.
 */
const EAGER_DATA_BYTES = 32;

/** Bytes as a number array. `Array.from` goes through the iterator protocol, ~10x slower. */
function byteList(b: Uint8Array): number[] {
  const out = new Array<number>(b.length);
  for (let i = 0; i < b.length; i++) out[i] = b[i]!;
  return out;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * An RPC instruction whose base58 `data` is computed on first read (an own enumerable
 * accessor, so JSON.stringify, spread, structuredClone and deep equality all see the string).
 * Base58 is quadratic in the length and event payloads run to hundreds of bytes, while
 * `fromRpcTransaction` takes the bytes directly and never reads the string.
 */
function lazyInstruction(ix: GrpcCompiledInstruction, stackHeight: number | null): RpcInstructionJson {
  const bytes = ix.data;
  let b58: string | null = null;
  const out: RpcInstructionJson = {
    programIdIndex: ix.programIdIndex,
    accounts: byteList(ix.accounts),
    get data(): string {
      return (b58 ??= encodeBase58(bytes));
    },
    set data(v: string) {
      b58 = v;
      detachInstructionBytes(out);
    },
    stackHeight,
  };
  return out;
}

function tokenBalance(b: GrpcTokenBalance): RpcTokenBalanceJson {
  const ui = b.uiTokenAmount;
  const amount = ui?.amount ?? "0";
  const out: RpcTokenBalanceJson = {
    accountIndex: b.accountIndex,
    mint: b.mint,
    uiTokenAmount: {
      amount,
      decimals: ui?.decimals ?? 0,
      // The RPC reports no float for a zero balance; proto3 cannot say "absent" for a double.
      uiAmount: amount === "0" ? null : (ui?.uiAmount ?? null),
      uiAmountString: ui?.uiAmountString ?? "0",
    },
  };
  // Empty means "not recorded" (old transactions); the RPC leaves the key out then.
  if (b.owner) out.owner = b.owner;
  if (b.programId) out.programId = b.programId;
  return out;
}

const REWARD_TYPES = [null, "Fee", "Rent", "Staking", "Voting", "DeactivatedStake"] as const;

function reward(r: GrpcReward, signature: string | null): RpcRewardJson {
  let rewardType: string | null;
  if (typeof r.rewardType === "number") rewardType = REWARD_TYPES[r.rewardType] ?? null;
  else rewardType = r.rewardType === "Unspecified" || r.rewardType === "" ? null : r.rewardType;
  const commission = r.commission === "" ? null : Number(r.commission);
  return {
    pubkey: r.pubkey,
    lamports: i64(r.lamports, signature),
    postBalance: u64(r.postBalance, "reward postBalance", signature),
    rewardType,
    commission: commission !== null && Number.isFinite(commission) ? commission : null,
  };
}

function u64List(vs: readonly U64[], what: string, signature: string | null): JsonU64[] {
  const out = new Array<JsonU64>(vs.length);
  for (let i = 0; i < vs.length; i++) out[i] = u64(vs[i]!, what, signature);
  return out;
}

function u64(v: U64, what: string, signature: string | null): JsonU64 {
  if (typeof v === "number") {
    if (!Number.isInteger(v) || v < 0) failWith(signature, `bad ${what}`);
    return v;
  }
  const s = typeof v === "bigint" ? v.toString() : v;
  // /^\d{1,20}$/ and Number(s) in one pass, without entering the regexp engine: this runs
  // twice per account key
  const len = s.length;
  if (len === 0 || len > 20) failWith(signature, `bad ${what}`);
  let n = 0;
  for (let i = 0; i < len; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) failWith(signature, `bad ${what}`);
    n = n * 10 + (c - 48);
  }
  // up to 15 digits the running value is exact; beyond, Number() rounds correctly
  if (len > 15) n = Number(s);
  return Number.isSafeInteger(n) ? n : s.replace(/^0+(?=\d)/, "");
}

function i64(v: U64, signature: string | null): JsonU64 {
  const s = typeof v === "string" ? v : String(v);
  if (!/^-?\d{1,20}$/.test(s)) failWith(signature, "bad reward lamports");
  const n = Number(s);
  return Number.isSafeInteger(n) ? n : s;
}

// ---------------------------------------------------------------------------------------------
// Transaction errors: bincode-encoded `TransactionError`, rendered as the RPC renders it
// (`"AccountInUse"`, `{"InstructionError":[2,{"Custom":6001}]}`, ...). Variant order as in the
// Solana SDK; checked against the client's native decoder in the unit test.

const TX_ERRORS = [
  "AccountInUse",
  "AccountLoadedTwice",
  "AccountNotFound",
  "ProgramAccountNotFound",
  "InsufficientFundsForFee",
  "InvalidAccountForFee",
  "AlreadyProcessed",
  "BlockhashNotFound",
  "InstructionError", // 8: (u8 instruction index, InstructionError)
  "CallChainTooDeep",
  "MissingSignatureForFee",
  "InvalidAccountIndex",
  "SignatureFailure",
  "InvalidProgramForExecution",
  "SanitizeFailure",
  "ClusterMaintenance",
  "AccountBorrowOutstanding",
  "WouldExceedMaxBlockCostLimit",
  "UnsupportedVersion",
  "InvalidWritableAccount",
  "WouldExceedMaxAccountCostLimit",
  "WouldExceedAccountDataBlockLimit",
  "TooManyAccountLocks",
  "AddressLookupTableNotFound",
  "InvalidAddressLookupTableOwner",
  "InvalidAddressLookupTableData",
  "InvalidAddressLookupTableIndex",
  "InvalidRentPayingAccount",
  "WouldExceedMaxVoteCostLimit",
  "WouldExceedAccountDataTotalLimit",
  "DuplicateInstruction", // 30: (u8)
  "InsufficientFundsForRent", // 31: { account_index: u8 }
  "MaxLoadedAccountsDataSizeExceeded",
  "InvalidLoadedAccountsDataSizeLimit",
  "ResanitizationNeeded",
  "ProgramExecutionTemporarilyRestricted", // 35: { account_index: u8 }
  "UnbalancedTransaction",
  "ProgramCacheHitMaxLimit",
  "CommitCancelled",
] as const;

const IX_ERRORS = [
  "GenericError",
  "InvalidArgument",
  "InvalidInstructionData",
  "InvalidAccountData",
  "AccountDataTooSmall",
  "InsufficientFunds",
  "IncorrectProgramId",
  "MissingRequiredSignature",
  "AccountAlreadyInitialized",
  "UninitializedAccount",
  "UnbalancedInstruction",
  "ModifiedProgramId",
  "ExternalAccountLamportSpend",
  "ExternalAccountDataModified",
  "ReadonlyLamportChange",
  "ReadonlyDataModified",
  "DuplicateAccountIndex",
  "ExecutableModified",
  "RentEpochModified",
  "NotEnoughAccountKeys",
  "AccountDataSizeChanged",
  "AccountNotExecutable",
  "AccountBorrowFailed",
  "AccountBorrowOutstanding",
  "DuplicateAccountOutOfSync",
  "Custom", // 25: (u32)
  "InvalidError",
  "ExecutableDataModified",
  "ExecutableLamportChange",
  "ExecutableAccountNotRentExempt",
  "UnsupportedProgramId",
  "CallDepth",
  "MissingAccount",
  "ReentrancyNotAllowed",
  "MaxSeedLengthExceeded",
  "InvalidSeeds",
  "InvalidRealloc",
  "ComputationalBudgetExceeded",
  "PrivilegeEscalation",
  "ProgramEnvironmentSetupFailure",
  "ProgramFailedToComplete",
  "ProgramFailedToCompile",
  "Immutable",
  "IncorrectAuthority",
  "BorshIoError",
  "AccountNotRentExempt",
  "InvalidAccountOwner",
  "ArithmeticOverflow",
  "UnsupportedSysvar",
  "IllegalOwner",
  "MaxAccountsDataAllocationsExceeded",
  "MaxAccountsExceeded",
  "MaxInstructionTraceLengthExceeded",
  "BuiltinProgramsMustConsumeComputeUnits",
] as const;

/**
 * Renders a bincode `TransactionError` as the RPC's JSON. A variant this table does not know
 * (a newer runtime) is kept, not guessed: `{ UnknownTransactionError: "<hex bytes>" }` — the
 * transaction still counts as failed.
 */
export function decodeTransactionError(bytes: Uint8Array): unknown {
  const unknown = () => ({ UnknownTransactionError: hex(bytes) });
  if (bytes.length < 4) return unknown();
  const dv = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const variant = dv.getUint32(0, true);
  const name = TX_ERRORS[variant];
  if (name === undefined) return unknown();
  switch (variant) {
    case 8: {
      if (bytes.length < 9) return unknown();
      const index = dv.getUint8(4);
      const ixVariant = dv.getUint32(5, true);
      const ixName = IX_ERRORS[ixVariant];
      if (ixName === undefined) return unknown();
      if (ixVariant === 25) {
        if (bytes.length < 13) return unknown();
        return { InstructionError: [index, { Custom: dv.getUint32(9, true) }] };
      }
      return { InstructionError: [index, ixName] };
    }
    case 30:
      return bytes.length < 5 ? unknown() : { DuplicateInstruction: dv.getUint8(4) };
    case 31:
    case 35:
      return bytes.length < 5 ? unknown() : { [name]: { account_index: dv.getUint8(4) } };
    default:
      return name;
  }
}

// ---------------------------------------------------------------------------------------------
// Encodings

/**
 * Base58 (Bitcoin alphabet), the same output as `bs58`, as one flat string rather than a rope
 * built by `+=`. Delegates to the codec, which memoizes 32-byte public keys.
 */
export function encodeBase58(src: Uint8Array): string {
  return codecEncodeBase58(src);
}

const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/** Standard base64 with padding, without Buffer (core/domain stays runtime-neutral). */
function base64(bytes: Uint8Array): string {
  let out = "";
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = ((bytes[i] as number) << 16) | ((bytes[i + 1] as number) << 8) | (bytes[i + 2] as number);
    out += B64[n >> 18]! + B64[(n >> 12) & 63]! + B64[(n >> 6) & 63]! + B64[n & 63]!;
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = (bytes[i] as number) << 16;
    out += B64[n >> 18]! + B64[(n >> 12) & 63]! + "==";
  } else if (rest === 2) {
    const n = ((bytes[i] as number) << 16) | ((bytes[i + 1] as number) << 8);
    out += B64[n >> 18]! + B64[(n >> 12) & 63]! + B64[(n >> 6) & 63]! + "=";
  }
  return out;
}

function hex(bytes: Uint8Array): string {
  let out = "";
  for (const b of bytes) out += b.toString(16).padStart(2, "0");
  return out;
}
