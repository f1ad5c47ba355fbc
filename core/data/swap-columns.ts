/**
 * Stored swaps held column-wise in typed arrays, for the full rescore: every swap of a shard is
 * read once in chain order into these columns, then regrouped by wallet (a stable counting sort,
 * so each wallet's rows keep chain order) and folded wallet by wallet.
 *
 * Why columns: ten million swaps as JavaScript objects, or the folds of every wallet kept alive
 * until the last swap, are what made the full rescore slow (the garbage collector walks every
 * live object again and again). Typed arrays are a few large blocks it never walks; a wallet's
 * fold lives only while that wallet is folded, scored and written.
 * Trap: amounts are exact. One above 2^53 cannot live in a Float64Array: it is kept as a bigint
 * on the side, and its cell holds -(index + 1) instead (amounts are never negative).
 */
import { USDC_MINT, USDT_MINT, WSOL_MINT, type Swap } from "../domain/swap.js";

export type SwapFields = Pick<
  Swap,
  "mintIn" | "amountIn" | "decimalsIn" | "mintOut" | "amountOut" | "decimalsOut" | "priceSol" | "priceUsd" | "slot" | "blockTime"
>;

const NULL_PRICE_SOL = 1;
const NULL_PRICE_USD = 2;
const NULL_TIME = 4;
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** The three quote mints get ids 0–2: nearly every swap has one, and bytes tell them apart cheaply. */
const QUOTES = [WSOL_MINT, USDC_MINT, USDT_MINT] as const;
const QUOTE_BYTES = QUOTES.map((m) => Buffer.from(m, "latin1"));

function grow<T extends Float64Array | Int32Array | Int16Array | Uint8Array>(a: T, size: number): T {
  const b = new (a.constructor as new (n: number) => T)(size);
  b.set(a);
  return b;
}

export class SwapColumns {
  length = 0;
  private capacity: number;
  wallet: Int32Array;
  mintIn: Int32Array;
  mintOut: Int32Array;
  amountIn: Float64Array;
  amountOut: Float64Array;
  decimalsIn: Int16Array;
  decimalsOut: Int16Array;
  priceSol: Float64Array;
  priceUsd: Float64Array;
  slot: Float64Array;
  time: Float64Array;
  nulls: Uint8Array;
  /** Amounts above 2^53 (see the header). */
  private readonly bigs: bigint[] = [];
  private readonly walletKeys = new ByteKeys();
  private readonly mintKeys = new ByteKeys(QUOTES);
  /** Wallet and mint names by id. */
  readonly wallets = this.walletKeys.names;
  readonly mints = this.mintKeys.names;

  constructor(capacity = 1 << 16) {
    this.capacity = capacity;
    this.wallet = new Int32Array(capacity);
    this.mintIn = new Int32Array(capacity);
    this.mintOut = new Int32Array(capacity);
    this.amountIn = new Float64Array(capacity);
    this.amountOut = new Float64Array(capacity);
    this.decimalsIn = new Int16Array(capacity);
    this.decimalsOut = new Int16Array(capacity);
    this.priceSol = new Float64Array(capacity);
    this.priceUsd = new Float64Array(capacity);
    this.slot = new Float64Array(capacity);
    this.time = new Float64Array(capacity);
    this.nulls = new Uint8Array(capacity);
  }

  private reserve(): number {
    if (this.length === this.capacity) {
      const c = (this.capacity *= 2);
      this.wallet = grow(this.wallet, c);
      this.mintIn = grow(this.mintIn, c);
      this.mintOut = grow(this.mintOut, c);
      this.amountIn = grow(this.amountIn, c);
      this.amountOut = grow(this.amountOut, c);
      this.decimalsIn = grow(this.decimalsIn, c);
      this.decimalsOut = grow(this.decimalsOut, c);
      this.priceSol = grow(this.priceSol, c);
      this.priceUsd = grow(this.priceUsd, c);
      this.slot = grow(this.slot, c);
      this.time = grow(this.time, c);
      this.nulls = grow(this.nulls, c);
    }
    return this.length++;
  }

  walletId(name: string): number {
    const b = Buffer.from(name);
    return this.walletKeys.id(b, 0, b.length);
  }

  mintId(name: string): number {
    const b = Buffer.from(name);
    return this.mintKeys.id(b, 0, b.length);
  }

  private amountCell(v: number | bigint): number {
    if (typeof v === "number") return v >= 0 ? v : -this.bigs.push(BigInt(v));
    if (v >= 0n && v <= MAX_SAFE) return Number(v);
    return -this.bigs.push(v);
  }

  private amount(cell: number): bigint {
    return cell >= 0 ? BigInt(cell) : this.bigs[-cell - 1]!;
  }

  /** Appends one swap; amounts as exact safe-integer numbers or bigints. */
  push(
    walletId: number,
    mintIn: number,
    amountIn: number | bigint,
    decimalsIn: number,
    mintOut: number,
    amountOut: number | bigint,
    decimalsOut: number,
    priceSol: number | null,
    priceUsd: number | null,
    slot: number,
    time: number | null,
  ): void {
    const i = this.reserve();
    this.wallet[i] = walletId;
    this.mintIn[i] = mintIn;
    this.mintOut[i] = mintOut;
    this.amountIn[i] = this.amountCell(amountIn);
    this.amountOut[i] = this.amountCell(amountOut);
    this.decimalsIn[i] = decimalsIn;
    this.decimalsOut[i] = decimalsOut;
    this.priceSol[i] = priceSol ?? 0;
    this.priceUsd[i] = priceUsd ?? 0;
    this.slot[i] = slot;
    this.time[i] = time ?? 0;
    this.nulls[i] = (priceSol === null ? NULL_PRICE_SOL : 0) | (priceUsd === null ? NULL_PRICE_USD : 0) | (time === null ? NULL_TIME : 0);
  }

  /** Row `i` as the fields `tradesFromSwap` reads. */
  swap(i: number): SwapFields {
    const nulls = this.nulls[i]!;
    return {
      mintIn: this.mints[this.mintIn[i]!]!,
      amountIn: this.amount(this.amountIn[i]!),
      decimalsIn: this.decimalsIn[i]!,
      mintOut: this.mints[this.mintOut[i]!]!,
      amountOut: this.amount(this.amountOut[i]!),
      decimalsOut: this.decimalsOut[i]!,
      priceSol: nulls & NULL_PRICE_SOL ? null : this.priceSol[i]!,
      priceUsd: nulls & NULL_PRICE_USD ? null : this.priceUsd[i]!,
      slot: this.slot[i]!,
      blockTime: nulls & NULL_TIME ? null : this.time[i]!,
    };
  }

  /**
   * Rows grouped by wallet, chain order kept within each (a stable counting sort): wallet `w`'s
   * rows are `order[start[w]]` … `order[start[w + 1] - 1]`.
   */
  byWallet(): { order: Int32Array; start: Int32Array } {
    const start = new Int32Array(this.wallets.length + 1);
    for (let i = 0; i < this.length; i++) start[this.wallet[i]! + 1]!++;
    for (let w = 0; w < this.wallets.length; w++) start[w + 1]! += start[w]!;
    const next = start.slice(0, this.wallets.length);
    const order = new Int32Array(this.length);
    for (let i = 0; i < this.length; i++) order[next[this.wallet[i]!]!++] = i;
    return { order, start };
  }

  /**
   * Appends one row of `COPY (SELECT ${SWAP_COPY_COLUMNS} …) TO STDOUT (FORMAT binary)` as the
   * server sent it (one CopyData message). Returns false for the trailer. The first message also
   * carries the file header; `header` says so.
   */
  pushCopyRow(buf: Buffer, header: boolean): boolean {
    let at = header ? COPY_HEADER_BYTES + buf.readInt32BE(COPY_HEADER_BYTES - 4) : 0;
    if (at === buf.length) return true; // the header alone
    const fields = buf.readInt16BE(at);
    if (fields === -1) return false;
    if (fields !== SWAP_COPY_FIELDS) throw new Error(`swap COPY row has ${fields} fields, expected ${SWAP_COPY_FIELDS}`);
    const i = this.reserve();
    // Each field: its length (int32, -1 for null), then its bytes.
    at += 2;
    let len = buf.readInt32BE(at);
    this.wallet[i] = this.walletKeys.id(buf, at + 4, len);
    at += 4 + len;
    len = buf.readInt32BE(at);
    this.mintIn[i] = this.mintFrom(buf, at + 4, len);
    at += 4 + len;
    len = buf.readInt32BE(at);
    this.amountIn[i] = this.numericCell(buf, at + 4);
    at += 4 + len;
    this.decimalsIn[i] = buf.readInt16BE(at + 4);
    at += 6;
    len = buf.readInt32BE(at);
    this.mintOut[i] = this.mintFrom(buf, at + 4, len);
    at += 4 + len;
    len = buf.readInt32BE(at);
    this.amountOut[i] = this.numericCell(buf, at + 4);
    at += 4 + len;
    this.decimalsOut[i] = buf.readInt16BE(at + 4);
    at += 6;
    let nulls = 0;
    if (buf.readInt32BE(at) < 0) {
      nulls |= NULL_PRICE_SOL;
      this.priceSol[i] = 0;
      at += 4;
    } else {
      this.priceSol[i] = buf.readDoubleBE(at + 4);
      at += 12;
    }
    if (buf.readInt32BE(at) < 0) {
      nulls |= NULL_PRICE_USD;
      this.priceUsd[i] = 0;
      at += 4;
    } else {
      this.priceUsd[i] = buf.readDoubleBE(at + 4);
      at += 12;
    }
    this.slot[i] = int64(buf, at + 4);
    at += 12;
    if (buf.readInt32BE(at) < 0) {
      nulls |= NULL_TIME;
      this.time[i] = 0;
    } else {
      // timestamptz: microseconds since 2000-01-01 UTC, as whole epoch seconds rounded down
      // (what floor(date_part('epoch', block_time)) gives).
      const us = int64(buf, at + 4);
      const rest = us % 1e6;
      this.time[i] = (us - rest) / 1e6 - (rest < 0 ? 1 : 0) + PG_EPOCH_SEC;
    }
    this.nulls[i] = nulls;
    return true;
  }

  /** A binary NUMERIC amount as a cell (see the header). */
  private numericCell(buf: Buffer, at: number): number {
    const ndigits = buf.readInt16BE(at);
    const weight = buf.readInt16BE(at + 2);
    const sign = buf.readUInt16BE(at + 4);
    if (ndigits === 0 && sign !== 0xc000) return 0;
    if (sign !== 0 || weight < ndigits - 1) return this.amountCell(numericInt(buf, at));
    let v = 0;
    for (let k = 0; k < ndigits; k++) v = v * 10000 + buf.readInt16BE(at + 8 + 2 * k);
    for (let k = ndigits - 1; k < weight; k++) v *= 10000;
    return v <= Number.MAX_SAFE_INTEGER ? v : this.amountCell(numericInt(buf, at));
  }

  private mintFrom(buf: Buffer, at: number, len: number): number {
    const first = buf[at];
    // 'S' (WSOL) or 'E' (USDC, USDT): nearly every swap has one of them, told by its bytes.
    if (first === 83 || first === 69) {
      for (let q = 0; q < QUOTE_BYTES.length; q++) {
        const b = QUOTE_BYTES[q]!;
        if (b.length !== len || first !== b[0]) continue;
        let k = 1;
        while (k < len && buf[at + k] === b[k]) k++;
        if (k === len) return q;
      }
    }
    return this.mintKeys.id(buf, at, len);
  }
}

/**
 * Ids of byte strings (addresses as COPY sends them), without making a string per row: an open
 * addressing table over the keys' bytes, kept in one growing block. A Map of strings cost most
 * of the read (a fresh string per row, hashed, then compared with a key somewhere else in the
 * heap). A slot holds id + 1 (0: empty), hash, start and length side by side, so a probe touches
 * one cache line before the key's bytes. The hash reads every fourth byte and the length (base58
 * addresses are random throughout); keys that share those are told apart by their bytes.
 */
class ByteKeys {
  readonly names: string[] = [];
  private slots = new Int32Array(4 << 12);
  private bytes = new Uint8Array(1 << 16);
  private used = 0;

  constructor(initial: readonly string[] = []) {
    for (const name of initial) {
      const b = Buffer.from(name);
      this.id(b, 0, b.length);
    }
  }

  id(buf: Uint8Array, at: number, len: number): number {
    let h = Math.imul(0x811c9dc5 ^ len, 16777619);
    for (let k = 0; k < len; k += 4) h = Math.imul(h ^ buf[at + k]!, 16777619);
    const slots = this.slots;
    const mask = (slots.length >> 2) - 1;
    const bytes = this.bytes;
    for (let slot = h & mask; ; slot = (slot + 1) & mask) {
      const e = slot << 2;
      const id1 = slots[e]!;
      if (id1 === 0) return this.add(buf, at, len, h, e);
      if (slots[e + 1] !== h || slots[e + 3] !== len) continue;
      const start = slots[e + 2]!;
      let k = 0;
      while (k < len && bytes[start + k] === buf[at + k]) k++;
      if (k === len) return id1 - 1;
    }
  }

  private add(buf: Uint8Array, at: number, len: number, h: number, e: number): number {
    const id = this.names.length;
    this.names.push(Buffer.from(buf.buffer, buf.byteOffset + at, len).toString("utf8"));
    if (this.used + len > this.bytes.length) this.bytes = grow(this.bytes, Math.max(this.bytes.length * 2, this.used + len));
    this.bytes.set(buf.subarray(at, at + len), this.used);
    this.slots[e] = id + 1;
    this.slots[e + 1] = h;
    this.slots[e + 2] = this.used;
    this.slots[e + 3] = len;
    this.used += len;
    // Kept at most half full: probes stay short.
    if (this.names.length * 2 > this.slots.length >> 2) this.rehash();
    return id;
  }

  private rehash(): void {
    const old = this.slots;
    const slots = new Int32Array(old.length * 2);
    const mask = (slots.length >> 2) - 1;
    for (let e = 0; e < old.length; e += 4) {
      if (old[e] === 0) continue;
      let slot = old[e + 1]! & mask;
      while (slots[slot << 2] !== 0) slot = (slot + 1) & mask;
      slots.set(old.subarray(e, e + 4), slot << 2);
    }
    this.slots = slots;
  }
}

/** What the full rescore reads of a swap, in the order `pushCopyRow` expects. */
export const SWAP_COPY_COLUMNS =
  "trader, mint_in, amount_in, decimals_in, mint_out, amount_out, decimals_out, price_sol, price_usd, slot, block_time";
const SWAP_COPY_FIELDS = 11;
/** "PGCOPY\n\377\r\n\0", flags, header extension length. */
const COPY_HEADER_BYTES = 19;
const PG_EPOCH_SEC = 946_684_800;

/** A signed int64, exact while within ±2^53 (slots and microsecond times are far inside). */
function int64(buf: Buffer, at: number): number {
  return buf.readInt32BE(at) * 4294967296 + buf.readUInt32BE(at + 4);
}

/**
 * A binary NUMERIC that holds an integer (the raw amounts): base-10000 digits after a header of
 * digit count, weight, sign and scale. A Number while exact, else a bigint.
 */
function numericInt(buf: Buffer, at: number): number | bigint {
  const ndigits = buf.readInt16BE(at);
  const weight = buf.readInt16BE(at + 2);
  const sign = buf.readUInt16BE(at + 4);
  if (sign === 0xc000) throw new Error("NaN amount in swap");
  if (ndigits === 0) return 0;
  // Digits after the decimal point would be a fraction: amounts are whole.
  if (weight < ndigits - 1) throw new Error("fractional amount in swap");
  let v = 0;
  for (let k = 0; k < ndigits; k++) v = v * 10000 + buf.readInt16BE(at + 8 + 2 * k);
  for (let k = ndigits - 1; k < weight; k++) v *= 10000;
  if (v <= Number.MAX_SAFE_INTEGER) return sign === 0 ? v : -v;
  let b = 0n;
  for (let k = 0; k < ndigits; k++) b = b * 10000n + BigInt(buf.readInt16BE(at + 8 + 2 * k));
  for (let k = ndigits - 1; k < weight; k++) b *= 10000n;
  return sign === 0 ? b : -b;
}
