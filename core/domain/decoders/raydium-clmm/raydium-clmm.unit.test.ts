import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import bs58 from "bs58";
import { describe, expect, it } from "vitest";
import { MEMO_PROGRAM, RAYDIUM_CLMM_PROGRAM, TOKEN_2022_PROGRAM, TOKEN_PROGRAM } from "../../programs.js";
import { USDC_MINT, WSOL_MINT } from "../../swap.js";
import { addr, buildRpcTx, ixData } from "../../test-support/factory.js";
import type { IxSpec, TokenBalanceSpec } from "../../test-support/factory.js";
import { expectedFields, loadTx, manifest, ownerMintDelta, tokenDelta } from "../../test-support/fixtures.js";
import { fromRpcTransaction } from "../../transaction.js";
import type { SolanaTransaction } from "../../transaction.js";
import { TxContext } from "../context.js";
import { DEFAULT_DECODERS, DecodeError, createRegistry, decodeSwaps } from "../index.js";
import { fixturesWithSwaps, ixAt, lamportDelta, u64le, vixenCaptureToTx } from "../../test-support/raydium.js";
import { decodeClmmSwapEvent, raydiumClmmDecoder } from "./index.js";

/** Tether's mint on mainnet (swap.ts's USDT_MINT constant differs from it: reported to the lead). */
const USDT = "Es9vMFrzaCERmJfrF4H2FYD4KCoNkY11McCe8BenwNYB";

const registry = createRegistry([...DEFAULT_DECODERS, raydiumClmmDecoder]);
// hop by hop: aggregator routes are merged by decodeSwaps afterwards (checked separately)
const decode = (tx: SolanaTransaction) => decodeSwaps(tx, { registry, routes: false });
const decodeRouted = (tx: SolanaTransaction) => decodeSwaps(tx, { registry });

const VIXEN_DIR = new URL("../../../../test/fixtures/yellowstone/recorded/vixen_txupdate_json/", import.meta.url);
const readVixen = (f: string): unknown => JSON.parse(readFileSync(new URL(f, VIXEN_DIR), "utf8"));

const disc = (name: string): number[] => [...createHash("sha256").update(name).digest().subarray(0, 8)];
const SWAP = disc("global:swap");
const SWAP_V2 = disc("global:swap_v2");
const ROUTER = disc("global:swap_router_base_in");

/** swap / swap_v2 args: amount, other_amount_threshold, sqrt_price_limit_x64 (u128), is_base_input */
const swapArgs = (d: number[], amount: bigint, threshold: bigint): Uint8Array =>
  Uint8Array.from([...d, ...u64le(amount), ...u64le(threshold), ...new Array<number>(16).fill(0), 1]);

describe("raydium-clmm: swap_v2 fixtures (WSOL from a temporary account -> token)", () => {
  const cases = [
    {
      name: "raydium-clmm_2cd7QQSByKy6", pool: "EM4Fvu4G3qLuSNdBeturuHzqh871hh1evxY7RLBoF6ZL",
      trader: "98QXkwe6DThTsTq7tukKF4g9Wc6WnRbZyTBZ1iBupY39", mintOut: "7eR1yv7pUzhaqQneKJ2fmVTRuzY61ja5KwfbBrLsq1Gu",
      amountIn: 300000000n, amountOut: 807769528641n,
      vaultIn: "Dsg513cScwc1u4RZUBzemzBeX1CNrxcXx44XPC1Fs13p", vaultOut: "5HMSx5AdqusgT2hwjhESQthABVytczNqiGftTCWNNfCL",
    },
    {
      name: "raydium-clmm_nexzRp8Z5abE", pool: "94KAY4LgDHjFggk4hL1QQZ4fMdfvQDsbdRk35iq1HJ9T",
      trader: "7tCvgs2AP8qrqzR9TR8RRDgs4sCq84RPhKpLjtoCE7Up", mintOut: "FURb99Ujvu1XcjYiLQgEfotrsAEb871rgLZvyL3fhfKp",
      amountIn: 650000000n, amountOut: 928319794967n,
      vaultIn: "DiiQtkXcxZt673nZXZ7hu5xNJBcSjEkhhAJjuYWqCgvS", vaultOut: "DD1qeDCwiwrv3n8WYYyavAqTCq81KmJwpY4rMVaimcTf",
    },
  ];

  it.each(cases)("$name: exact amounts, mints, decimals, trader, pool, ixPath", (c) => {
    const tx = loadTx(c.name);
    const { swaps, errors } = decode(tx);
    expect(errors).toEqual([]);
    expect(swaps).toHaveLength(1);
    expect(swaps[0]).toMatchObject({
      ixPath: "4", dex: "raydium-clmm", programId: RAYDIUM_CLMM_PROGRAM, pool: c.pool, trader: c.trader,
      mintIn: WSOL_MINT, amountIn: c.amountIn, decimalsIn: 9,
      mintOut: c.mintOut, amountOut: c.amountOut, decimalsOut: 6,
    });
  });

  it.each(cases)("$name: balances are conserved (trader lamports and token, both vaults, SwapEvent)", (c) => {
    const tx = loadTx(c.name);
    const s = decode(tx).swaps[0]!;
    // the temporary WSOL account was funded with amountIn + rent; the rent came back on close
    expect(lamportDelta(tx, s.trader)).toBe(-(s.amountIn + tx.fee));
    expect(ownerMintDelta(tx, s.trader, s.mintOut)).toBe(s.amountOut);
    expect(tokenDelta(tx, c.vaultIn)).toBe(s.amountIn);
    expect(tokenDelta(tx, c.vaultOut)).toBe(-s.amountOut);
    const ev = new TxContext(tx).loggedData(ixAt(tx, "4")).map(decodeClmmSwapEvent).find(Boolean);
    expect(ev).toEqual({ pool: c.pool, amount0: s.amountIn, transferFee0: 0n, amount1: s.amountOut, transferFee1: 0n, zeroForOne: true });
  });

  it.each(cases)("$name: no fees (the SwapEvent states zero transfer fees, and never the trade fee)", (c) => {
    const tx = loadTx(c.name);
    expect(decode(tx).swaps[0]).not.toHaveProperty("fees");
  });
});

describe("raydium-clmm: raydium-route_JiqYGkWcYu8G (A16Z -> USDT -> SOL, two swap_v2 inside the Raydium router)", () => {
  const tx = loadTx("raydium-route_JiqYGkWcYu8G");
  const A16Z = "HeLp6NuQkmYB4pYWo2zYs22mESHXPQYzXbB8n4V98jwC"; // a Token-2022 mint
  const wallet = "FQT9SSwEZ6UUQxsmTzgt5JzjrS4M5zm13M1QiYF8TEo6";

  it("decodes both hops as inner swaps of the route", () => {
    const { swaps, errors } = decode(tx);
    expect(errors).toEqual([]);
    expect(swaps.map((s) => [s.ixPath, s.dex, s.pool, s.trader, s.mintIn, s.amountIn, s.decimalsIn, s.mintOut, s.amountOut, s.decimalsOut])).toEqual([
      ["0.0", "raydium-clmm", "4RyuSgGdYeE7Qd4eKsuauTevWRreSfGScYqaygMEJXSq", wallet, A16Z, 21898077n, 9, USDT, 4239n, 6],
      ["0.8", "raydium-clmm", "ExcBWu8fGPdJiaF1b1z3iEef38sjQJks8xvj6M85pPY6", wallet, USDT, 4239n, 6, WSOL_MINT, 28168n, 9],
    ]);
    // the source repo names the wallet as the only party of the swap
    expect((expectedFields("raydium-route_JiqYGkWcYu8G")["accounts_involved"] as string[])[0]).toContain(wallet);
  });

  it("pool vault deltas match each hop; the wallet's net is A16Z out, SOL in", () => {
    const [a, b] = decode(tx).swaps;
    expect(tokenDelta(tx, "5M3c33wKLoPRBUN24dCp9xrug6RvgB57ccQAwsmHBtvn")).toBe(a!.amountIn); // A16Z vault
    expect(tokenDelta(tx, "BfrpfwfvvRbswT5jPqy4Ey9iek9PsBCXssF4hCa4UZ7u")).toBe(-a!.amountOut); // USDT vault, pool 1
    expect(tokenDelta(tx, "2w6WUGXVeUPeGpJTUSNu4btbpMkFtmjrQgpKi149it7K")).toBe(b!.amountIn); // USDT vault, pool 2
    expect(tokenDelta(tx, "7CoLodcm9h4EAFKpcPbT34yk3MkpeWjsBqXVidfbrfQ7")).toBe(-b!.amountOut); // WSOL vault
    expect(ownerMintDelta(tx, wallet, A16Z)).toBe(-a!.amountIn);
    expect(ownerMintDelta(tx, wallet, USDT)).toBe(0n); // the intermediate USDT passed through
    expect(lamportDelta(tx, wallet)).toBe(b!.amountOut - tx.fee);
  });

  it("with routes merged, both hops are the legs of the Raydium route", () => {
    const { swaps, errors } = decodeRouted(tx);
    expect(errors).toEqual([]);
    expect(swaps).toHaveLength(1);
    expect(swaps[0]).toMatchObject({ dex: "raydium-route", trader: wallet, mintIn: A16Z, amountIn: 21898077n, mintOut: WSOL_MINT, amountOut: 28168n });
    expect(swaps[0]!.legs?.map((l) => [l.dex, l.pool, l.mintIn, l.amountIn, l.mintOut, l.amountOut, l.ixPath])).toEqual([
      ["raydium-clmm", "4RyuSgGdYeE7Qd4eKsuauTevWRreSfGScYqaygMEJXSq", A16Z, 21898077n, USDT, 4239n, "0.0"],
      ["raydium-clmm", "ExcBWu8fGPdJiaF1b1z3iEef38sjQJks8xvj6M85pPY6", USDT, 4239n, WSOL_MINT, 28168n, "0.8"],
    ]);
  });
});

describe("raydium-clmm: vixen capture vRYNRD… (swap v1 inside Jupiter inside an arbitrage proxy)", () => {
  const tx = vixenCaptureToTx(readVixen("vRYNRDqsLW7Kk6GHPzxYytqxHDzDMTGfD2SD3fYsUZgA7o7yhDp97orn9uVoZKjWXYYoNMnGb4jzz2GxZuD2UV1_txupdate.json"));

  it("decodes the v1 swap at 2.5 (plain Transfer CPIs, mints from the vaults)", () => {
    const ix = ixAt(tx, "2.5");
    expect([...ix.data.subarray(0, 8)]).toEqual(SWAP);
    const { swaps, errors } = decode(tx);
    expect(errors).toEqual([]);
    expect(swaps).toHaveLength(1);
    expect(swaps[0]).toMatchObject({
      ixPath: "2.5", dex: "raydium-clmm", pool: "CYbD9RaToYMtWKA7QZyoLahnHdWq553Vm62Lh6qWtuxq",
      mintIn: USDC_MINT, amountIn: 472821137n, decimalsIn: 6,
      mintOut: WSOL_MINT, amountOut: 2092254175n, decimalsOut: 9,
    });
  });

  it("the DEX-level payer is the proxy's PDA: the trader becomes the fee payer", () => {
    const ix = ixAt(tx, "2.5");
    expect(raydiumClmmDecoder.decode(ix, new TxContext(tx))!.trader).toBe("6x7TpDvJsBYnsh66HTDo6PqJ7dNV7fTtMw5vGgWnRiY6");
    expect(decode(tx).swaps[0]!.trader).toBe("EATRppgyCqBBQmJpjetBjMnQPTZ2ojSazWh1ncnHbXVW");
  });

  it("pool vault deltas match (an inner hop of a route)", () => {
    const s = decode(tx).swaps[0]!;
    expect(tokenDelta(tx, "3bWPj5eepJm8CxUzk5MMFMN2CFJkntxKvbmy4zwwtpJd")).toBe(s.amountIn);
    expect(tokenDelta(tx, "GviiXg2Xc1xCpyNY36r7h1EAy7uvse5UMkiiyHjRDU6Z")).toBe(-s.amountOut);
  });

  it("with routes merged, the hop is a leg of the Jupiter route", () => {
    const { swaps, errors } = decodeRouted(tx);
    expect(errors).toEqual([]);
    expect(swaps).toHaveLength(1);
    expect(swaps[0]!.legs).toContainEqual({
      dex: "raydium-clmm", programId: RAYDIUM_CLMM_PROGRAM, pool: "CYbD9RaToYMtWKA7QZyoLahnHdWq553Vm62Lh6qWtuxq",
      mintIn: USDC_MINT, amountIn: 472821137n, mintOut: WSOL_MINT, amountOut: 2092254175n, ixPath: "2.5",
    });
  });
});

describe("raydium-clmm: synthetic transactions", () => {
  const user = addr("clmm-user");
  const config = addr("clmm-config");
  const pool = addr("clmm-pool");
  const pool2 = addr("clmm-pool-2");
  const obs = addr("clmm-observation");
  const tick = addr("clmm-tick-array");
  const userIn = addr("clmm-user-in");
  const userMid = addr("clmm-user-mid");
  const userOut = addr("clmm-user-out");
  const vaultIn = addr("clmm-vault-in");
  const vaultMid1 = addr("clmm-vault-mid-1");
  const vaultMid2 = addr("clmm-vault-mid-2");
  const vaultOut = addr("clmm-vault-out");
  const feeMint = addr("clmm-token-2022-fee-mint");

  function event(p: string, zeroForOne: boolean, fee0: bigint, fee1: bigint): string {
    const b = [
      0x40, 0xc6, 0xcd, 0xe8, 0x26, 0x08, 0x71, 0xe2, ...bs58.decode(p), ...new Array<number>(96).fill(9),
      ...u64le(1n), ...u64le(fee0), ...u64le(2n), ...u64le(fee1), zeroForOne ? 1 : 0, ...new Array<number>(36).fill(0),
    ];
    return Buffer.from(b).toString("base64");
  }

  /** The runtime's log lines for one outer CLMM instruction with these CPIs and events. */
  function logsFor(inner: IxSpec[], payloads: string[]): string[] {
    return [
      `Program ${RAYDIUM_CLMM_PROGRAM} invoke [1]`,
      ...inner.flatMap((c) => [`Program ${c.program} invoke [2]`, `Program ${c.program} success`]),
      ...payloads.map((p) => `Program data: ${p}`),
      `Program ${RAYDIUM_CLMM_PROGRAM} success`,
    ];
  }

  const balances: TokenBalanceSpec[] = [
    { account: userIn, mint: USDC_MINT, owner: user, decimals: 6, pre: 50_000_000n, post: 0n },
    { account: vaultIn, mint: USDC_MINT, owner: pool, decimals: 6, pre: 10n ** 12n, post: 10n ** 12n + 50_000_000n },
    { account: userOut, mint: feeMint, owner: user, decimals: 8, pre: 0n, post: 7_920_000n, programId: TOKEN_2022_PROGRAM },
    { account: vaultOut, mint: feeMint, owner: pool, decimals: 8, pre: 10n ** 14n, post: 10n ** 14n - 8_000_000n, programId: TOKEN_2022_PROGRAM },
  ];

  const v2Transfers: IxSpec[] = [
    { program: TOKEN_PROGRAM, accounts: [userIn, USDC_MINT, vaultIn, user], data: ixData.tokenTransferChecked(50_000_000n, 6) },
    { program: TOKEN_2022_PROGRAM, accounts: [vaultOut, feeMint, userOut, pool], data: ixData.tokenTransferChecked(8_000_000n, 8) },
  ];

  function v2(opts: { data?: Uint8Array; accounts?: string[]; inner?: IxSpec[]; logs?: string[] } = {}): SolanaTransaction {
    return fromRpcTransaction(
      buildRpcTx({
        signers: [user],
        instructions: [
          {
            program: RAYDIUM_CLMM_PROGRAM,
            accounts: opts.accounts ?? [
              user, config, pool, userIn, userOut, vaultIn, vaultOut, obs,
              TOKEN_PROGRAM, TOKEN_2022_PROGRAM, MEMO_PROGRAM, USDC_MINT, feeMint, tick,
            ],
            data: opts.data ?? swapArgs(SWAP_V2, 50_000_000n, 7_000_000n),
            inner: opts.inner ?? v2Transfers,
          },
        ],
        tokenBalances: balances,
        logs: opts.logs ?? logsFor(v2Transfers, [event(pool, false, 80_000n, 0n)]),
      }),
    );
  }

  it("swap_v2 into a Token-2022 fee mint: out = transfer - the output side's transfer_fee from the SwapEvent", () => {
    const tx = v2();
    const { swaps, errors } = decode(tx);
    expect(errors).toEqual([]);
    expect(swaps).toEqual([
      expect.objectContaining({
        ixPath: "0", pool, trader: user, mintIn: USDC_MINT, amountIn: 50_000_000n, decimalsIn: 6,
        mintOut: feeMint, amountOut: 7_920_000n, decimalsOut: 8,
      }),
    ]);
    expect(ownerMintDelta(tx, user, feeMint)).toBe(swaps[0]!.amountOut);
    // no event: the gross transfer is all that is known
    expect(decode(v2({ logs: [] })).swaps[0]!.amountOut).toBe(8_000_000n);
    // zero_for_one = true would make token_1 the output side: fee1 (0 here) applies
    expect(decode(v2({ logs: logsFor(v2Transfers, [event(pool, true, 80_000n, 0n)]) })).swaps[0]!.amountOut).toBe(8_000_000n);
  });

  it("swap_v2 fees: the Token-2022 legs' transfer fees from the SwapEvent, in each leg's mint", () => {
    // zero_for_one = false: token_1 (USDC) in, token_0 (the fee mint) out; fee0 is the output's
    expect(decode(v2()).swaps[0]!.fees).toEqual([{ kind: "transfer", mint: feeMint, amount: 80_000n }]);
    // zero_for_one = true makes fee0 the input's, but the input is an SPL Token transfer: no fee there
    expect(decode(v2({ logs: logsFor(v2Transfers, [event(pool, true, 80_000n, 0n)]) })).swaps[0]).not.toHaveProperty("fees");
    // no event: nothing stated
    expect(decode(v2({ logs: [] })).swaps[0]).not.toHaveProperty("fees");
    // a Token-2022 input leg with its own fee (fee1 when zero_for_one = false)
    const t22In: IxSpec[] = [
      { program: TOKEN_2022_PROGRAM, accounts: [userIn, USDC_MINT, vaultIn, user], data: ixData.tokenTransferChecked(50_000_000n, 6) },
      v2Transfers[1]!,
    ];
    const both = decode(v2({ inner: t22In, logs: logsFor(t22In, [event(pool, false, 80_000n, 250_000n)]) })).swaps[0]!;
    expect(both.fees).toEqual([
      { kind: "transfer", mint: USDC_MINT, amount: 250_000n },
      { kind: "transfer", mint: feeMint, amount: 80_000n },
    ]);
    // the router reports no fees
    expect(decode(router(1)).swaps[0]).not.toHaveProperty("fees");
  });

  function router(hops: 1 | 2, opts: { inner?: IxSpec[]; accounts?: string[] } = {}): SolanaTransaction {
    const hop1 = [config, pool, hops === 2 ? userMid : userOut, vaultIn, hops === 2 ? vaultMid1 : vaultOut, hops === 2 ? USDT : feeMint, obs, tick];
    const hop2 = [config, pool2, userOut, vaultMid2, vaultOut, feeMint, obs, tick, tick];
    const inner: IxSpec[] =
      hops === 2
        ? [
            { program: TOKEN_PROGRAM, accounts: [userIn, USDC_MINT, vaultIn, user], data: ixData.tokenTransferChecked(50_000_000n, 6) },
            { program: TOKEN_PROGRAM, accounts: [vaultMid1, USDT, userMid, pool], data: ixData.tokenTransferChecked(49_900_000n, 6) },
            { program: TOKEN_PROGRAM, accounts: [userMid, USDT, vaultMid2, user], data: ixData.tokenTransferChecked(49_900_000n, 6) },
            { program: TOKEN_2022_PROGRAM, accounts: [vaultOut, feeMint, userOut, pool2], data: ixData.tokenTransferChecked(8_000_000n, 8) },
          ]
        : [
            { program: TOKEN_PROGRAM, accounts: [userIn, USDC_MINT, vaultIn, user], data: ixData.tokenTransferChecked(50_000_000n, 6) },
            { program: TOKEN_2022_PROGRAM, accounts: [vaultOut, feeMint, userOut, pool], data: ixData.tokenTransferChecked(8_000_000n, 8) },
          ];
    return fromRpcTransaction(
      buildRpcTx({
        signers: [user],
        instructions: [
          {
            program: RAYDIUM_CLMM_PROGRAM,
            accounts: opts.accounts ?? [user, userIn, USDC_MINT, TOKEN_PROGRAM, TOKEN_2022_PROGRAM, MEMO_PROGRAM, ...hop1, ...(hops === 2 ? hop2 : [])],
            data: Uint8Array.from([...ROUTER, ...u64le(50_000_000n), ...u64le(7_000_000n)]),
            inner: opts.inner ?? inner,
          },
        ],
        tokenBalances: balances,
        logs: logsFor(inner, hops === 2 ? [event(pool, true, 0n, 0n), event(pool2, true, 0n, 80_000n)] : [event(pool, false, 80_000n, 0n)]),
      }),
    );
  }

  it("swap_router_base_in over two pools is one swap from the first input to the last output, with the pools as legs", () => {
    const { swaps, errors } = decode(router(2));
    expect(errors).toEqual([]);
    expect(swaps).toEqual([
      expect.objectContaining({
        ixPath: "0", dex: "raydium-clmm", pool: null, trader: user,
        mintIn: USDC_MINT, amountIn: 50_000_000n, decimalsIn: 6,
        mintOut: feeMint, amountOut: 7_920_000n, decimalsOut: 8, // the last hop's event fee applied
      }),
    ]);
    const leg = { dex: "raydium-clmm", programId: RAYDIUM_CLMM_PROGRAM, ixPath: "0" };
    expect(swaps[0]!.legs).toEqual([
      { ...leg, pool, mintIn: USDC_MINT, amountIn: 50_000_000n, mintOut: USDT, amountOut: 49_900_000n },
      { ...leg, pool: pool2, mintIn: USDT, amountIn: 49_900_000n, mintOut: feeMint, amountOut: 7_920_000n },
    ]);
  });

  it("swap_router_base_in over one pool names that pool", () => {
    const { swaps, errors } = decode(router(1));
    expect(errors).toEqual([]);
    expect(swaps[0]).toMatchObject({ pool, mintIn: USDC_MINT, amountIn: 50_000_000n, mintOut: feeMint, amountOut: 7_920_000n });
    expect(swaps[0]!.legs).toBeUndefined();
  });

  it("swap_router_base_in with broken hops is a DecodeError", () => {
    const odd = decode(router(2, { inner: [{ program: TOKEN_PROGRAM, accounts: [userIn, USDC_MINT, vaultIn, user], data: ixData.tokenTransferChecked(1n, 6) }] }));
    expect(odd.errors[0]!.reason).toMatch(/made 1 transfers/);
    const few = decode(router(1, { accounts: [user, userIn, USDC_MINT, TOKEN_PROGRAM, TOKEN_2022_PROGRAM, MEMO_PROGRAM, config] }));
    expect(few.errors[0]!.reason).toMatch(/7 accounts, expected at least 13/);
  });

  it("too short data and too few accounts are DecodeErrors (v1 and v2)", () => {
    const short = decode(v2({ data: Uint8Array.from([...SWAP_V2, ...u64le(1n)]) }));
    expect(short.swaps).toEqual([]);
    expect(short.errors).toHaveLength(1);
    expect(short.errors[0]).toBeInstanceOf(DecodeError);
    expect(short.errors[0]).toMatchObject({ dex: "raydium-clmm", programId: RAYDIUM_CLMM_PROGRAM, ixPath: "0" });
    expect(short.errors[0]!.reason).toMatch(/16 bytes, expected 41/);

    const few = decode(v2({ accounts: [user, config, pool, userIn, userOut, vaultIn, vaultOut, obs, TOKEN_PROGRAM, TOKEN_2022_PROGRAM] }));
    expect(few.errors[0]!.reason).toMatch(/swap_v2 has 10 accounts, expected at least 13/);

    const v1few = decode(v2({ data: swapArgs(SWAP, 1n, 1n), accounts: [user, config, pool, userIn, userOut, vaultIn, vaultOut] }));
    expect(v1few.errors[0]!.reason).toMatch(/swap has 7 accounts, expected at least 10/);
  });

  it("missing CPI transfers are an error, not a zero-amount swap", () => {
    const { swaps, errors } = decode(v2({ inner: [] }));
    expect(swaps).toEqual([]);
    expect(errors[0]!.reason).toMatch(/transfers not found/);
  });

  it("non-swap instructions (pool creation, positions, liquidity, limit orders) give null", () => {
    const names = [
      "create_pool", "open_position_v2", "open_position_with_token22_nft", "increase_liquidity_v2",
      "decrease_liquidity_v2", "close_position", "collect_remaining_rewards", "open_limit_order",
    ];
    for (const n of names) {
      const tx = v2({ data: Uint8Array.from([...disc(`global:${n}`), ...new Array<number>(64).fill(1)]) });
      expect(raydiumClmmDecoder.decode(ixAt(tx, "0"), new TxContext(tx)), n).toBeNull();
      expect(decode(tx), n).toEqual({ swaps: [], errors: [] });
    }
  });
});

describe("raydium-clmm: every mainnet fixture", () => {
  it("decodes swaps exactly where the program traded, and never errs", () => {
    const files = manifest().map((e) => e.file);
    expect(fixturesWithSwaps("raydium-clmm", files, loadTx, decode)).toEqual(["raydium-clmm_2cd7QQSByKy6.json", "raydium-clmm_nexzRp8Z5abE.json", "raydium-route_JiqYGkWcYu8G.json"]);
  });
});
