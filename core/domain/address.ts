/**
 * Is this string a wallet someone could trade from? Checked in order of cost: characters, length,
 * base58 decode to exactly 32 bytes, known program ids and mints, then the ed25519 curve.
 *
 * The key idea: a wallet (a keypair's public key) is a point on the ed25519 curve; program derived
 * addresses (PDAs: token accounts made by the ATA program, pools, bonding curves, vaults) are
 * deliberately off the curve, so nobody holds their private key and nobody "trades" from them.
 * The trap: on-curve does not prove "wallet". Program ids and mints are ordinary keypair addresses,
 * so they are on the curve too and have to be caught by lists (and the token table, in the bot).
 * Off-curve is also not "token account" for sure, so the message says "program-owned account".
 */
import bs58 from "bs58";
import { PublicKey } from "@solana/web3.js";
import { isKnownProgram, programName } from "./programs.js";
import { USDC_MINT, USDT_MINT, WSOL_MINT } from "./swap.js";

/** A Solana address is 32 bytes; in base58 that is 32 to 44 characters. */
export const ADDRESS_BYTES = 32;
export const ADDRESS_MIN_CHARS = 32;
export const ADDRESS_MAX_CHARS = 44;

const BASE58_CHAR = /[1-9A-HJ-NP-Za-km-z]/;

/** Mints everyone pastes by mistake, recognised even before the token table knows them. */
const WELL_KNOWN_MINTS: ReadonlyMap<string, string> = new Map([
  [WSOL_MINT, "SOL"],
  [USDC_MINT, "USDC"],
  [USDT_MINT, "USDT"],
]);

/** Why an address was refused, with what the reply needs to explain it. */
export type AddressError =
  | { ok: false; reason: "empty" }
  /** `invalid` lists the distinct characters base58 has no room for (0, O, I, l, symbols…). */
  | { ok: false; reason: "not-base58"; invalid: string[] }
  /** `chars` is the input length; `bytes` the decoded size when the characters were valid. */
  | { ok: false; reason: "wrong-length"; chars: number; bytes: number | null }
  | { ok: false; reason: "program"; address: string; name: string }
  | { ok: false; reason: "mint"; address: string; symbol: string }
  | { ok: false; reason: "off-curve"; address: string };

export type AddressCheck = { ok: true; address: string } | AddressError;

/** Reasons `checkAddressFormat` can give: the string is not an address at all. */
export type AddressFormatError = Extract<AddressError, { reason: "empty" | "not-base58" | "wrong-length" }>;

/**
 * Checks only that `input` (trimmed) is a base58 string of exactly 32 bytes, whatever account it
 * names. Use it where any address is acceptable, such as /untrack.
 *
 * @example checkAddressFormat("0xabc") // { ok: false, reason: "not-base58", invalid: ["0", "x"] }
 */
export function checkAddressFormat(input: string): { ok: true; address: string } | AddressFormatError {
  const address = input.trim();
  if (address === "") return { ok: false, reason: "empty" };
  const invalid = [...new Set([...address].filter((c) => !BASE58_CHAR.test(c)))];
  if (invalid.length > 0) return { ok: false, reason: "not-base58", invalid };
  // Decoding is quadratic in the length: refuse long strings before it.
  if (address.length < ADDRESS_MIN_CHARS || address.length > ADDRESS_MAX_CHARS) {
    return { ok: false, reason: "wrong-length", chars: address.length, bytes: null };
  }
  const bytes = bs58.decode(address);
  if (bytes.length !== ADDRESS_BYTES) {
    return { ok: false, reason: "wrong-length", chars: address.length, bytes: bytes.length };
  }
  return { ok: true, address };
}

/**
 * Checks that `input` can be a wallet: a valid address that is not a known program or mint and
 * lies on the ed25519 curve. Pure: the bot separately asks the token table about mints it knows.
 *
 * @example
 * checkWalletAddress("675kPX9MHTjS2zt1qfr1NYHuzeLXfQM9H24wFSUt1Mp8")
 * // { ok: false, reason: "program", name: "Raydium AMM v4", … }
 */
export function checkWalletAddress(input: string): AddressCheck {
  const format = checkAddressFormat(input);
  if (!format.ok) return format;
  const { address } = format;
  if (isKnownProgram(address)) {
    return { ok: false, reason: "program", address, name: programName(address) ?? address };
  }
  const symbol = WELL_KNOWN_MINTS.get(address);
  if (symbol !== undefined) return { ok: false, reason: "mint", address, symbol };
  if (!PublicKey.isOnCurve(bs58.decode(address))) return { ok: false, reason: "off-curve", address };
  return { ok: true, address };
}
