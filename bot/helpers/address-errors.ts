/**
 * One translated, HTML-safe reply per way an address or command argument can be wrong, shared by
 * /track and /untrack.
 */
import type { AddressError } from "../../core/domain/address.js";
import type { CommandArgsError } from "../../core/domain/commands.js";
import { escapeHtml } from "../../core/domain/html.js";
import type { BotContext } from "../context.js";

/**
 * The characters as a user can see them: invisible ones (zero-width spaces, controls) as U+XXXX.
 *
 * @example describeChars(["0", "\u200b"]) // "0 U+200B"
 */
export function describeChars(chars: readonly string[]): string {
  return chars
    .map((c) =>
      /^[\p{L}\p{N}\p{P}\p{S}]$/u.test(c)
        ? c
        : `U+${(c.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, "0")}`,
    )
    .join(" ");
}

/** The reply to a refused address; `usageKey` answers an empty one. */
export function addressErrorText(ctx: BotContext, error: AddressError, usageKey: string): string {
  switch (error.reason) {
    case "empty":
      return ctx.t(usageKey);
    case "not-base58":
      return ctx.t("address-not-base58", { chars: escapeHtml(describeChars(error.invalid.slice(0, 10))) });
    case "wrong-length":
      return error.bytes === null
        ? ctx.t("address-wrong-length", { chars: error.chars })
        : ctx.t("address-wrong-bytes", { bytes: error.bytes });
    case "program":
      return ctx.t("address-program", { name: escapeHtml(error.name) });
    case "mint":
      return ctx.t("address-mint", { symbol: escapeHtml(error.symbol) });
    case "off-curve":
      return ctx.t("address-off-curve");
  }
}

/** The reply to unusable command arguments; `usageKey` answers a missing address. */
export function argsErrorText(ctx: BotContext, error: CommandArgsError, usageKey: string): string {
  switch (error.error) {
    case "oversized":
      return ctx.t("address-oversized");
    case "missing-address":
      return ctx.t(usageKey);
    case "label-too-long":
      return ctx.t("label-too-long", { length: error.length, max: error.max });
    case "label-control-chars":
      return ctx.t("label-control-chars");
  }
}
