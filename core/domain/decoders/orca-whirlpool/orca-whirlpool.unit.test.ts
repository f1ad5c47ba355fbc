import { describe, expect, it } from "vitest";
import { MEMO_PROGRAM, ORCA_WHIRLPOOL_PROGRAM, TOKEN_2022_PROGRAM, TOKEN_PROGRAM } from "../../programs.js";
import { USDC_MINT, WSOL_MINT } from "../../swap.js";
import { addr, buildRpcTx, ixData } from "../../test-support/factory.js";
import type { IxSpec, TokenBalanceSpec } from "../../test-support/factory.js";
import { loadTx, tokenDelta } from "../../test-support/fixtures.js";
import { fromRpcTransaction } from "../../transaction.js";
import { DecodeError, decodeSwaps } from "../index.js";

const hexBytes = (h: string): number[] => [...Buffer.from(h, "hex")];
const u64 = (v: bigint): number[] => [...Buffer.from(BigInt.asUintN(64, v).toString(16).padStart(16, "0"), "hex")].reverse();
const u128 = (v: bigint): number[] => [...u64(v & (2n ** 64n - 1n)), ...u64(v >> 64n)];

const SWAP = "f8c69e91e17587c8";
const SWAP_V2 = "2b04ed0b1ac91e62";
const TWO_HOP = "c360ed6c44a2dbe6";
const TWO_HOP_V2 = "ba8fd11dfe02c275";

/**
 * The real `swap` instruction data of N5qR3D… (vixen capture whose lookup-table keys were lost,
 * so only its bytes are usable): amount 1_001_000_000, exact in, a_to_b = false.
 */
const N5QR3D_SWAP_DATA = Uint8Array.from(
  hexBytes("f8c69e91e17587c8400caa3b000000009a3f89aaed060000af331ba8327fbb35b1c4feff000000000100"),
);
/** Its Traded event, as logged on mainnet. */
const N5QR3D_TRADED =
  "4cpJr5MroJYyD8+6v53WWE0z3OBzCicXZVX9gTvmoe1TD7WAr6Ua+wCon/J0MhTuAgAAAAAAAAAA4iA9NjYU7gIAAAAAAAAAAEAMqjsAAAAAwoDPAPMGAAAAAAAAAAAAAAAAAAAAAAAAL1QBAAAAAADVMgAAAAAAAA==";

const user = addr("whirl-user");
const pool = addr("whirl-pool");
const pool2 = addr("whirl-pool-2");
const mintA = addr("mint-a"); // 9 decimals
const mintB = USDC_MINT;
const mintC = addr("mint-c");
const [ownerA, vaultA, ownerB, vaultB] = ["owner-a", "vault-a", "owner-b", "vault-b"].map((s) => addr(s)) as [string, string, string, string];
const [ownerC, vaultC, vault2B, vault2C] = ["owner-c", "vault-c", "vault2-b", "vault2-c"].map((s) => addr(s)) as [string, string, string, string];
const ticks = [addr("t0"), addr("t1"), addr("t2")];
const oracle = addr("oracle");

function transfer(from: string, to: string, authority: string, amount: bigint): IxSpec {
  return { program: TOKEN_PROGRAM, accounts: [from, to, authority], data: ixData.tokenTransfer(amount) };
}

function balance(account: string, mint: string, owner: string, decimals: number, pre: bigint | null, post: bigint | null, programId?: string): TokenBalanceSpec {
  return { account, mint, owner, decimals, pre, post, ...(programId && { programId }) };
}

/** b -> a on (a: mintA 9 dp, b: USDC), as N5qR3D: 1_001_000_000 USDC in, 7_640_760_418_498 A out. */
function swapTx(opts: { data?: Uint8Array; accounts?: string[]; inner?: IxSpec[]; logs?: string[] } = {}) {
  const accounts = opts.accounts ?? [TOKEN_PROGRAM, user, pool, ownerA, vaultA, ownerB, vaultB, ...ticks, oracle];
  return fromRpcTransaction(
    buildRpcTx({
      signers: [user],
      instructions: [{
        program: ORCA_WHIRLPOOL_PROGRAM,
        accounts,
        data: opts.data ?? N5QR3D_SWAP_DATA,
        inner: opts.inner ?? [transfer(ownerB, vaultB, user, 1_001_000_000n), transfer(vaultA, ownerA, pool, 7_640_760_418_498n)],
      }],
      tokenBalances: [
        balance(vaultA, mintA, pool, 9, 9960000015250113627n, 9960007656010532125n - 15_280_000_000_000n),
        balance(ownerA, mintA, user, 9, 0n, 7_640_760_418_498n),
        balance(vaultB, mintB, pool, 6, 81_950_437_690n, 82_951_437_690n),
        balance(ownerB, mintB, user, 6, 1_002_998_000n, 1_998_000n),
      ],
      logs: opts.logs ?? [],
    }),
  );
}

describe("orca-whirlpool: swap", () => {
  it("the real N5qR3D instruction bytes decode b -> a with the amounts of its CPI transfers", () => {
    // the bytes say what the capture's transfers confirm: amount 1_001_000_000, exact in, b -> a
    expect([...N5QR3D_SWAP_DATA.subarray(8, 16)]).toEqual(u64(1_001_000_000n));
    expect([N5QR3D_SWAP_DATA[40], N5QR3D_SWAP_DATA[41]]).toEqual([1, 0]);
    const { swaps, errors } = decodeSwaps(swapTx());
    expect(errors).toEqual([]);
    expect(swaps).toHaveLength(1);
    expect(swaps[0]).toMatchObject({
      ixPath: "0", dex: "orca-whirlpool", programId: ORCA_WHIRLPOOL_PROGRAM, pool, trader: user,
      mintIn: USDC_MINT, amountIn: 1_001_000_000n, decimalsIn: 6,
      mintOut: mintA, amountOut: 7_640_760_418_498n, decimalsOut: 9,
    });
    expect(swaps[0]!.legs).toBeUndefined();
  });

  it("a_to_b = true reads owner_a -> vault_a in and vault_b -> owner_b out", () => {
    const data = Uint8Array.from(N5QR3D_SWAP_DATA);
    data[41] = 1;
    const tx = swapTx({ data, inner: [transfer(ownerA, vaultA, user, 5_000_000_000n), transfer(vaultB, ownerB, pool, 700_000n)] });
    const s = decodeSwaps(tx).swaps[0]!;
    expect(s).toMatchObject({ mintIn: mintA, amountIn: 5_000_000_000n, decimalsIn: 9, mintOut: USDC_MINT, amountOut: 700_000n, decimalsOut: 6 });
  });

  it("only its own transfers count: another pool's transfers around it are ignored", () => {
    const stray = transfer(addr("x"), addr("y"), user, 1n);
    const tx = swapTx({ inner: [stray, transfer(ownerB, vaultB, user, 1_001_000_000n), stray, transfer(vaultA, ownerA, pool, 42n)] });
    expect(decodeSwaps(tx).swaps[0]).toMatchObject({ amountIn: 1_001_000_000n, amountOut: 42n });
  });

  it("a transfer the program skipped (zero amount) is read from its Traded event", () => {
    const logs = [
      `Program ${ORCA_WHIRLPOOL_PROGRAM} invoke [1]`,
      "Program log: Instruction: Swap",
      `Program ${TOKEN_PROGRAM} invoke [2]`,
      `Program ${TOKEN_PROGRAM} success`,
      `Program data: ${N5QR3D_TRADED}`,
      `Program ${ORCA_WHIRLPOOL_PROGRAM} success`,
    ];
    // the real event names the real pool: decode with that pool account
    const realPool = "4NRNNzycXvMUaZ9GibE7jzZC18hL2QEfQQSA81m3bfvr";
    const accounts = [TOKEN_PROGRAM, user, realPool, ownerA, vaultA, ownerB, vaultB, ...ticks, oracle];
    const tx = swapTx({ accounts, inner: [transfer(ownerB, vaultB, user, 1_001_000_000n)], logs });
    const { swaps, errors } = decodeSwaps(tx);
    expect(errors).toEqual([]);
    expect(swaps[0]).toMatchObject({ pool: realPool, amountIn: 1_001_000_000n, amountOut: 7_640_760_418_498n });
  });

  it("ignores non-swap instructions of the program", () => {
    const increaseLiquidity = Uint8Array.from([...hexBytes("2e9cf3760dcdfbb2"), ...new Array<number>(32).fill(1)]);
    const { swaps, errors } = decodeSwaps(swapTx({ data: increaseLiquidity }));
    expect(errors).toEqual([]);
    expect(swaps).toEqual([]);
  });

  it("malformed swaps are DecodeErrors", () => {
    const cases: [Parameters<typeof swapTx>[0], RegExp][] = [
      [{ data: N5QR3D_SWAP_DATA.subarray(0, 30) }, /swap data is 30 bytes/],
      [{ data: Uint8Array.from([...N5QR3D_SWAP_DATA.subarray(0, 41), 7]) }, /a_to_b is not a bool/],
      [{ inner: [transfer(ownerB, vaultB, user, 1n)] }, /hop 1 output transfer .* not found/],
      [{ data: Uint8Array.from([...hexBytes(SWAP_V2), ...N5QR3D_SWAP_DATA.subarray(8), 0]) }, /swap_v2 has 11 accounts/],
      [{ accounts: [TOKEN_PROGRAM, user, pool, ownerA, vaultA, ownerB, vaultB] }, /swap has 7 accounts/],
    ];
    for (const [opts, reason] of cases) {
      const { swaps, errors } = decodeSwaps(swapTx(opts));
      expect(swaps).toEqual([]);
      expect(errors).toHaveLength(1);
      expect(errors[0]).toBeInstanceOf(DecodeError);
      expect(errors[0]).toMatchObject({ dex: "orca-whirlpool", ixPath: "0", programId: ORCA_WHIRLPOOL_PROGRAM });
      expect(errors[0]!.reason).toMatch(reason);
    }
  });
});

describe("orca-whirlpool: swap_v2 (Token-2022)", () => {
  const mint22 = addr("mint-2022");
  it("reads mints from the instruction and amounts from TransferChecked, fee-on-transfer included", () => {
    const data = Uint8Array.from([...hexBytes(SWAP_V2), ...u64(2_000_000n), ...u64(1n), ...u128(0n), 1, 1, 0]);
    const accounts = [TOKEN_2022_PROGRAM, TOKEN_PROGRAM, MEMO_PROGRAM, user, pool, mint22, mintB, ownerA, vaultA, ownerB, vaultB, ...ticks, oracle, addr("hook")];
    const tx = fromRpcTransaction(
      buildRpcTx({
        signers: [user],
        instructions: [{
          program: ORCA_WHIRLPOOL_PROGRAM,
          accounts,
          data,
          inner: [
            { program: MEMO_PROGRAM, accounts: [], data: Uint8Array.from(Buffer.from("Orca Trade")) },
            { program: TOKEN_2022_PROGRAM, accounts: [ownerA, mint22, vaultA, user], data: ixData.tokenTransferChecked(2_000_000n, 6) },
            { program: TOKEN_PROGRAM, accounts: [vaultB, mintB, ownerB, pool], data: ixData.tokenTransferChecked(333n, 6) },
          ],
        }],
        tokenBalances: [
          // 1% transfer fee: the vault receives less than the user sent
          balance(vaultA, mint22, pool, 6, 10_000_000n, 11_980_000n, TOKEN_2022_PROGRAM),
          balance(ownerA, mint22, user, 6, 2_000_000n, 0n, TOKEN_2022_PROGRAM),
          balance(vaultB, mintB, pool, 6, 1_000n, 667n),
        ],
      }),
    );
    const { swaps, errors } = decodeSwaps(tx);
    expect(errors).toEqual([]);
    expect(swaps[0]).toMatchObject({
      pool, trader: user, mintIn: mint22, amountIn: 2_000_000n, decimalsIn: 6, mintOut: USDC_MINT, amountOut: 333n, decimalsOut: 6,
    });
  });
});

describe("orca-whirlpool: two-hop swaps are one swap with two legs", () => {
  const intermediate = mintB;
  it("two_hop_swap: A -> B on pool one, B -> C on pool two, through the user's B account", () => {
    // exact in, a_to_b_one = true (A -> B), a_to_b_two = false (pool two is (C, B): B -> C)
    const data = Uint8Array.from([...hexBytes(TWO_HOP), ...u64(5_000n), ...u64(1n), 1, 1, 0, ...u128(0n), ...u128(0n)]);
    const accounts = [
      TOKEN_PROGRAM, user, pool, pool2,
      ownerA, vaultA, ownerB, vaultB, // pool one: a = A, b = B
      ownerC, vault2C, ownerB, vault2B, // pool two: a = C, b = B
      ...ticks, ...ticks, oracle, addr("oracle-2"),
    ];
    const tx = fromRpcTransaction(
      buildRpcTx({
        signers: [user],
        instructions: [{
          program: ORCA_WHIRLPOOL_PROGRAM, accounts, data,
          inner: [
            transfer(ownerA, vaultA, user, 5_000n), transfer(vaultB, ownerB, pool, 700n),
            transfer(ownerB, vault2B, user, 700n), transfer(vault2C, ownerC, pool2, 91n),
          ],
        }],
        tokenBalances: [
          balance(vaultA, mintA, pool, 9, 0n, 5_000n), balance(ownerA, mintA, user, 9, 5_000n, 0n),
          balance(vaultB, intermediate, pool, 6, 1_000n, 300n), balance(ownerB, intermediate, user, 6, 0n, 0n),
          balance(vault2B, intermediate, pool2, 6, 0n, 700n),
          balance(vault2C, mintC, pool2, 2, 100n, 9n), balance(ownerC, mintC, user, 2, 0n, 91n),
        ],
      }),
    );
    const { swaps, errors } = decodeSwaps(tx);
    expect(errors).toEqual([]);
    expect(swaps).toHaveLength(1);
    const s = swaps[0]!;
    expect(s).toMatchObject({
      dex: "orca-whirlpool", pool: null, trader: user,
      mintIn: mintA, amountIn: 5_000n, decimalsIn: 9, mintOut: mintC, amountOut: 91n, decimalsOut: 2,
    });
    expect(s.legs).toEqual([
      { dex: "orca-whirlpool", programId: ORCA_WHIRLPOOL_PROGRAM, pool, mintIn: mintA, amountIn: 5_000n, mintOut: intermediate, amountOut: 700n, ixPath: "0" },
      { dex: "orca-whirlpool", programId: ORCA_WHIRLPOOL_PROGRAM, pool: pool2, mintIn: intermediate, amountIn: 700n, mintOut: mintC, amountOut: 91n, ixPath: "0" },
    ]);
    // the user's intermediate account ends where it started
    expect(tokenDelta(tx, ownerB)).toBe(0n);
  });

  it("two_hop_swap_v2: the intermediate token goes vault to vault", () => {
    const data = Uint8Array.from([...hexBytes(TWO_HOP_V2), ...u64(5_000n), ...u64(1n), 1, 1, 0, ...u128(0n), ...u128(0n), 0]);
    const accounts = [
      pool, pool2, mintA, intermediate, mintC, TOKEN_PROGRAM, TOKEN_PROGRAM, TOKEN_PROGRAM,
      ownerA, vaultA, vaultB, vault2B, vault2C, ownerC, user,
      ...ticks, ...ticks, oracle, addr("oracle-2"), MEMO_PROGRAM,
    ];
    const tx = fromRpcTransaction(
      buildRpcTx({
        signers: [user],
        instructions: [{
          program: ORCA_WHIRLPOOL_PROGRAM, accounts, data,
          inner: [
            { program: TOKEN_PROGRAM, accounts: [ownerA, mintA, vaultA, user], data: ixData.tokenTransferChecked(5_000n, 9) },
            { program: TOKEN_PROGRAM, accounts: [vaultB, intermediate, vault2B, pool], data: ixData.tokenTransferChecked(700n, 6) },
            { program: TOKEN_PROGRAM, accounts: [vault2C, mintC, ownerC, pool2], data: ixData.tokenTransferChecked(91n, 2) },
          ],
        }],
        tokenBalances: [
          balance(vaultA, mintA, pool, 9, 0n, 5_000n), balance(ownerA, mintA, user, 9, 5_000n, 0n),
          balance(vaultB, intermediate, pool, 6, 1_000n, 300n), balance(vault2B, intermediate, pool2, 6, 0n, 700n),
          balance(vault2C, mintC, pool2, 2, 100n, 9n), balance(ownerC, mintC, user, 2, 0n, 91n),
        ],
      }),
    );
    const { swaps, errors } = decodeSwaps(tx);
    expect(errors).toEqual([]);
    expect(swaps).toHaveLength(1);
    expect(swaps[0]).toMatchObject({ pool: null, mintIn: mintA, amountIn: 5_000n, mintOut: mintC, amountOut: 91n, decimalsIn: 9, decimalsOut: 2 });
    expect(swaps[0]!.legs!.map((l) => [l.pool, l.mintIn, l.amountIn, l.mintOut, l.amountOut])).toEqual([
      [pool, mintA, 5_000n, intermediate, 700n],
      [pool2, intermediate, 700n, mintC, 91n],
    ]);
  });
});

describe("orca-whirlpool: a real hop inside a Jupiter route (jupiter_4VhDRLUK5QDZ, ix 8.9)", () => {
  it("decodes SOL -> JUP on the whirlpool with the vaults' deltas", () => {
    const tx = loadTx("jupiter_4VhDRLUK5QDZ");
    const { swaps, errors } = decodeSwaps(tx, { routes: false });
    expect(errors).toEqual([]);
    const hop = swaps.find((s) => s.dex === "orca-whirlpool")!;
    expect(hop).toMatchObject({
      ixPath: "8.9",
      pool: tx.instructions[8]!.inner[9]!.accounts[2],
      mintIn: WSOL_MINT, amountIn: 3_679_489n, decimalsIn: 9,
      mintOut: "JUPyiwrYJFskUPiHa7hkeR8VUtAeFoSYbKedZNsDvCN", amountOut: 1_265_445n, decimalsOut: 6,
      // the token authority is Jupiter's program authority, not a wallet: the fee payer stands in
      trader: tx.accountKeys[0],
    });
    // the pool's vaults moved exactly by the hop's amounts
    expect(tokenDelta(tx, "7fibbSXkUuc4HqPWnyszmtgwUnPzZJUQFBhZJTHUS5cL")).toBe(hop.amountIn);
    expect(tokenDelta(tx, "2wSq4BswujbEARh57hC227PkNo9eMyGCv8mYV9SN7myj")).toBe(-hop.amountOut);
  });
});
