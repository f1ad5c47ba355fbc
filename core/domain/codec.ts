/**
 * Base58 / base64 without Node's Buffer, so core/domain stays runtime-neutral.
 *
 * `encodeBase58` builds its output as one flat string: `bs58.encode` concatenates character by
 * character, and the resulting rope strings keep far more memory alive than 44 characters
 * once account keys end up in long-lived maps and swaps.
 */

const B58_ALPHABET = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";
const B58_CODES = Uint8Array.from(B58_ALPHABET, (c) => c.charCodeAt(0));
const B58_OK = new Uint8Array(128);
for (const code of B58_CODES) B58_OK[code] = 1;

/** True when every character is in the base58 alphabet (the empty string included). */
export function isBase58(s: string): boolean {
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
// stays below 2^53, and the quadratic loop runs ~10x fewer iterations. That matters for
// anchor event payloads, whose base58 form is 300-600 characters.
const B58_5 = 58 ** 5; // 656_356_768

// Above these sizes (event payloads), native BigInt arithmetic beats any JS-level limb loop.
const LONG_BYTES = 48;
const LONG_CHARS = 66;
const B58_9 = 58n ** 9n; // 9 digits still fit a double exactly (58^9 < 2^53)
const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, "0"));

function decodeBase58Long(s: string): Uint8Array {
  let zeros = 0;
  while (zeros < s.length && s.charCodeAt(zeros) === 49) zeros++;
  let n = 0n;
  for (let i = zeros; i < s.length; ) {
    let chunk = 0;
    let k = 0;
    for (; k < 9 && i < s.length; k++, i++) {
      const c = s.charCodeAt(i);
      const v = c < 128 ? B58_VALUE[c]! : -1;
      if (v < 0) throw new Error(`invalid base58 character at ${i}`);
      chunk = chunk * 58 + v;
    }
    n = n * (k === 9 ? B58_9 : 58n ** BigInt(k)) + BigInt(chunk);
  }
  let hex = n === 0n ? "" : n.toString(16);
  if (hex.length & 1) hex = `0${hex}`;
  const out = new Uint8Array(zeros + hex.length / 2);
  for (let i = 0, o = zeros; i < hex.length; i += 2, o++) {
    const a = hex.charCodeAt(i);
    const b = hex.charCodeAt(i + 1);
    // toString(16) emits 0-9 and a-f only
    out[o] = ((a > 57 ? a - 87 : a - 48) << 4) | (b > 57 ? b - 87 : b - 48);
  }
  return out;
}

function encodeBase58Long(src: Uint8Array): string {
  let zeros = 0;
  while (zeros < src.length && src[zeros] === 0) zeros++;
  const hex: string[] = [];
  for (let i = zeros; i < src.length; i++) hex.push(HEX[src[i]!]!);
  let n = hex.length ? BigInt(`0x${hex.join("")}`) : 0n;
  const groups: number[] = []; // base 58^9, least significant first
  while (n > 0n) {
    const q = n / B58_9;
    groups.push(Number(n - q * B58_9));
    n = q;
  }
  const digits: number[] = [];
  for (let j = groups.length - 1; j >= 0; j--) {
    let v = groups[j]!;
    const nine = new Array<number>(9);
    for (let k = 8; k >= 0; k--) {
      nine[k] = v % 58;
      v = Math.floor(v / 58);
    }
    for (const d of nine) digits.push(d);
  }
  let first = 0;
  while (first < digits.length && digits[first] === 0) first++;
  const out = new Uint8Array(zeros + digits.length - first);
  out.fill(49, 0, zeros);
  for (let k = zeros; first < digits.length; k++, first++) out[k] = B58_CODES[digits[first]!]!;
  return String.fromCharCode.apply(null, out as unknown as number[]);
}

/** Base58 (Bitcoin alphabet) to a flat string. Same output as `bs58.encode`. */
export function encodeBase58(src: Uint8Array): string {
  return src.length > LONG_BYTES ? encodeBase58Long(src) : encodeBase58Short(src);
}

function encodeBase58Short(src: Uint8Array): string {
  let zeros = 0;
  while (zeros < src.length && src[zeros] === 0) zeros++;
  // the number, little-endian in base 58^5
  const limbs: number[] = [];
  for (let i = zeros; i < src.length; ) {
    // take two bytes at a time (one when a single byte is left)
    let chunk = src[i++]!;
    let mul = 256;
    if (i < src.length) {
      chunk = chunk * 256 + src[i++]!;
      mul = 65536;
    }
    let carry = chunk;
    for (let j = 0; j < limbs.length; j++) {
      const x = limbs[j]! * mul + carry;
      carry = Math.floor(x / B58_5);
      limbs[j] = x - carry * B58_5;
    }
    while (carry > 0) {
      const q = Math.floor(carry / B58_5);
      limbs.push(carry - q * B58_5);
      carry = q;
    }
  }
  // digits, most significant first
  const digits: number[] = [];
  for (let j = limbs.length - 1; j >= 0; j--) {
    let v = limbs[j]!;
    const five = [0, 0, 0, 0, 0];
    for (let k = 4; k >= 0; k--) {
      five[k] = v % 58;
      v = Math.floor(v / 58);
    }
    for (const d of five) digits.push(d);
  }
  let first = 0;
  while (first < digits.length && digits[first] === 0) first++;
  const out = new Uint8Array(zeros + digits.length - first);
  out.fill(49, 0, zeros); // '1' per leading zero byte
  for (let k = zeros; first < digits.length; k++, first++) out[k] = B58_CODES[digits[first]!]!;
  return String.fromCharCode.apply(null, out as unknown as number[]);
}

/**
 * Base58 to bytes. The caller has validated the alphabet (`isBase58`); an invalid character
 * throws. Same output as `bs58.decode`.
 */
export function decodeBase58(s: string): Uint8Array {
  return s.length > LONG_CHARS ? decodeBase58Long(s) : decodeBase58Short(s);
}

function decodeBase58Short(s: string): Uint8Array {
  let zeros = 0;
  while (zeros < s.length && s.charCodeAt(zeros) === 49) zeros++;
  // the number, little-endian in base 2^16
  const limbs: number[] = [];
  for (let i = zeros; i < s.length; ) {
    let chunk = 0;
    let mul = 1;
    for (let k = 0; k < 5 && i < s.length; k++, i++) {
      const c = s.charCodeAt(i);
      const v = c < 128 ? B58_VALUE[c]! : -1;
      if (v < 0) throw new Error(`invalid base58 character at ${i}`);
      chunk = chunk * 58 + v;
      mul *= 58;
    }
    let carry = chunk;
    for (let j = 0; j < limbs.length; j++) {
      const x = limbs[j]! * mul + carry;
      carry = Math.floor(x / 65536);
      limbs[j] = x - carry * 65536;
    }
    while (carry > 0) {
      limbs.push(carry % 65536);
      carry = Math.floor(carry / 65536);
    }
  }
  let n = limbs.length * 2;
  if (n > 0 && limbs[limbs.length - 1]! < 256) n--; // top limb holds a single byte
  const out = new Uint8Array(zeros + n);
  for (let j = 0, k = out.length - 1; k >= zeros; j++) {
    const limb = limbs[j]!;
    out[k--] = limb & 255;
    if (k >= zeros) out[k--] = limb >>> 8;
  }
  return out;
}

const B64_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const B64_VALUE = new Int8Array(128).fill(-1);
for (let i = 0; i < B64_ALPHABET.length; i++) B64_VALUE[B64_ALPHABET.charCodeAt(i)] = i;

/**
 * Standard padded base64 to bytes, validating as it goes: returns null for a length that is
 * not a multiple of 4, a character outside the alphabet, or padding anywhere but the end.
 * (Node's decoder silently skips bad characters, which would hide a corrupted payload.)
 */
export function decodeBase64(s: string): Uint8Array | null {
  const len = s.length;
  if (len % 4 !== 0) return null;
  let pad = 0;
  if (len > 0 && s.charCodeAt(len - 1) === 61) pad = s.charCodeAt(len - 2) === 61 ? 2 : 1;
  const out = new Uint8Array((len / 4) * 3 - pad);
  const data = len - pad;
  const val = (i: number): number => {
    if (i >= data) return 0;
    const c = s.charCodeAt(i);
    return c < 128 ? B64_VALUE[c]! : -1;
  };
  let o = 0;
  for (let i = 0; i < len; i += 4) {
    const a = val(i), b = val(i + 1), c = val(i + 2), d = val(i + 3);
    if ((a | b | c | d) < 0) return null;
    const n = (a << 18) | (b << 12) | (c << 6) | d;
    out[o++] = n >>> 16;
    if (o < out.length) out[o++] = (n >>> 8) & 255;
    if (o < out.length) out[o++] = n & 255;
  }
  return out;
}
