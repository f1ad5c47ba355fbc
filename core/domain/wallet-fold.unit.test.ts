import { describe, expect, it } from "vitest";
import type { Trade } from "./pnl.js";
import { prng } from "./test-support/prng.js";
import { BOT_WINDOW_SLOTS, WalletFold, foldTrades } from "./wallet-fold.js";
import { DEFAULT_SCORE_SETTINGS, scoreFold } from "./wallet-score.js";

const NOW = 1_800_000_000;
const MINTS = ["MintA111111111111111111111111111111111111111", "MintB111111111111111111111111111111111111111", "MintC111111111111111111111111111111111111111"];

/** A wallet's trades in chain order: bursts (bot), same-slot buys and sells (mev), gaps of hours. */
function trades(seed: number): Trade[] {
  const r = prng(seed);
  const out: Trade[] = [];
  let slot = 300_000_000;
  let time = NOW - 20 * 86_400;
  for (let i = 0; i < 5 + Math.floor(r() * 80); i++) {
    const step = r() < 0.3 ? 0 : r() < 0.6 ? Math.floor(r() * 20) : Math.floor(r() * 20_000);
    slot += step;
    time += Math.floor(step * 0.4);
    const x = r();
    const kind: Trade["kind"] = x < 0.5 ? "buy" : x < 0.9 ? "sell" : x < 0.95 ? "transfer-in" : "transfer-out";
    const amount = 1n + BigInt(Math.floor(r() * 1e9));
    const valueSol = kind === "buy" || kind === "sell" ? (r() < 0.9 ? Number(amount) * 1e-9 * (0.5 + r()) : null) : null;
    out.push({ mint: MINTS[Math.floor(r() * MINTS.length)]!, kind, amount, decimals: 6, valueSol, valueUsd: valueSol === null ? null : valueSol * 150, slot, time });
  }
  return out;
}

describe("wallet fold", () => {
  it("resumed from its stored state (JSON for the activity) ends where a fold over every trade ends", () => {
    for (const method of ["average", "fifo"] as const) {
      for (let seed = 1; seed < 300; seed++) {
        const all = trades(seed);
        const whole = foldTrades(all, { method });
        const cut = Math.floor(prng(seed + 7)() * (all.length + 1));
        const before = foldTrades(all.slice(0, cut), { method });
        const resumed = new WalletFold(
          { method },
          {
            activity: JSON.parse(JSON.stringify(before.activity)),
            books: [...before.books.values()].map((b) => structuredClone({ position: b.position, lots: b.lots })),
          },
        );
        for (const t of all.slice(cut)) resumed.apply(t);
        expect(resumed.activity, `seed ${seed}`).toEqual(whole.activity);
        expect(resumed.positions(), `seed ${seed}`).toEqual(whole.positions());
        const settings = { ...DEFAULT_SCORE_SETTINGS, method };
        expect(scoreFold("W", resumed, NOW, {}, settings), `seed ${seed}`).toEqual(scoreFold("W", whole, NOW, {}, settings));
        // Only what the later trades touched is marked for writing.
        expect([...resumed.touched!].sort()).toEqual([...new Set(all.slice(cut).map((t) => t.mint))].sort());
      }
    }
  });

  it("keeps the busiest window's trade count and the same-slot round trips", () => {
    const t = (kind: Trade["kind"], slot: number, mint = MINTS[0]!): Trade => ({ mint, kind, amount: 10n, decimals: 0, valueSol: 1, valueUsd: null, slot, time: slot });
    const f = foldTrades([t("buy", 100), t("sell", 100), t("buy", 100, MINTS[1]), t("buy", 200), t("sell", 100 + BOT_WINDOW_SLOTS - 1), t("sell", 500), t("buy", 500)]);
    expect(f.activity.botPeak).toBe(5); // slots 100…249
    expect(f.activity.roundTrips).toEqual([`${MINTS[0]}:100`, `${MINTS[0]}:500`]);
    expect(f.activity.swaps).toBe(7);
  });
});
