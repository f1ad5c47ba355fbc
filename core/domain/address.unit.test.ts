import { readFileSync } from "node:fs";
import bs58 from "bs58";
import { PublicKey } from "@solana/web3.js";
import { describe, expect, it } from "vitest";
import { checkAddressFormat, checkWalletAddress } from "./address.js";
import { PUMPFUN_PROGRAM, RAYDIUM_AMM_V4_PROGRAM, SYSTEM_PROGRAM, TOKEN_PROGRAM } from "./programs.js";
import { WSOL_MINT } from "./swap.js";

const FIXTURES = new URL("../../test/fixtures/solana/", import.meta.url);
interface ManifestRow {
  file: string;
  encoding: "json" | "jsonParsed" | "base64";
}
interface RpcTx {
  transaction: { message: { accountKeys: (string | { pubkey: string })[] } };
}
const readTx = (file: string): RpcTx => JSON.parse(readFileSync(new URL(file, FIXTURES), "utf8"));
const accountKeys = (tx: RpcTx): string[] =>
  tx.transaction.message.accountKeys.map((k) => (typeof k === "string" ? k : k.pubkey));

// Fee payers sign their transactions: real wallets, so on the curve.
const manifest: ManifestRow[] = JSON.parse(readFileSync(new URL("manifest.json", FIXTURES), "utf8"));
const feePayers = [
  ...new Set(manifest.filter((r) => r.encoding !== "base64").map((r) => accountKeys(readTx(r.file))[0]!)),
];

/** A valid wallet with one character swapped, to test the characters base58 leaves out. */
const WALLET = "GQpoa61ghhu51v6RnseVodSHkVki9XmtumBXjzBR8mQg";

describe("checkWalletAddress", () => {
  it("accepts the fee payers of real mainnet transactions", () => {
    expect(feePayers.length).toBeGreaterThan(20);
    for (const payer of feePayers) expect(checkWalletAddress(payer)).toEqual({ ok: true, address: payer });
  });

  it("trims surrounding whitespace", () => {
    expect(checkWalletAddress(`  ${WALLET}\n`)).toEqual({ ok: true, address: WALLET });
  });

  it("refuses a pump.fun bonding curve (a PDA) as off-curve", () => {
    const tx = readTx("pumpfun_2wkECde79Gon.json");
    const mint = new PublicKey("B9ktH3g7mwgdoDgCgGRim6qeqPcyRVWJueXS12CMpump");
    const [curve] = PublicKey.findProgramAddressSync(
      [Buffer.from("bonding-curve"), mint.toBuffer()],
      new PublicKey(PUMPFUN_PROGRAM),
    );
    const address = curve.toBase58();
    // The derivation is the real one: the swap touches exactly this account.
    expect(accountKeys(tx)).toContain(address);
    expect(checkWalletAddress(address)).toEqual({ ok: false, reason: "off-curve", address });
  });

  it("refuses an associated token account (a PDA) as off-curve", () => {
    const [ata] = PublicKey.findProgramAddressSync(
      [new PublicKey(WALLET).toBuffer(), new PublicKey(TOKEN_PROGRAM).toBuffer(), new PublicKey(WSOL_MINT).toBuffer()],
      new PublicKey("ATokenGPvbdGVxr1b2hvZbsiqW5xWH25efTNsLJA8knL"),
    );
    expect(checkWalletAddress(ata.toBase58())).toMatchObject({ ok: false, reason: "off-curve" });
  });

  it("refuses program ids by name, before the curve check (most are on the curve)", () => {
    expect(checkWalletAddress(RAYDIUM_AMM_V4_PROGRAM)).toEqual({
      ok: false,
      reason: "program",
      address: RAYDIUM_AMM_V4_PROGRAM,
      name: "Raydium AMM v4",
    });
    expect(checkWalletAddress(SYSTEM_PROGRAM)).toMatchObject({ reason: "program", name: "System Program" });
    expect(checkWalletAddress(PUMPFUN_PROGRAM)).toMatchObject({ reason: "program", name: "Pump.fun" });
    expect(PublicKey.isOnCurve(bs58.decode(RAYDIUM_AMM_V4_PROGRAM))).toBe(true);
  });

  it("refuses the well-known quote mints", () => {
    expect(checkWalletAddress(WSOL_MINT)).toEqual({ ok: false, reason: "mint", address: WSOL_MINT, symbol: "SOL" });
  });

  it("lets an unknown mint through: mints are keypairs, the bot asks the token table", () => {
    expect(checkWalletAddress("B9ktH3g7mwgdoDgCgGRim6qeqPcyRVWJueXS12CMpump")).toMatchObject({ ok: true });
  });

  it("refuses empty input", () => {
    expect(checkWalletAddress("")).toEqual({ ok: false, reason: "empty" });
    expect(checkWalletAddress(" \t ")).toEqual({ ok: false, reason: "empty" });
  });

  it.each(["0", "O", "I", "l"])("names %s, which base58 leaves out", (c) => {
    const typo = `${WALLET.slice(0, 10)}${c}${WALLET.slice(11)}`;
    expect(checkWalletAddress(typo)).toEqual({ ok: false, reason: "not-base58", invalid: [c] });
  });

  it("lists each invalid character once, symbols and non-ASCII included", () => {
    expect(checkWalletAddress("0x00ab<script>")).toEqual({
      ok: false,
      reason: "not-base58",
      invalid: ["0", "<", ">"],
    });
    expect(checkWalletAddress("钱包地址")).toMatchObject({ reason: "not-base58", invalid: ["钱", "包", "地", "址"] });
    expect(checkWalletAddress(`${WALLET}\u200b`)).toMatchObject({ reason: "not-base58", invalid: ["\u200b"] });
  });

  it("refuses strings too short or too long to be 32 bytes without decoding them", () => {
    expect(checkWalletAddress("abc")).toEqual({ ok: false, reason: "wrong-length", chars: 3, bytes: null });
    expect(checkWalletAddress(`${WALLET}abc`)).toEqual({ ok: false, reason: "wrong-length", chars: 47, bytes: null });
    expect(checkWalletAddress("2".repeat(10_000))).toMatchObject({ reason: "wrong-length", chars: 10_000 });
  });

  it("refuses 31- and 33-byte values whose length looks right", () => {
    const b31 = bs58.encode(new Uint8Array(31).fill(0xff));
    const b33 = bs58.encode(new Uint8Array(33).fill(0x01, 12));
    for (const [encoded, bytes] of [
      [b31, 31],
      [b33, 33],
    ] as const) {
      expect(encoded.length).toBeGreaterThanOrEqual(32);
      expect(encoded.length).toBeLessThanOrEqual(44);
      expect(checkWalletAddress(encoded)).toEqual({ ok: false, reason: "wrong-length", chars: encoded.length, bytes });
    }
  });
});

describe("checkAddressFormat", () => {
  it("accepts any 32-byte address, programs and PDAs included", () => {
    expect(checkAddressFormat(RAYDIUM_AMM_V4_PROGRAM)).toEqual({ ok: true, address: RAYDIUM_AMM_V4_PROGRAM });
    expect(checkAddressFormat(WSOL_MINT)).toMatchObject({ ok: true });
  });
});
