/**
 * `npm run -s deadletter -- list [--source decode|notify|slot-gap] [--limit N]`
 * `npm run -s deadletter -- retry [decode|notify|slot-gap] [--source S] [--id N]`
 * Lists or retries what failed after its retries (see workers/dead-letters.ts). Slot gaps are
 * backfilled over SOLANA_RPC_URL with a progress line on stderr; their swaps go to the
 * swap-batches queue, stored by a running pipeline like any other batch.
 */
import { parseArgs } from "node:util";
import pino from "pino";
import { baseSchema, loadConfig, ConfigError, workersSchema } from "../core/config.js";
import { connectDatabase } from "../core/data/db.js";
import { createQueue, createRedis } from "../core/queues/connection.js";
import { QueueName } from "../core/queues/contract.js";
import { createLogger } from "../core/logger.js";
import { listDeadLetters, retryDeadLetters } from "../workers/dead-letters.js";
import { fillSlotGap, slotGapProgressLine, type SlotGapStatus } from "../workers/periodic/slot-gaps.js";

const USAGE = "usage: npm run -s deadletter -- list|retry [decode|notify|slot-gap] [--source S] [--id N] [--limit N]";

const { positionals, values } = parseArgs({
  allowPositionals: true,
  options: { source: { type: "string" }, id: { type: "string" }, limit: { type: "string" } },
});
const command = positionals[0];
if ((command !== "list" && command !== "retry") || positionals.length > 2 || (positionals[1] && values.source)) {
  console.error(USAGE);
  process.exit(2);
}
// `retry slot-gap` reads as well as `retry --source slot-gap`.
const source = positionals[1] ?? values.source;
const schema = baseSchema.extend({
  SOLANA_RPC_URL: workersSchema.shape.SOLANA_RPC_URL,
  SOL_USD_FALLBACK: workersSchema.shape.SOL_USD_FALLBACK,
  SWAP_BATCH_SIZE: workersSchema.shape.SWAP_BATCH_SIZE,
  SLOT_GAP_CONCURRENCY: workersSchema.shape.SLOT_GAP_CONCURRENCY,
  SLOT_GAP_MAX_SLOTS: workersSchema.shape.SLOT_GAP_MAX_SLOTS,
  SLOT_GAP_REQUESTS_PER_SECOND: workersSchema.shape.SLOT_GAP_REQUESTS_PER_SECOND,
  YELLOWSTONE_COMMITMENT: workersSchema.shape.YELLOWSTONE_COMMITMENT,
});
let config;
try {
  config = loadConfig(schema);
} catch (err) {
  console.error(err instanceof ConfigError ? err.message : String(err));
  process.exit(2);
}
const db = await connectDatabase(config.DATABASE_URL);
let code = 0;
try {
  if (command === "list") {
    const rows = await listDeadLetters(db.sql, {
      ...(source ? { source } : {}),
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
    const abort = new AbortController();
    process.once("SIGINT", () => abort.abort());
    process.once("SIGTERM", () => abort.abort());
    const tty = process.stderr.isTTY === true;
    // -Infinity, not 0: performance.now() counts from process start, so a fill that begins within
    // the first two seconds would otherwise print no progress at all.
    let lastDraw = -Infinity;
    const draw = (st: Readonly<SlotGapStatus>) => {
      const now = performance.now();
      if (now - lastDraw < (tty ? 100 : 2000)) return;
      lastDraw = now;
      const line = slotGapProgressLine(st);
      process.stderr.write(tty ? `\r\x1b[2K${line}` : `${line}\n`);
    };
    const rpcUrl = config.SOLANA_RPC_URL;
    const outcomes = await retryDeadLetters(
      {
        sql: db.sql,
        swapBatches,
        notify,
        solUsd: config.SOL_USD_FALLBACK,
        ...(rpcUrl
          ? {
              slotGaps: (row) =>
                fillSlotGap(
                  row,
                  {
                    sql: db.sql,
                    queue: swapBatches,
                    logger: createLogger(process.env.LOG_LEVEL ? config.LOG_LEVEL : "warn", "deadletter", pino.destination(2)),
                    solUsdFallback: config.SOL_USD_FALLBACK,
                    batchSize: config.SWAP_BATCH_SIZE,
                    onProgress: draw,
                    signal: abort.signal,
                  },
                  {
                    rpcUrl,
                    concurrency: config.SLOT_GAP_CONCURRENCY,
                    maxSlots: config.SLOT_GAP_MAX_SLOTS,
                    requestsPerSecond: config.SLOT_GAP_REQUESTS_PER_SECOND,
                    commitment: config.YELLOWSTONE_COMMITMENT === "finalized" ? "finalized" : "confirmed",
                  },
                ).finally(() => {
                  if (tty && lastDraw > -Infinity) process.stderr.write("\n");
                  lastDraw = -Infinity;
                }),
            }
          : {}),
      },
      { ...(source ? { source } : {}), ...(values.id ? { id: values.id } : {}) },
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
