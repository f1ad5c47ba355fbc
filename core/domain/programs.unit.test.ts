import bs58 from "bs58";
import { describe, expect, it } from "vitest";
import { INFRASTRUCTURE_PROGRAMS, KNOWN_PROGRAMS, isKnownProgram, programName } from "./programs.js";

describe("programs", () => {
  it("every id is a 32-byte base58 key and every name is unique", () => {
    for (const id of KNOWN_PROGRAMS.keys()) expect(bs58.decode(id), id).toHaveLength(32);
    const names = [...KNOWN_PROGRAMS.values()];
    expect(new Set(names).size).toBe(names.length);
    for (const id of INFRASTRUCTURE_PROGRAMS) expect(isKnownProgram(id)).toBe(true);
  });

  it("knows the DEX, aggregator and runtime programs", () => {
    for (const id of [
      "675kPX9MHTjS2zt1qfr1NYHuzeLXfQM9H24wFSUt1Mp8", "CPMMoo8L3F4NbTegBCKVNunggL7H1ZpdTHKxQB5qKP1C",
      "CAMMCzo5YL8w4VFF8KVHrK22GGUsp5VTaW7grrKgrWqK", "LanMV9sAd7wArD4vJFi2qDdfnVhFxYSUg6eADduJ3uj",
      "6EF8rrecthR5Dkzon8Nwu78hRvfCKubJ14M5uBEwF6P", "pAMMBay6oceH9fJKBRHGP5D4bD4sWpmSwMn52FMfXEA",
      "LBUZKhRxPF3XUpBCjp4YzTKgLccjZhTSDM9YuVaPwxo", "Eo7WjKq67rjJQSZxS6z3YkapzY3eMj6Xy8X5EQVn5UaB",
      "cpamdpZCGKUy5JxQXB4dcpGPiikHawvSWAd6mEn1sGG", "dbcij3LWUppWqq96dh6gJWwBifmcGfLSB5D4DuSMaqN",
      "whirLbMiicVdio4qvUfM5KAg6Ct8VwpYzGff3uctyCc", "JUP6LkbZbjS1jKKwapdHNy74zcZ3tLUZoi5QNyVTaV4",
      "6m2CDdhRgxpH4WjvdzxAYbGxwdGUz5MziiL5jek2kBma", "11111111111111111111111111111111",
      "TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA", "TokenzQdBNbLqP5VEhdkAS6EPFLC1PHnBqCXEpPxuEb",
      "ATokenGPvbdGVxr1b2hvZbsiqW5xWH25efTNsLJA8knL", "ComputeBudget111111111111111111111111111111",
    ]) {
      expect(isKnownProgram(id), id).toBe(true);
    }
    expect(programName("JUP6LkbZbjS1jKKwapdHNy74zcZ3tLUZoi5QNyVTaV4")).toBe("Jupiter v6");
  });

  it("does not mistake wallets or mints for programs", () => {
    for (const w of [
      "DtMUkCoeyzs35B6EpQQxPyyog6TRwXxV1W1Acp8nWBNa", "FspiJ3b2s3xoaGVWVidhi5kKhxuzGUMmk7qGGsF3Bpjv",
      "So11111111111111111111111111111111111111112", "",
    ]) {
      expect(isKnownProgram(w)).toBe(false);
    }
  });
});
