/**
 * Base58 / base64 without Node's Buffer, so core/domain stays runtime-neutral.
 *
 * This is the innermost loop of decoding: every account key and instruction data string of
 * an RPC transaction is checked here, every instruction a decoder reads is base58-decoded
 * here, every gRPC key is encoded here. Hence: base58 decoding runs in a small WebAssembly
 * kernel (with a pure-JS fallback), public-key encodings are memoized by their bytes, and the
 * JS loops work on reused typed arrays instead of allocating per call.
 *
 * `encodeBase58` builds its output as one flat string: `bs58.encode` concatenates character by
 * character, and the resulting rope strings keep far more memory alive than 44 characters
 * once account keys end up in long-lived maps and swaps.
 */

const B58_ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
const B58_CODES = Uint8Array.from(B58_ALPHABET, (c) => c.charCodeAt(0));
const B58_OK = new Uint8Array(128);
for (const code of B58_CODES) B58_OK[code] = 1;
/** Any character outside the alphabet. Irregexp scans ~2x faster than a charCodeAt loop. */
const NOT_BASE58 = /[^1-9A-HJ-NP-Za-km-z]/;

/** True when every character is in the base58 alphabet (the empty string included). */
export function isBase58(s: string): boolean {
  if (s.length > 16) return !NOT_BASE58.test(s);
  // short strings: the loop beats the cost of entering the regexp engine
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 128 || B58_OK[c] === 0) return false;
  }
  return true;
}

const B58_VALUE = new Int8Array(128).fill(-1);
for (let i = 0; i < B58_CODES.length; i++) B58_VALUE[B58_CODES[i]!] = i;

// Both conversions below work on big numbers held in limbs of 2^16 (bytes side) and 58^5
// (digits side) instead of one byte / one digit at a time as base-x does: a limb product
// stays below 2^53, the quadratic loop runs ~10x fewer iterations, and the limbs live in a
// reused Float64Array. Above a few hundred characters (anchor event payloads) native BigInt
// arithmetic wins over any JS-level limb loop.
const B58_5 = 58 ** 5; // 656_356_768
const INV_B58_5 = 1 / B58_5;
const TWO16 = 65536;
const INV_TWO16 = 1 / TWO16; // exact: multiplying by it is a division by 2^16

const LONG_BYTES = 160;
const LONG_CHARS = 200;
const B58_9 = 58n ** 9n; // 9 digits still fit a double exactly (58^9 < 2^53)
const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));
const HEX_VALUE = new Uint8Array(128);
for (let i = 0; i < 16; i++) HEX_VALUE["0123456789abcdef".charCodeAt(i)] = i;

// Scratch space shared by every call (the functions are synchronous and never re-entered).
let limbs = new Float64Array(256);
let scratch = new Uint8Array(512);
let chunks = new Float64Array(128);

/** The value of `s[from, to)` read as base58 digits (at most 9, so the result is exact). */
function digitsValue(s: string, from: number, to: number): number {
  let v = 0;
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    const d = c < 128 ? B58_VALUE[c]! : -1;
    if (d < 0) throw new Error(`invalid base58 character at ${i}`);
    v = v * 58 + d;
  }
  return v;
}

/** 58^(9·2^k), squared on demand: the multipliers of the divide-and-conquer decode. */
const B58_9_POW2: bigint[] = [B58_9];

/** Sum of `vals[a, b)` as base 58^9 digits, most significant first, splitting in halves. */
function chunksValue(vals: readonly number[], a: number, b: number): bigint {
  const n = b - a;
  if (n === 1) return BigInt(vals[a]!);
  if (n === 2) return BigInt(vals[a]!) * B58_9 + BigInt(vals[a + 1]!);
  let k = 0;
  let m = 1;
  while (m * 2 < n) {
    m *= 2;
    k++;
  }
  while (B58_9_POW2.length <= k) {
    const last = B58_9_POW2[B58_9_POW2.length - 1]!;
    B58_9_POW2.push(last * last);
  }
  return chunksValue(vals, a, b - m) * B58_9_POW2[k]! + chunksValue(vals, b - m, b);
}

function decodeBase58Long(s: string, zeros: number): Uint8Array {
  const n = s.length;
  const digits = n - zeros;
  const count = Math.ceil(digits / 9);
  const vals = new Array<number>(count);
  let first = digits % 9 || 9;
  for (let t = 0, i = zeros; t < count; t++, i += first, first = 9) vals[t] = digitsValue(s, i, i + first);
  const value = count === 0 ? 0n : chunksValue(vals, 0, count);
  const hex = value === 0n ? "" : value.toString(16);
  const odd = hex.length & 1;
  const out = new Uint8Array(zeros + ((hex.length + odd) >> 1));
  let o = zeros;
  let h = 0;
  if (odd) {
    out[o++] = HEX_VALUE[hex.charCodeAt(0)]!;
    h = 1;
  }
  // toString(16) emits 0-9 and a-f only
  for (; h < hex.length; h += 2) out[o++] = (HEX_VALUE[hex.charCodeAt(h)]! << 4) | HEX_VALUE[hex.charCodeAt(h + 1)]!;
  return out;
}

function encodeBase58Long(src: Uint8Array, zeros: number): string {
  const hex: string[] = [];
  for (let i = zeros; i < src.length; i++) hex.push(HEX[src[i]!]!);
  let n = hex.length ? BigInt(`0x${hex.join("")}`) : 0n;
  const groups: number[] = []; // base 58^9, least significant first
  while (n > 0n) {
    const q = n / B58_9;
    groups.push(Number(n - q * B58_9));
    n = q;
  }
  const len0 = zeros + groups.length * 9;
  if (scratch.length < len0) scratch = new Uint8Array(len0 * 2);
  const out = scratch;
  let p = len0;
  for (const g of groups) {
    let v = g;
    for (let k = 0; k < 9; k++) {
      const q = Math.floor(v / 58);
      out[--p] = B58_CODES[v - q * 58]!;
      v = q;
    }
  }
  return digitsToString(out, zeros, len0);
}

/**
 * `out[zeros, end)` holds base58 characters, most significant first, possibly starting with
 * '1's that are only padding of the top limb: drops those and puts one '1' per leading zero
 * byte in front instead. One flat string, never a rope.
 */
function digitsToString(out: Uint8Array, zeros: number, end: number): string {
  let first = zeros;
  while (first < end && out[first] === 49) first++;
  const start = first - zeros;
  out.fill(49, start, first); // '1' per leading zero byte
  const len = end - start;
  if (len > POOLED_MAX) return String.fromCharCode.apply(null, out.subarray(start, end) as unknown as number[]);
  // fromCharCode.apply takes its fast path on a packed array of small integers, not on a
  // typed array; one array per length is kept so that it never changes shape
  const codes = (CODE_ARRAYS[len] ??= new Array<number>(len).fill(0));
  for (let k = 0; k < len; k++) codes[k] = out[start + k]!;
  return String.fromCharCode.apply(null, codes);
}
const POOLED_MAX = 128;
const CODE_ARRAYS: number[][] = [];
/** Every single-byte input's encoding: 0..57 are one character, 58..255 two. */
const ONE_BYTE: readonly string[] = Array.from({ length: 256 }, (_, b) =>
  b === 0 ? "1" : b < 58 ? B58_ALPHABET[b]! : B58_ALPHABET[Math.floor(b / 58)]! + B58_ALPHABET[b % 58]!,
);

/** Base58 (Bitcoin alphabet) to a flat string. Same output as `bs58.encode`. */
export function encodeBase58(src: Uint8Array): string {
  return src.length === 32 ? encodePubkey(src, 0) : encodeAny(src);
}

function encodeAny(src: Uint8Array): string {
  const n = src.length;
  if (n <= 1) return n === 0 ? "" : ONE_BYTE[src[0]!]!;
  let zeros = 0;
  while (zeros < n && src[zeros] === 0) zeros++;
  return n - zeros > LONG_BYTES ? encodeBase58Long(src, zeros) : encodeShort(src, 0, n, zeros);
}

/** `src[from + zeros, to)` (the `zeros` bytes before are 0) in base58. */
function encodeShort(src: Uint8Array, from: number, to: number, zeros: number): string {
  const need = ((to - from - zeros) >> 1) + 2;
  if (limbs.length < need) limbs = new Float64Array(need * 2);
  const L = limbs;
  // the number, little-endian in base 58^5, fed two bytes at a time
  let nl = 0;
  let i = from + zeros;
  if ((to - i) & 1) {
    L[0] = src[i++]!;
    nl = 1;
  }
  for (; i < to; i += 2) {
    let carry = (src[i]! << 8) | src[i + 1]!;
    for (let j = 0; j < nl; j++) {
      const x = L[j]! * TWO16 + carry; // < 2^46
      // x / 58^5 through the reciprocal (a multiplication instead of a division on the
      // carry chain), corrected by one when the rounding lands on the wrong side
      let q = Math.floor(x * INV_B58_5);
      let r = x - q * B58_5;
      if (r < 0) {
        q--;
        r += B58_5;
      } else if (r >= B58_5) {
        q++;
        r -= B58_5;
      }
      L[j] = r;
      carry = q;
    }
    if (carry > 0) L[nl++] = carry; // carry <= 65536 < 58^5: one limb at most
  }
  const len0 = zeros + nl * 5;
  if (scratch.length < len0) scratch = new Uint8Array(len0 * 2);
  const out = scratch;
  let p = len0;
  for (let j = 0; j < nl; j++) {
    let v = L[j]! | 0; // < 58^5 < 2^31
    for (let k = 0; k < 5; k++) {
      const q = (v / 58) | 0;
      out[--p] = B58_CODES[v - q * 58]!;
      v = q;
    }
  }
  return digitsToString(out, zeros, len0);
}

// Public keys repeat across transactions (programs, sysvars, mints, pools, fee accounts), so
// their encodings are memoized in a direct-mapped table keyed by the bytes themselves: a hit
// costs a hash of 8 bytes and a 32-byte compare instead of a full conversion. Bounded size;
// the cached strings are flat (see the header), so the table holds ~100 B per entry.
const PK_BITS = 12;
const PK_SLOTS = 1 << PK_BITS;
const pkBytes = new Uint8Array(PK_SLOTS * 32);
const pkStrings: string[] = new Array<string>(PK_SLOTS).fill("");

/**
 * The 32 bytes at `b[o, o + 32)` in base58, as `encodeBase58(b.subarray(o, o + 32))` but
 * without the subarray and memoized. The caller checks the bounds.
 */
export function encodePubkey(b: Uint8Array, o: number): string {
  const lo = b[o]! | (b[o + 1]! << 8) | (b[o + 2]! << 16) | (b[o + 3]! << 24);
  const hi = b[o + 28]! | (b[o + 29]! << 8) | (b[o + 30]! << 16) | (b[o + 31]! << 24);
  const slot = Math.imul(lo ^ Math.imul(hi, 0x85ebca6b), 0x9e3779b1) >>> (32 - PK_BITS);
  const base = slot * 32;
  const cached = pkStrings[slot]!;
  if (cached !== "") {
    let k = 0;
    while (k < 32 && pkBytes[base + k] === b[o + k]) k++;
    if (k === 32) return cached;
  }
  let zeros = 0;
  while (zeros < 32 && b[o + zeros] === 0) zeros++;
  const s = encodeShort(b, o, o + 32, zeros);
  for (let k = 0; k < 32; k++) pkBytes[base + k] = b[o + k]!;
  pkStrings[slot] = s;
  return s;
}

/**
 * Base58 to bytes. The caller has validated the alphabet (`isBase58`); an invalid character
 * throws. Same output as `bs58.decode`.
 */
export function decodeBase58(s: string): Uint8Array {
  // short strings (token and system instructions) are not worth the kernel's fixed cost
  const n = s.length;
  return (n > WASM_MIN_CHARS && n <= WASM_MAX_CHARS ? decodeBase58Wasm(s) : null) ?? decodeBase58Portable(s);
}

/**
 * The pure-JS decoder behind `decodeBase58`, used where WebAssembly is not available, for
 * inputs the kernel does not take (over 20,000 characters) and to report invalid characters.
 * Exported for tests. Same contract as `decodeBase58`.
 */
export function decodeBase58Portable(s: string): Uint8Array {
  const n = s.length;
  let zeros = 0;
  while (zeros < n && s.charCodeAt(zeros) === 49) zeros++;
  return n - zeros > LONG_CHARS ? decodeBase58Long(s, zeros) : decodeBase58Short(s, zeros);
}

// ---------------------------------------------------------------------------------------------
// Base58 decoding in WebAssembly
//
// Why: instruction data is base58 in RPC JSON, and the payloads decoders must read (anchor
// events: 150-400 bytes) dominate decoding time. The conversion is quadratic; in JS each step
// is a float multiply, floor and subtract on 16-bit limbs, in WebAssembly it is one 64-bit
// multiply-add on 32-bit limbs: 3-4x faster from 30 characters up (~5 us instead of ~15-25 us
// for a 385-byte event on the reference machine).
//
// The kernel is 535 bytes, hand-assembled from the listing below; codec.unit.test.ts and
// fuzz.unit.test.ts compare it (and the portable decoder) with bs58 on random inputs. Memory (one 64 KiB page): [0, 128) digit value of each ASCII
// code (255: not base58), [128, 20128) input characters, [20608, ...) limbs (u32, little
// endian), [36992, ...) output bytes.
//
//   decode(n) -> byte count, or -(i + 1) for an invalid character at i:
//     zeros = count of leading '1'
//     nl = 0; i = zeros; first = (n - zeros) % 5 || 5
//     while i < n:                                   ; 5 digits at a time (58^5 < 2^32)
//       c = 0; m = 1
//       repeat `first` times: d = TABLE[IN[i]] (fail if IN[i] >= 128 or d == 255)
//                             c = c * 58 + d; m = m * 58; i++
//       first = 5; carry = c                         ; i64 arithmetic from here
//       for j < nl: x = LIMB[j] * m + carry; LIMB[j] = x mod 2^32; carry = x >> 32
//       while carry: LIMB[nl++] = carry mod 2^32; carry >>= 32
//     nb = nl * 4 - clz32(LIMB[nl - 1]) / 8          ; 0 when nl == 0
//     OUT[0, zeros) = 0; OUT[zeros, zeros + nb) = the limbs, big endian
//     return zeros + nb
const WASM_MIN_CHARS = 24;
const WASM_MAX_CHARS = 20_000;
const WASM_IN = 128;
const WASM_OUT = 36_992;
const B58_WASM =
  "AGFzbQEAAAABBgFgAX8BfwMCAQAFAwEAAQcTAgZtZW1vcnkCAAZkZWNvZGUAAArmAwHjAwIPfwR+QQAhAgJAA0AgAiAATw0BIAItAIABQTFHDQEgAkEBaiECDAALC0EAIQcgAiEBIAAgAmtBBXAhBCAERQRAQQUhBAsCQANAIAEgAE8NAUIAIRBCASERIAEgBGohAwJAA0AgASADTw0BIAEtAIABIQUgBUGAAU8EQEF/IAFrDwsgBS0AACEGIAZB/wFGBEBBfyABaw8LIBBCOn4gBq18IRAgEUI6fiERIAFBAWohAQwACwtBBSEEIBAhE0EAIQgCQANAIAggB08NASAIQQJ0IQkgCTUCgKEBIBF+IBN8IRIgCSASPgKAoQEgEkIgiCETIAhBAWohCAwACwsCQANAIBNQDQEgB0ECdCATPgKAoQEgB0EBaiEHIBNCIIghEwwACwsMAAsLQQAhCiAHBEAgB0ECdCAHQQFrQQJ0NQKAoQGnZ0EDdmshCgtBACEIAkADQCAIIAJPDQEgCEEAOgCAoQIgCEEBaiEIDAALCyACIApqQQFrIQtBACEIAkADQCAIIAdPDQEgCEECdDUCgKEBpyENQQAhDgJAA0AgDkEETw0BIAsgCEECdGsgDmshDCAMIAJOBEAgDCANIA5BA3R2OgCAoQILIA5BAWohDgwACwsgCEEBaiEIDAALCyACIApqCw==";

interface Kernel {
  decode: (n: number) => number;
  mem: Uint8Array;
  input: Uint8Array;
}
let kernel: Kernel | null | undefined;
const UTF8_ENCODER = new TextEncoder();

/** The part of the WebAssembly API used here (the project's `lib` settings do not declare it). */
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: Record<string, unknown> };
}

function loadKernel(): Kernel | null {
  try {
    const wasm = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
    if (wasm === undefined) return null;
    const instance = new wasm.Instance(new wasm.Module(decodeBase64(B58_WASM)!), {});
    const exports = instance.exports as { memory: { buffer: ArrayBuffer }; decode: (n: number) => number };
    const mem = new Uint8Array(exports.memory.buffer); // the kernel never grows its memory
    mem.fill(255, 0, 128);
    for (let i = 0; i < B58_CODES.length; i++) mem[B58_CODES[i]!] = i;
    return { decode: exports.decode, mem, input: mem.subarray(WASM_IN, WASM_IN + WASM_MAX_CHARS) };
  } catch {
    return null; // no WebAssembly here (or it is disabled): the portable decoder does the work
  }
}

/** null when the kernel is unavailable or the input is not plain base58 (the caller falls back). */
function decodeBase58Wasm(s: string): Uint8Array | null {
  if (kernel === undefined) kernel = loadKernel();
  if (kernel === null) return null;
  // ASCII in, one byte per character out; anything else is not base58 anyway
  const { read, written } = UTF8_ENCODER.encodeInto(s, kernel.input);
  if (read !== s.length || written !== read) return null;
  const n = kernel.decode(written);
  return n < 0 ? null : kernel.mem.slice(WASM_OUT, WASM_OUT + n);
}

function decodeBase58Short(s: string, zeros: number): Uint8Array {
  const digits = s.length - zeros;
  // 5-digit chunks, most significant first; the first one takes the remainder. Padded in
  // front with zero chunks to a multiple of 4 (a zero chunk into a zero number is a no-op).
  const count = Math.ceil(digits / 5);
  const pad = (4 - (count & 3)) & 3;
  const total = count + pad;
  if (chunks.length < total) chunks = new Float64Array(total * 2);
  if (limbs.length < total * 2 + 8) limbs = new Float64Array(total * 4 + 16);
  const C = chunks;
  const L = limbs;
  for (let t = 0; t < pad; t++) C[t] = 0;
  let first = digits % 5 || 5;
  for (let t = pad, i = zeros; t < total; t++, i += first, first = 5) C[t] = digitsValue(s, i, i + first);

  // the number, little-endian in base 2^16; each pass multiplies by 58^5 and adds a chunk,
  // four times, interleaved limb by limb so that four carry chains run side by side
  const M = B58_5;
  let nl = 0;
  for (let t = 0; t < total; t += 4) {
    let c0 = C[t]!, c1 = C[t + 1]!, c2 = C[t + 2]!, c3 = C[t + 3]!;
    for (let j = 0; j <= nl; j++) {
      // j === nl: the limbs above the number start at 0 and take the carries
      if (j === nl) {
        if (c0 + c1 + c2 + c3 === 0) break;
        L[nl++] = 0;
      }
      let x = L[j]! * M + c0; // < 2^46
      c0 = Math.floor(x * INV_TWO16);
      let r = x - c0 * TWO16;
      x = r * M + c1;
      c1 = Math.floor(x * INV_TWO16);
      r = x - c1 * TWO16;
      x = r * M + c2;
      c2 = Math.floor(x * INV_TWO16);
      r = x - c2 * TWO16;
      x = r * M + c3;
      c3 = Math.floor(x * INV_TWO16);
      L[j] = x - c3 * TWO16;
    }
  }
  while (nl > 0 && L[nl - 1] === 0) nl--;
  let n = nl * 2;
  if (n > 0 && L[nl - 1]! < 256) n--; // top limb holds a single byte
  const out = new Uint8Array(zeros + n);
  for (let j = 0, k = out.length - 1; k >= zeros; j++) {
    const limb = L[j]!;
    out[k--] = limb & 255;
    if (k >= zeros) out[k--] = limb >>> 8;
  }
  return out;
}

const B64_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const B64_VALUE = new Int16Array(256).fill(-1);
for (let i = 0; i < B64_ALPHABET.length; i++) B64_VALUE[B64_ALPHABET.charCodeAt(i)] = i;

/**
 * Standard padded base64 to bytes, validating as it goes: returns null for a length that is
 * not a multiple of 4, a character outside the alphabet, or padding anywhere but the end.
 * (Node's decoder silently skips bad characters, which would hide a corrupted payload.)
 * Every log line of an anchor event goes through here, so the loop is kept tight: four
 * characters per step, one branch for the whole group.
 */
export function decodeBase64(s: string): Uint8Array | null {
  const len = s.length;
  if (len % 4 !== 0) return null;
  let pad = 0;
  if (len > 0 && s.charCodeAt(len - 1) === 61) pad = s.charCodeAt(len - 2) === 61 ? 2 : 1;
  const out = new Uint8Array((len / 4) * 3 - pad);
  const full = pad === 0 ? len : len - 4; // the groups without padding
  let o = 0;
  for (let i = 0; i < full; i += 4) {
    const ca = s.charCodeAt(i), cb = s.charCodeAt(i + 1), cc = s.charCodeAt(i + 2), cd = s.charCodeAt(i + 3);
    const a = B64_VALUE[ca & 255]!, b = B64_VALUE[cb & 255]!, c = B64_VALUE[cc & 255]!, d = B64_VALUE[cd & 255]!;
    if ((a | b | c | d) < 0 || (ca | cb | cc | cd) > 255) return null;
    const n = (a << 18) | (b << 12) | (c << 6) | d;
    out[o] = n >>> 16;
    out[o + 1] = (n >>> 8) & 255;
    out[o + 2] = n & 255;
    o += 3;
  }
  if (pad > 0) {
    // "xx==" or "xxx=": the padding itself is checked by the length computation above
    const i = len - 4;
    const ca = s.charCodeAt(i), cb = s.charCodeAt(i + 1), cc = pad === 2 ? 65 : s.charCodeAt(i + 2);
    const a = B64_VALUE[ca & 255]!, b = B64_VALUE[cb & 255]!, c = B64_VALUE[cc & 255]!;
    if ((a | b | c) < 0 || (ca | cb | cc) > 255) return null;
    const n = (a << 18) | (b << 12) | (c << 6);
    out[o++] = n >>> 16;
    if (pad === 1) out[o] = (n >>> 8) & 255;
  }
  return out;
}
