import bs58 from "bs58";
import { describe, expect, it } from "vitest";
import { RAYDIUM_AMM_V4_PROGRAM, TOKEN_PROGRAM } from "../../programs.js";
import { WSOL_MINT } from "../../swap.js";
import { addr, buildRpcTx, ixData } from "../../test-support/factory.js";
import { expectedFields, loadTx, ownerMintDelta, rawFixture, tokenDelta } from "../../test-support/fixtures.js";
import { fromRpcTransaction } from "../../transaction.js";
import { DecodeError, decodeSwaps } from "../index.js";
import { readU64 } from "../shared/bytes.js";

type Json = Record<string, unknown>;
const GPRF = "GPrF7LXiQAY8Y9Fci7et2C7a9JsrCBDRvEAKLCjLpump";

describe("raydium-amm-v4: raydium-amm-v4_43W2EWitbiL5 (5 swapBaseIn, jsonParsed, ALT)", () => {
  const tx = loadTx("raydium-amm-v4_43W2EWitbiL5");
  const { swaps, errors } = decodeSwaps(tx);
  const exp = (expectedFields("raydium-amm-v4_43W2EWitbiL5")["expect"] as Record<string, string>);

  it("matches the source repo's assertions", () => {
    expect(errors).toEqual([]);
    expect(swaps).toHaveLength(Number(exp["actions.length"]));
    for (const s of swaps) {
      expect(s.dex).toBe("raydium-amm-v4");
      expect(s.programId).toBe(RAYDIUM_AMM_V4_PROGRAM);
      expect(s.pool).toBe(exp["poolId"]);
      expect(s.mintIn).toBe(exp["tokenIn"]);
      expect(s.mintOut).toBe(exp["tokenOut"]);
      expect(s.decimalsIn).toBe(Number(exp["tokenInDecimal"]));
      expect(s.decimalsOut).toBe(Number(exp["tokenOutDecimal"]));
    }
  });

  it("has exact amounts, one trader per signer, outer ixPaths", () => {
    expect(swaps.map((s) => [s.ixPath, s.trader, s.amountIn, s.amountOut])).toEqual([
      ["0", "FspiJ3b2s3xoaGVWVidhi5kKhxuzGUMmk7qGGsF3Bpjv", 4350040n, 135637377613n],
      ["1", "76eHieXJoWX6yQeJGCpmWpb8ZcxfV9WSxTKpfL2fR5p8", 2090968n, 65181556763n],
      ["2", "9Ck8gs6XVNMamF5Sgems7Zruk2FBbn9TpoT6CsSwpf1H", 4853100n, 151244487912n],
      ["3", "AbDEzSQDrPEQYs8HDMcQbyL1EAuuDD9kAnQegAJkvsGq", 1993471n, 62109009099n],
      ["4", "Fm22dvRBNVunAotTW3TZVRhFHH4WcsDY1XKGfPhqpuY", 5096440n, 158742070732n],
    ]);
    expect(swaps.every((s) => s.slot === 320261598 && s.blockTime === 1739402857)).toBe(true);
  });

  it("amounts agree with every trader's and the pool vaults' token balance deltas", () => {
    for (const s of swaps) {
      expect(ownerMintDelta(tx, s.trader, WSOL_MINT)).toBe(-s.amountIn);
      expect(ownerMintDelta(tx, s.trader, GPRF)).toBe(s.amountOut);
    }
    const sumIn = swaps.reduce((a, s) => a + s.amountIn, 0n);
    const sumOut = swaps.reduce((a, s) => a + s.amountOut, 0n);
    expect(tokenDelta(tx, "HZi6Z9WdMH4JNYyugCePPXETmjcG3b2dAcFgfieota6Y")).toBe(sumIn); // WSOL vault
    expect(tokenDelta(tx, "5VdWEetejrWZH52SowYGT92P4JaiMNV43iVKBMyRyKUR")).toBe(-sumOut); // token vault
  });

  it("prices the token in SOL, and in USD when given a SOL price", () => {
    const s = swaps[0]!;
    expect(s.priceSol).toBeCloseTo(0.00435004 / 135637.377613, 15);
    expect(s.priceUsd).toBeNull();
    const withUsd = decodeSwaps(tx, { solUsd: 200 }).swaps[0]!;
    expect(withUsd.priceUsd).toBeCloseTo((0.00435004 / 135637.377613) * 200, 12);
  });
});

describe("raydium-amm-v4: other fixtures", () => {
  // The source repo calls this "swap base out" (the base token goes out of the wallet); on the
  // wire it is a swapBaseIn (tag 9). The real swapBaseOut (tag 11) is in jupiter_3TZ15bGjHmoU.
  it("ofdtgS5sKqhE: base token -> WSOL into a temporary account", () => {
    const tx = loadTx("raydium-amm-v4_ofdtgS5sKqhE");
    const { swaps, errors } = decodeSwaps(tx);
    const exp = expectedFields("raydium-amm-v4_ofdtgS5sKqhE")["expect"] as Record<string, string>;
    expect(errors).toEqual([]);
    expect(swaps).toHaveLength(1);
    const s = swaps[0]!;
    expect(s).toMatchObject({
      ixPath: "2",
      pool: exp["poolId"],
      mintIn: exp["tokenIn"],
      mintOut: exp["tokenOut"],
      decimalsIn: 9,
      decimalsOut: 9,
      trader: "CaShxDq2Vbdp2XryjDdUZthbTzwYsvKuH6Knn9pPi4xU",
      amountIn: 10123879371073n,
      amountOut: 42094n,
    });
    expect(tokenDelta(tx, "FJHdVRQanLo8JZvWy4hGZqiNdRLacnGf3U6Y7R2QUt62")).toBe(-s.amountOut); // pool WSOL vault
    expect(ownerMintDelta(tx, s.trader, s.mintIn)).toBe(-s.amountIn);
    expect(tx.instructions[2]!.data[0]).toBe(9);
    expect(readU64(tx.instructions[2]!.data, 1)).toBe(s.amountIn); // exact amount_in
  });

  it("2WjgSSiEnMNT: WSOL in from a temporary account absent from token balances (18 accounts)", () => {
    const tx = loadTx("raydium-amm-v4_2WjgSSiEnMNT");
    const [s, ...rest] = decodeSwaps(tx).swaps;
    expect(rest).toEqual([]);
    expect(s).toMatchObject({
      ixPath: "5", pool: "36TQrxTTH16RZovowLuJNfAurUS1ZjS3pd53ZdzXG8q3",
      trader: "AhaLPdAJquxKZ4wn3o44V9q6BM7BNoi4AgUbBwnzLTs4",
      mintIn: WSOL_MINT, amountIn: 790010000000n, decimalsIn: 9,
      mintOut: "AL2HhMQLkJqeeK5w4akoogzyYBZ6GYkBfxjscCf2L2yC", amountOut: 99987311818004270n, decimalsOut: 6,
    });
    expect(tokenDelta(tx, "36mKz1XDpGeKdeDKZBudTJ2Zi7tgrYECEYVrJYB3uqbP")).toBe(s!.amountIn); // pool WSOL vault
    expect(ownerMintDelta(tx, s!.trader, s!.mintOut)).toBe(s!.amountOut);
  });

  it("2S9wtoK2dYtn: 17-account layout inside a router, router fee not counted", () => {
    const tx = loadTx("raydium-amm-v4_2S9wtoK2dYtn");
    const [s, ...rest] = decodeSwaps(tx).swaps;
    expect(rest).toEqual([]);
    expect(tx.instructions[5]!.inner[2]!.accounts).toHaveLength(17);
    expect(s).toMatchObject({
      ixPath: "5.2", pool: "36TQrxTTH16RZovowLuJNfAurUS1ZjS3pd53ZdzXG8q3",
      trader: "GnRzpADfqYgUpAGo59BRMD2NnyKb85Gmhpy7wEfukQTA",
      mintIn: "AL2HhMQLkJqeeK5w4akoogzyYBZ6GYkBfxjscCf2L2yC", amountIn: 166354744n, decimalsIn: 6,
      mintOut: WSOL_MINT, amountOut: 2197473n, decimalsOut: 9,
    });
    // the trader also paid a 500565 router fee in the same token, outside the swap
    expect(ownerMintDelta(tx, s!.trader, s!.mintIn)).toBe(-(s!.amountIn + 500565n));
    expect(tokenDelta(tx, "GyaEoA98dMaWpDv5evGrWi84BxfvxCZJM6q4rn979Hv3")).toBe(s!.amountIn);
  });

  it("54MFrVcfzQEn: gRPC-derived json (no blockTime), WSOL -> token", () => {
    const tx = loadTx("raydium-amm-v4_54MFrVcfzQEn");
    const [s, ...rest] = decodeSwaps(tx).swaps;
    expect(rest).toEqual([]);
    expect(s).toMatchObject({
      ixPath: "2", pool: "E2LhpiJdbHx6Fbz2zGAcbbrbMPkn88TpMHP4g236oBZi",
      trader: "e8ywkbPWkwFuKRc6nYtzyqmqXxfhspdrCgHFipqR3dk",
      mintIn: WSOL_MINT, amountIn: 32508133n, decimalsIn: 9,
      mintOut: "FTScF4TvRPRFKjgVEg9G96CqPrzumLDLmV1Kr7JQzQrg", amountOut: 12795559n, decimalsOut: 6,
      slot: 371821592, blockTime: null,
    });
    expect(ownerMintDelta(tx, s!.trader, s!.mintOut)).toBe(s!.amountOut);
  });

  it("jupiter_3TZ15bGjHmoU: swapBaseOut (tag 11) inside a Jupiter route, as an inner instruction", () => {
    const tx = loadTx("jupiter_3TZ15bGjHmoU");
    const ray = tx.instructions[3]!.inner[0]!;
    expect(ray.data[0]).toBe(11);
    const { swaps } = decodeSwaps(tx, { routes: false });
    expect(readU64(ray.data, 9)).toBe(swaps[0]!.amountOut); // exact amount_out
    expect(swaps).toHaveLength(1); // no balance-delta duplicate
    expect(swaps[0]).toMatchObject({
      ixPath: "3.0", dex: "raydium-amm-v4", trader: "GQpoa61ghhu51v6RnseVodSHkVki9XmtumBXjzBR8mQg",
      amountIn: 22894405787097n, amountOut: 1405000000000n, mintOut: WSOL_MINT,
    });
    expect(ownerMintDelta(tx, swaps[0]!.trader, swaps[0]!.mintIn)).toBe(-swaps[0]!.amountIn);
  });

  it("failed swap, deposit and pool init give no swaps and no errors", () => {
    for (const f of ["raydium-amm-v4_2NcDrX64szm1", "raydium-amm-v4_pXPLUDJPBn58", "raydium-amm-v4_4QHnBNA57LWh", "jupiter_58FymkjJUeSF"]) {
      expect(decodeSwaps(loadTx(f)), f).toEqual({ swaps: [], errors: [] });
    }
  });
});

describe("raydium-amm-v4: malformed instructions", () => {
  it("missing accounts and short data become DecodeErrors; the other swaps still decode", () => {
    const raw = rawFixture("raydium-amm-v4_43W2EWitbiL5");
    const ixs = ((raw["transaction"] as Json)["message"] as Json)["instructions"] as Json[];
    ixs[2]!["accounts"] = (ixs[2]!["accounts"] as string[]).slice(0, 10);
    ixs[3]!["data"] = bs58.encode(Uint8Array.from([9, 1, 2, 3]));
    const tx = fromRpcTransaction(raw);
    const { swaps, errors } = decodeSwaps(tx);
    expect(swaps.map((s) => s.ixPath)).toEqual(["0", "1", "4"]);
    expect(errors).toHaveLength(2);
    for (const e of errors) {
      expect(e).toBeInstanceOf(DecodeError);
      expect(e.signature).toBe(tx.signature);
      expect(e.dex).toBe("raydium-amm-v4");
      expect(e.programId).toBe(RAYDIUM_AMM_V4_PROGRAM);
    }
    expect(errors[0]!.ixPath).toBe("2");
    expect(errors[0]!.reason).toMatch(/10 accounts/);
    expect(errors[1]!.ixPath).toBe("3");
    expect(errors[1]!.reason).toMatch(/4 bytes/);
    expect(errors[0]!.message).toContain(tx.signature);
  });

  it("a swap whose CPI transfers are missing is an error, not a swap with zero amounts", () => {
    const raw = rawFixture("raydium-amm-v4_43W2EWitbiL5");
    const inner = (raw["meta"] as Json)["innerInstructions"] as Json[];
    (raw["meta"] as Json)["innerInstructions"] = inner.filter((g) => g["index"] !== 1);
    const { swaps, errors } = decodeSwaps(fromRpcTransaction(raw));
    expect(swaps).toHaveLength(4);
    expect(errors.map((e) => [e.ixPath, e.reason])).toEqual([["1", expect.stringMatching(/transfers not found/)]]);
  });

  it("non-swap Raydium instructions are ignored silently", () => {
    const raw = rawFixture("raydium-amm-v4_43W2EWitbiL5");
    const ixs = ((raw["transaction"] as Json)["message"] as Json)["instructions"] as Json[];
    ixs[0]!["data"] = bs58.encode(Uint8Array.from([3, 0, 0])); // deposit-like tag
    ixs[1]!["data"] = "";
    const { swaps, errors } = decodeSwaps(fromRpcTransaction(raw));
    expect(swaps.map((s) => s.ixPath)).toEqual(["2", "3", "4"]);
    expect(errors).toEqual([]);
  });
});

describe("raydium-amm-v4: synthetic V2 (8 accounts) with TransferChecked, json encoding", () => {
  const user = addr("user");
  const amm = addr("amm");
  const auth = addr("amm-authority");
  const coinVault = addr("coin-vault");
  const pcVault = addr("pc-vault");
  const userSrc = addr("user-wsol");
  const userDst = addr("user-token");
  const mint = addr("token-mint");

  function build(tag: number) {
    return buildRpcTx({
      signers: [user],
      instructions: [
        {
          program: RAYDIUM_AMM_V4_PROGRAM,
          accounts: [TOKEN_PROGRAM, amm, auth, coinVault, pcVault, userSrc, userDst, user],
          data: ixData.raw([tag, ...new Array<number>(16).fill(0)]),
          inner: [
            { program: TOKEN_PROGRAM, accounts: [userSrc, WSOL_MINT, pcVault, user], data: ixData.tokenTransferChecked(1_000_000_000n, 9) },
            { program: TOKEN_PROGRAM, accounts: [coinVault, mint, userDst, auth], data: ixData.tokenTransferChecked(5_000_000n, 6) },
          ],
        },
      ],
      tokenBalances: [
        { account: pcVault, mint: WSOL_MINT, owner: auth, decimals: 9, pre: 10n ** 12n, post: 10n ** 12n + 10n ** 9n },
        { account: coinVault, mint, owner: auth, decimals: 6, pre: 10n ** 10n, post: 10n ** 10n - 5_000_000n },
      ],
    });
  }

  it("decodes swapBaseInV2 (tag 16)", () => {
    const { swaps, errors } = decodeSwaps(fromRpcTransaction(build(16)));
    expect(errors).toEqual([]);
    expect(swaps).toEqual([
      expect.objectContaining({
        ixPath: "0", pool: amm, trader: user, mintIn: WSOL_MINT, amountIn: 1_000_000_000n, decimalsIn: 9,
        mintOut: mint, amountOut: 5_000_000n, decimalsOut: 6, priceSol: 0.2,
      }),
    ]);
  });

  it("rejects a V2 tag with the V1 account count", () => {
    const raw = build(17);
    const ix = (((raw["transaction"] as Json)["message"] as Json)["instructions"] as Json[])[0]!;
    ix["accounts"] = [...(ix["accounts"] as number[]), 0];
    const { swaps, errors } = decodeSwaps(fromRpcTransaction(raw));
    expect(swaps).toEqual([]);
    expect(errors[0]!.reason).toMatch(/9 accounts, expected 8/);
  });
});
