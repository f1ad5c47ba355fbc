/**
 * The decoder contract. A decoder owns one program id and turns one of its instructions into
 * the program-specific part of a swap; `decodeSwaps` adds what is common to every swap
 * (signature, slot, blockTime, ixPath, dex, programId, prices).
 */
import type { Dex, PoolReserves, SwapFee } from "../swap.js";
import type { Instruction, SolanaTransaction } from "../transaction.js";

/** What a decoder knows about one swap; the rest of `Swap` is filled in by `decodeSwaps`. */
export interface SwapCore {
  pool: string | null;
  trader: string;
  mintIn: string;
  amountIn: bigint;
  decimalsIn: number;
  mintOut: string;
  amountOut: bigint;
  decimalsOut: number;
  /** Fees the trade paid, where the program states them (raw units of the given mint). */
  fees?: SwapFee[];
  /** The pool's reserves after the trade, oriented token (base) / quote; see `Swap.reserves`. */
  reserves?: PoolReserves;
}

/**
 * The `fees` of a swap from the fee fields a program stated, in the given order: zero amounts
 * are left out (an empty list still says "stated, nothing paid").
 */
export function statedFees(...fees: readonly (SwapFee | null | undefined)[]): SwapFee[] {
  const out: SwapFee[] = [];
  for (const f of fees) if (f && f.amount > 0n) out.push(f);
  return out;
}

/** A token account's state around the transaction, joined from pre/post token balances. */
export interface TokenAccountState {
  readonly address: string;
  readonly accountIndex: number;
  readonly mint: string;
  readonly decimals: number;
  readonly owner: string | null;
  readonly programId: string | null;
  /** 0 when the account did not exist before (or was created in the transaction). */
  readonly pre: bigint;
  /** 0 when the account was closed in the transaction. */
  readonly post: bigint;
}

/** Per-transaction lookups, built lazily and shared by every decoder call on that transaction. */
export interface DecodeContext {
  readonly tx: SolanaTransaction;
  /** The instructions `ix` invoked directly (its CPI children), in order. */
  children(ix: Instruction): readonly Instruction[];
  /** Pre/post token state of a token account, if the RPC recorded it. */
  tokenAccount(address: string): TokenAccountState | undefined;
  /** Payloads of `Program data:` log lines emitted by `ix` itself (not by its children). */
  loggedData(ix: Instruction): readonly Uint8Array[];
  /** Decimals of a mint as seen in this transaction's token balances. */
  mintDecimals(mint: string): number | undefined;
  isSigner(address: string): boolean;
}

export interface SwapDecoder {
  readonly dex: Dex;
  readonly programId: string;
  /**
   * Returns null for instructions that are not swaps (or not this program's); throws
   * `DecodeError` when an instruction of this program is malformed.
   */
  decode(ix: Instruction, ctx: DecodeContext): SwapCore | null;
}

export interface DecodeErrorInit {
  signature: string;
  ixPath: string;
  dex: Dex | null;
  programId?: string | null;
}

/**
 * A malformed instruction of a decoder's own program (or a transaction-level problem such as
 * a missing slot, with `ixPath` "" and `dex` null). Reported, never fatal for the others.
 */
export class DecodeError extends Error {
  override readonly name = "DecodeError";
  signature: string;
  ixPath: string;
  dex: Dex | null;
  programId: string | null;
  readonly reason: string;

  constructor(reason: string, init?: Partial<DecodeErrorInit>) {
    super(reason);
    this.reason = reason;
    this.signature = init?.signature ?? "";
    this.ixPath = init?.ixPath ?? "";
    this.dex = init?.dex ?? null;
    this.programId = init?.programId ?? null;
    this.message = this.describe();
  }

  /** Called by `decodeSwaps` to fill in what the throwing decoder did not know. */
  locate(init: DecodeErrorInit): this {
    if (!this.signature) this.signature = init.signature;
    if (!this.ixPath) this.ixPath = init.ixPath;
    if (this.dex === null) this.dex = init.dex;
    if (this.programId === null) this.programId = init.programId ?? null;
    this.message = this.describe();
    return this;
  }

  private describe(): string {
    const where = [this.signature, this.ixPath && `ix ${this.ixPath}`, this.dex].filter(Boolean).join(" ");
    return where ? `${where}: ${this.reason}` : this.reason;
  }
}
