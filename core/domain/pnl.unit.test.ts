import { describe, expect, it } from "vitest";
import {
  HOUR_SECONDS,
  PositionBook,
  buildPositions,
  holdSeconds,
  markPosition,
  tradesFromSwap,
  windowSums,
  type CostMethod,
  type Trade,
} from "./pnl.js";
import { USDC_MINT, WSOL_MINT } from "./swap.js";
import { prng } from "./test-support/prng.js";

const M = "Mint111111111111111111111111111111111111111";
let clock = 1_700_000_000;
function t(kind: Trade["kind"], amount: bigint, valueSol: number | null, extra: Partial<Trade> = {}): Trade {
  clock += 60;
  return { mint: M, kind, amount, decimals: 0, valueSol, valueUsd: valueSol === null ? null : valueSol * 100, slot: clock, time: clock, ...extra };
}
const one = (trades: Trade[], method: CostMethod = "average") => buildPositions(trades, { method }).get(M)!;

describe("average cost and FIFO on hand-worked cases", () => {
  const seq = () => [t("buy", 100n, 1), t("buy", 100n, 3), t("sell", 100n, 4)];

  it("partial sell: average cost realizes against the mean price, FIFO against the first lot", () => {
    const avg = one(seq(), "average");
    expect(avg.realizedSol).toBeCloseTo(2, 12); // 4 − 100 × (4 / 200)
    expect(avg.costSol).toBeCloseTo(2, 12);
    expect(avg.held).toBe(100n);
    expect(avg.closed).toBe(false);
    const fifo = one(seq(), "fifo");
    expect(fifo.realizedSol).toBeCloseTo(3, 12); // 4 − 1 (first lot)
    expect(fifo.costSol).toBeCloseTo(3, 12);
    // At 0.03 SOL per token both methods agree on the total.
    const a = markPosition(avg, 0.03);
    const f = markPosition(fifo, 0.03);
    expect(a.unrealizedSol).toBeCloseTo(1, 12);
    expect(f.unrealizedSol).toBeCloseTo(0, 12);
    expect(avg.realizedSol + a.unrealizedSol!).toBeCloseTo(fifo.realizedSol + f.unrealizedSol!, 12);
    expect(a.roi).toBeCloseTo(3 / 4, 12);
    expect(avg.realizedUsd).toBeCloseTo(200, 9);
  });

  it("a sell without any recorded buy claims no profit: its proceeds are unattributed", () => {
    const p = one([t("sell", 50n, 1)]);
    expect(p.realizedSol).toBe(0);
    expect(p.unattributedSol).toBe(1);
    expect(p.oversold).toBe(1);
    expect(p.held).toBe(0n);
    expect(markPosition(p, 1).roi).toBeNull();
  });

  it("selling more than was bought realizes only the covered share", () => {
    const p = one([t("buy", 100n, 1), t("sell", 150n, 3)]);
    expect(p.realizedSol).toBeCloseTo(1, 12); // 3 × 100/150 − 1
    expect(p.unattributedSol).toBeCloseTo(1, 12);
    expect(p.closed).toBe(true);
  });

  it("transferred-in tokens have no cost: average shares a sell between the pools, FIFO sells them first", () => {
    const trades = () => [t("transfer-in", 100n, null), t("buy", 100n, 1), t("sell", 100n, 2)];
    const avg = one(trades(), "average");
    expect(avg.realizedSol).toBeCloseTo(0.5, 12); // half the sold tokens had cost 0.5, sold for 1
    expect(avg.unattributedSol).toBeCloseTo(1, 12);
    expect(avg.costedHeld).toBe(50n);
    const fifo = one(trades(), "fifo");
    expect(fifo.realizedSol).toBe(0);
    expect(fifo.unattributedSol).toBe(2);
    expect(fifo.costedHeld).toBe(100n);
    expect(fifo.costSol).toBe(1);
  });

  it("a transfer out carries its cost away without realizing anything", () => {
    const p = one([t("buy", 100n, 2), t("transfer-out", 50n, null)]);
    expect(p.realizedSol).toBe(0);
    expect(p.costMovedOutSol).toBeCloseTo(1, 12);
    expect(p.costSol).toBeCloseTo(1, 12);
    expect(p.transfers).toBe(1);
  });

  it("dust left after a sell closes the position; the next buy opens a new round", () => {
    const p = one([t("buy", 1_000_000n, 1), t("sell", 999_500n, 2)]);
    expect(p.held).toBe(500n);
    expect(p.closed).toBe(true);
    expect(p.roundsClosed).toBe(1);
    expect(p.heldSecondsClosed).toBe(60);
    const q = one([t("buy", 1_000_000n, 1), t("sell", 990_000n, 2)]);
    expect(q.closed).toBe(false); // 1% left is a holding, not dust
  });

  it("a token gone to zero is a full loss of its cost, flagged worthless", () => {
    const p = one([t("buy", 1000n, 2)]);
    const m = markPosition(p, 0);
    expect(m.unrealizedSol).toBe(-2);
    expect(m.roi).toBe(-1);
    expect(m.worthless).toBe(true);
    expect(markPosition(p, 0.01).worthless).toBe(false);
    expect(markPosition(p, null).unrealizedSol).toBeNull();
  });

  it("hold time adds the open round up to now", () => {
    const p = one([t("buy", 10n, 1)]);
    expect(holdSeconds(p, p.openSince! + 3600)).toBe(3600);
  });

  it("an unpriced sell keeps quantities right and claims nothing", () => {
    const p = one([t("buy", 100n, 1), t("sell", 100n, null)]);
    expect(p.unpriced).toBe(1);
    expect(p.realizedSol).toBe(0);
    expect(p.costMovedOutSol).toBeCloseTo(1, 12);
    expect(p.closed).toBe(true);
  });

  it("sums realized profit, trades and volume by hour, and per window from the hour holding its start", () => {
    clock = Math.ceil(clock / HOUR_SECONDS) * HOUR_SECONDS; // the next trades start an hour
    const trades = [t("buy", 100n, 1), t("sell", 50n, 1), t("sell", 50n, 2, { time: clock + 2 * HOUR_SECONDS })];
    const p = buildPositions(trades).get(M)!;
    expect(windowSums(p, -Infinity)).toEqual({ realizedSol: 2, trades: 3, volumeSol: 4 }); // 0.5 + 1.5
    expect(windowSums(p, 0)).toEqual({ realizedSol: 2, trades: 3, volumeSol: 4 });
    // A start inside the sell's hour takes that whole hour, and nothing before it.
    expect(windowSums(p, trades[2]!.time! + 100)).toEqual({ realizedSol: 1.5, trades: 1, volumeSol: 2 });
    expect(windowSums(p, trades[2]!.time! + HOUR_SECONDS)).toEqual({ realizedSol: 0, trades: 0, volumeSol: 0 });
    expect(p.hours.length).toBe(8); // two hours
  });
});

describe("swaps as trades", () => {
  const base = { slot: 1, blockTime: 5, priceSol: null, priceUsd: null };
  it("values a SOL buy by its SOL side", () => {
    const [tr] = tradesFromSwap({ ...base, mintIn: WSOL_MINT, amountIn: 1_500_000_000n, decimalsIn: 9, mintOut: M, amountOut: 10n, decimalsOut: 0 });
    expect(tr).toMatchObject({ kind: "buy", mint: M, amount: 10n, valueSol: 1.5, valueUsd: null });
  });
  it("values a stablecoin sell by the swap's SOL price, else leaves it unpriced", () => {
    const s = { ...base, mintIn: M, amountIn: 20n, decimalsIn: 0, mintOut: USDC_MINT, amountOut: 3_000_000n, decimalsOut: 6 };
    expect(tradesFromSwap({ ...s, priceSol: 0.01 })[0]).toMatchObject({ kind: "sell", valueSol: 0.2, valueUsd: 3 });
    expect(tradesFromSwap(s)[0]!.valueSol).toBeNull();
  });
  it("skips quote-to-quote swaps and splits token-to-token swaps into unpriced moves", () => {
    expect(tradesFromSwap({ ...base, mintIn: WSOL_MINT, amountIn: 1n, decimalsIn: 9, mintOut: USDC_MINT, amountOut: 1n, decimalsOut: 6 })).toEqual([]);
    const two = tradesFromSwap({ ...base, mintIn: M, amountIn: 5n, decimalsIn: 0, mintOut: "Other", amountOut: 7n, decimalsOut: 0 });
    expect(two.map((x) => [x.kind, x.mint, x.amount])).toEqual([
      ["transfer-out", M, 5n],
      ["transfer-in", "Other", 7n],
    ]);
  });
});

describe("property: realized + unrealized is the position's value change", () => {
  for (const method of ["average", "fifo"] as const) {
    it(`holds for random sequences (${method})`, () => {
      for (let seed = 1; seed <= 400; seed++) {
        const r = prng(seed);
        const n = 1 + Math.floor(r() * 30);
        const trades: Trade[] = [];
        let held = 0n;
        for (let i = 0; i < n; i++) {
          const x = r();
          const kind: Trade["kind"] = x < 0.45 ? "buy" : x < 0.85 ? "sell" : x < 0.93 ? "transfer-in" : "transfer-out";
          // Mostly sells within holdings, sometimes more than held (history we never saw).
          const amount =
            kind === "sell" && held > 0n && r() < 0.8
              ? 1n + BigInt(Math.floor(r() * Number(held)))
              : 1n + BigInt(Math.floor(r() * 1e12));
          const priced = kind === "buy" || kind === "sell" ? r() < 0.9 : false;
          const valueSol = priced ? (Number(amount) / 1e9) * (0.001 + r() * 0.01) : null;
          trades.push({ mint: M, kind, amount, decimals: 9, valueSol, valueUsd: valueSol, slot: i, time: i });
          held += kind === "buy" || kind === "transfer-in" ? amount : -(amount > held ? held : amount);
        }
        const price = r() < 0.1 ? 0 : r() * 0.02;
        const p = buildPositions(trades, { method }).get(M)!;
        const m = markPosition(p, price);
        const bought = trades.filter((x) => x.kind === "buy" && x.valueSol !== null).reduce((a, x) => a + x.valueSol!, 0);
        const sold = trades.filter((x) => x.kind === "sell" && x.valueSol !== null).reduce((a, x) => a + x.valueSol!, 0);
        const valueNow = (Number(held) / 1e9) * price;
        expect(p.held, `seed ${seed}`).toBe(held);
        const lhs = p.realizedSol + m.unrealizedSol! + p.unattributedSol + m.uncostedValueSol!;
        const rhs = sold + valueNow - bought + p.costMovedOutSol;
        expect(Math.abs(lhs - rhs), `seed ${seed}`).toBeLessThan(1e-6 * (1 + bought + sold));
        // With only priced buys and sells within holdings nothing is unattributed or moved out.
        if (trades.every((x) => x.valueSol !== null) && p.oversold === 0) {
          expect(p.unattributedSol).toBeCloseTo(0, 9);
          expect(Math.abs(p.realizedSol + m.unrealizedSol! - (sold + valueNow - bought))).toBeLessThan(1e-6 * (1 + bought));
        }
      }
    });
  }

  it("average and FIFO agree on the total when every trade is priced and covered", () => {
    for (let seed = 1000; seed < 1200; seed++) {
      const r = prng(seed);
      const trades: Trade[] = [];
      let held = 0n;
      for (let i = 0; i < 20; i++) {
        const sell = held > 0n && r() < 0.4;
        const amount = sell ? 1n + BigInt(Math.floor(r() * Number(held))) : 1n + BigInt(Math.floor(r() * 1e9));
        trades.push({ mint: M, kind: sell ? "sell" : "buy", amount, decimals: 6, valueSol: Number(amount) * r() * 1e-6, valueUsd: null, slot: i, time: i });
        held += sell ? -amount : amount;
      }
      const price = r() * 2;
      const a = buildPositions(trades, { method: "average" }).get(M)!;
      const f = buildPositions(trades, { method: "fifo" }).get(M)!;
      const total = (p: typeof a) => p.realizedSol + markPosition(p, price).unrealizedSol!;
      expect(Math.abs(total(a) - total(f)), `seed ${seed}`).toBeLessThan(1e-6 * (1 + a.boughtSol));
    }
  });

  it("a book resumed from a stored copy of its state ends where one book over every trade ends", () => {
    for (const method of ["average", "fifo"] as const) {
      for (let seed = 2000; seed < 2300; seed++) {
        const r = prng(seed);
        const trades: Trade[] = [];
        let held = 0n;
        let time = 1_700_000_000;
        for (let i = 0; i < 1 + Math.floor(r() * 25); i++) {
          const x = r();
          const kind: Trade["kind"] = x < 0.45 ? "buy" : x < 0.85 ? "sell" : x < 0.93 ? "transfer-in" : "transfer-out";
          const amount = kind === "sell" && held > 0n && r() < 0.8 ? 1n + BigInt(Math.floor(r() * Number(held))) : 1n + BigInt(Math.floor(r() * 1e12));
          const valueSol = (kind === "buy" || kind === "sell") && r() < 0.9 ? (Number(amount) / 1e9) * (0.001 + r() * 0.01) : null;
          time += Math.floor(r() * 5000);
          trades.push({ mint: M, kind, amount, decimals: 9, valueSol, valueUsd: r() < 0.9 ? valueSol : null, slot: i, time: r() < 0.05 ? null : time });
          held += kind === "buy" || kind === "transfer-in" ? amount : -(amount > held ? held : amount);
        }
        const whole = new PositionBook(trades[0]!, { method });
        for (const tr of trades) whole.apply(tr);
        const cut = Math.floor(r() * (trades.length + 1));
        let book = new PositionBook(trades[0]!, { method });
        for (const [i, tr] of trades.entries()) {
          if (i === cut) book = new PositionBook(structuredClone({ position: book.position, lots: book.lots }), { method });
          book.apply(tr);
        }
        expect(book.position, `seed ${seed} ${method}`).toEqual(whole.position);
        expect(book.lots, `seed ${seed} ${method}`).toEqual(whole.lots);
      }
    }
  });
});
