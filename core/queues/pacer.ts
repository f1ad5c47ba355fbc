/**
 * Send pacing for the notifier, shared by every notifier process through Redis: one reservation
 * per send, made atomically by a Lua script against Redis's own clock.
 *
 * Two clocks are kept: one per chat (Telegram: about one message a second in a chat, 20 a minute
 * in a group) and one per bot token (about 30 a second in bulk, up to 1,000 with paid
 * broadcast). A send reserves the next free instant of both: `at = max(now, chatNext, tokenNext)`,
 * then moves both clocks one interval past it. When that instant is further away than the caller
 * wants to wait inline, nothing is reserved and the caller is told when to come back, so a busy
 * chat (or a token paused by a 429) parks its jobs in BullMQ's delayed set instead of holding a
 * worker slot.
 *
 * The trap: the clocks must come from one place. Worker hosts' clocks drift; Redis TIME does not
 * differ between callers.
 */
import type { Redis } from "ioredis";

const RESERVE = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local chatNext = tonumber(redis.call('GET', KEYS[1]) or '0')
local tokenNext = tonumber(redis.call('GET', KEYS[2]) or '0')
local chatInterval = tonumber(ARGV[1])
local tokenInterval = tonumber(ARGV[2])
local maxWait = tonumber(ARGV[3])
local at = math.max(now, chatNext, tokenNext)
-- Clocks keep fractions of a millisecond (a rate that does not divide 1000); SET stores them as text.
if at - now > maxWait then
  return {1, at, now}
end
redis.call('SET', KEYS[1], at + chatInterval, 'PX', math.floor(chatInterval + 60000))
redis.call('SET', KEYS[2], at + tokenInterval, 'PX', 600000)
return {0, at, now}
`;

const HOLD = `
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local until_ = now + tonumber(ARGV[1])
local current = tonumber(redis.call('GET', KEYS[1]) or '0')
if until_ > current then redis.call('SET', KEYS[1], until_, 'PX', tonumber(ARGV[1]) + 600000) end
return until_
`;

export type Reservation =
  /** Send at `at` (Redis clock, ms); wait `waitMs` first. */
  | { kind: "send"; waitMs: number; at: number }
  /** Too far away: come back at `until` (Redis clock, ms, close to the local one). */
  | { kind: "defer"; until: number; waitMs: number };

export interface PacerOptions {
  /** Milliseconds between two messages to one private chat (Telegram: about 1 s). */
  chatIntervalMs: number;
  /** Milliseconds between two messages to one group or channel (Telegram: 20 a minute, 3 s). */
  groupIntervalMs: number;
  /** Messages per second per bot token (Telegram: about 30; up to 1,000 with paid broadcast). */
  tokenRatePerSecond: number;
  /** Longest wait a send sleeps through instead of deferring its job. */
  maxInlineWaitMs: number;
}

type PacerRedis = Redis & {
  pumpspaceReserve(chatKey: string, tokenKey: string, chatInterval: number, tokenInterval: number, maxWait: number): Promise<[number, number, number]>;
  pumpspaceHold(tokenKey: string, ms: number): Promise<number>;
};

export class SendPacer {
  private readonly redis: PacerRedis;

  constructor(
    redis: Redis,
    private readonly prefix: string,
    readonly options: PacerOptions,
  ) {
    this.redis = redis as PacerRedis;
    if (!("pumpspaceReserve" in redis)) {
      redis.defineCommand("pumpspaceReserve", { numberOfKeys: 2, lua: RESERVE });
      redis.defineCommand("pumpspaceHold", { numberOfKeys: 1, lua: HOLD });
    }
  }

  private chatKey(chatId: string): string {
    return `${this.prefix}:notify-pace:chat:${chatId}`;
  }

  private tokenKey(tokenIndex: number): string {
    return `${this.prefix}:notify-pace:token:${tokenIndex}`;
  }

  /** Reserves the next send to `chatId` through token `tokenIndex`, or says when to come back. */
  async reserve(chatId: string, chatType: string, tokenIndex: number): Promise<Reservation> {
    const o = this.options;
    const chatInterval = chatType === "private" ? o.chatIntervalMs : o.groupIntervalMs;
    // Fractional: 1000/30 rounded to 33 ms would run at 30.3/s and drain Telegram's burst allowance.
    const tokenInterval = 1000 / o.tokenRatePerSecond;
    const [deferred, at, now] = await this.redis.pumpspaceReserve(
      this.chatKey(chatId),
      this.tokenKey(tokenIndex),
      chatInterval,
      tokenInterval,
      o.maxInlineWaitMs,
    );
    const waitMs = Math.max(0, at - now);
    return deferred === 1 ? { kind: "defer", until: Date.now() + waitMs, waitMs } : { kind: "send", waitMs, at };
  }

  /** Holds every send to `chatId` for `ms` (it blocked the bot: sends already queued wait, then find it blocked). */
  async holdChat(chatId: string, ms: number): Promise<void> {
    await this.redis.pumpspaceHold(this.chatKey(chatId), Math.max(0, Math.round(ms)));
  }

  /** Holds every send through `tokenIndex` for `ms` (a long 429 for that bot). */
  async holdToken(tokenIndex: number, ms: number): Promise<void> {
    await this.redis.pumpspaceHold(this.tokenKey(tokenIndex), Math.max(0, Math.round(ms)));
  }
}
