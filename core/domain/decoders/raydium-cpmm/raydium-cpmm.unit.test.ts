import { readFileSync } from "node:fs";
import bs58 from "bs58";
import { describe, expect, it } from "vitest";
import { RAYDIUM_CPMM_PROGRAM, TOKEN_2022_PROGRAM, TOKEN_PROGRAM } from "../../programs.js";
import { WSOL_MINT } from "../../swap.js";
import { addr, buildRpcTx, ixData } from "../../test-support/factory.js";
import type { IxSpec } from "../../test-support/factory.js";
import { loadTx, manifest, ownerMintDelta, tokenDelta } from "../../test-support/fixtures.js";
import { fromRpcTransaction } from "../../transaction.js";
import type { Instruction, SolanaTransaction } from "../../transaction.js";
import { TxContext } from "../context.js";
import { DEFAULT_DECODERS, DecodeError, createRegistry, decodeSwaps } from "../index.js";
import type { DecodeContext } from "../types.js";
import { decodeCpmmSwapEvent, raydiumCpmmDecoder } from "./index.js";
import { fixturesWithSwaps, ixAt, lamportDelta, u64le, vixenCaptureToTx } from "../../test-support/raydium.js";

const registry = createRegistry([...DEFAULT_DECODERS, raydiumCpmmDecoder]);
// hop by hop: aggregator routes are merged by decodeSwaps afterwards (checked separately)
const decode = (tx: SolanaTransaction) => decodeSwaps(tx, { registry, routes: false });
const decodeRouted = (tx: SolanaTransaction) => decodeSwaps(tx, { registry });

const VIXEN_DIR = new URL("../../../../test/fixtures/yellowstone/recorded/vixen_txupdate_json/", import.meta.url);
const VIXEN_CPMM = "4RoVbE9HB9GSQN1wyBRW7TJCq4ovvWyMfegQAM1Lvd3UgYWGGgJcW3GYruAi7j1poKboPCS2bK71J4iM5EUwxD6R_txupdate.json";
const readVixen = (f: string): unknown => JSON.parse(readFileSync(new URL(f, VIXEN_DIR), "utf8"));

const SWAP_BASE_INPUT = [0x8f, 0xbe, 0x5a, 0xda, 0xc4, 0x1e, 0x33, 0xde];
const SWAP_BASE_OUTPUT = [0x37, 0xd9, 0x62, 0x56, 0xa3, 0x4a, 0xb4, 0xad];
const SWAP_EVENT = [0x40, 0xc6, 0xcd, 0xe8, 0x26, 0x08, 0x71, 0xe2];

describe("raydium-cpmm: vixen capture 4RoVbE… (swap_base_input, token -> WSOL, outer instruction)", () => {
  const capture = readVixen(VIXEN_CPMM);
  const tx = vixenCaptureToTx(capture);

  it("recognizes the swap_base_input discriminator in the capture's raw instruction bytes", () => {
    const c = capture as { transaction: { transaction: { message: { instructions: { data: number[] }[] } } } };
    const raw = c.transaction.transaction.message.instructions[3]!.data;
    expect(raw.slice(0, 8)).toEqual(SWAP_BASE_INPUT);
    expect(ixAt(tx, "3").data).toEqual(Uint8Array.from(raw));
    expect(ixAt(tx, "3").programId).toBe(RAYDIUM_CPMM_PROGRAM);
  });

  it("decodes one swap with the amounts of the two TransferChecked CPIs", () => {
    const { swaps, errors } = decode(tx);
    expect(errors).toEqual([]);
    expect(swaps).toHaveLength(1);
    expect(swaps[0]).toMatchObject({
      ixPath: "3", dex: "raydium-cpmm", programId: RAYDIUM_CPMM_PROGRAM,
      pool: "HnrJu2mqgHKUhSmZRnwVPTPUW1GwCxbhggGmuF11oW8G",
      trader: "BQYLDzRweToQfMTpUztSWZu4wwmdPATL3eJEyxToPzPD",
      mintIn: "68GdL4q2fNAu7acwrHRjCQwtfvPxXQEFkBihzbKfbonk", amountIn: 218686363204n, decimalsIn: 6,
      mintOut: WSOL_MINT, amountOut: 69520899n, decimalsOut: 9,
      slot: 371821788, blockTime: null,
    });
    expect(decodeRouted(tx)).toEqual(decode(tx)); // no aggregator involved
  });

  it("balances: the trader's token and lamport deltas, the vaults, and the SwapEvent agree", () => {
    const s = decode(tx).swaps[0]!;
    expect(ownerMintDelta(tx, s.trader, s.mintIn)).toBe(-s.amountIn);
    // WSOL arrives in a temporary account closed in the same tx: lamports = out - fee
    expect(lamportDelta(tx, s.trader)).toBe(s.amountOut - tx.fee);
    expect(tokenDelta(tx, "DC1MaB957MXxMUdzBNfgZiMvQ6ag8PjQofVk9Z7Cadux")).toBe(s.amountIn); // input vault
    expect(tokenDelta(tx, "6y5spgQ8T66AAE1mRgTvCYdMWbvfpzmQ6KKmjkVrzqX9")).toBe(-s.amountOut); // output vault
    const ev = new TxContext(tx).loggedData(ixAt(tx, "3")).map(decodeCpmmSwapEvent).find(Boolean);
    expect(ev).toMatchObject({ pool: s.pool, inputAmount: s.amountIn, outputAmount: s.amountOut, outputTransferFee: 0n, baseInput: true });
  });

  it("reserves: the token (input) and WSOL (output) vaults' post balances", () => {
    const s = decode(tx).swaps[0]!;
    expect(s.reserves).toEqual({
      base: postBalance(tx, "DC1MaB957MXxMUdzBNfgZiMvQ6ag8PjQofVk9Z7Cadux"),
      quote: postBalance(tx, "6y5spgQ8T66AAE1mRgTvCYdMWbvfpzmQ6KKmjkVrzqX9"),
    });
    expect(s.reserves!.base).toBeGreaterThan(0n);
  });
});

function postBalance(t: SolanaTransaction, account: string): bigint | undefined {
  return t.postTokenBalances.find((b) => b.account === account)?.amount;
}

describe("raydium-cpmm: raydium-launchpad_8QTg427xrHug (base64; CPMM hop inside a bonk router)", () => {
  const tx = loadTx("raydium-launchpad_8QTg427xrHug");

  it("decodes the inner swap_base_input at 3.5 next to the LaunchLab buy", () => {
    const { swaps, errors } = decode(tx);
    expect(errors).toEqual([]);
    const cpmm = swaps.filter((s) => s.dex === "raydium-cpmm");
    expect(cpmm).toHaveLength(1);
    expect(cpmm[0]).toMatchObject({
      ixPath: "3.5", pool: "5SSjjkmMzfyY1rGZXPyUnfyL4zRGPyK97XDWxkW76ea2",
      trader: "Cf1VsHUcrwcGwFhswXW9NoDea5Q4wx18YQzm3KGhcJM9",
      mintIn: "3cC1zb378zCEjTKctWVQBjdNGSU8YbDThB61M1mTbonk", amountIn: 14005980000n, decimalsIn: 6,
      mintOut: WSOL_MINT, amountOut: 9064561n, decimalsOut: 9,
    });
  });

  it("pool vault deltas match (the trader's own delta also includes the router's fee)", () => {
    const s = decode(tx).swaps.find((x) => x.dex === "raydium-cpmm")!;
    expect(tokenDelta(tx, "DJuYXkPCv9o8QZFkfFEVFvRhChMPqA2jWHtHjAKcJ5Py")).toBe(s.amountIn);
    expect(tokenDelta(tx, "XzR7VR4JF3hF3eZiPfFfw4fuHone2UGy6iX4aup1Nr3")).toBe(-s.amountOut);
    // 14_020_000 went to the router's fee account in outer ix 2, before the swap
    expect(ownerMintDelta(tx, s.trader, s.mintIn)).toBe(-(s.amountIn + 14_020_000n));
  });

  it("reserves of the inner hop: its vaults' post balances (the hop's own swap; a routed leg carries none)", () => {
    const s = decode(tx).swaps.find((x) => x.dex === "raydium-cpmm")!;
    expect(s.reserves).toEqual({
      base: postBalance(tx, "DJuYXkPCv9o8QZFkfFEVFvRhChMPqA2jWHtHjAKcJ5Py"),
      quote: postBalance(tx, "XzR7VR4JF3hF3eZiPfFfw4fuHone2UGy6iX4aup1Nr3"),
    });
  });

  it("has no fees: both legs are SPL Token transfers (no transfer fee), and only those are read", () => {
    const s = decode(tx).swaps.find((x) => x.dex === "raydium-cpmm")!;
    expect(s).not.toHaveProperty("fees");
  });

  it("with routes merged, the hop is a leg of the DFlow route", () => {
    const { swaps, errors } = decodeRouted(tx);
    expect(errors).toEqual([]);
    expect(swaps).toHaveLength(1);
    expect(swaps[0]!.legs).toContainEqual({
      dex: "raydium-cpmm", programId: RAYDIUM_CPMM_PROGRAM, pool: "5SSjjkmMzfyY1rGZXPyUnfyL4zRGPyK97XDWxkW76ea2",
      mintIn: "3cC1zb378zCEjTKctWVQBjdNGSU8YbDThB61M1mTbonk", amountIn: 14005980000n, mintOut: WSOL_MINT, amountOut: 9064561n, ixPath: "3.5",
    });
  });
});

describe("raydium-cpmm: synthetic transactions following the program's account layout", () => {
  const user = addr("cpmm-user");
  const authority = addr("cpmm-authority");
  const config = addr("cpmm-config");
  const pool = addr("cpmm-pool");
  const userIn = addr("cpmm-user-in");
  const userOut = addr("cpmm-user-out");
  const vaultIn = addr("cpmm-vault-in");
  const vaultOut = addr("cpmm-vault-out");
  const observation = addr("cpmm-observation");
  const usdc = addr("cpmm-usdc-like");
  const t22 = addr("cpmm-token-2022-fee-mint");

  function event(outFee: bigint): string {
    const b = [...SWAP_EVENT, ...bs58.decode(pool), ...u64le(1n), ...u64le(2n), ...u64le(3_000_000n), ...u64le(995_000_000n), ...u64le(0n), ...u64le(outFee), 0];
    return Buffer.from(b).toString("base64");
  }

  /** swap_base_output: USDC-like (SPL Token, 6) -> Token-2022 mint with a 1% transfer fee (9). */
  function build(opts: { data?: Uint8Array; accounts?: string[]; inner?: IxSpec[]; logs?: string[] } = {}) {
    const inner = opts.inner ?? [
      { program: TOKEN_PROGRAM, accounts: [userIn, usdc, vaultIn, user], data: ixData.tokenTransferChecked(3_000_000n, 6) },
      { program: TOKEN_2022_PROGRAM, accounts: [vaultOut, t22, userOut, authority], data: ixData.tokenTransferChecked(1_000_000_000n, 9) },
    ];
    return fromRpcTransaction(
      buildRpcTx({
        signers: [user],
        instructions: [
          {
            program: RAYDIUM_CPMM_PROGRAM,
            accounts: opts.accounts ?? [
              user, authority, config, pool, userIn, userOut, vaultIn, vaultOut,
              TOKEN_PROGRAM, TOKEN_2022_PROGRAM, usdc, t22, observation,
            ],
            data: opts.data ?? Uint8Array.from([...SWAP_BASE_OUTPUT, ...u64le(3_100_000n), ...u64le(990_000_000n)]),
            inner,
          },
        ],
        tokenBalances: [
          { account: userIn, mint: usdc, owner: user, decimals: 6, pre: 10_000_000n, post: 7_000_000n },
          { account: vaultIn, mint: usdc, owner: authority, decimals: 6, pre: 10n ** 12n, post: 10n ** 12n + 3_000_000n },
          { account: userOut, mint: t22, owner: user, decimals: 9, pre: 0n, post: 990_000_000n, programId: TOKEN_2022_PROGRAM },
          { account: vaultOut, mint: t22, owner: authority, decimals: 9, pre: 10n ** 15n, post: 10n ** 15n - 1_000_000_000n, programId: TOKEN_2022_PROGRAM },
        ],
        logs: opts.logs ?? [
          `Program ${RAYDIUM_CPMM_PROGRAM} invoke [1]`,
          "Program log: Instruction: SwapBaseOutput",
          `Program data: ${event(10_000_000n)}`,
          `Program ${TOKEN_PROGRAM} invoke [2]`,
          `Program ${TOKEN_PROGRAM} success`,
          `Program ${TOKEN_2022_PROGRAM} invoke [2]`,
          `Program ${TOKEN_2022_PROGRAM} success`,
          `Program ${RAYDIUM_CPMM_PROGRAM} success`,
        ],
      }),
    );
  }

  it("swap_base_output into a Token-2022 fee mint: out is what reached the trader (transfer - output_transfer_fee)", () => {
    const tx = build();
    const { swaps, errors } = decode(tx);
    expect(errors).toEqual([]);
    expect(swaps).toEqual([
      expect.objectContaining({
        ixPath: "0", dex: "raydium-cpmm", pool, trader: user,
        mintIn: usdc, amountIn: 3_000_000n, decimalsIn: 6,
        mintOut: t22, amountOut: 990_000_000n, decimalsOut: 9,
      }),
    ]);
    expect(ownerMintDelta(tx, user, t22)).toBe(swaps[0]!.amountOut);
    expect(ownerMintDelta(tx, user, usdc)).toBe(-swaps[0]!.amountIn);
  });

  it("fees: the Token-2022 legs' transfer fees from the SwapEvent, in each leg's mint", () => {
    expect(decode(build()).swaps[0]!.fees).toEqual([{ kind: "transfer", mint: t22, amount: 10_000_000n }]);
    // no event, or another pool's: nothing stated
    expect(decode(build({ logs: [] })).swaps[0]).not.toHaveProperty("fees");
    const other = Buffer.from([...SWAP_EVENT, ...bs58.decode(addr("other-pool")), ...new Array<number>(49).fill(0)]).toString("base64");
    expect(decode(build({ logs: [`Program ${RAYDIUM_CPMM_PROGRAM} invoke [1]`, `Program data: ${other}`, `Program ${RAYDIUM_CPMM_PROGRAM} success`] })).swaps[0])
      .not.toHaveProperty("fees");
    // a Token-2022 input leg: input_transfer_fee in the input mint; an SPL leg's field is not read
    const ev = (inFee: bigint, outFee: bigint) => Buffer.from([...SWAP_EVENT, ...bs58.decode(pool), ...u64le(1n), ...u64le(2n),
      ...u64le(2_990_000n), ...u64le(995_000_000n), ...u64le(inFee), ...u64le(outFee), 0]).toString("base64");
    const inner: IxSpec[] = [
      { program: TOKEN_2022_PROGRAM, accounts: [userIn, usdc, vaultIn, user], data: ixData.tokenTransferChecked(3_000_000n, 6) },
      { program: TOKEN_2022_PROGRAM, accounts: [vaultOut, t22, userOut, authority], data: ixData.tokenTransferChecked(1_000_000_000n, 9) },
    ];
    const logs = (payload: string) => [`Program ${RAYDIUM_CPMM_PROGRAM} invoke [1]`, `Program data: ${payload}`, `Program ${RAYDIUM_CPMM_PROGRAM} success`];
    expect(decode(build({ inner, logs: logs(ev(10_000n, 10_000_000n)) })).swaps[0]!.fees).toEqual([
      { kind: "transfer", mint: usdc, amount: 10_000n },
      { kind: "transfer", mint: t22, amount: 10_000_000n },
    ]);
    expect(decode(build({ logs: logs(ev(10_000n, 0n)) })).swaps[0]).not.toHaveProperty("fees");
  });

  it("without the SwapEvent (logs lost) the Token-2022 output falls back to the gross transfer", () => {
    const s = decode(build({ logs: [] })).swaps[0]!;
    expect(s.amountOut).toBe(1_000_000_000n);
  });

  it("a SwapEvent of another pool is not applied", () => {
    const other = Buffer.from([...SWAP_EVENT, ...bs58.decode(addr("other-pool")), ...new Array<number>(49).fill(0)]).toString("base64");
    const logs = [`Program ${RAYDIUM_CPMM_PROGRAM} invoke [1]`, `Program data: ${other}`, `Program ${RAYDIUM_CPMM_PROGRAM} success`];
    expect(decode(build({ logs })).swaps[0]!.amountOut).toBe(1_000_000_000n);
  });

  it("reads jsonParsed TransferChecked children the same way (direct call)", () => {
    const parsed = (programId: string, source: string, mint: string, destination: string, authority_: string, amount: string, decimals: number): Instruction => ({
      programId, accounts: [], data: new Uint8Array(0), outerIndex: 0, innerIndex: 0, stackHeight: 2,
      parsed: { type: "transferChecked", info: { source, mint, destination, authority: authority_, tokenAmount: { amount, decimals } } },
    });
    const children = [
      parsed(TOKEN_PROGRAM, userIn, usdc, vaultIn, user, "3000000", 6),
      parsed(TOKEN_PROGRAM, vaultOut, WSOL_MINT, userOut, authority, "1500000000", 9),
    ];
    const ctx: DecodeContext = {
      tx: build(),
      children: () => children,
      tokenAccount: () => undefined,
      loggedData: () => [],
      mintDecimals: () => undefined,
      isSigner: () => true,
    };
    const ix: Instruction = {
      programId: RAYDIUM_CPMM_PROGRAM,
      accounts: [user, authority, config, pool, userIn, userOut, vaultIn, vaultOut, TOKEN_PROGRAM, TOKEN_PROGRAM, usdc, WSOL_MINT, observation],
      data: Uint8Array.from([...SWAP_BASE_INPUT, ...u64le(3_000_000n), ...u64le(1n)]),
      outerIndex: 0, innerIndex: null, stackHeight: 1,
    };
    expect(raydiumCpmmDecoder.decode(ix, ctx)).toEqual({
      pool, trader: user, mintIn: usdc, amountIn: 3_000_000n, decimalsIn: 6, mintOut: WSOL_MINT, amountOut: 1_500_000_000n, decimalsOut: 9,
    });
  });

  it("too short data and too few accounts are DecodeErrors", () => {
    const short = decode(build({ data: Uint8Array.from([...SWAP_BASE_INPUT, 1, 2, 3]) }));
    expect(short.swaps).toEqual([]);
    expect(short.errors).toHaveLength(1);
    expect(short.errors[0]).toBeInstanceOf(DecodeError);
    expect(short.errors[0]).toMatchObject({ dex: "raydium-cpmm", programId: RAYDIUM_CPMM_PROGRAM, ixPath: "0" });
    expect(short.errors[0]!.reason).toMatch(/11 bytes/);

    const few = decode(build({ accounts: [user, authority, config, pool, userIn, userOut, vaultIn, vaultOut] }));
    expect(few.swaps).toEqual([]);
    expect(few.errors[0]!.reason).toMatch(/8 accounts, expected 13/);

    const tx = build();
    expect(() => raydiumCpmmDecoder.decode({ ...ixAt(tx, "0"), data: Uint8Array.from(SWAP_BASE_OUTPUT) }, new TxContext(tx))).toThrow(DecodeError);
  });

  it("a swap whose CPI transfers are missing is an error, not a zero-amount swap", () => {
    const { swaps, errors } = decode(build({ inner: [] }));
    expect(swaps).toEqual([]);
    expect(errors[0]!.reason).toMatch(/transfers not found \(in: missing, out: missing\)/);
  });

  it("non-swap instructions (initialize, deposit, withdraw, unknown) give null and no error", () => {
    const others = ["afaf6d1f0d989bed", "f223c68952e1f2b6", "b712469c946da122", "0000000000000000"];
    for (const h of others) {
      const data = Uint8Array.from([...Buffer.from(h, "hex"), ...u64le(1n), ...u64le(2n), ...u64le(3n)]);
      const tx = build({ data });
      expect(raydiumCpmmDecoder.decode(ixAt(tx, "0"), new TxContext(tx)), h).toBeNull();
      expect(decode(tx), h).toEqual({ swaps: [], errors: [] });
    }
    const empty = build({ data: new Uint8Array(0) });
    expect(raydiumCpmmDecoder.decode(ixAt(empty, "0"), new TxContext(empty))).toBeNull();
  });

  it("ignores other programs' instructions", () => {
    const tx = build();
    expect(raydiumCpmmDecoder.decode(ixAt(tx, "0.0"), new TxContext(tx))).toBeNull();
  });
});

describe("raydium-cpmm: every mainnet fixture", () => {
  it("decodes swaps exactly where the program traded, and never errs", () => {
    const files = manifest().map((e) => e.file);
    expect(fixturesWithSwaps("raydium-cpmm", files, loadTx, decode)).toEqual(["raydium-launchpad_8QTg427xrHug.json"]);
  });
});
