import { describe, expect, it } from "vitest";
import { PUMPSWAP_PROGRAM, TOKEN_2022_PROGRAM } from "../../programs.js";
import { WSOL_MINT } from "../../swap.js";
import { expectedFields, loadTx, ownerMintDelta, rawFixture, tokenDelta } from "../../test-support/fixtures.js";
import { fromRpcTransaction } from "../../transaction.js";
import type { Instruction, SolanaTransaction } from "../../transaction.js";
import { TxContext } from "../context.js";
import { decodeSwaps } from "../index.js";
import { readTokenTransfer } from "../shared/token.js";
import { findPumpSwapEvent } from "./index.js";

type Json = Record<string, unknown>;

function ixAt(tx: SolanaTransaction, path: string): Instruction {
  const [o, i] = path.split(".").map(Number);
  const outer = tx.instructions[o!]!;
  return i === undefined ? outer : outer.inner[i]!;
}

/** Sum of the token transfers among `ix`'s CPI children that leave `source`. */
function paidFrom(tx: SolanaTransaction, ix: Instruction, source: string): bigint {
  let sum = 0n;
  for (const c of new TxContext(tx).children(ix)) {
    const t = readTokenTransfer(c);
    if (t && t.source === source) sum += t.amount;
  }
  return sum;
}

describe("pumpswap: pumpswap_56RbkzmAEtd8 (base64 v0, buy inside an arbitrage route)", () => {
  const tx = loadTx("pumpswap_56RbkzmAEtd8");
  const exp = expectedFields("pumpswap_56RbkzmAEtd8");
  const ix = ixAt(tx, "2.5");

  it("decodes the BuyEvent as the source asserts", () => {
    const ev = findPumpSwapEvent(ix, new TxContext(tx))!;
    const n = (k: string): bigint => BigInt(exp[k] as number);
    expect(ev).toEqual({
      side: "buy",
      timestamp: n("timestamp"),
      baseAmount: n("base_amount_out"),
      quoteLimit: n("max_quote_amount_in"),
      userBaseTokenReserves: n("user_base_token_reserves"),
      userQuoteTokenReserves: n("user_quote_token_reserves"),
      poolBaseTokenReserves: n("pool_base_token_reserves"),
      poolQuoteTokenReserves: n("pool_quote_token_reserves"),
      quoteAmount: n("quote_amount_in"),
      lpFeeBasisPoints: n("lp_fee_basis_points"),
      lpFee: n("lp_fee"),
      protocolFeeBasisPoints: n("protocol_fee_basis_points"),
      protocolFee: n("protocol_fee"),
      quoteAmountLpAdjusted: n("quote_amount_in_with_lp_fee"),
      userQuoteAmount: n("user_quote_amount_in"),
      pool: exp["pool"],
      user: exp["user"],
      coinCreatorFeeBasisPoints: n("coin_creator_fee_basis_points"),
      coinCreatorFee: n("coin_creator_fee"),
    });
    expect(ix.accounts.slice(0, 11)).toEqual([
      exp["pool"], exp["user"], ix.accounts[2], exp["base_mint"], exp["quote_mint"],
      exp["user_base_token_account"], exp["user_quote_token_account"],
      exp["pool_base_token_account"], exp["pool_quote_token_account"],
      exp["protocol_fee_recipient"], exp["protocol_fee_recipient_token_account"],
    ]);
  });

  it("produces one PumpSwap swap; the router PDA user is replaced by the signing wallet", () => {
    // The hop on its own (route merging off; the route's Whirlpool hop at 2.2 is not ours).
    const { errors, swaps: all } = decodeSwaps(tx, { routes: false });
    const swaps = all.filter((s) => s.dex === "pumpswap");
    expect(errors).toEqual([]);
    expect(swaps).toHaveLength(1);
    expect(swaps[0]).toMatchObject({
      ixPath: "2.5", dex: "pumpswap", programId: PUMPSWAP_PROGRAM, pool: exp["pool"],
      trader: "EcMXEHFS6ThGEiqsaM42wwRi8sXPXM285R3JJbWHZfVk", // 6TYD… (event user) did not sign
      mintIn: WSOL_MINT, amountIn: 963427853n, decimalsIn: 9,
      mintOut: exp["base_mint"], amountOut: 5544465819n, decimalsOut: 6,
      slot: 356503799, blockTime: 1753789195,
    });
    expect(tx.isSigner[tx.accountKeys.indexOf(exp["user"] as string)]).toBe(false);
    // pool vaults: base out exactly, quote in = amount with LP fee (protocol/creator fees go elsewhere)
    expect(tokenDelta(tx, exp["pool_base_token_account"] as string)).toBe(-5544465819n);
    expect(tokenDelta(tx, exp["pool_quote_token_account"] as string)).toBe(BigInt(exp["quote_amount_in_with_lp_fee"] as number));
    expect(paidFrom(tx, ix, exp["user_quote_token_account"] as string)).toBe(963427853n);
  });

  it("fees: lp_fee, protocol_fee and coin_creator_fee of the event, in the quote mint", () => {
    const { swaps } = decodeSwaps(tx, { routes: false });
    const s = swaps.find((x) => x.dex === "pumpswap")!;
    const n = (k: string): bigint => BigInt(exp[k] as number);
    expect(s.fees).toEqual([
      { kind: "lp", mint: WSOL_MINT, amount: n("lp_fee") }, // 1921093
      { kind: "protocol", mint: WSOL_MINT, amount: n("protocol_fee") }, // 480274
      { kind: "creator", mint: WSOL_MINT, amount: n("coin_creator_fee") }, // 480274
    ]);
    // the user paid the pool's input plus every fee
    expect(n("quote_amount_in") + n("lp_fee") + n("protocol_fee") + n("coin_creator_fee")).toBe(s.amountIn);
    // the protocol fee and the creator fee left for their own token accounts
    expect(tokenDelta(tx, exp["protocol_fee_recipient_token_account"] as string)).toBe(n("protocol_fee"));
    expect(tokenDelta(tx, exp["coin_creator_vault_ata"] as string)).toBe(n("coin_creator_fee"));
    // a routed swap leaves fees to its legs' decoders
    expect(decodeSwaps(tx).swaps.every((x) => x.fees === undefined)).toBe(true);
  });
});

describe("pumpswap: pumpswap_3QvhUBMprN6M (sell, getBlock entry without slot)", () => {
  const exp = expectedFields("pumpswap_3QvhUBMprN6M");
  const trade = (exp["trades"] as Json[])[0]!;
  const event = ((exp["moreEvents"] as Json)["Pumpswap"] as Json[])[0]!["data"] as Record<string, string>;

  it("needs a slot", () => {
    const tx = loadTx("pumpswap_3QvhUBMprN6M");
    const { swaps, errors } = decodeSwaps(tx);
    expect(swaps).toEqual([]);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ reason: "no slot", ixPath: "", dex: null, signature: tx.signature });
  });

  it("decodes with opts.slot, amounts as the user's token accounts moved", () => {
    const tx = loadTx("pumpswap_3QvhUBMprN6M");
    const { swaps, errors } = decodeSwaps(tx, { slot: 344000000 });
    expect(errors).toEqual([]);
    const input = trade["inputToken"] as Json;
    const output = trade["outputToken"] as Json;
    expect(swaps).toEqual([
      expect.objectContaining({
        slot: 344000000, blockTime: null, ixPath: "2", dex: "pumpswap",
        pool: event["pool"], trader: trade["user"],
        mintIn: input["mint"], amountIn: BigInt(input["amountRaw"] as string), decimalsIn: input["decimals"],
        mintOut: output["mint"], decimalsOut: output["decimals"],
        // user_quote_amount_out (after all fees) = the WSOL balance change; the source's trade
        // summary (2068077344) adds the protocol fee back, its event says 2067040713
        amountOut: BigInt(event["userQuoteAmountOut"]!),
      }),
    ]);
    const wsolChange = (exp["tokenBalanceChange"] as Record<string, Json>)[WSOL_MINT]!["change"] as Json;
    expect(swaps[0]!.amountOut).toBe(BigInt(wsolChange["amount"] as string));
    const ev = findPumpSwapEvent(ixAt(tx, "2"), new TxContext(tx))!;
    expect(ev).toMatchObject({
      side: "sell",
      timestamp: BigInt(event["timestamp"]!),
      baseAmount: BigInt(event["baseAmountIn"]!),
      quoteLimit: BigInt(event["minQuoteAmountOut"]!),
      quoteAmount: BigInt(event["quoteAmountOut"]!),
      lpFee: BigInt(event["lpFee"]!),
      protocolFee: BigInt(event["protocolFee"]!),
      quoteAmountLpAdjusted: BigInt(event["quoteAmountOutWithoutLpFee"]!),
      userQuoteAmount: BigInt(event["userQuoteAmountOut"]!),
      user: event["user"],
    });
    // a sell's fees come off the quote output: the source's lpFee / protocolFee, and the
    // event's coin_creator_fee (equal to the protocol fee at 5 basis points each)
    expect(swaps[0]!.fees).toEqual([
      { kind: "lp", mint: WSOL_MINT, amount: BigInt(event["lpFee"]!) },
      { kind: "protocol", mint: WSOL_MINT, amount: BigInt(event["protocolFee"]!) },
      { kind: "creator", mint: WSOL_MINT, amount: 1036631n },
    ]);
    expect(swaps[0]!.fees!.map((f) => f.amount)).toEqual([4146521n, 1036631n, 1036631n]);
    expect(ev.quoteAmount - ev.lpFee - ev.protocolFee - ev.coinCreatorFee!).toBe(swaps[0]!.amountOut);
  });

  /** Removes the self-CPI event (instruction and its log lines), optionally the log copy too. */
  function stripEvent(dropLogData: boolean): Json {
    const raw = rawFixture("pumpswap_3QvhUBMprN6M");
    const meta = raw["meta"] as Json;
    const group = (meta["innerInstructions"] as Json[])[0]!;
    group["instructions"] = (group["instructions"] as Json[]).slice(0, 4);
    const logs = meta["logMessages"] as string[];
    logs.splice(logs.indexOf(`Program ${PUMPSWAP_PROGRAM} invoke [2]`), 3);
    if (dropLogData) meta["logMessages"] = logs.filter((l) => !l.startsWith("Program data: "));
    return raw;
  }

  it("falls back to the SellEvent logged as Program data", () => {
    const viaLogs = decodeSwaps(fromRpcTransaction(stripEvent(false)), { slot: 1 });
    expect(viaLogs).toEqual(decodeSwaps(loadTx("pumpswap_3QvhUBMprN6M"), { slot: 1 }));
  });

  it("a sell whose event is nowhere is a DecodeError", () => {
    const { swaps, errors } = decodeSwaps(fromRpcTransaction(stripEvent(true)), { slot: 1 });
    expect(swaps).toEqual([]);
    expect(errors.map((e) => [e.ixPath, e.dex, e.reason])).toEqual([["2", "pumpswap", "SellEvent not found"]]);
  });
});

describe("pumpswap: other fixtures (verified against transfers and balances)", () => {
  it("pumpswap_5bvyp1nob51M: WSOL-base pool, so a 'buy' sells a Token-2022 token for SOL", () => {
    const tx = loadTx("pumpswap_5bvyp1nob51M");
    const { swaps, errors } = decodeSwaps(tx);
    expect(errors).toEqual([]);
    const s = swaps[0]!;
    expect(swaps).toHaveLength(1);
    expect(s).toMatchObject({
      ixPath: "1", pool: "CW644FAJoQE9B9MGqmdfDseS4XfsmgS77ve7zJDJxiPS",
      trader: "95rVs91daKmzom4SM41dg4MRmy5M7rMEHPerenZwWaCq",
      mintIn: "EWV6bjhKF5zkXANCdWPvDs7dofRVk4pKyVTitqgEWj8E", amountIn: 468934276696458n, decimalsIn: 9,
      mintOut: WSOL_MINT, amountOut: 201692493n, decimalsOut: 9,
    });
    expect(tx.preTokenBalances.find((b) => b.mint === s.mintIn)!.programId).toBe(TOKEN_2022_PROGRAM);
    expect(ownerMintDelta(tx, s.trader, s.mintIn)).toBe(-s.amountIn);
    expect(tokenDelta(tx, "Amf6jEUXpAB1Psmhfo5t9U9cYHLRL1MfsfF3HjL5HD4U")).toBe(-s.amountOut); // pool WSOL (base) vault
    // fees are charged in the pool's quote mint, here the Token-2022 token (no creator fee)
    expect(s.fees).toEqual([
      { kind: "lp", mint: s.mintIn, amount: 1168829204129n },
      { kind: "protocol", mint: s.mintIn, amount: 233765840826n },
    ]);
  });

  it("pumpswap_4pCgZ28WbXfp: buy with wrapped SOL from a temporary account", () => {
    const tx = loadTx("pumpswap_4pCgZ28WbXfp");
    const [s, ...rest] = decodeSwaps(tx).swaps;
    expect(rest).toEqual([]);
    expect(s).toMatchObject({
      ixPath: "7", pool: "89aDWhVE39VYX8XCYT9PSNh7A7txWmkKLXZiSBs9D7ur",
      trader: "2QVgwx93rJXm2po3kQpEaU4B23fsUiq58ygkFs3sWPjG",
      mintIn: WSOL_MINT, amountIn: 703590521n, mintOut: "MeU6gTPJkV8J5TwWfUArnmM4sD6X5SYmXotcJtYpump", amountOut: 1205966600208n,
    });
    const ix = ixAt(tx, "7");
    expect(paidFrom(tx, ix, ix.accounts[6]!)).toBe(s!.amountIn);
    expect(ownerMintDelta(tx, s!.trader, s!.mintOut)).toBe(s!.amountOut);
  });

  it("okx-router_2zNeSn8cJpTA: PumpSwap buy routed through OKX, attributed to the signing wallet", () => {
    const tx = loadTx("okx-router_2zNeSn8cJpTA");
    // The hop itself; with routes merged it becomes the single leg of the OKX swap.
    const [s, ...rest] = decodeSwaps(tx, { routes: false }).swaps;
    expect(rest).toEqual([]);
    expect(s).toMatchObject({
      ixPath: "7.2", dex: "pumpswap", pool: "9S3zAF8zVffQvD6EfqaVAdRbnYjVW51kVQDH2vHjk4vq",
      trader: "G2341KGbNxuSAfCfqNuPhfLQtPB94hPfgyVPC89Faor4",
      mintIn: WSOL_MINT, amountIn: 3651693n, mintOut: "8k1DvnFBsbuWJw2t4JqTibR7cAgqadMveqiykMr1pump", amountOut: 4374143343n,
    });
    const ix = ixAt(tx, "7.2");
    expect(paidFrom(tx, ix, ix.accounts[6]!)).toBe(s!.amountIn);
    // the router forwards the tokens to the wallet
    expect(ownerMintDelta(tx, s!.trader, s!.mintOut)).toBe(s!.amountOut);
  });

  it("pumpfun_2ffHb9AXeKNV: buy right after the migration that created the pool", () => {
    const tx = loadTx("pumpfun_2ffHb9AXeKNV");
    const [s] = decodeSwaps(tx).swaps;
    expect(s).toMatchObject({
      ixPath: "3", pool: "Ef7wUrbarRXHNMMgBs8cstSkzRttnstjMsniaq7zMp6j",
      trader: "9ZbTXdPSdKZeTCY215VwzEHhJoiDK4xtbaRqr3f7b3R1",
      mintIn: WSOL_MINT, amountIn: 30014901934n, mintOut: "npB9cxTzwUiGt7jk2dXZa52xZve8SgVD6Et9Bpipump", amountOut: 53878801723012n,
    });
    const ix = ixAt(tx, "3");
    expect(paidFrom(tx, ix, ix.accounts[6]!)).toBe(s!.amountIn);
    expect(ownerMintDelta(tx, s!.trader, s!.mintOut)).toBe(s!.amountOut);
  });

  it("pumpfun_5dnX6d6MqVqX: sell through a bot program right after a migration", () => {
    const tx = loadTx("pumpfun_5dnX6d6MqVqX");
    const [s] = decodeSwaps(tx).swaps;
    expect(s).toMatchObject({
      ixPath: "5.0", trader: "4ceopHPgw9wATNvAMnDdekQoLtRxs4ELvq4FAdMA8UQq",
      mintIn: "Exms4qnKb7GtnPXom1Z4fWn1MnyX46jkcmAy3RWxpump", amountIn: 8459930498924n, mintOut: WSOL_MINT, amountOut: 3528057879n,
    });
    expect(ownerMintDelta(tx, s!.trader, s!.mintIn)).toBe(-s!.amountIn);
  });

  it("pumpswap_63PQNtzDQdBD: liquidity deposit is not a swap", () => {
    expect(decodeSwaps(loadTx("pumpswap_63PQNtzDQdBD"))).toEqual({ swaps: [], errors: [] });
  });
});
