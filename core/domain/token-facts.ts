/**
 * Facts about a token that do not change with each trade: metadata, supply, and the risk facts a
 * holder should know (authorities, dangerous Token-2022 extensions, holder concentration).
 * Fetched lazily over RPC and cached in Postgres; this file is the shape every consumer agrees on.
 */

export type TokenProgram = "spl-token" | "token-2022";

/** Token-2022 extensions that can hurt a holder. */
export type RiskyExtension = "permanentDelegate" | "transferHook" | "transferFee" | "nonTransferable" | "defaultAccountStateFrozen";

export interface TokenFacts {
  mint: string;
  program: TokenProgram;
  symbol: string | null;
  name: string | null;
  /** Off-chain metadata URI (Metaplex or the Token-2022 metadata extension). */
  uri: string | null;
  decimals: number;
  /** Raw total supply (u64 as bigint). */
  supply: bigint;
  mintAuthority: string | null;
  freezeAuthority: string | null;
  riskyExtensions: readonly RiskyExtension[];
  /** Transfer fee in basis points when the transfer-fee extension is present. */
  transferFeeBps: number | null;
  /** Share (0..1) of the supply held by the 10 largest accounts, when it was fetched. */
  top10HolderShare: number | null;
  /** When these facts were read from the chain (unix seconds). */
  fetchedAt: number;
}

/** Returns the cached facts, fetching them when missing or stale; null for an account that is not a mint. */
export type TokenFactsReader = (mint: string) => Promise<TokenFacts | null>;
