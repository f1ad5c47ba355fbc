/**
 * Meteora Dynamic Bonding Curve (dbcij3LW…): swap and swap2 (exact in, partial fill, exact out).
 *
 * Key idea: the launch-curve twin of DAMM v2. Accounts: pool_authority, config, pool,
 * input_token_account, output_token_account, base_vault, quote_vault, base_mint, quote_mint,
 * payer, token_base_program, token_quote_program, referral_token_account, event_authority,
 * program. The program makes two TransferChecked CPIs (input account -> input vault, output
 * vault -> output account, then vault -> referral for a referral fee); the amounts are those
 * transfers (`decodeVaultSwap`), the direction is which vault took the input.
 *
 * Trap: the arguments are limits, and for swap2 their meaning depends on swap_mode (amount_0
 * is the *output* for exact-out; a partial fill takes less than amount_0), so they are never
 * read as amounts. Both EvtSwap and EvtSwap2 are emitted for every swap (and EvtCurveComplete
 * on the last one): one instruction is one swap, whatever the events.
 *
 * Fees (`fees`): trading_fee (kind "lp": the pool's trading fee, shared by partner and creator),
 * protocol_fee and referral_fee (kind "platform") of the swap's EvtSwap2 (else EvtSwap). They
 * are all in one mint, which the program picks from the config's collect_fee_mode
 * (FeeMode::get_fee_mode): a sell (base -> quote) pays them in the quote token in both modes,
 * a buy pays quote (QuoteToken) or base (OutputToken). The events do not carry the mode, so
 * only sells get `fees`.
 */
import { METEORA_DBC_PROGRAM } from "../../programs.js";
import type { Instruction } from "../../transaction.js";
import { ANCHOR_EVENT_IX_TAG, hex, readPubkey, readU64, startsWith } from "../shared/bytes.js";
import { DecodeError, statedFees } from "../types.js";
import type { DecodeContext, SwapCore, SwapDecoder } from "../types.js";
import { decodeVaultSwap, isSwapOrSwap2 } from "../shared/vault-swap.js";

const SWAP_ACCOUNTS = 15;
const EVT_SWAP = hex("1b3c15d58aaabb93");
const EVT_SWAP2 = hex("bd4233a826507599");
// both bodies: pool 32, config 32, trade_direction u8, has_referral bool, then
// EvtSwap: SwapParameters (16), SwapResult (actual_input_amount, output_amount, next_sqrt_price
// u128, trading_fee, protocol_fee, referral_fee); EvtSwap2: SwapParameters2 (17), SwapResult2
// (included/excluded_fee_input_amount, amount_left, output_amount, next_sqrt_price u128,
// trading_fee, protocol_fee, referral_fee)
const EVT_BODY = ANCHOR_EVENT_IX_TAG.length + EVT_SWAP.length;
const EVT_DIRECTION = EVT_BODY + 64;
const EVT1_FEES = EVT_BODY + 114;
const EVT2_FEES = EVT_BODY + 131;
const BASE_TO_QUOTE = 0;

function fail(reason: string): never {
  throw new DecodeError(reason, { dex: "meteora-dbc", programId: METEORA_DBC_PROGRAM });
}

/** Offset of trading_fee in this swap's EvtSwap2 (preferred) or EvtSwap, and the event. */
function swapEvent(ix: Instruction, ctx: DecodeContext, pool: string): { d: Uint8Array; fees: number } | null {
  let v1: { d: Uint8Array; fees: number } | null = null;
  for (const c of ctx.children(ix)) {
    if (c.programId !== METEORA_DBC_PROGRAM || c.accounts.length !== 1) continue;
    const d = c.data;
    if (!startsWith(d, ANCHOR_EVENT_IX_TAG) || readPubkey(d, EVT_BODY) !== pool) continue;
    if (startsWith(d, EVT_SWAP2, ANCHOR_EVENT_IX_TAG.length) && d.length >= EVT2_FEES + 24) return { d, fees: EVT2_FEES };
    if (!v1 && startsWith(d, EVT_SWAP, ANCHOR_EVENT_IX_TAG.length) && d.length >= EVT1_FEES + 24) v1 = { d, fees: EVT1_FEES };
  }
  return v1;
}

function decode(ix: Instruction, ctx: DecodeContext): SwapCore | null {
  if (ix.programId !== METEORA_DBC_PROGRAM || !isSwapOrSwap2(ix, SWAP_ACCOUNTS, fail)) return null;
  const a = ix.accounts;
  const core = decodeVaultSwap(ix, ctx, {
    pool: a[2]!,
    trader: a[9]!,
    userIn: a[3]!,
    userOut: a[4]!,
    vaultA: a[5]!,
    vaultB: a[6]!,
    mintA: a[7]!,
    mintB: a[8]!,
  }, fail);
  const baseMint = a[7]!;
  const quoteMint = a[8]!;
  // only a sell has a certain fee mint (quote in every collect_fee_mode)
  if (core.mintIn === baseMint && core.mintOut === quoteMint) {
    const ev = swapEvent(ix, ctx, a[2]!);
    if (ev && ev.d[EVT_DIRECTION] === BASE_TO_QUOTE) {
      core.fees = statedFees(
        { kind: "lp", mint: quoteMint, amount: readU64(ev.d, ev.fees)! },
        { kind: "protocol", mint: quoteMint, amount: readU64(ev.d, ev.fees + 8)! },
        { kind: "platform", mint: quoteMint, amount: readU64(ev.d, ev.fees + 16)! },
      );
    }
  }
  return core;
}

export const meteoraDbcDecoder: SwapDecoder = {
  dex: "meteora-dbc",
  programId: METEORA_DBC_PROGRAM,
  decode,
};
