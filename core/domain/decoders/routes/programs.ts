/**
 * Which programs are aggregators (their swaps are routes over other venues), and which Dex id
 * a hop's program has. Hop programs we have no id for read as "unknown": a leg always keeps
 * its programId, so nothing is lost.
 */
import {
  JUPITER_V6_PROGRAM,
  METEORA_DAMM_V1_PROGRAM,
  METEORA_DAMM_V2_PROGRAM,
  METEORA_DBC_PROGRAM,
  METEORA_DLMM_PROGRAM,
  OKX_DEX_ROUTER_PROGRAM,
  ORCA_WHIRLPOOL_PROGRAM,
  PUMPFUN_PROGRAM,
  PUMPSWAP_PROGRAM,
  RAYDIUM_AMM_V4_PROGRAM,
  RAYDIUM_CLMM_PROGRAM,
  RAYDIUM_CPMM_PROGRAM,
  RAYDIUM_LAUNCHLAB_PROGRAM,
  RAYDIUM_ROUTE_PROGRAM,
  DFLOW_PROGRAM,
  JUPITER_V4_PROGRAM,
  OKX_DEX_ROUTER_V6_PROGRAM,
} from "../../programs.js";
import type { Dex } from "../../swap.js";

export { DFLOW_PROGRAM, JUPITER_V4_PROGRAM, OKX_DEX_ROUTER_V6_PROGRAM };

/** Aggregator program -> the dex id its routed swaps carry. */
export const AGGREGATORS: ReadonlyMap<string, Dex> = new Map<string, Dex>([
  [JUPITER_V6_PROGRAM, "jupiter"],
  [JUPITER_V4_PROGRAM, "jupiter"],
  [OKX_DEX_ROUTER_PROGRAM, "okx-router"],
  [OKX_DEX_ROUTER_V6_PROGRAM, "okx-router"],
  [RAYDIUM_ROUTE_PROGRAM, "raydium-route"],
  [DFLOW_PROGRAM, "dflow"],
]);

/** Venue program -> dex id, for legs read from an aggregator's events. */
export const VENUE_DEX: ReadonlyMap<string, Dex> = new Map<string, Dex>([
  [RAYDIUM_AMM_V4_PROGRAM, "raydium-amm-v4"],
  [RAYDIUM_CPMM_PROGRAM, "raydium-cpmm"],
  [RAYDIUM_CLMM_PROGRAM, "raydium-clmm"],
  [RAYDIUM_LAUNCHLAB_PROGRAM, "raydium-launchlab"],
  [PUMPFUN_PROGRAM, "pumpfun"],
  [PUMPSWAP_PROGRAM, "pumpswap"],
  [METEORA_DLMM_PROGRAM, "meteora-dlmm"],
  [METEORA_DAMM_V1_PROGRAM, "meteora-damm-v1"],
  [METEORA_DAMM_V2_PROGRAM, "meteora-damm-v2"],
  [METEORA_DBC_PROGRAM, "meteora-dbc"],
  [ORCA_WHIRLPOOL_PROGRAM, "orca-whirlpool"],
  ...AGGREGATORS,
]);
