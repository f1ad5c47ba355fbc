/**
 * Token events for the dev and insider labels, read from one decoded transaction (pure):
 *
 * - `created`: a launchpad or pool-creation instruction made the mint; `wallet` is its creator.
 *   Pump.fun `create`/`create_v2` (the creator argument, else the `user` account), Raydium
 *   LaunchLab `initialize`/`initialize_v2`/`initialize_with_token_2022` (the `creator` account),
 *   Meteora DBC `initialize_virtual_pool_with_spl_token`/`_with_token2022` (the `creator`
 *   account), and PumpSwap `create_pool` called directly by a wallet (the `creator` account).
 * - `received-at-creation`: a wallet whose balance of a mint created in this transaction grew
 *   other than through a buy of it in the same transaction (an allocation to the team, or a
 *   transfer riding along with the launch).
 * - `held-before-swap`: the trader already held the token when this swap ran (its pre token
 *   balance of the mint is above zero). Whether that makes an insider depends on what the store
 *   knows: the token's creation seen, and no earlier buy by the wallet (core/data/token-labels.ts).
 *
 * Traps: PumpSwap `create_pool` also runs as pump.fun's migration CPI, where the "creator" is
 * pump.fun's migration authority and the mint's dev created it long before; only an outer
 * (wallet-signed) `create_pool` counts, and only when the same transaction initializes the mint
 * (anyone may open a pool for an old token). Bonding curves, pool authorities and vaults hold the new
 * supply; they are program-derived (off the ed25519 curve) and are no wallets.
 */
import bs58 from "bs58";
import { PublicKey } from "@solana/web3.js";
import { hex, startsWith } from "./decoders/shared/bytes.js";
import { extractTokenCreations } from "./decoders/pumpfun/index.js";
import { METEORA_DBC_PROGRAM, PUMPFUN_PROGRAM, PUMPSWAP_PROGRAM, RAYDIUM_LAUNCHLAB_PROGRAM, TOKEN_PROGRAMS } from "./programs.js";
import { QUOTE_MINTS, viewSwap, type Swap } from "./swap.js";
import type { Instruction, SolanaTransaction } from "./transaction.js";

export type TokenEventKind = "created" | "received-at-creation" | "held-before-swap";

/** The program a creation came from (also the label's `source`). */
export type CreationSource = "pumpfun" | "pumpswap" | "raydium-launchlab" | "meteora-dbc";

export interface TokenEvent {
  kind: TokenEventKind;
  mint: string;
  wallet: string;
  slot: number;
  signature: string;
  /** For `created` and `received-at-creation`: the creating program. */
  source?: CreationSource;
}

interface CreationRule {
  program: string;
  source: CreationSource;
  discriminators: readonly Uint8Array[];
  creatorIndex: number;
  mintIndex: number;
  outerOnly: boolean;
  /**
   * The instruction opens a market for a mint that may be older (a pool), so it is a creation only
   * when the same transaction also initializes the mint.
   */
  needsMintInit: boolean;
}

// Anchor discriminators (sha256("global:<name>")[0..8]) and account positions from the programs'
// public IDLs; every listed variant keeps the same positions for creator and mint.
const CREATION_RULES: readonly CreationRule[] = [
  {
    // [payer, creator, global_config, platform_config, authority, pool_state, base_mint, ...]
    program: RAYDIUM_LAUNCHLAB_PROGRAM,
    source: "raydium-launchlab",
    discriminators: [hex("afaf6d1f0d989bed"), hex("4399af27da102620"), hex("25be7ede2c9aab11")],
    creatorIndex: 1,
    mintIndex: 6,
    outerOnly: false,
    needsMintInit: false,
  },
  {
    // [config, pool_authority, creator, base_mint, quote_mint, pool, ...]
    program: METEORA_DBC_PROGRAM,
    source: "meteora-dbc",
    discriminators: [hex("8c55d7b06636684f"), hex("a976334e916edc9b")],
    creatorIndex: 2,
    mintIndex: 3,
    outerOnly: false,
    needsMintInit: false,
  },
  {
    // [pool, global_config, creator, base_mint, quote_mint, lp_mint, ...]
    program: PUMPSWAP_PROGRAM,
    source: "pumpswap",
    discriminators: [hex("e992d18ecf6840bc")],
    creatorIndex: 2,
    mintIndex: 3,
    outerOnly: true,
    needsMintInit: true,
  },
];

interface Creation {
  mint: string;
  creator: string;
  source: CreationSource;
}

// SPL Token / Token-2022 InitializeMint (0) and InitializeMint2 (20): the mint is the first account.
const INITIALIZE_MINT = new Set([0, 20]);
const INITIALIZE_MINT_PARSED = new Set(["initializeMint", "initializeMint2"]);

/** Whether `tx` initializes `mint` (it was created in this very transaction). */
function initializesMint(tx: SolanaTransaction, mint: string): boolean {
  const check = (ix: Instruction): boolean => {
    if (!TOKEN_PROGRAMS.has(ix.programId)) return false;
    if (ix.parsed !== undefined) {
      const p = ix.parsed as { type?: unknown; info?: { mint?: unknown } } | null;
      return typeof p?.type === "string" && INITIALIZE_MINT_PARSED.has(p.type) && p.info?.mint === mint;
    }
    return ix.data.length > 0 && INITIALIZE_MINT.has(ix.data[0]!) && ix.accounts[0] === mint;
  };
  for (const ix of tx.instructions) {
    if (check(ix)) return true;
    for (const inner of ix.inner) if (check(inner)) return true;
  }
  return false;
}

function ruleCreation(ix: Instruction): (Creation & { needsMintInit: boolean }) | null {
  if (ix.parsed !== undefined) return null;
  for (const r of CREATION_RULES) {
    if (ix.programId !== r.program) continue;
    if (r.outerOnly && ix.innerIndex !== null) return null;
    if (!r.discriminators.some((d) => startsWith(ix.data, d))) return null;
    const creator = ix.accounts[r.creatorIndex];
    const mint = ix.accounts[r.mintIndex];
    if (creator === undefined || mint === undefined || QUOTE_MINTS.has(mint)) return null;
    return { mint, creator, source: r.source, needsMintInit: r.needsMintInit };
  }
  return null;
}

const PUMPFUN_CREATE = [hex("181ec828051c0777"), hex("d6904cec5f8b31b4")];
const RULE_PROGRAMS: ReadonlySet<string> = new Set(CREATION_RULES.map((r) => r.program));

/**
 * Token creations in a successful transaction, one per mint (pump.fun's first). One plain pass
 * over the instructions: ingest runs this on every transaction, and almost none creates a token.
 */
export function findCreations(tx: SolanaTransaction): Creation[] {
  if (tx.failed) return [];
  let pumpCreate = false;
  let ruled: (Creation & { needsMintInit: boolean })[] | null = null;
  const visit = (ix: Instruction) => {
    if (ix.programId === PUMPFUN_PROGRAM) {
      if (!pumpCreate && PUMPFUN_CREATE.some((d) => startsWith(ix.data, d))) pumpCreate = true;
    } else if (RULE_PROGRAMS.has(ix.programId)) {
      const c = ruleCreation(ix);
      if (c) (ruled ??= []).push(c);
    }
  };
  for (const ix of tx.instructions) {
    visit(ix);
    for (const inner of ix.inner) visit(inner);
  }
  if (!pumpCreate && ruled === null) return [];
  const out = new Map<string, Creation>();
  if (pumpCreate) {
    for (const c of extractTokenCreations(tx)) if (!out.has(c.mint)) out.set(c.mint, { mint: c.mint, creator: c.creator, source: "pumpfun" });
  }
  for (const { needsMintInit, ...c } of (ruled ?? []) as (Creation & { needsMintInit: boolean })[]) {
    if (!out.has(c.mint) && (!needsMintInit || initializesMint(tx, c.mint))) out.set(c.mint, c);
  }
  return [...out.values()];
}

const onCurveCache = new Map<string, boolean>();
/** A keypair's address (a possible wallet), as opposed to a program-derived one. */
function isOnCurve(address: string): boolean {
  let v = onCurveCache.get(address);
  if (v === undefined) {
    v = PublicKey.isOnCurve(bs58.decode(address));
    if (onCurveCache.size > 10_000) onCurveCache.clear();
    onCurveCache.set(address, v);
  }
  return v;
}

/** Sum of an owner's balances of a mint, per owner, from one side of the token balances. */
function balancesByOwner(balances: SolanaTransaction["preTokenBalances"], mint: string): Map<string, bigint> {
  const out = new Map<string, bigint>();
  for (const b of balances) {
    if (b.mint !== mint || b.owner === null) continue;
    out.set(b.owner, (out.get(b.owner) ?? 0n) + b.amount);
  }
  return out;
}

/** Every token event of one transaction, given the swaps decoded from it. */
export function detectTokenEvents(tx: SolanaTransaction, swaps: readonly Swap[]): TokenEvent[] {
  if (tx.failed || tx.slot === null) return [];
  const base = { slot: tx.slot, signature: tx.signature };
  const events: TokenEvent[] = [];
  const creations = findCreations(tx);
  for (const c of creations) {
    events.push({ kind: "created", mint: c.mint, wallet: c.creator, source: c.source, ...base });
    const buyers = new Set(swaps.filter((s) => s.mintOut === c.mint).map((s) => s.trader));
    const pre = balancesByOwner(tx.preTokenBalances, c.mint);
    for (const [owner, post] of balancesByOwner(tx.postTokenBalances, c.mint)) {
      if (post <= (pre.get(owner) ?? 0n) || owner === c.creator || buyers.has(owner) || !isOnCurve(owner)) continue;
      events.push({ kind: "received-at-creation", mint: c.mint, wallet: owner, source: c.source, ...base });
    }
  }
  if (tx.preTokenBalances.length === 0) return events;
  for (let i = 0; i < swaps.length; i++) {
    const s = swaps[i]!;
    const v = viewSwap(s);
    if (QUOTE_MINTS.has(v.tokenMint) || creations.some((c) => c.mint === v.tokenMint)) continue;
    // One event per trader and token: a route of several swaps reports its holder once.
    if (events.some((e) => e.kind === "held-before-swap" && e.wallet === s.trader && e.mint === v.tokenMint)) continue;
    let held = 0n;
    for (const b of tx.preTokenBalances) if (b.owner === s.trader && b.mint === v.tokenMint) held += b.amount;
    if (held > 0n) events.push({ kind: "held-before-swap", mint: v.tokenMint, wallet: s.trader, ...base });
  }
  return events;
}
