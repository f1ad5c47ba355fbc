/**
 * Funders: for a wallet, the address that first sent it SOL, found over JSON-RPC, and the
 * `wallet_funder` rows that let scoring count wallets of one funder as one owner (a cluster).
 *
 * The lookup pages `getSignaturesForAddress` back to the wallet's oldest signatures (at most
 * `maxPages` pages; a history deeper than that is "too-deep" and gets no funder rather than a
 * wrong one), then fetches the oldest successful transactions, oldest first, until one pays the
 * wallet SOL (core/domain/funding.ts). Requests go through the rate-limited JsonRpcClient.
 *
 * Exchanges: a hot wallet that funds thousands of users is told apart only by how many wallets
 * it funded (scoring ignores funders above a cap, core/domain/wallet-score.ts `clusterOf`), and
 * `ignore` drops funders known by address; there is no cheap on-chain "exchange" flag.
 */
import { findFunding, type Funding } from "../domain/funding.js";
import { MAX_CLUSTER_FUNDED } from "../domain/wallet-score.js";
import { fromRpcTransaction } from "../domain/transaction.js";
import type { ChangedWallets } from "./changed-wallets.js";
import type { SqlSession } from "./db.js";
import type { JsonRpcClient } from "./json-rpc.js";

export interface FunderLookupOptions {
  /** Signatures per `getSignaturesForAddress` page (1..1000). Default 1000. */
  pageLimit?: number;
  /** Pages read at most before a history counts as too deep. Default 3. */
  maxPages?: number;
  /** Oldest transactions fetched at most looking for the funding. Default 5. */
  maxTransactions?: number;
  /** Funders never recorded (known exchange or service addresses). */
  ignore?: ReadonlySet<string>;
}

export type FunderOutcome =
  | { outcome: "found"; funding: Funding }
  | { outcome: "none" }
  | { outcome: "too-deep" }
  | { outcome: "failed"; error: string };

interface SignatureInfo {
  signature: string;
  slot: number;
  err: unknown;
}

export async function lookUpFunder(rpc: JsonRpcClient, wallet: string, o: FunderLookupOptions = {}, signal?: AbortSignal): Promise<FunderOutcome> {
  const limit = Math.min(Math.max(o.pageLimit ?? 1000, 1), 1000);
  const maxPages = o.maxPages ?? 3;
  const history: SignatureInfo[] = [];
  let before: string | undefined;
  let complete = false;
  for (let page = 0; page < maxPages; page++) {
    const list = await rpc.call<SignatureInfo[]>(
      "getSignaturesForAddress",
      [wallet, { limit, commitment: "confirmed", ...(before ? { before } : {}) }],
      signal,
    );
    history.push(...list);
    if (list.length < limit) {
      complete = true;
      break;
    }
    before = list[list.length - 1]!.signature;
  }
  if (!complete) return { outcome: "too-deep" };
  const oldest = history.filter((s) => s.err === null || s.err === undefined).reverse().slice(0, o.maxTransactions ?? 5);
  for (const s of oldest) {
    const raw = await rpc.call<unknown>("getTransaction", [s.signature, { encoding: "json", maxSupportedTransactionVersion: 0, commitment: "confirmed" }], signal);
    if (raw === null) continue;
    const funding = findFunding(fromRpcTransaction(raw), wallet);
    if (funding && !o.ignore?.has(funding.funder)) return { outcome: "found", funding };
    if (funding) return { outcome: "none" };
  }
  return { outcome: "none" };
}

/**
 * Stores lookups: a found funder (an existing row, e.g. a manual one, is kept) and, for every
 * wallet, when it was checked. Returns the wallets whose cluster may have changed: the new ones
 * and every wallet already recorded under one of their funders.
 */
export async function recordFunders(sql: SqlSession, results: readonly { wallet: string; result: FunderOutcome }[], source = "rpc"): Promise<string[]> {
  if (results.length === 0) return [];
  const found = results.flatMap((r) => (r.result.outcome === "found" ? [r.result.funding] : []));
  let changed: string[] = [];
  if (found.length) {
    const rows = await sql.query<{ wallet: string }>(
      `WITH ins AS (
         INSERT INTO wallet_funder (wallet, funder, slot, signature, source)
         SELECT * FROM unnest($1::text[], $2::text[], $3::int8[], $4::text[], $5::text[])
         ON CONFLICT (wallet) DO NOTHING
         RETURNING wallet, funder)
       SELECT wallet FROM ins
       UNION SELECT f.wallet FROM wallet_funder f
       WHERE f.funder IN (SELECT funder FROM ins)
         -- Past the cap the others have no cluster already: an exchange's customers are not all rescored again.
         AND (SELECT count(*) FROM wallet_funder g WHERE g.funder = f.funder) <= $6`,
      [found.map((f) => f.wallet), found.map((f) => f.funder), found.map((f) => f.slot), found.map((f) => f.signature), found.map(() => source), MAX_CLUSTER_FUNDED],
    );
    changed = rows.map((r) => r.wallet);
  }
  await sql.query(
    `INSERT INTO wallet_funder_check (wallet, checked_at, outcome)
     SELECT w, now(), o FROM unnest($1::text[], $2::text[]) AS x(w, o)
     ON CONFLICT (wallet) DO UPDATE SET checked_at = EXCLUDED.checked_at, outcome = EXCLUDED.outcome`,
    [results.map((r) => r.wallet), results.map((r) => r.result.outcome)],
  );
  return changed;
}

/**
 * Wallets worth a funder: tiered or tracked, without a funder, not checked within `retryAfterSec`
 * (a failed lookup is retried sooner, after a tenth of it).
 */
export async function funderCandidates(sql: SqlSession, limit: number, retryAfterSec: number): Promise<string[]> {
  const rows = await sql.query<{ wallet: string }>(
    `SELECT c.wallet FROM (
       SELECT wallet FROM wallet_score WHERE tier IS NOT NULL
       UNION SELECT address FROM tracked_wallet) c
     LEFT JOIN wallet_funder_check k ON k.wallet = c.wallet
     WHERE NOT EXISTS (SELECT 1 FROM wallet_funder f WHERE f.wallet = c.wallet)
       AND (k.wallet IS NULL OR k.checked_at < now() - make_interval(secs => CASE WHEN k.outcome = 'failed' THEN $2 / 10.0 ELSE $2 END))
     ORDER BY k.checked_at NULLS FIRST, c.wallet
     LIMIT $1`,
    [limit, retryAfterSec],
  );
  return rows.map((r) => r.wallet);
}

export interface FunderRunOptions extends FunderLookupOptions {
  /** Wallets looked up per run. Default 50. */
  batch?: number;
  /** Seconds before a wallet without a funder is asked about again. Default 7 days. */
  retryAfterSec?: number;
  /** Lookups in flight (the client's request rate still bounds them). Default 2. */
  concurrency?: number;
}

export interface FunderRunCounts {
  [k: string]: number;
  wallets: number;
  found: number;
  none: number;
  tooDeep: number;
  failed: number;
}

/** Looks up `wallets` (a few at a time), stores the results and marks changed clusters for rescoring. */
export async function lookUpAndRecordFunders(
  deps: { sql: SqlSession; rpc: JsonRpcClient; changed?: ChangedWallets; signal?: AbortSignal },
  wallets: readonly string[],
  o: FunderRunOptions = {},
): Promise<FunderRunCounts> {
  const counts: FunderRunCounts = { wallets: wallets.length, found: 0, none: 0, tooDeep: 0, failed: 0 };
  const results: { wallet: string; result: FunderOutcome }[] = [];
  let next = 0;
  const worker = async () => {
    while (next < wallets.length && !deps.signal?.aborted) {
      const wallet = wallets[next++]!;
      let result: FunderOutcome;
      try {
        result = await lookUpFunder(deps.rpc, wallet, o, deps.signal);
      } catch (err) {
        result = { outcome: "failed", error: err instanceof Error ? err.message : String(err) };
      }
      results.push({ wallet, result });
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, o.concurrency ?? 2) }, worker));
  for (const r of results) {
    if (r.result.outcome === "found") counts.found++;
    else if (r.result.outcome === "none") counts.none++;
    else if (r.result.outcome === "too-deep") counts.tooDeep++;
    else counts.failed++;
  }
  const changed = await recordFunders(deps.sql, results);
  if (deps.changed && changed.length) await deps.changed.touch(changed);
  return counts;
}

/** One periodic run: the next candidates' funders. */
export async function runFunderLookups(
  deps: { sql: SqlSession; rpc: JsonRpcClient; changed?: ChangedWallets; signal?: AbortSignal },
  o: FunderRunOptions = {},
): Promise<FunderRunCounts> {
  const wallets = await funderCandidates(deps.sql, o.batch ?? 50, o.retryAfterSec ?? 7 * 86_400);
  return lookUpAndRecordFunders(deps, wallets, o);
}
