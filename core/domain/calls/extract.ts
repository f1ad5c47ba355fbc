/**
 * Call extraction: which tokens a channel post calls. Pure (no I/O); lookups that need the
 * database (a $TICKER's mint, a pool's mint) are passed in as plain functions.
 *
 * Key idea: links are read first (each site says where its address is, and whether it is a
 * mint, a pool or a wallet), then the text with those links blanked out is scanned for bare
 * addresses, so a wallet inside a Solscan account link never reads as a bare mint.
 * Traps: zero-width characters are used to break addresses apart for copy-protection or by
 * accident (removed before scanning); "Dev wallet: <addr>" is a wallet, told by the words just
 * before it; a pool address is only a mint when a resolver says so — offline (the CLI) an
 * unresolved DEX Screener address is reported only when the post names no mint otherwise
 * (DEX Screener accepts mints too, and a post with a CA already names the token).
 */
import { findAddresses, isMintCandidate } from "./addresses.js";
import { findUrls, linkTargets, type LinkTarget } from "./links.js";

/** One post as the extractor sees it: the text, and links from entities and buttons. */
export interface CallMessage {
  text: string;
  /** URLs from text-link entities and inline buttons (URLs typed in the text are found anyway). */
  urls?: readonly string[];
}

export type CallSource = "address" | "link" | "ticker" | "pair";

export interface ExtractedCall {
  mint: string;
  source: CallSource;
  /** The site of a link ("pump.fun", "dexscreener"…), or the ticker for `ticker`. */
  via: string | null;
}

export interface ExtractOptions {
  /** Mints recently traded under `symbol` (upper case, no `$`); a call needs exactly one. */
  tickerMints?: (symbol: string) => readonly string[];
  /** The base mint of a pool, or null when unknown (from stored swaps). */
  poolMint?: (pool: string) => string | null;
}

export interface Extraction {
  calls: ExtractedCall[];
  /** $TICKERs that did not resolve to exactly one mint (for logs and tests). */
  unresolvedTickers: string[];
  /** Pool addresses no resolver could turn into a mint and that were not reported. */
  unresolvedPairs: string[];
}

/** Zero-width and invisible formatting characters that split an address when pasted. */
const INVISIBLE = /[\u00AD\u034F\u061C\u115F\u1160\u17B4\u17B5\u180E\u200B-\u200F\u202A-\u202E\u2060-\u206F\uFEFF\u{E0000}-\u{E007F}]/gu;

/** Normalizes what people paste: full-width letters (NFKC) and invisible characters. */
export function normalizeText(text: string): string {
  return text.normalize("NFKC").replace(INVISIBLE, "");
}

/** A word on its own, also in scripts JavaScript's `\b` does not know (Cyrillic, Vietnamese…). */
const word = (alternatives: string): RegExp => new RegExp(`(?<![\\p{L}\\p{N}])(?:${alternatives})(?![\\p{L}\\p{N}])`, "iu");

const WALLET_WORDS = new RegExp(
  [
    word("wallets?|dev|devs|deployer|creator|owner|insider|holders?|whale|sniper|funded|funder|funding|signer|sender|receiver|authority|treasury|marketing|kol|trader|buyer|seller").source,
    "钱包|錢包|开发者|地址.{0,4}钱包|кошел|разраб|владел",
    word("billetera|cartera|monedero|ví|cüzdan|cüzdanı|geliştirici|carteira|portefeuille|dompet").source,
    "지갑|ウォレット",
  ].join("|"),
  "iu",
);
const MINT_WORDS = new RegExp(
  [word("ca|c/a|contract|mint|token|address of the token").source, "合约|合約|代币|контракт", word("са|ка|токен|contrato|hợp đồng|kontrat|sözleşme|token adresi").source, "컨트랙트|コントラクト"].join("|"),
  "iu",
);
const PAIR_WORDS = word("pair|lp|pool|amm|bonding curve|curve|market|交易对|池子|пара|пул");

/**
 * The words between the previous line break, bullet or address and `index`. In a table-like
 * post ("CA | <mint> | Dev | <wallet>") the label is the cell before the address's own.
 */
function labelBefore(text: string, index: number, from: number): string {
  const start = Math.max(from, index - 60);
  const slice = text.slice(start, index);
  const cut = Math.max(slice.lastIndexOf("\n"), slice.lastIndexOf("•"));
  const label = cut >= 0 ? slice.slice(cut + 1) : slice;
  const pipe = label.lastIndexOf("|");
  if (pipe < 0) return label;
  const own = label.slice(pipe + 1);
  return /\p{L}/u.test(own) ? own : label.slice(label.lastIndexOf("|", pipe - 1) + 1);
}

/**
 * A label introduces the address right after it when it ends in a colon, a dash, an arrow or
 * "is" ("Dev wallet: …", "Holder #1 is …"); "Whale bought 10 SOL of <mint>" is not a label.
 */
const LABEL_END = /(?:[:：=\-–—>→➡👉|]|\bis|\bes|\bэто|是)[\s*_`~|"'“”()[\]️\u{1F300}-\u{1FAFF}]*$/iu;

type AddressRole = "mint" | "wallet" | "pair";

function roleFromLabel(label: string): AddressRole {
  if (MINT_WORDS.test(label)) return "mint";
  if (!LABEL_END.test(label.replace(/<\/?[a-z][^>]*>/gi, ""))) return "mint";
  if (WALLET_WORDS.test(label)) return "wallet";
  if (PAIR_WORDS.test(label)) return "pair";
  return "mint";
}

/** `$TICKER` mentions in order (upper case, without `$`, deduplicated). Not `$5`, `$1.2M`. */
export function findTickers(text: string): string[] {
  return [...tickersAt(normalizeText(text)).values()];
}

/** First position of each distinct ticker. */
function tickersAt(text: string): Map<number, string> {
  const out = new Map<number, string>();
  const seen = new Set<string>();
  const re = /(?<![\p{L}\p{N}_$])\$([A-Za-z][A-Za-z0-9]{1,11})(?![\p{L}\p{N}_])/gu;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const t = m[1]!.toUpperCase();
    if (seen.has(t)) continue;
    seen.add(t);
    out.set(m.index, t);
  }
  return out;
}

/**
 * The tokens a post calls, deduplicated in order of appearance (text first, then links from
 * entities and buttons).
 *
 * @example
 * extractCalls({ text: "🚀 CA: `9xZ…pump`", urls: ["https://dexscreener.com/solana/9xZ…pump"] })
 * // { calls: [{ mint: "9xZ…pump", source: "address", via: null }], … }
 */
export function extractCalls(message: CallMessage, options: ExtractOptions = {}): Extraction {
  const text = normalizeText(message.text ?? "");
  const calls: ExtractedCall[] = [];
  const seen = new Set<string>();
  const wallets = new Set<string>();
  const pending: { address: string; mayBeMint: boolean; order: number; via: string }[] = [];
  const unresolvedTickers: string[] = [];

  // Everything found is ordered by its position; links from entities and buttons come after.
  const found: { order: number; target: LinkTarget | { kind: "text"; address: string; role: AddressRole } }[] = [];

  let blanked = text;
  for (const { url, index } of findUrls(text)) {
    for (const t of linkTargets(url)) found.push({ order: index, target: t });
    blanked = blanked.slice(0, index) + " ".repeat(url.length) + blanked.slice(index + url.length);
  }
  let prevEnd = 0;
  for (const { address, index } of findAddresses(blanked)) {
    const role = roleFromLabel(labelBefore(blanked, index, prevEnd));
    found.push({ order: index, target: { kind: "text", address, role } });
    prevEnd = index + address.length;
  }
  let order = text.length;
  for (const raw of message.urls ?? []) {
    order++;
    for (const t of linkTargets(normalizeText(raw))) found.push({ order, target: t });
  }
  found.sort((a, b) => a.order - b.order);

  for (const f of found) if (f.target.kind === "wallet") wallets.add(f.target.address);

  const add = (mint: string, source: CallSource, via: string | null): void => {
    if (seen.has(mint) || !isMintCandidate(mint)) return;
    seen.add(mint);
    calls.push({ mint, source, via });
  };

  // Tickers are placed where they first appear; resolve them in the same ordered pass.
  const tickerAt = options.tickerMints ? tickersAt(text) : new Map<number, string>();
  const items: { order: number; run: () => void }[] = found.map((f) => ({
    order: f.order,
    run: () => {
      const t = f.target;
      if (t.kind === "wallet") return;
      if (t.kind === "mint") return add(t.address, "link", t.site);
      if (t.kind === "text") {
        if (wallets.has(t.address) || t.role === "wallet") return;
        if (t.role === "pair") {
          const resolved = options.poolMint?.(t.address) ?? null;
          if (resolved !== null) add(resolved, "pair", "text");
          return;
        }
        return add(t.address, "address", null);
      }
      const resolved = options.poolMint?.(t.address) ?? null;
      if (resolved !== null) return add(resolved, "pair", t.site);
      pending.push({ address: t.address, mayBeMint: t.mayBeMint, order: f.order, via: t.site });
    },
  }));
  for (const [index, symbol] of tickerAt) {
    items.push({
      order: index,
      run: () => {
        const mints = [...new Set(options.tickerMints!(symbol))].filter(isMintCandidate);
        if (mints.length === 1) add(mints[0]!, "ticker", symbol);
        else unresolvedTickers.push(symbol);
      },
    });
  }
  items.sort((a, b) => a.order - b.order);
  for (const item of items) item.run();

  const unresolvedPairs: string[] = [];
  const named = calls.length;
  for (const p of pending) {
    if (seen.has(p.address)) continue;
    // A DEX Screener address in a post that names no mint otherwise is taken as the mint (the
    // site accepts both); a post that names its mint already has the token this pool trades.
    if (p.mayBeMint && named === 0 && !wallets.has(p.address)) add(p.address, "pair", p.via);
    else if (!unresolvedPairs.includes(p.address)) unresolvedPairs.push(p.address);
  }
  return { calls, unresolvedTickers, unresolvedPairs };
}

/** Just the mints of `extractCalls`, in order: what the `calls` CLI prints. */
export function extractMints(message: CallMessage, options: ExtractOptions = {}): string[] {
  return extractCalls(message, options).calls.map((c) => c.mint);
}
