/**
 * Renders a wallet-swap alert (the view model from `alerts.ts`) as Telegram HTML plus an inline
 * keyboard, in whatever language the `t` function speaks. Pure: the notifier passes
 * `(key, vars) => i18n.t(locale, key, vars)`, tests pass a real I18n the same way.
 *
 * The trap: the label is user text and the symbol comes from on-chain metadata anyone can write,
 * so both are truncated and escaped before they reach the Fluent message (Fluent does no escaping,
 * and the message itself holds our own tags). Everything else is an address, a number or a name
 * from our own table.
 */
import type { InlineKeyboardMarkup } from "grammy/types";
import { PATTERN_ALERT_KINDS, shortAddress, type PatternAlert, type WalletSwapAlert } from "./alerts.js";
import { escapeHtml, truncate } from "./html.js";
import { toUiAmount } from "./swap.js";

/** A translate function bound to one locale. */
export type Translate = (key: string, vars?: Record<string, string | number>) => string;

export interface RenderedMessage {
  text: string;
  reply_markup: InlineKeyboardMarkup;
}

/** Symbols are free text on chain; a long one is a scam tell, not information. */
const MAX_SYMBOL_CHARS = 16;
const MAX_LABEL_CHARS = 32;

const DEX_NAMES: Record<string, string> = {
  "raydium-amm-v4": "Raydium AMM v4",
  "raydium-cpmm": "Raydium CPMM",
  "raydium-clmm": "Raydium CLMM",
  "raydium-launchlab": "Raydium LaunchLab",
  pumpfun: "Pump.fun",
  pumpswap: "PumpSwap",
  "meteora-dlmm": "Meteora DLMM",
  "meteora-damm-v1": "Meteora DAMM v1",
  "meteora-damm-v2": "Meteora DAMM v2",
  "meteora-dbc": "Meteora DBC",
  "orca-whirlpool": "Orca Whirlpool",
  jupiter: "Jupiter",
  "okx-router": "OKX DEX",
  "raydium-route": "Raydium (routed)",
  dflow: "DFlow",
};

/** Solscan page of a transaction. */
export const solscanTxUrl = (signature: string): string => `https://solscan.io/tx/${signature}`;
/** Solscan page of a wallet (or any account). */
export const solscanAccountUrl = (address: string): string => `https://solscan.io/account/${address}`;
/** DEX Screener chart of a token. */
export const dexscreenerUrl = (mint: string): string => `https://dexscreener.com/solana/${mint}`;

/**
 * The display name of a DEX id from `Dex`; an id we do not know is shown as given (escaped by the
 * caller, since it may come from a newer producer).
 *
 * @example dexName("pumpswap") // "PumpSwap"
 */
export function dexName(dex: string): string {
  return DEX_NAMES[dex] ?? dex;
}

const en = (options: Intl.NumberFormatOptions) => new Intl.NumberFormat("en-US", options);
const THOUSANDS_1DP = en({ maximumFractionDigits: 1 });
const THOUSANDS_2DP = en({ maximumFractionDigits: 2 });
const SIG4 = en({ maximumSignificantDigits: 4 });
const SIG3 = en({ maximumSignificantDigits: 3 });
const COMPACT_UNITS = [
  [1e12, "T"],
  [1e9, "B"],
  [1e6, "M"],
] as const;

/** "1.23M": two decimals at most, trailing zeros dropped. */
function compact(v: number): string {
  for (const [unit, suffix] of COMPACT_UNITS) {
    if (v >= unit * 0.999995) return `${THOUSANDS_2DP.format(v / unit)}${suffix}`;
  }
  return THOUSANDS_1DP.format(v);
}

/** Formats a display number with the precision a trader expects at its size. */
export function formatDisplayNumber(v: number): string {
  if (!Number.isFinite(v)) return "?";
  if (v === 0) return "0";
  if (v < 0) return `-${formatDisplayNumber(-v)}`;
  // 999,999.96 rounds to "1,000,000.0" at one decimal: switch to compact before that happens.
  if (v >= 999_999.95) return compact(v);
  if (v >= 1000) return THOUSANDS_1DP.format(v);
  if (v >= 1) return SIG4.format(v);
  return SIG3.format(v);
}

/**
 * A raw token amount (integer string or bigint) with its decimals, for people: compact above a
 * million, thousands separators above a thousand, three significant digits below one.
 *
 * @example formatTokenAmount("1234567000000", 6) // "1.23M"
 * @example formatTokenAmount(12345600n, 3)        // "12,345.6"
 * @example formatTokenAmount("123", 6)            // "0.000123"
 */
export function formatTokenAmount(raw: string | bigint, decimals: number): string {
  return formatDisplayNumber(toUiAmount(typeof raw === "bigint" ? raw : BigInt(raw), decimals));
}

const SUBSCRIPT_DIGITS = "₀₁₂₃₄₅₆₇₈₉";
const subscript = (n: number): string => [...String(n)].map((d) => SUBSCRIPT_DIGITS[Number(d)] ?? d).join("");

/**
 * A price (SOL or USD per token). Tiny memecoin prices use the DEX Screener notation, where the
 * subscript counts the zeros after the decimal point, so 0.0000000285 reads as "0.0₇285".
 *
 * @example formatPrice(0.0000000285) // "0.0₇285"
 * @example formatPrice(0.00123)      // "0.00123"
 * @example formatPrice(1234.567)     // "1,234.57"
 */
export function formatPrice(n: number): string {
  if (!Number.isFinite(n)) return "?";
  if (n === 0) return "0";
  if (n < 0) return `-${formatPrice(-n)}`;
  if (n >= 1000) return THOUSANDS_2DP.format(n);
  if (n >= 1) return SIG4.format(n);
  // Zeros between the decimal point and the first significant digit.
  const zeros = -Math.floor(Math.log10(n)) - 1;
  if (zeros < 4) return SIG4.format(n);
  const digits = (n * 10 ** (zeros + 1)).toFixed(3);
  // Rounding can carry into a new digit (9.9996 -> "10.000"): one zero fewer then.
  if (digits.startsWith("10")) return formatPrice(Number(`1e-${zeros}`));
  const significant = digits.replace(".", "").replace(/0+$/, "");
  return `0.0${subscript(zeros)}${significant}`;
}

/**
 * The alert message: who (label or short address, linked to Solscan), buy or sell, how much of
 * which token for how much SOL, the price, the DEX, the mint, and links to the transaction,
 * the wallet and the chart (in the text and as buttons).
 *
 * @example
 * const { text, reply_markup } = renderWalletSwapAlert(alert, (k, v) => i18n.t("zh", k, v));
 * await api.sendMessage(chatId, text, { parse_mode: "HTML", reply_markup, link_preview_options: { is_disabled: true } });
 */
export function renderWalletSwapAlert(alert: WalletSwapAlert, t: Translate): RenderedMessage {
  const walletName = alert.walletLabel ? truncate(alert.walletLabel, MAX_LABEL_CHARS) : shortAddress(alert.wallet);
  const tokenName = alert.tokenSymbol ? truncate(alert.tokenSymbol, MAX_SYMBOL_CHARS) : shortAddress(alert.tokenMint);
  const quoteName = truncate(alert.quoteSymbol, MAX_SYMBOL_CHARS);
  const links = {
    tx: solscanTxUrl(alert.signature),
    wallet: solscanAccountUrl(alert.wallet),
    chart: dexscreenerUrl(alert.tokenMint),
  };

  const lines: string[] = [];
  if (alert.via) {
    lines.push(alert.via.via === "tier" && alert.via.tier ? t("alert-via-tier", { tier: escapeHtml(alert.via.tier) }) : t("alert-via-token"));
  }
  lines.push(
    t(alert.side === "buy" ? "alert-swap-buy" : "alert-swap-sell", {
      wallet: `<a href="${escapeHtml(links.wallet)}">${escapeHtml(walletName)}</a>`,
      token: `<a href="${escapeHtml(links.chart)}">${escapeHtml(tokenName)}</a>`,
      tokenAmount: formatTokenAmount(alert.tokenAmount, alert.tokenDecimals),
      quoteAmount: formatTokenAmount(alert.quoteAmount, alert.quoteDecimals),
      quote: escapeHtml(quoteName),
    }),
  );
  const price = [
    alert.priceSol !== null ? `${formatPrice(alert.priceSol)} SOL` : null,
    alert.priceUsd !== null ? `$${formatPrice(alert.priceUsd)}` : null,
  ].filter((p): p is string => p !== null);
  if (price.length > 0) lines.push(t("alert-price", { price: price.join(" · ") }));
  const dex = alert.dex === "unknown" ? t("alert-dex-unknown") : escapeHtml(dexName(alert.dex));
  lines.push(t("alert-dex", { dex }));
  lines.push(t("alert-mint", { mint: escapeHtml(alert.tokenMint) }));
  lines.push(
    t("alert-links", {
      tx: escapeHtml(links.tx),
      wallet: escapeHtml(links.wallet),
      chart: escapeHtml(links.chart),
    }),
  );

  return {
    text: lines.join("\n"),
    reply_markup: {
      inline_keyboard: [
        [
          { text: t("alert-button-tx"), url: links.tx },
          { text: t("alert-button-wallet"), url: links.wallet },
          { text: t("alert-button-chart"), url: links.chart },
        ],
      ],
    },
  };
}

const PATTERN_TITLES: Record<PatternAlert["kind"], string> = {
  "cluster-buy": "alert-cluster-buy",
  accumulation: "alert-accumulation",
  "first-buy": "alert-first-buy",
  "cluster-exit": "alert-cluster-exit",
};

/** "14:03:27" UTC: evidence times, short and unambiguous next to the latency line. */
const clockUtc = (sec: number): string => new Date(sec * 1000).toISOString().slice(11, 19);

/**
 * A pattern alert: what fired on which token, each wallet's part (buy or sell, amount, SOL size,
 * time) and how long after the block the message went out. `nowSec` is the send time.
 *
 * @example renderPatternAlert(alert, translator(i18n, "en"), Date.now() / 1000)
 */
export function renderPatternAlert(alert: PatternAlert, t: Translate, nowSec: number): RenderedMessage {
  const tokenName = alert.tokenSymbol ? truncate(alert.tokenSymbol, MAX_SYMBOL_CHARS) : shortAddress(alert.tokenMint);
  const chart = dexscreenerUrl(alert.tokenMint);
  const token = `<a href="${escapeHtml(chart)}">${escapeHtml(tokenName)}</a>`;
  const first = alert.evidence[0];
  const lines = [
    t(PATTERN_TITLES[alert.kind], {
      token,
      count: alert.count,
      window: alert.windowSec ?? 0,
      size: alert.clusterSize ?? alert.count,
      wallet: first ? `<a href="${escapeHtml(solscanAccountUrl(first.wallet))}">${escapeHtml(shortAddress(first.wallet))}</a>` : "",
    }),
  ];
  if (alert.clusterAtSec !== null) lines.push(t("alert-cluster-since", { minutes: Math.max(0, Math.round((alert.timeSec - alert.clusterAtSec) / 60)) }));
  for (const e of alert.evidence) {
    lines.push(
      t(e.side === "buy" ? "alert-evidence-buy" : "alert-evidence-sell", {
        wallet: `<a href="${escapeHtml(solscanAccountUrl(e.wallet))}">${escapeHtml(shortAddress(e.wallet))}</a>`,
        amount: formatTokenAmount(e.tokenAmount, e.tokenDecimals),
        sol: e.sizeSol === null ? "?" : formatDisplayNumber(e.sizeSol),
        time: clockUtc(e.timeSec),
        tx: escapeHtml(solscanTxUrl(e.signature)),
      }),
    );
  }
  if (alert.count > alert.evidence.length) lines.push(t("alert-evidence-more", { n: alert.count - alert.evidence.length }));
  const price = [
    alert.priceSol !== null ? `${formatPrice(alert.priceSol)} SOL` : null,
    alert.priceUsd !== null ? `$${formatPrice(alert.priceUsd)}` : null,
  ].filter((p): p is string => p !== null);
  if (price.length > 0) lines.push(t("alert-price", { price: price.join(" · ") }));
  lines.push(t("alert-mint", { mint: escapeHtml(alert.tokenMint) }));
  lines.push(t("alert-pattern-latency", { seconds: Math.max(0, Math.round(nowSec - alert.timeSec)) }));
  return {
    text: lines.join("\n"),
    reply_markup: {
      inline_keyboard: [
        [
          { text: t("alert-button-tx"), url: solscanTxUrl(alert.signature) },
          { text: t("alert-button-chart"), url: chart },
        ],
      ],
    },
  };
}

/** Any stored alert payload, by its kind. */
export function renderAlert(payload: WalletSwapAlert | PatternAlert, t: Translate, nowSec: number): RenderedMessage {
  return (PATTERN_ALERT_KINDS as readonly string[]).includes(payload.kind)
    ? renderPatternAlert(payload as PatternAlert, t, nowSec)
    : renderWalletSwapAlert(payload as WalletSwapAlert, t);
}
