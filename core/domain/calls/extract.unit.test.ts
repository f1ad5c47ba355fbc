import { readFileSync } from "node:fs";
import bs58 from "bs58";
import { describe, expect, it } from "vitest";
import { findAddresses, isMintCandidate, isPublicKey, mintInRun } from "./addresses.js";
import { extractCalls, extractMints, findTickers, normalizeText } from "./extract.js";
import { linkTargets } from "./links.js";

interface CorpusPost {
  id: string;
  text: string;
  urls: string[];
  expected: string[];
  note: string;
}

const CORPUS: CorpusPost[] = readFileSync(new URL("../../../test/fixtures/calls/corpus.jsonl", import.meta.url), "utf8")
  .split("\n")
  .filter((l) => l.trim() !== "")
  .map((l) => JSON.parse(l) as CorpusPost);

const PUMP = "4ujRzsCrE4KK4CRPuyzALCKtkJSQ8ztPkhkSo3jpump";
const PUMP2 = "56uhFfNkFL2ZD3Y6KWZeT25Zf8suxMwospCwyMppump";
const BONK = "DezXAZ8z7PnrnRJjz3wXBoRgixCa6xjnB7YaB1pPB263";
const PAIR = "8sLbNZoA1cfnvMJLPfp98ZLAnFSYCFApfJKMbiXNLwxj";

describe("call extraction corpus", () => {
  it("has at least 60 posts in several languages, with edits, lookalikes and multi-token posts", () => {
    expect(CORPUS.length).toBeGreaterThanOrEqual(60);
    const langs = new Set(CORPUS.map((p) => p.id.split("-")[0]));
    for (const l of ["en", "zh", "ru", "es", "vi", "tr"]) expect(langs).toContain(l);
    expect(CORPUS.filter((p) => p.expected.length >= 2).length).toBeGreaterThanOrEqual(8);
    expect(CORPUS.filter((p) => p.expected.length === 0).length).toBeGreaterThanOrEqual(8);
    expect(CORPUS.filter((p) => /edit/i.test(p.note)).length).toBeGreaterThanOrEqual(3);
  });

  it.each(CORPUS.map((p) => [p.id, p.note, p] as const))("%s (%s)", (_id, _note, post) => {
    expect(extractMints({ text: post.text, urls: post.urls })).toEqual(post.expected);
  });
});

describe("addresses", () => {
  it("accepts exactly 32-byte keys and refuses other lengths", () => {
    expect(isPublicKey(PUMP)).toBe(true);
    expect(isPublicKey(bs58.encode(new Uint8Array(31).fill(7)))).toBe(false);
    expect(isPublicKey(bs58.encode(new Uint8Array(64).fill(9)))).toBe(false);
    expect(isPublicKey("0OIl" + PUMP.slice(4))).toBe(false);
  });

  it("refuses programs, quote mints and words that decode to 32 bytes", () => {
    expect(isMintCandidate("So11111111111111111111111111111111111111112")).toBe(false);
    expect(isMintCandidate("TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA")).toBe(false);
    expect(isMintCandidate("pAMMBay6oceH9fJKBRHGP5D4bD4sWpmSwMn52FMfXEA")).toBe(false);
    // 44 upper-case letters: decodes to 32 bytes but is nobody's key.
    const shout = "SHHHHHHHHHHHHHHHHHHHHHHHHHHHHHHHHHHHHHHHHHHH";
    expect(isMintCandidate(shout)).toBe(false);
    expect(isMintCandidate(BONK)).toBe(true);
  });

  it("cuts a vanity mint off a glued word but never cuts a signature", () => {
    expect(mintInRun(`Buy${PUMP}`)).toBe(PUMP);
    const sig = bs58.encode(new Uint8Array(64).map((_, i) => (i * 37 + 11) % 256));
    expect(mintInRun(sig)).toBeNull();
  });

  it("reports positions and skips EVM addresses", () => {
    const text = `0x${"ab".repeat(20)} then ${PUMP}`;
    expect(findAddresses(text)).toEqual([{ address: PUMP, index: text.indexOf(PUMP) }]);
  });
});

describe("links", () => {
  it.each([
    [`https://pump.fun/coin/${PUMP}`, "mint"],
    [`https://pump.fun/${PUMP}`, "mint"],
    [`https://dexscreener.com/solana/${PAIR}`, "pair"],
    [`https://dexscreener.com/solana/${PUMP}`, "mint"],
    [`https://birdeye.so/token/${BONK}?chain=solana`, "mint"],
    [`https://gmgn.ai/sol/token/abc123_${BONK}`, "mint"],
    [`https://photon-sol.tinyastro.io/en/lp/${PAIR}`, "pair"],
    [`https://jup.ag/swap/SOL-${BONK}`, "mint"],
    [`https://jup.ag/tokens/${BONK}`, "mint"],
    [`https://raydium.io/swap/?inputMint=sol&outputMint=${BONK}`, "mint"],
    [`https://solscan.io/token/${BONK}`, "mint"],
    [`https://solscan.io/account/${BONK}`, "wallet"],
    [`https://t.me/solana_trojanbot?start=r-someone-${BONK}`, "mint"],
    [`pump.fun/coin/${PUMP}`, "mint"],
  ])("%s is a %s", (url, kind) => {
    const targets = linkTargets(url);
    expect(targets).toHaveLength(1);
    expect(targets[0]!.kind).toBe(kind);
  });

  it("ignores other chains, tweets and junk", () => {
    expect(linkTargets("https://dexscreener.com/ethereum/0xabc")).toEqual([]);
    expect(linkTargets(`https://birdeye.so/token/${BONK}?chain=base`)).toEqual([]);
    expect(linkTargets("https://x.com/someone/status/1850000000000000000")).toEqual([]);
    expect(linkTargets("not a url at all ::")).toEqual([]);
  });
});

describe("extractCalls", () => {
  it("puts text first, then entity and button links, deduplicated", () => {
    const r = extractCalls({ text: `CA ${PUMP2}`, urls: [`https://pump.fun/coin/${PUMP}`, `https://gmgn.ai/sol/token/${PUMP2}`] });
    expect(r.calls).toEqual([
      { mint: PUMP2, source: "address", via: null },
      { mint: PUMP, source: "link", via: "pump.fun" },
    ]);
  });

  it("resolves a pool through the injected resolver, and keeps it out when unresolved and a mint is named", () => {
    const post = { text: `CA ${PUMP2}`, urls: [`https://dexscreener.com/solana/${PAIR}`] };
    expect(extractCalls(post).unresolvedPairs).toEqual([PAIR]);
    const resolved = extractCalls({ text: "chart", urls: [`https://photon-sol.tinyastro.io/en/lp/${PAIR}`] }, {
      poolMint: (p) => (p === PAIR ? BONK : null),
    });
    expect(resolved.calls).toEqual([{ mint: BONK, source: "pair", via: "photon" }]);
  });

  it("resolves $TICKERs only when exactly one mint traded under the symbol", () => {
    const lookup = (s: string): string[] => (s === "BONK" ? [BONK] : s === "PEPE" ? [PUMP, PUMP2] : []);
    const r = extractCalls({ text: "$bonk and $PEPE and $WHAT, not $5 or $1.2M" }, { tickerMints: lookup });
    expect(r.calls).toEqual([{ mint: BONK, source: "ticker", via: "BONK" }]);
    expect(r.unresolvedTickers).toEqual(["PEPE", "WHAT"]);
    expect(extractMints({ text: "$BONK" })).toEqual([]);
  });

  it("finds tickers in order, once each", () => {
    expect(findTickers("🚀 $WIF > $wif, $POPCAT; price $0.5, US$5")).toEqual(["WIF", "POPCAT"]);
  });

  it("removes invisible characters and folds full-width letters", () => {
    expect(normalizeText("Ａ\u200bB\uFEFFC")).toBe("ABC");
    expect(extractMints({ text: `ＣＡ：${PUMP.slice(0, 20)}\u2060${PUMP.slice(20)}` })).toEqual([PUMP]);
  });

  it("never returns anything that is not a 32-byte mint candidate, whatever the input", () => {
    let seed = 7;
    const rand = (): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const alphabet = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz :/.?=_-$\n🚀中";
    for (let i = 0; i < 300; i++) {
      let text = "";
      const n = Math.floor(rand() * 200);
      for (let j = 0; j < n; j++) text += alphabet[Math.floor(rand() * alphabet.length)];
      for (const m of extractMints({ text, urls: [text] })) expect(isMintCandidate(m)).toBe(true);
    }
  });
});
