/**
 * What the /wallet card shows, read from the stored score, positions and swaps. Unrealized
 * profit and holding values are priced here, at read time, from an injected price source (the
 * stored score is price-free on purpose: see core/domain/wallet-score.ts).
 */
import { markPosition, type Position } from "../domain/pnl.js";
import { QUOTE_MINTS, WSOL_MINT, toUiAmount } from "../domain/swap.js";
import type { ScorePart, WalletMetrics, WalletScore } from "../domain/wallet-score.js";
import type { WalletLabel, WalletTier } from "../domain/wallet-profile.js";
import type { WalletCardInput } from "../domain/charts/cards.js";
import type { SqlSession } from "./db.js";
import type { PriceSource } from "./wallet-scores.js";

export interface CardHolding {
  mint: string;
  symbol: string | null;
  amount: number;
  valueSol: number | null;
  unrealizedSol: number | null;
  realizedSol: number;
}

export interface CardTrade {
  signature: string;
  side: "buy" | "sell";
  mint: string;
  symbol: string | null;
  tokenAmount: number;
  sol: number | null;
  time: number | null;
}

/** The stored score (as `scoreWallet` made it) and what is read or priced around it. */
export interface WalletCard extends WalletScore {
  computedAt: number;
  holdings: CardHolding[];
  unrealizedSol: number | null;
  lastTrades: CardTrade[];
  /** Mints by latest trade first: the "trades of one token" buttons point into this list. */
  recentMints: { mint: string; symbol: string | null }[];
  /** Tokens this wallet created (dev) or held before trading (insider), devs first, newest first. */
  roles: { mint: string; symbol: string | null; role: "dev" | "insider" }[];
  /** With a cluster: how many wallets its funder paid for, this one included. */
  clusterSize: number | null;
}

interface PositionRow {
  mint: string;
  decimals: number;
  held: string;
  costed_held: string;
  cost_sol: number;
  realized_sol: number;
  bought_sol: number;
  closed: boolean;
  symbol: string | null;
}

/** Mints a wallet traded, latest first (the order the card's buttons use). */
export async function walletMints(sql: SqlSession, address: string, limit: number): Promise<{ mint: string; symbol: string | null }[]> {
  return sql.query<{ mint: string; symbol: string | null }>(
    `SELECT p.mint, t.symbol FROM wallet_position p LEFT JOIN token t ON t.mint = p.mint
     WHERE p.wallet = $1 ORDER BY p.last_slot DESC, p.mint LIMIT $2`,
    [address, limit],
  );
}

/** The wallet's latest swaps, optionally of one token. */
export async function walletTrades(sql: SqlSession, address: string, limit: number, mint?: string): Promise<CardTrade[]> {
  const rows = await sql.query<{
    signature: string;
    mint_in: string;
    amount_in: string;
    decimals_in: number;
    mint_out: string;
    amount_out: string;
    decimals_out: number;
    block_time: Date | null;
    symbol: string | null;
  }>(
    `SELECT s.signature, s.mint_in, s.amount_in, s.decimals_in, s.mint_out, s.amount_out, s.decimals_out, s.block_time, t.symbol
     FROM swap s LEFT JOIN token t ON t.mint = CASE WHEN s.mint_in = ANY($3::text[]) THEN s.mint_out ELSE s.mint_in END
     WHERE s.trader = $1 AND ($4::text IS NULL OR s.mint_in = $4 OR s.mint_out = $4)
     ORDER BY s.slot DESC, s.signature DESC LIMIT $2`,
    [address, limit, [...QUOTE_MINTS], mint ?? null],
  );
  return rows.map((r) => {
    const buy = QUOTE_MINTS.has(r.mint_in);
    const quoteIsSol = (buy ? r.mint_in : r.mint_out) === WSOL_MINT;
    return {
      signature: r.signature,
      side: buy ? "buy" : "sell",
      mint: buy ? r.mint_out : r.mint_in,
      symbol: r.symbol,
      tokenAmount: buy ? toUiAmount(BigInt(r.amount_out), r.decimals_out) : toUiAmount(BigInt(r.amount_in), r.decimals_in),
      sol: quoteIsSol ? (buy ? toUiAmount(BigInt(r.amount_in), 9) : toUiAmount(BigInt(r.amount_out), 9)) : null,
      time: r.block_time ? Math.floor(new Date(r.block_time).getTime() / 1000) : null,
    };
  });
}

/** The card, or null for a wallet never scored (no stored swaps yet). */
export async function loadWalletCard(sql: SqlSession, address: string, prices: PriceSource): Promise<WalletCard | null> {
  const [score] = await sql.query<{
    score: number;
    confidence: number;
    tier: WalletTier | null;
    labels: WalletLabel[];
    cluster_id: string | null;
    parts: ScorePart[];
    metrics: WalletMetrics;
    computed_at: Date;
  }>(`SELECT score, confidence, tier, labels, cluster_id, parts, metrics, computed_at FROM wallet_score WHERE wallet = $1`, [address]);
  if (!score) return null;
  const open = await sql.query<PositionRow>(
    `SELECT p.mint, p.decimals, p.held, p.costed_held, p.cost_sol, p.realized_sol, p.bought_sol, p.closed, t.symbol
     FROM wallet_position p LEFT JOIN token t ON t.mint = p.mint
     WHERE p.wallet = $1 AND NOT p.closed AND p.held > 0 ORDER BY p.bought_sol DESC LIMIT 20`,
    [address],
  );
  const priced = await prices(open.map((p) => p.mint));
  let unrealized: number | null = null;
  const holdings = open.map((r): CardHolding => {
    // Only the fields markPosition reads are needed from the stored row.
    const pos = {
      decimals: r.decimals,
      held: BigInt(r.held),
      costedHeld: BigInt(r.costed_held),
      costSol: r.cost_sol,
      realizedSol: r.realized_sol,
      boughtSol: r.bought_sol,
    } as Position;
    const m = markPosition(pos, priced.get(r.mint) ?? null);
    if (m.unrealizedSol !== null) unrealized = (unrealized ?? 0) + m.unrealizedSol;
    return {
      mint: r.mint,
      symbol: r.symbol,
      amount: toUiAmount(pos.held, r.decimals),
      valueSol: m.valueSol,
      unrealizedSol: m.unrealizedSol,
      realizedSol: r.realized_sol,
    };
  });
  holdings.sort((a, b) => (b.valueSol ?? -1) - (a.valueSol ?? -1));
  return {
    address,
    score: score.score,
    confidence: score.confidence,
    tier: score.tier,
    labels: score.labels,
    clusterId: score.cluster_id,
    parts: score.parts,
    metrics: score.metrics,
    computedAt: Math.floor(new Date(score.computed_at).getTime() / 1000),
    holdings: holdings.slice(0, 5),
    unrealizedSol: unrealized,
    lastTrades: await walletTrades(sql, address, 5),
    recentMints: await walletMints(sql, address, 3),
    roles: await walletRoles(sql, address, 6),
    clusterSize: score.cluster_id ? await fundedTogether(sql, address) : null,
  };
}

/** The dev and insider rows behind the labels, with the tokens' symbols. */
async function walletRoles(sql: SqlSession, address: string, limit: number): Promise<WalletCard["roles"]> {
  return sql.query<{ mint: string; symbol: string | null; role: "dev" | "insider" }>(
    `SELECT i.mint, t.symbol, i.role FROM token_insider i LEFT JOIN token t ON t.mint = i.mint
     WHERE i.wallet = $1 AND i.role IN ('dev', 'insider')
     ORDER BY i.role = 'dev' DESC, i.slot DESC NULLS LAST, i.mint LIMIT $2`,
    [address, limit],
  );
}

async function fundedTogether(sql: SqlSession, address: string): Promise<number | null> {
  const [row] = await sql.query<{ n: string }>(
    `SELECT count(*) AS n FROM wallet_funder g WHERE g.funder = (SELECT funder FROM wallet_funder WHERE wallet = $1)`,
    [address],
  );
  return row && Number(row.n) > 0 ? Number(row.n) : null;
}

/** The card's reads, with the price source bound (what the bot receives as a dependency). */
export class WalletCards {
  constructor(
    private readonly sql: SqlSession,
    private readonly prices: PriceSource,
  ) {}

  card(address: string): Promise<WalletCard | null> {
    return loadWalletCard(this.sql, address, this.prices);
  }

  mints(address: string, limit: number): Promise<{ mint: string; symbol: string | null }[]> {
    return walletMints(this.sql, address, limit);
  }

  trades(address: string, limit: number, mint?: string): Promise<CardTrade[]> {
    return walletTrades(this.sql, address, limit, mint);
  }

  top(mint: string, limit = 10): Promise<TopWallet[]> {
    return topWallets(this.sql, mint, this.prices, limit);
  }
}

export interface TopWallet {
  wallet: string;
  realizedSol: number;
  unrealizedSol: number | null;
  boughtSol: number;
  tier: WalletTier | null;
  labels: WalletLabel[];
}

/**
 * A token's most profitable wallets from the stored positions (realized plus unrealized at the
 * latest price), best first. Uses the wallet_position (mint) index: one token's holders only.
 */
export async function topWallets(sql: SqlSession, mint: string, prices: PriceSource, limit = 10): Promise<TopWallet[]> {
  const price = (await prices([mint])).get(mint) ?? null;
  const rows = await sql.query<{
    wallet: string;
    realized_sol: number;
    unrealized: number | null;
    bought_sol: number;
    tier: WalletTier | null;
    labels: WalletLabel[] | null;
  }>(
    `SELECT p.wallet, p.realized_sol, p.bought_sol, s.tier, s.labels,
            CASE WHEN $2::float8 IS NULL THEN NULL
                 ELSE p.costed_held::float8 / 10 ^ p.decimals * $2::float8 - p.cost_sol END AS unrealized
     FROM wallet_position p LEFT JOIN wallet_score s ON s.wallet = p.wallet
     WHERE p.mint = $1 AND p.bought_sol > 0
     ORDER BY p.realized_sol + coalesce(CASE WHEN $2::float8 IS NULL THEN NULL
                 ELSE p.costed_held::float8 / 10 ^ p.decimals * $2::float8 - p.cost_sol END, 0) DESC, p.wallet
     LIMIT $3`,
    [mint, price, limit],
  );
  return rows.map((r) => ({
    wallet: r.wallet,
    realizedSol: r.realized_sol,
    unrealizedSol: r.unrealized,
    boughtSol: r.bought_sol,
    tier: r.tier,
    labels: r.labels ?? [],
  }));
}

/**
 * The shareable PnL picture's input from the stored score and positions. Scoring keeps PnL in
 * SOL; the picture speaks USD, converted at the SOL price the stream saw last (the ratio of a
 * token's latest USD and SOL prices). Null when the wallet has no score or no SOL price is known.
 * The equity curve is realized profit accumulated in the order positions last traded.
 */
export async function walletPnlCardInput(sql: SqlSession, address: string): Promise<WalletCardInput | null> {
  const [score] = await sql.query<{ score: number; tier: WalletTier | null; metrics: WalletMetrics; computed_at: Date }>(
    `SELECT score, tier, metrics, computed_at FROM wallet_score WHERE wallet = $1`,
    [address],
  );
  if (!score) return null;
  const [sol] = await sql.query<{ usd: number }>(
    `SELECT last_price_usd / last_price_sol AS usd FROM token_seen
     WHERE last_price_sol > 0 AND last_price_usd > 0 ORDER BY last_slot DESC LIMIT 1`,
  );
  if (!sol) return null;
  const solUsd = Number(sol.usd);
  const positions = await sql.query<{ mint: string; symbol: string | null; realized_sol: number; bought_sol: number; last_time: Date | null }>(
    `SELECT p.mint, t.symbol, p.realized_sol, p.bought_sol, p.last_time FROM wallet_position p
     LEFT JOIN token t ON t.mint = p.mint WHERE p.wallet = $1 ORDER BY p.last_time NULLS FIRST, p.mint`,
    [address],
  );
  const name = (p: { mint: string; symbol: string | null }) => p.symbol ?? `${p.mint.slice(0, 4)}…${p.mint.slice(-4)}`;
  const best = positions
    .filter((p) => p.realized_sol > 0)
    .sort((a, b) => b.realized_sol - a.realized_sol)
    .slice(0, 5)
    .map((p) => ({ token: name(p), pnlUsd: p.realized_sol * solUsd, roiPct: p.bought_sol > 0 ? (p.realized_sol / p.bought_sol) * 100 : null }));
  let running = 0;
  const equity = positions
    .filter((p) => p.last_time !== null)
    .map((p) => {
      running += p.realized_sol * solUsd;
      return { t: Math.floor(p.last_time!.getTime() / 1000), pnlUsd: running };
    });
  const w = score.metrics.windows;
  return {
    address,
    tier: score.tier,
    score: score.score,
    pnl7dUsd: (w["7d"]?.realizedSol ?? 0) * solUsd,
    pnl30dUsd: (w["30d"]?.realizedSol ?? 0) * solUsd,
    winRate: score.metrics.winRate,
    trades30d: w["30d"]?.trades ?? 0,
    bestTrades: best,
    equity,
    asOf: Math.floor(new Date(score.computed_at).getTime() / 1000),
  };
}
