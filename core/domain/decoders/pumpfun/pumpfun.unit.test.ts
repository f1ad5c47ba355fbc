import { describe, expect, it } from "vitest";
import { PUMPFUN_PROGRAM } from "../../programs.js";
import { WSOL_MINT } from "../../swap.js";
import { expectedFields, loadTx, manifest, ownerMintDelta, rawFixture } from "../../test-support/fixtures.js";
import { fromRpcTransaction } from "../../transaction.js";
import type { SolanaTransaction } from "../../transaction.js";
import { TxContext } from "../context.js";
import { decodeSwaps } from "../index.js";
import { lamportDelta } from "../../test-support/raydium.js";
import { readU64 } from "../shared/bytes.js";
import { attributeProgramData } from "../shared/logs.js";
import { extractTokenCreations, findTradeEvent } from "./index.js";

type Json = Record<string, unknown>;

function eventAt(tx: SolanaTransaction, outer: number, inner: number | null) {
  const o = tx.instructions[outer]!;
  const ix = inner === null ? o : o.inner[inner]!;
  return findTradeEvent(ix, new TxContext(tx));
}

describe("pumpfun: pumpfun_3QLV6eN1W1pC (base64, buy through a bot program)", () => {
  const tx = loadTx("pumpfun_3QLV6eN1W1pC");
  const exp = expectedFields("pumpfun_3QLV6eN1W1pC");

  it("decodes the full TradeEvent as the source asserts", () => {
    const ev = eventAt(tx, 2, 6)!;
    expect(ev).toEqual({
      mint: exp["mint"],
      solAmount: BigInt(exp["sol_amount"] as number),
      tokenAmount: BigInt(exp["token_amount"] as number),
      isBuy: exp["is_buy"],
      user: exp["user"],
      timestamp: BigInt(exp["timestamp"] as number),
      virtualSolReserves: BigInt(exp["virtual_sol_reserves"] as number),
      virtualTokenReserves: BigInt(exp["virtual_token_reserves"] as number),
      realSolReserves: BigInt(exp["real_sol_reserves"] as number),
      realTokenReserves: BigInt(exp["real_token_reserves"] as number),
      feeRecipient: exp["fee_recipient"],
      feeBasisPoints: BigInt(exp["fee_basis_points"] as number),
      fee: BigInt(exp["fee"] as number),
      creator: exp["creator"],
      creatorFeeBasisPoints: BigInt(exp["creator_fee_basis_points"] as number),
      creatorFee: BigInt(exp["creator_fee"] as number),
    });
    const buy = tx.instructions[2]!.inner[6]!;
    expect(buy.programId).toBe(PUMPFUN_PROGRAM);
    expect(buy.accounts[3]).toBe(exp["bonding_curve"]);
    expect(buy.accounts[4]).toBe(exp["associated_bonding_curve"]);
    expect(buy.accounts[5]).toBe(exp["associated_user"]);
    expect(buy.accounts[9]).toBe(exp["creator_vault"]);
    expect(readU64(buy.data, 8)).toBe(BigInt(exp["amount"] as number));
    expect(readU64(buy.data, 16)).toBe(BigInt(exp["max_sol_cost"] as number));
  });

  it("produces one swap at the inner instruction", () => {
    const { swaps, errors } = decodeSwaps(tx);
    expect(errors).toEqual([]);
    expect(swaps).toEqual([
      {
        signature: "3QLV6eN1W1pCWvS8pFYK4x7DCbQNsv16zNmjdpFvqbnzYCnMYEEfVWDsewmLJF1MByFBncaTcHXbqSpQhYHzqGEo",
        slot: 356399841,
        blockTime: 1753747643,
        ixPath: "2.6",
        dex: "pumpfun",
        programId: PUMPFUN_PROGRAM,
        pool: exp["bonding_curve"],
        trader: exp["user"],
        mintIn: WSOL_MINT,
        amountIn: 98019n,
        decimalsIn: 9,
        mintOut: exp["mint"],
        amountOut: 1864792795n,
        decimalsOut: 6,
        priceSol: 0.000098019 / 1864.792795,
        priceUsd: null,
        fees: [
          { kind: "protocol", mint: WSOL_MINT, amount: BigInt(exp["fee"] as number) }, // 932
          { kind: "creator", mint: WSOL_MINT, amount: BigInt(exp["creator_fee"] as number) }, // 50
        ],
        // the curve after the trade, as the event states it
        reserves: {
          base: BigInt(exp["virtual_token_reserves"] as number),
          quote: BigInt(exp["virtual_sol_reserves"] as number),
          realQuote: BigInt(exp["real_sol_reserves"] as number),
        },
      },
    ]);
    expect(ownerMintDelta(tx, exp["user"] as string, exp["mint"] as string)).toBe(1864792795n);
  });

  it("fees: the event's fee and creator_fee are the lamports the fee recipient and creator vault received", () => {
    const fees = decodeSwaps(tx).swaps[0]!.fees!;
    expect(fees.map((f) => f.amount)).toEqual([932n, 50n]);
    expect(lamportDelta(tx, exp["fee_recipient"] as string)).toBe(932n);
    expect(lamportDelta(tx, exp["creator_vault"] as string)).toBe(50n);
    // ceil(sol_amount x bps / 10_000) at the event's 95 + 5 basis points
    expect(fees[0]!.amount).toBe((98019n * 95n + 9999n) / 10_000n);
    expect(fees[1]!.amount).toBe((98019n * 5n + 9999n) / 10_000n);
  });
});

describe("pumpfun: pumpfun_3S2vFszSSCxd (jsonParsed, ALT, five buyers in one transaction)", () => {
  const tx = loadTx("pumpfun_3S2vFszSSCxd");
  const { swaps, errors } = decodeSwaps(tx);
  const actions = expectedFields("pumpfun_3S2vFszSSCxd")["expectedActionInfos"] as Record<string, string>[];

  it("the four trades the source asserts are decoded exactly", () => {
    expect(errors).toEqual([]);
    actions.forEach((a, i) => {
      const s = swaps[i]!;
      expect(s).toMatchObject({
        dex: "pumpfun",
        ixPath: String(2 * i + 1),
        trader: a["trader"],
        mintIn: WSOL_MINT,
        amountIn: BigInt(a["solAmount"]!),
        mintOut: a["tokenMint"],
        amountOut: BigInt(a["tokenAmount"]!),
        decimalsOut: 6,
        pool: "CLNCKSequxdx1Lqjq8y1KKPrbeU8nur7ySbEShDdpamY",
        blockTime: Number(a["timestamp"]),
      });
      const ev = eventAt(tx, 2 * i + 1, null)!;
      expect(ev.isBuy).toBe(a["isBuy"]);
      expect(ev.timestamp).toBe(BigInt(a["timestamp"]!));
      expect(ev.virtualSolReserves).toBe(BigInt(a["virtualSolReserves"]!));
      expect(ev.virtualTokenReserves).toBe(BigInt(a["virtualTokenReserves"]!));
    });
  });

  it("also decodes the fifth buy (ix 9) the source's parser reported only 4 of", () => {
    expect(swaps).toHaveLength(5);
    const s = swaps[4]!;
    expect(s).toMatchObject({
      ixPath: "9", trader: "FQNLpC1RtRioMS7eV2K4hpYrrAaVDAQhY5Cx359bpT1i",
      amountIn: 6131259n, amountOut: 217932484410n,
    });
    // checked by hand: the token transfer to the buyer's new ATA and the SOL paid to the curve
    expect(ownerMintDelta(tx, s.trader, s.mintOut)).toBe(217932484410n);
    const solToCurve = tx.instructions[9]!.inner[1]!.parsed as { info: { lamports: number; destination: string } };
    expect(BigInt(solToCurve.info.lamports)).toBe(s.amountIn);
    expect(solToCurve.info.destination).toBe(s.pool);
  });
});

describe("pumpfun: single trades", () => {
  it("pumpfun_3tJczs8y2bR8: sell (jsonParsed)", () => {
    const tx = loadTx("pumpfun_3tJczs8y2bR8");
    const [a] = expectedFields("pumpfun_3tJczs8y2bR8")["expectedActionInfos"] as Record<string, string>[];
    const { swaps, errors } = decodeSwaps(tx);
    expect(errors).toEqual([]);
    expect(swaps).toHaveLength(1);
    expect(swaps[0]).toMatchObject({
      ixPath: "3", trader: a!["trader"], pool: "BtMzrjEpmLTk4ZGdaS9VVp1jfneoyc1AWsU8ko7ffnug",
      mintIn: a!["tokenMint"], amountIn: BigInt(a!["tokenAmount"]!), decimalsIn: 6,
      mintOut: WSOL_MINT, amountOut: BigInt(a!["solAmount"]!), decimalsOut: 9,
    });
    const ev = eventAt(tx, 3, null)!;
    expect(ev.isBuy).toBe(false);
    expect(ev.timestamp).toBe(BigInt(a!["timestamp"]!));
    expect(ev.virtualSolReserves).toBe(BigInt(a!["virtualSolReserves"]!));
    expect(ev.virtualTokenReserves).toBe(BigInt(a!["virtualTokenReserves"]!));
    expect(ownerMintDelta(tx, a!["trader"]!, a!["tokenMint"]!)).toBe(-BigInt(a!["tokenAmount"]!));
  });

  it("pumpfun_2wkECde79Gon: the buy that completes the curve", () => {
    const tx = loadTx("pumpfun_2wkECde79Gon");
    const [a] = expectedFields("pumpfun_2wkECde79Gon")["expectedActionInfos"] as Record<string, string>[];
    const { swaps, errors } = decodeSwaps(tx);
    expect(errors).toEqual([]);
    expect(swaps).toHaveLength(1);
    const s = swaps[0]!;
    expect(s).toMatchObject({
      ixPath: "3.0", dex: "pumpfun", pool: a!["bondingCurve"], trader: a!["user"],
      mintIn: WSOL_MINT, amountIn: 8013305498n, mintOut: a!["tokenMint"], amountOut: 20963465348985n,
    });
    expect(eventAt(tx, 3, 0)!.timestamp).toBe(BigInt(a!["timestamp"]!));
    // an event from before the fee fields were added: fees are not stated, so not reported
    expect(eventAt(tx, 3, 0)!.fee).toBeUndefined();
    expect(s).not.toHaveProperty("fees");
    expect(ownerMintDelta(tx, s.trader, s.mintOut)).toBe(s.amountOut);
  });

  it("pumpfun_trjspFNZZnmB: sell (json, no version key)", () => {
    const tx = loadTx("pumpfun_trjspFNZZnmB");
    const { swaps } = decodeSwaps(tx);
    expect(swaps).toHaveLength(1);
    expect(swaps[0]).toMatchObject({
      ixPath: "2", trader: "G9yQLYTDiKY3zDu8FBCrEhrAUAQAXV7UFV5wPUBbgNck",
      pool: "B8XN84jZCTT31R1qrACR1JYJRTBWDRvJzqFsYZmTzywd",
      mintIn: "3cbRjHtNmGkzUvKT2Hia6pqeUB9S7XGNKZvG7mpP2drF", amountIn: 947132252233n,
      mintOut: WSOL_MINT, amountOut: 62636785n,
    });
    expect(ownerMintDelta(tx, swaps[0]!.trader, swaps[0]!.mintIn)).toBe(-947132252233n);
    // a 2025 sell: fees come off the curve's sol_amount (ceil of 95 and 5 basis points of it)
    expect(swaps[0]!.fees).toEqual([
      { kind: "protocol", mint: WSOL_MINT, amount: 595050n },
      { kind: "creator", mint: WSOL_MINT, amount: 31319n },
    ]);
    expect((62636785n * 95n + 9999n) / 10_000n).toBe(595050n);
    expect((62636785n * 5n + 9999n) / 10_000n).toBe(31319n);
    // the instruction's token amount is exact for a sell
    expect(readU64(tx.instructions[2]!.data, 8)).toBe(947132252233n);
  });

  it("migrations (pumpfun_5dnX…, pumpfun_2ffH…) produce no pump.fun swap, only the PumpSwap trades next to them", () => {
    for (const f of ["pumpfun_5dnX6d6MqVqX", "pumpfun_2ffHb9AXeKNV"]) {
      const { swaps, errors } = decodeSwaps(loadTx(f));
      expect(errors).toEqual([]);
      expect(swaps.map((s) => s.dex)).toEqual(["pumpswap"]);
    }
  });
});

describe("pumpfun: TradeEvent from logs (pre emit_cpi transactions)", () => {
  /** pumpfun_3tJczs8y2bR8 carries the event twice; drop the self-CPI to look like an old tx. */
  function withoutSelfCpi(dropLogData = false): SolanaTransaction {
    const raw = rawFixture("pumpfun_3tJczs8y2bR8");
    const meta = raw["meta"] as Json;
    const group = (meta["innerInstructions"] as Json[])[0]!;
    group["instructions"] = (group["instructions"] as Json[]).filter((ix) => ix["programId"] !== PUMPFUN_PROGRAM);
    const logs = meta["logMessages"] as string[];
    const at = logs.indexOf(`Program ${PUMPFUN_PROGRAM} invoke [2]`);
    logs.splice(at, 3);
    if (dropLogData) meta["logMessages"] = logs.filter((l) => !l.startsWith("Program data: "));
    return fromRpcTransaction(raw);
  }

  it("attributes the Program data line to the pump.fun instruction", () => {
    const tx = withoutSelfCpi();
    const data = attributeProgramData(tx);
    expect([...data.keys()]).toEqual([tx.instructions[3]]);
  });

  it("decodes the same swap from the log line", () => {
    expect(decodeSwaps(withoutSelfCpi())).toEqual(decodeSwaps(loadTx("pumpfun_3tJczs8y2bR8")));
  });

  it("reports a DecodeError when the event is nowhere", () => {
    const { swaps, errors } = decodeSwaps(withoutSelfCpi(true));
    expect(swaps).toEqual([]);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ ixPath: "3", dex: "pumpfun", reason: "TradeEvent not found" });
  });
});

describe("pumpfun: extractTokenCreations", () => {
  it("pumpfun_2nebvBA9wsBg: name, symbol, mint, decimals, creator", () => {
    const tx = loadTx("pumpfun_2nebvBA9wsBg");
    const [a] = expectedFields("pumpfun_2nebvBA9wsBg")["expectedActionInfos"] as Record<string, string | number>[];
    expect(extractTokenCreations(tx)).toEqual([
      {
        mint: a!["tokenMint"],
        name: a!["name"],
        symbol: a!["symbol"],
        decimals: a!["tokenDecimals"],
        creator: a!["createdBy"],
        uri: a!["uri"],
        bondingCurve: a!["bondingCurve"],
        programId: PUMPFUN_PROGRAM,
        ixPath: "2",
      },
    ]);
    // a create without a dev buy is not a swap, and not a balance-delta one either
    expect(decodeSwaps(tx)).toEqual({ swaps: [], errors: [] });
  });

  it("finds nothing in the other fixtures", () => {
    for (const e of manifest()) {
      if (e.file === "pumpfun_2nebvBA9wsBg.json") continue;
      expect(extractTokenCreations(loadTx(e.file)), e.file).toEqual([]);
    }
  });
});
