/**
 * Finding the token movements a Raydium swap CPIs into the token programs (shared by the
 * CPMM, CLMM and LaunchLab decoders).
 *
 * Key idea: a pool moves tokens with exactly one transfer per leg, user account -> pool vault
 * and pool vault -> user account, so a leg is identified by both of its endpoints (the
 * instruction names them), never by its position among the children: Token-2022 transfer
 * hooks, event self-CPIs and fee transfers may sit in between.
 *
 * Trap: only the swap instruction's own CPI children may be searched (`ctx.children(ix)`).
 * On routed swaps the next hop's transfers live in the same inner-instruction list.
 */
import { TOKEN_2022_PROGRAM } from "../../programs.js";
import type { Instruction } from "../../transaction.js";
import { readTokenTransfer } from "./token.js";
import type { TokenTransfer } from "./token.js";

export interface LegTransfer extends TokenTransfer {
  /** Moved by Token-2022: a transfer fee may have been withheld at the destination. */
  readonly token2022: boolean;
}

function leg(t: TokenTransfer, programId: string): LegTransfer {
  // an explicit literal, not a spread: one fixed shape, and this runs per swap
  return {
    source: t.source, destination: t.destination, authority: t.authority, amount: t.amount,
    mint: t.mint, decimals: t.decimals, token2022: programId === TOKEN_2022_PROGRAM,
  };
}

/** The first transfer among `children` from `source` to `destination`, else null. */
export function findTransfer(children: readonly Instruction[], source: string, destination: string): LegTransfer | null {
  for (const c of children) {
    // every raw Transfer / TransferChecked names its source first: skip the others unread
    if (c.parsed === undefined && c.accounts[0] !== source) continue;
    const t = readTokenTransfer(c);
    if (t !== null && t.source === source && t.destination === destination) return leg(t, c.programId);
  }
  return null;
}

/** Every token transfer among `children`, in execution order. */
export function allTransfers(children: readonly Instruction[]): LegTransfer[] {
  const out: LegTransfer[] = [];
  for (const c of children) {
    const t = readTokenTransfer(c);
    if (t !== null) out.push(leg(t, c.programId));
  }
  return out;
}
