/**
 * The reads behind inline mode: what PumpSpace knows about an address (mint or wallet), tokens
 * by symbol, a user's tracked wallets, today's smart-money tokens, and the chosen-result log.
 *
 * Key idea: every read here is one indexed query (token/token_facts/wallet_score by primary key,
 * wallet_position by mint, swap by (trader, slot), tracked_wallet by chat), so inline answers
 * stay inside Telegram's few-second budget; the bot still races them against a deadline.
 *
 * Trap: the 24-hour scans (smart money, top volume) read swaps by block_time, which has no index
 * of its own: on mainnet volumes they take far longer than an inline answer may. So the empty
 * query reads them through `dayTokens`, computed at most once per `dayTtlMs` for everyone and
 * served stale while the next computation runs.
 */
import { WSOL_MINT } from "../domain/swap.js";
import type { AddressEvidence } from "../domain/inline.js";
import type { SqlSession } from "./db.js";

export interface SymbolMatch {
  mint: string;
  symbol: string;
  name: string | null;
}

export interface DayToken {
  mint: string;
  symbol: string | null;
  /** Distinct tiered wallets that bought it in 24 h (0 for the volume fallback). */
  buyers: number;
  /** SOL spent buying it (smart money) or traded both ways (volume), over 24 h. */
  sol: number;
}

export interface TrackedForInline {
  address: string;
  label: string | null;
  tier: string | null;
  score: number | null;
}

export interface InlineSearchOptions {
  /** How long the day's tokens are reused before they are computed again. Default 60 s; 0 computes every time. */
  dayTtlMs?: number;
  /** How many day tokens to keep. Default 5. */
  dayLimit?: number;
}

export class InlineSearch {
  private dayRows: DayToken[] | null = null;
  private dayAt = 0;
  private dayPending: Promise<DayToken[]> | null = null;
  private readonly dayTtlMs: number;
  private readonly dayLimit: number;

  constructor(
    private readonly sql: SqlSession,
    o: InlineSearchOptions = {},
  ) {
    this.dayTtlMs = o.dayTtlMs ?? 60_000;
    this.dayLimit = o.dayLimit ?? 5;
  }

  /**
   * Today's smart-money tokens, or the top-volume ones when no tiered wallet bought: shared by
   * every user, recomputed in the background once stale (the last result is served meanwhile).
   */
  dayTokens(): Promise<DayToken[]> {
    const compute = async () => {
      const smart = await this.smartMoneyTokens(this.dayLimit);
      return smart.length > 0 ? smart : this.topVolumeTokens(this.dayLimit);
    };
    if (this.dayTtlMs === 0) return compute();
    if (Date.now() - this.dayAt > this.dayTtlMs && !this.dayPending) {
      const pending = compute()
        .then((rows) => {
          [this.dayRows, this.dayAt] = [rows, Date.now()];
          return rows;
        })
        .finally(() => {
          this.dayPending = null;
        });
      this.dayPending = pending;
      // A caller that stopped waiting must not leave an unhandled rejection behind.
      pending.catch(() => {});
    }
    return this.dayRows ? Promise.resolve(this.dayRows) : this.dayPending!;
  }

  /** Mint and wallet evidence for one address, in one round trip. */
  async evidence(address: string): Promise<AddressEvidence> {
    const [row] = await this.sql.query<{ mint: boolean; wallet: boolean }>(
      `SELECT (EXISTS (SELECT 1 FROM token WHERE mint = $1)
               OR EXISTS (SELECT 1 FROM token_facts WHERE mint = $1 AND status = 'mint')
               OR EXISTS (SELECT 1 FROM wallet_position WHERE mint = $1)) AS mint,
              (EXISTS (SELECT 1 FROM wallet_score WHERE wallet = $1)
               OR EXISTS (SELECT 1 FROM swap WHERE trader = $1)) AS wallet`,
      [address],
    );
    return { knownMint: row?.mint ?? false, knownWallet: row?.wallet ?? false };
  }

  /**
   * Tokens whose symbol is `symbol` (case-insensitive), then those starting with it; the caller
   * ranks them by 24 h volume. Symbols are free text, so many tokens share one.
   */
  async bySymbol(symbol: string, limit = 20): Promise<SymbolMatch[]> {
    const prefix = `${symbol.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    return this.sql.query<SymbolMatch>(
      `SELECT mint, symbol, name FROM (
         SELECT mint, symbol, name FROM token WHERE symbol ILIKE $2
         UNION
         SELECT mint, symbol, name FROM token_facts WHERE status = 'mint' AND symbol ILIKE $2
       ) m
       ORDER BY (upper(symbol) = $1) DESC, length(symbol), mint
       LIMIT $3`,
      [symbol.toUpperCase(), prefix, limit],
    );
  }

  /** Wallets tracked in the user's DM (chat id = user id), with their tier when scored. */
  async trackedWallets(userId: number, limit: number): Promise<TrackedForInline[]> {
    return this.sql.query<TrackedForInline>(
      `SELECT w.address, w.label, s.tier, s.score FROM tracked_wallet w LEFT JOIN wallet_score s ON s.wallet = w.address
       WHERE w.chat_id = $1 ORDER BY w.created_at, w.address LIMIT $2`,
      [userId, limit],
    );
  }

  /** Tokens bought by the most tiered wallets in the 24 h before `nowSec`. */
  async smartMoneyTokens(limit: number, nowSec = Math.floor(Date.now() / 1000)): Promise<DayToken[]> {
    return this.sql.query<DayToken>(
      `SELECT s.mint_out AS mint, t.symbol, count(DISTINCT s.trader)::int AS buyers, (sum(s.amount_in) / 1e9)::float8 AS sol
       FROM wallet_score w JOIN swap s ON s.trader = w.wallet
       LEFT JOIN token t ON t.mint = s.mint_out
       WHERE w.tier IS NOT NULL AND s.mint_in = $1 AND s.block_time >= to_timestamp($2) - interval '24 hours'
       GROUP BY s.mint_out, t.symbol
       ORDER BY buyers DESC, sol DESC, s.mint_out LIMIT $3`,
      [WSOL_MINT, nowSec, limit],
    );
  }

  /** Tokens by SOL traded (both sides) in the 24 h before `nowSec`: the fallback when no tiered wallet bought. */
  async topVolumeTokens(limit: number, nowSec = Math.floor(Date.now() / 1000)): Promise<DayToken[]> {
    return this.sql.query<DayToken>(
      `SELECT v.mint, t.symbol, 0 AS buyers, v.sol FROM (
         SELECT CASE WHEN mint_in = $1 THEN mint_out ELSE mint_in END AS mint,
                (sum(CASE WHEN mint_in = $1 THEN amount_in ELSE amount_out END) / 1e9)::float8 AS sol
         FROM swap
         WHERE (mint_in = $1 OR mint_out = $1) AND block_time >= to_timestamp($2) - interval '24 hours'
         GROUP BY 1
       ) v LEFT JOIN token t ON t.mint = v.mint
       ORDER BY v.sol DESC, v.mint LIMIT $3`,
      [WSOL_MINT, nowSec, limit],
    );
  }

  /** Logs one chosen inline result (inline feedback). */
  async recordChoice(userId: number, resultId: string, query: string): Promise<void> {
    await this.sql.query(`INSERT INTO inline_choice (user_id, result_id, query) VALUES ($1, $2, $3)`, [userId, resultId, query.slice(0, 256)]);
  }
}
