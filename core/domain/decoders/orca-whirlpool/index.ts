/**
 * Orca Whirlpool (whirLbMi…): `swap`, `swap_v2` (Token-2022 aware), `two_hop_swap` and
 * `two_hop_swap_v2`.
 *
 * Key idea: the instruction states the direction (`a_to_b`) and only limits for the amounts;
 * what moved is in the token transfers the program CPIs: the user's owner account -> the input
 * vault, and the output vault -> the user's owner account. Each transfer is found by its exact
 * (source, destination) pair taken from the account list, so a router's other hops in the same
 * transaction can never be picked up. A two-hop swap is one user swap (input -> output, pool
 * null) carrying both pools as `hops`.
 *
 * Traps: `swap` has no mint accounts, so mints and decimals come from the vaults' token
 * balances; in `two_hop_swap_v2` the intermediate token goes vault to vault (it never touches
 * the user), while `two_hop_swap` (v1) routes it through the user's own accounts. Token-2022
 * transfer fees make the vault receive less than the user sent: amounts are the transfer
 * amounts (what left the sender), never the vault deltas. When a transfer is absent (a side
 * that moved nothing), the amount falls back to the program's own `Traded` event in the logs.
 */
import { ORCA_WHIRLPOOL_PROGRAM } from "../../programs.js";
import type { Instruction } from "../../transaction.js";
import type { HopCore, MultiHopSwapCore } from "../routes/hops.js";
import { hex, readPubkey, readU64, startsWith } from "../shared/bytes.js";
import { readTokenTransfer } from "../shared/token.js";
import type { TokenTransfer } from "../shared/token.js";
import { DecodeError } from "../types.js";
import type { DecodeContext, SwapCore, SwapDecoder } from "../types.js";

// anchor discriminators: sha256("global:<name>")[..8]
const SWAP = hex("f8c69e91e17587c8");
const SWAP_V2 = hex("2b04ed0b1ac91e62");
const TWO_HOP_SWAP = hex("c360ed6c44a2dbe6");
const TWO_HOP_SWAP_V2 = hex("ba8fd11dfe02c275");
/** sha256("event:Traded")[..8], emitted with `emit!` (a `Program data:` log line). */
const TRADED_EVENT = hex("e1ca49af932ba096");

function fail(reason: string): never {
  throw new DecodeError(reason, { dex: "orca-whirlpool", programId: ORCA_WHIRLPOOL_PROGRAM });
}

function bool(d: Uint8Array, o: number, name: string): boolean {
  const v = d[o];
  if (v !== 0 && v !== 1) fail(`${name} is not a bool (${String(v)})`);
  return v === 1;
}

/** One side of a hop: tokens moving `from` -> `to`, of `mint` if the instruction names it. */
interface Leg {
  from: string;
  to: string;
  /** The vault of this side: its token balance gives the mint and decimals. */
  vault: string;
  mint: string | null;
}

interface Hop {
  pool: string;
  input: Leg;
  output: Leg;
}

interface Traded {
  whirlpool: string;
  inputAmount: bigint;
  outputAmount: bigint;
}

/**
 * Traded { whirlpool, a_to_b, pre_sqrt_price: u128, post_sqrt_price: u128, input_amount,
 * output_amount, input_transfer_fee, output_transfer_fee, lp_fee, protocol_fee }.
 */
function tradedEvents(ix: Instruction, ctx: DecodeContext): Traded[] {
  const out: Traded[] = [];
  for (const p of ctx.loggedData(ix)) {
    if (p.length < 8 + 81 || !startsWith(p, TRADED_EVENT)) continue;
    out.push({ whirlpool: readPubkey(p, 8)!, inputAmount: readU64(p, 8 + 65)!, outputAmount: readU64(p, 8 + 73)! });
  }
  return out;
}

function sideOf(aToB: boolean, ownerA: string, vaultA: string, ownerB: string, vaultB: string, mintA: string | null, mintB: string | null): { input: Leg; output: Leg } {
  return aToB
    ? { input: { from: ownerA, to: vaultA, vault: vaultA, mint: mintA }, output: { from: vaultB, to: ownerB, vault: vaultB, mint: mintB } }
    : { input: { from: ownerB, to: vaultB, vault: vaultB, mint: mintB }, output: { from: vaultA, to: ownerA, vault: vaultA, mint: mintA } };
}

/** The instruction's hops and its user (token authority), or null when it is not a swap. */
function parse(ix: Instruction): { trader: string; hops: Hop[] } | null {
  const d = ix.data;
  const a = ix.accounts;
  if (startsWith(d, SWAP)) {
    // amount, other_amount_threshold, sqrt_price_limit: u128, amount_specified_is_input, a_to_b
    if (d.length < 42) fail(`swap data is ${d.length} bytes, expected 42`);
    // [token_program, token_authority, whirlpool, owner_a, vault_a, owner_b, vault_b, tick_array x3, oracle]
    if (a.length < 11) fail(`swap has ${a.length} accounts, expected 11`);
    bool(d, 40, "amount_specified_is_input");
    const aToB = bool(d, 41, "a_to_b");
    return { trader: a[1]!, hops: [{ pool: a[2]!, ...sideOf(aToB, a[3]!, a[4]!, a[5]!, a[6]!, null, null) }] };
  }
  if (startsWith(d, SWAP_V2)) {
    // as swap, then remaining_accounts_info: Option<..>
    if (d.length < 43) fail(`swap_v2 data is ${d.length} bytes, expected at least 43`);
    // [token_program_a, token_program_b, memo_program, token_authority, whirlpool, mint_a, mint_b,
    //  owner_a, vault_a, owner_b, vault_b, tick_array x3, oracle, ...remaining]
    if (a.length < 15) fail(`swap_v2 has ${a.length} accounts, expected at least 15`);
    bool(d, 40, "amount_specified_is_input");
    const aToB = bool(d, 41, "a_to_b");
    return { trader: a[3]!, hops: [{ pool: a[4]!, ...sideOf(aToB, a[7]!, a[8]!, a[9]!, a[10]!, a[5]!, a[6]!) }] };
  }
  if (startsWith(d, TWO_HOP_SWAP)) {
    // amount, other_amount_threshold, amount_specified_is_input, a_to_b_one, a_to_b_two,
    // sqrt_price_limit_one: u128, sqrt_price_limit_two: u128
    if (d.length < 59) fail(`two_hop_swap data is ${d.length} bytes, expected 59`);
    // [token_program, token_authority, whirlpool_one, whirlpool_two, owner_one_a, vault_one_a,
    //  owner_one_b, vault_one_b, owner_two_a, vault_two_a, owner_two_b, vault_two_b, tick arrays x6, oracle x2]
    if (a.length < 20) fail(`two_hop_swap has ${a.length} accounts, expected 20`);
    bool(d, 24, "amount_specified_is_input");
    const one = bool(d, 25, "a_to_b_one");
    const two = bool(d, 26, "a_to_b_two");
    return {
      trader: a[1]!,
      hops: [
        { pool: a[2]!, ...sideOf(one, a[4]!, a[5]!, a[6]!, a[7]!, null, null) },
        { pool: a[3]!, ...sideOf(two, a[8]!, a[9]!, a[10]!, a[11]!, null, null) },
      ],
    };
  }
  if (startsWith(d, TWO_HOP_SWAP_V2)) {
    if (d.length < 60) fail(`two_hop_swap_v2 data is ${d.length} bytes, expected at least 60`);
    // [whirlpool_one, whirlpool_two, mint_input, mint_intermediate, mint_output, token_program x3,
    //  owner_input, vault_one_input, vault_one_intermediate, vault_two_intermediate,
    //  vault_two_output, owner_output, token_authority, tick arrays x6, oracle x2, memo, ...]
    if (a.length < 24) fail(`two_hop_swap_v2 has ${a.length} accounts, expected at least 24`);
    bool(d, 24, "amount_specified_is_input");
    bool(d, 25, "a_to_b_one");
    bool(d, 26, "a_to_b_two");
    const [mIn, mMid, mOut] = [a[2]!, a[3]!, a[4]!];
    // the intermediate token goes straight from pool one's vault to pool two's
    const middle: Leg = { from: a[10]!, to: a[11]!, vault: a[10]!, mint: mMid };
    return {
      trader: a[14]!,
      hops: [
        { pool: a[0]!, input: { from: a[8]!, to: a[9]!, vault: a[9]!, mint: mIn }, output: middle },
        { pool: a[1]!, input: { ...middle, vault: a[11]! }, output: { from: a[12]!, to: a[13]!, vault: a[12]!, mint: mOut } },
      ],
    };
  }
  return null;
}

function decode(ix: Instruction, ctx: DecodeContext): SwapCore | null {
  if (ix.programId !== ORCA_WHIRLPOOL_PROGRAM || ix.parsed !== undefined) return null;
  // the program has no self-CPI events, so its instructions are few: reading every one's
  // discriminator (and so decoding its data) costs little
  const parsed = parse(ix);
  if (!parsed) return null;

  const transfers: TokenTransfer[] = [];
  for (const c of ctx.children(ix)) {
    const t = readTokenTransfer(c);
    if (t) transfers.push(t);
  }
  let traded: Traded[] | null = null;
  const amountOf = (leg: Leg, hop: number, side: "input" | "output"): { amount: bigint; t: TokenTransfer | undefined } => {
    const t = transfers.find((x) => x.source === leg.from && x.destination === leg.to);
    if (t) return { amount: t.amount, t };
    // no such transfer (a side that moved nothing may not be transferred at all): the
    // program's own Traded event still says what moved
    traded ??= tradedEvents(ix, ctx);
    const ev = traded[hop];
    if (ev && ev.whirlpool === parsed.hops[hop]!.pool) return { amount: side === "input" ? ev.inputAmount : ev.outputAmount, t: undefined };
    fail(`hop ${hop + 1} ${side} transfer ${leg.from} -> ${leg.to} not found`);
  };
  const mintOf = (leg: Leg, t: TokenTransfer | undefined): { mint: string; decimals: number } => {
    const acc = ctx.tokenAccount(leg.vault) ?? ctx.tokenAccount(leg.from === leg.vault ? leg.to : leg.from);
    const mint = leg.mint ?? acc?.mint ?? t?.mint ?? null;
    if (!mint) fail(`cannot resolve the mint of vault ${leg.vault}`);
    const decimals = (acc?.mint === mint ? acc.decimals : undefined) ?? t?.decimals ?? ctx.mintDecimals(mint);
    if (decimals === undefined || decimals === null) fail(`cannot resolve the decimals of ${mint}`);
    return { mint, decimals };
  };

  const hops: HopCore[] = [];
  const decimals: number[] = [];
  for (let i = 0; i < parsed.hops.length; i++) {
    const h = parsed.hops[i]!;
    const inp = amountOf(h.input, i, "input");
    const out = amountOf(h.output, i, "output");
    const mIn = mintOf(h.input, inp.t);
    const mOut = mintOf(h.output, out.t);
    decimals.push(mIn.decimals, mOut.decimals);
    hops.push({ pool: h.pool, mintIn: mIn.mint, amountIn: inp.amount, mintOut: mOut.mint, amountOut: out.amount });
  }
  const h0 = hops[0]!;
  const hn = hops[hops.length - 1]!;
  const core: SwapCore = {
    pool: hops.length === 1 ? h0.pool : null,
    trader: parsed.trader,
    mintIn: h0.mintIn,
    amountIn: h0.amountIn,
    decimalsIn: decimals[0]!,
    mintOut: hn.mintOut,
    amountOut: hn.amountOut,
    decimalsOut: decimals[decimals.length - 1]!,
  };
  if (hops.length === 1) return core;
  const multi: MultiHopSwapCore = { ...core, hops };
  return multi;
}

export const orcaWhirlpoolDecoder: SwapDecoder = {
  dex: "orca-whirlpool",
  programId: ORCA_WHIRLPOOL_PROGRAM,
  decode,
};
