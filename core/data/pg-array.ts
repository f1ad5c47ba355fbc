/**
 * Postgres array literals built by hand for `unnest($n::type[])` batch statements. pg would build
 * them too, but escapes every element in JavaScript one call at a time; for the swap store that was
 * ~2/3 of its JavaScript cost. Every element is quoted (so a string "NULL" stays a string), only
 * `"` and `\` need escaping inside quotes, and null becomes NULL.
 */
const NEEDS_ESCAPE = /["\\]/;
const ESCAPED = /["\\]/g;

export function pgArray(values: readonly (string | number | null | undefined)[]): string {
  let out = "{";
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (i > 0) out += ",";
    if (v === null || v === undefined) out += "NULL";
    // NaN and ±Infinity are valid float8 input when quoted.
    else if (typeof v === "number") out += Number.isFinite(v) ? String(v) : `"${v}"`;
    else out += NEEDS_ESCAPE.test(v) ? `"${v.replace(ESCAPED, "\\$&")}"` : `"${v}"`;
  }
  return out + "}";
}
