import { describe, expect, it } from "vitest";
import { METEORA_DAMM_V1_PROGRAM, METEORA_VAULT_PROGRAM, TOKEN_PROGRAM } from "../../programs.js";
import { WSOL_MINT } from "../../swap.js";
import { addr, buildRpcTx, ixData } from "../../test-support/factory.js";
import type { IxSpec } from "../../test-support/factory.js";
import { loadTx, ownerMintDelta, tokenDelta } from "../../test-support/fixtures.js";
import { fromRpcTransaction } from "../../transaction.js";
import { TxContext } from "../context.js";
import { decodeSwaps } from "../index.js";
import { decodeBase64 } from "../../codec.js";
import { hex, readU64 } from "../shared/bytes.js";
import { bytes, itDecodesTheFixtureSwap, itRejectsMalformedAndIgnoresNonSwaps, ixAt, registryWith } from "../../test-support/meteora.js";
import { meteoraDammV1Decoder } from "./index.js";

type Json = Record<string, unknown>;
const registry = registryWith(meteoraDammV1Decoder);
const SWAP = hex("f8c69e91e17587c8");

describe("meteora-damm-v1: meteora-damm-v1_2mHGPXMzxs6N (SOL -> token through the vaults)", () => {
  const tx = loadTx("meteora-damm-v1_2mHGPXMzxs6N");
  const trader = "GCvHhEUYQwTJ8jyf8Lc4bv8jBXyZU4LMMsZCobwEPzvM";
  const token = "4eDf52YYzL6i6gbZ6FXqrLUPXbtP61f1gPSFM66M4XHe";
  const expected = {
    ixPath: "0",
    pool: "3LxstoarWCh6iC2NbQG4eXwvrNuSpr8kH7YyFmFu5tKZ", trader,
    mintIn: WSOL_MINT, amountIn: 455036072n, decimalsIn: 9,
    mintOut: token, amountOut: 124965910713n, decimalsOut: 9,
  };

  // in: protocol fee + vault deposit; out: vault withdraw
  itDecodesTheFixtureSwap("meteora-damm-v1_2mHGPXMzxs6N", "2mHGPXMzxs6N", meteoraDammV1Decoder, expected);

  it("agrees with the balances: trader, protocol fee account, and the two token vaults", () => {
    const s = decodeSwaps(tx, { registry }).swaps[0]!;
    expect(ownerMintDelta(tx, trader, WSOL_MINT)).toBe(-s.amountIn);
    expect(ownerMintDelta(tx, trader, token)).toBe(s.amountOut);
    const protocolFee = tokenDelta(tx, "H6fyavGMXP1NWxknfwUTYSnExvWdpojJbSnUp1fGGa4E");
    expect(protocolFee).toBe(273021n);
    expect(tokenDelta(tx, "HZeLxbZ9uHtSpwZC3LBr4Nubd14iHwz7bRSghRZf5VCG")).toBe(s.amountIn - protocolFee); // b_token_vault (SOL)
    expect(tokenDelta(tx, "GSwiRyE6UorMGrjfCNcVHdKM38QhNscWZsbmpGdSbMg6")).toBe(-s.amountOut); // a_token_vault
  });

  it("agrees with the exact-in argument and the logged Swap event", () => {
    expect(readU64(ixAt(tx, "0").data, 8)).toBe(455036072n);
    // Program data: Swap { in_amount, out_amount, trade_fee, protocol_fee, host_fee }
    const line = tx.logMessages!.filter((l) => l.startsWith("Program data: ")).at(-1)!;
    const ev = decodeBase64(line.slice(14))!;
    expect(ev.subarray(0, 8)).toEqual(hex("516ce3becdd00ac4"));
    expect([readU64(ev, 8), readU64(ev, 16), readU64(ev, 32)]).toEqual([455036072n, 124965910713n, 273021n]);
  });

  it("the vault program's and the token program's instructions are not swaps", () => {
    const ctx = new TxContext(tx);
    for (const i of tx.instructions[0]!.inner) expect(meteoraDammV1Decoder.decode(i, ctx)).toBeNull();
    expect(ixAt(tx, "0.1").programId).toBe(METEORA_VAULT_PROGRAM);
  });
});

describe("meteora-damm-v1: malformed and non-swap instructions", () => {
  itRejectsMalformedAndIgnoresNonSwaps({
    fixture: "meteora-damm-v1_2mHGPXMzxs6N",
    outerIndex: 0,
    decoder: meteoraDammV1Decoder,
    shortData: [16, /swap data is 16 bytes, expected 24/],
    fewAccounts: [12, /12 accounts, expected at least 15/],
    // add_balance_liquidity, remove_liquidity_single_side, add_imbalance_liquidity, remove_balance_liquidity
    nonSwaps: ["a8e3323ebdab54b0", "5454b142feb90afb", "4f237a54ad0f5dbf", "856d2cb338ee7221"],
  });
});

// -----------------------------------------------------------------------------------------------
// Synthetic: token -> SOL (B -> A) with a host fee, as an inner hop recorded without stack heights.

describe("meteora-damm-v1: synthetic inner hop without stack heights", () => {
  const user = addr("v1-user");
  const pool = addr("v1-pool");
  const aVault = addr("v1-a-vault");
  const bVault = addr("v1-b-vault");
  const aTokenVault = addr("v1-a-token-vault");
  const bTokenVault = addr("v1-b-token-vault");
  const tokenB = addr("v1-token-b");
  const userB = addr("v1-user-b");
  const userSol = addr("v1-user-wsol");
  const protocolFee = addr("v1-protocol-fee-b");
  const hostFee = addr("v1-host-fee-b");
  const vaultAuthorityA = addr("v1-a-vault-authority");
  const next = addr("next-hop-program");

  const transfer = (from: string, to: string, auth: string, amount: bigint): IxSpec =>
    ({ program: TOKEN_PROGRAM, accounts: [from, to, auth], data: ixData.tokenTransfer(amount) });

  const raw = buildRpcTx({
    signers: [user],
    instructions: [{
      program: addr("router"),
      accounts: [user],
      data: bytes({ u8: 7 }),
      inner: [
        {
          program: METEORA_DAMM_V1_PROGRAM,
          accounts: [
            pool, userB, userSol, aVault, bVault, aTokenVault, bTokenVault, addr("a-lp-mint"), addr("b-lp-mint"),
            addr("a-vault-lp"), addr("b-vault-lp"), protocolFee, user, METEORA_VAULT_PROGRAM, TOKEN_PROGRAM, hostFee,
          ],
          data: bytes(SWAP, { u64: 1_000_000 }, { u64: 1 }),
          inner: [
            transfer(userB, protocolFee, user, 2_000n),
            transfer(userB, hostFee, user, 500n),
            { program: METEORA_VAULT_PROGRAM, accounts: [bVault], data: bytes(hex("f223c68952e1f2b6"), { u64: 997_500 }, { u64: 0 }), inner: [transfer(userB, bTokenVault, user, 997_500n)] },
            { program: METEORA_VAULT_PROGRAM, accounts: [aVault], data: bytes(hex("b712469c946da122"), { u64: 1 }, { u64: 0 }), inner: [transfer(aTokenVault, userSol, vaultAuthorityA, 31_337n)] },
          ],
        },
        // the next hop spends the SOL just received: it must not be netted into this swap
        { program: next, accounts: [userSol], data: bytes({ u8: 1 }), inner: [transfer(userSol, addr("elsewhere"), user, 31_337n)] },
      ],
    }],
    tokenBalances: [
      { account: aTokenVault, mint: WSOL_MINT, owner: aVault, decimals: 9, pre: 10n ** 12n, post: 10n ** 12n - 31_337n },
      { account: bTokenVault, mint: tokenB, owner: bVault, decimals: 5, pre: 10n ** 9n, post: 10n ** 9n + 997_500n },
    ],
  });
  for (const g of (raw["meta"] as Json)["innerInstructions"] as Json[]) {
    for (const i of g["instructions"] as Json[]) i["stackHeight"] = null;
  }

  it("sums every input leg and stops at the first credit of the destination", () => {
    const tx = fromRpcTransaction(raw);
    expect(tx.instructions[0]!.inner[0]!.stackHeight).toBeNull();
    const { swaps, errors } = decodeSwaps(tx, { registry });
    expect(errors).toEqual([]);
    expect(swaps).toEqual([expect.objectContaining({
      ixPath: "0.0", pool, trader: user,
      mintIn: tokenB, amountIn: 1_000_000n, decimalsIn: 5,
      mintOut: WSOL_MINT, amountOut: 31_337n, decimalsOut: 9,
    })]);
  });
});
