/**
 * A swap-batches job's data to swaps, for the pipeline's hot path. The zod schema in contract.ts
 * stays the definition; checking 500 swaps with it, then converting each payload to a Swap with
 * spreads, cost the pipeline ~7% of its CPU. Here each swap is checked against the same rules
 * field by field and built as a Swap in the same pass (the batch's tokens and token events too). Anything the fast check does not accept
 * goes through the schema, so a bad batch fails with the schema's own error and an odd but valid
 * one (say, an unknown key to strip) gives the schema's result.
 */
import type { Dex, PoolReserves, Swap, SwapFee, SwapLeg } from "../domain/swap.js";
import { swapBatchPayload, type SwapBatchPayload } from "./contract.js";
import { swapFromPayload } from "./swap-codec.js";

export interface DecodedSwapBatch {
  source: SwapBatchPayload["source"];
  swaps: Swap[];
  tokens: SwapBatchPayload["tokens"];
  tokenEvents?: SwapBatchPayload["tokenEvents"];
}

const U64 = /^\d{1,20}$/;
const IX_PATH = /^\d+(\.\d+)?$/;
const FEE_KINDS: ReadonlySet<string> = new Set(["lp", "protocol", "creator", "platform", "transfer"]);
const SWAP_KEYS = new Set([
  "signature", "slot", "blockTime", "ixPath", "dex", "programId", "pool", "trader", "mintIn", "amountIn",
  "decimalsIn", "mintOut", "amountOut", "decimalsOut", "priceSol", "priceUsd", "legs", "fees", "reserves",
]);
const LEG_KEYS = new Set(["dex", "programId", "pool", "mintIn", "amountIn", "mintOut", "amountOut", "ixPath"]);
const FEE_KEYS = new Set(["kind", "mint", "amount"]);
const RESERVES_KEYS = new Set(["base", "quote", "realQuote"]);
const BATCH_KEYS = new Set(["source", "swaps", "tokens", "tokenEvents"]);
const SOURCES: ReadonlySet<string> = new Set(["grpc", "rpc", "replay"]);
const TOKEN_KEYS = new Set(["mint", "symbol", "name", "decimals"]);
const EVENT_KEYS = new Set(["kind", "mint", "wallet", "slot", "signature", "source"]);
const EVENT_KINDS: ReadonlySet<string> = new Set(["created", "received-at-creation", "held-before-swap"]);
const EVENT_SOURCES: ReadonlySet<string> = new Set(["pumpfun", "pumpswap", "raydium-launchlab", "meteora-dbc"]);

type TokenInfo = SwapBatchPayload["tokens"][number];
type TokenEvent = NonNullable<SwapBatchPayload["tokenEvents"]>[number];

type Obj = Record<string, unknown>;

/** Not a swap the fast path takes: the schema decides. */
class Unsure extends Error {}
const UNSURE = new Unsure();

function obj(v: unknown, keys: ReadonlySet<string>): Obj {
  if (typeof v !== "object" || v === null || Array.isArray(v)) throw UNSURE;
  // An unknown key would be stripped by the schema; leave that case to it.
  for (const k in v) if (!keys.has(k)) throw UNSURE;
  return v as Obj;
}

function str(v: unknown): string {
  if (typeof v !== "string") throw UNSURE;
  return v;
}

function strOrNull(v: unknown): string | null {
  return v === null ? null : str(v);
}

function oneOf(v: unknown, allowed: ReadonlySet<string>): string {
  if (typeof v !== "string" || !allowed.has(v)) throw UNSURE;
  return v;
}

function signature(v: unknown): string {
  const s = str(v);
  if (s.length < 32 || s.length > 100) throw UNSURE;
  return s;
}

function shortOrNull(v: unknown, max: number): string | null {
  const s = strOrNull(v);
  if (s !== null && s.length > max) throw UNSURE;
  return s;
}

function u64(v: unknown): bigint {
  if (typeof v !== "string" || !U64.test(v)) throw UNSURE;
  return BigInt(v);
}

function int(v: unknown, min: number, max: number): number {
  if (typeof v !== "number" || !Number.isSafeInteger(v) || v < min || v > max) throw UNSURE;
  return v;
}

function numOrNull(v: unknown): number | null {
  if (v === null) return null;
  if (typeof v !== "number" || !Number.isFinite(v)) throw UNSURE;
  return v;
}

function leg(v: unknown): SwapLeg {
  const o = obj(v, LEG_KEYS);
  return {
    dex: str(o["dex"]) as Dex,
    programId: str(o["programId"]),
    pool: strOrNull(o["pool"]),
    mintIn: str(o["mintIn"]),
    amountIn: u64(o["amountIn"]),
    mintOut: str(o["mintOut"]),
    amountOut: u64(o["amountOut"]),
    ixPath: str(o["ixPath"]),
  };
}

function fee(v: unknown): SwapFee {
  const o = obj(v, FEE_KEYS);
  return { kind: oneOf(o["kind"], FEE_KINDS) as SwapFee["kind"], mint: str(o["mint"]), amount: u64(o["amount"]) };
}

function reserves(v: unknown): PoolReserves {
  const o = obj(v, RESERVES_KEYS);
  const r: PoolReserves = { base: u64(o["base"]), quote: u64(o["quote"]) };
  if (o["realQuote"] !== undefined) r.realQuote = u64(o["realQuote"]);
  return r;
}

function list<T>(v: unknown, item: (x: unknown) => T): T[] {
  if (!Array.isArray(v)) throw UNSURE;
  return v.map(item);
}

function token(v: unknown): TokenInfo {
  const o = obj(v, TOKEN_KEYS);
  return {
    mint: str(o["mint"]),
    symbol: shortOrNull(o["symbol"], 64),
    name: shortOrNull(o["name"], 200),
    decimals: o["decimals"] === null ? null : int(o["decimals"], Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER),
  };
}

function tokenEvent(v: unknown): TokenEvent {
  const o = obj(v, EVENT_KEYS);
  const e: TokenEvent = {
    kind: oneOf(o["kind"], EVENT_KINDS) as TokenEvent["kind"],
    mint: str(o["mint"]),
    wallet: str(o["wallet"]),
    slot: int(o["slot"], 0, Number.MAX_SAFE_INTEGER),
    signature: signature(o["signature"]),
  };
  if (o["source"] !== undefined) e.source = oneOf(o["source"], EVENT_SOURCES) as NonNullable<TokenEvent["source"]>;
  return e;
}

function swap(v: unknown): Swap {
  const o = obj(v, SWAP_KEYS);
  const ixPath = str(o["ixPath"]);
  if (!IX_PATH.test(ixPath)) throw UNSURE;
  const s: Swap = {
    signature: signature(o["signature"]),
    slot: int(o["slot"], 0, Number.MAX_SAFE_INTEGER),
    blockTime: o["blockTime"] === null ? null : int(o["blockTime"], Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER),
    ixPath,
    dex: str(o["dex"]) as Dex,
    programId: str(o["programId"]),
    pool: strOrNull(o["pool"]),
    trader: str(o["trader"]),
    mintIn: str(o["mintIn"]),
    amountIn: u64(o["amountIn"]),
    decimalsIn: int(o["decimalsIn"], 0, 255),
    mintOut: str(o["mintOut"]),
    amountOut: u64(o["amountOut"]),
    decimalsOut: int(o["decimalsOut"], 0, 255),
    priceSol: numOrNull(o["priceSol"]),
    priceUsd: numOrNull(o["priceUsd"]),
  };
  if (o["legs"] !== undefined) s.legs = list(o["legs"], leg);
  if (o["fees"] !== undefined) s.fees = list(o["fees"], fee);
  if (o["reserves"] !== undefined) s.reserves = reserves(o["reserves"]);
  return s;
}

/** The batch's swaps and side data; throws the schema's error for data that does not match it. */
export function decodeSwapBatch(data: unknown): DecodedSwapBatch {
  try {
    const o = obj(data, BATCH_KEYS);
    const batch: DecodedSwapBatch = {
      source: oneOf(o["source"], SOURCES) as DecodedSwapBatch["source"],
      swaps: list(o["swaps"], swap),
      tokens: o["tokens"] === undefined ? [] : list(o["tokens"], token),
    };
    if (o["tokenEvents"] !== undefined) batch.tokenEvents = list(o["tokenEvents"], tokenEvent);
    return batch;
  } catch (err) {
    if (!(err instanceof Unsure)) throw err;
  }
  const batch = swapBatchPayload.parse(data);
  return { ...batch, swaps: batch.swaps.map(swapFromPayload) };
}
