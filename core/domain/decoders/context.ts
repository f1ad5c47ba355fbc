/**
 * The per-transaction `DecodeContext`. Every lookup is built on first use: a transaction with
 * no swap instruction never pays for token-balance maps or log parsing.
 */
import type { Instruction, OuterInstruction, SolanaTransaction } from "../transaction.js";
import { attributeProgramData } from "./shared/logs.js";
import type { DecodeContext, TokenAccountState } from "./types.js";

const NO_BYTES: readonly Uint8Array[] = Object.freeze([]);

export class TxContext implements DecodeContext {
  readonly tx: SolanaTransaction;
  #tokenAccounts: Map<string, TokenAccountState> | null = null;
  #decimals: Map<string, number> | null = null;
  #logData: Map<Instruction, Uint8Array[]> | null = null;
  #signers: Set<string> | null = null;

  constructor(tx: SolanaTransaction) {
    this.tx = tx;
  }

  children(ix: Instruction): readonly Instruction[] {
    const outer: OuterInstruction | undefined = this.tx.instructions[ix.outerIndex];
    if (!outer) return [];
    const inner = outer.inner;
    if (ix.innerIndex === null) {
      // old transactions carry no stackHeight: then every inner instruction is a candidate
      if (inner.length === 0 || inner[0]!.stackHeight === null) return inner;
      return inner.filter((c) => c.stackHeight === 2);
    }
    const h = ix.stackHeight;
    const out: Instruction[] = [];
    for (let k = ix.innerIndex + 1; k < inner.length; k++) {
      const c = inner[k]!;
      if (h === null || c.stackHeight === null) {
        out.push(c); // no heights: the caller has to match what it is looking for
        continue;
      }
      if (c.stackHeight <= h) break;
      if (c.stackHeight === h + 1) out.push(c);
    }
    return out;
  }

  tokenAccount(address: string): TokenAccountState | undefined {
    return (this.#tokenAccounts ??= this.buildTokenAccounts()).get(address);
  }

  mintDecimals(mint: string): number | undefined {
    if (this.#decimals === null) {
      const m = new Map<string, number>();
      for (const b of this.tx.preTokenBalances) m.set(b.mint, b.decimals);
      for (const b of this.tx.postTokenBalances) m.set(b.mint, b.decimals);
      this.#decimals = m;
    }
    return this.#decimals.get(mint);
  }

  loggedData(ix: Instruction): readonly Uint8Array[] {
    return (this.#logData ??= attributeProgramData(this.tx)).get(ix) ?? NO_BYTES;
  }

  isSigner(address: string): boolean {
    if (this.#signers === null) {
      const s = new Set<string>();
      const keys = this.tx.accountKeys;
      for (let i = 0; i < keys.length; i++) if (this.tx.isSigner[i]) s.add(keys[i]!);
      this.#signers = s;
    }
    return this.#signers.has(address);
  }

  private buildTokenAccounts(): Map<string, TokenAccountState> {
    const m = new Map<string, TokenAccountState>();
    for (const b of this.tx.preTokenBalances) {
      m.set(b.account, {
        address: b.account, accountIndex: b.accountIndex, mint: b.mint, decimals: b.decimals,
        owner: b.owner, programId: b.programId, pre: b.amount, post: 0n,
      });
    }
    for (const b of this.tx.postTokenBalances) {
      const prev = m.get(b.account);
      m.set(b.account, {
        address: b.account, accountIndex: b.accountIndex, mint: b.mint, decimals: b.decimals,
        owner: b.owner ?? prev?.owner ?? null, programId: b.programId ?? prev?.programId ?? null,
        pre: prev?.pre ?? 0n, post: b.amount,
      });
    }
    return m;
  }
}
