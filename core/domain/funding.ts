/**
 * Who paid SOL into a wallet in one transaction (pure): System Program `transfer`,
 * `transferWithSeed`, `createAccount` and `createAccountWithSeed` into it from another address,
 * outer or inner (a router or a bot program moving SOL by CPI counts too). The first such
 * instruction of a successful transaction wins. Raw instructions and jsonParsed ones
 * (`{type, info}`) are both read.
 *
 * The wallet's funder is this for the oldest transaction of its history that has one; finding that
 * transaction is RPC work (core/data/funders.ts).
 */
import { readU32, readU64 } from "./decoders/shared/bytes.js";
import { SYSTEM_PROGRAM } from "./programs.js";
import { allInstructions, type Instruction, type SolanaTransaction } from "./transaction.js";

export interface Funding {
  wallet: string;
  funder: string;
  lamports: bigint;
  slot: number | null;
  signature: string;
}

interface SolMove {
  from: string;
  to: string;
  lamports: bigint;
}

// System instruction indexes (u32 LE) and where their [from, to] accounts sit.
const CREATE_ACCOUNT = 0;
const TRANSFER = 2;
const CREATE_ACCOUNT_WITH_SEED = 3;
const TRANSFER_WITH_SEED = 11;

function rawMove(ix: Instruction): SolMove | null {
  const kind = readU32(ix.data, 0);
  const a = ix.accounts;
  switch (kind) {
    case CREATE_ACCOUNT:
    case TRANSFER: {
      const lamports = readU64(ix.data, 4);
      return lamports === undefined || a.length < 2 ? null : { from: a[0]!, to: a[1]!, lamports };
    }
    case TRANSFER_WITH_SEED: {
      // [funding account, base, recipient]
      const lamports = readU64(ix.data, 4);
      return lamports === undefined || a.length < 3 ? null : { from: a[0]!, to: a[2]!, lamports };
    }
    case CREATE_ACCOUNT_WITH_SEED: {
      // index(4) base(32) seed(u64 length + bytes) lamports(8) space(8) owner(32)
      const seedLen = readU64(ix.data, 36);
      if (seedLen === undefined || seedLen > 32n) return null;
      const lamports = readU64(ix.data, 44 + Number(seedLen));
      return lamports === undefined || a.length < 2 ? null : { from: a[0]!, to: a[1]!, lamports };
    }
    default:
      return null;
  }
}

function parsedMove(parsed: unknown): SolMove | null {
  if (typeof parsed !== "object" || parsed === null) return null;
  const { type, info } = parsed as { type?: unknown; info?: Record<string, unknown> };
  if (!info || typeof type !== "string") return null;
  const lamports = typeof info["lamports"] === "number" || typeof info["lamports"] === "string" ? BigInt(info["lamports"]) : null;
  if (lamports === null) return null;
  const str = (k: string) => (typeof info[k] === "string" ? (info[k] as string) : null);
  let from: string | null = null;
  let to: string | null = null;
  if (type === "transfer" || type === "transferWithSeed") {
    from = str("source");
    to = str("destination");
  } else if (type === "createAccount" || type === "createAccountWithSeed") {
    from = str("source");
    to = str("newAccount");
  }
  return from && to ? { from, to, lamports } : null;
}

/** The first SOL payment into `wallet` from another address in `tx`, or null. */
export function findFunding(tx: SolanaTransaction, wallet: string): Funding | null {
  if (tx.failed) return null;
  for (const ix of allInstructions(tx)) {
    if (ix.programId !== SYSTEM_PROGRAM) continue;
    const move = ix.parsed !== undefined ? parsedMove(ix.parsed) : rawMove(ix);
    if (!move || move.to !== wallet || move.from === wallet || move.lamports === 0n) continue;
    return { wallet, funder: move.from, lamports: move.lamports, slot: tx.slot, signature: tx.signature };
  }
  return null;
}
