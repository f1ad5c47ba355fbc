// toUiAmount's Number shortcut must give bit for bit what the BigInt arithmetic gives.
import { describe, expect, it } from "vitest";
import { toUiAmount } from "./swap.js";

const byBigInt = (raw: bigint, decimals: number) => {
  if (decimals === 0) return Number(raw);
  const base = 10n ** BigInt(decimals);
  return Number(raw / base) + Number(raw % base) / Number(base);
};

describe("toUiAmount", () => {
  it("equals the BigInt arithmetic for safe integers, around 2^53 and beyond, at every decimals", () => {
    let seed = 7;
    const rnd = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
    const raws: bigint[] = [0n, 1n, 9n, 10n, 999_999n, 1_000_000n, 2n ** 53n - 1n, 2n ** 53n, 2n ** 53n + 1n, 2n ** 64n - 1n, -(2n ** 53n - 1n), -123_456_789n];
    for (let i = 0; i < 5_000; i++) {
      const digits = 1 + Math.floor(rnd() * 20);
      raws.push(BigInt(Math.floor(rnd() * 10 ** Math.min(digits, 15))) * 10n ** BigInt(Math.max(0, digits - 15)) + BigInt(Math.floor(rnd() * 1000)));
    }
    let checked = 0;
    const differ: string[] = [];
    for (const raw of raws) {
      for (const d of [0, 1, 2, 5, 6, 8, 9, 12, 15, 18, 22, 23, 30]) {
        if (!Object.is(toUiAmount(raw, d), byBigInt(raw, d))) differ.push(`${raw} @ ${d}`);
        checked++;
      }
    }
    expect(differ).toEqual([]);
    expect(checked).toBeGreaterThan(60_000);
  });
});
