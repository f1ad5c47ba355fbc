/**
 * The normalized swap: what every decoder emits and every later stage consumes.
 *
 * Amounts are raw integers (`bigint`) with their decimals; never floats. Prices may be numbers.
 * A swap is identified by `(signature, ixPath)`; `slot` travels with it because storage is
 * partitioned by slot and a signature lands in exactly one slot.
 */

/** Wrapped SOL's mint. Native SOL movements are reported under this mint too. */
export const WSOL_MINT = "So11111111111111111111111111111111111111112";
export const USDC_MINT = "EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v";
/** Tether (USDT) on mainnet. (An earlier revision had a mistyped address here that no token has.) */
export const USDT_MINT = "Es9vMFrzaCERmJfrF4H2FYD4KCoNkY11McCe8BenwNYB";

/** Mints a token is priced against, in order of preference. */
export const QUOTE_MINTS: ReadonlySet<string> = new Set([WSOL_MINT, USDC_MINT, USDT_MINT]);

export type Dex =
  | "raydium-amm-v4"
  | "raydium-cpmm"
  | "raydium-clmm"
  | "raydium-launchlab"
  | "pumpfun"
  | "pumpswap"
  | "meteora-dlmm"
  | "meteora-damm-v1"
  | "meteora-damm-v2"
  | "meteora-dbc"
  | "orca-whirlpool"
  // aggregators / routers: a routed swap carries the aggregator as its dex and the hops as legs
  | "jupiter"
  | "okx-router"
  | "raydium-route"
  | "dflow"
  | "unknown";

/**
 * One hop of a routed swap (an aggregator route, or a multi-hop instruction such as Orca's
 * `two_hop_swap`), in execution order. `dex` is the venue of the hop ("unknown" for an AMM we
 * have no id for), `programId` its program, `pool` null when only the program is known (a hop
 * read from an aggregator's event). `ixPath` is the hop's own instruction (or the event's).
 */
export interface SwapLeg {
  dex: Dex;
  programId: string;
  pool: string | null;
  mintIn: string;
  amountIn: bigint;
  mintOut: string;
  amountOut: bigint;
  ixPath: string;
}

export type SwapSource = "grpc" | "rpc" | "replay";

/**
 * One fee a trade paid, as the program itself states it (an event field), never estimated.
 * `amount` is in raw units of `mint`. Kinds: `lp` stays in the pool for liquidity providers,
 * `protocol` goes to the program's treasury, `creator` to the token's / pool's creator,
 * `platform` to the launch platform (LaunchLab) or a referrer/host (Meteora), and `transfer` is
 * a Token-2022 transfer fee withheld from a movement of the swap.
 */
export interface SwapFee {
  kind: "lp" | "protocol" | "creator" | "platform" | "transfer";
  mint: string;
  amount: bigint;
}

/**
 * A pool's reserves right after the swap, raw units: `base` is the swap's token side and
 * `quote` its SOL/USDC/USDT side (as `viewSwap` tells them apart). `realQuote` is set when
 * `quote` includes virtual liquidity (a bonding curve): the curve prices by the virtual
 * reserves, but only the real ones are liquidity.
 */
export interface PoolReserves {
  base: bigint;
  quote: bigint;
  realQuote?: bigint;
}

export interface Swap {
  signature: string;
  slot: number;
  /** Unix seconds; null when the source does not carry it (gRPC updates, getBlock entries). */
  blockTime: number | null;
  /** "3" for an outer instruction, "3.1" for the second inner instruction of outer #3. */
  ixPath: string;
  dex: Dex;
  programId: string;
  pool: string | null;
  /** The wallet whose balances changed: never a program, a pool or a router account. */
  trader: string;
  mintIn: string;
  amountIn: bigint;
  decimalsIn: number;
  mintOut: string;
  amountOut: bigint;
  decimalsOut: number;
  /** Price of the non-quote token in SOL, when the swap is against SOL. */
  priceSol: number | null;
  /** Price of the non-quote token in USD, when known. */
  priceUsd: number | null;
  /**
   * Present on routed swaps only: the hops, in order. The swap itself is the user's intent
   * (first input -> final output, amounts as the user's balances moved); intermediate mints
   * only appear here. An empty array means the route was seen but its hops could not be read.
   */
  legs?: SwapLeg[];
  /**
   * Fees the trade paid, where the program states them (raw units of the given mint). Absent
   * when the program does not state its fees (or the statement could not be read); zero-amount
   * fees are left out, so an empty array means "stated, nothing paid". Left out of routed
   * swaps: their legs' fees are knowable from the hops' decoders.
   */
  fees?: SwapFee[];
  /**
   * The pool's reserves after the trade, where the decoder knows them exactly and cheaply (a
   * constant-product pool's vault post balances, a bonding curve's event). Absent otherwise.
   */
  reserves?: PoolReserves;
}

/** The idempotency key of a swap: `${signature}-${ixPath}` (no ':' so it is a valid BullMQ id). */
export function swapKey(s: Pick<Swap, "signature" | "ixPath">): string {
  return `${s.signature}-${s.ixPath}`;
}

export type Side = "buy" | "sell";

/** A swap seen from the token's side: who bought or sold which token against which quote. */
export interface SwapView {
  side: Side;
  tokenMint: string;
  tokenAmount: bigint;
  tokenDecimals: number;
  quoteMint: string;
  quoteAmount: bigint;
  quoteDecimals: number;
}

/**
 * Tells the traded token from the quote. Paying SOL (or a stablecoin) for a token is a buy;
 * receiving it is a sell. When both sides are quotes, the higher-ranked one (SOL, then USDC,
 * then USDT) is the quote, so USDC -> SOL is a sell of USDC. Two
 * non-quote tokens read as a sell of the input token.
 */
// Module-level rather than inside viewSwap (called per swap by several stages): the runtime's
// name-keeping transform would define a fresh closure's name on every call.
const quoteRank = (m: string): number => (m === WSOL_MINT ? 0 : m === USDC_MINT ? 1 : m === USDT_MINT ? 2 : 3);

export function viewSwap(s: Swap): SwapView {
  const inRank = quoteRank(s.mintIn);
  const outRank = quoteRank(s.mintOut);
  if (inRank < outRank) {
    return {
      side: "buy",
      tokenMint: s.mintOut,
      tokenAmount: s.amountOut,
      tokenDecimals: s.decimalsOut,
      quoteMint: s.mintIn,
      quoteAmount: s.amountIn,
      quoteDecimals: s.decimalsIn,
    };
  }
  return {
    side: "sell",
    tokenMint: s.mintIn,
    tokenAmount: s.amountIn,
    tokenDecimals: s.decimalsIn,
    quoteMint: s.mintOut,
    quoteAmount: s.amountOut,
    quoteDecimals: s.decimalsOut,
  };
}

/** Raw amount to a decimal number, for display and prices only. */
export function toUiAmount(raw: bigint, decimals: number): number {
  if (decimals === 0) return Number(raw);
  // The same sum with Numbers when every step is exact (|raw| < 2^53, 10^decimals a literal):
  // `n % base` is exact, and so is dividing the multiple `n - r` by base. The BigInt steps
  // allocate, and this runs for every trade a full rescore folds.
  if (decimals < POW10.length && raw <= MAX_SAFE && raw >= -MAX_SAFE) {
    const n = Number(raw);
    const base = POW10[decimals]!;
    const r = n % base;
    return (n - r) / base + r / base;
  }
  const base = 10n ** BigInt(decimals);
  return Number(raw / base) + Number(raw % base) / Number(base);
}
const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
/** 10^0 … 10^22: every one an exact double, written as literals so none is computed. */
const POW10 = [
  1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
];
