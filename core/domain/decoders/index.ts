/**
 * Swap decoding: walks every outer and inner instruction of a transaction, hands each one to
 * the decoder registered for its program, and assembles `Swap`s. Decoders are isolated from
 * each other: a malformed instruction becomes a `DecodeError` in `errors` and the remaining
 * instructions still decode. Then every aggregator route (Jupiter, OKX, Raydium route, DFlow)
 * replaces the hops decoded under it by one routed swap with `legs` (see `routes/`). When no
 * registered program and no route was invoked at all, the balance-delta fallback may report
 * one `dex: "unknown"` swap.
 */
import type { Swap, SwapLeg } from "../swap.js";
import { ixPath } from "../transaction.js";
import type { Instruction, SolanaTransaction } from "../transaction.js";
import { detectBalanceDeltaSwap } from "./balance-delta/index.js";
import { TxContext } from "./context.js";
import { meteoraDammV1Decoder } from "./meteora-damm-v1/index.js";
import { meteoraDammV2Decoder } from "./meteora-damm-v2/index.js";
import { meteoraDbcDecoder } from "./meteora-dbc/index.js";
import { meteoraDlmmDecoder } from "./meteora-dlmm/index.js";
import { orcaWhirlpoolDecoder } from "./orca-whirlpool/index.js";
import { pumpfunDecoder } from "./pumpfun/index.js";
import { pumpswapDecoder } from "./pumpswap/index.js";
import { raydiumAmmV4Decoder } from "./raydium-amm-v4/index.js";
import { raydiumClmmDecoder } from "./raydium-clmm/index.js";
import { raydiumCpmmDecoder } from "./raydium-cpmm/index.js";
import { raydiumLaunchLabDecoder } from "./raydium-launchlab/index.js";
import { AGGREGATORS, findChainedRoutes, findRoutes, hopsOf, mergeRoutes } from "./routes/index.js";
import type { DecodedSwap } from "./routes/index.js";
import { computePrices } from "./shared/price.js";
import { DecodeError } from "./types.js";
import type { SwapCore, SwapDecoder } from "./types.js";

export { DecodeError } from "./types.js";
export type { DecodeContext, DecodeErrorInit, SwapCore, SwapDecoder, TokenAccountState } from "./types.js";
export { detectBalanceDeltaSwap } from "./balance-delta/index.js";
export type { BalanceDeltaSwap } from "./balance-delta/index.js";
export { PUMPFUN_TOKEN_DECIMALS, decodePumpTradeEvent, extractTokenCreations, findTradeEvent, pumpfunDecoder } from "./pumpfun/index.js";
export type { PumpTradeEvent, TokenCreation } from "./pumpfun/index.js";
export { decodePumpSwapEvent, findPumpSwapEvent, pumpswapDecoder } from "./pumpswap/index.js";
export type { PumpSwapEvent } from "./pumpswap/index.js";
export { raydiumAmmV4Decoder } from "./raydium-amm-v4/index.js";
export { raydiumCpmmDecoder } from "./raydium-cpmm/index.js";
export { raydiumClmmDecoder } from "./raydium-clmm/index.js";
export { raydiumLaunchLabDecoder } from "./raydium-launchlab/index.js";
export { meteoraDlmmDecoder } from "./meteora-dlmm/index.js";
export { meteoraDammV1Decoder } from "./meteora-damm-v1/index.js";
export { meteoraDammV2Decoder } from "./meteora-damm-v2/index.js";
export { meteoraDbcDecoder } from "./meteora-dbc/index.js";
export { orcaWhirlpoolDecoder } from "./orca-whirlpool/index.js";
export { AGGREGATORS, VENUE_DEX, findChainedRoutes, findRoutes, jupiterEventsOf, mergeRoutes, readJupiterEvent } from "./routes/index.js";
export type { DecodedSwap, HopCore, HopEvent, MultiHopSwapCore, Route, RouteEnv } from "./routes/index.js";
export { TxContext } from "./context.js";

export type DecoderRegistry = ReadonlyMap<string, SwapDecoder>;

/**
 * programId -> decoder. The same decoder listed twice is one decoder (so
 * `createRegistry([...DEFAULT_DECODERS, x])` works whether or not `x` is a default); two
 * different decoders for one program are a mistake.
 */
export function createRegistry(decoders: readonly SwapDecoder[]): DecoderRegistry {
  const m = new Map<string, SwapDecoder>();
  for (const d of decoders) {
    const prev = m.get(d.programId);
    if (prev !== undefined && prev !== d) throw new Error(`two decoders for program ${d.programId}`);
    m.set(d.programId, d);
  }
  return m;
}

export const DEFAULT_DECODERS: readonly SwapDecoder[] = [
  raydiumAmmV4Decoder,
  raydiumCpmmDecoder,
  raydiumClmmDecoder,
  raydiumLaunchLabDecoder,
  pumpfunDecoder,
  pumpswapDecoder,
  meteoraDlmmDecoder,
  meteoraDammV1Decoder,
  meteoraDammV2Decoder,
  meteoraDbcDecoder,
  orcaWhirlpoolDecoder,
];

/** programId -> decoder for every built-in decoder. */
export const defaultRegistry: DecoderRegistry = createRegistry(DEFAULT_DECODERS);

export interface DecodeOptions {
  /** Used when the transaction carries no slot; without either, decoding reports `no slot`. */
  slot?: number;
  /** Used when the transaction carries no blockTime. */
  blockTime?: number | null;
  /** SOL price in USD, to fill `priceUsd` of SOL-quoted swaps. */
  solUsd?: number | null;
  /** Defaults to `defaultRegistry`. */
  registry?: DecoderRegistry;
  /**
   * Run the balance-delta fallback (default true): for transactions no decoder and no route
   * saw, and for routes whose hops could not be read.
   */
  fallback?: boolean;
  /** Merge the hops of aggregator routes into one routed swap each (default true). */
  routes?: boolean;
}

export interface DecodeResult {
  swaps: Swap[];
  errors: DecodeError[];
}

export function decodeSwaps(tx: SolanaTransaction, opts: DecodeOptions = {}): DecodeResult {
  const swaps: Swap[] = [];
  const errors: DecodeError[] = [];
  if (tx.failed) return { swaps, errors };

  const slot = tx.slot ?? opts.slot;
  if (slot === undefined || slot === null) {
    errors.push(new DecodeError("no slot", { signature: tx.signature, ixPath: "", dex: null }));
    return { swaps, errors };
  }
  const blockTime = tx.blockTime ?? opts.blockTime ?? null;
  const registry = opts.registry ?? defaultRegistry;
  const solUsd = opts.solUsd ?? null;

  let ctx: TxContext | null = null;
  let sawDecoderProgram = false;
  let sawAggregator = false;
  const mergeRoutesOn = opts.routes !== false;
  // the instruction of each swap, for routes to find the hops under them
  const found: DecodedSwap[] = [];

  const visit = (ix: Instruction): void => {
    const decoder = registry.get(ix.programId);
    if (!decoder) {
      if (mergeRoutesOn && AGGREGATORS.has(ix.programId)) sawAggregator = true;
      return;
    }
    sawDecoderProgram = true;
    ctx ??= new TxContext(tx);
    const path = ixPath(ix);
    try {
      const core = decoder.decode(ix, ctx);
      if (core) {
        // A DEX-level "user" that did not sign the transaction is a program-derived account
        // (a router's or bot's vault signing through CPI). `Swap.trader` must be a wallet, and
        // the one wallet we can name is the transaction's fee payer.
        if (!ctx.isSigner(core.trader)) core.trader = tx.accountKeys[0]!;
        const swap = makeSwap(tx, slot, blockTime, path, decoder.dex, ix.programId, core);
        swaps.push(swap);
        found.push({ swap, ix });
      }
    } catch (e) {
      const where = { signature: tx.signature, ixPath: path, dex: decoder.dex, programId: ix.programId };
      errors.push(
        e instanceof DecodeError
          ? e.locate(where)
          : new DecodeError(`decoder crashed: ${e instanceof Error ? e.message : String(e)}`, where),
      );
    }
  };

  for (const o of tx.instructions) {
    visit(o);
    for (const i of o.inner) visit(i);
  }

  if (sawAggregator || (mergeRoutesOn && found.length >= 2)) {
    const known = sawAggregator ? findRoutes(tx) : [];
    const chained = found.length >= 2 ? findChainedRoutes(tx, found, known, (p) => registry.has(p)) : [];
    const routes = chained.length === 0 ? known : [...known, ...chained];
    if (routes.length > 0) {
      ctx ??= new TxContext(tx);
      const env = {
        fallback: opts.fallback !== false,
        makeSwap: (path: string, dex: Swap["dex"], programId: string, core: SwapCore) =>
          makeSwap(tx, slot, blockTime, path, dex, programId, core),
      };
      return { swaps: withPrices(plausible(tx, mergeRoutes(tx, routes, found, ctx, env, errors), errors), solUsd), errors };
    }
  }

  if (!sawDecoderProgram && opts.fallback !== false) {
    const f = detectBalanceDeltaSwap(tx);
    if (f) {
      const { programId, ixPath: path, ...core } = f;
      swaps.push(makeSwap(tx, slot, blockTime, path, "unknown", programId, core));
    }
  }
  return { swaps: withPrices(plausible(tx, swaps, errors), solUsd), errors };
}

const implausible = (x: { mintIn: string; mintOut: string; amountIn: bigint; amountOut: bigint; legs?: unknown[] }): string | null =>
  !x.mintIn || !x.mintOut
    ? "empty mint"
    : // A circular route (an arbitrage over two legs or more) legitimately ends where it began.
      x.mintIn === x.mintOut && (x.legs?.length ?? 0) < 2
      ? "mintIn === mintOut"
      : x.amountIn <= 0n || x.amountOut <= 0n
        ? "zero or negative amount"
        : null;

/**
 * The last gate before a swap leaves the decoder: whatever a decoder or the route merger made of
 * a damaged or unusual transaction, a swap of nothing, or of a token for itself, is reported as
 * an error instead of reaching PnL and alerts. Implausible legs are dropped from routed swaps.
 */
function plausible(tx: SolanaTransaction, swaps: Swap[], errors: DecodeError[]): Swap[] {
  const kept: Swap[] = [];
  for (const s of swaps) {
    const why = implausible(s);
    if (why) {
      errors.push(new DecodeError(`implausible swap: ${why}`, { signature: tx.signature, ixPath: s.ixPath, dex: s.dex, programId: s.programId }));
      continue;
    }
    if (s.legs?.some((l) => implausible(l))) s.legs = s.legs.filter((l) => !implausible(l));
    kept.push(s);
  }
  return kept;
}

/** Prices are filled in last, for the swaps that are kept (a route's hops never need them). */
function withPrices(swaps: Swap[], solUsd: number | null): Swap[] {
  for (const s of swaps) {
    const p = computePrices(s, solUsd);
    s.priceSol = p.priceSol;
    s.priceUsd = p.priceUsd;
  }
  return swaps;
}

function makeSwap(
  tx: SolanaTransaction,
  slot: number,
  blockTime: number | null,
  path: string,
  dex: Swap["dex"],
  programId: string,
  c: SwapCore,
): Swap {
  const hops = hopsOf(c);
  const swap: Swap = {
    signature: tx.signature,
    slot,
    blockTime,
    ixPath: path,
    dex,
    programId,
    pool: c.pool,
    trader: c.trader,
    mintIn: c.mintIn,
    amountIn: c.amountIn,
    decimalsIn: c.decimalsIn,
    mintOut: c.mintOut,
    amountOut: c.amountOut,
    decimalsOut: c.decimalsOut,
    priceSol: null,
    priceUsd: null,
  };
  if (c.fees !== undefined) swap.fees = c.fees;
  if (c.reserves !== undefined && !hops) swap.reserves = c.reserves;
  // a multi-hop instruction (Orca two_hop_swap) is one swap whose pools are its legs
  if (hops) {
    swap.legs = hops.map((h): SwapLeg => ({
      dex, programId, pool: h.pool, mintIn: h.mintIn, amountIn: h.amountIn, mintOut: h.mintOut, amountOut: h.amountOut, ixPath: path,
    }));
  }
  return swap;
}
