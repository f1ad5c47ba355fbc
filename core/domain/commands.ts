/**
 * Parsing of command arguments (the text after `/track`, `/untrack`), pure and typed, so the bot
 * only maps each error to a translated reply. Address validity is `address.ts`'s job; here we
 * only split the words and vet the label.
 */

/** Anything longer is refused before we look at it: no address plus label needs more. */
export const MAX_COMMAND_ARGS_CHARS = 200;
/** Labels are shown in every alert; longer ones would crowd out the trade itself. */
export const MAX_LABEL_CHARS = 32;

// C0/C1 controls and the bidi overrides/isolates that can make a label display as something
// else. Zero-width joiners stay allowed: emoji sequences need them.
const CONTROL_CHARS = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/u;

export type CommandArgsError =
  | { ok: false; error: "oversized"; max: number }
  | { ok: false; error: "missing-address" }
  | { ok: false; error: "label-too-long"; length: number; max: number }
  | { ok: false; error: "label-control-chars" };

export type TrackArgs = { ok: true; address: string; label: string | null } | CommandArgsError;
export type UntrackArgs = { ok: true; address: string } | Extract<CommandArgsError, { error: "oversized" | "missing-address" }>;

/**
 * Splits `/track` arguments into the address (first word) and an optional label (the rest,
 * trimmed, inner whitespace collapsed to single spaces, so a label may contain spaces).
 *
 * @example parseTrackArgs(" 7xKX…sAsU   Big  whale ") // { ok: true, address: "7xKX…sAsU", label: "Big whale" }
 */
export function parseTrackArgs(text: string): TrackArgs {
  if (text.length > MAX_COMMAND_ARGS_CHARS) return { ok: false, error: "oversized", max: MAX_COMMAND_ARGS_CHARS };
  const [address, ...rest] = text.trim().split(/\s+/);
  if (address === undefined || address === "") return { ok: false, error: "missing-address" };
  const label = rest.join(" ");
  if (label === "") return { ok: true, address, label: null };
  if (CONTROL_CHARS.test(label)) return { ok: false, error: "label-control-chars" };
  const length = [...label].length;
  if (length > MAX_LABEL_CHARS) return { ok: false, error: "label-too-long", length, max: MAX_LABEL_CHARS };
  return { ok: true, address, label };
}

/**
 * Takes the address from `/untrack` arguments; words after it are ignored.
 *
 * @example parseUntrackArgs("") // { ok: false, error: "missing-address" }
 */
export function parseUntrackArgs(text: string): UntrackArgs {
  if (text.length > MAX_COMMAND_ARGS_CHARS) return { ok: false, error: "oversized", max: MAX_COMMAND_ARGS_CHARS };
  const [address] = text.trim().split(/\s+/);
  if (address === undefined || address === "") return { ok: false, error: "missing-address" };
  return { ok: true, address };
}

/**
 * Takes the mint from `/token` arguments (the first word; the rest is ignored), with the same
 * size limit as the other commands.
 *
 * @example parseTokenArgs(" EPjF…Dt1v extra") // { ok: true, address: "EPjF…Dt1v" }
 */
export const parseTokenArgs: (text: string) => UntrackArgs = parseUntrackArgs;
