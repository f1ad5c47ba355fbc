/**
 * slot-range: how fast a slot gap is read back over JSON-RPC, on this side of the wire. A local
 * HTTP server answers getBlocks/getBlock with mainnet-like blocks (1,200 transactions each: ~2/3
 * votes, ~3% DEX transactions taken from the real fixtures, the rest other programs), the
 * SlotRangeDatasource fetches them with 4 in flight, filters by program id and the consumer
 * decodes what is kept (as the ingest loop does, without the queue).
 *
 * The server runs in this process with every answer serialized in advance, so its cost is the
 * socket writes; JSON.parse of each block and the filter are ours. Against a real provider the
 * request rate (SLOT_GAP_REQUESTS_PER_SECOND) and the network decide, not this figure: it says
 * how many slots per second one core can take in at most.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { defaultRegistry } from "../core/domain/decoders/index.js";
import { fromRpcTransaction } from "../core/domain/transaction.js";
import { isSkipped } from "../workers/ingest/datasource.js";
import { decodeRaw } from "../workers/ingest/ingest.js";
import { SlotRangeDatasource, VOTE_PROGRAM_ID } from "../workers/ingest/slot-range.js";
import { transactionTexts } from "./fixtures.js";
import { median, round } from "./stats.js";

const BLOCKS = 40;
const PER_BLOCK = 1_200;
const ROUNDS = 2;
const BASE = 250_000_000;

export async function run(): Promise<Record<string, number>> {
  const programs = new Set(defaultRegistry.keys());
  const entries = (await transactionTexts()).map((t) => {
    const { slot: _s, blockTime: _b, ...e } = JSON.parse(t) as Record<string, unknown>;
    return e;
  });
  const dex = entries.filter((e) => {
    const tx = fromRpcTransaction({ ...e, slot: 1 });
    return !tx.failed && tx.accountKeys.some((k) => programs.has(k));
  });
  const other = entries.find((e) => !fromRpcTransaction({ ...e, slot: 1 }).accountKeys.some((k) => programs.has(k)))!;
  const vote = structuredClone(other) as { transaction: { message: { accountKeys: string[] } } };
  vote.transaction.message.accountKeys.push(VOTE_PROGRAM_ID);

  // One block's transactions, as text; each block is that list under its own slot.
  const txs: unknown[] = [];
  for (let i = 0; i < PER_BLOCK; i++) {
    const r = i % 100;
    txs.push(r < 3 ? dex[i % dex.length] : r < 67 ? vote : other);
  }
  const txsText = JSON.stringify(txs);
  const blockText = (slot: number) =>
    `{"blockhash":"h${slot}","previousBlockhash":"h${slot - 1}","parentSlot":${slot - 1},"blockTime":${1_700_000_000 + slot},"blockHeight":${slot},"transactions":${txsText}}`;
  const answers = new Map<number, string>();
  for (let s = BASE; s < BASE + BLOCKS; s++) answers.set(s, blockText(s));
  const bytesPerBlock = Buffer.byteLength(answers.get(BASE)!);

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const call = JSON.parse(Buffer.concat(chunks).toString()) as { id: number; method: string; params: [number, number?] };
      res.writeHead(200, { "content-type": "application/json" });
      if (call.method === "getBlocks") {
        const [from, to = from] = call.params;
        const list = [...answers.keys()].filter((s) => s >= from && s <= to);
        res.end(JSON.stringify({ jsonrpc: "2.0", id: call.id, result: list }));
      } else {
        res.end(`{"jsonrpc":"2.0","id":${call.id},"result":${answers.get(call.params[0]) ?? "null"}}`);
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const rates: { slots: number; slotsCpu: number; txs: number; kept: number; swaps: number }[] = [];
  for (let round_ = 0; round_ <= ROUNDS; round_++) {
    const ds = new SlotRangeDatasource({ rpcUrl: url, from: BASE, to: BASE + BLOCKS - 1, programIds: programs, concurrency: 4, requestsPerSecond: 1e6 });
    let swaps = 0;
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    for await (const item of ds.read(new AbortController().signal)) {
      if (isSkipped(item)) continue;
      swaps += decodeRaw(item, 150).swaps.length;
    }
    const secs = (performance.now() - t0) / 1000;
    const cpu = process.cpuUsage(cpu0);
    const cpuSecs = (cpu.user + cpu.system) / 1e6;
    process.stderr.write(`slot-range round ${round_}: ${BLOCKS} blocks in ${secs.toFixed(2)} s (${cpuSecs.toFixed(2)} CPU s), ${ds.progress.kept} kept, ${swaps} swaps\n`);
    // Round 0 warms up.
    if (round_ > 0) {
      rates.push({
        slots: BLOCKS / secs,
        slotsCpu: BLOCKS / cpuSecs,
        txs: ds.progress.transactions / secs,
        kept: ds.progress.kept / secs,
        swaps: swaps / secs,
      });
    }
  }
  server.close();
  const m = (k: keyof (typeof rates)[number]) => round(median(rates.map((r) => r[k])));
  return {
    blockTransactions: PER_BLOCK,
    blockKB: round(bytesPerBlock / 1024),
    blocksPerSec: m("slots"),
    blocksPerCpuSec: m("slotsCpu"),
    transactionsPerSec: m("txs"),
    dexTransactionsPerSec: m("kept"),
    swapsPerSec: m("swaps"),
  };
}
