/**
 * `npm run -s deadletter -- list [--source decode|notify] [--limit N]`
 * `npm run -s deadletter -- retry [--source decode|notify] [--id N]`
 * Lists or retries what failed after its retries (see workers/dead-letters.ts).
 */
import { parseArgs } from "node:util";
import { baseSchema, loadConfig, ConfigError } from "../core/config.js";
import { connectDatabase } from "../core/data/db.js";
import { createQueue, createRedis } from "../core/queues/connection.js";
import { QueueName } from "../core/queues/contract.js";
import { listDeadLetters, retryDeadLetters } from "../workers/dead-letters.js";

const USAGE = "usage: npm run -s deadletter -- list|retry [--source decode|notify] [--id N] [--limit N]";

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { source: { type: "string" }, id: { type: "string" }, limit: { type: "string" } },
});
const command = positionals[0];
if (command !== "list" && command !== "retry") {
  console.error(USAGE);
  process.exit(2);
}
let config;
try {
  config = loadConfig(baseSchema);
} catch (err) {
  console.error(err instanceof ConfigError ? err.message : String(err));
  process.exit(2);
}
const db = await connectDatabase(config.DATABASE_URL);
let code = 0;
try {
  if (command === "list") {
    const rows = await listDeadLetters(db.sql, {
      ...(values.source ? { source: values.source } : {}),
      limit: Number(values.limit ?? 100),
    });
    for (const r of rows) {
      const state = r.retried_at ? `retried ${r.retried_at.toISOString()}` : "pending";
      console.log(`${r.id}\t${r.source}\t${r.key}\t${state}\t${r.reason}`);
    }
    console.error(`${rows.length} dead letter(s)`);
  } else {
    const redis = createRedis(config.REDIS_URL, "worker");
    const deps = { connection: redis, prefix: config.QUEUE_PREFIX };
    const swapBatches = createQueue(QueueName.SwapBatches, deps);
    const notify = createQueue(QueueName.Notify, deps);
    const outcomes = await retryDeadLetters(
      { sql: db.sql, swapBatches, notify, solUsd: Number(process.env.SOL_USD_FALLBACK ?? 150) },
      { ...(values.source ? { source: values.source } : {}), ...(values.id ? { id: values.id } : {}) },
    );
    for (const o of outcomes) console.log(`${o.id}\t${o.ok ? "ok" : "failed"}\t${o.detail}`);
    const failed = outcomes.filter((o) => !o.ok).length;
    console.log(`retried ${outcomes.length}: ${outcomes.length - failed} went through, ${failed} still failing`);
    if (failed) code = 1;
    await Promise.all([swapBatches.close(), notify.close()]);
    redis.disconnect();
  }
} finally {
  await db.close();
}
process.exit(code);
