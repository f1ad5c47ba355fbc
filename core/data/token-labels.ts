/**
 * Writes the dev and insider labels (`token_insider`) and the token creations they rest on
 * (`token_creation`) from a batch's token events (core/domain/token-events.ts), idempotently, so a
 * batch seen twice changes nothing.
 *
 * - A creation records the mint's creation and its creator as `dev` (a dev row outranks an
 *   insider row for the same wallet and mint).
 * - A wallet given the mint in its creation transaction is an `insider` (source: the program).
 * - A trader who already held the token at a swap is an `insider` (source `held-before-trading`)
 *   when PumpSpace saw the token's creation (so the holding cannot predate our history) and the
 *   wallet has no buy of it stored at that slot or before in another transaction.
 *
 * Trap: batches are stored four at a time, so a buy can commit after the sell that follows it
 * was judged. Each batch therefore also removes `held-before-trading` rows that one of its buys
 * explains (not a buy in the very transaction that showed the holding).
 *
 * Speed: this runs inside every batch job, whose latency bounds the pipeline's throughput (four
 * batches in flight), so the three statements (creations and their roles; rows explained by
 * buys; holdings) go out at once instead of one after another. They touch one key together only
 * in corner cases, where the outcome is either order's (see recordTokenLabels).
 */
import { QUOTE_MINTS, viewSwap, type Swap } from "../domain/swap.js";
import type { TokenEvent } from "../domain/token-events.js";
import type { SqlSession } from "./db.js";

export const HELD_BEFORE_TRADING = "held-before-trading";

export interface TokenLabelWrite {
  creations: number;
  /** Wallets whose dev or insider rows changed (to be rescored). */
  wallets: string[];
}

/** Creations and the roles they give (dev; insider by allocation), in one statement. */
async function writeCreations(sql: SqlSession, created: readonly TokenEvent[], given: readonly TokenEvent[]): Promise<{ creations: number; wallets: string[] }> {
  const roles = [...created.map((e) => ({ e, role: "dev" })), ...given.map((e) => ({ e, role: "insider" }))];
  const [row] = await sql.query<{ creations: number; wallets: string[] | null }>(
    `WITH c AS (
       INSERT INTO token_creation (mint, creator, slot, signature, source)
       SELECT DISTINCT ON (m) m, w, s, g, src FROM unnest($1::text[], $2::text[], $3::int8[], $4::text[], $5::text[]) AS e(m, w, s, g, src)
       ORDER BY m, s
       ON CONFLICT (mint) DO NOTHING
       RETURNING mint),
     r AS (
       INSERT INTO token_insider (mint, wallet, role, slot, source)
       SELECT DISTINCT ON (m, w) m, w, r, s, src FROM unnest($6::text[], $7::text[], $8::text[], $9::int8[], $10::text[]) AS e(m, w, r, s, src)
       ORDER BY m, w, r = 'dev' DESC, s
       ON CONFLICT (mint, wallet) DO UPDATE SET role = 'dev', slot = EXCLUDED.slot, source = EXCLUDED.source
       WHERE token_insider.role <> 'dev' AND EXCLUDED.role = 'dev'
       RETURNING wallet)
     SELECT (SELECT count(*)::int FROM c) AS creations, (SELECT array_agg(wallet) FROM r) AS wallets`,
    [
      created.map((e) => e.mint),
      created.map((e) => e.wallet),
      created.map((e) => e.slot),
      created.map((e) => e.signature),
      created.map((e) => e.source ?? "unknown"),
      roles.map((x) => x.e.mint),
      roles.map((x) => x.e.wallet),
      roles.map((x) => x.role),
      roles.map((x) => x.e.slot),
      roles.map((x) => x.e.source ?? "unknown"),
    ],
  );
  return { creations: row?.creations ?? 0, wallets: row?.wallets ?? [] };
}

/** Holding rows that a buy at or before their slot explains. */
async function dropExplainedHoldings(sql: SqlSession, buys: readonly { wallet: string; mint: string; slot: number }[]): Promise<string[]> {
  const rows = await sql.query<{ wallet: string }>(
    `DELETE FROM token_insider t USING unnest($1::text[], $2::text[], $3::int8[]) AS b(w, m, s)
     WHERE t.wallet = b.w AND t.mint = b.m AND t.source = $4 AND t.slot >= b.s
     RETURNING t.wallet`,
    [buys.map((b) => b.wallet), buys.map((b) => b.mint), buys.map((b) => b.slot), HELD_BEFORE_TRADING],
  );
  return rows.map((r) => r.wallet);
}

/** Holders at a swap of a token whose creation is known (stored, or in this batch) and who never bought it before. */
async function writeHoldings(sql: SqlSession, held: readonly TokenEvent[], created: readonly TokenEvent[]): Promise<string[]> {
  const rows = await sql.query<{ wallet: string }>(
    `INSERT INTO token_insider (mint, wallet, role, slot, source)
     SELECT DISTINCT ON (e.m, e.w) e.m, e.w, 'insider', e.s, $5
     FROM unnest($1::text[], $2::text[], $3::int8[], $4::text[]) AS e(m, w, s, g)
     WHERE EXISTS (
         SELECT 1 FROM token_creation c WHERE c.mint = e.m AND c.slot <= e.s
         UNION ALL SELECT 1 FROM unnest($6::text[], $7::int8[]) AS n(m, s) WHERE n.m = e.m AND n.s <= e.s)
       -- A scalar subquery rather than NOT EXISTS: it stays an index probe per holder instead of
       -- becoming an anti-join that may scan the whole swap table.
       AND (SELECT true FROM swap b WHERE b.trader = e.w AND b.slot <= e.s AND b.mint_out = e.m AND b.signature <> e.g LIMIT 1) IS NULL
     ORDER BY e.m, e.w, e.s
     ON CONFLICT (mint, wallet) DO NOTHING
     RETURNING wallet`,
    [
      held.map((e) => e.mint),
      held.map((e) => e.wallet),
      held.map((e) => e.slot),
      held.map((e) => e.signature),
      HELD_BEFORE_TRADING,
      created.map((e) => e.mint),
      created.map((e) => e.slot),
    ],
  );
  return rows.map((r) => r.wallet);
}

/**
 * Writes one batch's labels. The three statements run concurrently: creations cannot clash with
 * the other two (a dev row outranks, and a deleted holding stays deleted either way), and a
 * holding and a buy in the same batch for the same wallet and token are resolved by the holding
 * statement itself, which reads the buys already stored. A buy in the very transaction that
 * showed the holding explains nothing (the wallet held before it), so it is left out of the drop.
 */
export async function recordTokenLabels(sql: SqlSession, events: readonly TokenEvent[], swaps: readonly Swap[]): Promise<TokenLabelWrite> {
  const created = events.filter((e) => e.kind === "created");
  const given = events.filter((e) => e.kind === "received-at-creation");
  const held = events.filter((e) => e.kind === "held-before-swap");
  const heldIn = new Set(held.map((e) => `${e.signature}:${e.wallet}:${e.mint}`));
  const buys = swaps.flatMap((s) => {
    const v = viewSwap(s);
    if (v.side !== "buy" || QUOTE_MINTS.has(v.tokenMint) || heldIn.has(`${s.signature}:${s.trader}:${v.tokenMint}`)) return [];
    return [{ wallet: s.trader, mint: v.tokenMint, slot: s.slot }];
  });
  const [made, dropped, holders] = await Promise.all([
    created.length || given.length ? writeCreations(sql, created, given) : { creations: 0, wallets: [] },
    buys.length ? dropExplainedHoldings(sql, buys) : [],
    held.length ? writeHoldings(sql, held, created) : [],
  ]);
  return { creations: made.creations, wallets: [...new Set([...made.wallets, ...dropped, ...holders])] };
}
