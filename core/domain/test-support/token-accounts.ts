/**
 * Test-only: mint and metadata account bytes built from the documented layouts, for the cases no
 * public fixture with stated values covers (see test/fixtures/solana/accounts/README.md), and the
 * recorded account fixtures of that folder.
 *
 * SPL Token mint (82 bytes): u32 COption tag + 32-byte mint authority, u64 supply, u8 decimals,
 * u8 initialized, u32 COption tag + 32-byte freeze authority. Token-2022 with extensions: the same
 * 82 bytes, zero padding to 165, account type 1 (mint), then TLV entries (u16 type, u16 length,
 * value). Metaplex MetadataV1: key 4, update authority, mint, name/symbol/uri as u32-length
 * strings padded with NULs to 32/10/200 bytes, seller fee u16, creators option, primary sale,
 * is_mutable.
 */
import { readFileSync } from "node:fs";
import { PublicKey } from "@solana/web3.js";
import { TOKEN_2022_PROGRAM, TOKEN_PROGRAM } from "../programs.js";
import { METAPLEX_METADATA_PROGRAM, type RawAccount } from "../token-accounts.js";

const ACCOUNTS_DIR = new URL("../../../test/fixtures/solana/accounts/", import.meta.url);

/** A recorded account fixture (`{data: [base64, "base64"], owner, …}` or `{account: …}`). */
export function accountFixture(name: string): RawAccount & { base64: string } {
  const doc = JSON.parse(readFileSync(new URL(name, ACCOUNTS_DIR), "utf8")) as Record<string, unknown>;
  const acc = ("account" in doc ? doc.account : doc) as { data: [string, string]; owner: string; executable: boolean; lamports: number };
  return { owner: acc.owner, executable: acc.executable, lamports: acc.lamports, data: Uint8Array.from(Buffer.from(acc.data[0], "base64")), base64: acc.data[0] };
}

export function expectedFixture(name: string): Record<string, unknown> {
  return (JSON.parse(readFileSync(new URL(name, ACCOUNTS_DIR), "utf8")) as { fields: Record<string, unknown> }).fields;
}

class Writer {
  private readonly parts: number[] = [];
  u8(v: number): this {
    this.parts.push(v & 0xff);
    return this;
  }
  u16(v: number): this {
    return this.u8(v).u8(v >> 8);
  }
  u32(v: number): this {
    return this.u16(v & 0xffff).u16(v >>> 16);
  }
  u64(v: bigint): this {
    for (let i = 0n; i < 8n; i++) this.u8(Number((v >> (8n * i)) & 0xffn));
    return this;
  }
  key(k: string | null): this {
    for (const b of k === null ? new Uint8Array(32) : new PublicKey(k).toBytes()) this.u8(b);
    return this;
  }
  bytes(b: Uint8Array): this {
    for (const x of b) this.u8(x);
    return this;
  }
  /** A borsh string, padded with NULs to `padTo` bytes when given (as Metaplex does). */
  string(s: string, padTo?: number): this {
    const raw = new TextEncoder().encode(s);
    const len = padTo ?? raw.length;
    this.u32(len).bytes(raw);
    for (let i = raw.length; i < len; i++) this.u8(0);
    return this;
  }
  zeros(n: number): this {
    for (let i = 0; i < n; i++) this.u8(0);
    return this;
  }
  get length(): number {
    return this.parts.length;
  }
  done(): Uint8Array {
    return Uint8Array.from(this.parts);
  }
}

export interface MintSpec {
  mintAuthority?: string | null;
  freezeAuthority?: string | null;
  supply?: bigint;
  decimals?: number;
  initialized?: boolean;
}

/** A Token-2022 extension as (type, value bytes). */
export interface TlvEntry {
  type: number;
  value: Uint8Array;
}

/** TLV extension type numbers (spl-token's `ExtensionType`). */
export const EXT = {
  TransferFeeConfig: 1,
  MintCloseAuthority: 3,
  DefaultAccountState: 6,
  NonTransferable: 9,
  InterestBearingConfig: 10,
  PermanentDelegate: 12,
  TransferHook: 14,
  MetadataPointer: 18,
  TokenMetadata: 19,
  PausableConfig: 26,
} as const;

function mintBase(spec: MintSpec): Writer {
  const w = new Writer();
  const ma = spec.mintAuthority ?? null;
  const fa = spec.freezeAuthority ?? null;
  w.u32(ma === null ? 0 : 1).key(ma);
  w.u64(spec.supply ?? 1_000_000_000_000_000n).u8(spec.decimals ?? 6).u8(spec.initialized === false ? 0 : 1);
  w.u32(fa === null ? 0 : 1).key(fa);
  return w;
}

/** An SPL Token mint account. */
export function splMint(spec: MintSpec = {}): RawAccount {
  return { owner: TOKEN_PROGRAM, data: mintBase(spec).done(), executable: false, lamports: 1_461_600 };
}

/** A Token-2022 mint account with the given extensions (none: the plain 82-byte layout). */
export function token2022Mint(spec: MintSpec = {}, extensions: readonly TlvEntry[] = []): RawAccount {
  const w = mintBase(spec);
  if (extensions.length > 0) {
    w.zeros(165 - w.length).u8(1);
    for (const e of extensions) w.u16(e.type).u16(e.value.length).bytes(e.value);
  }
  return { owner: TOKEN_2022_PROGRAM, data: w.done(), executable: false, lamports: 4_176_000 };
}

export const ext = {
  transferFee(opts: { authority: string | null; olderBps: number; newerBps: number; newerEpoch?: bigint }): TlvEntry {
    const w = new Writer().key(opts.authority).key(null).u64(0n);
    w.u64(0n).u64(1_000_000n).u16(opts.olderBps);
    w.u64(opts.newerEpoch ?? 0n).u64(1_000_000n).u16(opts.newerBps);
    return { type: EXT.TransferFeeConfig, value: w.done() };
  },
  permanentDelegate(delegate: string | null): TlvEntry {
    return { type: EXT.PermanentDelegate, value: new Writer().key(delegate).done() };
  },
  transferHook(authority: string | null, program: string | null): TlvEntry {
    return { type: EXT.TransferHook, value: new Writer().key(authority).key(program).done() };
  },
  nonTransferable(): TlvEntry {
    return { type: EXT.NonTransferable, value: new Uint8Array(0) };
  },
  /** 1 = initialized, 2 = frozen. */
  defaultAccountState(state: 1 | 2): TlvEntry {
    return { type: EXT.DefaultAccountState, value: Uint8Array.of(state) };
  },
  metadataPointer(authority: string | null, address: string | null): TlvEntry {
    return { type: EXT.MetadataPointer, value: new Writer().key(authority).key(address).done() };
  },
  tokenMetadata(mint: string, fields: { name: string; symbol: string; uri: string }, extra: [string, string][] = []): TlvEntry {
    const w = new Writer().key(null).key(mint).string(fields.name).string(fields.symbol).string(fields.uri).u32(extra.length);
    for (const [k, v] of extra) w.string(k).string(v);
    return { type: EXT.TokenMetadata, value: w.done() };
  },
  pausable(authority: string): TlvEntry {
    return { type: EXT.PausableConfig, value: new Writer().key(authority).u8(0).done() };
  },
};

/** A Metaplex MetadataV1 account with the program's fixed padding. */
export function metaplexMetadata(opts: { mint: string; name: string; symbol: string; uri: string; updateAuthority?: string; mutable?: boolean }): RawAccount {
  const w = new Writer().u8(4).key(opts.updateAuthority ?? "11111111111111111111111111111111").key(opts.mint);
  w.string(opts.name, 32).string(opts.symbol, 10).string(opts.uri, 200);
  w.u16(0).u8(0).u8(0).u8(opts.mutable === false ? 0 : 1);
  // Edition nonce, token standard, collection, uses… as an absent option each (the decoder stops before them).
  w.u8(1).u8(254).u8(1).u8(0).zeros(4);
  return { owner: METAPLEX_METADATA_PROGRAM, data: w.done(), executable: false, lamports: 5_616_720 };
}
