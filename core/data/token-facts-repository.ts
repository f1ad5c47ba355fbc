/**
 * Token facts (metadata, supply, authorities, risky extensions, top-10 share) read lazily over
 * JSON-RPC and cached in Postgres (`token_facts`).
 *
 * Key ideas:
 * - One lookup is at most two RPC calls: `getMultipleAccounts` for the mint and its Metaplex
 *   metadata PDA together, then `getTokenLargestAccounts` only for a real mint. A failed holders
 *   call leaves the share unknown rather than failing the facts.
 * - Single flight: concurrent asks for one mint share one fetch (a button pressed by a whole group).
 * - Stale facts are served at once while one refresh runs behind them; the card is never slower
 *   because the cache is old. Addresses that are not mints are cached too, briefly, with why.
 * - Fetched metadata also fills the symbol/name/decimals of the `token` table where they are
 *   missing, so alerts name tokens they had only seen as mints.
 *
 * Trap: the RPC is shared with nothing else here, but a 429 still pauses every lookup of this
 * process (the client's token bucket), which is what the provider's limit asks for.
 */
import { z } from "zod";
import type { Logger } from "../logger.js";
import {
  buildTokenFacts,
  decodeMetaplexMetadata,
  decodeMintAccount,
  metadataAddress,
  top10Share,
  type RawAccount,
} from "../domain/token-accounts.js";
import type {
  NotAMintReason,
  RiskyExtension,
  TokenFacts,
  TokenFactsLookup,
  TokenFactsReader,
  TokenProgram,
} from "../domain/token-facts.js";
import type { SqlRunner } from "./db.js";
import type { JsonRpcClient } from "./json-rpc.js";

export interface TokenFactsRepositoryOptions {
  sql: SqlRunner;
  /** Null: cache only (no RPC configured); a miss then throws `TokenFactsUnavailableError`. */
  rpc: JsonRpcClient | null;
  /** Mint facts older than this are refreshed. Default 6 hours. */
  ttlSec?: number;
  /** "Not a mint" answers older than this are asked again. Default 10 minutes. */
  notMintTtlSec?: number;
  commitment?: "processed" | "confirmed" | "finalized";
  /** Unix milliseconds; tests pass a clock. */
  now?: () => number;
  logger?: Logger;
}

/** Facts are not cached and cannot be fetched (no RPC configured, or the RPC failed). */
export class TokenFactsUnavailableError extends Error {
  override name = "TokenFactsUnavailableError";
}

const accountSchema = z.object({
  data: z.tuple([z.string(), z.literal("base64")]),
  owner: z.string(),
  executable: z.boolean(),
  lamports: z.number(),
});
const multipleAccountsSchema = z.object({ value: z.array(accountSchema.nullable()) });
const largestSchema = z.object({ value: z.array(z.object({ address: z.string(), amount: z.string() })) });

interface FactsRow {
  mint: string;
  status: string;
  program: string | null;
  symbol: string | null;
  name: string | null;
  uri: string | null;
  decimals: number | null;
  supply: string | null;
  mint_authority: string | null;
  freeze_authority: string | null;
  risky_extensions: string[];
  transfer_fee_bps: number | null;
  top10_holder_share: number | null;
  metadata_mutable: boolean | null;
  extensions: string[];
  fetched_at: Date;
}

const NOT_MINT_REASONS: readonly NotAMintReason[] = ["not-found", "wallet", "program", "token-account", "other"];

function toRawAccount(a: z.infer<typeof accountSchema> | null): RawAccount | null {
  if (a === null) return null;
  return { owner: a.owner, executable: a.executable, lamports: a.lamports, data: Uint8Array.from(Buffer.from(a.data[0], "base64")) };
}

function rowToLookup(r: FactsRow): TokenFactsLookup {
  if (r.status !== "mint") {
    const reason = NOT_MINT_REASONS.includes(r.status as NotAMintReason) ? (r.status as NotAMintReason) : "other";
    return { ok: false, reason };
  }
  return {
    ok: true,
    facts: {
      mint: r.mint,
      program: (r.program ?? "spl-token") as TokenProgram,
      symbol: r.symbol,
      name: r.name,
      uri: r.uri,
      decimals: r.decimals ?? 0,
      supply: BigInt(r.supply ?? "0"),
      mintAuthority: r.mint_authority,
      freezeAuthority: r.freeze_authority,
      riskyExtensions: r.risky_extensions as RiskyExtension[],
      transferFeeBps: r.transfer_fee_bps,
      top10HolderShare: r.top10_holder_share,
      fetchedAt: Math.floor(r.fetched_at.getTime() / 1000),
      extensions: r.extensions,
      metadataMutable: r.metadata_mutable,
    },
  };
}

/**
 * @example
 * const facts = new TokenFactsRepository({ sql: db.sql, rpc: new JsonRpcClient({ url }) });
 * const found = await facts.lookup(mint); // { ok: true, facts } | { ok: false, reason: "wallet" }
 */
export class TokenFactsRepository {
  private readonly inflight = new Map<string, Promise<TokenFactsLookup>>();
  private readonly ttlMs: number;
  private readonly notMintTtlMs: number;
  private readonly now: () => number;

  constructor(private readonly o: TokenFactsRepositoryOptions) {
    this.ttlMs = (o.ttlSec ?? 6 * 3600) * 1000;
    this.notMintTtlMs = (o.notMintTtlSec ?? 600) * 1000;
    this.now = o.now ?? Date.now;
  }

  /** The `TokenFactsReader` shape: facts, or null for an address that is not a mint. */
  readonly read: TokenFactsReader = async (mint) => {
    const found = await this.lookup(mint);
    return found.ok ? found.facts : null;
  };

  /**
   * Cached facts when fresh; stale ones at once with a refresh behind them; otherwise a fetch
   * (shared with any other caller asking for the same mint). Throws `TokenFactsUnavailableError`
   * when nothing is cached and the RPC cannot answer.
   */
  async lookup(mint: string): Promise<TokenFactsLookup> {
    const cached = await this.cached(mint);
    if (cached && !cached.stale) return cached.lookup;
    if (cached) {
      if (this.o.rpc) {
        this.refresh(mint).catch((err: unknown) => this.o.logger?.warn({ err, mint }, "token facts refresh failed; serving the cached facts"));
      }
      return cached.lookup;
    }
    return this.refresh(mint);
  }

  /** What the cache holds for `mint`, and whether it is past its age. */
  async cached(mint: string): Promise<{ lookup: TokenFactsLookup; stale: boolean } | null> {
    const [row] = await this.o.sql.query<FactsRow>(`SELECT * FROM token_facts WHERE mint = $1`, [mint]);
    if (!row) return null;
    const age = this.now() - row.fetched_at.getTime();
    return { lookup: rowToLookup(row), stale: age > (row.status === "mint" ? this.ttlMs : this.notMintTtlMs) };
  }

  /** Fetches `mint` from the RPC and stores it; one fetch per mint at a time. */
  refresh(mint: string): Promise<TokenFactsLookup> {
    let p = this.inflight.get(mint);
    if (!p) {
      p = this.fetchAndStore(mint).finally(() => this.inflight.delete(mint));
      this.inflight.set(mint, p);
    }
    return p;
  }

  private async fetchAndStore(mint: string): Promise<TokenFactsLookup> {
    const rpc = this.o.rpc;
    if (!rpc) throw new TokenFactsUnavailableError("no RPC endpoint is configured for token facts");
    const commitment = this.o.commitment ?? "confirmed";
    const metadata = metadataAddress(mint);
    let accounts: (RawAccount | null)[];
    try {
      const res = multipleAccountsSchema.parse(
        await rpc.call("getMultipleAccounts", [[mint, metadata], { encoding: "base64", commitment }]),
      );
      accounts = res.value.map(toRawAccount);
    } catch (err) {
      throw new TokenFactsUnavailableError(`token facts for ${mint} could not be fetched`, { cause: err });
    }
    const fetchedAt = this.now();
    const decoded = decodeMintAccount(mint, accounts[0] ?? null);
    if (!decoded.ok) {
      await this.storeNotMint(mint, decoded.reason, accounts[0]?.owner ?? null, fetchedAt);
      return { ok: false, reason: decoded.reason };
    }
    let share: number | null = null;
    try {
      const largest = largestSchema.parse(await rpc.call("getTokenLargestAccounts", [mint, { commitment }]));
      share = top10Share(largest.value, decoded.mint.supply);
    } catch (err) {
      // Some providers refuse this call for tokens with very many holders; the rest still stands.
      this.o.logger?.info({ err, mint }, "top holders unavailable; token facts kept without the top-10 share");
    }
    const metaAccount = accounts[1] ?? null;
    const metaplex = metaAccount ? decodeMetaplexMetadata(metaAccount.data) : null;
    const facts = buildTokenFacts({ mint, decoded: decoded.mint, metaplex, top10HolderShare: share, fetchedAt: Math.floor(fetchedAt / 1000) });
    await this.storeFacts(facts, accounts[0]!.owner, fetchedAt);
    return { ok: true, facts };
  }

  private async storeNotMint(mint: string, reason: NotAMintReason, owner: string | null, at: number): Promise<void> {
    await this.o.sql.query(
      `INSERT INTO token_facts (mint, status, owner, fetched_at) VALUES ($1, $2, $3, $4)
       ON CONFLICT (mint) DO UPDATE SET
         status = EXCLUDED.status, owner = EXCLUDED.owner, program = NULL, symbol = NULL, name = NULL, uri = NULL,
         decimals = NULL, supply = NULL, mint_authority = NULL, freeze_authority = NULL, risky_extensions = '[]',
         transfer_fee_bps = NULL, top10_holder_share = NULL, metadata_mutable = NULL, extensions = '[]',
         fetched_at = EXCLUDED.fetched_at`,
      [mint, reason, owner, new Date(at)],
    );
  }

  private async storeFacts(f: TokenFacts, owner: string, at: number): Promise<void> {
    await this.o.sql.transaction(async (tx) => {
      await tx.query(
        `INSERT INTO token_facts (mint, status, owner, program, symbol, name, uri, decimals, supply, mint_authority,
           freeze_authority, risky_extensions, transfer_fee_bps, top10_holder_share, metadata_mutable, extensions, fetched_at)
         VALUES ($1, 'mint', $2, $3, $4, $5, $6, $7, $8::numeric, $9, $10, $11::jsonb, $12, $13, $14, $15::jsonb, $16)
         ON CONFLICT (mint) DO UPDATE SET
           status = 'mint', owner = EXCLUDED.owner, program = EXCLUDED.program, symbol = EXCLUDED.symbol,
           name = EXCLUDED.name, uri = EXCLUDED.uri, decimals = EXCLUDED.decimals, supply = EXCLUDED.supply,
           mint_authority = EXCLUDED.mint_authority, freeze_authority = EXCLUDED.freeze_authority,
           risky_extensions = EXCLUDED.risky_extensions, transfer_fee_bps = EXCLUDED.transfer_fee_bps,
           -- A refresh whose holders call failed keeps the share it knew.
           top10_holder_share = COALESCE(EXCLUDED.top10_holder_share, token_facts.top10_holder_share),
           metadata_mutable = EXCLUDED.metadata_mutable, extensions = EXCLUDED.extensions, fetched_at = EXCLUDED.fetched_at`,
        [
          f.mint,
          owner,
          f.program,
          f.symbol,
          f.name,
          f.uri,
          f.decimals,
          f.supply.toString(),
          f.mintAuthority,
          f.freezeAuthority,
          JSON.stringify(f.riskyExtensions),
          f.transferFeeBps,
          f.top10HolderShare,
          f.metadataMutable ?? null,
          JSON.stringify(f.extensions ?? []),
          new Date(at),
        ],
      );
      // Fill what the token table lacks; a symbol learnt from a create instruction stays.
      await tx.query(
        `INSERT INTO token (mint, symbol, name, decimals) VALUES ($1, $2, $3, $4)
         ON CONFLICT (mint) DO UPDATE SET
           symbol = COALESCE(token.symbol, EXCLUDED.symbol), name = COALESCE(token.name, EXCLUDED.name),
           decimals = COALESCE(token.decimals, EXCLUDED.decimals), updated_at = now()
         WHERE (token.symbol IS NULL AND EXCLUDED.symbol IS NOT NULL) OR (token.name IS NULL AND EXCLUDED.name IS NOT NULL)
            OR token.decimals IS NULL`,
        [f.mint, f.symbol, f.name, f.decimals],
      );
    });
  }
}
