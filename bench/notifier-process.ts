/**
 * More notifier processes for the benches that measure a fan-out's send time (BENCH_NOTIFIERS=N
 * runs N-1 of these beside the bench's own notifier), as `WORKER_ROLES=notifier` processes on the
 * same queue would run in production: a burst's bundles are shared between them.
 *
 * Run by `startNotifierProcesses()`; each child connects to the bench's database, Redis and Bot API
 * stand-in, starts the notifier role and reports its CPU when asked.
 */
import { fork, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { connectPostgres, type Database } from "../core/data/db.js";
import { createI18n } from "../core/i18n.js";
import { createLogger } from "../core/logger.js";
import { createTelegramApi } from "../core/telegram.js";
import { startWorkers, type WorkersOptions } from "../workers/app.js";

export interface NotifierProcessOptions {
  databaseUrl: string;
  redisUrl: string;
  queuePrefix: string;
  apiRoot: string;
  concurrency: number;
}

/** The notifier role as the send-time benches run it: unpaced, no rate limit, no sweeper. */
export function unpacedNotifier(db: Database, o: Omit<NotifierProcessOptions, "databaseUrl">): WorkersOptions {
  return {
    roles: new Set(["notifier"]),
    db,
    redisUrl: o.redisUrl,
    queuePrefix: o.queuePrefix,
    logger: createLogger("warn"),
    api: createTelegramApi("1:bench", { apiRoot: o.apiRoot }),
    i18n: createI18n(),
    solUsdFallback: 150,
    batchSize: 500,
    batchMaxWaitMs: 50,
    notifyConcurrency: o.concurrency,
    notifyRatePerSecond: 1_000_000,
    pacing: false,
    sweepEveryMs: 3_600_000,
  };
}

type Request = { kind: "cpu" } | { kind: "close" };
type Reply = { kind: "ready" } | { kind: "cpu"; cpuMs: number };

export interface NotifierProcesses {
  /** CPU ms used by all the children since they started. */
  cpuMs(): Promise<number>;
  close(): Promise<void>;
}

export async function startNotifierProcesses(count: number, opts: NotifierProcessOptions): Promise<NotifierProcesses> {
  const children: ChildProcess[] = [];
  const next = (child: ChildProcess) =>
    new Promise<Reply>((resolve, reject) => {
      child.once("message", (m) => resolve(m as Reply));
      child.once("exit", (code) => reject(new Error(`notifier process exited (${code})`)));
    });
  for (let i = 0; i < count; i++) {
    const child = fork(fileURLToPath(import.meta.url), ["--serve", JSON.stringify(opts)], { execArgv: ["--import", "tsx"], stdio: ["ignore", "inherit", "inherit", "ipc"] });
    children.push(child);
    const ready = await next(child);
    if (ready.kind !== "ready") throw new Error("notifier process did not start");
  }
  return {
    async cpuMs() {
      let total = 0;
      for (const c of children) {
        const reply = next(c);
        c.send({ kind: "cpu" } satisfies Request);
        const r = await reply;
        if (r.kind === "cpu") total += r.cpuMs;
      }
      return total;
    },
    async close() {
      await Promise.all(
        children.map(async (c) => {
          const exited = new Promise((r) => c.once("exit", r));
          c.send({ kind: "close" } satisfies Request);
          await exited;
        }),
      );
    },
  };
}

if (process.argv.includes("--serve") && process.send) {
  const opts = JSON.parse(process.argv[process.argv.indexOf("--serve") + 1]!) as NotifierProcessOptions;
  const db = connectPostgres(opts.databaseUrl, { max: opts.concurrency });
  const workers = await startWorkers(unpacedNotifier(db, opts));
  const cpu0 = process.cpuUsage();
  process.on("message", async (m: Request) => {
    if (m.kind === "cpu") {
      const c = process.cpuUsage(cpu0);
      process.send!({ kind: "cpu", cpuMs: (c.user + c.system) / 1000 } satisfies Reply);
    } else {
      await workers.stop();
      await db.close();
      process.exit(0);
    }
  });
  process.send({ kind: "ready" } satisfies Reply);
}
