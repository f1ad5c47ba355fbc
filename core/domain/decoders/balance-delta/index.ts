/**
 * Fallback for swaps through programs no decoder knows (aggregator routes over unsupported
 * AMMs, new launchpads): if one signer ends the transaction with exactly one asset down and
 * one asset up, that is a swap.
 *
 * The swap is attributed to the outermost non-infrastructure instruction (preferring one
 * that calls other programs, i.e. the router over a fee or guard instruction before it).
 *
 * Key idea: measure the signer's *wealth*, not just its token balances. SOL is the wallet's
 * lamport delta plus the fee it paid, plus the lamport deltas of every token account it
 * owns — that single rule makes wrapping/unwrapping WSOL neutral (the WSOL account's lamports
 * are the wrapped SOL) and makes rent for the buyer's new token account neutral too (the rent
 * still belongs to the buyer), so a SOL -> token buy does not read as "spent amount + rent".
 * Lamports the signer locked into accounts it created for others (pool state, vaults, the
 * recipient's ATA) and top-level System transfers to accounts that kept them (Jito tips, bot
 * fees) are added back as well: they are paid next to the swap, not into it.
 *
 * Traps it avoids: plain transfers and creates move one asset only (the rent a sender pays
 * for the recipient's account is added back, so SOL does not seem to move the other way);
 * a token-for-token trade ignores the signer's small SOL costs rather than reading them as
 * a third asset;
 * transactions without any non-infrastructure program are never swaps (an OTC pair of
 * transfers is not a DEX trade); tokens received through MintTo (LP tokens, launches) or
 * given up through Burn (LP withdrawals) are liquidity operations, not swaps. `decodeSwaps`
 * only calls this when no decoder's program was invoked at all, so a transaction a real
 * decoder saw (even without finding a swap, e.g. a Raydium deposit) is never counted twice.
 */
import { INFRASTRUCTURE_PROGRAMS } from "../../programs.js";
import { WSOL_MINT } from "../../swap.js";
import { allInstructions } from "../../transaction.js";
import type { OuterInstruction, SolanaTransaction } from "../../transaction.js";
import { readMintOrBurn, readSystemCreate, readSystemTransfer } from "../shared/token.js";
import type { SolTransfer } from "../shared/token.js";
import type { SwapCore } from "../types.js";

export interface BalanceDeltaSwap extends SwapCore {
  /** The outermost non-infrastructure program invoked, and the path of that instruction. */
  programId: string;
  ixPath: string;
}

interface AccountDelta {
  index: number;
  address: string;
  mint: string;
  decimals: number;
  owner: string | null;
  pre: bigint;
  post: bigint;
}

function joinTokenBalances(tx: SolanaTransaction): AccountDelta[] {
  const byIndex = new Map<number, AccountDelta>();
  for (const b of tx.preTokenBalances) {
    byIndex.set(b.accountIndex, {
      index: b.accountIndex, address: b.account, mint: b.mint, decimals: b.decimals,
      owner: b.owner, pre: b.amount, post: 0n,
    });
  }
  for (const b of tx.postTokenBalances) {
    const prev = byIndex.get(b.accountIndex);
    if (prev) {
      prev.post = b.amount;
      prev.owner ??= b.owner;
    } else {
      byIndex.set(b.accountIndex, {
        index: b.accountIndex, address: b.account, mint: b.mint, decimals: b.decimals,
        owner: b.owner, pre: 0n, post: b.amount,
      });
    }
  }
  return [...byIndex.values()];
}

export function detectBalanceDeltaSwap(tx: SolanaTransaction): BalanceDeltaSwap | null {
  if (tx.failed) return null;
  const via = swapInstruction(tx);
  if (!via) return null;

  const minted = new Set<string>();
  const burned = new Set<string>();
  // lamports paid next to the swap rather than into it: rent of created accounts, top-level tips
  const sideCosts: SolTransfer[] = [];
  for (const ix of allInstructions(tx)) {
    const mb = readMintOrBurn(ix);
    if (mb) (mb.kind === "mint" ? minted : burned).add(mb.account);
    const cost = readSystemCreate(ix) ?? (ix.innerIndex === null ? readSystemTransfer(ix) : null);
    if (cost) sideCosts.push(cost);
  }

  const tokenAccounts = joinTokenBalances(tx);
  const keys = tx.accountKeys;
  const keyIndex = new Map<string, number>();
  for (let i = 0; i < keys.length; i++) keyIndex.set(keys[i]!, i);

  for (let w = 0; w < keys.length; w++) {
    if (!tx.isSigner[w]) continue;
    const swap = deltaSwapFor(tx, w, tokenAccounts, keyIndex, sideCosts, minted, burned);
    if (swap) return { ...swap, programId: via.programId, ixPath: String(via.outerIndex) };
  }
  return null;
}

/**
 * The outermost non-infrastructure instruction; when there are several (a fee-collecting or
 * guard instruction before the route), the first one that calls into another program
 * (a router invoking AMMs) is preferred over ones that only move tokens themselves.
 */
function swapInstruction(tx: SolanaTransaction): OuterInstruction | undefined {
  let first: OuterInstruction | undefined;
  for (const o of tx.instructions) {
    if (INFRASTRUCTURE_PROGRAMS.has(o.programId)) continue;
    first ??= o;
    for (const c of o.inner) {
      if (c.programId !== o.programId && !INFRASTRUCTURE_PROGRAMS.has(c.programId)) return o;
    }
  }
  return first;
}

function deltaSwapFor(
  tx: SolanaTransaction,
  w: number,
  tokenAccounts: readonly AccountDelta[],
  keyIndex: ReadonlyMap<string, number>,
  sideCosts: readonly SolTransfer[],
  minted: ReadonlySet<string>,
  burned: ReadonlySet<string>,
): SwapCore | null {
  const wallet = tx.accountKeys[w]!;
  const lamportDelta = (i: number): bigint => (tx.postBalances[i] ?? 0n) - (tx.preBalances[i] ?? 0n);

  let sol = lamportDelta(w) + (w === 0 ? tx.fee : 0n);
  const owned = new Set<string>();
  const tokens = new Map<string, { delta: bigint; decimals: number; accounts: string[] }>();
  for (const a of tokenAccounts) {
    if (a.owner !== wallet) continue;
    owned.add(a.address);
    sol += lamportDelta(a.index);
    if (a.mint === WSOL_MINT) continue; // already counted through the account's lamports
    const t = tokens.get(a.mint);
    if (t) {
      t.delta += a.post - a.pre;
      t.accounts.push(a.address);
    } else tokens.set(a.mint, { delta: a.post - a.pre, decimals: a.decimals, accounts: [a.address] });
  }
  for (const c of sideCosts) {
    if (c.source !== wallet || c.destination === wallet || owned.has(c.destination)) continue;
    const di = keyIndex.get(c.destination);
    // only money that stayed there: a temporary WSOL account funded this way is closed again
    // and its lamports are part of the swap, not a cost
    if (di !== undefined && lamportDelta(di) >= c.lamports) sol += c.lamports;
  }

  let down: [string, { delta: bigint; decimals: number; accounts: string[] }] | undefined;
  let up: typeof down;
  let nDown = 0;
  let nUp = 0;
  for (const e of tokens) {
    if (e[1].delta < 0n) { nDown++; down = e; }
    else if (e[1].delta > 0n) { nUp++; up = e; }
  }
  if (nDown > 1 || nUp > 1) return null;
  if (up && up[1].accounts.some((a) => minted.has(a))) return null;
  if (down && down[1].accounts.some((a) => burned.has(a))) return null;

  if (down && up) {
    return {
      pool: null, trader: wallet,
      mintIn: down[0], amountIn: -down[1].delta, decimalsIn: down[1].decimals,
      mintOut: up[0], amountOut: up[1].delta, decimalsOut: up[1].decimals,
    };
  }
  if (down && sol > 0n) {
    return {
      pool: null, trader: wallet,
      mintIn: down[0], amountIn: -down[1].delta, decimalsIn: down[1].decimals,
      mintOut: WSOL_MINT, amountOut: sol, decimalsOut: 9,
    };
  }
  if (up && sol < 0n) {
    return {
      pool: null, trader: wallet,
      mintIn: WSOL_MINT, amountIn: -sol, decimalsIn: 9,
      mintOut: up[0], amountOut: up[1].delta, decimalsOut: up[1].decimals,
    };
  }
  return null;
}
