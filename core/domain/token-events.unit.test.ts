import { Keypair, PublicKey } from "@solana/web3.js";
import { describe, expect, it } from "vitest";
import { decodeSwaps } from "./decoders/index.js";
import { METEORA_DBC_PROGRAM, PUMPSWAP_PROGRAM, TOKEN_PROGRAM } from "./programs.js";
import { addr, buildRpcTx, ixData } from "./test-support/factory.js";
import { expectedFields, loadTx, manifest } from "./test-support/fixtures.js";
import { detectTokenEvents, findCreations } from "./token-events.js";
import { fromRpcTransaction } from "./transaction.js";

const eventsOf = (name: string) => {
  const tx = loadTx(name, { slot: 7 });
  return detectTokenEvents(tx, decodeSwaps(tx).swaps);
};
const wallet = (n: number) => Keypair.fromSeed(new Uint8Array(32).fill(n)).publicKey.toBase58();
const pda = (seed: string, program: string) => PublicKey.findProgramAddressSync([Buffer.from(seed)], new PublicKey(program))[0].toBase58();

describe("token events: creations", () => {
  it("pump.fun create: the creator is the dev", () => {
    const [a] = expectedFields("pumpfun_2nebvBA9wsBg")["expectedActionInfos"] as Record<string, string>[];
    expect(eventsOf("pumpfun_2nebvBA9wsBg")).toEqual([
      expect.objectContaining({ kind: "created", mint: a!["tokenMint"], wallet: a!["createdBy"], source: "pumpfun" }),
    ]);
  });

  it("Raydium LaunchLab initialize + the creator's own buy: one dev, no insider", () => {
    const ev = eventsOf("raydium-launchpad_mqSGNwKK8GZW");
    expect(ev).toEqual([
      {
        kind: "created",
        mint: "AqFe2tk1BRx6czUuRPGUZ8mtvcBGDZYsG6oPvELwzray",
        wallet: "FeGbW3kbwQnV42hxUAFfbupVzDU5sKhcHswvtRbrYpn5",
        source: "raydium-launchlab",
        slot: 345646824,
        signature: expect.stringMatching(/^mqSGNwKK8GZW/),
      },
    ]);
  });

  it("pump.fun's migration into PumpSwap (create_pool by CPI) creates no dev", () => {
    const tx = loadTx("pumpfun_2ffHb9AXeKNV");
    expect(findCreations(tx)).toEqual([]);
  });

  it("no other fixture creates a token", () => {
    const creators = manifest()
      .filter((e) => !["pumpfun_2nebvBA9wsBg.json", "raydium-launchpad_mqSGNwKK8GZW.json"].includes(e.file))
      .flatMap((e) => findCreations(loadTx(e.file)).map((c) => `${e.file}: ${c.mint}`));
    expect(creators).toEqual([]);
  });

  it("Meteora DBC pool init: the creator is the dev; an on-curve wallet given tokens is an insider, the pool's PDA is not", () => {
    const [creator, friend, buyer] = [wallet(1), wallet(2), wallet(3)];
    const mint = addr("dbc-mint");
    const vaultOwner = pda("pool_authority", METEORA_DBC_PROGRAM);
    const accounts = [addr("config"), vaultOwner, creator, mint, addr("wsol"), addr("pool")];
    const raw = buildRpcTx({
      signers: [creator, mint],
      instructions: [
        { program: METEORA_DBC_PROGRAM, accounts, data: ixData.raw([0x8c, 0x55, 0xd7, 0xb0, 0x66, 0x36, 0x68, 0x4f, 1, 2, 3]) },
        { program: TOKEN_PROGRAM, accounts: [addr("vault"), addr("friend-ata"), vaultOwner], data: ixData.tokenTransfer(5) },
      ],
      tokenBalances: [
        { account: addr("vault"), mint, owner: vaultOwner, decimals: 6, pre: null, post: 995n },
        { account: addr("friend-ata"), mint, owner: friend, decimals: 6, pre: null, post: 5n },
        { account: addr("buyer-ata"), mint, owner: buyer, decimals: 6, pre: 3n, post: 3n },
      ],
    });
    const tx = fromRpcTransaction(raw);
    const ev = detectTokenEvents(tx, []);
    expect(ev.map((e) => [e.kind, e.wallet, e.source])).toEqual([
      ["created", creator, "meteora-dbc"],
      ["received-at-creation", friend, "meteora-dbc"],
    ]);
    expect(ev.every((e) => e.mint === mint && e.slot === tx.slot && e.signature === tx.signature)).toBe(true);
  });

  it("PumpSwap create_pool signed by a wallet: its creator is the dev only when the mint is new in that transaction", () => {
    const creator = wallet(4);
    const mint = addr("swap-mint");
    const createPool = {
      program: PUMPSWAP_PROGRAM,
      accounts: [addr("pool"), addr("gc"), creator, mint, addr("wsol"), addr("lp")],
      data: ixData.raw([0xe9, 0x92, 0xd1, 0x8e, 0xcf, 0x68, 0x40, 0xbc, 0]),
    };
    const initMint2 = { program: TOKEN_PROGRAM, accounts: [mint], data: ixData.raw([20, 6, ...new Array(32).fill(1), 0]) };
    const spec = { signers: [creator, mint], instructions: [initMint2, createPool] };
    expect(findCreations(fromRpcTransaction(buildRpcTx(spec)))).toEqual([{ mint, creator, source: "pumpswap" }]);
    // A pool for a token that existed before: no dev.
    expect(findCreations(fromRpcTransaction(buildRpcTx({ signers: [creator], instructions: [createPool] })))).toEqual([]);
    // A failed transaction creates nothing.
    expect(findCreations(fromRpcTransaction(buildRpcTx({ ...spec, err: { InstructionError: [0, "Custom"] } })))).toEqual([]);
  });
});

describe("token events: held before a swap", () => {
  it("marks a trader who held the token already (a sell), not a first buyer", () => {
    const all = manifest().flatMap((e) => {
      const tx = loadTx(e.file, { slot: 7 });
      const swaps = decodeSwaps(tx).swaps;
      return detectTokenEvents(tx, swaps).map((ev) => ({ ev, tx, swaps }));
    });
    const held = all.filter((x) => x.ev.kind === "held-before-swap");
    expect(held.length).toBeGreaterThan(10);
    for (const { ev, tx, swaps } of held) {
      expect(swaps.some((s) => s.trader === ev.wallet && (s.mintIn === ev.mint || s.mintOut === ev.mint))).toBe(true);
      const pre = tx.preTokenBalances.filter((b) => b.owner === ev.wallet && b.mint === ev.mint).reduce((a, b) => a + b.amount, 0n);
      expect(pre).toBeGreaterThan(0n);
    }
    // pump.fun trjspFNZ is a sell by a holder; 2wkECde7 is a buy from nothing.
    expect(eventsOf("pumpfun_trjspFNZZnmB").map((e) => e.kind)).toEqual(["held-before-swap"]);
    expect(eventsOf("pumpfun_2wkECde79Gon")).toEqual([]);
  });
});
