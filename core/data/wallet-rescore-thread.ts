// A full-rescore worker thread: rescores its shard of the wallets and reports back.
import { parentPort, workerData } from "node:worker_threads";
import { connectPostgres } from "./db.js";
import type { ShardJob, ShardMessage } from "./wallet-rescore-threads.js";
import { rescoreShard } from "./wallet-scores.js";

const job = workerData as ShardJob;
const post = (m: ShardMessage) => parentPort!.postMessage(m);
const db = connectPostgres(job.databaseUrl, { max: 3 });
let lastPost = 0;
try {
  const counts = await rescoreShard(db.sql, job.shard, {
    ...job.options,
    onProgress: (phase, done, total) => {
      const now = Date.now();
      if (now - lastPost < 500 && done < total) return;
      lastPost = now;
      post({ kind: "progress", phase, done, total });
    },
  });
  post({ kind: "done", counts });
} catch (err) {
  post({ kind: "error", message: err instanceof Error ? (err.stack ?? err.message) : String(err) });
} finally {
  await db.close();
}
