/**
 * Worker threads for incremental rescoring, kept for the life of the process: each takes chunks
 * of changed wallets and runs `rescoreChanged` on its own connections. An incremental run's
 * JavaScript (reading stored positions, folding, scoring, building the writes) is half its CPU;
 * in one thread it is bound to one core however many chunks are in flight. The threads start
 * once, not per run: a run every few seconds cannot pay a thread's start each time.
 */
import { Worker } from "node:worker_threads";
import type { WalletChange } from "./changed-wallets.js";
import type { RescoreCounts } from "./wallet-scores.js";
import type { ScoreSettings } from "../domain/wallet-score.js";

export interface LaneRequest {
  id: number;
  /** Chunks of one run share the tokens' first slots a thread has read; a new run starts afresh. */
  run: number;
  changes: readonly WalletChange[];
  nowSec: number;
  settings: ScoreSettings;
}

export type LaneReply = { id: number; counts: RescoreCounts } | { id: number; error: string } | { ready: true };

function threadUrl(): URL {
  // From TypeScript sources (tsx, vitest) a thread needs the loader registered first.
  const fromSources = import.meta.url.endsWith(".ts");
  return new URL(fromSources ? "./wallet-incremental-thread-boot.mjs" : "./wallet-incremental-thread.js", import.meta.url);
}

export class IncrementalLanes {
  private readonly workers: Worker[];
  private readonly pending = new Map<number, { resolve: (c: RescoreCounts) => void; reject: (e: Error) => void }>();
  private nextId = 0;
  private failure: Error | null = null;
  /** Settles when every thread has loaded its code and can take chunks. */
  readonly ready: Promise<void>;

  constructor(databaseUrl: string, readonly count: number) {
    const ready: Promise<void>[] = [];
    this.workers = Array.from({ length: count }, () => {
      const w = new Worker(threadUrl(), { workerData: { databaseUrl } });
      ready.push(
        new Promise((resolve, reject) => {
          w.once("message", () => resolve());
          w.once("error", reject);
        }),
      );
      w.on("message", (m: LaneReply) => {
        if ("ready" in m) return;
        const p = this.pending.get(m.id);
        if (!p) return;
        this.pending.delete(m.id);
        if ("error" in m) p.reject(new Error(m.error));
        else p.resolve(m.counts);
      });
      // A thread that dies fails what it held and every later call: the caller's job fails and
      // retries, and the changed wallets stay marked.
      const fail = (err: Error) => {
        this.failure ??= err;
        for (const p of this.pending.values()) p.reject(err);
        this.pending.clear();
      };
      w.on("error", fail);
      w.on("exit", (code) => fail(new Error(`incremental scoring thread exited with code ${code}`)));
      // Idle threads must not keep a finished process alive.
      w.unref();
      return w;
    });
    this.ready = Promise.all(ready).then(() => undefined);
    this.ready.catch(() => {}); // a failed start also fails every `rescore`
  }

  /** Rescores `changes` in lane `lane` (one thread per lane). */
  rescore(lane: number, run: number, changes: readonly WalletChange[], nowSec: number, settings: ScoreSettings): Promise<RescoreCounts> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      const req: LaneRequest = { id, run, changes, nowSec, settings };
      this.workers[lane % this.count]!.postMessage(req);
    });
  }

  async close(): Promise<void> {
    this.failure ??= new Error("incremental scoring threads closed");
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
