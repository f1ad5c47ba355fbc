// Mint, metadata and holder decoding. The Metaplex metadata and the token account are real
// mainnet bytes (test/fixtures/solana/accounts); the mints are built from the documented layouts
// (core/domain/test-support/token-accounts.ts), as no public mint dump with stated values was found.
import { describe, expect, it } from "vitest";
import { SYSTEM_PROGRAM, TOKEN_2022_PROGRAM, TOKEN_PROGRAM } from "./programs.js";
import { USDC_MINT } from "./swap.js";
import {
  buildTokenFacts,
  classifyAccount,
  decodeMetaplexMetadata,
  decodeMintAccount,
  decodeTokenMetadataExtension,
  metadataAddress,
  top10Share,
  type DecodedMint,
} from "./token-accounts.js";
import { accountFixture, expectedFixture, ext, metaplexMetadata, splMint, token2022Mint } from "./test-support/token-accounts.js";

const MINT = "B9ktH3g7mwgdoDgCgGRim6qeqPcyRVWJueXS12CMpump";
const AUTH = "GQpoa61ghhu51v6RnseVodSHkVki9XmtumBXjzBR8mQg";
const HOOK = "G8SNiK7rp1vYTG4KcRS9EDn439HCdsweLUo9BCHWdtbw";

function decoded(result: ReturnType<typeof decodeMintAccount>): DecodedMint {
  if (!result.ok) throw new Error(`not a mint: ${result.reason}`);
  return result.mint;
}

describe("Metaplex metadata", () => {
  it("decodes a real mainnet metadata account and trims the NUL padding", () => {
    const account = accountFixture("metaplex_metadata.json");
    const expected = expectedFixture("metaplex_metadata.expected.json");
    expect(account.data.length).toBe(678);
    const meta = decodeMetaplexMetadata(account.data);
    expect(meta).not.toBeNull();
    expect(meta!.mint).toBe(expected.mint);
    expect(meta!.name).toBe(expected.name);
    expect(meta!.symbol).toBe(expected.symbol);
    // The source asserts the uri after URL normalisation, which inserts "/" before "?".
    expect(meta!.uri.replace("link?", "link/?")).toBe(expected.uri_normalised);
    expect(meta!.uri).not.toContain("\0");
    expect(meta!.updateAuthority).toBe((expected.creators as string[])[0]);
    expect(meta!.mutable).toBe(true);
  });

  it("refuses other account kinds and cut data instead of throwing", () => {
    const { data } = accountFixture("metaplex_metadata.json");
    const other = Uint8Array.from(data);
    other[0] = 6; // MasterEditionV2
    expect(decodeMetaplexMetadata(other)).toBeNull();
    expect(decodeMetaplexMetadata(data.subarray(0, 100))).toBeNull();
    expect(decodeMetaplexMetadata(new Uint8Array(0))).toBeNull();
  });

  it("reads mutability from a layout-built account", () => {
    const acc = metaplexMetadata({ mint: MINT, name: "Pump <Token>", symbol: "PMP", uri: "https://x.io/a.json", mutable: false });
    expect(decodeMetaplexMetadata(acc.data)).toMatchObject({ mint: MINT, name: "Pump <Token>", symbol: "PMP", mutable: false });
  });

  it("derives the metadata PDA from the mint", () => {
    // The program's PDA for USDC, as listed on explorers.
    expect(metadataAddress(USDC_MINT)).toBe("5x38Kp4hvdomTCnCrAny4UtMUt5rQBdB6px2K1Ui45Wq");
    expect(metadataAddress(MINT)).not.toBe(metadataAddress(USDC_MINT));
  });
});

describe("mint accounts", () => {
  it("decodes an SPL Token mint with both authorities", () => {
    const m = decoded(decodeMintAccount(MINT, splMint({ mintAuthority: AUTH, freezeAuthority: HOOK, supply: 999_999_999_123456n, decimals: 6 })));
    expect(m).toMatchObject({
      program: "spl-token",
      decimals: 6,
      supply: 999_999_999_123456n,
      mintAuthority: AUTH,
      freezeAuthority: HOOK,
      riskyExtensions: [],
      extensions: [],
      transferFeeBps: null,
      metadata: null,
    });
  });

  it("reads renounced authorities as null", () => {
    const m = decoded(decodeMintAccount(MINT, splMint({ mintAuthority: null, freezeAuthority: null })));
    expect(m.mintAuthority).toBeNull();
    expect(m.freezeAuthority).toBeNull();
  });

  it("flags every Token-2022 extension that can hurt a holder", () => {
    const acc = token2022Mint({ decimals: 9 }, [
      ext.transferFee({ authority: AUTH, olderBps: 100, newerBps: 250 }),
      ext.permanentDelegate(AUTH),
      ext.transferHook(AUTH, HOOK),
      ext.nonTransferable(),
      ext.defaultAccountState(2),
      ext.pausable(AUTH),
    ]);
    const m = decoded(decodeMintAccount(MINT, acc));
    expect(m.program).toBe("token-2022");
    expect(m.decimals).toBe(9);
    expect([...m.riskyExtensions].sort()).toEqual(
      ["defaultAccountStateFrozen", "nonTransferable", "permanentDelegate", "transferFee", "transferHook"].sort(),
    );
    expect(m.transferFeeBps).toBe(250);
    expect(m.extensions).toEqual([
      "TransferFeeConfig",
      "PermanentDelegate",
      "TransferHook",
      "NonTransferable",
      "DefaultAccountState",
      "PausableConfig",
    ]);
  });

  it("does not flag harmless settings of the same extensions", () => {
    const acc = token2022Mint({}, [
      ext.transferFee({ authority: null, olderBps: 0, newerBps: 0 }),
      ext.permanentDelegate(null),
      ext.transferHook(null, null),
      ext.defaultAccountState(1),
    ]);
    const m = decoded(decodeMintAccount(MINT, acc));
    expect(m.riskyExtensions).toEqual([]);
    expect(m.transferFeeBps).toBe(0);
  });

  it("reads name, symbol and uri from the token metadata extension the mint points at", () => {
    const acc = token2022Mint({}, [
      ext.metadataPointer(AUTH, MINT),
      ext.tokenMetadata(MINT, { name: "Embedded Coin", symbol: "EMB", uri: "https://e.io/m.json" }, [["site", "e.io"]]),
    ]);
    const m = decoded(decodeMintAccount(MINT, acc));
    expect(m.metadata).toEqual({ name: "Embedded Coin", symbol: "EMB", uri: "https://e.io/m.json" });
    expect(m.extensions).toEqual(["MetadataPointer", "TokenMetadata"]);
  });

  it("ignores embedded metadata when the pointer names another account", () => {
    const acc = token2022Mint({}, [
      ext.metadataPointer(AUTH, HOOK),
      ext.tokenMetadata(MINT, { name: "Stale", symbol: "OLD", uri: "" }),
    ]);
    expect(decoded(decodeMintAccount(MINT, acc)).metadata).toBeNull();
  });

  it("decodes the token metadata extension value alone, and refuses cut data", () => {
    const entry = ext.tokenMetadata(MINT, { name: "N", symbol: "S", uri: "U" });
    expect(decodeTokenMetadataExtension(entry.value)).toEqual({ name: "N", symbol: "S", uri: "U" });
    expect(decodeTokenMetadataExtension(entry.value.subarray(0, 70))).toBeNull();
  });

  it("decodes a plain 82-byte Token-2022 mint", () => {
    const m = decoded(decodeMintAccount(MINT, token2022Mint({ mintAuthority: AUTH })));
    expect(m).toMatchObject({ program: "token-2022", mintAuthority: AUTH, extensions: [], riskyExtensions: [] });
  });
});

describe("what a non-mint address is", () => {
  it("a real SPL token account is a token account, not a mint", () => {
    const acc = accountFixture("spl_token_account.json");
    expect(acc.data.length).toBe(165);
    expect(decodeMintAccount("94s94H8HNCSxvuduxuG16VybBp1YCpzxMV8x5o7RbPMT", acc)).toEqual({ ok: false, reason: "token-account" });
  });

  it("a Token-2022 token account (account type 2) is a token account", () => {
    const acc = token2022Mint({}, [ext.nonTransferable()]);
    const data = Uint8Array.from(acc.data);
    data[165] = 2;
    expect(decodeMintAccount(MINT, { ...acc, data })).toEqual({ ok: false, reason: "token-account" });
  });

  it("an uninitialised mint is not a token", () => {
    expect(decodeMintAccount(MINT, splMint({ initialized: false }))).toEqual({ ok: false, reason: "other" });
  });

  it("tells wallets, programs, missing and other accounts apart", () => {
    const wallet = { owner: SYSTEM_PROGRAM, data: new Uint8Array(0), executable: false, lamports: 5 };
    const program = { owner: "BPFLoaderUpgradeab1e11111111111111111111111", data: new Uint8Array(36), executable: true, lamports: 1 };
    const pool = { owner: "pAMMBay6oceH9fJKBRHGP5D4bD4sWpmSwMn52FMfXEA", data: new Uint8Array(300), executable: false, lamports: 1 };
    expect(decodeMintAccount(AUTH, wallet)).toEqual({ ok: false, reason: "wallet" });
    expect(decodeMintAccount(AUTH, program)).toEqual({ ok: false, reason: "program" });
    expect(decodeMintAccount(AUTH, pool)).toEqual({ ok: false, reason: "other" });
    expect(decodeMintAccount(AUTH, null)).toEqual({ ok: false, reason: "not-found" });
    // Native programs have no account data the RPC shows, but they are programs.
    expect(classifyAccount(TOKEN_PROGRAM, null)).toBe("program");
    expect(classifyAccount(TOKEN_2022_PROGRAM, null)).toBe("program");
  });
});

describe("top-10 holder share", () => {
  it("sums the ten largest of up to twenty accounts", () => {
    const largest = Array.from({ length: 20 }, (_, i) => ({ address: `a${i}`, amount: String((i + 1) * 1000) }));
    // Largest ten: 11..20 thousand = 155,000 of 1,000,000.
    expect(top10Share(largest, 1_000_000n)).toBeCloseTo(0.155, 6);
  });

  it("keeps precision for u64 supplies and answers null for an empty supply", () => {
    expect(top10Share([{ address: "a", amount: "18446744073709551615" }], 18446744073709551615n)).toBe(1);
    expect(top10Share([], 0n)).toBeNull();
  });
});

describe("buildTokenFacts", () => {
  const base = decoded(decodeMintAccount(MINT, splMint({ mintAuthority: AUTH })));
  const metaplex = decodeMetaplexMetadata(metaplexMetadata({ mint: MINT, name: "Pump", symbol: "PMP", uri: "u", mutable: true }).data);

  it("takes Metaplex metadata for an SPL mint", () => {
    const facts = buildTokenFacts({ mint: MINT, decoded: base, metaplex, top10HolderShare: 0.5, fetchedAt: 100 });
    expect(facts).toMatchObject({ mint: MINT, symbol: "PMP", name: "Pump", uri: "u", metadataMutable: true, top10HolderShare: 0.5, fetchedAt: 100 });
  });

  it("ignores Metaplex metadata of another mint and empty strings", () => {
    const other = decodeMetaplexMetadata(metaplexMetadata({ mint: AUTH, name: "Other", symbol: "OTH", uri: "" }).data);
    expect(buildTokenFacts({ mint: MINT, decoded: base, metaplex: other, top10HolderShare: null, fetchedAt: 1 })).toMatchObject({
      symbol: null,
      name: null,
      uri: null,
      metadataMutable: null,
    });
  });

  it("prefers the mint's own metadata extension", () => {
    const withExt = decoded(
      decodeMintAccount(MINT, token2022Mint({}, [ext.metadataPointer(null, MINT), ext.tokenMetadata(MINT, { name: "Own", symbol: "OWN", uri: "o" })])),
    );
    expect(buildTokenFacts({ mint: MINT, decoded: withExt, metaplex, top10HolderShare: null, fetchedAt: 1 })).toMatchObject({ symbol: "OWN", name: "Own" });
  });
});
