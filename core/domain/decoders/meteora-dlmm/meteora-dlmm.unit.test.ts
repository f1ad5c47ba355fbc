import bs58 from "bs58";
import { describe, expect, it } from "vitest";
import { METEORA_DLMM_PROGRAM, TOKEN_2022_PROGRAM, TOKEN_PROGRAM } from "../../programs.js";
import { USDC_MINT, WSOL_MINT } from "../../swap.js";
import { addr, buildRpcTx, ixData } from "../../test-support/factory.js";
import type { IxSpec } from "../../test-support/factory.js";
import { loadTx, ownerMintDelta, rawFixture, tokenDelta } from "../../test-support/fixtures.js";
import { fromRpcTransaction } from "../../transaction.js";
import { TxContext } from "../context.js";
import { decodeSwaps } from "../index.js";
import { ANCHOR_EVENT_IX_TAG, hex, readU64 } from "../shared/bytes.js";
import { meteoraDlmmDecoder } from "./index.js";
import { bytes, itDecodesTheFixtureSwap, itRejectsMalformedAndIgnoresNonSwaps, ixAt, registryWith } from "../../test-support/meteora.js";

type Json = Record<string, unknown>;
const registry = registryWith(meteoraDlmmDecoder);
const SWAP_EVENT = hex("516ce3becdd00ac4");

describe("meteora-dlmm: meteora-dlmm_2DfsmTYvMqKw (swap, USDC -> SOL)", () => {
  const tx = loadTx("meteora-dlmm_2DfsmTYvMqKw");
  const trader = "MfDuWeqSHEqTFVYZ7LoexgAK9dxk7cy4DFJWjWMGVWa";
  const expected = {
    ixPath: "1",
    pool: "HTvjzsfX3yU6BUodCjZ5vZkUrAxMDTrBs3CJaq43ashR", trader,
    mintIn: USDC_MINT, amountIn: 116033029n, decimalsIn: 6,
    mintOut: WSOL_MINT, amountOut: 521092597n, decimalsOut: 9,
  };

  itDecodesTheFixtureSwap("meteora-dlmm_2DfsmTYvMqKw", "2DfsmTYvMqKw", meteoraDlmmDecoder, expected);

  it("agrees with the trader's and the reserves' token balance deltas", () => {
    const s = decodeSwaps(tx, { registry }).swaps[0]!;
    expect(ownerMintDelta(tx, trader, USDC_MINT)).toBe(-s.amountIn);
    expect(ownerMintDelta(tx, trader, WSOL_MINT)).toBe(s.amountOut);
    expect(tokenDelta(tx, "HbYjRzx7teCxqW3unpXBEcNHhfVZvW2vW9MQ99TkizWt")).toBe(s.amountIn); // reserve_y (USDC)
    expect(tokenDelta(tx, "H7j5NPopj3tQvDg4N8CxwtYciTn3e8AEV6wSVrxpyDUc")).toBe(-s.amountOut); // reserve_x (SOL)
  });

  it("agrees with the program's own Swap event and the exact-in argument", () => {
    const ix = ixAt(tx, "1");
    const ev = ixAt(tx, "1.2").data;
    expect(ev.subarray(0, 16)).toEqual(Uint8Array.from([...ANCHOR_EVENT_IX_TAG, ...SWAP_EVENT]));
    const body = ev.subarray(16);
    expect(readU64(body, 72)).toBe(116033029n); // amount_in
    expect(readU64(body, 80)).toBe(521092597n); // amount_out
    expect(body[88]).toBe(0); // swap_for_y = false: Y (USDC) in, X (SOL) out
    expect(readU64(ix.data, 8)).toBe(116033029n);
  });

  it("states the Swap event's fees in the input mint (Y, USDC): fee includes protocol_fee", () => {
    const s = decodeSwaps(tx, { registry }).swaps[0]!;
    expect(s.fees).toEqual([
      { kind: "lp", mint: USDC_MINT, amount: 18961n },
      { kind: "protocol", mint: USDC_MINT, amount: 997n },
    ]);
    const body = ixAt(tx, "1.2").data.subarray(16);
    // fee 19958, protocol_fee 997 (5% of fee, rounded down), fee_bps 172000 (1.72 bp of amount_in), host_fee 0
    expect([89, 97, 121].map((o) => readU64(body, o))).toEqual([19958n, 997n, 0n]);
    expect(readU64(body, 105)).toBe(172000n);
    expect(19958n * 10n ** 9n / 116033029n).toBe(172002n); // ≈ fee_bps at the same scale
    // the fees stay in reserve_y, which took the whole amount_in; no host-fee account (the program id)
    expect(tokenDelta(tx, "HbYjRzx7teCxqW3unpXBEcNHhfVZvW2vW9MQ99TkizWt")).toBe(s.amountIn);
    expect(ixAt(tx, "1").accounts[9]).toBe(METEORA_DLMM_PROGRAM);
  });
});

describe("meteora-dlmm: non-swaps", () => {
  it("meteora-dlmm_2LZBWdD5N9xb (position + add_liquidity_by_strategy) gives nothing", () => {
    const tx = loadTx("meteora-dlmm_2LZBWdD5N9xb");
    expect(decodeSwaps(tx, { registry })).toEqual({ swaps: [], errors: [] });
    const ctx = new TxContext(tx);
    const dlmm = [...tx.instructions, ...tx.instructions.flatMap((o) => o.inner)].filter((i) => i.programId === METEORA_DLMM_PROGRAM);
    expect(dlmm).toHaveLength(4);
    for (const ix of dlmm) expect(meteoraDlmmDecoder.decode(ix, ctx)).toBeNull();
  });

  it("jupiter_58FymkjJUeSF (failed route via DLMM + Raydium v4) gives no swaps", () => {
    expect(decodeSwaps(loadTx("jupiter_58FymkjJUeSF"), { registry })).toEqual({ swaps: [], errors: [] });
  });

  it("the DLMM hop of that failed route still reads as an inner-instruction swap on its own", () => {
    // the recorded CPIs of the failed transaction show the decoder bounds its scan to the hop
    const tx = loadTx("jupiter_58FymkjJUeSF");
    const ix = ixAt(tx, "2.4");
    expect(ix.stackHeight).toBe(2);
    expect(meteoraDlmmDecoder.decode(ix, new TxContext(tx))).toEqual({
      pool: "8j2dXaFbkzoUaxVtuAadqpNEzQoPJcpuGQquWWaZFp6J",
      trader: "9az5xpAV8KJ2Q2Jb1ZvBpvfUa5Cj4dZirbgvfPF5XsB8",
      mintIn: "9m3nh7YDoF1WSYpNxCjKVU8D1MrXsWRic4HqRaTdcTYB", amountIn: 636581073564n, decimalsIn: 6,
      mintOut: WSOL_MINT, amountOut: 8139273748n, decimalsOut: 9,
    });
    expect(readU64(ix.data, 8)).toBe(636581073564n); // the Raydium hop's output, passed on exactly
  });

  it("instructions of other programs and other DLMM instructions are not swaps", () => {
    const tx = loadTx("meteora-dlmm_2DfsmTYvMqKw");
    const ctx = new TxContext(tx);
    expect(meteoraDlmmDecoder.decode(ixAt(tx, "0"), ctx)).toBeNull(); // compute budget
    expect(meteoraDlmmDecoder.decode(ixAt(tx, "1.0"), ctx)).toBeNull(); // token transfer
    expect(meteoraDlmmDecoder.decode(ixAt(tx, "1.2"), ctx)).toBeNull(); // its own event CPI
  });
});

describe("meteora-dlmm: malformed swaps", () => {
  itRejectsMalformedAndIgnoresNonSwaps({
    fixture: "meteora-dlmm_2DfsmTYvMqKw",
    outerIndex: 1,
    decoder: meteoraDlmmDecoder,
    shortData: [20, /swap data is 20 bytes, expected at least 24/],
    fewAccounts: [11, /11 accounts, expected at least 15/],
    // add_liquidity, remove_liquidity, initialize_lb_pair, claim_fee
    nonSwaps: ["b59d59438fb63448", "5055d14818ceb16c", "2d9aedd2dd0fa65c", "a9204f8988e84689"],
  });

  it("a swap whose transfers are missing is a DecodeError, not a zero swap", () => {
    const raw = rawFixture("meteora-dlmm_2DfsmTYvMqKw");
    const meta = raw["meta"] as Json;
    meta["innerInstructions"] = [];
    meta["logMessages"] = [];
    const { swaps, errors } = decodeSwaps(fromRpcTransaction(raw), { registry });
    expect(swaps).toEqual([]);
    expect(errors.map((e) => e.reason)).toEqual([expect.stringMatching(/transfers not found/)]);
  });
});

// -----------------------------------------------------------------------------------------------
// Synthetic DLMM swaps for what the mainnet fixtures do not show: swap2 with a host fee and a
// Token-2022 output, the Y -> X direction, the price-impact variants, a two-hop route.

const DISC = {
  swap: hex("f8c69e91e17587c8"),
  swap2: hex("414b3f4ceb5b5b88"),
  swapExactOut: hex("fa49652126cf4bb8"),
  priceImpact: hex("38ade6d0ade49ccd"),
};

const user = addr("dlmm-user");
const X = addr("mint-x");
const Y = addr("mint-y");

interface Pair { lbPair: string; reserveX: string; reserveY: string; mintX: string; mintY: string }
const pair1: Pair = { lbPair: addr("lb-pair-1"), reserveX: addr("reserve-x-1"), reserveY: addr("reserve-y-1"), mintX: X, mintY: Y };

function swapAccounts(p: Pair, userIn: string, userOut: string, opts: { v2?: boolean; hostFee?: string } = {}): string[] {
  return [
    p.lbPair, METEORA_DLMM_PROGRAM, p.reserveX, p.reserveY, userIn, userOut, p.mintX, p.mintY,
    addr("oracle"), opts.hostFee ?? METEORA_DLMM_PROGRAM, user, TOKEN_PROGRAM, TOKEN_2022_PROGRAM,
    ...(opts.v2 ? ["MemoSq4gqABAXKb96qnH8TysNcWxMyWCqXgDLGmfcHr"] : []),
    addr("dlmm-event-authority"), METEORA_DLMM_PROGRAM, addr("bin-array"),
  ];
}

const transferChecked = (from: string, mint: string, to: string, auth: string, amount: bigint, decimals: number, program = TOKEN_PROGRAM): IxSpec =>
  ({ program, accounts: [from, mint, to, auth], data: ixData.tokenTransferChecked(amount, decimals) });

const eventIx: IxSpec = { program: METEORA_DLMM_PROGRAM, accounts: [addr("dlmm-event-authority")], data: bytes(ANCHOR_EVENT_IX_TAG, SWAP_EVENT, new Uint8Array(120)) };

describe("meteora-dlmm: synthetic swaps", () => {
  const userX = addr("user-x");
  const userY = addr("user-y");
  const hostY = addr("host-fee-y");

  it("swap2 Y -> X with a host fee and a Token-2022 transfer-fee output", () => {
    // Y in: 1_000_000 to the reserve + 3_000 host fee; X out: 50_000 gross, 49_500 received
    const raw = buildRpcTx({
      signers: [user],
      instructions: [{
        program: METEORA_DLMM_PROGRAM,
        accounts: swapAccounts(pair1, userY, userX, { v2: true, hostFee: hostY }),
        data: bytes(DISC.swap2, { u64: 1_003_000 }, { u64: 1 }, { u8: 0 }, { u8: 0 }, { u8: 0 }, { u8: 0 }),
        inner: [
          transferChecked(userY, Y, pair1.reserveY, user, 1_000_000n, 6),
          transferChecked(userY, Y, hostY, user, 3_000n, 6),
          transferChecked(pair1.reserveX, X, userX, pair1.lbPair, 50_000n, 9, TOKEN_2022_PROGRAM),
          eventIx,
        ],
      }],
      tokenBalances: [
        { account: userY, mint: Y, owner: user, decimals: 6, pre: 5_000_000n, post: 3_997_000n },
        { account: userX, mint: X, owner: user, decimals: 9, pre: 0n, post: 49_500n, programId: TOKEN_2022_PROGRAM },
        { account: pair1.reserveX, mint: X, owner: pair1.lbPair, decimals: 9, pre: 10n ** 12n, post: 10n ** 12n - 50_000n, programId: TOKEN_2022_PROGRAM },
      ],
    });
    const { swaps, errors } = decodeSwaps(fromRpcTransaction(raw), { registry });
    expect(errors).toEqual([]);
    expect(swaps).toEqual([expect.objectContaining({
      ixPath: "0", pool: pair1.lbPair, trader: user,
      mintIn: Y, amountIn: 1_003_000n, decimalsIn: 6,
      mintOut: X, amountOut: 49_500n, decimalsOut: 9,
    })]);
  });

  it("keeps the gross output when the Token-2022 account moves again in the transaction", () => {
    const raw = buildRpcTx({
      signers: [user],
      instructions: [
        {
          program: METEORA_DLMM_PROGRAM,
          accounts: swapAccounts(pair1, userY, userX),
          data: bytes(DISC.swap, { u64: 1_000_000 }, { u64: 1 }),
          inner: [
            transferChecked(userY, Y, pair1.reserveY, user, 1_000_000n, 6),
            transferChecked(pair1.reserveX, X, userX, pair1.lbPair, 50_000n, 9, TOKEN_2022_PROGRAM),
          ],
        },
        transferChecked(userX, X, addr("elsewhere"), user, 10_000n, 9, TOKEN_2022_PROGRAM),
      ],
      tokenBalances: [
        { account: userX, mint: X, owner: user, decimals: 9, pre: 0n, post: 39_500n, programId: TOKEN_2022_PROGRAM },
      ],
    });
    const [s] = decodeSwaps(fromRpcTransaction(raw), { registry }).swaps;
    expect(s).toMatchObject({ mintIn: Y, amountIn: 1_000_000n, mintOut: X, amountOut: 50_000n });
  });

  it("swap_exact_out and swap_with_price_impact decode; a short price-impact Some(active_id) is an error", () => {
    const build = (data: Uint8Array) => buildRpcTx({
      signers: [user],
      instructions: [{
        program: METEORA_DLMM_PROGRAM,
        accounts: swapAccounts(pair1, userX, userY),
        data,
        inner: [
          transferChecked(userX, X, pair1.reserveX, user, 7_000n, 9),
          transferChecked(pair1.reserveY, Y, userY, pair1.lbPair, 900n, 6),
        ],
      }],
    });
    const exactOut = decodeSwaps(fromRpcTransaction(build(bytes(DISC.swapExactOut, { u64: 8_000 }, { u64: 900 }))), { registry });
    expect(exactOut.swaps).toEqual([expect.objectContaining({ mintIn: X, amountIn: 7_000n, decimalsIn: 9, mintOut: Y, amountOut: 900n, decimalsOut: 6 })]);

    // amount_in, active_id = None, max_price_impact_bps
    const none = decodeSwaps(fromRpcTransaction(build(bytes(DISC.priceImpact, { u64: 7_000 }, { u8: 0 }, { u8: 50 }, { u8: 0 }))), { registry });
    expect(none.errors).toEqual([]);
    expect(none.swaps).toHaveLength(1);
    const some = decodeSwaps(fromRpcTransaction(build(bytes(DISC.priceImpact, { u64: 7_000 }, { u8: 1 }, { u8: 50 }, { u8: 0 }))), { registry });
    expect(some.errors.map((e) => e.reason)).toEqual([expect.stringMatching(/swap_with_price_impact data is 19 bytes, expected at least 23/)]);
  });

  it("two hops of a route: each hop counts only its own transfers", () => {
    // router: X -> (pair1) -> Y in an intermediate account -> (pair2) -> Z
    const Z = addr("mint-z");
    const pair2: Pair = { lbPair: addr("lb-pair-2"), reserveX: addr("reserve-x-2"), reserveY: addr("reserve-y-2"), mintX: Z, mintY: Y };
    const mid = addr("router-mid-y");
    const userZ = addr("user-z");
    const router = addr("router-program");
    const raw = buildRpcTx({
      signers: [user],
      instructions: [{
        program: router,
        accounts: [user],
        data: bytes({ u8: 1 }),
        inner: [
          {
            program: METEORA_DLMM_PROGRAM,
            accounts: swapAccounts(pair1, userX, mid),
            data: bytes(DISC.swap, { u64: 2_000 }, { u64: 0 }),
            inner: [
              transferChecked(userX, X, pair1.reserveX, user, 2_000n, 9),
              transferChecked(pair1.reserveY, Y, mid, pair1.lbPair, 300n, 6),
              eventIx,
            ],
          },
          {
            program: METEORA_DLMM_PROGRAM,
            accounts: swapAccounts(pair2, mid, userZ),
            data: bytes(DISC.swap, { u64: 300 }, { u64: 0 }),
            inner: [
              transferChecked(mid, Y, pair2.reserveY, user, 300n, 6),
              transferChecked(pair2.reserveX, Z, userZ, pair2.lbPair, 44n, 3),
              eventIx,
            ],
          },
        ],
      }],
    });
    // each hop on its own (decodeSwaps then merges chained hops into one routed swap)
    const tx = fromRpcTransaction(raw);
    const ctx = new TxContext(tx);
    const hops = [ixAt(tx, "0.0"), ixAt(tx, "0.4")].map((ix) => meteoraDlmmDecoder.decode(ix, ctx)!);
    expect(hops.map((s) => [s.pool, s.mintIn, s.amountIn, s.mintOut, s.amountOut])).toEqual([
      [pair1.lbPair, X, 2_000n, Y, 300n],
      [pair2.lbPair, Y, 300n, Z, 44n],
    ]);
  });
});

// -----------------------------------------------------------------------------------------------
// Fees from the Swap event: only where the fee mint and split are certain.

describe("meteora-dlmm: fees from the Swap event", () => {
  const userX = addr("fee-user-x");
  const userY = addr("fee-user-y");
  const SWAP2_EVT = hex("2e7452d7941b544d");

  function swapEvent(swapForY: boolean, fee: number, protocolFee: number, hostFee: number): IxSpec {
    // lb_pair, from, start_bin_id, end_bin_id, amount_in, amount_out, swap_for_y, fee, protocol_fee, fee_bps u128, host_fee
    return {
      program: METEORA_DLMM_PROGRAM, accounts: [addr("dlmm-event-authority")],
      data: bytes(ANCHOR_EVENT_IX_TAG, SWAP_EVENT, bs58.decode(pair1.lbPair), bs58.decode(user), new Uint8Array(8),
        { u64: 1_000_000 }, { u64: 50_000 }, { u8: swapForY ? 1 : 0 }, { u64: fee }, { u64: protocolFee }, new Uint8Array(16), { u64: hostFee }),
    };
  }

  function run(yToX: boolean, events: IxSpec[]) {
    const [inAcc, inMint, inReserve, outReserve, outMint, outAcc] = yToX
      ? [userY, Y, pair1.reserveY, pair1.reserveX, X, userX]
      : [userX, X, pair1.reserveX, pair1.reserveY, Y, userY];
    const raw = buildRpcTx({
      signers: [user],
      instructions: [{
        program: METEORA_DLMM_PROGRAM,
        accounts: swapAccounts(pair1, inAcc, outAcc),
        data: bytes(DISC.swap, { u64: 1_000_000 }, { u64: 1 }),
        inner: [
          transferChecked(inAcc, inMint, inReserve, user, 1_000_000n, 6),
          transferChecked(outReserve, outMint, outAcc, pair1.lbPair, 50_000n, 6),
          ...events,
        ],
      }],
      tokenBalances: [],
    });
    const { swaps, errors } = decodeSwaps(fromRpcTransaction(raw), { registry });
    expect(errors).toEqual([]);
    expect(swaps).toHaveLength(1);
    return swaps[0]!;
  }

  it("Y -> X: lp (fee - protocol_fee) and protocol fee in Y", () => {
    expect(run(true, [swapEvent(false, 2_000, 100, 0)]).fees).toEqual([
      { kind: "lp", mint: Y, amount: 1_900n },
      { kind: "protocol", mint: Y, amount: 100n },
    ]);
    expect(run(true, [swapEvent(false, 0, 0, 0)]).fees).toEqual([]);
  });

  it("no fees for X -> Y (mint depends on collect_fee_mode), with a host fee, or beside a Swap2Evt", () => {
    expect(run(false, [swapEvent(true, 2_000, 100, 0)])).not.toHaveProperty("fees");
    expect(run(true, [swapEvent(false, 2_000, 100, 20)])).not.toHaveProperty("fees");
    const swap2Evt: IxSpec = { program: METEORA_DLMM_PROGRAM, accounts: [addr("dlmm-event-authority")], data: bytes(ANCHOR_EVENT_IX_TAG, SWAP2_EVT, new Uint8Array(147)) };
    expect(run(true, [swapEvent(false, 2_000, 100, 0), swap2Evt])).not.toHaveProperty("fees");
  });
});
