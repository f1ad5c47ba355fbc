/**
 * Inline mode's pure half: what a typed inline query asks for, which kind of address it names
 * given the evidence PumpSpace has, and the `/start` parameters of the buttons that open the bot.
 *
 * Key idea: a mint and a wallet are both 32-byte base58 addresses (both on the ed25519 curve), so
 * the string alone cannot say which it is. The query is only sorted into address / symbol / empty
 * / invalid here; `addressKind` decides mint vs wallet from stored evidence (token tables, swaps,
 * scores) or a chain lookup, in that order.
 *
 * Trap: Telegram limits a `start` parameter to 64 characters of [A-Za-z0-9_-]; a base58 address
 * (≤ 44 characters) plus a short prefix fits, anything else is refused rather than truncated.
 */
import { checkAddressFormat, type AddressFormatError } from "./address.js";
import { isKnownProgram, programName } from "./programs.js";

/** A ticker is short; longer words are not symbols anyone types. */
export const MAX_SYMBOL_CHARS = 16;

export type InlineQueryIntent =
  | { kind: "empty" }
  | { kind: "address"; address: string }
  | { kind: "symbol"; symbol: string }
  | { kind: "invalid"; reason: "program"; name: string }
  | { kind: "invalid"; reason: "too-long" | "bad-symbol" }
  | { kind: "invalid"; reason: AddressFormatError["reason"] };

const SYMBOL = /^[\p{L}\p{N}._-]+$/u;
const BASE58_ONLY = /^[1-9A-HJ-NP-Za-km-z]+$/;

/**
 * Sorts an inline query: empty, an address (32–44 base58 characters that decode to 32 bytes),
 * a `$TICKER` or bare symbol, or invalid with why.
 *
 * @example parseInlineQuery("$bonk")   // { kind: "symbol", symbol: "BONK" }
 * @example parseInlineQuery("0xdead…") // { kind: "invalid", reason: "not-base58" } for 32+ chars
 */
export function parseInlineQuery(query: string): InlineQueryIntent {
  const q = query.trim();
  if (q === "") return { kind: "empty" };
  if (q.startsWith("$")) {
    const symbol = q.slice(1).trim();
    if (symbol === "" || !SYMBOL.test(symbol)) return { kind: "invalid", reason: "bad-symbol" };
    if ([...symbol].length > MAX_SYMBOL_CHARS) return { kind: "invalid", reason: "too-long" };
    return { kind: "symbol", symbol: symbol.toUpperCase() };
  }
  // Short words are tickers ("BONK" is valid base58 too); long strings must be addresses.
  if ([...q].length <= MAX_SYMBOL_CHARS) {
    return SYMBOL.test(q) ? { kind: "symbol", symbol: q.toUpperCase() } : { kind: "invalid", reason: "bad-symbol" };
  }
  if (q.length > 64 && BASE58_ONLY.test(q)) return { kind: "invalid", reason: "too-long" };
  const format = checkAddressFormat(q);
  if (!format.ok) return { kind: "invalid", reason: format.reason };
  if (isKnownProgram(format.address)) return { kind: "invalid", reason: "program", name: programName(format.address) ?? format.address };
  return { kind: "address", address: format.address };
}

/** What PumpSpace knows about an address from its own tables. */
export interface AddressEvidence {
  /** In the token or token_facts (as a mint) tables, or someone holds a position in it. */
  knownMint: boolean;
  /** Has a score, or stored swaps as a trader. */
  knownWallet: boolean;
}

/**
 * Mint, wallet, or unknown (ask the chain). Mint evidence wins: a mint never trades as a trader,
 * while a wallet that also appears as a "mint" would be corrupt data either way.
 */
export function addressKind(e: AddressEvidence): "mint" | "wallet" | "unknown" {
  if (e.knownMint) return "mint";
  if (e.knownWallet) return "wallet";
  return "unknown";
}

export type StartAction = "track" | "top" | "chart";
const START_ACTIONS: readonly StartAction[] = ["track", "top", "chart"];
const START_PARAM = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * The `start` parameter of a deep link, or null when it would not be a valid one.
 *
 * @example startParam("top", mint) // "top_<mint>"
 */
export function startParam(action: StartAction, address: string): string | null {
  const p = `${action}_${address}`;
  return START_PARAM.test(p) && checkAddressFormat(address).ok ? p : null;
}

/** A deep link that opens the bot's DM and sends `/start <param>`. */
export const deepLink = (botUsername: string, param: string): string => `https://t.me/${botUsername}?start=${param}`;

/**
 * Reads a `/start` payload made by `startParam`; anything else (a plain /start, a forged or
 * mangled parameter) is null.
 *
 * @example parseStartParam("chart_So11111111111111111111111111111111111111112") // { action: "chart", address: … }
 */
export function parseStartParam(payload: string): { action: StartAction; address: string } | null {
  const p = payload.trim();
  if (!START_PARAM.test(p)) return null;
  const at = p.indexOf("_");
  if (at < 0) return null;
  const action = p.slice(0, at) as StartAction;
  if (!START_ACTIONS.includes(action)) return null;
  const format = checkAddressFormat(p.slice(at + 1));
  return format.ok ? { action, address: format.address } : null;
}

/**
 * Inline result ids are at most 64 bytes and must be unique within one answer; the kind prefix
 * lets chosen-result feedback say what sort of result was picked.
 */
export function resultId(kind: "token" | "wallet" | "info" | "tracked" | "smart", key: string): string {
  return `${kind}:${key}`.slice(0, 64);
}
