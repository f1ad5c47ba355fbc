import { describe, expect, it } from "vitest";
import { SYSTEM_PROGRAM } from "./programs.js";
import { findFunding } from "./funding.js";
import { addr, buildRpcTx, ixData, u64le } from "./test-support/factory.js";
import { loadTx } from "./test-support/fixtures.js";
import { fromRpcTransaction } from "./transaction.js";

const [W, F, G, X] = ["w", "f", "g", "x"].map(addr) as [string, string, string, string];

describe("findFunding", () => {
  it("reads the first System transfer into the wallet, outer or inner, not out of it", () => {
    const tx = fromRpcTransaction(
      buildRpcTx({
        signers: [F, W],
        instructions: [
          { program: SYSTEM_PROGRAM, accounts: [W, X], data: ixData.systemTransfer(7) },
          { program: addr("router"), accounts: [G], data: ixData.raw([1]), inner: [{ program: SYSTEM_PROGRAM, accounts: [G, W], data: ixData.systemTransfer(1_000_000) }] },
          { program: SYSTEM_PROGRAM, accounts: [F, W], data: ixData.systemTransfer(2) },
        ],
      }),
    );
    expect(findFunding(tx, W)).toEqual({ wallet: W, funder: G, lamports: 1_000_000n, slot: tx.slot, signature: tx.signature });
    expect(findFunding(tx, F)).toBeNull();
  });

  it("reads createAccount, createAccountWithSeed and transferWithSeed", () => {
    const seed = [...Buffer.from("abc")];
    const withSeed = [3, 0, 0, 0, ...new Array(32).fill(9), ...u64le(seed.length), ...seed, ...u64le(55), ...u64le(0), ...new Array(32).fill(0)];
    const cases: [number[] | Uint8Array, string[], bigint][] = [
      [ixData.systemCreateAccount(44, 0), [F, W], 44n],
      [withSeed, [F, W, X], 55n],
      [[11, 0, 0, 0, ...u64le(66), ...u64le(3), ...seed, ...new Array(32).fill(0)], [F, X, W], 66n],
    ];
    for (const [data, accounts, lamports] of cases) {
      const tx = fromRpcTransaction(buildRpcTx({ signers: [F], instructions: [{ program: SYSTEM_PROGRAM, accounts, data: Uint8Array.from(data) }] }));
      expect(findFunding(tx, W)).toMatchObject({ funder: F, lamports });
    }
  });

  it("ignores failed transactions and zero or self transfers", () => {
    const ixs = [
      { program: SYSTEM_PROGRAM, accounts: [F, W], data: ixData.systemTransfer(0) },
      { program: SYSTEM_PROGRAM, accounts: [W, W], data: ixData.systemTransfer(9) },
    ];
    expect(findFunding(fromRpcTransaction(buildRpcTx({ signers: [W], instructions: ixs })), W)).toBeNull();
    const paid = [{ program: SYSTEM_PROGRAM, accounts: [F, W], data: ixData.systemTransfer(9) }];
    expect(findFunding(fromRpcTransaction(buildRpcTx({ signers: [F], instructions: paid, err: { InstructionError: [0, "Custom"] } })), W)).toBeNull();
  });

  it("reads jsonParsed system transfers (real pump.fun create: the dev paid the mint's rent)", () => {
    const tx = loadTx("pumpfun_2nebvBA9wsBg");
    const mint = "7F7TeMsGutc2YpxeH7U3PiFLwG2FygN2jMLeDKAXNbwu";
    const f = findFunding(tx, mint);
    expect(f).toMatchObject({ funder: "FiYwf895W6ntoitNvhVwBLS4uwKZmMhsxiQmYY44488U", lamports: 1_461_600n });
  });
});
