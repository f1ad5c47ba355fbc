/**
 * Imports a library of candidate wallet addresses (text or CSV, any size: read as a stream) into
 * wallet_library, then optionally backfills their history over RPC:
 *
 *   npm run -s import-wallets -- <file> [--source NAME] [--backfill] [--pages N] [--rpc URL]
 *
 * Bad lines never stop the import: each is written with its line number and reason to
 * `<file>.rejected.txt` (the first few also to stderr). Rows go in by batches of 5,000 with one
 * statement each, and importing the same file again adds nothing. stderr: a progress line;
 * stdout: one JSON summary. With --backfill, wallets not backfilled yet are backfilled one after
 * another (the swaps land in the swap table and mark the wallets for rescoring).
 */
import { createReadStream, createWriteStream } from "node:fs";
import { stat } from "node:fs/promises";
import path from "node:path";
import readline from "node:readline";
import { pathToFileURL } from "node:url";
import type { SqlRunner } from "../core/data/db.js";
import { parseLibraryLine } from "../core/domain/wallet-library.js";

export const USAGE = "usage: npm run -s import-wallets -- <file> [--source NAME] [--backfill] [--pages N] [--rpc URL]";
const BATCH = 5_000;

export interface ImportCounts {
  lines: number;
  valid: number;
  inserted: number;
  bad: number;
  skipped: number;
}

async function insertBatch(sql: SqlRunner, rows: { address: string; label: string | null }[], source: string): Promise<number> {
  if (rows.length === 0) return 0;
  const r = await sql.query<{ n: string }>(
    `WITH ins AS (
       INSERT INTO wallet_library (address, label, source)
       SELECT DISTINCT ON (a) a, l, $3 FROM unnest($1::text[], $2::text[]) AS x(a, l)
       ON CONFLICT (address) DO NOTHING RETURNING 1)
     SELECT count(*) AS n FROM ins`,
    [rows.map((x) => x.address), rows.map((x) => x.label), source],
  );
  return Number(r[0]?.n ?? 0);
}

/** Streams `file` into wallet_library; bad lines go to `rejectedPath`. */
export async function importWallets(
  sql: SqlRunner,
  file: string,
  o: { source?: string; rejectedPath?: string; onProgress?: (c: ImportCounts, bytes: number, total: number) => void; onBad?: (lineNo: number, reason: string) => void } = {},
): Promise<ImportCounts & { rejectedPath: string }> {
  const total = (await stat(file)).size;
  const source = o.source ?? path.basename(file);
  const rejectedPath = o.rejectedPath ?? `${file}.rejected.txt`;
  const rejected = createWriteStream(rejectedPath);
  const input = createReadStream(file, { encoding: "utf8" });
  let bytes = 0;
  input.on("data", (chunk) => (bytes += Buffer.byteLength(chunk as string)));
  const counts: ImportCounts = { lines: 0, valid: 0, inserted: 0, bad: 0, skipped: 0 };
  let batch: { address: string; label: string | null }[] = [];
  let lastProgress = 0;
  try {
    for await (const line of readline.createInterface({ input, crlfDelay: Infinity })) {
      counts.lines++;
      const parsed = parseLibraryLine(line, counts.lines);
      if (parsed.kind === "skip") counts.skipped++;
      else if (parsed.kind === "bad") {
        counts.bad++;
        rejected.write(`${counts.lines}\t${parsed.reason}\t${JSON.stringify(line.slice(0, 120))}\n`);
        o.onBad?.(counts.lines, parsed.reason);
      } else {
        counts.valid++;
        batch.push({ address: parsed.address, label: parsed.label });
        if (batch.length >= BATCH) {
          counts.inserted += await insertBatch(sql, batch, source);
          batch = [];
        }
      }
      if (o.onProgress && Date.now() - lastProgress > 500) {
        lastProgress = Date.now();
        o.onProgress(counts, bytes, total);
      }
    }
    counts.inserted += await insertBatch(sql, batch, source);
    o.onProgress?.(counts, total, total);
  } finally {
    await new Promise<void>((resolve) => rejected.end(resolve));
  }
  return { ...counts, rejectedPath };
}

export function parseImportArgs(argv: readonly string[]):
  | { ok: true; file: string; source?: string; backfill: boolean; pages?: number; rpc?: string }
  | { ok: false; error: string } {
  const positional: string[] = [];
  const flags: Record<string, string> = {};
  let backfill = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "--") continue;
    if (a === "--backfill") {
      backfill = true;
      continue;
    }
    if (a.startsWith("--")) {
      const name = a.slice(2);
      if (!["source", "pages", "rpc"].includes(name)) return { ok: false, error: `unknown option ${a} (${USAGE})` };
      const v = argv[++i];
      if (v === undefined) return { ok: false, error: `${a} needs a value (${USAGE})` };
      flags[name] = v;
    } else positional.push(a);
  }
  if (positional.length !== 1) return { ok: false, error: `give exactly one file (${USAGE})` };
  const pages = flags.pages === undefined ? undefined : Number(flags.pages);
  if (pages !== undefined && !(Number.isInteger(pages) && pages >= 1)) return { ok: false, error: `--pages must be a whole number ≥ 1` };
  return {
    ok: true,
    file: positional[0]!,
    backfill,
    ...(flags.source !== undefined ? { source: flags.source } : {}),
    ...(pages !== undefined ? { pages } : {}),
    ...(flags.rpc !== undefined ? { rpc: flags.rpc } : {}),
  };
}

async function main(): Promise<number> {
  const args = parseImportArgs(process.argv.slice(2));
  if (!args.ok) {
    process.stderr.write(`import-wallets: ${args.error}\n`);
    return 2;
  }
  try {
    await stat(args.file);
  } catch {
    process.stderr.write(`import-wallets: cannot read ${JSON.stringify(args.file)}\n`);
    return 2;
  }
  const { baseSchema, loadConfig, workersSchema } = await import("../core/config.js");
  const { connectDatabase } = await import("../core/data/db.js");
  const config = loadConfig(baseSchema.extend({ SOLANA_RPC_URL: workersSchema.shape.SOLANA_RPC_URL }));
  const db = await connectDatabase(config.DATABASE_URL);
  const tty = process.stderr.isTTY;
  let shownBad = 0;
  try {
    const result = await importWallets(db.sql, args.file, {
      ...(args.source !== undefined ? { source: args.source } : {}),
      onBad: (lineNo, reason) => {
        if (shownBad++ < 10) process.stderr.write(`${tty ? "\n" : ""}import-wallets: line ${lineNo}: ${reason}\n`);
      },
      onProgress: (c, bytes, total) => {
        const line = `import-wallets: ${Math.floor((100 * bytes) / Math.max(1, total))}% · ${c.lines.toLocaleString("en-US")} lines · ${c.valid.toLocaleString("en-US")} addresses (${c.inserted.toLocaleString("en-US")} new) · ${c.bad} bad`;
        process.stderr.write(tty ? `\r${line}` : `${line}\n`);
      },
    });
    if (tty) process.stderr.write("\n");
    const backfill = args.backfill ? await backfillLibrary(db, config, args) : { backfilled: 0 };
    process.stdout.write(`${JSON.stringify({ ...result, ...backfill })}\n`);
    return 0;
  } finally {
    await db.close();
  }
}

/**
 * Backfills library wallets not backfilled yet, one at a time (the RPC rate limit is shared), and
 * looks up the funders of each hundred backfilled.
 */
async function backfillLibrary(
  db: Awaited<ReturnType<typeof import("../core/data/db.js").connectDatabase>>,
  config: { LOG_LEVEL: string; REDIS_URL: string; QUEUE_PREFIX: string; SOLANA_RPC_URL?: string | undefined },
  args: { pages?: number; rpc?: string },
): Promise<{ backfilled: number; funders?: Record<string, number> }> {
  const { runBackfill } = await import("./backfill.js");
  const { createLogger } = await import("../core/logger.js");
  const { JsonRpcClient } = await import("../core/data/json-rpc.js");
  const { lookUpAndRecordFunders } = await import("../core/data/funders.js");
  const { ChangedWallets } = await import("../core/data/changed-wallets.js");
  const { Redis } = await import("ioredis");
  const logger = createLogger(config.LOG_LEVEL as Parameters<typeof createLogger>[0]);
  const rpcUrl = args.rpc ?? config.SOLANA_RPC_URL;
  if (!rpcUrl) {
    process.stderr.write("import-wallets: --backfill needs --rpc URL or SOLANA_RPC_URL\n");
    return { backfilled: 0 };
  }
  const rpc = new JsonRpcClient({ url: rpcUrl, requestsPerSecond: 5 });
  const redis = new Redis(config.REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 3 });
  // Wallets whose cluster changed are rescored by the pipeline's next scoring run.
  const changed = new ChangedWallets(redis, config.QUEUE_PREFIX);
  const funders: Record<string, number> = { wallets: 0, found: 0, none: 0, tooDeep: 0, failed: 0 };
  let done = 0;
  try {
    for (;;) {
      const next = await db.sql.query<{ address: string }>(
        `SELECT address FROM wallet_library WHERE backfilled_at IS NULL ORDER BY imported_at, address LIMIT 100`,
      );
      if (next.length === 0) return { backfilled: done, funders };
      await backfillChunk(next.map((r) => r.address));
      process.stderr.write(`import-wallets: looking up the funders of ${next.length} wallet(s)\n`);
      const counts = await lookUpAndRecordFunders({ sql: db.sql, rpc, changed }, next.map((r) => r.address));
      for (const [k, v] of Object.entries(counts)) funders[k] = (funders[k] ?? 0) + v;
    }
  } finally {
    redis.disconnect();
  }

  async function backfillChunk(addresses: readonly string[]): Promise<void> {
    if (!rpcUrl) return;
    for (const address of addresses) {
      process.stderr.write(`import-wallets: backfilling ${address} (${done + 1})\n`);
      await runBackfill({
        address,
        rpcUrl,
        db,
        redisUrl: config.REDIS_URL,
        queuePrefix: config.QUEUE_PREFIX,
        logger,
        ...(args.pages !== undefined ? { pages: args.pages } : {}),
      });
      await db.sql.query(`UPDATE wallet_library SET backfilled_at = now() WHERE address = $1`, [address]);
      done++;
    }
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  main().then(
    (code) => process.exit(code),
    (err: unknown) => {
      process.stderr.write(`import-wallets: ${(err as Error).message}\n`);
      process.exit(1);
    },
  );
}
