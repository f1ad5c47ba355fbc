/**
 * Writes of the full rescore into emptied tables as COPY text: positions, folds and scores of a
 * chunk of wallets, each one COPY instead of an INSERT of unnest()ed arrays (which parses every
 * value twice: once out of the array literal, once into the column).
 *
 * Trap: the stored values must be exactly those the INSERTs of `scoreAndWrite` store, or a full
 * rescore and an incremental one drift apart: numbers print as JavaScript prints them (what
 * pgArray sends too), JSON is the same JSON.stringify text, and times are whole epoch seconds
 * (see the trap in wallet-folds.ts) written as UTC ISO text.
 */
import type { WalletScore } from "../domain/wallet-score.js";
import { copyField } from "./pg-copy.js";
import type { SqlSession } from "./db.js";
import type { Lot, Position } from "../domain/pnl.js";
import { positionState, type FoldRow } from "./wallet-folds.js";

/** wallet_position's columns in the order of `positionCopyLine`'s fields. */
const POSITION_COLUMNS = `wallet, mint, decimals, held, costed_held, cost_sol, cost_usd, realized_sol, realized_usd, unattributed_sol,
  bought_sol, sold_sol, buys, sells, first_buy_slot, first_buy_time, last_slot, last_time, open_since,
  held_seconds_closed, rounds_closed, closed, state`;

/** ISO text of an hour's start, up to its minutes: most times written share a few hours. */
const hourPrefixes = new Map<number, string>();

/**
 * Epoch seconds as timestamptz input: to_timestamp's result for the whole seconds stored here
 * (a fraction, which never occurs, is rounded to the millisecond the column keeps).
 */
export function copyTime(sec: number | null | undefined): string {
  if (sec === null || sec === undefined) return "\\N";
  if (!Number.isInteger(sec) || sec < 0) return new Date(Math.round(sec * 1000)).toISOString();
  const hour = Math.floor(sec / 3600);
  let prefix = hourPrefixes.get(hour);
  if (prefix === undefined) {
    if (hourPrefixes.size > 10_000) hourPrefixes.clear();
    prefix = new Date(hour * 3_600_000).toISOString().slice(0, 14); // "2026-10-01T05:"
    hourPrefixes.set(hour, prefix);
  }
  const rest = sec - hour * 3600;
  const m = Math.floor(rest / 60);
  const s = rest - m * 60;
  return `${prefix}${m < 10 ? "0" : ""}${m}:${s < 10 ? "0" : ""}${s}Z`;
}

/** A float8 or int column: JavaScript's text for the number (what pgArray sends), or \N. */
const num = (v: number | null): string => (v === null ? "\\N" : String(v));

/**
 * One wallet_position row as COPY text: the values `pushPosition` gives the INSERT, in
 * POSITION_COLUMNS order. Addresses and the state text (digits, signs, separators and base64)
 * hold nothing COPY would need escaped; the addresses are checked anyway.
 */
export function positionCopyLine(wallet: string, p: Position, lots: readonly Lot[]): string {
  return (
    `${copyField(wallet)}\t${copyField(p.mint)}\t${p.decimals}\t${p.held}\t${p.costedHeld}\t${num(p.costSol)}\t${num(p.costUsd)}\t` +
    `${num(p.realizedSol)}\t${num(p.realizedUsd)}\t${num(p.unattributedSol)}\t${num(p.boughtSol)}\t${num(p.soldSol)}\t` +
    `${p.buys}\t${p.sells}\t${num(p.firstBuySlot)}\t${copyTime(p.firstBuyTime)}\t${p.lastSlot}\t${copyTime(p.lastTime)}\t` +
    `${copyTime(p.openSince)}\t${num(p.heldSecondsClosed)}\t${p.roundsClosed}\t${p.closed ? "t" : "f"}\t${positionState(p, lots)}\n`
  );
}

export function foldCopyText(rows: readonly FoldRow[]): string {
  let out = "";
  for (const r of rows) {
    out += `${copyField(r.wallet)}\t${r.watermark.slot}\t${r.watermark.rows}\t${copyField(r.method)}\t${copyField(JSON.stringify(r.activity))}\n`;
  }
  return out;
}

export function scoreCopyText(scored: readonly WalletScore[], nowSec: number): string {
  const at = copyTime(nowSec);
  let out = "";
  for (const s of scored) {
    out +=
      [
        copyField(s.address),
        copyField(s.score),
        copyField(s.confidence),
        copyField(s.tier),
        copyField(JSON.stringify(s.labels)),
        copyField(s.clusterId),
        copyField(JSON.stringify(s.parts)),
        copyField(JSON.stringify(s.metrics)),
        copyField(s.metrics.swaps),
        at,
      ].join("\t") + "\n";
  }
  return out;
}

/** Copies a chunk's rows (positions as `positionCopyLine` text) into wallet_position, wallet_fold and wallet_score (which must not hold these wallets yet). */
export async function copyWalletRows(
  tx: SqlSession,
  positions: Buffer,
  folds: readonly FoldRow[],
  scored: readonly WalletScore[],
  nowSec: number,
): Promise<void> {
  if (!tx.copyFrom) throw new Error("copyWalletRows needs a connection with COPY (Postgres)");
  if (positions.length > 0) await tx.copyFrom(`COPY wallet_position (${POSITION_COLUMNS}) FROM STDIN`, positions);
  if (folds.length) await tx.copyFrom(`COPY wallet_fold (wallet, wm_slot, wm_slot_rows, method, activity) FROM STDIN`, foldCopyText(folds));
  if (scored.length) {
    await tx.copyFrom(
      `COPY wallet_score (wallet, score, confidence, tier, labels, cluster_id, parts, metrics, swaps, computed_at) FROM STDIN`,
      scoreCopyText(scored, nowSec),
    );
  }
}
