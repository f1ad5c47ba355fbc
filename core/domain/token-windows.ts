/**
 * Token windows: the bucket layout behind the live token stats, the fold of swaps into buckets,
 * and the snapshot computed from buckets at a given time. Pure; the Redis store keeps the same
 * bytes and merges them with a Lua port of `mergeSlot` / `mergeHeader`.
 *
 * Key idea: each window has its own ring of time buckets (tiers below), and every bucket is a
 * fixed-size binary record tagged with its bucket id. Merging a delta into a ring slot is
 * commutative and idempotent on the id: a newer id replaces the slot, an equal id adds up, an
 * older id is dropped (it can no longer be inside any window the slot serves). So out-of-order
 * delivery gives the same bytes; duplicate delivery is kept out one level up (exactly-once per
 * stored swap, see the token-stats store), because sums are not idempotent.
 *
 * "First" and "last" trade are ordered by (slot, a 20-bit hash of signature+ixPath), never by
 * arrival: many swaps share one block time and gRPC swaps carry none.
 *
 * Trap: a window is the last N buckets including the current one, so a 1h window of 5-minute
 * buckets covers between 55 and 60 minutes; the brute-force tests use the same definition.
 * Unique traders are a 56-register HyperLogLog per bucket (4-bit registers, ~14% standard
 * error past ~100 traders, near-exact below through linear counting), merged over the window.
 *
 * Pools: after the buckets, POOL_ENTRIES fixed records of the token's busiest pools (raw 32-byte
 * address, dex, two 12-hour volume buckets, the latest reserves' liquidity and ordering key).
 * "24h" pool volume is the current plus the previous 12-hour bucket (so 12 to 24 hours). A pool
 * not yet tracked takes the place of the tracked pool with the least volume: with more active
 * pools than records the set is an approximation (heavy pools stay, a long tail churns).
 *
 * Price from reserves: a trade whose quote side is tiny (below TINY_QUOTE) is priced by its pool's
 * post-trade reserves (quote / base, the constant-product spot price) instead of its own ratio,
 * which fees, rounding and a minimum output distort most on small trades.
 */
import bs58 from "bs58";
import { QUOTE_MINTS, toUiAmount, USDC_MINT, USDT_MINT, viewSwap, WSOL_MINT, type Swap } from "./swap.js";
import { TOKEN_WINDOWS, type TokenStatsSnapshot, type TokenWindow, type TokenWindowStats } from "./token-stats.js";

/** One ring per window: bucket length and how many buckets the window spans. */
export interface Tier {
  window: TokenWindow;
  bucketSec: number;
  slots: number;
}

export const TIERS: readonly Tier[] = [
  { window: "5m", bucketSec: 60, slots: 5 },
  { window: "1h", bucketSec: 300, slots: 12 },
  { window: "6h", bucketSec: 1800, slots: 12 },
  { window: "24h", bucketSec: 7200, slots: 12 },
];

export const HLL_REGISTERS = 56;
const HLL_BYTES = HLL_REGISTERS / 2;

/**
 * Header: lastKey f64, lastSol f64, lastUsd f64, liquidityUsd f64, firstAt u32, lastAt u32.
 * (The header's liquidityUsd stays unset: liquidity is summed from the pool records instead.)
 * Slot: id u32, buys u32, sells u32, buyVolSol f32, sellVolSol f32, buyVolUsd f32, sellVolUsd f32,
 * openKey f64, openSol f32, openUsd f32, 28 bytes of HLL registers (two 4-bit registers a byte).
 * Absent prices are -1; key 0 and time 0 mean "none", so an all-zero blob is an empty token.
 */
export const HEADER_BYTES = 40;
export const SLOT_BYTES = 44 + HLL_BYTES;
export const TIER_OFFSETS: readonly number[] = TIERS.reduce<number[]>((acc, t, i) => {
  acc.push(i === 0 ? 0 : acc[i - 1]! + TIERS[i - 1]!.slots);
  return acc;
}, []);
export const TOTAL_SLOTS = TIERS.reduce((n, t) => n + t.slots, 0);
export const POOL_ENTRIES = 4;
/** Pool record: address 32 bytes, dex u8, 3 bytes pad, id u32, cur f32, prev f32, key f64, liq f32. */
export const POOL_BYTES = 60;
export const POOL_BUCKET_SEC = 12 * 3600;
export const POOLS_OFFSET = HEADER_BYTES + TOTAL_SLOTS * SLOT_BYTES;
export const BLOB_BYTES = POOLS_OFFSET + POOL_ENTRIES * POOL_BYTES;
/** How many pools the snapshot lists. */
export const TOP_POOLS = 3;
/**
 * Below this quote amount a trade's own price is distorted (fees, rounding, a minimum output)
 * and its pool's reserve ratio prices it instead: 0.01 SOL, or 1 USDC/USDT.
 */
export const TINY_QUOTE: Readonly<Record<string, number>> = { [WSOL_MINT]: 0.01, [USDC_MINT]: 1, [USDT_MINT]: 1 };

/** Dexes by stored index (0 is none); append only, the index is persisted. */
export const POOL_DEXES = [
  "", "raydium-amm-v4", "raydium-cpmm", "raydium-clmm", "raydium-launchlab", "pumpfun", "pumpswap",
  "meteora-dlmm", "meteora-damm-v1", "meteora-damm-v2", "meteora-dbc", "orca-whirlpool", "unknown",
] as const;

/** One tracked pool of a token. `addr` is the raw 32-byte address (all zero: an empty record). */
export interface PoolEntry {
  addr: Uint8Array;
  dex: number;
  /** 12-hour bucket id of `cur`; `prev` is the bucket before it. */
  id: number;
  cur: number;
  prev: number;
  /** Ordering key of the trade whose reserves gave `liq` (0: none). */
  key: number;
  /** Liquidity in USD from those reserves; null when unknown. */
  liq: number | null;
}

export interface Header {
  lastKey: number;
  lastSol: number | null;
  lastUsd: number | null;
  liquidityUsd: number | null;
  firstAt: number;
  lastAt: number;
}

export interface Slot {
  id: number;
  buys: number;
  sells: number;
  buyVolSol: number;
  sellVolSol: number;
  buyVolUsd: number;
  sellVolUsd: number;
  openKey: number;
  openSol: number | null;
  openUsd: number | null;
  hll: Uint8Array; // one register per byte in memory; packed in the blob
}

/** One swap as the stats see it. */
export interface TradePoint {
  mint: string;
  /** The pool traded in, when known (its volume and reserves feed the pool records). */
  pool?: string | null;
  dex?: string;
  /** The pool's liquidity in USD after this trade, from its reserves; null when unknown. */
  liqUsd?: number | null;
  /** Unix seconds used for bucketing (block time, or arrival time when the source has none). */
  t: number;
  /** Ordering key: slot * 2^20 + 20-bit hash of the swap key. */
  key: number;
  side: "buy" | "sell";
  volSol: number;
  volUsd: number;
  priceSol: number | null;
  priceUsd: number | null;
  trader: string;
}

/** FNV-1a over UTF-16 code units, then murmur3's finalizer so the low bits are well mixed. */
export function hash32(s: string, seed = 0x811c9dc5): number {
  let h = seed >>> 0;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** (register, rank) of a trader in the per-bucket HyperLogLog. */
export function hllPosition(trader: string): [number, number] {
  const h = hash32(trader);
  const reg = h % HLL_REGISTERS;
  const w = hash32(trader, 0x9747b28c);
  const rank = w === 0 ? 33 : Math.clz32(w) + 1;
  return [reg, Math.min(rank, 15)];
}

export function hllEstimate(regs: Uint8Array): number {
  const m = HLL_REGISTERS;
  let sum = 0;
  let zeros = 0;
  for (let i = 0; i < m; i++) {
    sum += 2 ** -regs[i]!;
    if (regs[i] === 0) zeros++;
  }
  if (zeros === m) return 0;
  const alpha = 0.7213 / (1 + 1.079 / m);
  const raw = (alpha * m * m) / sum;
  if (raw <= 2.5 * m && zeros > 0) return Math.round(m * Math.log(m / zeros));
  return Math.round(raw);
}

const SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** `toUiAmount` without bigint division for amounts a double holds exactly (the hot path's). */
function uiAmount(raw: bigint, decimals: number): number {
  return raw <= SAFE ? Number(raw) / 10 ** decimals : toUiAmount(raw, decimals);
}

/**
 * The stats view of a swap: the token is the non-quote side, a buy when the trader receives it.
 * Null for a swap between two non-quote tokens (no price to speak of) or one without amounts.
 */
export function tradePoint(s: Swap, arrivalSec: number): TradePoint | null {
  const v = viewSwap(s);
  if (!QUOTE_MINTS.has(v.quoteMint)) return null;
  const tokenUi = uiAmount(v.tokenAmount, v.tokenDecimals);
  const quoteUi = uiAmount(v.quoteAmount, v.quoteDecimals);
  if (tokenUi <= 0 || quoteUi <= 0) return null;
  const stable = v.quoteMint === USDC_MINT || v.quoteMint === USDT_MINT;
  let priceSol = s.priceSol !== null && s.priceSol > 0 && Number.isFinite(s.priceSol) ? s.priceSol : null;
  let priceUsd = s.priceUsd !== null && s.priceUsd > 0 && Number.isFinite(s.priceUsd) ? s.priceUsd : null;
  // USD per unit of the quote mint, as the swap's own prices imply it (SOL/USD at the time)
  const quoteUsd = stable ? 1 : priceSol !== null && priceUsd !== null ? priceUsd / priceSol : null;
  let liqUsd: number | null = null;
  const r = s.reserves;
  if (r && r.base > 0n && r.quote > 0n) {
    const reservePrice = uiAmount(r.quote, v.quoteDecimals) / uiAmount(r.base, v.tokenDecimals);
    if (quoteUi < (TINY_QUOTE[v.quoteMint] ?? 0) && reservePrice > 0 && Number.isFinite(reservePrice)) {
      if (stable) {
        priceSol = priceSol !== null && priceUsd !== null ? reservePrice * (priceSol / priceUsd) : null;
        priceUsd = reservePrice;
      } else {
        priceUsd = quoteUsd !== null ? reservePrice * quoteUsd : null;
        priceSol = reservePrice;
      }
    }
    // Both sides of a constant-product pool are worth the same: twice the quote side. A curve
    // counts its real quote only.
    if (quoteUsd !== null) liqUsd = 2 * uiAmount(r.realQuote ?? r.quote, v.quoteDecimals) * quoteUsd;
  }
  const volSol = v.quoteMint === WSOL_MINT ? quoteUi : priceSol !== null ? tokenUi * priceSol : 0;
  const volUsd = stable ? quoteUi : priceUsd !== null ? tokenUi * priceUsd : 0;
  const slot = Math.min(Math.max(0, Math.floor(s.slot)), 0xffffffff);
  return {
    mint: v.tokenMint,
    t: s.blockTime ?? arrivalSec,
    key: slot * 0x100000 + (hash32(`${s.signature}-${s.ixPath}`) & 0xfffff) + 1,
    side: v.side,
    volSol,
    volUsd,
    priceSol,
    priceUsd,
    trader: s.trader,
    pool: s.pool,
    dex: s.dex,
    liqUsd,
  };
}

export function emptyHeader(): Header {
  return { lastKey: 0, lastSol: null, lastUsd: null, liquidityUsd: null, firstAt: 0, lastAt: 0 };
}

export function emptySlot(): Slot {
  return {
    id: 0,
    buys: 0,
    sells: 0,
    buyVolSol: 0,
    sellVolSol: 0,
    buyVolUsd: 0,
    sellVolUsd: 0,
    openKey: 0,
    openSol: null,
    openUsd: null,
    hll: new Uint8Array(HLL_REGISTERS),
  };
}

export function emptyPool(): PoolEntry {
  return { addr: new Uint8Array(32), dex: 0, id: 0, cur: 0, prev: 0, key: 0, liq: null };
}

const isEmptyPool = (e: PoolEntry) => e.addr.every((b) => b === 0);
const sameAddr = (a: Uint8Array, b: Uint8Array) => a.every((x, i) => x === b[i]);

/** A pool's volume over the two buckets ending at bucket `id`. */
export function poolVolumeAt(e: PoolEntry, id: number): number {
  return e.id === id ? e.cur + e.prev : e.id === id - 1 ? e.cur : 0;
}

/** Merges two records of the same pool: volumes bucket-wise, reserves by the newer key. */
export function mergePool(a: PoolEntry, b: PoolEntry): PoolEntry {
  const [lo, hi] = a.id <= b.id ? [a, b] : [b, a];
  let vol: { id: number; cur: number; prev: number };
  if (lo.id === hi.id) vol = { id: hi.id, cur: lo.cur + hi.cur, prev: lo.prev + hi.prev };
  else if (hi.id === lo.id + 1) vol = { id: hi.id, cur: hi.cur, prev: hi.prev + lo.cur };
  else vol = { id: hi.id, cur: hi.cur, prev: hi.prev };
  const r = b.key > a.key ? b : a;
  return { addr: a.addr, dex: a.dex || b.dex, ...vol, key: r.key, liq: r.liq };
}

/**
 * Merges a delta's pool record into the tracked ones: into its own record, else an empty one,
 * else over the record with the least volume as of the delta's bucket (the Lua does the same).
 */
export function mergePoolInto(list: PoolEntry[], d: PoolEntry): void {
  let victim = -1;
  let least = Infinity;
  for (let i = 0; i < list.length; i++) {
    const e = list[i]!;
    if (sameAddr(e.addr, d.addr)) {
      list[i] = mergePool(e, d);
      return;
    }
    const v = isEmptyPool(e) ? -1 : poolVolumeAt(e, d.id);
    if (v < least) {
      least = v;
      victim = i;
    }
  }
  if (victim >= 0) list[victim] = { ...d, addr: d.addr.slice() };
}

function poolAddr(pool: string): Uint8Array | null {
  try {
    const b = bs58.decode(pool);
    return b.length === 32 ? b : null;
  } catch {
    return null;
  }
}

/** A token's delta from a set of trades: its header and the buckets they touch. */
export interface TokenDelta {
  mint: string;
  header: Header;
  /** Touched pools by address, at most POOL_DELTA of them (the busiest) when encoded. */
  pools: Map<string, PoolEntry>;
  /** Keyed by `bucketId * TIERS.length + tier`. */
  slots: Map<number, { tier: number; slot: Slot }>;
}

const priced = (p: TradePoint) => p.priceSol !== null || p.priceUsd !== null;

/** Folds trade points into one delta per token (order of `points` does not matter). */
export function foldTrades(points: Iterable<TradePoint>): Map<string, TokenDelta> {
  const out = new Map<string, TokenDelta>();
  for (const p of points) {
    let d = out.get(p.mint);
    if (!d) out.set(p.mint, (d = { mint: p.mint, header: emptyHeader(), slots: new Map(), pools: new Map() }));
    const h = d.header;
    const t = Math.max(1, Math.floor(p.t));
    if (h.firstAt === 0 || t < h.firstAt) h.firstAt = t;
    if (t > h.lastAt) h.lastAt = t;
    if (priced(p) && p.key > h.lastKey) {
      h.lastKey = p.key;
      h.lastSol = p.priceSol;
      h.lastUsd = p.priceUsd;
    }
    if (p.pool) {
      let e = d.pools.get(p.pool);
      const addr = e?.addr ?? poolAddr(p.pool);
      if (addr) {
        const dex = Math.max(0, POOL_DEXES.indexOf((p.dex ?? "") as (typeof POOL_DEXES)[number]));
        const one: PoolEntry = {
          addr, dex, id: Math.floor(t / POOL_BUCKET_SEC), cur: p.volUsd, prev: 0,
          key: p.liqUsd != null ? p.key : 0, liq: p.liqUsd ?? null,
        };
        d.pools.set(p.pool, (e = e ? mergePool(e, one) : one));
      }
    }
    const [reg, rank] = hllPosition(p.trader);
    for (let tier = 0; tier < TIERS.length; tier++) {
      const id = Math.floor(t / TIERS[tier]!.bucketSec);
      const k = id * TIERS.length + tier;
      let e = d.slots.get(k);
      if (!e) d.slots.set(k, (e = { tier, slot: { ...emptySlot(), id } }));
      const s = e.slot;
      if (p.side === "buy") {
        s.buys++;
        s.buyVolSol += p.volSol;
        s.buyVolUsd += p.volUsd;
      } else {
        s.sells++;
        s.sellVolSol += p.volSol;
        s.sellVolUsd += p.volUsd;
      }
      if (priced(p) && (s.openKey === 0 || p.key < s.openKey)) {
        s.openKey = p.key;
        s.openSol = p.priceSol;
        s.openUsd = p.priceUsd;
      }
      if (rank > s.hll[reg]!) s.hll[reg] = rank;
    }
  }
  return out;
}

/** Merges `d` into `cur` (the Lua script does the same on the stored bytes). */
export function mergeSlot(cur: Slot, d: Slot): Slot {
  if (d.id < cur.id) return cur;
  if (d.id > cur.id) return { ...d, hll: d.hll.slice() };
  const hll = cur.hll.slice();
  for (let i = 0; i < HLL_REGISTERS; i++) if (d.hll[i]! > hll[i]!) hll[i] = d.hll[i]!;
  const takeOpen = d.openKey !== 0 && (cur.openKey === 0 || d.openKey < cur.openKey);
  return {
    id: cur.id,
    buys: cur.buys + d.buys,
    sells: cur.sells + d.sells,
    buyVolSol: cur.buyVolSol + d.buyVolSol,
    sellVolSol: cur.sellVolSol + d.sellVolSol,
    buyVolUsd: cur.buyVolUsd + d.buyVolUsd,
    sellVolUsd: cur.sellVolUsd + d.sellVolUsd,
    openKey: takeOpen ? d.openKey : cur.openKey,
    openSol: takeOpen ? d.openSol : cur.openSol,
    openUsd: takeOpen ? d.openUsd : cur.openUsd,
    hll,
  };
}

export function mergeHeader(cur: Header, d: Header): Header {
  const takeLast = d.lastKey > cur.lastKey;
  return {
    lastKey: takeLast ? d.lastKey : cur.lastKey,
    lastSol: takeLast ? d.lastSol : cur.lastSol,
    lastUsd: takeLast ? d.lastUsd : cur.lastUsd,
    liquidityUsd: d.liquidityUsd ?? cur.liquidityUsd,
    firstAt: cur.firstAt === 0 ? d.firstAt : d.firstAt === 0 ? cur.firstAt : Math.min(cur.firstAt, d.firstAt),
    lastAt: Math.max(cur.lastAt, d.lastAt),
  };
}

/** A token's whole state: header plus every ring, in blob order. */
export interface TokenState {
  header: Header;
  slots: Slot[];
  pools: PoolEntry[];
}

export function emptyState(): TokenState {
  return {
    header: emptyHeader(),
    slots: Array.from({ length: TOTAL_SLOTS }, emptySlot),
    pools: Array.from({ length: POOL_ENTRIES }, emptyPool),
  };
}

/** A delta's pool records in the order they are merged (busiest first), capped. */
export const POOL_DELTA = 8;
export function deltaPools(d: TokenDelta): PoolEntry[] {
  const all = [...d.pools.values()];
  if (all.length <= POOL_DELTA) return all;
  const id = Math.max(...all.map((e) => e.id));
  return all.sort((a, b) => poolVolumeAt(b, id) - poolVolumeAt(a, id)).slice(0, POOL_DELTA);
}

export function slotIndex(tier: number, id: number): number {
  return TIER_OFFSETS[tier]! + (id % TIERS[tier]!.slots);
}

/** Applies a delta to a state in place (the JS twin of the Lua update). */
export function applyDelta(state: TokenState, d: TokenDelta): void {
  state.header = mergeHeader(state.header, d.header);
  for (const { tier, slot } of d.slots.values()) {
    const i = slotIndex(tier, slot.id);
    state.slots[i] = mergeSlot(state.slots[i]!, slot);
  }
  for (const p of deltaPools(d)) mergePoolInto(state.pools, p);
}

// ---- bytes -------------------------------------------------------------------------------

const nul = (v: number | null) => (v === null ? -1 : v);
const unnul = (v: number) => (v < 0 ? null : v);

function writeHeader(dv: DataView, off: number, h: Header): void {
  dv.setFloat64(off, h.lastKey, true);
  dv.setFloat64(off + 8, nul(h.lastSol), true);
  dv.setFloat64(off + 16, nul(h.lastUsd), true);
  dv.setFloat64(off + 24, nul(h.liquidityUsd), true);
  dv.setUint32(off + 32, h.firstAt, true);
  dv.setUint32(off + 36, h.lastAt, true);
}

function readHeader(dv: DataView, off: number): Header {
  return {
    lastKey: dv.getFloat64(off, true),
    lastSol: unnul(dv.getFloat64(off + 8, true)),
    lastUsd: unnul(dv.getFloat64(off + 16, true)),
    liquidityUsd: unnul(dv.getFloat64(off + 24, true)),
    firstAt: dv.getUint32(off + 32, true),
    lastAt: dv.getUint32(off + 36, true),
  };
}

function writeSlot(dv: DataView, off: number, s: Slot): void {
  writeSlotFixed(dv, off, s);
  for (let i = 0; i < HLL_BYTES; i++) dv.setUint8(off + 44 + i, (s.hll[2 * i]! << 4) | s.hll[2 * i + 1]!);
}

/** The first 44 bytes of a slot: everything but the sketch. */
function writeSlotFixed(dv: DataView, off: number, s: Slot): void {
  dv.setUint32(off, s.id, true);
  dv.setUint32(off + 4, Math.min(s.buys, 0xffffffff), true);
  dv.setUint32(off + 8, Math.min(s.sells, 0xffffffff), true);
  dv.setFloat32(off + 12, s.buyVolSol, true);
  dv.setFloat32(off + 16, s.sellVolSol, true);
  dv.setFloat32(off + 20, s.buyVolUsd, true);
  dv.setFloat32(off + 24, s.sellVolUsd, true);
  dv.setFloat64(off + 28, s.openKey, true);
  dv.setFloat32(off + 36, nul(s.openSol), true);
  dv.setFloat32(off + 40, nul(s.openUsd), true);
}

function readSlot(dv: DataView, off: number): Slot {
  const hll = new Uint8Array(HLL_REGISTERS);
  for (let i = 0; i < HLL_BYTES; i++) {
    const b = dv.getUint8(off + 44 + i);
    hll[2 * i] = b >> 4;
    hll[2 * i + 1] = b & 15;
  }
  return {
    id: dv.getUint32(off, true),
    buys: dv.getUint32(off + 4, true),
    sells: dv.getUint32(off + 8, true),
    buyVolSol: dv.getFloat32(off + 12, true),
    sellVolSol: dv.getFloat32(off + 16, true),
    buyVolUsd: dv.getFloat32(off + 20, true),
    sellVolUsd: dv.getFloat32(off + 24, true),
    openKey: dv.getFloat64(off + 28, true),
    openSol: unnul(dv.getFloat32(off + 36, true)),
    openUsd: unnul(dv.getFloat32(off + 40, true)),
    hll,
  };
}

function writePool(out: Uint8Array, dv: DataView, off: number, e: PoolEntry): void {
  out.set(e.addr, off);
  dv.setUint8(off + 32, e.dex);
  dv.setUint32(off + 36, e.id, true);
  dv.setFloat32(off + 40, e.cur, true);
  dv.setFloat32(off + 44, e.prev, true);
  dv.setFloat64(off + 48, e.key, true);
  dv.setFloat32(off + 56, nul(e.liq), true);
}

function readPool(blob: Uint8Array, dv: DataView, off: number): PoolEntry {
  return {
    addr: blob.slice(off, off + 32),
    dex: dv.getUint8(off + 32),
    id: dv.getUint32(off + 36, true),
    cur: dv.getFloat32(off + 40, true),
    prev: dv.getFloat32(off + 44, true),
    key: dv.getFloat64(off + 48, true),
    liq: unnul(dv.getFloat32(off + 56, true)),
  };
}

export function encodeState(s: TokenState): Uint8Array {
  const out = new Uint8Array(BLOB_BYTES);
  const dv = new DataView(out.buffer);
  writeHeader(dv, 0, s.header);
  s.slots.forEach((slot, i) => writeSlot(dv, HEADER_BYTES + i * SLOT_BYTES, slot));
  s.pools.forEach((p, i) => writePool(out, dv, POOLS_OFFSET + i * POOL_BYTES, p));
  return out;
}

/** Decodes a stored blob; a blob of another size (an older layout) reads as empty. */
export function decodeState(blob: Uint8Array): TokenState {
  if (blob.length !== BLOB_BYTES) return emptyState();
  const dv = new DataView(blob.buffer, blob.byteOffset, blob.byteLength);
  return {
    header: readHeader(dv, 0),
    slots: Array.from({ length: TOTAL_SLOTS }, (_, i) => readSlot(dv, HEADER_BYTES + i * SLOT_BYTES)),
    pools: Array.from({ length: POOL_ENTRIES }, (_, i) => readPool(blob, dv, POOLS_OFFSET + i * POOL_BYTES)),
  };
}

/**
 * A delta as the Lua script reads it: the header, a count byte and that many pool records
 * (busiest first), then per bucket one tier byte, the slot's
 * first 44 bytes (everything but the sketch), a count byte and that many (register, rank) byte
 * pairs: a batch touches few registers of a bucket, and splicing a few bytes in Lua is far
 * cheaper than merging all 56 registers.
 */
export function encodeDelta(d: TokenDelta): Uint8Array {
  const pools = deltaPools(d);
  let size = HEADER_BYTES + 1 + pools.length * POOL_BYTES;
  for (const { slot } of d.slots.values()) {
    let used = 0;
    for (let r = 0; r < HLL_REGISTERS; r++) if (slot.hll[r] !== 0) used++;
    size += 46 + 2 * used;
  }
  const out = new Uint8Array(size);
  const dv = new DataView(out.buffer);
  writeHeader(dv, 0, d.header);
  out[HEADER_BYTES] = pools.length;
  pools.forEach((p, i) => writePool(out, dv, HEADER_BYTES + 1 + i * POOL_BYTES, p));
  let off = HEADER_BYTES + 1 + pools.length * POOL_BYTES;
  for (const { tier, slot } of d.slots.values()) {
    out[off] = tier;
    writeSlotFixed(dv, off + 1, slot);
    off += 45;
    const countAt = off++;
    let count = 0;
    for (let r = 0; r < HLL_REGISTERS; r++) {
      if (slot.hll[r] === 0) continue;
      out[off++] = r;
      out[off++] = slot.hll[r]!;
      count++;
    }
    out[countAt] = count;
  }
  return out;
}

/** Rounds a delta's floats the way storing them does, so JS and Redis states compare equal. */
export function roundTrip(s: TokenState): TokenState {
  return decodeState(encodeState(s));
}

// ---- snapshot ----------------------------------------------------------------------------

function emptyWindow(): TokenWindowStats {
  return {
    openPriceSol: null,
    openPriceUsd: null,
    changePct: null,
    volumeSol: 0,
    volumeUsd: 0,
    buys: 0,
    sells: 0,
    buyVolumeSol: 0,
    sellVolumeSol: 0,
    buyVolumeUsd: 0,
    sellVolumeUsd: 0,
    traders: 0,
  };
}

const change = (last: number | null, open: number | null) =>
  last !== null && open !== null && open > 0 ? (last / open - 1) * 100 : null;

/** The snapshot at `nowSec`: each window sums the last `slots` buckets up to the current one. */
export function snapshotOf(mint: string, state: TokenState, nowSec: number): TokenStatsSnapshot {
  const h = state.header;
  const windows = {} as Record<TokenWindow, TokenWindowStats>;
  TIERS.forEach((tier, ti) => {
    const w = emptyWindow();
    const nowId = Math.floor(nowSec / tier.bucketSec);
    const regs = new Uint8Array(HLL_REGISTERS);
    let openKey = 0;
    for (let i = 0; i < tier.slots; i++) {
      const s = state.slots[TIER_OFFSETS[ti]! + i]!;
      if (s.id === 0 || s.id > nowId || s.id <= nowId - tier.slots) continue;
      w.buys += s.buys;
      w.sells += s.sells;
      w.buyVolumeSol += s.buyVolSol;
      w.sellVolumeSol += s.sellVolSol;
      w.buyVolumeUsd += s.buyVolUsd;
      w.sellVolumeUsd += s.sellVolUsd;
      if (s.openKey !== 0 && (openKey === 0 || s.openKey < openKey)) {
        openKey = s.openKey;
        w.openPriceSol = s.openSol;
        w.openPriceUsd = s.openUsd;
      }
      for (let r = 0; r < HLL_REGISTERS; r++) if (s.hll[r]! > regs[r]!) regs[r] = s.hll[r]!;
    }
    w.volumeSol = w.buyVolumeSol + w.sellVolumeSol;
    w.volumeUsd = w.buyVolumeUsd + w.sellVolumeUsd;
    w.traders = hllEstimate(regs);
    w.changePct =
      h.lastUsd !== null && w.openPriceUsd !== null ? change(h.lastUsd, w.openPriceUsd) : change(h.lastSol, w.openPriceSol);
    windows[tier.window] = w;
  });
  for (const name of TOKEN_WINDOWS) windows[name] ??= emptyWindow();
  return {
    mint,
    priceSol: h.lastSol,
    priceUsd: h.lastUsd,
    lastTradeAt: h.lastAt === 0 ? null : h.lastAt,
    firstTradeAt: h.firstAt === 0 ? null : h.firstAt,
    windows,
    ...poolsSnapshot(state.pools, nowSec),
  };
}

/**
 * Liquidity: the sum of the tracked pools that traded within the pool volume window and whose
 * reserves are known (constant-product vaults, a curve's real SOL; concentrated pools count
 * nothing). Top pools: the busiest of them by that volume.
 */
function poolsSnapshot(pools: readonly PoolEntry[], nowSec: number): Pick<TokenStatsSnapshot, "liquidityUsd" | "topPools"> {
  const id = Math.floor(nowSec / POOL_BUCKET_SEC);
  const live = pools.filter((e) => !isEmptyPool(e) && e.id <= id && (e.id >= id - 1));
  let liquidityUsd: number | null = null;
  for (const e of live) if (e.liq !== null) liquidityUsd = (liquidityUsd ?? 0) + e.liq;
  const topPools = live
    .map((e) => ({ pool: bs58.encode(e.addr), dex: POOL_DEXES[e.dex] || "unknown", volumeUsd: poolVolumeAt(e, id) }))
    .filter((p) => p.volumeUsd > 0)
    .sort((a, b) => b.volumeUsd - a.volumeUsd)
    .slice(0, TOP_POOLS);
  return { liquidityUsd, topPools };
}
