/**
 * Finding Solana mint addresses in free text. Pure.
 *
 * Key idea: split the text on every character base58 has no room for, then keep only runs that
 * decode to exactly 32 bytes. That one check rejects nearly every lookalike: a transaction
 * signature (87–88 chars, 64 bytes), an EVM address (the `0x` and any `0` split it), an address
 * shortened with an ellipsis, ordinary long words (a 34-letter word decodes to ~25 bytes).
 * The trap: a 43–44 character run of letters can still decode to 32 bytes (hashtags, shouting),
 * so a run must also mix character classes, and runs longer than 44 are only cut down when they
 * end in a launchpad's vanity suffix (never on a signature, which would yield false mints).
 */
import bs58 from "bs58";
import { KNOWN_PROGRAMS } from "../programs.js";
import { QUOTE_MINTS } from "../swap.js";

export const MINT_MIN_CHARS = 32;
export const MINT_MAX_CHARS = 44;

/** Characters that are not base58; a run of base58 characters between them is a candidate. */
const NON_BASE58 = /[^1-9A-HJ-NP-Za-km-z]+/;

/** Launchpads grind mint keypairs so the address ends in their name. */
export const VANITY_SUFFIXES: readonly string[] = ["pump", "bonk", "moon", "BAGS", "bags", "boop", "jups", "time"];

/**
 * Addresses that are never a call: programs (core/domain/programs.ts), the quote mints, sysvars
 * and accounts launchpads share across every token (fee and authority accounts that bots paste
 * into templates).
 */
const NEVER_CALLS: ReadonlySet<string> = new Set<string>([
  ...KNOWN_PROGRAMS.keys(),
  ...QUOTE_MINTS,
  "SysvarRent111111111111111111111111111111111",
  "SysvarC1ock11111111111111111111111111111111",
  "Sysvar1nstructions1111111111111111111111111",
  "SysvarRecentB1ockHashes11111111111111111111",
  "SysvarS1otHashes111111111111111111111111111",
  "SysvarStakeHistory1111111111111111111111111",
  "SysvarEpochSchedu1e111111111111111111111111",
  "Sysvar1111111111111111111111111111111111111",
  "NativeLoader1111111111111111111111111111111",
  // Pump.fun global state, fee recipient, mint authority and event authority.
  "4wTV1YmiEkRvAtNtsSGPtUrqRYQMe5SKy2uB4Jjaxnjf",
  "CebN5WGQ4jvEPvsVU4EoHEpgzq1VV7AbicfhtW4xC9iM",
  "TSLvdd1pWpHVjahSpsvCXUbgwsL3JAcvokwaKt1eokM",
  "Ce6TQqeHC9p8KetsN6JsjHK7UTZk7nasjjnr7XxXp9F1",
  // Raydium AMM v4 authority.
  "5Q544fKrFoe6tsEbD7S8EmxGTJYAKtTVhAW5Q5pge4j1",
  // Stablecoins beside USDC/USDT (USD1, PYUSD): quoted, never called.
  "USD1ttGY1N17NEEHLmELoaybftRBUSErhqYiQzvEmuB",
  "2b1kV6DkPAnxd5ixfnxCpjxmKwqjjaYmCZfHsFu24GXo",
  // Wrapped SOL's sibling mint (native mint 2022).
  "9pan9bMn5HatX4EJdBwg9VgCa7Uz5HL8N1m5D3NdXejP",
]);

/** True when `address` is a program, a quote mint or a shared system account. */
export function isNeverCall(address: string): boolean {
  return NEVER_CALLS.has(address);
}

/** Exactly 32 bytes once decoded (the length check first: decoding is quadratic). */
export function isPublicKey(s: string): boolean {
  if (s.length < MINT_MIN_CHARS || s.length > MINT_MAX_CHARS) return false;
  if (NON_BASE58.test(s)) return false;
  try {
    return bs58.decode(s).length === 32;
  } catch {
    return false;
  }
}

/**
 * A real key is 32 random bytes: its base58 text mixes upper case with lower case or digits and
 * has no long runs of one character. Words and hashtags that happen to decode to 32 bytes fail.
 * Vanity suffixes are left out of the check (they are lower case by design).
 */
function looksRandom(s: string): boolean {
  if (/(.)\1{5}/.test(s)) return false;
  const upper = /[A-Z]/.test(s);
  const lower = /[a-z]/.test(s);
  const digit = /[0-9]/.test(s);
  if (!upper) return false;
  return lower || digit;
}

/** A mint candidate: a 32-byte key that is not a program, a quote or a system account. */
export function isMintCandidate(s: string): boolean {
  return isPublicKey(s) && looksRandom(s) && !NEVER_CALLS.has(s);
}

function endsWithVanity(s: string): boolean {
  return VANITY_SUFFIXES.some((v) => s.endsWith(v));
}

/**
 * The mint inside one base58 run, or null. A run longer than 44 characters is a signature or
 * a key glued to a word ("CA7xKX…pump"); only the vanity case is cut, from the end.
 */
export function mintInRun(run: string): string | null {
  if (run.length < MINT_MIN_CHARS) return null;
  if (run.length <= MINT_MAX_CHARS) return isMintCandidate(run) ? run : null;
  if (!endsWithVanity(run)) return null;
  for (let len = MINT_MAX_CHARS; len >= MINT_MAX_CHARS - 2; len--) {
    const tail = run.slice(run.length - len);
    if (isMintCandidate(tail)) return tail;
  }
  return null;
}

/** One address found in text, with where it starts (for context such as "Dev wallet:"). */
export interface FoundAddress {
  address: string;
  index: number;
}

/** Every mint candidate in `text`, in order, with its position (duplicates kept). */
export function findAddresses(text: string): FoundAddress[] {
  const out: FoundAddress[] = [];
  const re = /[1-9A-HJ-NP-Za-km-z]{32,}/g;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const run = m[0];
    // "0x" + hex: the 'x' starts the run right after a '0'.
    if (run.startsWith("x") && text[m.index - 1] === "0") continue;
    const mint = mintInRun(run);
    if (mint !== null) out.push({ address: mint, index: m.index + run.length - mint.length });
  }
  return out;
}

/**
 * Every mint candidate among the base58 runs of a string with separators (`ref_x_<mint>`).
 * `glued`: the string is a bot's start parameter, where a referral code may be glued to the
 * mint with no separator; a run longer than a key is then cut from the end, then the start.
 */
export function mintsInToken(s: string, glued = false): string[] {
  const out: string[] = [];
  for (const part of s.split(NON_BASE58)) {
    let mint = mintInRun(part);
    if (mint === null && glued && part.length > MINT_MAX_CHARS && part.length <= 3 * MINT_MAX_CHARS) mint = gluedMint(part);
    if (mint !== null) out.push(mint);
  }
  return out;
}

function gluedMint(run: string): string | null {
  for (let len = MINT_MAX_CHARS; len >= MINT_MAX_CHARS - 1; len--) {
    const tail = run.slice(run.length - len);
    if (isMintCandidate(tail)) return tail;
    const head = run.slice(0, len);
    if (isMintCandidate(head)) return head;
  }
  return null;
}
