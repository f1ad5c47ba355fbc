/**
 * Reads SPL-token / Token-2022 / System instructions in both shapes the model can hold:
 * raw (json / base64 encodings: accounts + data) and pre-parsed (jsonParsed: `parsed.info`).
 * Swap decoders find their amounts through these, so both shapes must give identical results.
 */
import { SYSTEM_PROGRAM, TOKEN_PROGRAMS } from "../../programs.js";
import type { Instruction } from "../../transaction.js";
import { readU64 } from "./bytes.js";

export interface TokenTransfer {
  source: string;
  destination: string;
  authority: string | null;
  amount: bigint;
  /** Only known for TransferChecked variants. */
  mint: string | null;
  decimals: number | null;
}

type Obj = Record<string, unknown>;

function info(ix: Instruction): { type: string; info: Obj } | null {
  const p = ix.parsed;
  if (typeof p !== "object" || p === null) return null;
  const type = (p as Obj)["type"];
  const inf = (p as Obj)["info"];
  if (typeof type !== "string" || typeof inf !== "object" || inf === null) return null;
  return { type, info: inf as Obj };
}

function str(v: unknown): string | null {
  return typeof v === "string" ? v : null;
}

function big(v: unknown): bigint | null {
  if (typeof v === "string" && /^\d+$/.test(v)) return BigInt(v);
  if (typeof v === "number" && Number.isInteger(v) && v >= 0) return BigInt(v);
  return null;
}

/** Transfer / TransferChecked / TransferCheckedWithFee of either token program, else null. */
export function readTokenTransfer(ix: Instruction): TokenTransfer | null {
  if (!TOKEN_PROGRAMS.has(ix.programId)) return null;
  if (ix.parsed !== undefined) {
    const p = info(ix);
    if (!p) return null;
    const i = p.info;
    const source = str(i["source"]);
    const destination = str(i["destination"]);
    if (!source || !destination) return null;
    const authority = str(i["authority"]) ?? str(i["multisigAuthority"]);
    if (p.type === "transfer") {
      const amount = big(i["amount"]);
      return amount === null ? null : { source, destination, authority, amount, mint: null, decimals: null };
    }
    if (p.type === "transferChecked" || p.type === "transferCheckedWithFee") {
      const ta = i["tokenAmount"];
      const amount = typeof ta === "object" && ta !== null ? big((ta as Obj)["amount"]) : null;
      const dec = typeof ta === "object" && ta !== null ? (ta as Obj)["decimals"] : null;
      if (amount === null) return null;
      return {
        source, destination, authority, amount,
        mint: str(i["mint"]),
        decimals: typeof dec === "number" ? dec : null,
      };
    }
    return null;
  }
  const d = ix.data;
  const a = ix.accounts;
  if (d.length === 0) return null;
  switch (d[0]) {
    case 3: { // Transfer { amount }: [source, destination, authority]
      const amount = readU64(d, 1);
      if (amount === undefined || a.length < 3) return null;
      return { source: a[0]!, destination: a[1]!, authority: a[2]!, amount, mint: null, decimals: null };
    }
    case 12: { // TransferChecked { amount, decimals }: [source, mint, destination, authority]
      const amount = readU64(d, 1);
      if (amount === undefined || d.length < 10 || a.length < 4) return null;
      return { source: a[0]!, destination: a[2]!, authority: a[3]!, amount, mint: a[1]!, decimals: d[9]! };
    }
    case 26: { // Token-2022 TransferFeeExtension; sub-instruction 1 = TransferCheckedWithFee
      if (d[1] !== 1 || a.length < 4) return null;
      const amount = readU64(d, 2);
      if (amount === undefined || d.length < 11) return null;
      return { source: a[0]!, destination: a[2]!, authority: a[3]!, amount, mint: a[1]!, decimals: d[10]! };
    }
    default:
      return null;
  }
}

export interface SolTransfer {
  source: string;
  destination: string;
  lamports: bigint;
}

/** System Program Transfer, else null. */
export function readSystemTransfer(ix: Instruction): SolTransfer | null {
  if (ix.programId !== SYSTEM_PROGRAM) return null;
  if (ix.parsed !== undefined) {
    const p = info(ix);
    if (!p || p.type !== "transfer") return null;
    const source = str(p.info["source"]);
    const destination = str(p.info["destination"]);
    const lamports = big(p.info["lamports"]);
    return source && destination && lamports !== null ? { source, destination, lamports } : null;
  }
  const d = ix.data;
  // u32 instruction index 2 = Transfer { lamports: u64 }
  if (d.length < 12 || d[0] !== 2 || d[1] !== 0 || d[2] !== 0 || d[3] !== 0 || ix.accounts.length < 2) return null;
  return { source: ix.accounts[0]!, destination: ix.accounts[1]!, lamports: readU64(d, 4)! };
}

/**
 * The token account a MintTo/MintToChecked credits, or a Burn/BurnChecked debits, else null.
 * The balance-delta fallback uses these to tell minted LP/launch tokens from swapped ones.
 */
export function readMintOrBurn(ix: Instruction): { kind: "mint" | "burn"; account: string } | null {
  if (!TOKEN_PROGRAMS.has(ix.programId)) return null;
  if (ix.parsed !== undefined) {
    const p = info(ix);
    if (!p) return null;
    const account = str(p.info["account"]);
    if (!account) return null;
    if (p.type === "mintTo" || p.type === "mintToChecked") return { kind: "mint", account };
    if (p.type === "burn" || p.type === "burnChecked") return { kind: "burn", account };
    return null;
  }
  const d = ix.data;
  if (d.length === 0) return null;
  // MintTo(7)/MintToChecked(14): [mint, account, authority]; Burn(8)/BurnChecked(15): [account, mint, authority]
  if ((d[0] === 7 || d[0] === 14) && ix.accounts.length >= 2) return { kind: "mint", account: ix.accounts[1]! };
  if ((d[0] === 8 || d[0] === 15) && ix.accounts.length >= 1) return { kind: "burn", account: ix.accounts[0]! };
  return null;
}

/** System CreateAccount / CreateAccountWithSeed: who funded which new account with how much. */
export function readSystemCreate(ix: Instruction): SolTransfer | null {
  if (ix.programId !== SYSTEM_PROGRAM) return null;
  if (ix.parsed !== undefined) {
    const p = info(ix);
    if (!p || (p.type !== "createAccount" && p.type !== "createAccountWithSeed")) return null;
    const source = str(p.info["source"]);
    const destination = str(p.info["newAccount"]);
    const lamports = big(p.info["lamports"]);
    return source && destination && lamports !== null ? { source, destination, lamports } : null;
  }
  const d = ix.data;
  const a = ix.accounts;
  if (d.length < 4 || d[1] !== 0 || d[2] !== 0 || d[3] !== 0 || a.length < 2) return null;
  if (d[0] === 0) {
    // CreateAccount { lamports: u64, space: u64, owner: Pubkey }: [from, new]
    const lamports = readU64(d, 4);
    return lamports === undefined ? null : { source: a[0]!, destination: a[1]!, lamports };
  }
  if (d[0] === 3) {
    // CreateAccountWithSeed { base: Pubkey, seed: String (u64 len), lamports, space, owner }: [from, new, base?]
    const seedLen = readU64(d, 36);
    if (seedLen === undefined || seedLen > 32n) return null;
    const lamports = readU64(d, 44 + Number(seedLen));
    return lamports === undefined ? null : { source: a[0]!, destination: a[1]!, lamports };
  }
  return null;
}
