import bs58 from "bs58";
import { describe, expect, it } from "vitest";
import { JUPITER_V6_PROGRAM, SYSTEM_PROGRAM, TOKEN_PROGRAM } from "../../programs.js";
import { addr, buildRpcTx, ixData } from "../../test-support/factory.js";
import type { IxSpec, TokenBalanceSpec, TxSpec } from "../../test-support/factory.js";
import { loadTx, rawFixture } from "../../test-support/fixtures.js";
import { fromRpcTransaction } from "../../transaction.js";
import { decodeSwaps } from "../index.js";
import { readJupiterEvent } from "./jupiter.js";

type Json = Record<string, unknown>;

const hexBytes = (h: string): number[] => [...Buffer.from(h, "hex")];
const u64 = (v: bigint): number[] => [...Buffer.from(v.toString(16).padStart(16, "0"), "hex")].reverse();
const u32 = (v: number): number[] => [v & 0xff, (v >> 8) & 0xff, (v >> 16) & 0xff, v >>> 24];
const key = (a: string): number[] => [...bs58.decode(a)];

const EVENT_TAG = "e445a52e51cb9a1d";
const SWAP_EVENT = "40c6cde8260871e2";
const SWAPS_EVENT = "982f4eebc0606e6a";
const ROUTE = "e517cb977ae3ad2a";
const ROUTE_V2 = "bb64facc31c4af14";

interface Hop {
  amm: string;
  mintIn: string;
  amountIn: bigint;
  mintOut: string;
  amountOut: bigint;
}

const swapEventBody = (h: Hop): number[] => [...key(h.amm), ...key(h.mintIn), ...u64(h.amountIn), ...key(h.mintOut), ...u64(h.amountOut)];
const swapsEventBody = (hops: Hop[], withAmm = true): number[] => [
  ...u32(hops.length),
  ...hops.flatMap((h) => [...key(h.mintIn), ...u64(h.amountIn), ...key(h.mintOut), ...u64(h.amountOut), ...(withAmm ? key(h.amm) : [])]),
];

const user = addr("route-user");
const other = addr("someone-else");
const eventAuthority = addr("jup-event-authority");
const programAuth = addr("jup-program-authority");
const [mintA, mintB, mintC] = [addr("mint-a"), addr("mint-b"), addr("mint-c")];
const [ammX, ammY] = [addr("amm-x-program"), addr("amm-y-program")];
const [userA, userC, progA, progB, progC] = ["user-a", "user-c", "prog-a", "prog-b", "prog-c"].map((s) => addr(s)) as [string, string, string, string, string];
const [vaultXA, vaultXB, vaultYB, vaultYC] = ["x-a", "x-b", "y-b", "y-c"].map((s) => addr(`vault-${s}`)) as [string, string, string, string];

const t = (from: string, to: string, auth: string, amount: bigint): IxSpec => ({ program: TOKEN_PROGRAM, accounts: [from, to, auth], data: ixData.tokenTransfer(amount) });
const jupEvent = (body: number[], disc = SWAP_EVENT): IxSpec => ({
  program: JUPITER_V6_PROGRAM, accounts: [eventAuthority], data: Uint8Array.from([...hexBytes(EVENT_TAG), ...hexBytes(disc), ...body]),
});
const bal = (account: string, mint: string, owner: string, pre: bigint | null, post: bigint | null, decimals = 6): TokenBalanceSpec => ({ account, mint, owner, decimals, pre, post });

const HOP_X: Hop = { amm: ammX, mintIn: mintA, amountIn: 1_000n, mintOut: mintB, amountOut: 300n };
const HOP_Y: Hop = { amm: ammY, mintIn: mintB, amountIn: 300n, mintOut: mintC, amountOut: 50n };

/** The venue instructions of a two-hop A -> B -> C route, moving tokens between router accounts and vaults. */
function hops(): [IxSpec, IxSpec] {
  return [
    { program: ammX, accounts: [addr("pool-x"), progA, progB, programAuth], data: Uint8Array.from([1]), inner: [t(progA, vaultXA, programAuth, 1_000n), t(vaultXB, progB, addr("pool-x"), 300n)] },
    { program: ammY, accounts: [addr("pool-y"), progB, progC, programAuth], data: Uint8Array.from([1]), inner: [t(progB, vaultYB, programAuth, 300n), t(vaultYC, progC, addr("pool-y"), 50n)] },
  ];
}

/** A Jupiter route A -> B -> C for `user`, paying out into `receiver`'s C account. */
function routeTx(opts: { events: IxSpec[] | "none"; receiver?: string; v2?: boolean; wrap?: (route: IxSpec) => IxSpec[]; extra?: Partial<TxSpec> }): TxSpec {
  const [hx, hy] = hops();
  const receiver = opts.receiver ?? user;
  const events = opts.events === "none" ? [] : opts.events;
  const route: IxSpec = {
    program: JUPITER_V6_PROGRAM,
    accounts: opts.v2
      ? [user, userA, userC, mintA, mintC, TOKEN_PROGRAM, TOKEN_PROGRAM, JUPITER_V6_PROGRAM, eventAuthority, JUPITER_V6_PROGRAM, progA, progB, progC]
      : [TOKEN_PROGRAM, user, userA, userC, JUPITER_V6_PROGRAM, mintC, JUPITER_V6_PROGRAM, eventAuthority, JUPITER_V6_PROGRAM, progA, progB, progC],
    data: Uint8Array.from([...hexBytes(opts.v2 ? ROUTE_V2 : ROUTE), 0, 0, 0, 0]),
    inner: opts.v2
      ? [t(userA, progA, user, 1_010n), hx, hy, ...events, t(progC, userC, programAuth, 50n)]
      : [t(userA, progA, user, 1_010n), hx, events[0]!, hy, events[1]!, t(progC, userC, programAuth, 50n)].filter(Boolean),
  };
  return {
    signers: [user],
    // the fee payer pays the fee
    lamports: { [user]: [1_000_000, 995_000] },
    instructions: opts.wrap ? opts.wrap(route) : [route],
    tokenBalances: [
      bal(userA, mintA, user, 5_000n, 3_990n),
      bal(userC, mintC, receiver, 0n, 50n, 2),
      bal(progA, mintA, programAuth, 0n, 0n),
      bal(progB, mintB, programAuth, 0n, 0n, 9),
      bal(progC, mintC, programAuth, 0n, 0n, 2),
      bal(vaultXA, mintA, addr("pool-x"), 10n, 1_010n),
      bal(vaultXB, mintB, addr("pool-x"), 400n, 100n, 9),
      bal(vaultYB, mintB, addr("pool-y"), 0n, 300n, 9),
      bal(vaultYC, mintC, addr("pool-y"), 60n, 10n, 2),
    ],
    ...opts.extra,
  };
}

const decode = (spec: TxSpec, opts?: Parameters<typeof decodeSwaps>[1]) => decodeSwaps(fromRpcTransaction(buildRpcTx(spec)), opts);

describe("routes: Jupiter hop events", () => {
  it("reads SwapEvent and both SwapsEvent layouts", () => {
    const one = Uint8Array.from([...hexBytes(SWAP_EVENT), ...swapEventBody(HOP_X)]);
    expect(readJupiterEvent(one)).toEqual([HOP_X]);
    const many = Uint8Array.from([...hexBytes(SWAPS_EVENT), ...swapsEventBody([HOP_X, HOP_Y])]);
    expect(readJupiterEvent(many)).toEqual([HOP_X, HOP_Y]);
    const early = Uint8Array.from([...hexBytes(SWAPS_EVENT), ...swapsEventBody([HOP_X, HOP_Y], false)]);
    expect(readJupiterEvent(early)).toEqual([{ ...HOP_X, amm: null }, { ...HOP_Y, amm: null }]);
    expect(readJupiterEvent(Uint8Array.from([...hexBytes(SWAPS_EVENT), ...u32(2), 1, 2, 3]))).toEqual([]);
    expect(readJupiterEvent(one.subarray(0, 50))).toEqual([]);
  });

  it("a route over venues we cannot decode gets its legs from the per-hop SwapEvents", () => {
    const { swaps, errors } = decode(routeTx({ events: [jupEvent(swapEventBody(HOP_X)), jupEvent(swapEventBody(HOP_Y))] }));
    expect(errors).toEqual([]);
    expect(swaps).toHaveLength(1);
    expect(swaps[0]).toMatchObject({
      ixPath: "0", dex: "jupiter", programId: JUPITER_V6_PROGRAM, pool: null, trader: user,
      // the user's balances: 1_010 left (10 of them a fee), 50 arrived
      mintIn: mintA, amountIn: 1_010n, decimalsIn: 6, mintOut: mintC, amountOut: 50n, decimalsOut: 2,
    });
    expect(swaps[0]!.legs).toEqual([
      { dex: "unknown", programId: ammX, pool: null, ...pick(HOP_X), ixPath: "0.1" },
      { dex: "unknown", programId: ammY, pool: null, ...pick(HOP_Y), ixPath: "0.5" },
    ]);
  });

  it("route_v2: one SwapsEvent for all hops; without `amm` the hop programs come from the route's own CPIs", () => {
    for (const withAmm of [true, false]) {
      const { swaps, errors } = decode(routeTx({ v2: true, events: [jupEvent(swapsEventBody([HOP_X, HOP_Y], withAmm), SWAPS_EVENT)] }));
      expect(errors).toEqual([]);
      expect(swaps).toHaveLength(1);
      expect(swaps[0]).toMatchObject({ dex: "jupiter", trader: user, mintIn: mintA, amountIn: 1_010n, mintOut: mintC, amountOut: 50n });
      expect(swaps[0]!.legs!.map((l) => [l.programId, l.ixPath, l.amountIn, l.amountOut])).toEqual([
        [ammX, "0.1", 1_000n, 300n],
        [ammY, "0.4", 300n, 50n],
      ]);
    }
  });

  it("early v6 builds logged the events: the same legs from `Program data:` lines", () => {
    const raw = rawFixture("jupiter_5LuTa5k9UvgM");
    const meta = raw["meta"] as Json;
    const group = (meta["innerInstructions"] as Json[])[0]!;
    const keys = ((raw["transaction"] as Json)["message"] as Json)["accountKeys"] as string[];
    const loaded = meta["loadedAddresses"] as { writable: string[]; readonly: string[] };
    const all = [...keys, ...loaded.writable, ...loaded.readonly];
    const isEvent = (ix: Json) => all[ix["programIdIndex"] as number] === JUPITER_V6_PROGRAM;
    const events = (group["instructions"] as Json[]).filter(isEvent);
    group["instructions"] = (group["instructions"] as Json[]).filter((ix) => !isEvent(ix));
    // drop the self-invocations from the logs and log the event payloads instead
    const logs = meta["logMessages"] as string[];
    const out: string[] = [];
    let skip = 0;
    for (const l of logs) {
      if (l === `Program ${JUPITER_V6_PROGRAM} invoke [2]`) {
        skip = 3; // invoke, consumed, success
      }
      if (skip > 0) {
        skip--;
        continue;
      }
      out.push(l);
    }
    const payloads = events.map((e) => Buffer.from(bs58.decode(e["data"] as string).subarray(8)).toString("base64"));
    out.splice(out.length - 2, 0, ...payloads.map((p) => `Program data: ${p}`));
    meta["logMessages"] = out;
    const viaLogs = decodeSwaps(fromRpcTransaction(raw));
    expect(viaLogs.errors).toEqual([]);
    const original = decodeSwaps(loadTx("jupiter_5LuTa5k9UvgM")).swaps[0]!;
    expect(viaLogs.swaps).toHaveLength(1);
    expect(viaLogs.swaps[0]).toMatchObject({ mintIn: original.mintIn, amountIn: original.amountIn, mintOut: original.mintOut, amountOut: original.amountOut });
    expect(viaLogs.swaps[0]!.legs!.map((l) => [l.programId, l.amountIn, l.amountOut])).toEqual(
      original.legs!.map((l) => [l.programId, l.amountIn, l.amountOut]),
    );
  });
});

describe("routes: where the user's amounts come from", () => {
  it("output paid to another wallet: the user's balances do not tell the swap, the legs do", () => {
    const { swaps, errors } = decode(routeTx({ receiver: other, events: [jupEvent(swapEventBody(HOP_X)), jupEvent(swapEventBody(HOP_Y))] }));
    expect(errors).toEqual([]);
    expect(swaps).toHaveLength(1);
    expect(swaps[0]).toMatchObject({ trader: user, mintIn: mintA, amountIn: 1_000n, mintOut: mintC, amountOut: 50n, decimalsIn: 6, decimalsOut: 2 });
  });

  it("two routes in one transaction are two swaps, each from its own legs", () => {
    const a = routeTx({ events: [jupEvent(swapEventBody(HOP_X)), jupEvent(swapEventBody(HOP_Y))] });
    const second = { ...a.instructions[0]!, inner: a.instructions[0]!.inner!.map((i) => ({ ...i })) };
    const { swaps, errors } = decode({ ...a, instructions: [a.instructions[0]!, second] });
    expect(errors).toEqual([]);
    expect(swaps.map((s) => [s.ixPath, s.amountIn, s.amountOut, s.legs!.length])).toEqual([
      ["0", 1_000n, 50n, 2],
      ["1", 1_000n, 50n, 2],
    ]);
  });

  it("a route called by another program is found at its inner path, and is the user's swap", () => {
    const bot = addr("bot-program");
    const spec = routeTx({
      events: [jupEvent(swapEventBody(HOP_X)), jupEvent(swapEventBody(HOP_Y))],
      wrap: (route) => [{
        program: bot,
        accounts: [user, addr("bot-state")],
        data: Uint8Array.from([7]),
        inner: [route, { program: SYSTEM_PROGRAM, accounts: [user, addr("bot-fee")], data: ixData.systemTransfer(1_000) }],
      }],
    });
    const { swaps, errors } = decode(spec);
    expect(errors).toEqual([]);
    expect(swaps).toHaveLength(1);
    expect(swaps[0]).toMatchObject({ ixPath: "0.0", dex: "jupiter", programId: JUPITER_V6_PROGRAM, trader: user, amountIn: 1_010n, amountOut: 50n });
    expect(swaps[0]!.legs!.map((l) => l.ixPath)).toEqual(["0.2", "0.6"]);
  });

  it("an aggregator instruction that invokes no venue is not a route", () => {
    const { swaps, errors } = decode({
      signers: [user],
      lamports: { [user]: [1_000_000, 995_000] },
      instructions: [{ program: JUPITER_V6_PROGRAM, accounts: [user, userA, progA], data: Uint8Array.from([1, 2, 3]), inner: [t(userA, progA, user, 5n)] }],
      tokenBalances: [bal(userA, mintA, user, 10n, 5n), bal(progA, mintA, programAuth, 0n, 5n)],
    });
    expect(errors).toEqual([]);
    expect(swaps).toEqual([]);
  });

  it("a route with no readable hop falls back to the user's balances (legs []), unless fallback is off", () => {
    const spec = routeTx({ events: "none" });
    const { swaps, errors } = decode(spec);
    expect(errors).toEqual([]);
    expect(swaps).toHaveLength(1);
    expect(swaps[0]).toMatchObject({ dex: "jupiter", ixPath: "0", trader: user, mintIn: mintA, amountIn: 1_010n, mintOut: mintC, amountOut: 50n, legs: [] });
    expect(decode(spec, { fallback: false }).swaps).toEqual([]);
  });

  it("legs whose mints cannot be given decimals are a DecodeError of the route", () => {
    const ghost = addr("ghost-mint");
    const hop = { ...HOP_X, mintOut: ghost };
    const spec = routeTx({ receiver: other, events: [jupEvent(swapEventBody(hop))] });
    const { swaps, errors } = decode(spec);
    expect(swaps).toEqual([]);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ dex: "jupiter", ixPath: "0", programId: JUPITER_V6_PROGRAM });
    expect(errors[0]!.reason).toMatch(/decimals of/);
  });
});

function pick(h: Hop) {
  return { mintIn: h.mintIn, amountIn: h.amountIn, mintOut: h.mintOut, amountOut: h.amountOut };
}
