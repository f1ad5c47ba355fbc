/**
 * The token card: what /token and the alert's "Token" button show. A pure view model built from
 * the chain facts (`TokenFacts`) and the live trading stats (`TokenStatsSnapshot`), and a renderer
 * to Telegram HTML in any language through a `Translate` function.
 *
 * Key ideas:
 * - Either half may be missing: facts without trades (a token PumpSpace never saw trade), trades
 *   without facts (the RPC is down). The card says which, instead of showing zeros.
 * - Market cap is price × supply / 10^decimals. PumpSpace does not know what is locked or burnt
 *   in other ways, so circulating supply is taken as the total supply: market cap equals FDV, and
 *   the card says so.
 *
 * Trap: symbol and name are free text anyone writes on chain; they are truncated and escaped
 * before they reach a Fluent message (Fluent does no escaping).
 */
import type { InlineKeyboardMarkup } from "grammy/types";
import { dexName, dexscreenerUrl, formatPrice, type RenderedMessage, type Translate } from "./alert-render.js";
import { shortAddress } from "./alerts.js";
import { escapeHtml, truncate } from "./html.js";
import type { NotAMintReason, TokenFacts } from "./token-facts.js";
import { TOKEN_WINDOWS, type TokenStatsSnapshot, type TokenWindow } from "./token-stats.js";

/** Callback data of the button that opens a token card: `token:<mint>` (≤ 50 bytes of Telegram's 64). */
export const TOKEN_CARD_CALLBACK_PREFIX = "token:";
/** Callback data of the card's own refresh button, which edits the card in place. */
export const TOKEN_CARD_REFRESH_PREFIX = "tokenref:";
/** Callback data prefix of the card's "Top wallets" button: `top:<mint>`. */
export const TOKEN_TOP_CALLBACK_PREFIX = "top:";

const MAX_SYMBOL_CHARS = 16;
const MAX_NAME_CHARS = 40;
const MAX_POOLS = 3;
/** A top-10 share above this gets a warning (pools and curves included, so only a hint). */
const CONCENTRATION_WARNING = 0.5;

/** Solscan page of a token. */
export const solscanTokenUrl = (mint: string): string => `https://solscan.io/token/${mint}`;

export type TokenRisk =
  | { kind: "mintAuthority" }
  | { kind: "freezeAuthority" }
  | { kind: "permanentDelegate" }
  | { kind: "transferHook" }
  | { kind: "transferFee"; bps: number | null }
  | { kind: "nonTransferable" }
  | { kind: "defaultAccountStateFrozen" }
  | { kind: "pausable" }
  | { kind: "metadataMutable" }
  | { kind: "concentrated"; share: number };

export interface TokenCardModel {
  kind: "card";
  mint: string;
  /** Escaped and truncated, or null when unnamed. */
  symbol: string | null;
  name: string | null;
  program: TokenFacts["program"] | null;
  /** False when the chain facts could not be read (RPC down); the rest comes from trades. */
  hasFacts: boolean;
  /** False when PumpSpace has no trades of it (never traded, or its history expired). */
  traded: boolean;
  priceSol: number | null;
  priceUsd: number | null;
  changes: { window: TokenWindow; pct: number | null }[];
  volumeUsd24h: number | null;
  volumeSol24h: number | null;
  volumeUsd1h: number | null;
  buys24h: number | null;
  sells24h: number | null;
  traders24h: number | null;
  /** price × supply; circulating supply is taken as the total (market cap = FDV). */
  marketCapUsd: number | null;
  liquidityUsd: number | null;
  /** Seconds since the first trade PumpSpace saw (a lower bound of the token's age). */
  ageSec: number | null;
  topPools: { pool: string; dex: string; volumeUsd: number }[];
  risks: TokenRisk[];
  /** Both authorities renounced (shown as a reassurance). */
  authoritiesRenounced: boolean;
  top10HolderShare: number | null;
}

export type TokenCardView =
  | TokenCardModel
  /** The address is not a token mint, with why. */
  | { kind: "not-mint"; mint: string; reason: NotAMintReason }
  /** Neither facts (RPC unavailable) nor trades: nothing to show yet. */
  | { kind: "unavailable"; mint: string };

/** The facts lookup as the card sees it: facts, "not a mint" with why, or unavailable. */
export type FactsForCard = { ok: true; facts: TokenFacts } | { ok: false; reason: NotAMintReason } | { ok: false; reason: "unavailable" };

function risksOf(f: TokenFacts): TokenRisk[] {
  const risks: TokenRisk[] = [];
  // Most harmful first: these can take or lock a holder's tokens outright.
  if (f.riskyExtensions.includes("permanentDelegate")) risks.push({ kind: "permanentDelegate" });
  if (f.riskyExtensions.includes("nonTransferable")) risks.push({ kind: "nonTransferable" });
  if (f.riskyExtensions.includes("defaultAccountStateFrozen")) risks.push({ kind: "defaultAccountStateFrozen" });
  if (f.freezeAuthority !== null) risks.push({ kind: "freezeAuthority" });
  if (f.mintAuthority !== null) risks.push({ kind: "mintAuthority" });
  if (f.riskyExtensions.includes("transferHook")) risks.push({ kind: "transferHook" });
  if (f.riskyExtensions.includes("transferFee")) risks.push({ kind: "transferFee", bps: f.transferFeeBps });
  if (f.extensions?.includes("PausableConfig")) risks.push({ kind: "pausable" });
  if (f.top10HolderShare !== null && f.top10HolderShare > CONCENTRATION_WARNING) {
    risks.push({ kind: "concentrated", share: f.top10HolderShare });
  }
  if (f.metadataMutable === true) risks.push({ kind: "metadataMutable" });
  return risks;
}

/**
 * Builds what the card shows from whatever is known.
 *
 * @example buildTokenCard(mint, { ok: true, facts }, stats, Date.now() / 1000)
 */
export function buildTokenCard(mint: string, facts: FactsForCard, stats: TokenStatsSnapshot | null, nowSec: number): TokenCardView {
  if (!facts.ok && facts.reason !== "unavailable") return { kind: "not-mint", mint, reason: facts.reason };
  const f = facts.ok ? facts.facts : null;
  if (f === null && stats === null) return { kind: "unavailable", mint };

  const w24 = stats?.windows["24h"];
  const supply = f ? Number(f.supply) / 10 ** f.decimals : null;
  const marketCapUsd = supply !== null && stats?.priceUsd != null ? supply * stats.priceUsd : null;
  return {
    kind: "card",
    mint,
    symbol: f?.symbol ? escapeHtml(truncate(f.symbol, MAX_SYMBOL_CHARS)) : null,
    name: f?.name ? escapeHtml(truncate(f.name, MAX_NAME_CHARS)) : null,
    program: f?.program ?? null,
    hasFacts: f !== null,
    traded: stats !== null,
    priceSol: stats?.priceSol ?? null,
    priceUsd: stats?.priceUsd ?? null,
    changes: TOKEN_WINDOWS.map((window) => ({ window, pct: stats?.windows[window].changePct ?? null })),
    volumeUsd24h: w24?.volumeUsd ?? null,
    volumeSol24h: w24?.volumeSol ?? null,
    volumeUsd1h: stats?.windows["1h"].volumeUsd ?? null,
    buys24h: w24?.buys ?? null,
    sells24h: w24?.sells ?? null,
    traders24h: w24?.traders ?? null,
    marketCapUsd,
    liquidityUsd: stats?.liquidityUsd ?? null,
    ageSec: stats?.firstTradeAt != null ? Math.max(0, nowSec - stats.firstTradeAt) : null,
    topPools: (stats?.topPools ?? []).slice(0, MAX_POOLS).map((p) => ({ ...p })),
    risks: f ? risksOf(f) : [],
    authoritiesRenounced: f !== null && f.mintAuthority === null && f.freezeAuthority === null,
    top10HolderShare: f?.top10HolderShare ?? null,
  };
}

const en = (options: Intl.NumberFormatOptions) => new Intl.NumberFormat("en-US", options);
const ONE_DP = en({ maximumFractionDigits: 1 });
const TWO_DP = en({ maximumFractionDigits: 2 });
const INT = en({ maximumFractionDigits: 0 });
const UNITS = [
  [1e12, "T"],
  [1e9, "B"],
  [1e6, "M"],
  [1e3, "K"],
] as const;

/**
 * A compact amount: one decimal with K/M/B/T above a thousand, two decimals below.
 *
 * @example formatCompact(1_234_567) // "1.2M"
 * @example formatCompact(999.994)   // "999.99"
 */
export function formatCompact(v: number): string {
  if (!Number.isFinite(v)) return "?";
  if (v < 0) return `-${formatCompact(-v)}`;
  for (const [unit, suffix] of UNITS) {
    // 999,960 would round to "1,000K" (and 999.996 to "1,000"): move up a unit before that happens.
    if (v >= (unit === 1e3 ? 999.995 : unit * 0.99995)) return `${ONE_DP.format(v / unit)}${suffix}`;
  }
  return TWO_DP.format(v);
}

/** "$1.2M"; prices use `formatPrice` instead (tiny values need their digits). */
export const formatUsd = (v: number): string => (v < 0 ? `-$${formatCompact(-v)}` : `$${formatCompact(v)}`);

/**
 * A signed percentage: "+12.3%", "−4.5%", "+1,234%".
 *
 * @example formatPct(-4.54) // "−4.5%"
 */
export function formatPct(v: number): string {
  if (!Number.isFinite(v)) return "?";
  const abs = Math.abs(v);
  const body = abs >= 100 ? INT.format(abs) : ONE_DP.format(abs);
  if (body === "0") return "0%";
  return `${v > 0 ? "+" : "−"}${body}%`;
}

/** "45m", "5h 12m", "3d 4h", "400d": two units at most. */
export function formatAge(sec: number): string {
  const m = Math.floor(sec / 60);
  if (m < 60) return `${Math.max(m, 0)}m`;
  const h = Math.floor(m / 60);
  if (h < 24) return m % 60 === 0 ? `${h}h` : `${h}h ${m % 60}m`;
  const d = Math.floor(h / 24);
  if (d >= 30 || h % 24 === 0) return `${d}d`;
  return `${d}d ${h % 24}h`;
}

function riskLine(r: TokenRisk, t: Translate): string {
  switch (r.kind) {
    case "transferFee":
      return r.bps !== null && r.bps > 0
        ? t("token-risk-transfer-fee", { pct: TWO_DP.format(r.bps / 100) })
        : t("token-risk-transfer-fee-changeable");
    case "concentrated":
      return t("token-risk-concentrated", { pct: ONE_DP.format(r.share * 100) });
    case "mintAuthority":
      return t("token-risk-mint-authority");
    case "freezeAuthority":
      return t("token-risk-freeze-authority");
    case "permanentDelegate":
      return t("token-risk-permanent-delegate");
    case "transferHook":
      return t("token-risk-transfer-hook");
    case "nonTransferable":
      return t("token-risk-non-transferable");
    case "defaultAccountStateFrozen":
      return t("token-risk-default-frozen");
    case "pausable":
      return t("token-risk-pausable");
    case "metadataMutable":
      return t("token-risk-metadata-mutable");
  }
}

const NOT_MINT_KEYS: Record<NotAMintReason, string> = {
  "not-found": "token-not-found",
  wallet: "token-is-wallet",
  program: "token-is-program",
  "token-account": "token-is-token-account",
  other: "token-not-a-mint",
};

function keyboard(mint: string, t: Translate): InlineKeyboardMarkup {
  return {
    inline_keyboard: [
      [
        // The chart picture (bot/features/chart.ts); DEX Screener's live chart beside it.
        { text: t("token-button-chart"), callback_data: `chart:${mint}` },
        { text: t("token-button-dexscreener"), url: dexscreenerUrl(mint) },
        { text: t("token-button-solscan"), url: solscanTokenUrl(mint) },
        { text: t("token-button-refresh"), callback_data: `${TOKEN_CARD_REFRESH_PREFIX}${mint}` },
      ],
      // The token's most profitable wallets (bot/features/top.ts), backfilling a new token.
      [{ text: t("token-button-top"), callback_data: `${TOKEN_TOP_CALLBACK_PREFIX}${mint}` }],
    ],
  };
}

/**
 * Renders a card view as Telegram HTML with its buttons (none for "not a mint").
 *
 * @example
 * const { text, reply_markup } = renderTokenCard(buildTokenCard(mint, facts, stats, now), translator(i18n, "zh"));
 */
export function renderTokenCard(view: TokenCardView, t: Translate): RenderedMessage {
  const mint = escapeHtml(view.mint);
  if (view.kind === "not-mint") {
    return { text: t(NOT_MINT_KEYS[view.reason], { mint }), reply_markup: { inline_keyboard: [] } };
  }
  if (view.kind === "unavailable") {
    return { text: t("token-unavailable", { mint }), reply_markup: keyboard(view.mint, t) };
  }
  const c = view;
  const lines: string[] = [];
  const title = c.symbol ?? escapeHtml(shortAddress(c.mint));
  lines.push(c.name ? t("token-card-title-named", { symbol: title, name: c.name }) : t("token-card-title", { symbol: title }));
  lines.push(`<code>${mint}</code>`);
  if (c.program === "token-2022") lines.push(t("token-card-token-2022"));

  if (!c.traded) {
    lines.push("", t("token-card-never-traded"));
  } else {
    const price = [
      c.priceUsd !== null ? `$${formatPrice(c.priceUsd)}` : null,
      c.priceSol !== null ? `${formatPrice(c.priceSol)} SOL` : null,
    ].filter((p): p is string => p !== null);
    lines.push("", t("token-card-price", { price: price.length > 0 ? price.join(" · ") : t("token-card-none") }));
    lines.push(t("token-card-changes", { changes: c.changes.map((ch) => `${ch.window} ${ch.pct === null ? "—" : formatPct(ch.pct)}`).join(" · ") }));
    lines.push(
      t("token-card-volume", {
        volume24h: c.volumeUsd24h !== null && c.volumeUsd24h > 0 ? formatUsd(c.volumeUsd24h) : `${formatCompact(c.volumeSol24h ?? 0)} SOL`,
        volume1h: formatUsd(c.volumeUsd1h ?? 0),
      }),
    );
    lines.push(
      t("token-card-trades", {
        buys: INT.format(c.buys24h ?? 0),
        sells: INT.format(c.sells24h ?? 0),
        traders: INT.format(c.traders24h ?? 0),
      }),
    );
  }
  if (c.marketCapUsd !== null) lines.push(t("token-card-mcap", { mcap: formatUsd(c.marketCapUsd) }));
  if (c.liquidityUsd !== null) lines.push(t("token-card-liquidity", { liquidity: formatUsd(c.liquidityUsd) }));
  if (c.ageSec !== null) lines.push(t("token-card-age", { age: formatAge(c.ageSec) }));
  if (c.topPools.length > 0) {
    lines.push(t("token-card-pools"));
    for (const p of c.topPools) {
      lines.push(
        t("token-card-pool", { dex: escapeHtml(dexName(p.dex)), pool: escapeHtml(shortAddress(p.pool)), volume: formatUsd(p.volumeUsd) }),
      );
    }
  }

  lines.push("");
  if (!c.hasFacts) {
    lines.push(t("token-card-facts-unavailable"));
  } else {
    if (c.risks.length > 0) {
      lines.push(t("token-card-risks"));
      for (const r of c.risks) lines.push(riskLine(r, t));
    }
    if (c.authoritiesRenounced) lines.push(t("token-card-renounced"));
    if (c.top10HolderShare !== null && !c.risks.some((r) => r.kind === "concentrated")) {
      lines.push(t("token-card-top10", { pct: ONE_DP.format(c.top10HolderShare * 100) }));
    }
  }
  return { text: lines.join("\n"), reply_markup: keyboard(c.mint, t) };
}
