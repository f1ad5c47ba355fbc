import { describe, expect, it } from "vitest";
import { JUPITER_V6_PROGRAM, RAYDIUM_AMM_V4_PROGRAM, SYSTEM_PROGRAM, TOKEN_PROGRAM } from "../../programs.js";
import { USDC_MINT, WSOL_MINT } from "../../swap.js";
import { addr, buildRpcTx, ixData } from "../../test-support/factory.js";
import type { IxSpec, TxSpec } from "../../test-support/factory.js";
import { loadTx, ownerMintDelta } from "../../test-support/fixtures.js";
import { fromRpcTransaction } from "../../transaction.js";
import { decodeSwaps } from "../index.js";
import { detectBalanceDeltaSwap } from "./index.js";

const JUP = "JUPyiwrYJFskUPiHa7hkeR8VUtAeFoSYbKedZNsDvCN";

describe("balance-delta on fixtures without a dedicated decoder", () => {
  // Each row was checked by hand against the transaction's inner token/SOL transfers.
  const rows: [file: string, ixPath: string, programId: string, trader: string, mintIn: string, amountIn: bigint, mintOut: string, amountOut: bigint][] = [
    ["jupiter_5LuTa5k9UvgM", "2", JUPITER_V6_PROGRAM, "DtMUkCoeyzs35B6EpQQxPyyog6TRwXxV1W1Acp8nWBNa", USDC_MINT, 1100000n, JUP, 2143812n],
    // 991250 USDC into Obric + an 8750 USDC wallet fee; SOL = lamport delta + fee
    ["jupiter_28rWme56aMya", "3", JUPITER_V6_PROGRAM, "3xTPAZxmpwd8GrNEKApaTw6VH4jqJ31WFXUvQzgwhR7c", USDC_MINT, 1000000n, WSOL_MINT, 5903984n],
    // outer #0 is an unrelated program without CPIs; the Jupiter route (#8) is chosen
    ["jupiter_4VhDRLUK5QDZ", "8", JUPITER_V6_PROGRAM, "8VCfQcnssNJznDqDoDDuzoKhdxgZWwwe5ikcKbAVWet5", "6p6xgHyF7AeE6TZkSmFsko444wqoP15icUSqi2jfGiPN", 50000n, JUP, 1265445n],
    ["meteora-damm-v1_2mHGPXMzxs6N", "0", "Eo7WjKq67rjJQSZxS6z3YkapzY3eMj6Xy8X5EQVn5UaB", "GCvHhEUYQwTJ8jyf8Lc4bv8jBXyZU4LMMsZCobwEPzvM", WSOL_MINT, 455036072n, "4eDf52YYzL6i6gbZ6FXqrLUPXbtP61f1gPSFM66M4XHe", 124965910713n],
    // the 1000-lamport top-level transfer to a tip account is not part of the swap
    ["meteora-damm-v2_N2jtQtjjoa6x", "2", "cpamdpZCGKUy5JxQXB4dcpGPiikHawvSWAd6mEn1sGG", "662xQjMAajev8gMfddRwp4sv5pBumgkSTyHvciFfvqXM", "DkYf3LhSyryKVKprEnQCDWZFfnBEPsDE6msaECXsJEYn", 317402632n, WSOL_MINT, 954234486n],
    ["meteora-dbc_23BXcBmnM3S3", "3", "dbcij3LWUppWqq96dh6gJWwBifmcGfLSB5D4DuSMaqN", "H2GjtXqmbhRCedTidoMPbzuvVjgSeWt1KYMrKcaCC2R7", "EeXMYKCMjVLU1PrjAi4o2fMpC37h9RpuU3y7k4WHBQN9", 47192506267n, WSOL_MINT, 553679124n],
    ["meteora-dlmm_2DfsmTYvMqKw", "1", "LBUZKhRxPF3XUpBCjp4YzTKgLccjZhTSDM9YuVaPwxo", "MfDuWeqSHEqTFVYZ7LoexgAK9dxk7cy4DFJWjWMGVWa", USDC_MINT, 116033029n, WSOL_MINT, 521092597n],
    // 1965030 to the curve + two 9924 fees, all paid by the buyer
    ["moonshot_5UWcde33J3rx", "2", "MoonCVVNZFSYkqNXP6bxHLPL6QQJiMagDL3qcqUQTrG", "3xPtPLAfgBan33sbmcoxgDaAm2qkSNRKajMBj1oN1w27", WSOL_MINT, 1984878n, "8bhuFRNgQxiKFVsGzmygaiwX1CyGf4hu4A5giVE9moon", 6551568276092n],
    ["boopfun_53mugqLKTaQq", "2", "boop8hVGQGqehUK2iVEMEnMrL5RbjywRzHKBmBE7ry4", "G8SNiK7rp1vYTG4KcRS9EDn439HCdsweLUo9BCHWdtbw", "M9QGLh7U64McMoEU8Xb4ANWW76Teom4fnTwphUBboop", 399211831516600n, WSOL_MINT, 11755127n],
    ["raydium-clmm_2cd7QQSByKy6", "4", "CAMMCzo5YL8w4VFF8KVHrK22GGUsp5VTaW7grrKgrWqK", "98QXkwe6DThTsTq7tukKF4g9Wc6WnRbZyTBZ1iBupY39", WSOL_MINT, 300000000n, "7eR1yv7pUzhaqQneKJ2fmVTRuzY61ja5KwfbBrLsq1Gu", 807769528641n],
    ["raydium-clmm_nexzRp8Z5abE", "4", "CAMMCzo5YL8w4VFF8KVHrK22GGUsp5VTaW7grrKgrWqK", "7tCvgs2AP8qrqzR9TR8RRDgs4sCq84RPhKpLjtoCE7Up", WSOL_MINT, 650000000n, "FURb99Ujvu1XcjYiLQgEfotrsAEb871rgLZvyL3fhfKp", 928319794967n],
    // two hops (CPMM then LaunchLab) inside a bot's #3; its #2 only takes a fee
    ["raydium-launchpad_8QTg427xrHug", "3", "DF1ow4tspfHX9JwWJsAb9epbkA8hmpSEAtxXy1V27QBH", "Cf1VsHUcrwcGwFhswXW9NoDea5Q4wx18YQzm3KGhcJM9", "3cC1zb378zCEjTKctWVQBjdNGSU8YbDThB61M1mTbonk", 14020000000n, "9gQhbtdcjQRDQHducXs69bhgfrmKPK4jBffvWW5ebonk", 280637649999n],
    // pool creation + initial buy of 1 SOL; rent of the accounts created with CreateAccount is
    // excluded, the 0.0151156 SOL metadata rent (funded by a plain transfer) is not
    ["raydium-launchpad_mqSGNwKK8GZW", "2", "LanMV9sAd7wArD4vJFi2qDdfnVhFxYSUg6eADduJ3uj", "FeGbW3kbwQnV42hxUAFfbupVzDU5sKhcHswvtRbrYpn5", WSOL_MINT, 1_000_000_000n + 15115600n, "AqFe2tk1BRx6czUuRPGUZ8mtvcBGDZYsG6oPvELwzray", 96087352138307n],
    ["raydium-route_JiqYGkWcYu8G", "0", "routeUGWgWzqBWFcrCfv8tritsqukccJPu3q5GPP3xS", "FQT9SSwEZ6UUQxsmTzgt5JzjrS4M5zm13M1QiYF8TEo6", "HeLp6NuQkmYB4pYWo2zYs22mESHXPQYzXbB8n4V98jwC", 21898077n, WSOL_MINT, 28168n],
  ];

  for (const [file, ixPath, programId, trader, mintIn, amountIn, mintOut, amountOut] of rows) {
    it(file, () => {
      const tx = loadTx(file);
      // No decoder and no route merging: what the fallback alone sees on these programs.
      const { swaps, errors } = decodeSwaps(tx, { registry: new Map(), routes: false });
      expect(errors).toEqual([]);
      expect(swaps).toHaveLength(1);
      expect(swaps[0]).toMatchObject({
        dex: "unknown", pool: null, ixPath, programId, trader, mintIn, amountIn, mintOut, amountOut,
        signature: tx.signature, slot: tx.slot, blockTime: tx.blockTime,
      });
      if (mintIn !== WSOL_MINT) expect(ownerMintDelta(tx, trader, mintIn)).toBe(-amountIn);
      if (mintOut !== WSOL_MINT) expect(ownerMintDelta(tx, trader, mintOut)).toBe(amountOut);
    });
  }

  it("matches the source's summary of jupiter_5LuTa5k9UvgM (1.1 USDC -> 2.143812 JUP)", () => {
    const s = decodeSwaps(loadTx("jupiter_5LuTa5k9UvgM"), { registry: new Map(), routes: false }).swaps[0]!;
    expect([s.decimalsIn, s.decimalsOut]).toEqual([6, 6]);
    expect(s.priceUsd).toBeCloseTo(1.1 / 2.143812, 12);
    expect(s.priceSol).toBeNull();
  });

  it("never fires on transfers, creates, liquidity operations or failed transactions", () => {
    for (const f of [
      "transfer_4G24SgaZ3gU9", "nonswap_2LgJdAtoBJU6", "nonswap_4Ud63HtJxynB", "meteora-dlmm_2LZBWdD5N9xb",
      "pumpswap_63PQNtzDQdBD", "raydium-amm-v4_pXPLUDJPBn58", "raydium-amm-v4_4QHnBNA57LWh",
      "pumpfun_2nebvBA9wsBg", "raydium-amm-v4_2NcDrX64szm1", "jupiter_58FymkjJUeSF",
    ]) {
      expect(detectBalanceDeltaSwap(loadTx(f)), f).toBeNull();
      expect(decodeSwaps(loadTx(f)).swaps, f).toEqual([]);
    }
  });

  it("is not run when a decoder's program was invoked, so decoded swaps are never counted twice", () => {
    // on its own it would see the same trade again (with the bot's fees included)
    for (const f of ["pumpfun_3QLV6eN1W1pC", "raydium-amm-v4_43W2EWitbiL5", "okx-router_2zNeSn8cJpTA", "jupiter_3TZ15bGjHmoU"]) {
      expect(detectBalanceDeltaSwap(loadTx(f)), f).not.toBeNull();
      expect(decodeSwaps(loadTx(f), { routes: false }).swaps.every((s) => s.dex !== "unknown"), f).toBe(true);
    }
    expect(decodeSwaps(loadTx("jupiter_5LuTa5k9UvgM"), { registry: new Map(), routes: false, fallback: false }).swaps).toEqual([]);
  });
});

describe("balance-delta on synthetic transactions", () => {
  const wallet = addr("wallet");
  const dex = addr("some-dex-program");
  const pool = addr("pool");
  const poolTokenVault = addr("pool-token-vault");
  const poolSolVault = addr("pool-sol-vault");
  const mint = addr("mint");
  const mint2 = addr("mint-2");
  const walletAta = addr("wallet-ata");
  const walletAta2 = addr("wallet-ata-2");
  const RENT = 2_039_280;

  function decode(spec: TxSpec) {
    return decodeSwaps(fromRpcTransaction(buildRpcTx(spec)));
  }

  /** SOL -> token buy: the wallet creates its ATA (rent), pays 1 SOL, gets 5000 tokens. */
  function buySpec(extra: Partial<TxSpec> = {}, extraIxs: IxSpec[] = []): TxSpec {
    return {
      signers: [wallet],
      fee: 5000,
      lamports: {
        [wallet]: [10_000_000_000, 10_000_000_000 - 5000 - RENT - 1_000_000_000],
        [walletAta]: [0, RENT],
        [poolSolVault]: [50_000_000_000, 51_000_000_000],
      },
      instructions: [
        { program: SYSTEM_PROGRAM, accounts: [wallet, walletAta], data: ixData.systemCreateAccount(RENT) },
        {
          program: dex,
          accounts: [pool, wallet, walletAta, poolTokenVault, poolSolVault],
          data: ixData.raw([1, 2, 3]),
          inner: [
            { program: SYSTEM_PROGRAM, accounts: [wallet, poolSolVault], data: ixData.systemTransfer(1_000_000_000) },
            { program: TOKEN_PROGRAM, accounts: [poolTokenVault, walletAta, pool], data: ixData.tokenTransfer(5000) },
          ],
        },
        ...extraIxs,
      ],
      tokenBalances: [
        { account: walletAta, mint, owner: wallet, decimals: 6, pre: null, post: 5000n },
        { account: poolTokenVault, mint, owner: pool, decimals: 6, pre: 1_000_000n, post: 995_000n },
      ],
      ...extra,
    };
  }

  it("SOL -> token: rent of the buyer's new token account and a top-level tip are not part of the amount", () => {
    const tip = addr("tip-account");
    const spec = buySpec({}, [{ program: SYSTEM_PROGRAM, accounts: [wallet, tip], data: ixData.systemTransfer(7_000) }]);
    spec.lamports![tip] = [1_000_000, 1_007_000];
    spec.lamports![wallet]![1] -= 7_000;
    const { swaps } = decode(spec);
    expect(swaps).toEqual([
      expect.objectContaining({
        dex: "unknown", programId: dex, ixPath: "1", trader: wallet, pool: null,
        mintIn: WSOL_MINT, amountIn: 1_000_000_000n, decimalsIn: 9,
        mintOut: mint, amountOut: 5000n, decimalsOut: 6,
        priceSol: 1 / 0.005,
      }),
    ]);
  });

  it("a top-level transfer into a temporary WSOL account that is closed again counts as swap input", () => {
    const temp = addr("temp-wsol");
    const spec = buySpec();
    spec.instructions.unshift({ program: SYSTEM_PROGRAM, accounts: [wallet, temp], data: ixData.systemTransfer(300) });
    spec.lamports![temp] = [0, 0];
    spec.lamports![wallet]![1] -= 300;
    expect(decode(spec).swaps[0]!.amountIn).toBe(1_000_000_300n);
  });

  it("token -> token, ignoring a small SOL cost", () => {
    const { swaps } = decode({
      signers: [wallet],
      lamports: { [wallet]: [5_000_000, 5_000_000 - 5000 - 1000] },
      instructions: [{ program: dex, accounts: [walletAta, walletAta2], data: ixData.raw([7]) }],
      tokenBalances: [
        { account: walletAta, mint, owner: wallet, decimals: 6, pre: 900n, post: 100n },
        { account: walletAta2, mint: mint2, owner: wallet, decimals: 9, pre: 0n, post: 12345n },
      ],
    });
    expect(swaps).toEqual([expect.objectContaining({ mintIn: mint, amountIn: 800n, mintOut: mint2, amountOut: 12345n, priceSol: null, priceUsd: null })]);
  });

  it("the trader is the signer whose balances changed, not a fee-paying relayer", () => {
    const relayer = addr("relayer");
    const spec = buySpec();
    spec.signers = [relayer, wallet];
    spec.lamports![relayer] = [1_000_000, 995_000];
    spec.lamports![wallet] = [10_000_000_000, 10_000_000_000 - RENT - 1_000_000_000];
    expect(decode(spec).swaps[0]).toMatchObject({ trader: wallet, amountIn: 1_000_000_000n });
  });

  it("no swap: a token transfer that also pays the recipient's account rent", () => {
    const friend = addr("friend");
    const friendAta = addr("friend-ata");
    expect(
      decode({
        signers: [wallet],
        lamports: { [wallet]: [10_000_000, 10_000_000 - 5000 - RENT], [friendAta]: [0, RENT] },
        instructions: [
          {
            program: "ATokenGPvbdGVxr1b2hvZbsiqW5xWH25efTNsLJA8knL", accounts: [wallet, friendAta, friend, mint], data: ixData.raw([1]),
            inner: [{ program: SYSTEM_PROGRAM, accounts: [wallet, friendAta], data: ixData.systemCreateAccount(RENT) }],
          },
          { program: TOKEN_PROGRAM, accounts: [walletAta, friendAta, wallet], data: ixData.tokenTransfer(10) },
        ],
        tokenBalances: [
          { account: walletAta, mint, owner: wallet, decimals: 6, pre: 100n, post: 90n },
          { account: friendAta, mint, owner: friend, decimals: 6, pre: null, post: 10n },
        ],
      }).swaps,
    ).toEqual([]);
  });

  it("no swap: an OTC exchange of two transfers without any program", () => {
    const other = addr("counterparty");
    const otherAta = addr("counterparty-ata");
    expect(
      decode({
        signers: [wallet, other],
        lamports: { [wallet]: [10_000_000, 10_000_000 - 5000 + 1_000_000], [other]: [10_000_000, 9_000_000] },
        instructions: [
          { program: TOKEN_PROGRAM, accounts: [walletAta, otherAta, wallet], data: ixData.tokenTransfer(10) },
          { program: SYSTEM_PROGRAM, accounts: [other, wallet], data: ixData.systemTransfer(1_000_000) },
        ],
        tokenBalances: [
          { account: walletAta, mint, owner: wallet, decimals: 6, pre: 100n, post: 90n },
          { account: otherAta, mint, owner: other, decimals: 6, pre: 0n, post: 10n },
        ],
      }).swaps,
    ).toEqual([]);
  });

  it("no swap: an LP token minted for deposited tokens", () => {
    const lpMint = addr("lp-mint");
    const walletLp = addr("wallet-lp");
    expect(
      decode({
        signers: [wallet],
        lamports: { [wallet]: [10_000_000, 10_000_000 - 5000] },
        instructions: [
          {
            program: dex, accounts: [walletAta, walletLp], data: ixData.raw([3]),
            inner: [
              { program: TOKEN_PROGRAM, accounts: [walletAta, poolTokenVault, wallet], data: ixData.tokenTransfer(50) },
              { program: TOKEN_PROGRAM, accounts: [lpMint, walletLp, pool], data: ixData.tokenMintTo(7) },
            ],
          },
        ],
        tokenBalances: [
          { account: walletAta, mint, owner: wallet, decimals: 6, pre: 100n, post: 50n },
          { account: walletLp, mint: lpMint, owner: wallet, decimals: 6, pre: 0n, post: 7n },
        ],
      }).swaps,
    ).toEqual([]);
  });

  it("no swap: LP burned for tokens, or two tokens received", () => {
    const lpMint = addr("lp-mint");
    const walletLp = addr("wallet-lp");
    const burnSpec: TxSpec = {
      signers: [wallet],
      lamports: { [wallet]: [10_000_000, 10_000_000 - 5000] },
      instructions: [
        {
          program: dex, accounts: [walletLp], data: ixData.raw([4]),
          inner: [{ program: TOKEN_PROGRAM, accounts: [walletLp, lpMint, wallet], data: ixData.tokenBurn(7) }],
        },
      ],
      tokenBalances: [
        { account: walletLp, mint: lpMint, owner: wallet, decimals: 6, pre: 7n, post: 0n },
        { account: walletAta, mint, owner: wallet, decimals: 6, pre: 0n, post: 50n },
      ],
    };
    expect(decode(burnSpec).swaps).toEqual([]);
    burnSpec.instructions[0]!.inner = [];
    burnSpec.tokenBalances!.push({ account: walletAta2, mint: mint2, owner: wallet, decimals: 6, pre: 0n, post: 9n });
    burnSpec.tokenBalances![0]!.post = 7n;
    expect(decode(burnSpec).swaps).toEqual([]);
  });

  it("not consulted when a registered program is present, even if it decodes nothing", () => {
    const spec = buySpec();
    spec.instructions.push({ program: RAYDIUM_AMM_V4_PROGRAM, accounts: [pool], data: ixData.raw([3]) });
    expect(decode(spec)).toEqual({ swaps: [], errors: [] });
    expect(detectBalanceDeltaSwap(fromRpcTransaction(buildRpcTx(spec)))).not.toBeNull();
  });
});
