import bs58 from "bs58";
import { describe, expect, it } from "vitest";
import { METEORA_DBC_PROGRAM, TOKEN_2022_PROGRAM, TOKEN_PROGRAM } from "../../programs.js";
import { USDC_MINT, WSOL_MINT } from "../../swap.js";
import { addr, buildRpcTx, ixData } from "../../test-support/factory.js";
import { loadTx, ownerMintDelta, tokenDelta } from "../../test-support/fixtures.js";
import { fromRpcTransaction } from "../../transaction.js";
import { TxContext } from "../context.js";
import { decodeSwaps } from "../index.js";
import { ANCHOR_EVENT_IX_TAG, hex, readU64 } from "../shared/bytes.js";
import { bytes, itDecodesTheFixtureSwap, itRejectsMalformedAndIgnoresNonSwaps, ixAt, lamportDelta, registryWith } from "../../test-support/meteora.js";
import { meteoraDbcDecoder } from "./index.js";

const registry = registryWith(meteoraDbcDecoder);
const SWAP2 = hex("414b3f4ceb5b5b88");

describe("meteora-dbc: meteora-dbc_23BXcBmnM3S3 (sell of the curve token for SOL)", () => {
  const tx = loadTx("meteora-dbc_23BXcBmnM3S3");
  const trader = "H2GjtXqmbhRCedTidoMPbzuvVjgSeWt1KYMrKcaCC2R7";
  const token = "EeXMYKCMjVLU1PrjAi4o2fMpC37h9RpuU3y7k4WHBQN9";
  const expected = {
    ixPath: "3",
    pool: "CQLuGpgxg5qmuw5BnHCG8zHquKn3jxXuVrgSLYGBk48t", trader,
    mintIn: token, amountIn: 47192506267n, decimalsIn: 6,
    mintOut: WSOL_MINT, amountOut: 553679124n, decimalsOut: 9,
  };

  // two events (EvtSwap, EvtSwap2), one swap
  itDecodesTheFixtureSwap("meteora-dbc_23BXcBmnM3S3", "23BXcBmnM3S3", meteoraDbcDecoder, expected);

  it("agrees with the trader's token and lamport deltas and the vaults'", () => {
    const s = decodeSwaps(tx, { registry }).swaps[0]!;
    expect(ownerMintDelta(tx, trader, token)).toBe(-s.amountIn);
    // the SOL lands in a WSOL ATA created and closed in the transaction: lamports, net of the fee
    expect(lamportDelta(tx, trader) + tx.fee).toBe(s.amountOut);
    expect(tokenDelta(tx, "2sZBuSZmjLWaoGmZnWdzHNj4TVtnNdz8tqMn2S6DRuXK")).toBe(s.amountIn); // base_vault
    expect(tokenDelta(tx, "64RzfvpAwRKTsMwzUCPumjqQDDQW5QbqM5JrqdSNUGRP")).toBe(-s.amountOut); // quote_vault
  });

  it("agrees with the exact-in argument and the program's EvtSwap", () => {
    expect(readU64(ixAt(tx, "3").data, 8)).toBe(47192506267n);
    const ev = ixAt(tx, "3.2").data;
    expect(ev.subarray(0, 16)).toEqual(Uint8Array.from([...ANCHOR_EVENT_IX_TAG, ...hex("1b3c15d58aaabb93")]));
    const body = ev.subarray(16);
    expect(body[64]).toBe(0); // trade_direction BaseToQuote
    expect(readU64(body, 90)).toBe(553679124n); // swap_result.output_amount
    expect(readU64(body, 138)).toBe(47192506267n); // amount_in
  });

  it("states the fees of its events: a sell pays them in the quote mint", () => {
    const s = decodeSwaps(tx, { registry }).swaps[0]!;
    expect(s.fees).toEqual([
      { kind: "lp", mint: WSOL_MINT, amount: 44300n },
      { kind: "protocol", mint: WSOL_MINT, amount: 11074n },
    ]);
    // EvtSwap (3.2) and EvtSwap2 (3.3) state the same trading, protocol and referral fees
    const v1 = ixAt(tx, "3.2").data.subarray(16);
    const v2 = ixAt(tx, "3.3").data.subarray(16);
    expect(ixAt(tx, "3.3").data.subarray(8, 16)).toEqual(hex("bd4233a826507599"));
    expect([114, 122, 130].map((o) => readU64(v1, o))).toEqual([44300n, 11074n, 0n]);
    expect([131, 139, 147].map((o) => readU64(v2, o))).toEqual([44300n, 11074n, 0n]);
    // the fees stay in the quote vault, which paid out exactly output_amount; they are 1 bp of
    // output_amount + fees (55374 / 553734498), the sell's fee taken from the output
    expect(tokenDelta(tx, "64RzfvpAwRKTsMwzUCPumjqQDDQW5QbqM5JrqdSNUGRP")).toBe(-readU64(v1, 90)!);
    expect((44300n + 11074n) * 10_000n / (s.amountOut + 44300n + 11074n)).toBe(1n);
  });

  it("its two event CPIs and the other instructions are not swaps", () => {
    const ctx = new TxContext(tx);
    for (const p of ["0", "2", "3.0", "3.2", "3.3", "4"]) expect(meteoraDbcDecoder.decode(ixAt(tx, p), ctx)).toBeNull();
  });
});

describe("meteora-dbc: malformed and non-swap instructions", () => {
  itRejectsMalformedAndIgnoresNonSwaps({
    fixture: "meteora-dbc_23BXcBmnM3S3",
    outerIndex: 3,
    decoder: meteoraDbcDecoder,
    shortData: [8, /swap data is 8 bytes, expected 24/],
    fewAccounts: [14, /14 accounts, expected at least 15/],
    // initialize_virtual_pool_with_spl_token, create_config, migration_damm_v2
    nonSwaps: ["8c55d7b06636684f", "c9cff3724b6f2fbd", "9ca9e66735e45040"],
  });
});

// -----------------------------------------------------------------------------------------------
// Synthetic swap2 in exact-out mode: a buy of a Token-2022 base with USDC, with a referral fee.

describe("meteora-dbc: synthetic swap2 exact-out buy with a referral", () => {
  const user = addr("dbc-user");
  const authority = addr("dbc-pool-authority");
  const pool = addr("dbc-pool");
  const base = addr("dbc-base-mint");
  const baseVault = addr("dbc-base-vault");
  const quoteVault = addr("dbc-quote-vault");
  const userBase = addr("dbc-user-base");
  const userQuote = addr("dbc-user-usdc");
  const referral = addr("dbc-referral-usdc");
  const eventAuthority = addr("dbc-event-authority");

  it("reads what moved, not the mode-dependent arguments", () => {
    const raw = buildRpcTx({
      signers: [user],
      instructions: [{
        program: METEORA_DBC_PROGRAM,
        accounts: [
          authority, addr("dbc-config"), pool, userQuote, userBase, baseVault, quoteVault, base, USDC_MINT, user,
          TOKEN_2022_PROGRAM, TOKEN_PROGRAM, referral, eventAuthority, METEORA_DBC_PROGRAM,
        ],
        // amount_0 = the wanted output, amount_1 = the maximum input, swap_mode 2 = ExactOut
        data: bytes(SWAP2, { u64: 1_000_000_000 }, { u64: 30_000_000 }, { u8: 2 }),
        inner: [
          { program: TOKEN_PROGRAM, accounts: [userQuote, USDC_MINT, quoteVault, user], data: ixData.tokenTransferChecked(25_123_456n, 6) },
          { program: TOKEN_2022_PROGRAM, accounts: [baseVault, base, userBase, authority], data: ixData.tokenTransferChecked(1_000_000_000n, 6) },
          { program: TOKEN_PROGRAM, accounts: [quoteVault, USDC_MINT, referral, authority], data: ixData.tokenTransferChecked(12_000n, 6) },
          { program: METEORA_DBC_PROGRAM, accounts: [eventAuthority], data: bytes(ANCHOR_EVENT_IX_TAG, hex("1b3c15d58aaabb93"), new Uint8Array(154)) },
        ],
      }],
      tokenBalances: [
        { account: userBase, mint: base, owner: user, decimals: 6, pre: null, post: 1_000_000_000n, programId: TOKEN_2022_PROGRAM },
      ],
    });
    const { swaps, errors } = decodeSwaps(fromRpcTransaction(raw), { registry });
    expect(errors).toEqual([]);
    expect(swaps).toEqual([expect.objectContaining({
      ixPath: "0", pool, trader: user,
      mintIn: USDC_MINT, amountIn: 25_123_456n, decimalsIn: 6,
      mintOut: base, amountOut: 1_000_000_000n, decimalsOut: 6,
      priceUsd: expect.closeTo(0.025123456, 12),
    })]);
  });
});

// -----------------------------------------------------------------------------------------------
// Synthetic swaps with a pool-matching EvtSwap2: a sell has fees in the quote mint, a buy none
// (its fee mint depends on the config's collect_fee_mode, which no event carries).

describe("meteora-dbc: fees from EvtSwap2", () => {
  const user = addr("dbcf-user");
  const authority = addr("dbcf-pool-authority");
  const pool = addr("dbcf-pool");
  const base = addr("dbcf-base-mint");
  const baseVault = addr("dbcf-base-vault");
  const quoteVault = addr("dbcf-quote-vault");
  const userBase = addr("dbcf-user-base");
  const userQuote = addr("dbcf-user-usdc");
  const referral = addr("dbcf-referral-usdc");
  const eventAuthority = addr("dbcf-event-authority");

  function run(sell: boolean) {
    const [inAcc, inMint, inVault, outVault, outMint, outAcc] = sell
      ? [userBase, base, baseVault, quoteVault, USDC_MINT, userQuote]
      : [userQuote, USDC_MINT, quoteVault, baseVault, base, userBase];
    // pool, config, trade_direction, has_referral, SwapParameters2 (17), SwapResult2: 4 u64,
    // u128, trading_fee, protocol_fee, referral_fee; then quote_reserve_amount, migration_threshold, timestamp
    const evt2 = bytes(ANCHOR_EVENT_IX_TAG, hex("bd4233a826507599"), bs58.decode(pool), new Uint8Array(32),
      { u8: sell ? 0 : 1 }, { u8: 1 }, new Uint8Array(17 + 48), { u64: 9_000 }, { u64: 2_000 }, { u64: 500 }, new Uint8Array(24));
    const raw = buildRpcTx({
      signers: [user],
      instructions: [{
        program: METEORA_DBC_PROGRAM,
        accounts: [
          authority, addr("dbcf-config"), pool, inAcc, outAcc, baseVault, quoteVault, base, USDC_MINT, user,
          TOKEN_PROGRAM, TOKEN_PROGRAM, referral, eventAuthority, METEORA_DBC_PROGRAM,
        ],
        data: bytes(SWAP2, { u64: 1_000_000 }, { u64: 1 }, { u8: 0 }),
        inner: [
          { program: TOKEN_PROGRAM, accounts: [inAcc, inMint, inVault, user], data: ixData.tokenTransferChecked(1_000_000n, 6) },
          { program: TOKEN_PROGRAM, accounts: [outVault, outMint, outAcc, authority], data: ixData.tokenTransferChecked(800_000n, 6) },
          { program: TOKEN_PROGRAM, accounts: [quoteVault, USDC_MINT, referral, authority], data: ixData.tokenTransferChecked(500n, 6) },
          { program: METEORA_DBC_PROGRAM, accounts: [eventAuthority], data: evt2 },
        ],
      }],
      tokenBalances: [],
    });
    const { swaps, errors } = decodeSwaps(fromRpcTransaction(raw), { registry });
    expect(errors).toEqual([]);
    expect(swaps).toHaveLength(1);
    return swaps[0]!;
  }

  it("a sell: trading, protocol and referral fee in the quote mint", () => {
    expect(run(true).fees).toEqual([
      { kind: "lp", mint: USDC_MINT, amount: 9_000n },
      { kind: "protocol", mint: USDC_MINT, amount: 2_000n },
      { kind: "platform", mint: USDC_MINT, amount: 500n },
    ]);
  });

  it("a buy: no fees", () => {
    expect(run(false)).not.toHaveProperty("fees");
  });
});
