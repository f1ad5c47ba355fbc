import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import bs58 from "bs58";
import { describe, expect, it } from "vitest";
import { PUMPFUN_PROGRAM, RAYDIUM_LAUNCHLAB_PROGRAM, TOKEN_PROGRAM } from "../../programs.js";
import { WSOL_MINT } from "../../swap.js";
import { addr, buildRpcTx, ixData } from "../../test-support/factory.js";
import type { IxSpec } from "../../test-support/factory.js";
import { loadTx, manifest, ownerMintDelta, tokenDelta } from "../../test-support/fixtures.js";
import { fromRpcTransaction } from "../../transaction.js";
import type { SolanaTransaction } from "../../transaction.js";
import { TxContext } from "../context.js";
import { DEFAULT_DECODERS, DecodeError, createRegistry, decodeSwaps } from "../index.js";
import { fixturesWithSwaps, ixAt, paidFrom, u64le, vixenCaptureToTx } from "../../test-support/raydium.js";
import { findLaunchLabTradeEvent, raydiumLaunchLabDecoder } from "./index.js";

const registry = createRegistry([...DEFAULT_DECODERS, raydiumLaunchLabDecoder]);
// hop by hop: aggregator routes are merged by decodeSwaps afterwards (checked separately)
const decode = (tx: SolanaTransaction) => decodeSwaps(tx, { registry, routes: false });
const decodeRouted = (tx: SolanaTransaction) => decodeSwaps(tx, { registry });

const VIXEN_DIR = new URL("../../../../test/fixtures/yellowstone/recorded/vixen_txupdate_json/", import.meta.url);
const readVixen = (f: string): unknown => JSON.parse(readFileSync(new URL(f, VIXEN_DIR), "utf8"));

const disc = (name: string): number[] => [...createHash("sha256").update(name).digest().subarray(0, 8)];
const ANCHOR_EVENT_IX = [0xe4, 0x45, 0xa5, 0x2e, 0x51, 0xcb, 0x9a, 0x1d];
const TRADE_EVENT = disc("event:TradeEvent");

describe("raydium-launchlab: raydium-launchpad_8QTg427xrHug (base64; buy_exact_in inside a bonk router, after a CPMM hop)", () => {
  const tx = loadTx("raydium-launchpad_8QTg427xrHug");
  const pool = "9CQBsANUUBZ1JfTs4DBp8bVxYapmDL3QnTVAXSNVYqLC";
  const token = "9gQhbtdcjQRDQHducXs69bhgfrmKPK4jBffvWW5ebonk";

  it("decodes the buy at 3.9 from its TradeEvent (first event layout, no creator fee)", () => {
    const { swaps, errors } = decode(tx);
    expect(errors).toEqual([]);
    expect(swaps.filter((s) => s.dex === "raydium-launchlab")).toEqual([
      expect.objectContaining({
        ixPath: "3.9", programId: RAYDIUM_LAUNCHLAB_PROGRAM, pool,
        trader: "Cf1VsHUcrwcGwFhswXW9NoDea5Q4wx18YQzm3KGhcJM9",
        mintIn: WSOL_MINT, amountIn: 9064561n, decimalsIn: 9,
        mintOut: token, amountOut: 280637649999n, decimalsOut: 6,
      }),
    ]);
    expect(findLaunchLabTradeEvent(ixAt(tx, "3.9"), new TxContext(tx))).toEqual({
      pool, side: "buy", amountIn: 9064561n, amountOut: 280637649999n,
      protocolFee: 22662n, platformFee: 90646n, creatorFee: 0n, shareFee: 0n,
    });
    // first layout: no creator fee field, so none is reported
    expect(swaps.find((x) => x.dex === "raydium-launchlab")!.fees).toEqual([
      { kind: "protocol", mint: WSOL_MINT, amount: 22662n },
      { kind: "platform", mint: WSOL_MINT, amount: 90646n },
    ]);
  });

  it("balances: the pool vaults (an inner hop) and the trader's token", () => {
    const s = decode(tx).swaps.find((x) => x.dex === "raydium-launchlab")!;
    expect(tokenDelta(tx, "B8KQzNZr3So8imDcyCrSH8LukbuUiyznZ7AxQ8Uuaq4S")).toBe(s.amountIn); // quote vault keeps the fees
    expect(tokenDelta(tx, "76MJmRaGrV69eyfnQoNq36PJZ5WHThs31HMqDJTXAhLk")).toBe(-s.amountOut); // base vault
    expect(ownerMintDelta(tx, s.trader, token)).toBe(s.amountOut);
    expect(paidFrom(tx, ixAt(tx, "3.9"), "688GuMnPpDxPsSXfwZtFd9s2UhbpazDKbQAhVGkw7Jzw")).toBe(s.amountIn);
  });

  it("with routes merged, the buy is the last leg of the DFlow route", () => {
    const { swaps, errors } = decodeRouted(tx);
    expect(errors).toEqual([]);
    expect(swaps).toHaveLength(1);
    expect(swaps[0]!.legs).toContainEqual({
      dex: "raydium-launchlab", programId: RAYDIUM_LAUNCHLAB_PROGRAM, pool,
      mintIn: WSOL_MINT, amountIn: 9064561n, mintOut: token, amountOut: 280637649999n, ixPath: "3.9",
    });
  });
});

describe("raydium-launchlab: raydium-launchpad_mqSGNwKK8GZW (initialize = pool create, then buy_exact_in)", () => {
  const tx = loadTx("raydium-launchpad_mqSGNwKK8GZW");

  it("the create is not a swap; the buy is", () => {
    expect(raydiumLaunchLabDecoder.decode(ixAt(tx, "2"), new TxContext(tx))).toBeNull();
    expect(raydiumLaunchLabDecoder.decode(ixAt(tx, "2.7"), new TxContext(tx))).toBeNull(); // PoolCreateEvent self-CPI
    const { swaps, errors } = decode(tx);
    expect(errors).toEqual([]);
    expect(swaps).toEqual([
      expect.objectContaining({
        ixPath: "6", dex: "raydium-launchlab", pool: "7SUXJsAtzPEY7Aq7e8tRjPJR7VrxUkZ6erKGuprnitNa",
        trader: "FeGbW3kbwQnV42hxUAFfbupVzDU5sKhcHswvtRbrYpn5",
        mintIn: WSOL_MINT, amountIn: 1_000_000_000n, decimalsIn: 9,
        mintOut: "AqFe2tk1BRx6czUuRPGUZ8mtvcBGDZYsG6oPvELwzray", amountOut: 96087352138307n, decimalsOut: 6,
      }),
    ]);
  });

  it("balances: new vaults, the trader's new token account, the WSOL paid", () => {
    const s = decode(tx).swaps[0]!;
    expect(tokenDelta(tx, "FY85BxnA7VWDTd1yV96a3oU4Um5MguQUdW7seZAV2QzQ")).toBe(s.amountIn); // quote vault
    expect(tokenDelta(tx, "72EcyfaNFB7mbwihuQFvqdPKyGJLzeRLtvN3LdBoTpkE")).toBe(903912647861693n - 0n); // base vault: minted supply minus the buy
    expect(903912647861693n + s.amountOut).toBe(10n ** 15n); // 1e9 tokens x 1e6 minted into the vault
    expect(ownerMintDelta(tx, s.trader, s.mintOut)).toBe(s.amountOut);
    expect(paidFrom(tx, ixAt(tx, "6"), "ADg1AFc5xdTAxR647fz1A9geoxbSV8SLstQgfZ9UZkjp")).toBe(s.amountIn);
  });

  it("fees: the TradeEvent's protocol and platform fees, in the quote mint", () => {
    const s = decode(tx).swaps[0]!;
    expect(s.fees).toEqual([
      { kind: "protocol", mint: WSOL_MINT, amount: 2_500_000n },
      { kind: "platform", mint: WSOL_MINT, amount: 7_500_000n },
    ]);
    expect(findLaunchLabTradeEvent(ixAt(tx, "6"), new TxContext(tx))).toMatchObject({ protocolFee: 2_500_000n, platformFee: 7_500_000n });
  });
});

describe("raydium-launchlab: vixen capture 5LzhiG… (initialize_v2, then a buy paying fee vaults)", () => {
  const tx = vixenCaptureToTx(readVixen("5LzhiGZB462sKGLhav13z3KUjjN6EhT9y21F4e4hKpsggFj6bseibkmPP7qXMnac6uDuKZZpdwDcbDqP3YHUXRVp_txupdate.json"));

  it("decodes the buy from the creator-fee TradeEvent layout; initialize_v2 is not a swap", () => {
    expect(raydiumLaunchLabDecoder.decode(ixAt(tx, "2"), new TxContext(tx))).toBeNull();
    const { swaps, errors } = decode(tx);
    expect(errors).toEqual([]);
    expect(swaps).toEqual([
      expect.objectContaining({
        ixPath: "6", dex: "raydium-launchlab", pool: "C9HhQft4MTfnboDfpqS5Vy1zdkxPzL9qscWarUMtA999",
        trader: "7hnTzCVKCa3ToiKC8wgFHzc2s5jRBVDwwg5DpffUKjUu",
        mintIn: WSOL_MINT, amountIn: 9_999_999n, decimalsIn: 9,
        mintOut: "54y4DV6shhwvojpRCCqwvgRTPd45UGrCEghpsa9pBj7F", amountOut: 352899251106n, decimalsOut: 6,
      }),
    ]);
    expect(findLaunchLabTradeEvent(ixAt(tx, "6"), new TxContext(tx))).toMatchObject({ protocolFee: 25_000n, platformFee: 100_000n, creatorFee: 5_000n, shareFee: 0n });
  });

  it("fees leave the quote vault, not the trader: amountIn is what the trader's account paid", () => {
    const s = decode(tx).swaps[0]!;
    expect(paidFrom(tx, ixAt(tx, "6"), "4ZtV2JAMsSs72EMp8sTmqpiRpiofwHikVTEhf6sU6TNd")).toBe(s.amountIn);
    const quoteVault = tokenDelta(tx, "J6aSDGwgVpknJGQ7sNi7s6ibBydhCKVvqbvWZ1PRhULr");
    const platformFeeVault = tokenDelta(tx, "AMWjewk8jvQkqyrUv5cowmbQdoS2ChbJopXXPtVqKtch");
    const creatorFeeVault = tokenDelta(tx, "2xNPzXV5GThfd7VaAJonRxr8LdHJQu8ZoiJ7uC2Gzo5i");
    expect(quoteVault + platformFeeVault + creatorFeeVault).toBe(s.amountIn);
    expect(tokenDelta(tx, "6564d6r8i4TjCZFTBnUr54QXUHD9xeAcWadHfAs5tc1Q")).toBe(10n ** 15n - s.amountOut); // base vault, minted here
    expect(ownerMintDelta(tx, s.trader, s.mintOut)).toBe(s.amountOut);
  });

  it("fees: protocol, platform and creator fees of the creator-fee layout; the fee vaults received the last two", () => {
    const s = decode(tx).swaps[0]!;
    expect(s.fees).toEqual([
      { kind: "protocol", mint: WSOL_MINT, amount: 25_000n },
      { kind: "platform", mint: WSOL_MINT, amount: 100_000n },
      { kind: "creator", mint: WSOL_MINT, amount: 5_000n },
    ]);
    expect(tokenDelta(tx, "AMWjewk8jvQkqyrUv5cowmbQdoS2ChbJopXXPtVqKtch")).toBe(100_000n); // platform fee vault
    expect(tokenDelta(tx, "2xNPzXV5GThfd7VaAJonRxr8LdHJQu8ZoiJ7uC2Gzo5i")).toBe(5_000n); // creator fee vault
  });
});

describe("raydium-launchlab: synthetic transactions", () => {
  const user = addr("ll-user");
  const authority = addr("ll-authority");
  const global = addr("ll-global");
  const platform = addr("ll-platform");
  const pool = addr("ll-pool");
  const userBase = addr("ll-user-base");
  const userQuote = addr("ll-user-quote");
  const baseVault = addr("ll-base-vault");
  const quoteVault = addr("ll-quote-vault");
  const token = addr("ll-token");
  const eventAuthority = addr("ll-event-authority");
  const accounts = [
    user, authority, global, platform, pool, userBase, userQuote, baseVault, quoteVault,
    token, WSOL_MINT, TOKEN_PROGRAM, TOKEN_PROGRAM, eventAuthority, RAYDIUM_LAUNCHLAB_PROGRAM,
  ];

  /** TradeEvent body; `v2` = with creator_fee and exact_in (current program). */
  function body(opts: { pool?: string; dir: 0 | 1; amountIn: bigint; amountOut: bigint; v2?: boolean }): number[] {
    const fees = opts.v2 === false ? [...u64le(11n), ...u64le(22n), ...u64le(44n)] : [...u64le(11n), ...u64le(22n), ...u64le(33n), ...u64le(44n)];
    return [
      ...bs58.decode(opts.pool ?? pool), ...u64le(1n), ...u64le(2n), ...u64le(3n), ...u64le(4n), ...u64le(5n), ...u64le(6n), ...u64le(7n),
      ...u64le(opts.amountIn), ...u64le(opts.amountOut), ...fees, opts.dir, 0, ...(opts.v2 === false ? [] : [1]),
    ];
  }
  const selfCpi = (b: number[], program = RAYDIUM_LAUNCHLAB_PROGRAM): IxSpec => ({
    program, accounts: [eventAuthority], data: Uint8Array.from([...ANCHOR_EVENT_IX, ...TRADE_EVENT, ...b]),
  });
  const sellTransfers: IxSpec[] = [
    { program: TOKEN_PROGRAM, accounts: [userBase, token, baseVault, user], data: ixData.tokenTransferChecked(5_000_000n, 6) },
    { program: TOKEN_PROGRAM, accounts: [quoteVault, WSOL_MINT, userQuote, authority], data: ixData.tokenTransferChecked(123_456n, 9) },
  ];

  function build(opts: { name?: string; data?: Uint8Array; accounts?: string[]; inner?: IxSpec[]; logs?: string[] } = {}): SolanaTransaction {
    return fromRpcTransaction(
      buildRpcTx({
        signers: [user],
        instructions: [
          {
            program: RAYDIUM_LAUNCHLAB_PROGRAM,
            accounts: opts.accounts ?? accounts,
            data: opts.data ?? Uint8Array.from([...disc(`global:${opts.name ?? "sell_exact_in"}`), ...u64le(5_000_000n), ...u64le(100_000n), ...u64le(0n)]),
            inner: opts.inner ?? [selfCpi(body({ dir: 1, amountIn: 5_000_000n, amountOut: 123_456n })), ...sellTransfers],
          },
        ],
        tokenBalances: [
          { account: userBase, mint: token, owner: user, decimals: 6, pre: 5_000_000n, post: 0n },
          { account: baseVault, mint: token, owner: authority, decimals: 6, pre: 10n ** 14n, post: 10n ** 14n + 5_000_000n },
          { account: userQuote, mint: WSOL_MINT, owner: user, decimals: 9, pre: 0n, post: 123_456n },
          { account: quoteVault, mint: WSOL_MINT, owner: authority, decimals: 9, pre: 10n ** 10n, post: 10n ** 10n - 123_456n },
        ],
        ...(opts.logs && { logs: opts.logs }),
      }),
    );
  }

  const sell = {
    ixPath: "0", dex: "raydium-launchlab", pool, trader: user,
    mintIn: token, amountIn: 5_000_000n, decimalsIn: 6, mintOut: WSOL_MINT, amountOut: 123_456n, decimalsOut: 9,
  };

  it("sell_exact_in: base in, quote out after fees, from the current TradeEvent layout", () => {
    const tx = build();
    const { swaps, errors } = decode(tx);
    expect(errors).toEqual([]);
    expect(swaps).toEqual([expect.objectContaining(sell)]);
    expect(ownerMintDelta(tx, user, token)).toBe(-5_000_000n);
    expect(ownerMintDelta(tx, user, WSOL_MINT)).toBe(123_456n);
    expect(findLaunchLabTradeEvent(ixAt(tx, "0"), new TxContext(tx))).toEqual({
      pool, side: "sell", amountIn: 5_000_000n, amountOut: 123_456n, protocolFee: 11n, platformFee: 22n, creatorFee: 33n, shareFee: 44n,
    });
  });

  it("sell_exact_out with the first TradeEvent layout (no creator fee)", () => {
    const tx = build({ name: "sell_exact_out", inner: [selfCpi(body({ dir: 1, amountIn: 5_000_000n, amountOut: 123_456n, v2: false })), ...sellTransfers] });
    expect(decode(tx).swaps).toEqual([expect.objectContaining(sell)]);
    expect(findLaunchLabTradeEvent(ixAt(tx, "0"), new TxContext(tx))).toMatchObject({ creatorFee: 0n, shareFee: 44n });
  });

  it("buy_exact_out: quote in, base out", () => {
    const inner: IxSpec[] = [
      selfCpi(body({ dir: 0, amountIn: 777_000n, amountOut: 9_000_000n })),
      { program: TOKEN_PROGRAM, accounts: [userQuote, WSOL_MINT, quoteVault, user], data: ixData.tokenTransferChecked(777_000n, 9) },
      { program: TOKEN_PROGRAM, accounts: [baseVault, token, userBase, authority], data: ixData.tokenTransferChecked(9_000_000n, 6) },
    ];
    const { swaps, errors } = decode(build({ name: "buy_exact_out", inner }));
    expect(errors).toEqual([]);
    expect(swaps).toEqual([
      expect.objectContaining({ mintIn: WSOL_MINT, amountIn: 777_000n, decimalsIn: 9, mintOut: token, amountOut: 9_000_000n, decimalsOut: 6 }),
    ]);
  });

  it("reads the TradeEvent from the logs when there is no event self-CPI", () => {
    const logs = [
      `Program ${RAYDIUM_LAUNCHLAB_PROGRAM} invoke [1]`,
      `Program data: ${Buffer.from([...TRADE_EVENT, ...body({ dir: 1, amountIn: 5_000_000n, amountOut: 99n })]).toString("base64")}`,
      `Program ${TOKEN_PROGRAM} invoke [2]`, `Program ${TOKEN_PROGRAM} success`,
      `Program ${TOKEN_PROGRAM} invoke [2]`, `Program ${TOKEN_PROGRAM} success`,
      `Program ${RAYDIUM_LAUNCHLAB_PROGRAM} success`,
    ];
    expect(decode(build({ inner: sellTransfers, logs })).swaps[0]!.amountOut).toBe(99n);
  });

  it("falls back to the user <-> vault transfers without any event; pump.fun's same-named event is not taken", () => {
    expect(decode(build({ inner: sellTransfers })).swaps).toEqual([expect.objectContaining(sell)]);
    const pumpEvent = selfCpi(body({ dir: 1, amountIn: 1n, amountOut: 1n }), PUMPFUN_PROGRAM);
    expect(decode(build({ inner: [pumpEvent, ...sellTransfers] })).swaps).toEqual([expect.objectContaining(sell)]);
  });

  it("an event of the wrong side or pool, or neither event nor transfers, is a DecodeError", () => {
    const wrongSide = decode(build({ inner: [selfCpi(body({ dir: 0, amountIn: 1n, amountOut: 2n })), ...sellTransfers] }));
    expect(wrongSide.swaps).toEqual([]);
    expect(wrongSide.errors[0]!.reason).toMatch(/buy TradeEvent for a sell instruction/);
    // a logged event is attributed by replaying the logs: its pool must be the instruction's
    const logs = [
      `Program ${RAYDIUM_LAUNCHLAB_PROGRAM} invoke [1]`,
      `Program data: ${Buffer.from([...TRADE_EVENT, ...body({ pool: addr("other"), dir: 1, amountIn: 1n, amountOut: 2n })]).toString("base64")}`,
      `Program ${RAYDIUM_LAUNCHLAB_PROGRAM} success`,
    ];
    const wrongPool = decode(build({ inner: sellTransfers, logs }));
    expect(wrongPool.errors[0]!.reason).toMatch(/does not match instruction pool/);
    const nothing = decode(build({ inner: [] }));
    expect(nothing.errors[0]!.reason).toMatch(/TradeEvent and trade transfers not found/);
  });

  it("too short data and too few accounts are DecodeErrors", () => {
    const short = decode(build({ data: Uint8Array.from([...disc("global:buy_exact_in"), 1, 2, 3, 4]) }));
    expect(short.swaps).toEqual([]);
    expect(short.errors).toHaveLength(1);
    expect(short.errors[0]).toBeInstanceOf(DecodeError);
    expect(short.errors[0]).toMatchObject({ dex: "raydium-launchlab", programId: RAYDIUM_LAUNCHLAB_PROGRAM, ixPath: "0" });
    expect(short.errors[0]!.reason).toMatch(/12 bytes/);
    const few = decode(build({ accounts: accounts.slice(0, 9) }));
    expect(few.errors[0]!.reason).toMatch(/9 accounts, expected at least 15/);
  });

  it("non-trade instructions (create, migrate, claims, vesting, config) give null", () => {
    const names = [
      "initialize", "initialize_v2", "initialize_with_token_2022", "migrate_to_amm", "migrate_to_cpswap",
      "claim_platform_fee", "claim_creator_fee", "claim_vested_token", "create_vesting_account", "collect_fee", "update_config",
    ];
    for (const n of names) {
      const tx = build({ data: Uint8Array.from([...disc(`global:${n}`), ...new Array<number>(40).fill(1)]) });
      expect(raydiumLaunchLabDecoder.decode(ixAt(tx, "0"), new TxContext(tx)), n).toBeNull();
      expect(decode(tx), n).toEqual({ swaps: [], errors: [] });
    }
  });
});

describe("raydium-launchlab: every mainnet fixture", () => {
  it("decodes swaps exactly where the program traded, and never errs", () => {
    const files = manifest().map((e) => e.file);
    expect(fixturesWithSwaps("raydium-launchlab", files, loadTx, decode)).toEqual(["raydium-launchpad_8QTg427xrHug.json", "raydium-launchpad_mqSGNwKK8GZW.json"]);
  });
});
