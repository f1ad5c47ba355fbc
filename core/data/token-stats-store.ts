/**
 * Live token stats in Redis: one fixed-size binary string per token (header + one ring of time
 * buckets per window, layout in core/domain/token-windows.ts), a sorted set of tokens by last
 * update for the idle sweeper, and Postgres as the place idle tokens go to and come back from.
 *
 * Key ideas:
 * - One Lua call per batch applies every token's delta atomically (GETRANGE/SETRANGE of the
 *   touched buckets only) and sets a per-job marker in the same step, so a retried job whose
 *   effect already landed changes nothing, and a job that crashed before it lands applies once.
 *   What is applied is only the swaps the job itself stored (see SwapBatchContext.inserted), so
 *   the same swap replayed in another batch is never counted twice.
 * - A token whose key is missing is not created blindly: the script refuses the whole batch
 *   and names the missing tokens; the caller restores them from Postgres (or marks them new)
 *   and calls again. So a token that went idle gets its 24h windows back before new swaps land.
 * - The sweeper saves idle tokens' blobs to Postgres, then deletes a key only if it still holds
 *   exactly the bytes saved (a trade in between keeps it). A Redis TTL, longer than the idle
 *   time, is the safety net if the sweeper stops.
 *
 * Trap: the marker expires (TOKEN_STATS_JOB_MARKER_TTL); a job retried after that would apply
 * again. BullMQ retries of this queue back off for minutes, far inside the default six hours.
 */
import type { Redis } from "ioredis";
import type { Swap } from "../domain/swap.js";
import type { TokenStatsReader, TokenStatsSnapshot } from "../domain/token-stats.js";
import {
  BLOB_BYTES,
  decodeState,
  encodeDelta,
  foldTrades,
  HEADER_BYTES,
  POOL_BYTES,
  POOL_ENTRIES,
  POOLS_OFFSET,
  SLOT_BYTES,
  snapshotOf,
  TIER_OFFSETS,
  TIERS,
  tradePoint,
  type TradePoint,
} from "../domain/token-windows.js";
import type { SqlRunner, SqlSession } from "./db.js";

// Costs measured on this machine: a redis.call is ~1.5 µs, but building a 3 KB Lua string is
// ~7 µs, so the script edits a token's bytes in place (GETRANGE/SETRANGE of the touched
// 72-byte buckets) instead of reading and rewriting the whole value.
const APPLY_LUA = `
local n = #KEYS - 2
if redis.call('EXISTS', KEYS[1]) == 1 then return {0} end
local HB, SB, BLOB = ${HEADER_BYTES}, ${SLOT_BYTES}, ${BLOB_BYTES}
local heads = {}
local missing = {1}
for i = 1, n do
  local h = redis.call('GETRANGE', KEYS[i + 2], 0, HB - 1)
  if h == '' and ARGV[3 + (i - 1) * 4 + 2] == '' then missing[#missing + 1] = ARGV[3 + (i - 1) * 4 + 1] end
  heads[i] = h
end
if #missing > 1 then return missing end
local toff = {${TIER_OFFSETS.join(",")}}
local tslots = {${TIERS.map((t) => t.slots).join(",")}}
local HDR, REC = '<ddddI4I4', '<I4I4I4ffffdff'
local sub, byte, max = string.sub, string.byte, math.max
local empty = nil
local ZSLOT = string.rep('\\0', SB)
local ZHLL = string.rep('\\0', SB - 44)
local restored = 0
local zargs = {}
-- Pool records: addr, dex, id, cur, prev, key, liq (see mergePool / mergePoolInto).
local PO, PE, PB = ${POOLS_OFFSET}, ${POOL_ENTRIES}, ${POOL_BYTES}
local PREC = '<c32BxxxI4ffdf'
local ZADDR = string.rep('\0', 32)
local function pmerge(a, b)
  local lo, hi = a, b
  if a[3] > b[3] then lo, hi = b, a end
  local id, c, p = hi[3], hi[4], hi[5]
  if lo[3] == hi[3] then c, p = lo[4] + hi[4], lo[5] + hi[5]
  elseif hi[3] == lo[3] + 1 then p = hi[5] + lo[4] end
  local r = a
  if b[6] > a[6] then r = b end
  local dex = a[2]
  if dex == 0 then dex = b[2] end
  return {a[1], dex, id, c, p, r[6], r[7]}
end
for i = 1, n do
  local k = KEYS[i + 2]
  local a = 3 + (i - 1) * 4
  local h = heads[i]
  local fresh = false
  local written = {}
  if h == '' then
    if ARGV[a + 2] == 'R' then
      redis.call('SET', k, ARGV[a + 3])
      h = sub(ARGV[a + 3], 1, HB)
      restored = restored + 1
    else
      empty = empty or string.rep('\\0', BLOB)
      redis.call('SET', k, empty)
      h = sub(empty, 1, HB)
      fresh = true
    end
  end
  local d = ARGV[a + 4]
  local cK, cS, cU, cL, cF, cA = struct.unpack(HDR, h)
  local dK, dS, dU, dL, dF, dA = struct.unpack(HDR, d)
  if dK > cK then cK, cS, cU = dK, dS, dU end
  if dL >= 0 then cL = dL end
  if cF == 0 or (dF ~= 0 and dF < cF) then cF = dF end
  if dA > cA then cA = dA end
  redis.call('SETRANGE', k, 0, struct.pack(HDR, cK, cS, cU, cL, cF, cA))
  local np = byte(d, HB + 1)
  if np > 0 then
    local cur = redis.call('GETRANGE', k, PO, PO + PE * PB - 1)
    local ents = {}
    for j = 0, PE - 1 do ents[j + 1] = {struct.unpack(PREC, cur, j * PB + 1)} end
    for q = 0, np - 1 do
      local e = {struct.unpack(PREC, d, HB + 2 + q * PB)}
      local victim, least, hit = 0, math.huge, false
      for j = 1, PE do
        local c = ents[j]
        if c[1] == e[1] then
          ents[j] = pmerge(c, e)
          hit = true
          break
        end
        local v = 0
        if c[1] == ZADDR then v = -1 elseif c[3] == e[3] then v = c[4] + c[5] elseif c[3] == e[3] - 1 then v = c[4] end
        if v < least then least, victim = v, j end
      end
      if not hit and victim > 0 then ents[victim] = e end
    end
    local parts = {}
    for j = 1, PE do
      local c = ents[j]
      parts[j] = struct.pack(PREC, c[1], c[2], c[3], c[4], c[5], c[6], c[7])
    end
    redis.call('SETRANGE', k, PO, table.concat(parts))
  end
  local off = HB + 2 + np * PB
  while off <= #d do
    local tier = byte(d, off) + 1
    local fixed = sub(d, off + 1, off + 44)
    local npairs = byte(d, off + 45)
    local pairs_at = off + 46
    off = pairs_at + 2 * npairs
    local id = struct.unpack('<I4', fixed)
    local pos = HB + (toff[tier] + id % tslots[tier]) * SB
    -- A token created just now has only empty buckets: no need to read them.
    local old
    if fresh and not written[pos] then old = ZSLOT else old = redis.call('GETRANGE', k, pos, pos + SB - 1) end
    local oid, ob, os, obs, oss, obu, osu, ok, oos, oou = struct.unpack(REC, old)
    if id >= oid then
      local hll
      if id > oid then
        hll = ZHLL
      else
        hll = sub(old, 45)
        local _, db, ds, dbs, dss, dbu, dsu, dk, dos, dou = struct.unpack(REC, fixed)
        if dk ~= 0 and (ok == 0 or dk < ok) then ok, oos, oou = dk, dos, dou end
        fixed = struct.pack(REC, id, ob + db, os + ds, obs + dbs, oss + dss, obu + dbu, osu + dsu, ok, oos, oou)
      end
      -- Register-wise max, two 4-bit registers a byte (even register in the high half).
      for j = 0, npairs - 1 do
        local reg, rank = byte(d, pairs_at + 2 * j, pairs_at + 2 * j + 1)
        local bi = (reg - reg % 2) / 2 + 1
        local x = byte(hll, bi)
        local hi, lo = (x - x % 16) / 16, x % 16
        if reg % 2 == 0 then hi = max(hi, rank) else lo = max(lo, rank) end
        local z = hi * 16 + lo
        if z ~= x then hll = sub(hll, 1, bi - 1) .. string.char(z) .. sub(hll, bi + 1) end
      end
      redis.call('SETRANGE', k, pos, fixed .. hll)
      if fresh then written[pos] = true end
    end
  end
  redis.call('EXPIRE', k, ARGV[2])
  zargs[#zargs + 1] = ARGV[3]
  zargs[#zargs + 1] = ARGV[a + 1]
  if #zargs >= 1000 then
    redis.call('ZADD', KEYS[2], unpack(zargs))
    zargs = {}
  end
end
if #zargs > 0 then redis.call('ZADD', KEYS[2], unpack(zargs)) end
redis.call('SET', KEYS[1], '1', 'PX', ARGV[1])
return {2, restored}
`;

/** Deletes each key only if it still holds the bytes that were saved; forgets missing keys. */
const EVICT_LUA = `
local n = #KEYS - 1
local evicted = 0
for i = 1, n do
  local cur = redis.call('GET', KEYS[i + 1])
  if cur == false then
    redis.call('ZREM', KEYS[1], ARGV[2 * i - 1])
  elseif cur == ARGV[2 * i] then
    redis.call('DEL', KEYS[i + 1])
    redis.call('ZREM', KEYS[1], ARGV[2 * i - 1])
    evicted = evicted + 1
  end
end
return evicted
`;

interface ScriptedRedis extends Redis {
  psTokenStatsApply(numKeys: number, ...args: (string | Buffer | number)[]): Promise<(number | string)[]>;
  psTokenStatsEvict(numKeys: number, ...args: (string | Buffer)[]): Promise<number>;
}

export interface TokenStatsStoreOptions {
  redis: Redis;
  /** Key prefix (the deployment's QUEUE_PREFIX); keys are `<prefix>:ts2:...`. */
  prefix: string;
  /** Where idle tokens are saved; without it, idle tokens are only dropped by their TTL. */
  sql?: SqlRunner;
  /** How long a job's "applied" marker lives, seconds. */
  markerTtlSec?: number;
  /** The Redis TTL of a token key (safety net behind the sweeper), seconds. */
  keyTtlSec?: number;
  /** The sweeper's idle time, seconds: a token this process updated within half of it is surely still in Redis. */
  idleTtlSec?: number;
}

export interface ApplyResult {
  /** False when this job's swaps were applied before (a retry). */
  applied: boolean;
  tokens: number;
  /** Tokens brought back from Postgres before the batch was applied. */
  restored: number;
}

export interface SweepResult {
  /** Tokens saved to Postgres and removed from Redis. */
  archived: number;
  /** Idle tokens that traded while being saved (kept). */
  kept: number;
}

export class TokenStatsStore {
  private readonly redis: ScriptedRedis;
  private readonly ns: string;
  private readonly markerTtlMs: number;
  private readonly keyTtlSec: number;
  private readonly freshMs: number;
  /** Tokens this process updated lately (ms): they need no backup lookup before an update. */
  private readonly recent = new Map<string, number>();

  constructor(private readonly o: TokenStatsStoreOptions) {
    this.redis = o.redis as ScriptedRedis;
    if (!("psTokenStatsApply" in this.redis)) {
      o.redis.defineCommand("psTokenStatsApply", { lua: APPLY_LUA });
      o.redis.defineCommand("psTokenStatsEvict", { lua: EVICT_LUA });
    }
    // ts2: the layout with pool records; ts1 values (another size) expire by their TTL.
    this.ns = `${o.prefix}:ts2`;
    this.markerTtlMs = (o.markerTtlSec ?? 6 * 3600) * 1000;
    this.keyTtlSec = o.keyTtlSec ?? 24 * 3600;
    this.freshMs = Math.min((o.idleTtlSec ?? 3600) * 500, this.keyTtlSec * 500);
  }

  tokenKey(mint: string): string {
    return `${this.ns}:t:${mint}`;
  }

  get activeKey(): string {
    return `${this.ns}:active`;
  }

  /**
   * Applies stored swaps once per `jobId`. `arrivalSec` stands in for the block time of swaps
   * that have none (gRPC); it is fixed by the caller so a retry buckets them the same way.
   */
  async apply(swaps: readonly Swap[], jobId: string, arrivalSec = Math.floor(Date.now() / 1000)): Promise<ApplyResult> {
    const points: TradePoint[] = [];
    for (const s of swaps) {
      const p = tradePoint(s, arrivalSec);
      if (p) points.push(p);
    }
    const deltas = [...foldTrades(points).values()];
    if (deltas.length === 0) return { applied: false, tokens: 0, restored: 0 };
    const encoded = deltas.map((d) => Buffer.from(encodeDelta(d).buffer));
    const modes = new Map<string, { mode: "N" | "R"; blob?: Buffer }>();
    // Tokens not updated here lately may have gone idle: look their backups up now, so the
    // common batch is one Lua call (the script still refuses a key that vanished unexpectedly).
    const started = Date.now();
    const unsure = deltas.map((d) => d.mint).filter((m) => !(started - (this.recent.get(m) ?? 0) < this.freshMs));
    const addModes = async (mints: readonly string[]) => {
      const backups = await this.loadBackups(mints);
      for (const mint of mints) {
        const blob = backups.get(mint);
        modes.set(mint, blob ? { mode: "R", blob } : { mode: "N" });
      }
    };
    await addModes(unsure);
    for (let round = 0; round < 5; round++) {
      const args: (string | Buffer | number)[] = [this.markerTtlMs, this.keyTtlSec, Date.now()];
      deltas.forEach((d, i) => {
        const m = modes.get(d.mint);
        args.push(d.mint, m?.mode ?? "", m?.blob ?? "", encoded[i]!);
      });
      const keys = [`${this.ns}:job:${jobId}`, this.activeKey, ...deltas.map((d) => this.tokenKey(d.mint))];
      const out = await this.redis.psTokenStatsApply(keys.length, ...keys, ...args);
      if (out[0] === 0 || out[0] === 2) {
        this.remember(deltas.map((d) => d.mint), started);
        // A restore blob sent for a key that turned out present was not used: count only real ones.
        return { applied: out[0] === 2, tokens: deltas.length, restored: out[0] === 2 ? Number(out[1] ?? 0) : 0 };
      }
      await addModes(out.slice(1).map(String));
    }
    throw new Error(`token stats for job ${jobId}: tokens kept disappearing while being restored`);
  }

  private remember(mints: readonly string[], at: number): void {
    // Bounded: forgetting only costs a backup lookup on the token's next batch.
    if (this.recent.size > 200_000) this.recent.clear();
    for (const m of mints) this.recent.set(m, at);
  }

  private async loadBackups(mints: readonly string[]): Promise<Map<string, Buffer>> {
    if (!this.o.sql || mints.length === 0) return new Map();
    const rows = await this.o.sql.query<{ mint: string; windows: Uint8Array }>(
      `SELECT mint, windows FROM token_stats_backup WHERE mint = ANY($1::text[])`,
      [mints],
    );
    // A blob of another layout cannot be merged byte-wise; such a token starts over. PGlite
    // returns bytea as a plain Uint8Array, which ioredis would send as text: make it a Buffer.
    return new Map(
      rows
        .filter((r) => r.windows.length === BLOB_BYTES)
        .map((r) => [r.mint, Buffer.isBuffer(r.windows) ? r.windows : Buffer.from(r.windows)]),
    );
  }

  /** The token's stored bytes: Redis first, then the Postgres backup of an idle token. */
  async blob(mint: string): Promise<Buffer | null> {
    const live = await this.redis.getBuffer(this.tokenKey(mint));
    if (live) return live;
    return (await this.loadBackups([mint])).get(mint) ?? null;
  }

  async read(mint: string, nowSec = Date.now() / 1000): Promise<TokenStatsSnapshot | null> {
    const blob = await this.blob(mint);
    if (!blob) return null;
    const state = decodeState(blob);
    if (state.header.lastAt === 0) return null;
    return snapshotOf(mint, state, nowSec);
  }

  /** The reader the bot and the rules use. */
  reader(): TokenStatsReader {
    return (mint, nowSec) => this.read(mint, nowSec);
  }

  /**
   * Saves tokens idle for `idleSec` to Postgres and removes them from Redis, `chunk` at a time.
   * Run under a lock (one sweeper at a time), e.g. from the maintenance queue.
   */
  async sweep(idleSec: number, opts: { nowMs?: number; chunk?: number; maxRounds?: number } = {}): Promise<SweepResult> {
    const sql = this.o.sql;
    if (!sql) throw new Error("the token stats sweeper needs Postgres to save idle tokens to");
    const cutoff = (opts.nowMs ?? Date.now()) - idleSec * 1000;
    const chunk = opts.chunk ?? 500;
    const result: SweepResult = { archived: 0, kept: 0 };
    for (let round = 0; round < (opts.maxRounds ?? 1000); round++) {
      const mints = await this.redis.zrangebyscore(this.activeKey, "-inf", cutoff, "LIMIT", 0, chunk);
      if (mints.length === 0) break;
      const pipe = this.redis.pipeline();
      for (const m of mints) pipe.getBuffer(this.tokenKey(m));
      const got = (await pipe.exec()) ?? [];
      const blobs = mints.map((mint, i) => ({ mint, blob: (got[i]?.[1] as Buffer | null) ?? null }));
      const present = blobs.filter((b): b is { mint: string; blob: Buffer } => b.blob !== null);
      await saveBackups(sql, present);
      const keys = [this.activeKey, ...blobs.map((b) => this.tokenKey(b.mint))];
      const args = blobs.flatMap((b) => [b.mint, b.blob ?? Buffer.alloc(0)]);
      const evicted = await this.redis.psTokenStatsEvict(keys.length, ...keys, ...args);
      for (const b of blobs) this.recent.delete(b.mint);
      result.archived += evicted;
      result.kept += present.length - evicted;
    }
    return result;
  }

  /** Takes the sweeper lock for `ttlMs`; false when another sweeper holds it. */
  async lock(owner: string, ttlMs: number): Promise<boolean> {
    return (await this.redis.set(`${this.ns}:sweep-lock`, owner, "PX", ttlMs, "NX")) === "OK";
  }

  async unlock(owner: string): Promise<void> {
    const key = `${this.ns}:sweep-lock`;
    if ((await this.redis.get(key)) === owner) await this.redis.del(key);
  }

  /** Tokens currently held in Redis. */
  activeTokens(): Promise<number> {
    return this.redis.zcard(this.activeKey);
  }
}

async function saveBackups(sql: SqlSession, rows: readonly { mint: string; blob: Buffer }[]): Promise<void> {
  if (rows.length === 0) return;
  const lastAt = rows.map((r) => {
    const t = decodeState(r.blob).header.lastAt;
    return t === 0 ? null : new Date(t * 1000).toISOString();
  });
  await sql.query(
    `INSERT INTO token_stats_backup (mint, windows, last_trade_at, saved_at)
     SELECT m, w, t, now() FROM unnest($1::text[], $2::bytea[], $3::timestamptz[]) AS u(m, w, t)
     ON CONFLICT (mint) DO UPDATE SET windows = EXCLUDED.windows, last_trade_at = EXCLUDED.last_trade_at, saved_at = now()`,
    [rows.map((r) => r.mint), rows.map((r) => r.blob), lastAt],
  );
}

/**
 * The reader for processes that only read (the bot): live windows from Redis, an idle token's
 * from its Postgres backup. Cheap to create; it shares the caller's Redis connection.
 *
 * @example
 * const tokenStats = createTokenStatsReader({ redis, prefix: config.QUEUE_PREFIX, sql: db.sql });
 * const snap = await tokenStats(mint); // TokenStatsSnapshot | null
 */
export function createTokenStatsReader(o: { redis: Redis; prefix: string; sql?: SqlRunner }): TokenStatsReader {
  return new TokenStatsStore(o).reader();
}
