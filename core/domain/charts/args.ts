/**
 * `/chart <mint> [1h|24h|7d] [wallet]`: the mint first, then a range and/or a wallet in any order.
 */
import { checkAddressFormat, checkWalletAddress, type AddressError } from "../address.js";
import { isKnownProgram, programName } from "../programs.js";
import { isChartRange } from "./chart.js";
import type { ChartRange } from "./scale.js";

export type ChartArgs =
  | { ok: true; mint: string; range: ChartRange; wallet: string | null }
  /** `address` comes with the check's reason, for the shared address replies. */
  | { ok: false; error: "address"; check: AddressError }
  | { ok: false; error: "bad-arg"; arg: string }
  | { ok: false; error: "too-many" };

export const DEFAULT_CHART_RANGE: ChartRange = "24h";
/** Longer input is not worth splitting (two addresses and a range fit well under it). */
const MAX_INPUT = 200;

/**
 * @example parseChartArgs("So11…112 1h") // { ok: true, mint: "So11…112", range: "1h", wallet: null }
 */
export function parseChartArgs(input: string): ChartArgs {
  if (input.length > MAX_INPUT) return { ok: false, error: "too-many" };
  const parts = input.trim().split(/\s+/).filter((p) => p !== "");
  if (parts.length === 0) return { ok: false, error: "address", check: { ok: false, reason: "empty" } };
  if (parts.length > 3) return { ok: false, error: "too-many" };
  const mintCheck = checkAddressFormat(parts[0]!);
  if (!mintCheck.ok) return { ok: false, error: "address", check: mintCheck };
  const mint = mintCheck.address;
  if (isKnownProgram(mint)) return { ok: false, error: "address", check: { ok: false, reason: "program", address: mint, name: programName(mint) ?? mint } };

  let range: ChartRange | null = null;
  let wallet: string | null = null;
  for (const part of parts.slice(1)) {
    const lower = part.toLowerCase();
    if (isChartRange(lower)) {
      if (range !== null) return { ok: false, error: "bad-arg", arg: part };
      range = lower;
      continue;
    }
    const check = checkWalletAddress(part);
    if (check.ok) {
      if (wallet !== null) return { ok: false, error: "bad-arg", arg: part };
      wallet = check.address;
      continue;
    }
    // Not an address at all: say which word we could not read; an address of the wrong kind
    // gets the shared explanation (a program, a pool...).
    if (check.reason === "not-base58" || check.reason === "wrong-length" || check.reason === "empty") {
      return { ok: false, error: "bad-arg", arg: part };
    }
    return { ok: false, error: "address", check };
  }
  return { ok: true, mint, range: range ?? DEFAULT_CHART_RANGE, wallet };
}
