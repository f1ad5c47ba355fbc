import bs58 from "bs58";
import { describe, expect, it } from "vitest";
import { METEORA_DAMM_V2_PROGRAM, TOKEN_2022_PROGRAM, TOKEN_PROGRAM } from "../../programs.js";
import { WSOL_MINT } from "../../swap.js";
import { addr, buildRpcTx, ixData } from "../../test-support/factory.js";
import type { IxSpec } from "../../test-support/factory.js";
import { loadTx, ownerMintDelta, tokenDelta } from "../../test-support/fixtures.js";
import { fromRpcTransaction } from "../../transaction.js";
import { TxContext } from "../context.js";
import { decodeSwaps } from "../index.js";
import { ANCHOR_EVENT_IX_TAG, hex, readU64 } from "../shared/bytes.js";
import { bytes, decodeEdited, itDecodesTheFixtureSwap, itRejectsMalformedAndIgnoresNonSwaps, ixAt, lamportDelta, registryWith } from "../../test-support/meteora.js";
import { meteoraDammV2Decoder } from "./index.js";

const registry = registryWith(meteoraDammV2Decoder);

describe("meteora-damm-v2: meteora-damm-v2_N2jtQtjjoa6x (token -> SOL into a temporary WSOL account)", () => {
  const tx = loadTx("meteora-damm-v2_N2jtQtjjoa6x");
  const trader = "662xQjMAajev8gMfddRwp4sv5pBumgkSTyHvciFfvqXM";
  const token = "DkYf3LhSyryKVKprEnQCDWZFfnBEPsDE6msaECXsJEYn";
  const expected = {
    ixPath: "2",
    pool: "CtNzfCHW6CPXD4d2C7K8PTJjUovK24UG8iJ1CEdGKH4J", trader,
    mintIn: token, amountIn: 317402632n, decimalsIn: 6,
    mintOut: WSOL_MINT, amountOut: 954234486n, decimalsOut: 9,
  };

  itDecodesTheFixtureSwap("meteora-damm-v2_N2jtQtjjoa6x", "N2jtQtjjoa6x", meteoraDammV2Decoder, expected);

  it("agrees with the trader's token and lamport deltas and the vaults'", () => {
    const s = decodeSwaps(tx, { registry }).swaps[0]!;
    expect(ownerMintDelta(tx, trader, token)).toBe(-s.amountIn);
    // the WSOL account was created and closed in the transaction: the SOL arrives as lamports,
    // net of the fee and a 1000-lamport tip transfer (ix 4); the account's rent came back on close
    expect(ixAt(tx, "4").data).toEqual(ixData.systemTransfer(1000));
    expect(lamportDelta(tx, trader) + tx.fee + 1000n).toBe(s.amountOut);
    expect(tokenDelta(tx, "C9pWgMxRjCE6kBwXUyZQvTDYQ4Hn57xc5JbFtHa5EtNR")).toBe(s.amountIn); // token_b_vault
    expect(tokenDelta(tx, "5cS6nNz96WPvuHsMtdYtdsfCpsck7thPu11ngQwwnGBf")).toBe(-s.amountOut); // token_a_vault
  });

  it("agrees with the exact-in argument and the program's EvtSwap", () => {
    expect(readU64(ixAt(tx, "2").data, 8)).toBe(317402632n);
    const ev = ixAt(tx, "2.2").data;
    expect(ev.subarray(8, 16)).toEqual(hex("1b3c15d58aaabb93")); // EvtSwap (program < 0.1.5)
    const body = ev.subarray(16);
    expect(body[32]).toBe(1); // trade_direction BtoA
    expect(readU64(body, 34)).toBe(317402632n); // params.amount_in
    expect(readU64(body, 50)).toBe(954234486n); // swap_result.output_amount
  });

  it("has no fees: its EvtSwap is B -> A and does not say in which mint the pool collects them", () => {
    const s = decodeSwaps(tx, { registry }).swaps[0]!;
    expect(s).not.toHaveProperty("fees");
    // the event states lp_fee 634806 and protocol_fee 158701 (no partner or referral fee), but
    // B -> A charges them in token A (collect_fee_mode BothToken) or token B (OnlyB), and EvtSwap
    // (program < 0.1.5) does not carry collect_fee_mode
    const body = ixAt(tx, "2.2").data.subarray(16);
    expect([74, 82, 90, 98].map((o) => readU64(body, o))).toEqual([634806n, 158701n, 0n, 0n]);
  });

  it("its event CPI and the other instructions are not swaps", () => {
    const ctx = new TxContext(tx);
    for (const p of ["0", "1", "2.0", "2.2", "3"]) expect(meteoraDammV2Decoder.decode(ixAt(tx, p), ctx)).toBeNull();
  });
});

describe("meteora-damm-v2: malformed and non-swap instructions", () => {
  itRejectsMalformedAndIgnoresNonSwaps({
    fixture: "meteora-damm-v2_N2jtQtjjoa6x",
    outerIndex: 2,
    decoder: meteoraDammV2Decoder,
    shortData: [12, /swap data is 12 bytes, expected 24/],
    fewAccounts: [9, /9 accounts, expected at least 14/],
    // add_liquidity, remove_liquidity, claim_position_fee
    nonSwaps: ["b59d59438fb63448", "5055d14818ceb16c", "b4269a118521a2d3"],
  });

  it("a swap2 without its swap_mode byte is a DecodeError", () => {
    const { errors } = decodeEdited("meteora-damm-v2_N2jtQtjjoa6x", 2, meteoraDammV2Decoder, (ix) => {
      ix["data"] = bs58.encode(bytes(hex("414b3f4ceb5b5b88"), { u64: 317402632 }, { u64: 1 }));
    });
    expect(errors.map((e) => e.reason)).toEqual([expect.stringMatching(/swap2 data is 24 bytes, expected 25/)]);
  });
});

// -----------------------------------------------------------------------------------------------
// Synthetic swap2 A -> B with a referral fee and a Token-2022 output that charges a transfer fee.

describe("meteora-damm-v2: synthetic swap2 with a Token-2022 transfer fee on the output", () => {
  const user = addr("v2-user");
  const pool = addr("v2-pool");
  const authority = addr("v2-pool-authority");
  const mintA = WSOL_MINT;
  const mintB = addr("v2-t22-mint");
  const vaultA = addr("v2-vault-a");
  const vaultB = addr("v2-vault-b");
  const userA = addr("v2-user-a");
  const userB = addr("v2-user-b");
  const referral = addr("v2-referral-a");
  const eventAuthority = addr("v2-event-authority");

  function evtSwap2(includedOut: bigint, excludedOut: bigint): Uint8Array {
    // pool, trade_direction, collect_fee_mode, has_referral, params (17), result (80), then
    // included_transfer_fee_amount_in, included_transfer_fee_amount_out, excluded_transfer_fee_amount_out, ...
    return bytes(ANCHOR_EVENT_IX_TAG, hex("bd4233a826507599"), new Uint8Array(132),
      { u64: 5_000_000 }, { u64: includedOut }, { u64: excludedOut }, new Uint8Array(24));
  }

  function build(opts: { event: boolean; spendAfter: boolean }) {
    const swap: IxSpec = {
      program: METEORA_DAMM_V2_PROGRAM,
      accounts: [authority, pool, userA, userB, vaultA, vaultB, mintA, mintB, user, TOKEN_PROGRAM, TOKEN_2022_PROGRAM, referral, eventAuthority, METEORA_DAMM_V2_PROGRAM],
      data: bytes(hex("414b3f4ceb5b5b88"), { u64: 5_000_000 }, { u64: 1 }, { u8: 0 }),
      inner: [
        { program: TOKEN_PROGRAM, accounts: [userA, mintA, vaultA, user], data: ixData.tokenTransferChecked(5_000_000n, 9) },
        { program: TOKEN_2022_PROGRAM, accounts: [vaultB, mintB, userB, authority], data: ixData.tokenTransferChecked(80_000n, 6) },
        { program: TOKEN_PROGRAM, accounts: [vaultA, mintA, referral, authority], data: ixData.tokenTransferChecked(1_000n, 9) },
        ...(opts.event ? [{ program: METEORA_DAMM_V2_PROGRAM, accounts: [eventAuthority], data: evtSwap2(80_000n, 79_200n) }] : []),
      ],
    };
    const spend: IxSpec = { program: TOKEN_2022_PROGRAM, accounts: [userB, mintB, addr("v2-elsewhere"), user], data: ixData.tokenTransferChecked(9_200n, 6) };
    return fromRpcTransaction(buildRpcTx({
      signers: [user],
      instructions: opts.spendAfter ? [swap, spend] : [swap],
      tokenBalances: [
        { account: userA, mint: mintA, owner: user, decimals: 9, pre: 10n ** 10n, post: 10n ** 10n - 5_000_000n },
        { account: userB, mint: mintB, owner: user, decimals: 6, pre: 0n, post: opts.spendAfter ? 70_000n : 79_200n, programId: TOKEN_2022_PROGRAM },
        { account: vaultB, mint: mintB, owner: authority, decimals: 6, pre: 10n ** 9n, post: 10n ** 9n - 80_000n, programId: TOKEN_2022_PROGRAM },
      ],
    }));
  }

  const expected = {
    ixPath: "0", pool, trader: user,
    mintIn: mintA, amountIn: 5_000_000n, decimalsIn: 9,
    mintOut: mintB, amountOut: 79_200n, decimalsOut: 6,
  };

  it("takes the fee from EvtSwap2, even when the balance delta cannot tell it", () => {
    const { swaps, errors } = decodeSwaps(build({ event: true, spendAfter: true }), { registry });
    expect(errors).toEqual([]);
    expect(swaps).toEqual([expect.objectContaining(expected)]); // referral transfer not counted
  });

  it("falls back to the balance delta without EvtSwap2, and to the gross amount when that is ambiguous", () => {
    expect(decodeSwaps(build({ event: false, spendAfter: false }), { registry }).swaps).toEqual([expect.objectContaining(expected)]);
    expect(decodeSwaps(build({ event: false, spendAfter: true }), { registry }).swaps)
      .toEqual([expect.objectContaining({ ...expected, amountOut: 80_000n })]);
  });
});

// -----------------------------------------------------------------------------------------------
// Synthetic swaps whose event states the fees: the mint follows collect_fee_mode and the direction.

describe("meteora-damm-v2: fees from EvtSwap2 / EvtSwap", () => {
  const user = addr("f-user");
  const pool = addr("f-pool");
  const authority = addr("f-pool-authority");
  const mintA = WSOL_MINT;
  const mintB = addr("f-mint-b");
  const vaultA = addr("f-vault-a");
  const vaultB = addr("f-vault-b");
  const userA = addr("f-user-a");
  const userB = addr("f-user-b");
  const eventAuthority = addr("f-event-authority");
  const pk = (a: string) => bs58.decode(a);

  // fees: [claiming/lp, protocol, compounding/partner, referral]
  function evtSwap2(direction: number, mode: number, fees: readonly bigint[]): Uint8Array {
    return bytes(ANCHOR_EVENT_IX_TAG, hex("bd4233a826507599"), pk(pool), { u8: direction }, { u8: mode }, { u8: 1 },
      new Uint8Array(17 + 48), ...fees.map((u64) => ({ u64 })), new Uint8Array(48));
  }
  function evtSwap(direction: number, fees: readonly bigint[]): Uint8Array {
    return bytes(ANCHOR_EVENT_IX_TAG, hex("1b3c15d58aaabb93"), pk(pool), { u8: direction }, { u8: 1 },
      new Uint8Array(16 + 24), ...fees.map((u64) => ({ u64 })), new Uint8Array(16));
  }

  function swapWith(aToB: boolean, event: Uint8Array) {
    const [inAcc, inMint, inVault, outVault, outMint, outAcc] = aToB
      ? [userA, mintA, vaultA, vaultB, mintB, userB]
      : [userB, mintB, vaultB, vaultA, mintA, userA];
    const swap: IxSpec = {
      program: METEORA_DAMM_V2_PROGRAM,
      accounts: [authority, pool, inAcc, outAcc, vaultA, vaultB, mintA, mintB, user, TOKEN_PROGRAM, TOKEN_PROGRAM, METEORA_DAMM_V2_PROGRAM, eventAuthority, METEORA_DAMM_V2_PROGRAM],
      data: bytes(hex("f8c69e91e17587c8"), { u64: 5_000_000 }, { u64: 1 }),
      inner: [
        { program: TOKEN_PROGRAM, accounts: [inAcc, inMint, inVault, user], data: ixData.tokenTransferChecked(5_000_000n, aToB ? 9 : 6) },
        { program: TOKEN_PROGRAM, accounts: [outVault, outMint, outAcc, authority], data: ixData.tokenTransferChecked(80_000n, aToB ? 6 : 9) },
        { program: METEORA_DAMM_V2_PROGRAM, accounts: [eventAuthority], data: event },
      ],
    };
    const tx = fromRpcTransaction(buildRpcTx({
      signers: [user],
      instructions: [swap],
      tokenBalances: [
        { account: userA, mint: mintA, owner: user, decimals: 9, pre: 10n ** 10n, post: 10n ** 10n },
        { account: userB, mint: mintB, owner: user, decimals: 6, pre: 10n ** 10n, post: 10n ** 10n },
      ],
    }));
    const { swaps, errors } = decodeSwaps(tx, { registry });
    expect(errors).toEqual([]);
    expect(swaps).toHaveLength(1);
    return swaps[0]!;
  }

  const fees = [700n, 200n, 50n, 30n];

  it("EvtSwap2: BothToken charges the output token", () => {
    expect(swapWith(true, evtSwap2(0, 0, fees)).fees).toEqual([
      { kind: "lp", mint: mintB, amount: 700n },
      { kind: "protocol", mint: mintB, amount: 200n },
      { kind: "platform", mint: mintB, amount: 30n },
    ]);
    expect(swapWith(false, evtSwap2(1, 0, fees)).fees).toEqual([
      { kind: "lp", mint: mintA, amount: 700n },
      { kind: "protocol", mint: mintA, amount: 200n },
      { kind: "platform", mint: mintA, amount: 30n },
    ]);
  });

  it("EvtSwap2: OnlyB charges token B both ways; Compounding adds its compounding fee to the LP fee", () => {
    expect(swapWith(false, evtSwap2(1, 1, fees)).fees).toEqual([
      { kind: "lp", mint: mintB, amount: 700n },
      { kind: "protocol", mint: mintB, amount: 200n },
      { kind: "platform", mint: mintB, amount: 30n },
    ]);
    expect(swapWith(false, evtSwap2(1, 2, [700n, 200n, 50n, 0n])).fees).toEqual([
      { kind: "lp", mint: mintB, amount: 750n },
      { kind: "protocol", mint: mintB, amount: 200n },
    ]);
  });

  it("EvtSwap2 with an unknown collect_fee_mode, or a direction that contradicts the transfers: no fees", () => {
    expect(swapWith(true, evtSwap2(0, 3, fees))).not.toHaveProperty("fees");
    expect(swapWith(true, evtSwap2(1, 0, fees))).not.toHaveProperty("fees");
  });

  it("EvtSwap: A -> B charges token B in every mode; B -> A has no certain mint", () => {
    expect(swapWith(true, evtSwap(0, [700n, 0n, 0n, 0n])).fees).toEqual([{ kind: "lp", mint: mintB, amount: 700n }]);
    expect(swapWith(false, evtSwap(1, fees))).not.toHaveProperty("fees");
  });
});
