/**
 * A full rescore over worker threads: each thread reads, folds, scores and writes one shard of
 * the wallets (`rescoreShard`) on its own connections, so the JavaScript side (parsing, folding,
 * building the COPY text: most of a full rescore's CPU time) runs on every core, and each
 * thread holds only its share of the swaps.
 */
import { Worker } from "node:worker_threads";
import type { RescoreCounts, ShardOptions } from "./wallet-scores.js";

export interface ShardJob {
  databaseUrl: string;
  shard: { index: number; count: number };
  options: Omit<ShardOptions, "onProgress">;
}

export type ShardMessage =
  | { kind: "progress"; phase: "read" | "write"; done: number; total: number }
  | { kind: "done"; counts: RescoreCounts }
  | { kind: "error"; message: string };

const YOUNG_GENERATION_MB = 384;

function threadUrl(): URL {
  // From TypeScript sources (tsx, vitest) a thread needs the loader registered first.
  const fromSources = import.meta.url.endsWith(".ts");
  return new URL(fromSources ? "./wallet-rescore-thread-boot.mjs" : "./wallet-rescore-thread.js", import.meta.url);
}

export async function rescoreInThreads(databaseUrl: string, count: number, o: ShardOptions): Promise<RescoreCounts> {
  const { onProgress, ...options } = o;
  const progress = Array.from({ length: count }, () => ({ read: [0, 1], write: [0, 1] }) as Record<"read" | "write", [number, number]>);
  const run = (index: number) =>
    new Promise<RescoreCounts>((resolve, reject) => {
      const job: ShardJob = { databaseUrl, shard: { index, count }, options };
      // A young generation large enough that a chunk's short-lived values (trades, BigInts, the
      // COPY text) die there instead of being promoted (folding 500k swaps in one thread: 4.5 s
      // of CPU by default, 2.9 s with 512 MB semispaces; the whole bench with 64 MB instead of
      // 384 MB: 7% more CPU for 12% less peak RSS).
      const worker = new Worker(threadUrl(), { workerData: job, resourceLimits: { maxYoungGenerationSizeMb: YOUNG_GENERATION_MB } });
      let settled = false;
      worker.on("message", (m: ShardMessage) => {
        if (m.kind === "progress") {
          progress[index]![m.phase] = [m.done, m.total];
          // Reads cover the same slots in every shard: the slowest one is the progress.
          const parts = progress.map((p) => p[m.phase]);
          const done = m.phase === "read" ? Math.min(...parts.map((p) => p[0])) : parts.reduce((a, p) => a + p[0], 0);
          const total = m.phase === "read" ? parts[0]![1] : parts.reduce((a, p) => a + p[1], 0);
          onProgress?.(m.phase, done, total);
        } else if (m.kind === "done") {
          settled = true;
          resolve(m.counts);
        } else {
          settled = true;
          reject(new Error(`rescore shard ${index}/${count}: ${m.message}`));
        }
      });
      worker.on("error", (err) => {
        settled = true;
        reject(err);
      });
      worker.on("exit", (code) => {
        if (!settled) reject(new Error(`rescore shard ${index}/${count} exited with code ${code}`));
      });
    });
  const all = await Promise.all(Array.from({ length: count }, (_, i) => run(i)));
  return all.reduce((a, c) => ({
    wallets: a.wallets + c.wallets,
    swaps: a.swaps + c.swaps,
    positions: a.positions + c.positions,
    rebuilt: a.rebuilt + c.rebuilt,
  }));
}
