/**
 * What the notifier adds around a rendered alert at send time, pure: the action buttons (token
 * card, wallet card, track/untrack, mute token, mute rule), the latency line (block time → sent
 * time), the group digest that merges a burst into one message, and which bot token carries a
 * chat.
 *
 * The trap: callback data is limited to 64 bytes. Every action is `<verb>:<value>` with a base58
 * address (≤ 44 chars) or a short rule id, so the longest, `mute-token:<mint>`, is 55 bytes;
 * `packAction` refuses anything longer instead of letting Telegram reject the whole message.
 */
import type { InlineKeyboardButton, InlineKeyboardMarkup } from "grammy/types";
import { shortAddress, type WalletSwapAlert } from "./alerts.js";
import type { Translate } from "./alert-render.js";
import { formatTokenAmount } from "./alert-render.js";
import { escapeHtml, truncate } from "./html.js";

/** Telegram's limit on `callback_data`, in bytes. */
export const CALLBACK_DATA_MAX_BYTES = 64;

export const ALERT_ACTIONS = ["token", "wallet", "track", "untrack", "mute-token", "mute-rule"] as const;
export type AlertActionVerb = (typeof ALERT_ACTIONS)[number];
export interface AlertAction {
  verb: AlertActionVerb;
  value: string;
}

/**
 * `{ verb: "token", value: mint }` → `"token:<mint>"`; throws when the result would not fit
 * Telegram's 64 bytes (a caller bug: values are addresses or short ids).
 *
 * @example packAction({ verb: "mute-token", value: mint }) // "mute-token:<mint>"
 */
export function packAction(action: AlertAction): string {
  const data = `${action.verb}:${action.value}`;
  if (Buffer.byteLength(data) > CALLBACK_DATA_MAX_BYTES) throw new RangeError(`callback data too long: ${data}`);
  return data;
}

/** The action in a button's callback data, or null when it is not one of ours. */
export function unpackAction(data: string): AlertAction | null {
  const colon = data.indexOf(":");
  if (colon <= 0) return null;
  const verb = data.slice(0, colon);
  const value = data.slice(colon + 1);
  if (!(ALERT_ACTIONS as readonly string[]).includes(verb) || value === "" || value.length > 60) return null;
  return { verb: verb as AlertActionVerb, value };
}

export interface ActionOptions {
  /** Whether the chat tracks the alert's wallet (shows "untrack" instead of "track"). */
  tracked: boolean;
  /** The rule that produced the alert, when a rule did (shows "mute this rule"). */
  ruleId?: string | null;
}

/** The rows of action buttons under an alert, after its link buttons. */
export function alertActionRows(alert: Pick<WalletSwapAlert, "tokenMint" | "wallet">, opts: ActionOptions, t: Translate): InlineKeyboardButton[][] {
  const button = (text: string, action: AlertAction): InlineKeyboardButton => ({ text, callback_data: packAction(action) });
  const last: InlineKeyboardButton[] = [
    opts.tracked
      ? button(t("alert-button-untrack"), { verb: "untrack", value: alert.wallet })
      : button(t("alert-button-track"), { verb: "track", value: alert.wallet }),
    button(t("alert-button-mute-token"), { verb: "mute-token", value: alert.tokenMint }),
  ];
  if (opts.ruleId) last.push(button(t("alert-button-mute-rule"), { verb: "mute-rule", value: opts.ruleId }));
  return [
    [
      button(t("alert-button-token-card"), { verb: "token", value: alert.tokenMint }),
      button(t("alert-button-wallet-card"), { verb: "wallet", value: alert.wallet }),
    ],
    last,
  ];
}

/** "12:00:01" in UTC: alerts go to chats in every time zone, so one stated zone. */
function clock(ms: number): string {
  return new Date(ms).toISOString().slice(11, 19);
}

/** "0.84 s", "12 s", "3 min", "5 h", "541 d" (a replay of old history): precise when small, readable when not. */
export function formatLatency(ms: number): string {
  const s = Math.max(0, ms) / 1000;
  if (s < 10) return `${s.toFixed(2)} s`;
  if (s < 120) return `${Math.round(s)} s`;
  if (s < 7200) return `${Math.round(s / 60)} min`;
  if (s < 172_800) return `${Math.round(s / 3600)} h`;
  return `${Math.round(s / 86_400)} d`;
}

/**
 * The latency line every alert carries: when the swap landed on chain, when this message was sent,
 * and the difference. Without a block time (some RPC answers lack it) only the send time.
 */
export function latencyLine(blockTimeSec: number | null, sentAtMs: number, t: Translate): string {
  if (blockTimeSec === null) return t("alert-latency-unknown", { sent: clock(sentAtMs) });
  const blockMs = blockTimeSec * 1000;
  return t("alert-latency", { block: clock(blockMs), sent: clock(sentAtMs), latency: formatLatency(sentAtMs - blockMs) });
}

/** Most alerts merged into one digest; a bigger burst becomes several digests. */
export const DIGEST_MAX_ALERTS = 15;

/**
 * One message for a burst of alerts to a group (groups get 20 messages a minute): a header, one
 * line per alert with its own latency, and token-card buttons for the first few tokens.
 */
export function renderDigest(alerts: readonly WalletSwapAlert[], sentAtMs: number, t: Translate): { text: string; reply_markup: InlineKeyboardMarkup } {
  const lines = [t("alert-digest-header", { count: alerts.length })];
  const tokens = new Map<string, string>();
  for (const a of alerts) {
    const wallet = escapeHtml(a.walletLabel ? truncate(a.walletLabel, 32) : shortAddress(a.wallet));
    const tokenName = a.tokenSymbol ? truncate(a.tokenSymbol, 16) : shortAddress(a.tokenMint);
    if (!tokens.has(a.tokenMint)) tokens.set(a.tokenMint, tokenName);
    const latency = a.blockTime === null ? "?" : formatLatency(sentAtMs - a.blockTime * 1000);
    lines.push(
      t(a.side === "buy" ? "alert-digest-buy" : "alert-digest-sell", {
        wallet,
        token: escapeHtml(tokenName),
        tokenAmount: formatTokenAmount(a.tokenAmount, a.tokenDecimals),
        quoteAmount: formatTokenAmount(a.quoteAmount, a.quoteDecimals),
        quote: escapeHtml(truncate(a.quoteSymbol, 16)),
        latency,
      }),
    );
  }
  lines.push(latencyLine(alerts[0]?.blockTime ?? null, sentAtMs, t));
  const buttons = [...tokens].slice(0, 6).map(([mint, name]) => ({
    text: `🪙 ${name}`,
    callback_data: packAction({ verb: "token", value: mint }),
  }));
  const rows: InlineKeyboardButton[][] = [];
  for (let i = 0; i < buttons.length; i += 3) rows.push(buttons.slice(i, i + 3));
  return { text: lines.join("\n"), reply_markup: { inline_keyboard: rows } };
}

/**
 * Which of `tokens` bot tokens carries `chatId`: a jump consistent hash (Lamping & Veach) of the
 * chat id, so a chat always goes through the same bot, and adding a token moves only about 1/n
 * of the chats instead of reshuffling all of them.
 *
 * @example tokenIndexForChat(-1001234567890n, 3) // the same 0..2 on every call
 */
export function tokenIndexForChat(chatId: bigint | number | string, tokens: number): number {
  if (tokens <= 1) return 0;
  const mask = (1n << 64n) - 1n;
  // Spread the id first: consecutive chat ids would otherwise start from neighbouring keys.
  let key = BigInt.asUintN(64, BigInt(chatId)) ^ 0x9e3779b97f4a7c15n;
  let b = -1n;
  let j = 0n;
  while (j < BigInt(tokens)) {
    b = j;
    key = (key * 2862933555777941757n + 1n) & mask;
    j = BigInt(Math.floor(((Number(b) + 1) * 2 ** 31) / Number((key >> 33n) + 1n)));
  }
  return Number(b);
}
