/**
 * One line of a candidate-address library: plain text (an address per line) or CSV (address in
 * the first column, an optional label in the second, double quotes allowed). Blank lines,
 * `#` comments and a header line are skipped; anything else that is not a wallet address is a
 * bad line with a reason, never a reason to stop the import.
 */
import { checkWalletAddress, type AddressError } from "./address.js";

export type LibraryLine =
  | { kind: "skip" }
  | { kind: "ok"; address: string; label: string | null }
  | { kind: "bad"; reason: string };

const MAX_LABEL = 64;

/** Splits one CSV line; a quoted field may hold commas and doubled quotes. */
function csvFields(line: string): string[] {
  const out: string[] = [];
  let cur = "";
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cur += c;
    } else if (c === '"') quoted = true;
    else if (c === "," || c === ";" || c === "\t") {
      out.push(cur);
      cur = "";
    } else cur += c;
  }
  out.push(cur);
  return out.map((f) => f.trim());
}

function reasonOf(e: AddressError): string {
  switch (e.reason) {
    case "empty":
      return "no address";
    case "not-base58":
      return `not base58 (${e.invalid.slice(0, 5).map((c) => JSON.stringify(c)).join(" ")})`;
    case "wrong-length":
      return e.bytes === null ? `${e.chars} characters, an address has 32 to 44` : `decodes to ${e.bytes} bytes, an address has 32`;
    case "program":
      return `the ${e.name} program, not a wallet`;
    case "mint":
      return `the ${e.symbol} mint, not a wallet`;
    case "off-curve":
      return "a program-owned account (off the curve), not a wallet";
  }
}

export function parseLibraryLine(raw: string, lineNo: number): LibraryLine {
  const line = raw.replace(/^\uFEFF/, "").trim();
  if (line === "" || line.startsWith("#")) return { kind: "skip" };
  const [first = "", second = ""] = csvFields(line);
  if (lineNo === 1 && /^(address|wallet|addr)$/i.test(first)) return { kind: "skip" };
  const check = checkWalletAddress(first);
  if (!check.ok) return { kind: "bad", reason: reasonOf(check) };
  const label = second.replace(/[\p{Cc}\p{Cf}]/gu, "").slice(0, MAX_LABEL) || null;
  return { kind: "ok", address: check.address, label };
}
