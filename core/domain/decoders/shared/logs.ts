/**
 * Attributes `Program data:` log lines to the instruction that emitted them.
 *
 * Older programs (and pump.fun before it moved to emit_cpi) publish their events only in the
 * logs. The logs are a flat list, so the invocation stack has to be replayed: every
 * `Program X invoke [n]` line is the next instruction in execution order (outer instruction,
 * then its inner instructions in recorded order), `success` / `failed` pops it, and a data
 * line belongs to whatever is on top. The trap: matching "the k-th event to the k-th swap
 * instruction" breaks as soon as a router mixes several programs in one transaction.
 *
 * When the logs stop agreeing with the instruction list (truncated logs, a program that
 * does not log its invocation), attribution stops there rather than guessing.
 */
import { decodeBase64 } from "../../codec.js";
import type { Instruction, SolanaTransaction } from "../../transaction.js";

const INVOKE = "invoke [";

export function attributeProgramData(tx: SolanaTransaction): Map<Instruction, Uint8Array[]> {
  const out = new Map<Instruction, Uint8Array[]>();
  const logs = tx.logMessages;
  if (!logs) return out;
  const outer = tx.instructions;
  let oi = -1;
  let ii = 0;
  const stack: Instruction[] = [];

  for (const line of logs) {
    if (line.startsWith("Program data: ")) {
      const top = stack[stack.length - 1];
      if (!top) continue;
      const bytes = decodeBase64(line.slice(14));
      if (!bytes) continue;
      const list = out.get(top);
      if (list) list.push(bytes);
      else out.set(top, [bytes]);
      continue;
    }
    if (line === "Log truncated") break;
    if (!line.startsWith("Program ")) continue;
    const sp = line.indexOf(" ", 8);
    if (sp < 0) continue;
    const programId = line.slice(8, sp);
    // "Program log: ...", "Program return: ..." carry free text that may read like a status
    if (programId.endsWith(":")) continue;
    const rest = line.slice(sp + 1);
    if (rest.startsWith(INVOKE)) {
      const depth = Number.parseInt(rest.slice(INVOKE.length), 10);
      if (!(depth >= 1)) break;
      if (depth === 1) {
        // precompiles do not log an invocation: skip outer instructions until the program matches
        do oi++;
        while (oi < outer.length && outer[oi]!.programId !== programId);
        const o = outer[oi];
        if (!o) break;
        ii = 0;
        stack.length = 0;
        stack.push(o);
      } else {
        const ix = outer[oi]?.inner[ii];
        if (!ix || ix.programId !== programId || stack.length < depth - 1) break;
        ii++;
        stack.length = depth - 1;
        stack.push(ix);
      }
    } else if (rest === "success" || rest.startsWith("failed")) {
      stack.pop();
    }
  }
  return out;
}
