/**
 * What one wallet's balances did in a transaction, per mint: the yardstick a route's legs are
 * checked against. Same reading as the balance-delta fallback, but for a wallet we already
 * know and without looking at any instruction other than System ones (cheap: routes are on
 * the hot path).
 *
 * Tokens are the net change of the token accounts the wallet owns. SOL (reported under the
 * wrapped-SOL mint) is the wallet's *wealth*: its lamports, plus the fee when it paid it,
 * plus the lamports of every token account it owns (so wrapping, unwrapping and the rent of
 * its own new accounts are neutral), plus what it paid next to the swap rather than into it:
 * rent of accounts it created for others and top-level System transfers that stayed where
 * they went (tips). A transfer into a temporary account that is closed again is part of the
 * swap and stays counted.
 */
import { SYSTEM_PROGRAM } from "../../programs.js";
import { WSOL_MINT } from "../../swap.js";
import type { SolanaTransaction } from "../../transaction.js";
import { readSystemCreate, readSystemTransfer } from "../shared/token.js";
import type { SolTransfer } from "../shared/token.js";

export interface MintDelta {
  delta: bigint;
  decimals: number;
}

function lamportDelta(tx: SolanaTransaction, i: number): bigint {
  return (tx.postBalances[i] ?? 0n) - (tx.preBalances[i] ?? 0n);
}

function addDelta(out: Map<string, MintDelta>, mint: string, decimals: number, d: bigint): void {
  const e = out.get(mint);
  if (e) e.delta += d;
  else out.set(mint, { delta: d, decimals });
}

export function walletDeltas(tx: SolanaTransaction, wallet: string): Map<string, MintDelta> {
  const out = new Map<string, MintDelta>();
  const keys = tx.accountKeys;
  const owned = new Set<number>();
  for (const b of tx.preTokenBalances) {
    if (b.owner !== wallet) continue;
    owned.add(b.accountIndex);
    if (b.mint !== WSOL_MINT) addDelta(out, b.mint, b.decimals, -b.amount);
  }
  for (const b of tx.postTokenBalances) {
    if (b.owner !== wallet) continue;
    owned.add(b.accountIndex);
    if (b.mint !== WSOL_MINT) addDelta(out, b.mint, b.decimals, b.amount);
  }

  const w = keys.indexOf(wallet);
  if (w < 0) return out;
  let sol = lamportDelta(tx, w) + (w === 0 ? tx.fee : 0n);
  for (const i of owned) sol += lamportDelta(tx, i);
  for (const o of tx.instructions) {
    if (o.programId === SYSTEM_PROGRAM) sol += sideCost(tx, wallet, owned, readSystemCreate(o) ?? readSystemTransfer(o));
    for (const c of o.inner) if (c.programId === SYSTEM_PROGRAM) sol += sideCost(tx, wallet, owned, readSystemCreate(c));
  }
  if (sol !== 0n) out.set(WSOL_MINT, { delta: sol, decimals: 9 });
  return out;
}

/** Lamports the wallet paid next to the swap: to an account that is not its own and kept them. */
function sideCost(tx: SolanaTransaction, wallet: string, owned: ReadonlySet<number>, c: SolTransfer | null): bigint {
  if (!c || c.source !== wallet || c.destination === wallet) return 0n;
  const di = tx.accountKeys.indexOf(c.destination);
  if (di < 0 || owned.has(di)) return 0n;
  return lamportDelta(tx, di) >= c.lamports ? c.lamports : 0n;
}

/**
 * The wallet's trade when its balances show one: exactly one token down and one up (its SOL
 * costs ignored), or one token against SOL. Null otherwise.
 */
export function walletTrade(d: ReadonlyMap<string, MintDelta>): { mintIn: string; amountIn: bigint; decimalsIn: number; mintOut: string; amountOut: bigint; decimalsOut: number } | null {
  let down: [string, MintDelta] | undefined;
  let up: [string, MintDelta] | undefined;
  let nDown = 0;
  let nUp = 0;
  for (const e of d) {
    if (e[0] === WSOL_MINT) continue;
    if (e[1].delta < 0n) { nDown++; down = e; }
    else if (e[1].delta > 0n) { nUp++; up = e; }
  }
  if (nDown > 1 || nUp > 1) return null;
  const sol = d.get(WSOL_MINT);
  if (down && !up && sol && sol.delta > 0n) up = [WSOL_MINT, sol];
  if (up && !down && sol && sol.delta < 0n) down = [WSOL_MINT, sol];
  if (!down || !up) return null;
  return {
    mintIn: down[0], amountIn: -down[1].delta, decimalsIn: down[1].decimals,
    mintOut: up[0], amountOut: up[1].delta, decimalsOut: up[1].decimals,
  };
}
