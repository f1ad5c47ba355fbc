/**
 * Routed swaps: one user intent (first input -> final output), many hops.
 *
 * An aggregator instruction (Jupiter, OKX, Raydium route, DFlow) trades through other venues by
 * CPI. The per-venue decoders see every hop as a swap of its own, whose "trader" is the
 * router's vault and whose mints include the route's intermediate tokens: reporting those would
 * invent trades the user never made. So after the decoders ran, each route replaces the hops
 * found under it by ONE swap: dex/programId of the aggregator, the aggregator instruction's
 * path, pool null, and `legs` = the hops in execution order.
 *
 * Legs come from the hops our decoders read, and from the aggregator's own per-hop events
 * (Jupiter's `SwapEvent`, which DFlow emits too) for venues we do not decode; an event that
 * repeats a decoded hop (same program and mints, emitted after it) is dropped, and when every
 * venue the route calls was decoded the events are not even read. The user's amounts come from the user's own balance deltas (the
 * balance-delta reading: SOL net of the fee, wrapping neutral, tips and rent for others'
 * accounts excluded) when they tell the same story as the legs: same mints, at least what the
 * first legs took in (fees are added on top), at most what the last legs paid out. Otherwise
 * (the output went to another wallet, two routes in one transaction) they come from the legs.
 * A route without any readable hop falls back to the balance deltas alone, with `legs: []`.
 * Routers we have no name for are recognized by their hops instead: decoded swaps of one
 * trader under one outer instruction, a later one spending what an earlier one bought.
 *
 * Traps: an aggregator's non-route instructions (Jupiter's `set_token_ledger`, Raydium route's
 * WSOL close) invoke no venue and are not routes; a route can be an inner instruction of some
 * other program (then its path is an inner path and its extent is read from stack heights);
 * an aggregator called from inside another aggregator's route belongs to the outer route.
 */
import { INFRASTRUCTURE_PROGRAMS, JUPITER_V6_PROGRAM } from "../../programs.js";
import { WSOL_MINT } from "../../swap.js";
import type { Dex, Swap, SwapLeg } from "../../swap.js";
import { ixPath } from "../../transaction.js";
import type { Instruction, OuterInstruction, SolanaTransaction } from "../../transaction.js";
import { detectBalanceDeltaSwap } from "../balance-delta/index.js";
import type { DecodeContext, SwapCore } from "../types.js";
import { DecodeError } from "../types.js";
import { walletDeltas, walletTrade } from "./balances.js";
import { jupiterEventsOf, readJupiterEvent } from "./jupiter.js";
import type { HopEvent } from "./jupiter.js";
import { AGGREGATORS, VENUE_DEX } from "./programs.js";

export { AGGREGATORS, DFLOW_PROGRAM, JUPITER_V4_PROGRAM, OKX_DEX_ROUTER_V6_PROGRAM, VENUE_DEX } from "./programs.js";
export { jupiterEventsOf, readJupiterEvent } from "./jupiter.js";
export type { HopEvent } from "./jupiter.js";
export { hopsOf } from "./hops.js";
export type { HopCore, MultiHopSwapCore } from "./hops.js";

/** A swap a decoder produced, with the instruction it came from. */
export interface DecodedSwap {
  swap: Swap;
  ix: Instruction;
}

/** An aggregator instruction and the extent of its CPI subtree in its outer's inner list. */
export interface Route {
  ix: Instruction;
  dex: Dex;
  outer: OuterInstruction;
  /** Inner indexes [start, end) invoked (directly or not) by `ix`. */
  start: number;
  end: number;
  /** Set for a router we have no name for, recognized by the chained hops under it: their trader. */
  chainTrader?: string;
}

/**
 * The outermost aggregator instructions that invoke at least one venue (a program that is
 * neither infrastructure nor the aggregator itself).
 */
export function findRoutes(tx: SolanaTransaction): Route[] {
  const routes: Route[] = [];
  for (const o of tx.instructions) {
    const inner = o.inner;
    const dex = AGGREGATORS.get(o.programId);
    if (dex !== undefined) {
      const r: Route = { ix: o, dex, outer: o, start: 0, end: inner.length };
      if (invokesVenue(r)) routes.push(r);
      continue;
    }
    for (let k = 0; k < inner.length; k++) {
      const ix = inner[k]!;
      const d = AGGREGATORS.get(ix.programId);
      if (d === undefined) continue;
      const h = ix.stackHeight;
      let end = k + 1;
      if (h === null) end = inner.length; // no heights recorded: everything after it may be its
      else while (end < inner.length && (inner[end]!.stackHeight ?? 0) > h) end++;
      const r: Route = { ix, dex: d, outer: o, start: k + 1, end };
      if (invokesVenue(r)) routes.push(r);
      k = end - 1;
    }
  }
  return routes;
}

/**
 * Routers we have no name for (wallet and bot routers: Binance's, Liquid Mesh, ...): an outer
 * instruction of a program that is no decoder's, holding two or more decoded swaps of one
 * trader where a later hop spends what an earlier one bought (SOL -> USDC -> X). Hops that
 * merely sit side by side (a bundler buying for five wallets, or one wallet buying twice) are
 * not a route and stay separate swaps.
 */
export function findChainedRoutes(
  tx: SolanaTransaction,
  found: readonly DecodedSwap[],
  claimed: readonly Route[],
  isDecoderProgram: (programId: string) => boolean,
): Route[] {
  const routes: Route[] = [];
  let i = 0;
  while (i < found.length) {
    const outerIndex = found[i]!.ix.outerIndex;
    let j = i;
    while (j < found.length && found[j]!.ix.outerIndex === outerIndex) j++;
    const o = tx.instructions[outerIndex];
    if (o && j - i >= 2 && !isDecoderProgram(o.programId) && !INFRASTRUCTURE_PROGRAMS.has(o.programId)) {
      const hops = found.slice(i, j).filter((f) => !claimed.some((r) => contains(r, f.ix)));
      if (isChain(hops)) routes.push({ ix: o, dex: "unknown", outer: o, start: 0, end: o.inner.length, chainTrader: hops[0]!.swap.trader });
    }
    i = j;
  }
  return routes;
}

function isChain(hops: readonly DecodedSwap[]): boolean {
  if (hops.length < 2) return false;
  const first = hops[0]!.swap;
  const bought = new Set<string>([first.mintOut]);
  let chained = false;
  for (let k = 1; k < hops.length; k++) {
    const s = hops[k]!.swap;
    if (s.trader !== first.trader) return false;
    if (bought.has(s.mintIn)) chained = true;
    else if (s.mintIn !== first.mintIn) return false;
    bought.add(s.mintOut);
  }
  return chained;
}

function invokesVenue(r: Route): boolean {
  const inner = r.outer.inner;
  for (let k = r.start; k < r.end; k++) {
    const p = inner[k]!.programId;
    if (p !== r.ix.programId && !INFRASTRUCTURE_PROGRAMS.has(p)) return true;
  }
  return false;
}

function contains(r: Route, ix: Instruction): boolean {
  return ix.outerIndex === r.outer.outerIndex && ix.innerIndex !== null && ix.innerIndex >= r.start && ix.innerIndex < r.end;
}

/** Sort key of an instruction in execution order (an outer before its inner instructions). */
function position(ix: Instruction): number {
  return ix.outerIndex * 1_000_000 + (ix.innerIndex === null ? 0 : ix.innerIndex + 1);
}

export interface RouteEnv {
  /** Whether a route without readable hops may fall back to the user's balance deltas. */
  fallback: boolean;
  /** Builds a swap the same way the per-instruction path does (prices are filled in later). */
  makeSwap: (path: string, dex: Dex, programId: string, core: SwapCore) => Swap;
}

interface PlacedLeg {
  leg: SwapLeg;
  pos: number;
}

/**
 * Replaces the decoded hops of every route in `tx` by one routed swap each. Returns the final
 * swaps in execution order; problems are appended to `errors`.
 */
export function mergeRoutes(
  tx: SolanaTransaction,
  routes: readonly Route[],
  found: readonly DecodedSwap[],
  ctx: DecodeContext,
  env: RouteEnv,
  errors: DecodeError[],
): Swap[] {
  if (routes.length === 0) return found.map((f) => f.swap);

  const members: DecodedSwap[][] = routes.map(() => []);
  const out: { swap: Swap; pos: number }[] = [];
  for (const f of found) {
    let i = 0;
    while (i < routes.length && !contains(routes[i]!, f.ix)) i++;
    if (i < routes.length) members[i]!.push(f);
    else out.push({ swap: f.swap, pos: position(f.ix) });
  }
  // the user's balance deltas describe this route only when nothing else in the transaction swaps
  const exclusive = routes.length === 1 && out.length === 0;

  routes.forEach((r, i) => {
    const hops = members[i]!;
    try {
      const s = routeSwap(tx, r, hops, ctx, env, exclusive);
      if (s) out.push({ swap: s, pos: position(r.ix) });
    } catch (e) {
      if (!(e instanceof DecodeError)) throw e;
      errors.push(e.locate({ signature: tx.signature, ixPath: ixPath(r.ix), dex: r.dex, programId: r.ix.programId }));
      // keep what the venue decoders found rather than lose the trades
      for (const f of hops) out.push({ swap: f.swap, pos: position(f.ix) });
    }
  });
  out.sort((a, b) => a.pos - b.pos);
  return out.map((o) => o.swap);
}

function pushLegs(out: PlacedLeg[], s: Swap, pos: number): void {
  const legs = s.legs;
  if (legs && legs.length > 0) {
    for (const l of legs) out.push({ leg: { ...l }, pos });
    return;
  }
  out.push({
    leg: {
      dex: s.dex, programId: s.programId, pool: s.pool,
      mintIn: s.mintIn, amountIn: s.amountIn, mintOut: s.mintOut, amountOut: s.amountOut, ixPath: s.ixPath,
    },
    pos,
  });
}

/**
 * True when every venue the route invokes directly has a decoded swap under it: then the
 * aggregator's events add nothing and their (long, base58) payloads are never decoded.
 */
function everyVenueDecoded(r: Route, hops: readonly DecodedSwap[]): boolean {
  const inner = r.outer.inner;
  const h0 = r.ix.stackHeight;
  if (h0 === null) return false;
  for (let k = r.start; k < r.end; k++) {
    const c = inner[k]!;
    const h = c.stackHeight;
    if (h === null) return false;
    if (h !== h0 + 1 || c.programId === r.ix.programId || INFRASTRUCTURE_PROGRAMS.has(c.programId)) continue;
    let end = k + 1;
    while (end < r.end && (inner[end]!.stackHeight ?? 0) > h) end++;
    let covered = false;
    for (const d of hops) {
      const i = d.ix.innerIndex;
      if (i !== null && i >= k && i < end) {
        covered = true;
        break;
      }
    }
    if (!covered) return false;
  }
  return true;
}

interface PlacedEvent {
  ev: HopEvent;
  at: Instruction | null;
}

/** The aggregators' hop events under the route (their own self-CPIs), with where they were emitted. */
function routeEvents(r: Route, ctx: DecodeContext): PlacedEvent[] {
  const out: PlacedEvent[] = [];
  const inner = r.outer.inner;
  for (let k = r.start; k < r.end; k++) {
    const ix = inner[k]!;
    if (!AGGREGATORS.has(ix.programId)) continue;
    for (const ev of jupiterEventsOf(ix)) out.push({ ev, at: ix });
  }
  if (out.length === 0 && r.ix.programId === JUPITER_V6_PROGRAM) {
    // early v6 builds logged their events instead of self-invoking
    for (const p of ctx.loggedData(r.ix)) for (const ev of readJupiterEvent(p, 0)) out.push({ ev, at: null });
  }
  return out;
}

/** The venue instruction an event reports on: the closest earlier sibling of that program. */
function hopOfEvent(r: Route, at: Instruction, amm: string | null, nth: number): Instruction | null {
  const inner = r.outer.inner;
  if (amm === null) {
    // no program in the event: the nth venue invoked directly by the route
    let n = 0;
    for (let k = r.start; k < r.end; k++) {
      const c = inner[k]!;
      if (c.stackHeight !== at.stackHeight || c.programId === r.ix.programId || INFRASTRUCTURE_PROGRAMS.has(c.programId)) continue;
      if (n++ === nth) return c;
    }
    return null;
  }
  for (let k = (at.innerIndex ?? r.start) - 1; k >= r.start; k--) {
    const c = inner[k]!;
    if (c.programId === amm && (c.stackHeight === null || c.stackHeight === at.stackHeight)) return c;
  }
  return null;
}

/** The decoded hop an event reports again: same program and mints, decoded before the event. */
function decodedHopOf(hops: readonly DecodedSwap[], matched: boolean[], ev: HopEvent, evPos: number): number {
  for (let i = 0; i < hops.length; i++) {
    const h = hops[i]!;
    if (matched[i] || position(h.ix) >= evPos) continue;
    if (h.swap.mintIn === ev.mintIn && h.swap.mintOut === ev.mintOut && (ev.amm === null || ev.amm === h.swap.programId)) return i;
  }
  return -1;
}

function collectLegs(r: Route, hops: readonly DecodedSwap[], ctx: DecodeContext): SwapLeg[] {
  const placed: PlacedLeg[] = [];
  for (const h of hops) pushLegs(placed, h.swap, position(h.ix));

  // a router we know only by its chained hops has no events of ours to read
  if (r.chainTrader === undefined && !everyVenueDecoded(r, hops)) {
    const events = routeEvents(r, ctx);
    const matched: boolean[] = hops.map(() => false);
    const routePos = position(r.ix);
    for (let n = 0; n < events.length; n++) {
      const { ev, at } = events[n]!;
      const evPos = at ? position(at) : Number.MAX_SAFE_INTEGER;
      const dup = decodedHopOf(hops, matched, ev, evPos);
      if (dup >= 0) {
        matched[dup] = true;
        continue;
      }
      const hop = at ? hopOfEvent(r, at, ev.amm, n) : null;
      const programId = ev.amm ?? hop?.programId ?? r.ix.programId;
      placed.push({
        leg: {
          dex: VENUE_DEX.get(programId) ?? "unknown",
          programId,
          pool: null,
          mintIn: ev.mintIn,
          amountIn: ev.amountIn,
          mintOut: ev.mintOut,
          amountOut: ev.amountOut,
          ixPath: ixPath(hop ?? at ?? r.ix),
        },
        pos: hop ? position(hop) : at ? evPos : routePos + n,
      });
    }
    // stable: legs of one multi-hop instruction keep their order
    placed.sort(byPos);
  }
  const legs: SwapLeg[] = new Array<SwapLeg>(placed.length);
  for (let i = 0; i < placed.length; i++) legs[i] = placed[i]!.leg;
  return legs;
}

const byPos = (a: PlacedLeg, b: PlacedLeg): number => a.pos - b.pos;

/** The first account of the instruction that signed the transaction. */
function firstSigner(ix: Instruction, ctx: DecodeContext): string | undefined {
  for (const a of ix.accounts) if (ctx.isSigner(a)) return a;
  return undefined;
}

/**
 * The user's amounts match the legs: the same mints, at least what the first legs took in
 * (platform fees are paid on top) and at most what the last legs paid out (fees come off it),
 * each within a quarter.
 */
function agreesIn(user: bigint, legs: bigint): boolean {
  return user >= legs && user <= legs + legs / 4n;
}
function agreesOut(user: bigint, legs: bigint): boolean {
  return user > 0n && user <= legs && user >= legs - legs / 4n;
}

function routeSwap(
  tx: SolanaTransaction,
  r: Route,
  hops: readonly DecodedSwap[],
  ctx: DecodeContext,
  env: RouteEnv,
  exclusive: boolean,
): Swap | null {
  const path = ixPath(r.ix);
  const legs = collectLegs(r, hops, ctx);
  // the user is whoever signed for the route; a route driven by a program's vault has none
  const trader = r.chainTrader ?? firstSigner(r.ix, ctx) ?? tx.accountKeys[0]!;

  if (legs.length === 0) {
    if (!env.fallback || !exclusive) return null;
    const d = detectBalanceDeltaSwap(tx);
    if (!d) return null;
    const { programId: _p, ixPath: _i, ...core } = d;
    return withLegs(env.makeSwap(path, r.dex, r.ix.programId, core), []);
  }

  const mintIn = legs[0]!.mintIn;
  const mintOut = legs[legs.length - 1]!.mintOut;
  let legsIn = 0n;
  let legsOut = 0n;
  for (const l of legs) {
    if (l.mintIn === mintIn) legsIn += l.amountIn;
    if (l.mintOut === mintOut) legsOut += l.amountOut;
  }

  if (exclusive && mintIn !== mintOut) {
    const wd = walletDeltas(tx, trader);
    const dIn = wd.get(mintIn);
    const dOut = wd.get(mintOut);
    if (dIn && dOut && agreesIn(-dIn.delta, legsIn) && agreesOut(dOut.delta, legsOut)) {
      const core: SwapCore = {
        pool: null, trader,
        mintIn, amountIn: -dIn.delta, decimalsIn: dIn.decimals,
        mintOut, amountOut: dOut.delta, decimalsOut: dOut.decimals,
      };
      return withLegs(env.makeSwap(path, r.dex, r.ix.programId, core), legs);
    }
    // one end agrees and the legs stop short of the wallet's other end (a hop through a venue
    // we cannot read, without events): the wallet's balances are the truth
    const t = walletTrade(wd);
    if (t && ((t.mintIn === mintIn && agreesIn(t.amountIn, legsIn)) || (t.mintOut === mintOut && agreesOut(t.amountOut, legsOut)))) {
      const core: SwapCore = { pool: null, trader, ...t };
      return withLegs(env.makeSwap(path, r.dex, r.ix.programId, core), legs);
    }
  }

  const core: SwapCore = {
    pool: null,
    trader,
    mintIn,
    amountIn: legsIn,
    decimalsIn: decimalsOf(mintIn, hops, ctx),
    mintOut,
    amountOut: legsOut,
    decimalsOut: decimalsOf(mintOut, hops, ctx),
  };
  return withLegs(env.makeSwap(path, r.dex, r.ix.programId, core), legs);
}

function withLegs(s: Swap, legs: SwapLeg[]): Swap {
  s.legs = legs;
  return s;
}

function decimalsOf(mint: string, hops: readonly DecodedSwap[], ctx: DecodeContext): number {
  if (mint === WSOL_MINT) return 9;
  for (const h of hops) {
    if (h.swap.mintIn === mint) return h.swap.decimalsIn;
    if (h.swap.mintOut === mint) return h.swap.decimalsOut;
  }
  const dec = ctx.mintDecimals(mint);
  if (dec === undefined) throw new DecodeError(`cannot resolve the decimals of ${mint}`);
  return dec;
}
