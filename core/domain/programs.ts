/**
 * Well-known program ids. Two uses: decoders and the balance-delta fallback need to tell
 * infrastructure programs (system, token, ATA, compute budget, memo) from "the program that
 * did the swap", and the bot refuses a program id typed where a wallet was expected.
 */

export const SYSTEM_PROGRAM = "11111111111111111111111111111111";
export const TOKEN_PROGRAM = "TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA";
export const TOKEN_2022_PROGRAM = "TokenzQdBNbLqP5VEhdkAS6EPFLC1PHnBqCXEpPxuEb";
export const ASSOCIATED_TOKEN_PROGRAM = "ATokenGPvbdGVxr1b2hvZbsiqW5xWH25efTNsLJA8knL";
export const COMPUTE_BUDGET_PROGRAM = "ComputeBudget111111111111111111111111111111";
export const MEMO_PROGRAM = "MemoSq4gqABAXKb96qnH8TysNcWxMyWCqXgDLGmfcHr";
export const MEMO_V1_PROGRAM = "Memo1UhkJRfHyvLMcVucJwxXeuD728EqVDDwQDxFMNo";

export const RAYDIUM_AMM_V4_PROGRAM = "675kPX9MHTjS2zt1qfr1NYHuzeLXfQM9H24wFSUt1Mp8";
export const RAYDIUM_CPMM_PROGRAM = "CPMMoo8L3F4NbTegBCKVNunggL7H1ZpdTHKxQB5qKP1C";
export const RAYDIUM_CLMM_PROGRAM = "CAMMCzo5YL8w4VFF8KVHrK22GGUsp5VTaW7grrKgrWqK";
export const RAYDIUM_LAUNCHLAB_PROGRAM = "LanMV9sAd7wArD4vJFi2qDdfnVhFxYSUg6eADduJ3uj";
export const RAYDIUM_ROUTE_PROGRAM = "routeUGWgWzqBWFcrCfv8tritsqukccJPu3q5GPP3xS";
export const PUMPFUN_PROGRAM = "6EF8rrecthR5Dkzon8Nwu78hRvfCKubJ14M5uBEwF6P";
export const PUMPSWAP_PROGRAM = "pAMMBay6oceH9fJKBRHGP5D4bD4sWpmSwMn52FMfXEA";
export const PUMP_FEES_PROGRAM = "pfeeUxB6jkeY1Hxd7CsFCAjcbHA9rWtchMGdZ6VojVZ";
export const METEORA_DLMM_PROGRAM = "LBUZKhRxPF3XUpBCjp4YzTKgLccjZhTSDM9YuVaPwxo";
export const METEORA_DAMM_V1_PROGRAM = "Eo7WjKq67rjJQSZxS6z3YkapzY3eMj6Xy8X5EQVn5UaB";
export const METEORA_DAMM_V2_PROGRAM = "cpamdpZCGKUy5JxQXB4dcpGPiikHawvSWAd6mEn1sGG";
export const METEORA_DBC_PROGRAM = "dbcij3LWUppWqq96dh6gJWwBifmcGfLSB5D4DuSMaqN";
export const METEORA_VAULT_PROGRAM = "24Uqj9JCLxUeoC3hGfh5W3s9FM9uCHDS2SG3LYwBpyTi";
export const ORCA_WHIRLPOOL_PROGRAM = "whirLbMiicVdio4qvUfM5KAg6Ct8VwpYzGff3uctyCc";
export const JUPITER_V6_PROGRAM = "JUP6LkbZbjS1jKKwapdHNy74zcZ3tLUZoi5QNyVTaV4";
export const OKX_DEX_ROUTER_PROGRAM = "6m2CDdhRgxpH4WjvdzxAYbGxwdGUz5MziiL5jek2kBma";
export const JUPITER_V4_PROGRAM = "JUP4Fb2cqiRUcaTHdrPC8h2gNsA2ETXiPDD33WcGuJB";
/** OKX DEX aggregation router v6 (the older router is `OKX_DEX_ROUTER_PROGRAM`). */
export const OKX_DEX_ROUTER_V6_PROGRAM = "proVF4pMXVaYqmy4NjniPh4pqKNfMmsihgd4wdkCX3u";
export const DFLOW_PROGRAM = "DF1ow4tspfHX9JwWJsAb9epbkA8hmpSEAtxXy1V27QBH";

/** id -> human name. */
export const KNOWN_PROGRAMS: ReadonlyMap<string, string> = new Map<string, string>([
  // runtime / infrastructure
  [SYSTEM_PROGRAM, "System Program"],
  [TOKEN_PROGRAM, "SPL Token"],
  [TOKEN_2022_PROGRAM, "SPL Token-2022"],
  [ASSOCIATED_TOKEN_PROGRAM, "Associated Token Account"],
  [COMPUTE_BUDGET_PROGRAM, "Compute Budget"],
  [MEMO_PROGRAM, "Memo"],
  [MEMO_V1_PROGRAM, "Memo v1"],
  ["AddressLookupTab1e1111111111111111111111111", "Address Lookup Table"],
  ["BPFLoaderUpgradeab1e11111111111111111111111", "BPF Upgradeable Loader"],
  ["BPFLoader2111111111111111111111111111111111", "BPF Loader 2"],
  ["Stake11111111111111111111111111111111111111", "Stake Program"],
  ["Vote111111111111111111111111111111111111111", "Vote Program"],
  ["Config1111111111111111111111111111111111111", "Config Program"],
  ["Ed25519SigVerify111111111111111111111111111", "Ed25519 SigVerify"],
  ["KeccakSecp256k11111111111111111111111111111", "Secp256k1 SigVerify"],
  ["metaqbxxUerdq28cj1RbAWkYQm3ybzjb6a8bt518x1s", "Metaplex Token Metadata"],
  ["CoREENxT6tW1HoK8ypY1SxRMZTcVPm7R94rH4PZNhX7d", "Metaplex Core"],
  ["SPoo1Ku8WFXoNDMHPsrGSTSG1Y47rzgn41SLUNakuHy", "SPL Stake Pool"],
  ["T1pyyaTNZsKv2WcRAB8oVnk93mLJw2XzjtVYqCsaHqt", "Jito Tip Payment"],
  ["L2TExMFKdjpN9kozasaurPirfHy9P8sbXoAN1qA3S95", "Lighthouse"],
  // Raydium
  [RAYDIUM_AMM_V4_PROGRAM, "Raydium AMM v4"],
  [RAYDIUM_CPMM_PROGRAM, "Raydium CPMM"],
  [RAYDIUM_CLMM_PROGRAM, "Raydium CLMM"],
  [RAYDIUM_LAUNCHLAB_PROGRAM, "Raydium LaunchLab"],
  [RAYDIUM_ROUTE_PROGRAM, "Raydium Route"],
  ["5quBtoiQqxF9Jv6KYKctB59NT3gtJD2Y65kdnB1Uev3h", "Raydium Stable Swap"],
  // Pump
  [PUMPFUN_PROGRAM, "Pump.fun"],
  [PUMPSWAP_PROGRAM, "PumpSwap"],
  [PUMP_FEES_PROGRAM, "Pump Fees"],
  // Meteora
  [METEORA_DLMM_PROGRAM, "Meteora DLMM"],
  [METEORA_DAMM_V1_PROGRAM, "Meteora DAMM v1"],
  [METEORA_DAMM_V2_PROGRAM, "Meteora DAMM v2"],
  [METEORA_DBC_PROGRAM, "Meteora DBC"],
  [METEORA_VAULT_PROGRAM, "Meteora Vault"],
  // Orca
  [ORCA_WHIRLPOOL_PROGRAM, "Orca Whirlpool"],
  ["9W959DqEETiGZocYWCQPaJ6sBmUzgfxXfqGeTEdp3aQP", "Orca Token Swap v2"],
  // aggregators / routers
  [JUPITER_V6_PROGRAM, "Jupiter v6"],
  [JUPITER_V4_PROGRAM, "Jupiter v4"],
  ["j1o2qRpjcyUwEvwtcfhEQefh773ZgjxcVRry7LDqg5X", "Jupiter Limit Order v2"],
  ["DCA265Vj8a9CEuX1eb1LWRnDT7uK6q1xMipnNyatn23M", "Jupiter DCA"],
  [OKX_DEX_ROUTER_PROGRAM, "OKX DEX Router"],
  [OKX_DEX_ROUTER_V6_PROGRAM, "OKX DEX Router v6"],
  [DFLOW_PROGRAM, "DFlow"],
  // other venues
  ["MoonCVVNZFSYkqNXP6bxHLPL6QQJiMagDL3qcqUQTrG", "Moonshot"],
  ["boop8hVGQGqehUK2iVEMEnMrL5RbjywRzHKBmBE7ry4", "Boop.fun"],
  ["PhoeNiXZ8ByJGLkxNfZRnkUfjvmuYqLR89jjFHGqdXY", "Phoenix"],
  ["opnb2LAfJYbRMAHHvqjCwQxanZn7ReEHp1k81EohpZb", "OpenBook v2"],
  ["srmqPvymJeFKQ4zGQed1GFppgkRHL9kaELCbyksJtPX", "OpenBook (Serum v3)"],
  ["9xQeWvG816bUx9EPjHmaT23yvVM2ZWbrrpZb9PusVFin", "Serum DEX v3"],
  ["2wT8Yq49kHgDzXuPxZSaeLaH1qbmGXtEyPy64bL7aD3c", "Lifinity v2"],
  ["SSwpkEEcbUqx4vtoEByFjSkhKdCT862DNVb52nZg1UZ", "Saber Stable Swap"],
  ["SwaPpA9LAaLfeLi3a68M4DjnLqgtticKg6CnyNwgAC8", "SPL Token Swap"],
  ["FLUXubRmkEi2q6K3Y9kBPg9248ggaZVsoSFhtJHSrm1X", "FluxBeam"],
  ["SoLFiHG9TfgtdUXUjWAxi3LtvYuFyDLVhBWxdMZxyCe", "SolFi"],
  ["obriQD1zbpyLz95G5n7nJe6a4DPjpFwa5XYPoNm113y", "Obric v2"],
  ["ZERor4xhbUycZ6gb9ntrhqscUcZmAbQDjEAtCf4hbZY", "ZeroFi"],
]);

/**
 * Programs that move value on behalf of others but never are "the swap": the balance-delta
 * fallback skips them when it looks for the program a swap went through.
 */
export const INFRASTRUCTURE_PROGRAMS: ReadonlySet<string> = new Set([
  SYSTEM_PROGRAM,
  TOKEN_PROGRAM,
  TOKEN_2022_PROGRAM,
  ASSOCIATED_TOKEN_PROGRAM,
  COMPUTE_BUDGET_PROGRAM,
  MEMO_PROGRAM,
  MEMO_V1_PROGRAM,
]);

export const TOKEN_PROGRAMS: ReadonlySet<string> = new Set([TOKEN_PROGRAM, TOKEN_2022_PROGRAM]);

export function isKnownProgram(address: string): boolean {
  return KNOWN_PROGRAMS.has(address);
}

export function programName(address: string): string | undefined {
  return KNOWN_PROGRAMS.get(address);
}
