/**
 * decode: raw transaction -> normalized model -> swaps, on one core, over the bundled real
 * mainnet transactions, in both shapes the pipeline receives:
 * - RPC JSON (replay, backfill): the 42 getTransaction results (every DEX in the set, failures
 *   and non-swaps included, json / jsonParsed / base64 encodings), decode only and with
 *   `JSON.parse` of the text;
 * - gRPC (the live stream): the 9 recorded Yellowstone `SubscribeUpdate`s, from the client's
 *   decoded objects (`grpcToRpcTransaction` -> `fromRpcTransaction` -> `decodeSwaps`) and with
 *   the protobuf decode of the wire bytes included.
 *
 * Rates are per CPU second of this process (`process.cpuUsage`), i.e. per core: on a shared
 * machine, wall-clock rates drop whenever another process takes the core, which says nothing
 * about this code. GC helper threads count against us. The wall-clock rates are reported too.
 * Each figure is the median of ROUNDS timed rounds after a warm-up. Mind that the decode-only
 * rounds reuse the same parsed objects: V8 caches string hashes on them, so lookups keyed by
 * their strings cost less than on freshly parsed input (the with-parse rounds have no such help).
 */
import { SubscribeUpdate } from "@triton-one/yellowstone-grpc";
import { decodeSwaps } from "../core/domain/decoders/index.js";
import { grpcToRpcTransaction } from "../core/domain/grpc-transaction.js";
import type { GrpcTransactionUpdate } from "../core/domain/grpc-transaction.js";
import { fromRpcTransaction } from "../core/domain/transaction.js";
import { grpcUpdateBytes, transactionTexts } from "./fixtures.js";
import { median, round } from "./stats.js";

const ROUND_MS = 900;
const ROUNDS = 5;

interface Rate {
  /** per CPU second */
  perSec: number;
  perWallSec: number;
  /** outputs (swaps) per CPU second */
  outputs: number;
}

function timed(fn: () => number): Rate {
  let n = 0;
  let outputs = 0;
  const cpu0 = process.cpuUsage();
  const start = performance.now();
  let now = start;
  while (now - start < ROUND_MS) {
    for (let i = 0; i < 50; i++) {
      outputs += fn();
      n++;
    }
    now = performance.now();
  }
  const cpu = process.cpuUsage(cpu0);
  const cpuSecs = (cpu.user + cpu.system) / 1e6;
  return { perSec: n / cpuSecs, perWallSec: n / ((now - start) / 1000), outputs: outputs / cpuSecs };
}

function rotate<T>(items: readonly T[]): () => T {
  let i = 0;
  return () => items[i++ % items.length]!;
}

export async function run(): Promise<Record<string, number>> {
  // RPC JSON
  const texts = await transactionTexts();
  const parsed = texts.map((t) => JSON.parse(t) as unknown);
  const slotFor = (raw: unknown) => ((raw as { slot?: number }).slot === undefined ? { slot: 1 } : {});
  const nextText = rotate(texts);
  const nextParsed = rotate(parsed);
  const withParse = () => {
    const raw = JSON.parse(nextText()) as unknown;
    return decodeSwaps(fromRpcTransaction(raw, slotFor(raw))).swaps.length;
  };
  const decodeOnly = () => {
    const raw = nextParsed();
    return decodeSwaps(fromRpcTransaction(raw, slotFor(raw))).swaps.length;
  };

  // gRPC
  const wire = await grpcUpdateBytes();
  const updates = wire.map((b) => {
    const u = SubscribeUpdate.decode(b).transaction;
    if (!u) throw new Error("a recorded update without a transaction");
    return u as GrpcTransactionUpdate;
  });
  const nextWire = rotate(wire);
  const nextUpdate = rotate(updates);
  const grpcOnly = () => decodeSwaps(fromRpcTransaction(grpcToRpcTransaction(nextUpdate()))).swaps.length;
  const grpcWithProtobuf = () => {
    const u = SubscribeUpdate.decode(nextWire()).transaction as GrpcTransactionUpdate;
    return decodeSwaps(fromRpcTransaction(grpcToRpcTransaction(u))).swaps.length;
  };

  // One shape after the other: a process ingests either the gRPC stream or RPC JSON, and
  // feeding both object shapes through the same functions makes V8's inline caches
  // polymorphic, which would slow each figure down for a reason production does not have.
  // RPC JSON is measured first, on code that has seen nothing else.
  const series = { parse: [] as Rate[], only: [] as Rate[], grpc: [] as Rate[], grpcPb: [] as Rate[] };
  // Decode-only rounds come before the JSON.parse rounds, whose garbage (a fresh 18 KB object
  // graph per transaction) would otherwise be collected, and charged, during them.
  for (let w = 0; w < 20_000; w++) decodeOnly(); // warm-up (JIT)
  for (let r = 0; r < ROUNDS; r++) {
    const y = timed(decodeOnly);
    series.only.push(y);
    process.stderr.write(`decode round ${r + 1}/${ROUNDS} RPC JSON: ${round(y.perSec)} tx per CPU second, decode only\n`);
  }
  for (let w = 0; w < 2_000; w++) withParse();
  for (let r = 0; r < ROUNDS; r++) {
    const x = timed(withParse);
    series.parse.push(x);
    process.stderr.write(`decode round ${r + 1}/${ROUNDS} RPC JSON: ${round(x.perSec)} tx per CPU second with JSON.parse\n`);
  }
  for (let w = 0; w < 5_000; w++) grpcOnly();
  for (let w = 0; w < 2_000; w++) grpcWithProtobuf();
  for (let r = 0; r < ROUNDS; r++) {
    const g = timed(grpcOnly);
    const p = timed(grpcWithProtobuf);
    series.grpc.push(g);
    series.grpcPb.push(p);
    process.stderr.write(`decode round ${r + 1}/${ROUNDS} gRPC: ${round(g.perSec)} tx per CPU second, ${round(p.perSec)} with protobuf decode\n`);
  }
  const med = (rs: Rate[], f: (r: Rate) => number) => round(median(rs.map(f)));
  const avgBytes = texts.reduce((s, t) => s + t.length, 0) / texts.length;
  return {
    transactions: texts.length,
    avgTxBytes: round(avgBytes),
    txPerSec: med(series.only, (r) => r.perSec),
    // the fastest round: what the core does when nothing else on the host gets in the way
    txPerSecBest: round(Math.max(...series.only.map((r) => r.perSec))),
    txPerSecWithParse: med(series.parse, (r) => r.perSec),
    swapsPerSec: med(series.only, (r) => r.outputs),
    grpcTransactions: updates.length,
    avgGrpcBytes: round(wire.reduce((s, b) => s + b.length, 0) / wire.length),
    grpcTxPerSec: med(series.grpc, (r) => r.perSec),
    grpcTxPerSecWithProtobuf: med(series.grpcPb, (r) => r.perSec),
    txPerWallSec: med(series.only, (r) => r.perWallSec),
    txPerWallSecWithParse: med(series.parse, (r) => r.perWallSec),
    grpcTxPerWallSec: med(series.grpc, (r) => r.perWallSec),
    grpcTxPerWallSecWithProtobuf: med(series.grpcPb, (r) => r.perWallSec),
  };
}
