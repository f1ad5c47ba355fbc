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
  /** Every Token-2022 extension on the mint by its spl-token name ("PausableConfig", …); empty for SPL Token. */
  extensions?: readonly string[];
  /** Whether the Metaplex metadata can still be changed; null when unknown or not Metaplex. */
  metadataMutable?: boolean | null;
}

/** Returns the cached facts, fetching them when missing or stale; null for an account that is not a mint. */
export type TokenFactsReader = (mint: string) => Promise<TokenFacts | null>;

/** Why an address has no token facts: not on chain, a wallet, a program, a token account, something else. */
export type NotAMintReason = "not-found" | "wallet" | "program" | "token-account" | "other";

/** The facts, or why there are none; what the bot needs to explain a refused address. */
export type TokenFactsLookup = { ok: true; facts: TokenFacts } | { ok: false; reason: NotAMintReason };

/** Like `TokenFactsReader`, with the reason when the address is not a mint. */
export type TokenFactsLookupFn = (mint: string) => Promise<TokenFactsLookup>;
