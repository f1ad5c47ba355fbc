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
 */

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
  const fail = (reason: string): never => {
    throw new MalformedGrpcTransactionError(reason, signature);
  };
  const tx = info.transaction ?? fail("no transaction body");
  const msg = tx.message ?? fail("no message");
  const meta = info.meta ?? fail("no meta (status)");
  const slot = u64(update.slot, "slot", fail);
  if (typeof slot !== "number") throw new MalformedGrpcTransactionError(`slot ${slot} out of range`, signature);

  const version = msg.versioned ? 0 : "legacy";
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
    instructions: msg.instructions.map((ix) => instruction(ix, null)),
  };
  if (version === 0) {
    message.addressTableLookups = (msg.addressTableLookups ?? []).map((l) => ({
      accountKey: encodeBase58(l.accountKey),
      writableIndexes: Array.from(l.writableIndexes),
      readonlyIndexes: Array.from(l.readonlyIndexes),
    }));
  }

  const rpcMeta: RpcTransactionMetaJson = {
    err,
    status: err === null ? { Ok: null } : { Err: err },
    fee: u64(meta.fee, "fee", fail),
    preBalances: meta.preBalances.map((b) => u64(b, "preBalances", fail)),
    postBalances: meta.postBalances.map((b) => u64(b, "postBalances", fail)),
    innerInstructions: meta.innerInstructionsNone
      ? null
      : meta.innerInstructions.map((group) => ({
          index: group.index,
          instructions: group.instructions.map((ix) => instruction(ix, ix.stackHeight ?? null)),
        })),
    logMessages: meta.logMessagesNone ? null : [...meta.logMessages],
    preTokenBalances: meta.preTokenBalances.map(tokenBalance),
    postTokenBalances: meta.postTokenBalances.map(tokenBalance),
    rewards: (meta.rewards ?? []).map((r) => reward(r, fail)),
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
  if (meta.computeUnitsConsumed != null) rpcMeta.computeUnitsConsumed = u64(meta.computeUnitsConsumed, "computeUnitsConsumed", fail);
  if (meta.costUnits != null) rpcMeta.costUnits = u64(meta.costUnits, "costUnits", fail);

  return {
    slot,
    blockTime: null,
    version,
    meta: rpcMeta,
    transaction: { signatures: tx.signatures.map(encodeBase58), message },
  };
}

function instruction(ix: GrpcCompiledInstruction, stackHeight: number | null): RpcInstructionJson {
  return {
    programIdIndex: ix.programIdIndex,
    accounts: Array.from(ix.accounts),
    data: encodeBase58(ix.data),
    stackHeight,
  };
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

function reward(r: GrpcReward, fail: (reason: string) => never): RpcRewardJson {
  let rewardType: string | null;
  if (typeof r.rewardType === "number") rewardType = REWARD_TYPES[r.rewardType] ?? null;
  else rewardType = r.rewardType === "Unspecified" || r.rewardType === "" ? null : r.rewardType;
  const commission = r.commission === "" ? null : Number(r.commission);
  return {
    pubkey: r.pubkey,
    lamports: i64(r.lamports, fail),
    postBalance: u64(r.postBalance, "reward postBalance", fail),
    rewardType,
    commission: commission !== null && Number.isFinite(commission) ? commission : null,
  };
}

function u64(v: U64, what: string, fail: (reason: string) => never): JsonU64 {
  if (typeof v === "number") {
    if (!Number.isInteger(v) || v < 0) fail(`bad ${what}`);
    return v;
  }
  const s = typeof v === "bigint" ? v.toString() : v;
  if (!/^\d{1,20}$/.test(s)) fail(`bad ${what}`);
  const n = Number(s);
  return Number.isSafeInteger(n) ? n : s.replace(/^0+(?=\d)/, "");
}

function i64(v: U64, fail: (reason: string) => never): JsonU64 {
  const s = typeof v === "string" ? v : String(v);
  if (!/^-?\d{1,20}$/.test(s)) fail("bad reward lamports");
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

const ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
const ALPHABET_CODES = Uint8Array.from(ALPHABET, (c) => c.charCodeAt(0));

/**
 * Base58 (Bitcoin alphabet), the same algorithm as `bs58`/base-x, but the digits go into a byte
 * array that becomes one flat string at the end instead of a rope built by `+=`.
 */
export function encodeBase58(src: Uint8Array): string {
  let zeros = 0;
  while (zeros < src.length && src[zeros] === 0) zeros++;
  // log(256) / log(58) ≈ 1.366: enough base58 digits for the remaining bytes.
  const size = (((src.length - zeros) * 138) / 100 + 1) >>> 0;
  const digits = new Uint8Array(size);
  let length = 0;
  for (let i = zeros; i < src.length; i++) {
    let carry = src[i] as number;
    let j = 0;
    for (let k = size - 1; (carry !== 0 || j < length) && k >= 0; k--, j++) {
      carry += 256 * (digits[k] as number);
      digits[k] = carry % 58;
      carry = (carry / 58) | 0;
    }
    length = j;
  }
  let it = size - length;
  while (it < size && digits[it] === 0) it++;
  const out = new Uint8Array(zeros + size - it);
  out.fill(49, 0, zeros); // '1' per leading zero byte
  for (let k = zeros; it < size; k++, it++) out[k] = ALPHABET_CODES[digits[it] as number] as number;
  return String.fromCharCode.apply(null, out as unknown as number[]);
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
