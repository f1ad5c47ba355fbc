import { randomBytes } from "node:crypto";
import bs58 from "bs58";
import { describe, expect, it } from "vitest";
import { decodeBase58, decodeBase64, encodeBase58, isBase58 } from "./codec.js";

describe("codec", () => {
  it("encodeBase58 matches bs58 (leading zeros, empty, random)", () => {
    const cases = [new Uint8Array(0), new Uint8Array(32), Uint8Array.from([0, 0, 1, 2]), ...Array.from({ length: 200 }, (_, i) => randomBytes(i % 70))];
    for (const b of cases) expect(encodeBase58(b)).toBe(bs58.encode(b));
  });

  it("decodeBase58 matches bs58 (leading zeros, empty, random, long event payloads)", () => {
    const cases = [new Uint8Array(0), new Uint8Array(5), Uint8Array.from([0, 0, 255, 1]), Uint8Array.from([1]), Uint8Array.from([255, 255]),
      ...Array.from({ length: 300 }, (_, i) => randomBytes(i % 130)), randomBytes(416), Uint8Array.from([0, ...randomBytes(233)])];
    for (const b of cases) {
      const s = bs58.encode(b);
      expect(decodeBase58(s)).toEqual(bs58.decode(s));
    }
    expect(() => decodeBase58("abc0")).toThrow(/invalid base58/);
  });

  it("decodeBase64 matches Buffer for valid input and rejects invalid input", () => {
    for (let n = 0; n < 100; n++) {
      const b = randomBytes(n);
      expect(decodeBase64(b.toString("base64"))).toEqual(new Uint8Array(b));
    }
    for (const bad of ["A", "AB=C", "A===", "ab!d", "ab=d", "abcd=", "é123"]) expect(decodeBase64(bad), bad).toBeNull();
  });

  it("isBase58", () => {
    expect(isBase58("11111111111111111111111111111111")).toBe(true);
    for (const bad of ["0", "O", "I", "l", "+", " ", "é"]) expect(isBase58(bad)).toBe(false);
  });
});
