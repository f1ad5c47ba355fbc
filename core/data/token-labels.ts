/**
 * Writes the dev and insider labels (`token_insider`) and the token creations they rest on
 * (`token_creation`) from a batch's token events (core/domain/token-events.ts): one statement per
 * kind per batch, all idempotent, so a batch seen twice changes nothing.
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
 * explains; the labels settle to the same rows whatever the order.
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

export async function recordTokenLabels(sql: SqlSession, events: readonly TokenEvent[], swaps: readonly Swap[]): Promise<TokenLabelWrite> {
  const wallets = new Set<string>();
  const created = events.filter((e) => e.kind === "created");
  const given = events.filter((e) => e.kind === "received-at-creation");
  const held = events.filter((e) => e.kind === "held-before-swap");
  let creations = 0;
  if (created.length) {
    const rows = await sql.query<{ mint: string }>(
      `INSERT INTO token_creation (mint, creator, slot, signature, source)
       SELECT DISTINCT ON (m) m, w, s, g, src FROM unnest($1::text[], $2::text[], $3::int8[], $4::text[], $5::text[]) AS e(m, w, s, g, src)
       ORDER BY m, s
       ON CONFLICT (mint) DO NOTHING
       RETURNING mint`,
      [created.map((e) => e.mint), created.map((e) => e.wallet), created.map((e) => e.slot), created.map((e) => e.signature), created.map((e) => e.source ?? "unknown")],
    );
    creations = rows.length;
  }
  const roleRows = [
    ...created.map((e) => ({ e, role: "dev" })),
    ...given.map((e) => ({ e, role: "insider" })),
  ];
  if (roleRows.length) {
    const rows = await sql.query<{ wallet: string }>(
      `INSERT INTO token_insider (mint, wallet, role, slot, source)
       SELECT DISTINCT ON (m, w) m, w, r, s, src FROM unnest($1::text[], $2::text[], $3::text[], $4::int8[], $5::text[]) AS e(m, w, r, s, src)
       ORDER BY m, w, r = 'dev' DESC, s
       ON CONFLICT (mint, wallet) DO UPDATE SET role = 'dev', slot = EXCLUDED.slot, source = EXCLUDED.source
       WHERE token_insider.role <> 'dev' AND EXCLUDED.role = 'dev'
       RETURNING wallet`,
      [
        roleRows.map((x) => x.e.mint),
        roleRows.map((x) => x.e.wallet),
        roleRows.map((x) => x.role),
        roleRows.map((x) => x.e.slot),
        roleRows.map((x) => x.e.source ?? "unknown"),
      ],
    );
    for (const r of rows) wallets.add(r.wallet);
  }
  // Buys explain holdings judged before they were stored (see the trap above).
  const buys = swaps.flatMap((s) => {
    const v = viewSwap(s);
    return v.side === "buy" && !QUOTE_MINTS.has(v.tokenMint) ? [{ wallet: s.trader, mint: v.tokenMint, slot: s.slot }] : [];
  });
  if (buys.length) {
    const rows = await sql.query<{ wallet: string }>(
      `DELETE FROM token_insider t USING unnest($1::text[], $2::text[], $3::int8[]) AS b(w, m, s)
       WHERE t.wallet = b.w AND t.mint = b.m AND t.source = $4 AND t.slot >= b.s
       RETURNING t.wallet`,
      [buys.map((b) => b.wallet), buys.map((b) => b.mint), buys.map((b) => b.slot), HELD_BEFORE_TRADING],
    );
    for (const r of rows) wallets.add(r.wallet);
  }
  if (held.length) {
    const rows = await sql.query<{ wallet: string }>(
      `INSERT INTO token_insider (mint, wallet, role, slot, source)
       SELECT DISTINCT ON (e.m, e.w) e.m, e.w, 'insider', e.s, $5
       FROM unnest($1::text[], $2::text[], $3::int8[], $4::text[]) AS e(m, w, s, g)
       JOIN token_creation c ON c.mint = e.m AND c.slot <= e.s
       WHERE NOT EXISTS (
         SELECT 1 FROM swap b WHERE b.trader = e.w AND b.slot <= e.s AND b.mint_out = e.m AND b.signature <> e.g)
       ORDER BY e.m, e.w, e.s
       ON CONFLICT (mint, wallet) DO NOTHING
       RETURNING wallet`,
      [held.map((e) => e.mint), held.map((e) => e.wallet), held.map((e) => e.slot), held.map((e) => e.signature), HELD_BEFORE_TRADING],
    );
    for (const r of rows) wallets.add(r.wallet);
  }
  return { creations, wallets: [...wallets] };
}
