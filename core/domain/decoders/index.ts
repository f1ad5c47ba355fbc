/**
 * Swap decoding: walks every outer and inner instruction of a transaction, hands each one to
 * the decoder registered for its program, and assembles `Swap`s. Decoders are isolated from
 * each other: a malformed instruction becomes a `DecodeError` in `errors` and the remaining
 * instructions still decode. When no registered program was invoked at all, the
 * balance-delta fallback may report one `dex: "unknown"` swap.
 */
import type { Swap } from "../swap.js";
import { ixPath } from "../transaction.js";
import type { Instruction, SolanaTransaction } from "../transaction.js";
import { detectBalanceDeltaSwap } from "./balance-delta/index.js";
import { TxContext } from "./context.js";
import { pumpfunDecoder } from "./pumpfun/index.js";
import { pumpswapDecoder } from "./pumpswap/index.js";
import { raydiumAmmV4Decoder } from "./raydium-amm-v4/index.js";
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
export { TxContext } from "./context.js";

export type DecoderRegistry = ReadonlyMap<string, SwapDecoder>;

export function createRegistry(decoders: readonly SwapDecoder[]): DecoderRegistry {
  const m = new Map<string, SwapDecoder>();
  for (const d of decoders) {
    if (m.has(d.programId)) throw new Error(`two decoders for program ${d.programId}`);
    m.set(d.programId, d);
  }
  return m;
}

export const DEFAULT_DECODERS: readonly SwapDecoder[] = [raydiumAmmV4Decoder, pumpfunDecoder, pumpswapDecoder];

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
  /** Run the balance-delta fallback (default true). */
  fallback?: boolean;
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

  const visit = (ix: Instruction): void => {
    const decoder = registry.get(ix.programId);
    if (!decoder) return;
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
        swaps.push(makeSwap(tx, slot, blockTime, path, decoder.dex, ix.programId, core, solUsd));
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

  if (!sawDecoderProgram && opts.fallback !== false) {
    const f = detectBalanceDeltaSwap(tx);
    if (f) {
      const { programId, ixPath: path, ...core } = f;
      swaps.push(makeSwap(tx, slot, blockTime, path, "unknown", programId, core, solUsd));
    }
  }
  return { swaps, errors };
}

function makeSwap(
  tx: SolanaTransaction,
  slot: number,
  blockTime: number | null,
  path: string,
  dex: Swap["dex"],
  programId: string,
  c: SwapCore,
  solUsd: number | null,
): Swap {
  const { priceSol, priceUsd } = computePrices(c, solUsd);
  return {
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
    priceSol,
    priceUsd,
  };
}
