/**
 * decode: JSON text -> normalized transaction -> swaps, on one core, over the bundled real
 * mainnet transactions (every DEX in the set, including non-swaps and failures, in rotation).
 * Reports transactions/s with and without JSON.parse, and swaps/s.
 */
import { decodeSwaps } from "../core/domain/decoders/index.js";
import { fromRpcTransaction } from "../core/domain/transaction.js";
import { transactionTexts } from "./fixtures.js";
import { median, round } from "./stats.js";

const ROUND_MS = 1000;
const ROUNDS = 5;

function timed(fn: () => number): { perSec: number; outputs: number } {
  let n = 0;
  let outputs = 0;
  const start = performance.now();
  let now = start;
  while (now - start < ROUND_MS) {
    for (let i = 0; i < 100; i++) {
      outputs += fn();
      n++;
    }
    now = performance.now();
  }
  const secs = (now - start) / 1000;
  return { perSec: n / secs, outputs: outputs / secs };
}

export async function run(): Promise<Record<string, number>> {
  const texts = await transactionTexts();
  const parsed = texts.map((t) => JSON.parse(t) as unknown);
  const slotFor = (raw: unknown) => ((raw as { slot?: number }).slot === undefined ? { slot: 1 } : {});
  let i = 0;
  let j = 0;
  const withParse = () => {
    const raw = JSON.parse(texts[i++ % texts.length]!) as unknown;
    return decodeSwaps(fromRpcTransaction(raw, slotFor(raw))).swaps.length;
  };
  const decodeOnly = () => {
    const raw = parsed[j++ % parsed.length];
    return decodeSwaps(fromRpcTransaction(raw, slotFor(raw))).swaps.length;
  };
  for (let w = 0; w < 20_000; w++) decodeOnly(); // warm-up (JIT)
  const a: number[] = [];
  const b: number[] = [];
  const swaps: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const x = timed(withParse);
    a.push(x.perSec);
    const y = timed(decodeOnly);
    b.push(y.perSec);
    swaps.push(y.outputs);
    process.stderr.write(`decode round ${r + 1}/${ROUNDS}: ${round(x.perSec)} tx/s with JSON.parse, ${round(y.perSec)} without\n`);
  }
  const avgBytes = texts.reduce((s, t) => s + t.length, 0) / texts.length;
  return {
    transactions: texts.length,
    avgTxBytes: round(avgBytes),
    txPerSec: round(median(b)),
    txPerSecWithParse: round(median(a)),
    swapsPerSec: round(median(swaps)),
  };
}
