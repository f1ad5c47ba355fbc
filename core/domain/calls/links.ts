/**
 * What a link in a channel post points at: a token mint, a pool (pair) that still has to be
 * turned into a mint, or a wallet (never a call). Pure.
 *
 * Key idea: each site puts the address in a known place (a path segment, a query parameter, a
 * bot's start parameter); a host we do not know only counts when its path says "token"/"coin".
 * The trap: DEX Screener, Photon, DEXTools, GeckoTerminal and Axiom address a POOL, not a mint.
 * Those come back as `pair` so a resolver (pool → mint, from stored swaps) can decide; offline
 * nobody can, see `extractCalls`.
 */
import { VANITY_SUFFIXES, isMintCandidate, mintsInToken } from "./addresses.js";

export type LinkTarget =
  | { kind: "mint"; address: string; site: string }
  /** A pool address, or on DEX Screener a pool or a mint (the site accepts both). */
  | { kind: "pair"; address: string; site: string; mayBeMint: boolean }
  | { kind: "wallet"; address: string; site: string };

const TRAILING_PUNCT = /[)\]}>.,;:!?'"»”’…*_~`|]+$/;

/** Parses `raw` (with or without a scheme); null when it is not a URL. */
export function parseUrl(raw: string): URL | null {
  const s = raw.trim().replace(TRAILING_PUNCT, "");
  if (s === "") return null;
  try {
    if (/^[a-z][a-z0-9+.-]*:/i.test(s) && !/^[\w.-]+\.[a-z]{2,}:\d/i.test(s)) return new URL(s);
    return new URL(`https://${s}`);
  } catch {
    return null;
  }
}

function hostOf(u: URL): string {
  return u.hostname.toLowerCase().replace(/^(www|m|app|neo|legacy|v2|beta)\./, "");
}

function segments(u: URL): string[] {
  return u.pathname
    .split("/")
    .filter((s) => s !== "")
    .map((s) => {
      try {
        return decodeURIComponent(s);
      } catch {
        return s;
      }
    });
}

function mintsOf(values: Iterable<string>): string[] {
  const out: string[] = [];
  for (const v of values) out.push(...mintsInToken(v));
  return out;
}

const mint = (site: string) => (address: string): LinkTarget => ({ kind: "mint", address, site });
const wallet = (site: string) => (address: string): LinkTarget => ({ kind: "wallet", address, site });
const pair = (site: string, mayBeMint: boolean) => (address: string): LinkTarget =>
  VANITY_SUFFIXES.some((v) => address.endsWith(v))
    ? { kind: "mint", address, site } // a launchpad's vanity suffix only ever ends a mint
    : { kind: "pair", address, site, mayBeMint };

const SOLANA_CHAINS = new Set(["solana", "sol"]);
const TOKEN_WORDS = new Set(["token", "tokens", "coin", "coins", "mint", "meme", "t"]);
const WALLET_WORDS = new Set(["account", "address", "profile", "wallet", "user", "maker", "trader", "portfolio"]);

/** Addresses that follow a path segment in `words` (e.g. /token/<mint>). */
function after(segs: readonly string[], words: ReadonlySet<string>): string[] {
  const out: string[] = [];
  for (let i = 1; i < segs.length; i++) if (words.has(segs[i - 1]!.toLowerCase())) out.push(...mintsInToken(segs[i]!));
  return out;
}

/** The chain a multi-chain site's URL names, from a path segment or a `chain` parameter. */
function chainIsSolana(u: URL, segs: readonly string[]): boolean {
  const param = u.searchParams.get("chain") ?? u.searchParams.get("chainId");
  if (param !== null) return SOLANA_CHAINS.has(param.toLowerCase()) || param === "1399811149";
  const known = ["ethereum", "eth", "bsc", "base", "arbitrum", "polygon", "avalanche", "tron", "ton", "sui", "blast"];
  return !segs.some((s) => known.includes(s.toLowerCase()));
}

/**
 * Where `raw` points. An empty array means "nothing we count" (a tweet, a wallet-free page).
 *
 * @example linkTargets("https://pump.fun/coin/9xZ…pump") // [{ kind: "mint", address: "9xZ…pump", site: "pump.fun" }]
 */
export function linkTargets(raw: string): LinkTarget[] {
  const u = parseUrl(raw);
  if (u === null) return [];
  const host = hostOf(u);
  const segs = segments(u);
  const params = [...u.searchParams.values()];
  const first = segs[0]?.toLowerCase();

  if (host === "pump.fun" || host.endsWith(".pump.fun")) {
    if (first === "profile") return mintsOf(segs.slice(1)).map(wallet("pump.fun"));
    return mintsOf([...segs, ...params]).map(mint("pump.fun"));
  }
  if (host === "letsbonk.fun" || host === "bonk.fun" || host === "believe.app" || host === "moonshot.money" || host === "bags.fm") {
    return mintsOf([...segs, ...params]).map(mint(host));
  }
  if (host === "dexscreener.com") {
    if (first !== "solana") return [];
    return mintsOf(segs.slice(1)).map(pair("dexscreener", true));
  }
  if (host === "birdeye.so") {
    if (!chainIsSolana(u, segs)) return [];
    const w = after(segs, WALLET_WORDS);
    if (w.length > 0) return w.map(wallet("birdeye"));
    return after(segs, TOKEN_WORDS).map(mint("birdeye"));
  }
  if (host === "gmgn.ai") {
    if (first !== "sol" && first !== "solana") return [];
    const w = after(segs, WALLET_WORDS);
    if (w.length > 0) return w.map(wallet("gmgn"));
    // gmgn.ai/sol/token/<referral>_<mint>: the split on '_' leaves the mint as its own run.
    return after(segs, TOKEN_WORDS).map(mint("gmgn"));
  }
  if (host.endsWith("tinyastro.io") || host === "photon-sol.tinyastro.io") {
    // /en/lp/<pool>; the referral form /en/r/@handle/<address> may name either.
    return mintsOf(segs).map(pair("photon", first !== "lp" && segs[1]?.toLowerCase() !== "lp"));
  }
  if (host === "jup.ag" || host.endsWith(".jup.ag")) {
    // /swap/SOL-<mint>, /swap/<mint>-USDC, /swap?sell=..&buy=.., /tokens/<mint>; quotes drop out.
    return mintsOf([...segs.flatMap((s) => s.split("-")), ...params]).map(mint("jupiter"));
  }
  if (host === "raydium.io") {
    return mintsOf([
      u.searchParams.get("outputMint") ?? u.searchParams.get("outputCurrency") ?? "",
      u.searchParams.get("inputMint") ?? u.searchParams.get("inputCurrency") ?? "",
      ...after(segs, TOKEN_WORDS),
    ]).map(mint("raydium"));
  }
  if (host === "solscan.io" || host === "explorer.solana.com" || host === "solana.fm" || host === "solanabeach.io" || host === "orb.helius.dev") {
    if (first === "token" || first === "tokens") return mintsOf(segs.slice(1, 2)).map(mint(host));
    if (first === "account" || first === "address") return mintsOf(segs.slice(1, 2)).map(wallet(host));
    return [];
  }
  if (host === "t.me" || host === "telegram.me" || host === "telegram.dog" || u.protocol === "tg:") {
    // Trading bots carry the mint in the start parameter: ?start=<ref>_<mint>, ?start=<mint>-<ref>…
    const start = u.searchParams.get("start") ?? u.searchParams.get("startapp") ?? u.searchParams.get("startattach");
    return start === null ? [] : mintsInToken(start, true).map(mint("telegram-bot"));
  }
  if (host === "dextools.io") {
    if (!chainIsSolana(u, segs)) return [];
    return mintsOf(segs).map(pair("dextools", false));
  }
  if (host === "geckoterminal.com") {
    if (first !== "solana") return [];
    return after(segs, new Set(["pools"])).map(pair("geckoterminal", false));
  }
  if (host === "axiom.trade") {
    const tokenAddr = u.searchParams.get("address");
    if (tokenAddr !== null) return mintsInToken(tokenAddr).map(mint("axiom"));
    // /t/<mint> is a token page; /meme/<pool> a pool's.
    if (first === "t") return mintsOf(segs.slice(1, 2)).map(mint("axiom"));
    return mintsOf(segs).map(pair("axiom", true));
  }
  if (host === "bullx.io" || host === "photon.trade" || host === "trojan.com" || host === "mevx.io") {
    if (!chainIsSolana(u, segs)) return [];
    return mintsOf([...params, ...segs]).map(mint(host));
  }
  if (host === "x.com" || host === "twitter.com") {
    // A search for the contract address is a call of it; a profile or tweet is not.
    if (first === "search") return mintsOf([u.searchParams.get("q") ?? ""]).map(mint("x"));
    return [];
  }
  // Unknown site: only an address right after /token/, /coin/… counts, or a launchpad mint
  // (its vanity suffix says what it is).
  if (!chainIsSolana(u, segs)) return [];
  const w = after(segs, WALLET_WORDS);
  if (w.length > 0) return w.map(wallet(host));
  const vanity = mintsOf([...segs, ...params]).filter((a) => VANITY_SUFFIXES.some((v) => a.endsWith(v)));
  return [...new Set([...after(segs, TOKEN_WORDS), ...vanity])].map(mint(host));
}

/** URL-like strings in free text, with or without a scheme, in order of appearance. */
export function findUrls(text: string): { url: string; index: number }[] {
  const out: { url: string; index: number }[] = [];
  // ASCII only, and no brackets or pipes: a URL pasted into Markdown ("[Chart](https://…)|…")
  // or followed straight by an emoji or CJK text must end where the address does.
  const re = /\b(?:(?:https?|tg):\/\/[!#-&*-;=?-Z\\^_a-z~]+|(?:[a-z0-9-]+\.)+(?:fun|com|so|ai|io|ag|me|xyz|trade|app|fm|dev|dog|money)\/[!#-&*-;=?-Z\\^_a-z~]*)/gi;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) out.push({ url: m[0], index: m.index });
  return out;
}

export { isMintCandidate };
