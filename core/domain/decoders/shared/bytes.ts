/**
 * Little-endian readers over instruction / event bytes. They never throw: they return
 * undefined when the buffer is too short, so each decoder decides whether that is "not mine"
 * or a `DecodeError`.
 */
import { encodePubkey } from "../../codec.js";

export function readU64(b: Uint8Array, o: number): bigint | undefined {
  if (o < 0 || o + 8 > b.length) return undefined;
  // two 32-bit halves: much cheaper than building a DataView per read
  const lo = (b[o]! | (b[o + 1]! << 8) | (b[o + 2]! << 16) | (b[o + 3]! << 24)) >>> 0;
  const hi = (b[o + 4]! | (b[o + 5]! << 8) | (b[o + 6]! << 16) | (b[o + 7]! << 24)) >>> 0;
  // below 2^53 (every amount in practice) the value is an exact double: one bigint allocation
  // instead of four (events read a dozen of these each)
  if (hi < 0x200000) return BigInt(hi * 4294967296 + lo);
  return (BigInt(hi) << 32n) | BigInt(lo);
}

export function readI64(b: Uint8Array, o: number): bigint | undefined {
  if (o < 0 || o + 8 > b.length) return undefined;
  const hi = (b[o + 4]! | (b[o + 5]! << 8) | (b[o + 6]! << 16) | (b[o + 7]! << 24)) >>> 0;
  if (hi < 0x200000) return readU64(b, o); // non-negative, and exact through a double
  return BigInt.asIntN(64, readU64(b, o)!);
}

export function readU32(b: Uint8Array, o: number): number | undefined {
  if (o < 0 || o + 4 > b.length) return undefined;
  return (b[o]! | (b[o + 1]! << 8) | (b[o + 2]! << 16) | (b[o + 3]! << 24)) >>> 0;
}

/**
 * A 32-byte public key as base58. Encodings are memoized (the same mints, pools and fee
 * accounts recur across events), but a miss costs a full conversion: read only what you need.
 */
export function readPubkey(b: Uint8Array, o: number): string | undefined {
  if (o < 0 || o + 32 > b.length) return undefined;
  return encodePubkey(b, o);
}

const UTF8 = new TextDecoder();

/** Borsh `String`: u32 length + UTF-8 bytes. Returns the string and the offset after it. */
export function readBorshString(b: Uint8Array, o: number, maxLen = 1024): [string, number] | undefined {
  const len = readU32(b, o);
  if (len === undefined || len > maxLen || o + 4 + len > b.length) return undefined;
  return [UTF8.decode(b.subarray(o + 4, o + 4 + len)), o + 4 + len];
}

export function hex(h: string): Uint8Array {
  const out = new Uint8Array(h.length >>> 1);
  for (let i = 0; i < out.length; i++) out[i] = Number.parseInt(h.slice(2 * i, 2 * i + 2), 16);
  return out;
}

/** True when `b` starts with `prefix` at offset `o`. */
export function startsWith(b: Uint8Array, prefix: Uint8Array, o = 0): boolean {
  if (b.length < o + prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (b[o + i] !== prefix[i]) return false;
  return true;
}

/** Anchor's `emit_cpi!` wraps events in a self-invoked instruction starting with this tag. */
export const ANCHOR_EVENT_IX_TAG = hex("e445a52e51cb9a1d");
