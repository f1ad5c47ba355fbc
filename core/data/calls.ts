/**
 * Callers (channels and PumpSpace's own alert rules), their calls, the calls' outcomes and the
 * chats subscribed to callers.
 *
 * Key idea: a call is unique per (caller, message, mint), so handling a message twice (an edit,
 * a catch-up overlapping live updates) stores nothing new; a repost of the same mint by the same
 * caller within the repost window is refused in the same statement. Calls of one caller are
 * recorded under a transaction-scoped advisory lock so two processes cannot both see "no
 * earlier call" and store the same repost.
 * The trap: prices come from the swap table, where `price_usd`/`price_sol` price the non-quote
 * side; only swaps of the mint against SOL/USDC/USDT are read, so a token-to-token swap never
 * prices the wrong token.
 */
import type { SqlRunner } from "./db.js";
import type { ExtractedCall } from "../domain/calls/extract.js";
import type { CallHorizon, CallOutcomeFigures, PricePoint } from "../domain/calls/outcomes.js";
import type { ScoredCall } from "../domain/calls/leaderboard.js";
import { QUOTE_MINTS } from "../domain/swap.js";

export type CallerKind = "channel" | "rule";

export interface CallerRow {
  id: string;
  kind: CallerKind;
  handle: string;
  telegramId: string | null;
  title: string | null;
  active: boolean;
  lastMessageId: number;
}

export interface StoredCall {
  id: string;
  callerId: string;
  mint: string;
  calledAt: Date;
  priceUsd: number | null;
  priceSol: number | null;
  /** Set by `recordCalls` (for the call alerts). */
  marketCapUsd?: number | null;
  link?: string | null;
}

export interface NewCall {
  mint: string;
  /** How a channel call was found, or "rule" for a call made by one of PumpSpace's alert rules. */
  source: ExtractedCall["source"] | "rule";
  priceUsd: number | null;
  priceSol: number | null;
  marketCapUsd: number | null;
}

const QUOTES = [...QUOTE_MINTS];

interface CallerDbRow {
  id: string;
  kind: CallerKind;
  handle: string;
  telegram_id: string | null;
  title: string | null;
  active: boolean;
  last_message_id: number;
}

const toCaller = (r: CallerDbRow): CallerRow => ({
  id: r.id,
  kind: r.kind,
  handle: r.handle,
  telegramId: r.telegram_id,
  title: r.title,
  active: r.active,
  lastMessageId: r.last_message_id,
});

/** A channel @username or t.me link, normalized to the lower-case username; null if it is neither. */
export function channelHandle(input: string): string | null {
  const s = input.trim().replace(/^https?:\/\//i, "").replace(/^(t\.me|telegram\.me)\//i, "").replace(/^@/, "").replace(/\/.*$/, "");
  return /^[A-Za-z][A-Za-z0-9_]{3,31}$/.test(s) ? s.toLowerCase() : null;
}

export class CallStore {
  constructor(private readonly sql: SqlRunner) {}

  /** Adds (or re-activates) a caller; returns it. */
  async addCaller(kind: CallerKind, handle: string, facts: { telegramId?: bigint | string | null; title?: string | null } = {}): Promise<CallerRow> {
    const rows = await this.sql.query<CallerDbRow>(
      `INSERT INTO caller (kind, handle, telegram_id, title) VALUES ($1, $2, $3, $4)
       ON CONFLICT (kind, handle) DO UPDATE SET active = true, removed_at = NULL,
         telegram_id = COALESCE(EXCLUDED.telegram_id, caller.telegram_id), title = COALESCE(EXCLUDED.title, caller.title)
       RETURNING id, kind, handle, telegram_id, title, active, last_message_id`,
      [kind, handle, facts.telegramId?.toString() ?? null, facts.title ?? null],
    );
    return toCaller(rows[0]!);
  }

  /** Stops reading a caller (its calls and scores stay). False when it was not active. */
  async removeCaller(kind: CallerKind, handle: string): Promise<boolean> {
    const rows = await this.sql.query(
      `UPDATE caller SET active = false, removed_at = now() WHERE kind = $1 AND handle = $2 AND active RETURNING id`,
      [kind, handle],
    );
    return rows.length > 0;
  }

  async callers(kind: CallerKind, onlyActive = true): Promise<CallerRow[]> {
    const rows = await this.sql.query<CallerDbRow>(
      `SELECT id, kind, handle, telegram_id, title, active, last_message_id FROM caller
       WHERE kind = $1 AND (active OR NOT $2) ORDER BY id`,
      [kind, onlyActive],
    );
    return rows.map(toCaller);
  }

  async caller(kind: CallerKind, handle: string): Promise<CallerRow | null> {
    const rows = await this.sql.query<CallerDbRow>(
      `SELECT id, kind, handle, telegram_id, title, active, last_message_id FROM caller WHERE kind = $1 AND handle = $2`,
      [kind, handle],
    );
    return rows[0] ? toCaller(rows[0]) : null;
  }

  async setChannelFacts(callerId: string, telegramId: bigint | string, title: string | null): Promise<void> {
    await this.sql.query(`UPDATE caller SET telegram_id = $2, title = COALESCE($3, title) WHERE id = $1`, [callerId, telegramId.toString(), title]);
  }

  /** Moves the caller's last-message cursor forward (never back). */
  async saveCursor(callerId: string, messageId: number): Promise<void> {
    await this.sql.query(`UPDATE caller SET last_message_id = GREATEST(last_message_id, $2) WHERE id = $1`, [callerId, messageId]);
  }

  /**
   * Stores the calls of one message. Returns only the calls that are new: not stored for this
   * message before, and not a repost of a mint the caller called within `repostWindowMs`.
   */
  async recordCalls(
    input: { callerId: string; messageId: number; link: string | null; calledAt: Date; calls: readonly NewCall[] },
    repostWindowMs: number,
  ): Promise<StoredCall[]> {
    if (input.calls.length === 0) return [];
    return this.sql.transaction(async (tx) => {
      await tx.query(`SELECT pg_advisory_xact_lock(hashtext('call-caller'), hashtext($1))`, [input.callerId]);
      const stored: StoredCall[] = [];
      for (const c of input.calls) {
        const rows = await tx.query<{ id: string; called_at: Date }>(
          `INSERT INTO call (caller_id, message_id, mint, called_at, link, source, price_usd, price_sol, market_cap_usd)
           SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9
           WHERE NOT EXISTS (
             SELECT 1 FROM call WHERE caller_id = $1 AND mint = $3 AND message_id <> $2
               AND called_at > $4::timestamptz - make_interval(secs => $10::double precision / 1000) AND called_at <= $4)
           ON CONFLICT (caller_id, message_id, mint) DO NOTHING
           RETURNING id, called_at`,
          [input.callerId, input.messageId, c.mint, input.calledAt, input.link, c.source, c.priceUsd, c.priceSol, c.marketCapUsd, repostWindowMs],
        );
        if (rows[0]) {
          stored.push({ id: rows[0].id, callerId: input.callerId, mint: c.mint, calledAt: rows[0].called_at, priceUsd: c.priceUsd, priceSol: c.priceSol, marketCapUsd: c.marketCapUsd, link: input.link });
        }
      }
      return stored;
    });
  }

  async call(callId: string): Promise<StoredCall | null> {
    const rows = await this.sql.query<{ id: string; caller_id: string; mint: string; called_at: Date; price_usd: number | null; price_sol: number | null }>(
      `SELECT id, caller_id, mint, called_at, price_usd, price_sol FROM call WHERE id = $1`,
      [callId],
    );
    const r = rows[0];
    return r ? { id: r.id, callerId: r.caller_id, mint: r.mint, calledAt: r.called_at, priceUsd: r.price_usd, priceSol: r.price_sol } : null;
  }

  /** Trades of `mint` against a quote with `from < block_time <= to`, oldest first. */
  async pricePoints(mint: string, from: Date, to: Date): Promise<PricePoint[]> {
    const rows = await this.sql.query<{ at: Date; price_usd: number | null; price_sol: number | null }>(
      `SELECT block_time AS at, price_usd, price_sol FROM swap
       WHERE ((mint_out = $1 AND mint_in = ANY($4)) OR (mint_in = $1 AND mint_out = ANY($4)))
         AND block_time > $2 AND block_time <= $3 AND (price_usd IS NOT NULL OR price_sol IS NOT NULL)
       ORDER BY block_time, slot, signature, ix_path`,
      [mint, from, to, QUOTES],
    );
    return rows.map((r) => ({ at: r.at.getTime(), priceUsd: r.price_usd, priceSol: r.price_sol }));
  }

  /** The last priced trade of `mint` at or before `at` (no older than `maxAgeMs`). */
  async lastPrice(mint: string, at: Date, maxAgeMs = 7 * 24 * 3_600_000): Promise<PricePoint | null> {
    const rows = await this.sql.query<{ at: Date; price_usd: number | null; price_sol: number | null }>(
      `SELECT block_time AS at, price_usd, price_sol FROM swap
       WHERE ((mint_out = $1 AND mint_in = ANY($4)) OR (mint_in = $1 AND mint_out = ANY($4)))
         AND block_time <= $2 AND block_time > $3 AND (price_usd IS NOT NULL OR price_sol IS NOT NULL)
       ORDER BY block_time DESC, slot DESC LIMIT 1`,
      [mint, at, new Date(at.getTime() - maxAgeMs), QUOTES],
    );
    const r = rows[0];
    return r ? { at: r.at.getTime(), priceUsd: r.price_usd, priceSol: r.price_sol } : null;
  }

  /**
   * The price a call is recorded at: the last trade at or before the call (within an hour), else
   * the first trade within ten minutes after it (a call of a token seconds old).
   */
  async priceAtCall(mint: string, at: Date): Promise<PricePoint | null> {
    const before = await this.lastPrice(mint, at, 3_600_000);
    if (before) return before;
    const after = await this.pricePoints(mint, at, new Date(at.getTime() + 600_000));
    return after[0] ?? null;
  }

  async saveOutcome(callId: string, horizon: CallHorizon, f: CallOutcomeFigures): Promise<void> {
    await this.sql.query(
      `INSERT INTO call_outcome (call_id, horizon, price, peak, trough, basis, return_pct, ath_pct, drawdown_pct, swaps)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
       ON CONFLICT (call_id, horizon) DO UPDATE SET price = EXCLUDED.price, peak = EXCLUDED.peak, trough = EXCLUDED.trough,
         basis = EXCLUDED.basis, return_pct = EXCLUDED.return_pct, ath_pct = EXCLUDED.ath_pct,
         drawdown_pct = EXCLUDED.drawdown_pct, swaps = EXCLUDED.swaps, computed_at = now()`,
      [callId, horizon, f.price, f.peak, f.trough, f.basis, f.returnPct, f.athPct, f.drawdownPct, f.swaps],
    );
  }

  /** Every call of every caller of `kind` since `since`, with its outcomes, for the leaderboard. */
  async scoredCalls(kind: CallerKind, since: Date): Promise<ScoredCall[]> {
    const rows = await this.sql.query<{ id: string; caller_id: string; mint: string; called_at: Date; horizon: CallHorizon | null; return_pct: number | null; ath_pct: number | null }>(
      `SELECT c.id, c.caller_id, c.mint, c.called_at, o.horizon, o.return_pct, o.ath_pct
       FROM call c JOIN caller k ON k.id = c.caller_id
       LEFT JOIN call_outcome o ON o.call_id = c.id
       WHERE k.kind = $1 AND c.called_at >= $2 ORDER BY c.id`,
      [kind, since],
    );
    const byId = new Map<string, ScoredCall>();
    for (const r of rows) {
      let c = byId.get(r.id);
      if (!c) {
        c = { callerId: r.caller_id, mint: r.mint, calledAt: r.called_at.getTime(), outcomes: {} };
        byId.set(r.id, c);
      }
      if (r.horizon) c.outcomes[r.horizon] = { returnPct: r.return_pct, athPct: r.ath_pct };
    }
    return [...byId.values()];
  }

  /** The mint a pool trades against a quote, for the pools in `pools` that stored swaps know. */
  async poolMints(pools: readonly string[]): Promise<Map<string, string>> {
    if (pools.length === 0) return new Map();
    const rows = await this.sql.query<{ pool: string; mint: string }>(
      `SELECT DISTINCT ON (pool) pool, CASE WHEN mint_in = ANY($2) THEN mint_out ELSE mint_in END AS mint
       FROM swap WHERE pool = ANY($1) AND (mint_in = ANY($2) <> (mint_out = ANY($2)))
       ORDER BY pool, slot DESC`,
      [pools, QUOTES],
    );
    return new Map(rows.map((r) => [r.pool, r.mint]));
  }

  /** Mints traded since `since` whose symbol (case-insensitive) is one of `symbols`. */
  async tickerMints(symbols: readonly string[], since: Date): Promise<Map<string, string[]>> {
    const out = new Map<string, string[]>(symbols.map((s) => [s.toUpperCase(), []]));
    if (symbols.length === 0) return out;
    const rows = await this.sql.query<{ symbol: string; mint: string }>(
      `SELECT upper(t.symbol) AS symbol, t.mint FROM token t
       WHERE upper(t.symbol) = ANY($1) AND EXISTS (
         SELECT 1 FROM swap s WHERE (s.mint_out = t.mint OR s.mint_in = t.mint) AND s.block_time >= $2)`,
      [symbols.map((s) => s.toUpperCase()), since],
    );
    for (const r of rows) out.get(r.symbol)?.push(r.mint);
    return out;
  }

  async subscribe(chatId: number | string, callerId: string): Promise<boolean> {
    const rows = await this.sql.query(
      `INSERT INTO caller_subscription (chat_id, caller_id) VALUES ($1, $2) ON CONFLICT DO NOTHING RETURNING chat_id`,
      [chatId, callerId],
    );
    return rows.length > 0;
  }

  async unsubscribe(chatId: number | string, callerId: string): Promise<boolean> {
    const rows = await this.sql.query(`DELETE FROM caller_subscription WHERE chat_id = $1 AND caller_id = $2 RETURNING chat_id`, [chatId, callerId]);
    return rows.length > 0;
  }

  async subscribers(callerId: string): Promise<string[]> {
    const rows = await this.sql.query<{ chat_id: string }>(`SELECT chat_id FROM caller_subscription WHERE caller_id = $1 ORDER BY chat_id`, [callerId]);
    return rows.map((r) => r.chat_id);
  }
}
