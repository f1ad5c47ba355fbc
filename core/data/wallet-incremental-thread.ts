// An incremental-scoring worker thread: rescores the chunks of changed wallets it is sent.
import { parentPort, workerData } from "node:worker_threads";
import { connectPostgres } from "./db.js";
import type { LaneReply, LaneRequest } from "./wallet-incremental-threads.js";
import { rescoreChanged } from "./wallet-scores.js";

const db = connectPostgres((workerData as { databaseUrl: string }).databaseUrl, { max: 2 });
let run = -1;
let tokenFirstSlots = new Map<string, number>();
parentPort!.on("message", (req: LaneRequest) => {
  if (req.run !== run) {
    run = req.run;
    tokenFirstSlots = new Map();
  }
  const reply = (m: LaneReply) => parentPort!.postMessage(m);
  rescoreChanged(db.sql, req.changes, { nowSec: req.nowSec, settings: req.settings, tokenFirstSlots }).then(
    (counts) => reply({ id: req.id, counts }),
    (err: unknown) => reply({ id: req.id, error: err instanceof Error ? (err.stack ?? err.message) : String(err) }),
  );
});
parentPort!.postMessage({ ready: true } satisfies LaneReply);
