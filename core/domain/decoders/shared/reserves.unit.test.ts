import { describe, expect, it } from "vitest";
import { viewSwap, WSOL_MINT, type Swap } from "../../swap.js";
import { loadTx, manifest } from "../../test-support/fixtures.js";
import type { SolanaTransaction } from "../../transaction.js";
import { decodeSwaps } from "../index.js";
import { orientReserves } from "./reserves.js";

const VAULT_DEXES = new Set(["raydium-amm-v4", "raydium-cpmm", "pumpswap"]);
// CPMM swaps of the mainnet fixtures are route hops only; its decoder's own test covers its vaults
const FIXTURE_DEXES = ["raydium-amm-v4", "pumpswap"];

function decodedFixtures(): { file: string; tx: SolanaTransaction; swaps: Swap[] }[] {
  return manifest()
    .filter((m) => m.file.endsWith(".json"))
    .map((m) => {
      const tx = loadTx(m.file);
      return { file: m.file, tx, swaps: decodeSwaps(tx).swaps };
    });
}

describe("pool reserves on decoded swaps (mainnet fixtures)", () => {
  const all = decodedFixtures();

  it("constant-product pools: reserves are the post balances of two pool-owned vaults, token and quote side", () => {
    const seen = new Map<string, number>();
    for (const { file, tx, swaps } of all) {
      for (const s of swaps) {
        if (!s.reserves || !VAULT_DEXES.has(s.dex)) continue;
        const v = viewSwap(s);
        // one vault per side, both owned by the same pool authority, never by the trader
        const base = tx.postTokenBalances.filter((b) => b.mint === v.tokenMint && b.amount === s.reserves!.base && b.owner !== s.trader);
        const quote = tx.postTokenBalances.filter((b) => b.mint === v.quoteMint && b.amount === s.reserves!.quote && b.owner !== s.trader);
        expect(base.length, `${file} ${s.ixPath} base vault`).toBeGreaterThan(0);
        expect(quote.length, `${file} ${s.ixPath} quote vault`).toBeGreaterThan(0);
        const owners = new Set(base.map((b) => b.owner));
        expect(quote.some((q) => owners.has(q.owner)), `${file} ${s.ixPath} same authority`).toBe(true);
        expect(s.reserves.realQuote).toBeUndefined();
        seen.set(s.dex, (seen.get(s.dex) ?? 0) + 1);
      }
    }
    // every vault-based decoder fills them on the fixtures that have its swaps
    for (const dex of FIXTURE_DEXES) expect(seen.get(dex) ?? 0, dex).toBeGreaterThan(0);
  });

  it("constant product: the reserves before the trade (post minus what the pool took, plus what it paid) give the same k, or a little less (fees stay in the pool)", () => {
    let n = 0;
    for (const { swaps } of all) {
      for (const s of swaps) {
        if (!s.reserves || !VAULT_DEXES.has(s.dex) || s.legs) continue;
        const v = viewSwap(s);
        const r = s.reserves;
        // what the trader paid may include fees that never reach the vault: k before is then
        // underestimated, which only widens the lower bound below
        const [b0, q0] = v.side === "buy" ? [r.base + v.tokenAmount, r.quote - v.quoteAmount] : [r.base - v.tokenAmount, r.quote + v.quoteAmount];
        const ratio = Number(r.base * r.quote) / Number(b0 * q0);
        expect(ratio, `${s.signature} ${s.ixPath}`).toBeGreaterThanOrEqual(0.999999);
        expect(ratio, `${s.signature} ${s.ixPath}`).toBeLessThan(1.05);
        n++;
      }
    }
    expect(n).toBeGreaterThan(3);
  });

  it("pump.fun: virtual reserves from the trade event; real SOL is the virtual SOL less the curve's 30 SOL", () => {
    let n = 0;
    for (const { swaps } of all) {
      for (const s of swaps) {
        if (s.dex !== "pumpfun" || !s.reserves) continue;
        const v = viewSwap(s);
        expect(v.quoteMint).toBe(WSOL_MINT);
        expect(s.reserves.realQuote).toBeDefined();
        expect(s.reserves.quote - s.reserves.realQuote!).toBe(30_000_000_000n);
        n++;
      }
    }
    expect(n).toBeGreaterThan(3);
  });

  it("concentrated-liquidity and curve pools carry no vault reserves", () => {
    for (const { swaps } of all) {
      for (const s of swaps) {
        if (["raydium-clmm", "orca-whirlpool", "meteora-dlmm", "meteora-dbc", "meteora-damm-v1"].includes(s.dex)) {
          expect(s.reserves, `${s.dex} ${s.signature}`).toBeUndefined();
        }
      }
    }
  });

  it("orients input/output reserves as token/quote", () => {
    const TOKEN = "Token1111111111111111111111111111111111111";
    expect(orientReserves({ mintIn: WSOL_MINT, mintOut: TOKEN }, 5n, 7n)).toEqual({ base: 7n, quote: 5n });
    expect(orientReserves({ mintIn: TOKEN, mintOut: WSOL_MINT }, 5n, 7n)).toEqual({ base: 5n, quote: 7n });
  });
});
