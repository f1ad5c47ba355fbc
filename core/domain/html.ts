/**
 * Telegram HTML helpers. Every reply uses parse_mode HTML, so any text we did not write ourselves
 * (labels, token symbols, echoed input) goes through `escapeHtml` first; Telegram rejects the whole
 * message on one stray `<`, and an unescaped label could inject links or formatting.
 */

/** Telegram's limit on a message text, counted after entities are parsed. */
export const TELEGRAM_TEXT_LIMIT = 4096;

const HTML_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" };

/**
 * Escapes `&`, `<`, `>` and `"` (the quote matters inside `href="…"`), the only entities
 * Telegram's HTML parser needs.
 *
 * @example escapeHtml('<b>&"x"</b>') // "&lt;b&gt;&amp;&quot;x&quot;&lt;/b&gt;"
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (c) => HTML_ESCAPES[c] ?? c);
}

/** Cuts `text` to at most `max` code points (not UTF-16 units, so emoji are never split). */
export function truncate(text: string, max: number): string {
  const points = [...text];
  return points.length <= max ? text : `${points.slice(0, Math.max(0, max - 1)).join("")}…`;
}

/**
 * Groups lines into messages of at most `limit` characters, never splitting a line, so HTML tags
 * (which never span lines in our texts) stay balanced in every part. A single line longer than
 * the limit gets a part of its own; callers keep lines short.
 *
 * @example chunkLines(["a", "b"], 3) // ["a\nb"]
 */
export function chunkLines(lines: readonly string[], limit = TELEGRAM_TEXT_LIMIT): string[] {
  const parts: string[] = [];
  let current = "";
  for (const line of lines) {
    const next = current === "" ? line : `${current}\n${line}`;
    if (next.length > limit && current !== "") {
      parts.push(current);
      current = line;
    } else {
      current = next;
    }
  }
  if (current !== "") parts.push(current);
  return parts;
}
