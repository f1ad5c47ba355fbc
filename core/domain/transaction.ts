/**
 * The normalized transaction model every decoder reads, built from an RPC `getTransaction`
 * result in any of its encodings (`json`, `jsonParsed`, `base64`/`base58`), legacy or v0.
 *
 * Why a model at all: the three encodings disagree on almost everything (account keys as
 * strings vs objects vs wire bytes, instruction accounts as indexes vs addresses, data as
 * base58 vs pre-parsed objects), and v0 transactions only get their full key list once the
 * address-table keys from `meta.loadedAddresses` are appended. Decoders should not care.
 *
 * This is the hot path, so validation is done by hand (no zod) and instruction data is only
 * base58-decoded when a decoder actually reads it (most instructions are never looked at).
 * Account keys stay base58 strings: they are compared far more often than they are decoded.
 * Everything is still validated up front (a malformed result throws here, never later in a
 * decoder); what is cheap to skip is skipped: the charset check of a string equal to one
 * already checked (token balance mints and owners), the bigint of an unchanged balance.
 * Results of `grpcToRpcTransaction` hand their long instruction data over as bytes.
 */
import { decodeBase58, decodeBase64, encodeBase58, encodePubkey, isBase58 } from "./codec.js";
import { TOKEN_2022_PROGRAM, TOKEN_PROGRAM } from "./programs.js";

export type TransactionVersion = "legacy" | 0;

export interface Instruction {
  readonly programId: string;
  /** Addresses, resolved from indexes. Empty for jsonParsed instructions that came pre-parsed. */
  readonly accounts: readonly string[];
  /** Raw instruction data. Empty for jsonParsed instructions that came pre-parsed. */
  readonly data: Uint8Array;
  readonly outerIndex: number;
  /** Position in `meta.innerInstructions[..].instructions`; null for an outer instruction. */
  readonly innerIndex: number | null;
  /** 1 for outer instructions; as recorded for inner ones (null in old transactions). */
  readonly stackHeight: number | null;
  /** jsonParsed only: the RPC's `parsed` object (`{type, info}`), e.g. for spl-token/system. */
  readonly parsed?: unknown;
}

export interface OuterInstruction extends Instruction {
  readonly innerIndex: null;
  readonly inner: readonly Instruction[];
}

export interface TokenBalance {
  readonly accountIndex: number;
  /** The token account's address (`accountKeys[accountIndex]`). */
  readonly account: string;
  readonly mint: string;
  readonly owner: string | null;
  readonly programId: string | null;
  readonly amount: bigint;
  readonly decimals: number;
}

export interface SolanaTransaction {
  readonly signature: string;
  readonly slot: number | null;
  readonly blockTime: number | null;
  readonly version: TransactionVersion;
  readonly failed: boolean;
  readonly fee: bigint;
  /** Static keys, then loaded writable, then loaded readonly (the runtime's order). */
  readonly accountKeys: readonly string[];
  readonly isSigner: readonly boolean[];
  /** null when the source carries no header / flags (never for real RPC output). */
  readonly isWritable: readonly boolean[] | null;
  readonly instructions: readonly OuterInstruction[];
  readonly preBalances: readonly bigint[];
  readonly postBalances: readonly bigint[];
  readonly preTokenBalances: readonly TokenBalance[];
  readonly postTokenBalances: readonly TokenBalance[];
  /** null when the node did not record logs. */
  readonly logMessages: readonly string[] | null;
}

export class MalformedTransactionError extends Error {
  override readonly name = "MalformedTransactionError";
  readonly signature: string | null;
  readonly reason: string;
  constructor(reason: string, signature: string | null = null) {
    super(signature ? `malformed transaction ${signature}: ${reason}` : `malformed transaction: ${reason}`);
    this.signature = signature;
    this.reason = reason;
  }
}

export interface FromRpcOptions {
  /** Used when the result carries no slot (getBlock entries, gRPC conversions). */
  slot?: number;
  blockTime?: number | null;
}

// ---------------------------------------------------------------------------------------------
// Small helpers

const EMPTY_DATA = new Uint8Array(0);
const EMPTY_STRINGS: readonly string[] = Object.freeze([]);

/** A public key: 32 bytes are 32..44 base58 chars. Only the charset and length are checked. */
function isAddress(v: unknown): v is string {
  return typeof v === "string" && v.length >= 32 && v.length <= 44 && isBase58(v);
}

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/**
 * Instruction data is decoded on first access only: decoders look at a handful of
 * instructions per transaction, and base58 decoding costs far more than the charset check.
 * The charset was validated up front, so the lazy decode cannot fail.
 */
class Ix implements Instruction {
  #b58: string | null;
  #data: Uint8Array | null;
  readonly programId: string;
  readonly accounts: readonly string[];
  readonly outerIndex: number;
  readonly innerIndex: number | null;
  readonly stackHeight: number | null;
  readonly parsed?: unknown;

  constructor(
    programId: string,
    accounts: readonly string[],
    b58: string | null,
    data: Uint8Array | null,
    outerIndex: number,
    innerIndex: number | null,
    stackHeight: number | null,
    parsed: unknown,
  ) {
    this.programId = programId;
    this.accounts = accounts;
    this.#b58 = b58;
    this.#data = data;
    this.outerIndex = outerIndex;
    this.innerIndex = innerIndex;
    this.stackHeight = stackHeight;
    if (parsed !== undefined) this.parsed = parsed;
  }

  get data(): Uint8Array {
    if (this.#data === null) {
      const s = this.#b58 ?? "";
      this.#data = s.length === 0 ? EMPTY_DATA : decodeBase58(s);
      this.#b58 = null;
    }
    return this.#data;
  }
}

class OuterIx extends Ix implements OuterInstruction {
  declare readonly innerIndex: null;
  inner: readonly Instruction[] = EMPTY_INNER;
}
const EMPTY_INNER: readonly Instruction[] = Object.freeze([]);

// ---------------------------------------------------------------------------------------------
// Binary instruction data riding along RPC-shaped objects

/**
 * `grpcToRpcTransaction` builds RPC-shaped instructions from bytes. The base58 `data` of long
 * ones is produced only if somebody reads it; their bytes are registered here with the result,
 * keyed by the instruction object itself, and `fromRpcTransaction` takes them as they are.
 * Base58 is quadratic in the length, so for event payloads the encode-then-decode round trip
 * would cost more than all the rest of the conversion. A copy of the result or of an
 * instruction (spread, structuredClone, JSON) is not registered and is read through its
 * strings like any other JSON.
 */
const binaryResults = new WeakMap<object, readonly (readonly [object, Uint8Array])[]>();
const detachedInstructions = new WeakSet<object>();

/**
 * @internal For `grpcToRpcTransaction`: `result` holds the instruction objects of `pairs`,
 * whose `data` strings encode the paired bytes (the caller guarantees it).
 */
export function attachInstructionBytes(result: object, pairs: readonly (readonly [object, Uint8Array])[]): void {
  if (pairs.length > 0) binaryResults.set(result, pairs);
}

/** @internal For `grpcToRpcTransaction`: `ix.data` was reassigned, its bytes no longer apply. */
export function detachInstructionBytes(ix: object): void {
  detachedInstructions.add(ix);
}

// ---------------------------------------------------------------------------------------------
// Entry point

/**
 * Normalizes a `getTransaction` result (the `result` value, not the JSON-RPC envelope).
 * Throws `MalformedTransactionError` for anything that cannot be a real transaction.
 */
export function fromRpcTransaction(result: unknown, opts?: FromRpcOptions): SolanaTransaction {
  if (!isObj(result)) throw new MalformedTransactionError("result is not an object");
  const p = new Parser(result);
  return p.parse(opts);
}

/** Parser state; a class so the signature is at hand for every error without threading it. */
class Parser {
  private sig: string | null = null;
  private keys: string[] = [];
  /** Instructions of a `grpcToRpcTransaction` result that carry their bytes (a handful). */
  private readonly binary: readonly (readonly [object, Uint8Array])[] | null;
  /** The pre token balances' amounts as the JSON had them, to spot unchanged post amounts. */
  private preAmounts: string[] = [];
  /** The last few addresses that passed `isAddress` here (mints and owners repeat). */
  private readonly recent: string[] = [];
  private recentAt = 0;

  constructor(private readonly r: Obj) {
    this.binary = binaryResults.get(r) ?? null;
  }

  private fail(reason: string): never {
    throw new MalformedTransactionError(reason, this.sig);
  }

  parse(opts: FromRpcOptions | undefined): SolanaTransaction {
    const r = this.r;
    const meta = r["meta"];
    if (!isObj(meta)) this.fail("missing meta");
    const txField = r["transaction"];

    let version: TransactionVersion;
    const rawVersion = r["version"];
    if (rawVersion === 0) version = 0;
    else if (rawVersion === "legacy" || rawVersion === undefined || rawVersion === null) version = "legacy";
    else this.fail(`unsupported version ${String(rawVersion)}`);

    const loaded = this.readLoaded(meta["loadedAddresses"]);

    let isSigner: boolean[];
    let isWritable: boolean[] | null;
    let outer: OuterIx[];

    if (Array.isArray(txField)) {
      // ["<bytes>", "base64" | "base58"]
      const [payload, enc] = txField as unknown[];
      if (typeof payload !== "string") this.fail("encoded transaction is not a string");
      let bytes: Uint8Array;
      if (enc === "base64") {
        bytes = decodeBase64(payload) ?? this.fail("bad base64");
      } else if (enc === "base58") {
        if (!isBase58(payload)) this.fail("bad base58");
        bytes = decodeBase58(payload);
      } else {
        this.fail(`unsupported transaction encoding ${String(enc)}`);
      }
      const w = this.parseWire(bytes, loaded);
      if (rawVersion !== undefined && rawVersion !== null && w.version !== version) {
        this.fail(`version field ${String(rawVersion)} disagrees with the wire format`);
      }
      version = w.version;
      isSigner = w.isSigner;
      isWritable = w.isWritable;
      outer = w.outer;
    } else if (isObj(txField)) {
      const sigs = txField["signatures"];
      if (!Array.isArray(sigs) || sigs.length === 0) this.fail("missing signatures");
      const s0 = sigs[0];
      if (typeof s0 !== "string" || s0.length < 64 || s0.length > 88 || !isBase58(s0)) this.fail("bad signature");
      this.sig = s0;
      const msg = txField["message"];
      if (!isObj(msg)) this.fail("missing message");
      const ak = msg["accountKeys"];
      if (!Array.isArray(ak) || ak.length === 0) this.fail("missing accountKeys");
      if (typeof ak[0] === "string") {
        this.checkLookups(msg["addressTableLookups"], loaded);
        ({ isSigner, isWritable } = this.readJsonKeys(ak, msg["header"], sigs.length, loaded));
      } else {
        ({ isSigner, isWritable } = this.readParsedKeys(ak, loaded));
      }
      outer = this.readOuterJson(msg["instructions"]);
    } else {
      this.fail("missing transaction");
    }

    this.attachInner(outer, meta["innerInstructions"]);

    const nKeys = this.keys.length;
    const preRaw = meta["preBalances"];
    const preBalances = this.readLamports(preRaw, "preBalances", nKeys, null, null);
    const postBalances = this.readLamports(meta["postBalances"], "postBalances", nKeys, preRaw as unknown[], preBalances);
    const preTokenBalances = this.readTokenBalances(meta["preTokenBalances"], "preTokenBalances", null);
    const postTokenBalances = this.readTokenBalances(meta["postTokenBalances"], "postTokenBalances", preTokenBalances);

    const fee = this.u64(meta["fee"], "fee");

    const logsRaw = meta["logMessages"];
    let logMessages: string[] | null = null;
    if (Array.isArray(logsRaw)) {
      for (const l of logsRaw) if (typeof l !== "string") this.fail("bad logMessages");
      logMessages = logsRaw as string[];
    } else if (logsRaw !== undefined && logsRaw !== null) this.fail("bad logMessages");

    const slotRaw = r["slot"];
    let slot: number | null = null;
    if (typeof slotRaw === "number" && Number.isInteger(slotRaw) && slotRaw >= 0) slot = slotRaw;
    else if (slotRaw !== undefined && slotRaw !== null) this.fail("bad slot");
    if (slot === null && opts?.slot !== undefined) slot = opts.slot;

    const btRaw = r["blockTime"];
    let blockTime: number | null = null;
    if (typeof btRaw === "number" && Number.isFinite(btRaw)) blockTime = btRaw;
    else if (btRaw !== undefined && btRaw !== null) this.fail("bad blockTime");
    if (blockTime === null && opts?.blockTime !== undefined) blockTime = opts.blockTime;

    const err = meta["err"];

    return {
      signature: this.sig as string,
      slot,
      blockTime,
      version,
      failed: err !== null && err !== undefined,
      fee,
      accountKeys: this.keys,
      isSigner,
      isWritable,
      instructions: outer,
      preBalances,
      postBalances,
      preTokenBalances,
      postTokenBalances,
      logMessages,
    };
  }

  // -- account keys -------------------------------------------------------------------------

  private readLoaded(v: unknown): { writable: string[]; readonly: string[] } | null {
    if (v === undefined || v === null) return null;
    if (!isObj(v)) this.fail("bad loadedAddresses");
    const w = v["writable"] ?? [];
    const ro = v["readonly"] ?? [];
    if (!Array.isArray(w) || !Array.isArray(ro)) this.fail("bad loadedAddresses");
    for (const k of w) if (!isAddress(k)) this.fail("bad loaded address");
    for (const k of ro) if (!isAddress(k)) this.fail("bad loaded address");
    return { writable: w as string[], readonly: ro as string[] };
  }

  /** The table lookups of a json v0 message must be what `meta.loadedAddresses` resolved. */
  private checkLookups(v: unknown, loaded: { writable: string[]; readonly: string[] } | null): void {
    if (v === undefined || v === null) return;
    if (!Array.isArray(v)) this.fail("bad addressTableLookups");
    let w = 0;
    let r = 0;
    for (const l of v) {
      if (!isObj(l) || !Array.isArray(l["writableIndexes"]) || !Array.isArray(l["readonlyIndexes"])) {
        this.fail("bad addressTableLookups entry");
      }
      w += l["writableIndexes"].length;
      r += l["readonlyIndexes"].length;
    }
    const lw = loaded?.writable.length ?? 0;
    const lr = loaded?.readonly.length ?? 0;
    if (w !== lw || r !== lr) this.fail(`loadedAddresses (${lw}+${lr}) do not match the lookups (${w}+${r})`);
  }

  private readJsonKeys(
    ak: unknown[],
    header: unknown,
    nSigs: number,
    loaded: { writable: string[]; readonly: string[] } | null,
  ): { isSigner: boolean[]; isWritable: boolean[] | null } {
    for (const k of ak) if (!isAddress(k)) this.fail("bad account key");
    const nStatic = ak.length;
    const keys = ak as string[];
    const lw = loaded?.writable.length ?? 0;
    const lr = loaded?.readonly.length ?? 0;
    this.keys = lw + lr === 0 ? keys : keys.concat(loaded!.writable, loaded!.readonly);
    const n = this.keys.length;

    let numSigners = nSigs;
    let isWritable: boolean[] | null = null;
    if (isObj(header)) {
      const req = header["numRequiredSignatures"];
      const roS = header["numReadonlySignedAccounts"];
      const roU = header["numReadonlyUnsignedAccounts"];
      if (
        typeof req !== "number" || typeof roS !== "number" || typeof roU !== "number" ||
        req > nStatic || roS > req || roU > nStatic - req
      ) this.fail("bad header");
      numSigners = req;
      isWritable = staticWritable(nStatic, req, roS, roU);
      for (let i = 0; i < lw; i++) isWritable.push(true);
      for (let i = 0; i < lr; i++) isWritable.push(false);
    } else if (header !== undefined) this.fail("bad header");
    if (numSigners > nStatic) this.fail("more signatures than account keys");
    const isSigner = new Array<boolean>(n);
    for (let i = 0; i < n; i++) isSigner[i] = i < numSigners;
    return { isSigner, isWritable };
  }

  private readParsedKeys(
    ak: unknown[],
    loaded: { writable: string[]; readonly: string[] } | null,
  ): { isSigner: boolean[]; isWritable: boolean[] } {
    const keys: string[] = [];
    const isSigner: boolean[] = [];
    const isWritable: boolean[] = [];
    let fromTables = 0;
    for (const k of ak) {
      if (!isObj(k) || !isAddress(k["pubkey"])) this.fail("bad account key");
      keys.push(k["pubkey"]);
      isSigner.push(k["signer"] === true);
      isWritable.push(k["writable"] === true);
      if (k["source"] === "lookupTable") fromTables++;
    }
    // jsonParsed already lists table-loaded keys (source: "lookupTable"); only a source that
    // stripped them but kept meta.loadedAddresses needs them appended.
    if (fromTables === 0 && loaded) {
      for (const a of loaded.writable) { keys.push(a); isSigner.push(false); isWritable.push(true); }
      for (const a of loaded.readonly) { keys.push(a); isSigner.push(false); isWritable.push(false); }
    }
    this.keys = keys;
    return { isSigner, isWritable };
  }

  // -- instructions ---------------------------------------------------------------------------

  private key(i: unknown): string {
    // an array read is undefined for anything but an integer in range (-0 reads index 0,
    // as Number.isInteger(-0) && -0 >= 0 would accept it)
    const k = typeof i === "number" && i >= 0 ? this.keys[i] : undefined;
    if (k === undefined) this.fail(`account index ${String(i)} out of range (${this.keys.length} keys)`);
    return k;
  }

  /**
   * `isAddress` for token balance mints and owners: the same few recur across a
   * transaction's balances (WSOL, the trader), and comparing with the last ones that passed
   * is cheaper than checking the characters again.
   */
  private isRecentAddress(v: unknown): v is string {
    if (typeof v !== "string") return false;
    const r = this.recent;
    for (let i = 0; i < r.length; i++) if (r[i] === v) return true;
    if (!isAddress(v)) return false;
    r[this.recentAt] = v;
    this.recentAt = (this.recentAt + 1) & 7;
    return true;
  }

  private bytesOf(ix: object): Uint8Array | undefined {
    for (const [o, bytes] of this.binary!) if (o === ix) return detachedInstructions.has(ix) ? undefined : bytes;
    return undefined;
  }

  /** One instruction in json (indexes) or jsonParsed (addresses / parsed) shape. */
  private readIx(v: unknown, outerIndex: number, innerIndex: number | null): Ix {
    if (!isObj(v)) this.fail("instruction is not an object");
    let programId: string;
    const pidx = v["programIdIndex"];
    if (pidx !== undefined) programId = this.key(pidx);
    else if (isAddress(v["programId"])) programId = v["programId"];
    else this.fail("instruction without program");

    const sh = v["stackHeight"];
    const stackHeight = innerIndex === null ? 1 : typeof sh === "number" ? sh : null;

    const parsed = v["parsed"];
    if (parsed !== undefined) {
      return innerIndex === null
        ? new OuterIx(programId, EMPTY_STRINGS, null, EMPTY_DATA, outerIndex, null, stackHeight, parsed)
        : new Ix(programId, EMPTY_STRINGS, null, EMPTY_DATA, outerIndex, innerIndex, stackHeight, parsed);
    }

    const accs = v["accounts"];
    if (!Array.isArray(accs)) this.fail("instruction without accounts");
    let accounts: readonly string[];
    if (accs.length === 0) accounts = EMPTY_STRINGS;
    else if (pidx !== undefined) {
      const out = new Array<string>(accs.length);
      for (let i = 0; i < accs.length; i++) out[i] = this.key(accs[i]);
      accounts = out;
    } else {
      for (const a of accs) if (!isAddress(a)) this.fail("bad instruction account");
      accounts = accs as string[];
    }
    const view = this.binary === null ? undefined : this.bytesOf(v);
    let b58: string | null = null;
    let bytes: Uint8Array | null = null;
    if (view !== undefined) {
      // copy: a view would pin the whole gRPC message buffer for as long as the model lives
      bytes = view.length === 0 ? EMPTY_DATA : new Uint8Array(view);
    } else {
      const data = v["data"];
      if (typeof data !== "string" || !isBase58(data)) this.fail("bad instruction data (base58)");
      b58 = data;
    }
    return innerIndex === null
      ? new OuterIx(programId, accounts, b58, bytes, outerIndex, null, stackHeight, undefined)
      : new Ix(programId, accounts, b58, bytes, outerIndex, innerIndex, stackHeight, undefined);
  }

  private readOuterJson(v: unknown): OuterIx[] {
    if (!Array.isArray(v)) this.fail("missing instructions");
    const out = new Array<OuterIx>(v.length);
    for (let i = 0; i < v.length; i++) out[i] = this.readIx(v[i], i, null) as OuterIx;
    return out;
  }

  private attachInner(outer: OuterIx[], v: unknown): void {
    if (v === undefined || v === null) return;
    if (!Array.isArray(v)) this.fail("bad innerInstructions");
    for (const group of v) {
      if (!isObj(group)) this.fail("bad innerInstructions entry");
      const idx = group["index"];
      const ixs = group["instructions"];
      if (typeof idx !== "number" || !Array.isArray(ixs)) this.fail("bad innerInstructions entry");
      const parent = outer[idx];
      if (!parent) this.fail(`inner instructions for missing outer instruction ${idx}`);
      const inner = new Array<Instruction>(ixs.length);
      for (let j = 0; j < ixs.length; j++) inner[j] = this.readIx(ixs[j], idx, j);
      parent.inner = parent.inner.length === 0 ? inner : parent.inner.concat(inner);
    }
  }

  // -- wire format ----------------------------------------------------------------------------

  /**
   * Parses a serialized transaction by hand: it is a few dozen lines, avoids building
   * web3.js PublicKey objects for every key, and lets every bounds violation surface as a
   * MalformedTransactionError with a precise reason.
   */
  // The wire reader's cursor. Methods rather than closures over a local: the dev runner (tsx)
  // keeps function names, which costs an Object.defineProperty per closure per transaction.
  private wire: Uint8Array = EMPTY_DATA;
  private at = 0;

  private need(n: number, what: string): void {
    if (this.at + n > this.wire.length) this.fail(`truncated wire transaction (${what})`);
  }

  private shortvec(what: string): number {
    let len = 0;
    for (let shift = 0; shift < 21; shift += 7) {
      this.need(1, what);
      const byte = this.wire[this.at++]!;
      len |= (byte & 0x7f) << shift;
      if ((byte & 0x80) === 0) return len;
    }
    this.fail(`bad compact-u16 (${what})`);
  }

  private parseWire(
    b: Uint8Array,
    loaded: { writable: string[]; readonly: string[] } | null,
  ): { version: TransactionVersion; isSigner: boolean[]; isWritable: boolean[]; outer: OuterIx[] } {
    this.wire = b;
    this.at = 0;

    const nSigs = this.shortvec("signature count");
    if (nSigs === 0) this.fail("no signatures");
    this.need(64 * nSigs, "signatures");
    this.sig = encodeBase58(b.subarray(this.at, this.at + 64));
    this.at += 64 * nSigs;

    this.need(1, "message header");
    let version: TransactionVersion = "legacy";
    if (b[this.at]! & 0x80) {
      const v = b[this.at]! & 0x7f;
      if (v !== 0) this.fail(`unsupported message version ${v}`);
      version = 0;
      this.at++;
    }
    this.need(3, "message header");
    const req = b[this.at]!, roS = b[this.at + 1]!, roU = b[this.at + 2]!;
    this.at += 3;
    const nStatic = this.shortvec("account key count");
    this.need(32 * nStatic, "account keys");
    if (req > nStatic || roS > req || roU > nStatic - req) this.fail("bad header");
    const keys = new Array<string>(nStatic);
    for (let i = 0; i < nStatic; i++) keys[i] = encodePubkey(b, this.at + 32 * i);
    this.at += 32 * nStatic;
    this.need(32, "recent blockhash");
    this.at += 32;

    const nIx = this.shortvec("instruction count");
    const raw: { p: number; a: Uint8Array; d: Uint8Array }[] = [];
    for (let i = 0; i < nIx; i++) {
      this.need(1, "program index");
      const p = b[this.at++]!;
      const na = this.shortvec("instruction accounts");
      this.need(na, "instruction accounts");
      const a = b.subarray(this.at, this.at + na);
      this.at += na;
      const nd = this.shortvec("instruction data");
      this.need(nd, "instruction data");
      const d = b.subarray(this.at, this.at + nd);
      this.at += nd;
      raw.push({ p, a, d });
    }

    let tableW = 0, tableR = 0;
    if (version === 0) {
      const nLookups = this.shortvec("address table lookups");
      for (let i = 0; i < nLookups; i++) {
        this.need(32, "lookup table key");
        this.at += 32;
        const nw = this.shortvec("writable indexes");
        this.need(nw, "writable indexes");
        this.at += nw;
        tableW += nw;
        const nr = this.shortvec("readonly indexes");
        this.need(nr, "readonly indexes");
        this.at += nr;
        tableR += nr;
      }
    }
    if (this.at !== b.length) this.fail("trailing bytes after message");

    const lw = loaded?.writable.length ?? 0;
    const lr = loaded?.readonly.length ?? 0;
    if (lw !== tableW || lr !== tableR) {
      this.fail(`loadedAddresses (${lw}+${lr}) do not match the lookups (${tableW}+${tableR})`);
    }
    this.keys = lw + lr === 0 ? keys : keys.concat(loaded!.writable, loaded!.readonly);
    const n = this.keys.length;
    const isSigner = new Array<boolean>(n);
    for (let i = 0; i < n; i++) isSigner[i] = i < req;
    const isWritable = staticWritable(nStatic, req, roS, roU);
    for (let i = 0; i < lw; i++) isWritable.push(true);
    for (let i = 0; i < lr; i++) isWritable.push(false);

    const outer = new Array<OuterIx>(raw.length);
    for (let i = 0; i < raw.length; i++) {
      const r = raw[i]!;
      const accounts = new Array<string>(r.a.length);
      for (let j = 0; j < r.a.length; j++) accounts[j] = this.key(r.a[j]);
      // copy: a subarray would pin the whole wire buffer for as long as the model lives
      outer[i] = new OuterIx(this.key(r.p), accounts, null, r.d.slice(), i, null, 1, undefined);
    }
    return { version, isSigner, isWritable, outer };
  }

  // -- balances -------------------------------------------------------------------------------

  /**
   * Lamport balances. Most accounts of a transaction end where they started, so a post
   * balance equal to its pre balance (same JSON number) shares the pre side's bigint.
   */
  private readLamports(
    v: unknown, what: string, nKeys: number, preRaw: readonly unknown[] | null, pre: readonly bigint[] | null,
  ): bigint[] {
    if (!Array.isArray(v)) this.fail(`missing ${what}`);
    if (v.length !== nKeys) this.fail(`${what} has ${v.length} entries for ${nKeys} account keys`);
    const out = new Array<bigint>(v.length);
    for (let i = 0; i < v.length; i++) {
      const x: unknown = v[i];
      out[i] = pre !== null && typeof x === "number" && x === preRaw![i] ? pre[i]! : this.u64(x, what);
    }
    return out;
  }

  /**
   * A u64 as JSON carries it: a number, or a decimal string when it does not fit in 2^53
   * (the gRPC converter emits those; JSON.parse would have rounded a number already).
   */
  private u64(x: unknown, what: string): bigint {
    if (typeof x === "number") {
      if (Number.isInteger(x) && x >= 0) return x === 0 ? 0n : BigInt(x);
    } else if (typeof x === "string") {
      if (x.length <= 20 && isDigits(x)) return BigInt(x);
    } else if (typeof x === "bigint") {
      if (x >= 0n) return x;
    }
    this.fail(`bad ${what}`);
  }

  /**
   * Token balances. The post side mostly repeats the pre side (same accounts, mints, owners,
   * often the same amount), so a post entry whose strings equal those of the pre entry for
   * the same account reuses the pre entry's validated strings and bigint: comparing two
   * strings is far cheaper than checking a base58 charset, and the model then holds one copy.
   */
  private readTokenBalances(v: unknown, what: string, pre: readonly TokenBalance[] | null): TokenBalance[] {
    if (v === undefined || v === null) return [];
    if (!Array.isArray(v)) this.fail(`bad ${what}`);
    const out: TokenBalance[] = new Array<TokenBalance>(v.length);
    const amounts = pre === null ? (this.preAmounts = new Array<string>(v.length)) : this.preAmounts;
    for (let i = 0; i < v.length; i++) {
      const e: unknown = v[i];
      if (!isObj(e)) this.fail(`bad ${what} entry`);
      const idx = e["accountIndex"];
      const account = this.key(idx);
      // the pre entry of the same account: usually at the same position
      let same: TokenBalance | undefined;
      let sameAt = i;
      if (pre !== null) {
        same = pre[i];
        if (same === undefined || same.accountIndex !== idx) {
          sameAt = pre.findIndex((b) => b.accountIndex === idx);
          same = pre[sameAt];
        }
      }
      const mintRaw = e["mint"];
      let mint: string;
      if (same !== undefined && mintRaw === same.mint) mint = same.mint;
      else if (this.isRecentAddress(mintRaw)) mint = mintRaw;
      else this.fail(`bad ${what} mint`);
      const ui = e["uiTokenAmount"];
      if (!isObj(ui)) this.fail(`bad ${what} uiTokenAmount`);
      const amountRaw = ui["amount"];
      const decimals = ui["decimals"];
      const amountValue = typeof amountRaw === "string" ? digitsValue(amountRaw) : -1;
      if (amountValue === -1) this.fail(`bad ${what} amount`);
      if (typeof decimals !== "number" || !Number.isInteger(decimals) || decimals < 0 || decimals > 255) {
        this.fail(`bad ${what} decimals`);
      }
      let owner: string | null;
      const ownerRaw = e["owner"];
      if (same !== undefined && same.owner !== null && ownerRaw === same.owner) owner = same.owner;
      else owner = this.isRecentAddress(ownerRaw) ? ownerRaw : null;
      let programId: string | null;
      const programRaw = e["programId"];
      if (programRaw === TOKEN_PROGRAM) programId = TOKEN_PROGRAM;
      else if (programRaw === TOKEN_2022_PROGRAM) programId = TOKEN_2022_PROGRAM;
      else programId = isAddress(programRaw) ? programRaw : null;
      const amountText = amountRaw as string;
      let amount: bigint;
      if (pre === null) {
        amounts[i] = amountText;
        amount = tokenAmount(amountText, amountValue);
      } else {
        amount = same !== undefined && amountText === amounts[sameAt] ? same.amount : tokenAmount(amountText, amountValue);
      }
      out[i] = { accountIndex: idx as number, account, mint, owner, programId, amount, decimals };
    }
    return out;
  }
}

/** A non-empty run of ASCII digits (what `/^\d+$/` accepts), without entering the regexp engine. */
function isDigits(s: string): boolean {
  const n = s.length;
  if (n === 0) return false;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

/**
 * The value of a non-empty run of ASCII digits (what `/^\d+$/` accepts), read in the same pass
 * as the check: -1 when it is not one, -2 when it has more than 15 digits (then the number
 * could be inexact and the caller parses the string).
 */
function digitsValue(s: string): number {
  const n = s.length;
  if (n === 0) return -1;
  let v = 0;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return -1;
    v = v * 10 + (c - 48);
  }
  return n > 15 ? -2 : v;
}

/** A token amount from `digitsValue`'s result and its text. */
function tokenAmount(s: string, value: number): bigint {
  if (value === 0) return 0n;
  return value === -2 ? BigInt(s) : BigInt(value);
}

function staticWritable(n: number, req: number, roS: number, roU: number): boolean[] {
  const w = new Array<boolean>(n);
  for (let i = 0; i < n; i++) w[i] = i < req ? i < req - roS : i < n - roU;
  return w;
}

/**
 * Every instruction in execution order: each outer instruction followed by its inner ones. An
 * array rather than a generator: it runs several times for every transaction ingested, and a
 * generator allocates a result object per instruction on each run.
 */
export function allInstructions(tx: SolanaTransaction): Instruction[] {
  const out: Instruction[] = [];
  for (const o of tx.instructions) {
    out.push(o);
    for (const i of o.inner) out.push(i);
  }
  return out;
}

/** "3" for an outer instruction, "3.1" for the second inner instruction of outer #3. */
export function ixPath(ix: Pick<Instruction, "outerIndex" | "innerIndex">): string {
  return ix.innerIndex === null ? String(ix.outerIndex) : `${ix.outerIndex}.${ix.innerIndex}`;
}
