/**
 * Reads token facts out of raw account bytes: an SPL Token or Token-2022 mint (with its TLV
 * extensions), a Metaplex Token Metadata account, and the largest-holders list; and tells what an
 * address is when it is not a mint (a wallet, a program, a token account). Pure: the RPC calls
 * live in core/data/token-facts-repository.ts.
 *
 * Key ideas:
 * - Mints are unpacked by @solana/spl-token (`unpackMint` and the extension getters), so the
 *   Token-2022 TLV walk is the token program's own client code, not ours. The token metadata
 *   extension (name, symbol, uri stored in the mint itself) is decoded here: spl-token only reads
 *   it through a connection.
 * - Metaplex metadata is borsh: name, symbol and uri are u32-length strings that the program pads
 *   with NULs to fixed sizes (32, 10, 200), so the NULs are trimmed.
 *
 * Trap: a Token-2022 *token account* is larger than a mint and carries the same TLV area; it is
 * told apart by the account-type byte, which `unpackMint` checks. An SPL Token account (165 bytes)
 * is refused by size.
 */
import { PublicKey } from "@solana/web3.js";
import {
  AccountState,
  ExtensionType,
  getDefaultAccountState,
  getExtensionData,
  getExtensionTypes,
  getMetadataPointerState,
  getNonTransferable,
  getPermanentDelegate,
  getTransferFeeConfig,
  getTransferHook,
  unpackMint,
  type Mint,
} from "@solana/spl-token";
import { isKnownProgram, SYSTEM_PROGRAM, TOKEN_2022_PROGRAM, TOKEN_PROGRAM } from "./programs.js";
import type { NotAMintReason, RiskyExtension, TokenFacts, TokenProgram } from "./token-facts.js";

export const METAPLEX_METADATA_PROGRAM = "metaqbxxUerdq28cj1RbAWkYQm3ybzjb6a8bt518x1s";

/** An account as the RPC returns it, data decoded from base64. */
export interface RawAccount {
  owner: string;
  data: Uint8Array;
  executable: boolean;
  lamports: number;
}

/** A mint as read from its account, before metadata and holders are added. */
export interface DecodedMint {
  program: TokenProgram;
  decimals: number;
  supply: bigint;
  mintAuthority: string | null;
  freezeAuthority: string | null;
  riskyExtensions: RiskyExtension[];
  /** Every Token-2022 extension on the mint, by its spl-token name (e.g. "PausableConfig"). */
  extensions: string[];
  transferFeeBps: number | null;
  /** Name, symbol and uri from the token metadata extension, when the mint carries it. */
  metadata: TokenMetadataFields | null;
}

export interface TokenMetadataFields {
  name: string;
  symbol: string;
  uri: string;
  /** Metaplex only: false once the update authority gave up changing it. */
  mutable?: boolean;
}

export type MintDecode = { ok: true; mint: DecodedMint } | { ok: false; reason: NotAMintReason };

const toBuffer = (bytes: Uint8Array): Buffer => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);

/**
 * The Metaplex metadata account address (PDA of ["metadata", program, mint]).
 *
 * @example metadataAddress("EPjFWdd5AufqSSqeM2qN1xzybapC8G4wEGGkZwyTDt1v")
 */
export function metadataAddress(mint: string): string {
  const program = new PublicKey(METAPLEX_METADATA_PROGRAM);
  const [pda] = PublicKey.findProgramAddressSync(
    [new TextEncoder().encode("metadata"), program.toBytes(), new PublicKey(mint).toBytes()],
    program,
  );
  return pda.toBase58();
}

/** What a non-mint account is, for the answer to "that is not a token". */
export function classifyAccount(address: string, account: RawAccount | null): NotAMintReason {
  if (account === null) return isKnownProgram(address) ? "program" : "not-found";
  if (account.executable) return "program";
  if (account.owner === SYSTEM_PROGRAM && account.data.length === 0) return "wallet";
  if (account.owner === TOKEN_PROGRAM || account.owner === TOKEN_2022_PROGRAM) return "token-account";
  return "other";
}

/**
 * Decodes a mint account of either token program; anything else is `{ ok: false }` with what it
 * is instead.
 *
 * @example decodeMintAccount(mint, { owner: TOKEN_PROGRAM, data, executable: false, lamports: 1 })
 */
export function decodeMintAccount(address: string, account: RawAccount | null): MintDecode {
  if (account === null || (account.owner !== TOKEN_PROGRAM && account.owner !== TOKEN_2022_PROGRAM)) {
    return { ok: false, reason: classifyAccount(address, account) };
  }
  let mint: Mint;
  try {
    mint = unpackMint(
      new PublicKey(address),
      { data: toBuffer(account.data), owner: new PublicKey(account.owner), executable: account.executable, lamports: account.lamports },
      new PublicKey(account.owner),
    );
  } catch {
    // Wrong size or account type: a token account (or a multisig) of the token program.
    return { ok: false, reason: "token-account" };
  }
  if (!mint.isInitialized) return { ok: false, reason: "other" };
  const program: TokenProgram = account.owner === TOKEN_2022_PROGRAM ? "token-2022" : "spl-token";
  const types = mint.tlvData.length > 0 ? getExtensionTypes(mint.tlvData) : [];
  const risky: RiskyExtension[] = [];
  let transferFeeBps: number | null = null;

  const fee = types.includes(ExtensionType.TransferFeeConfig) ? getTransferFeeConfig(mint) : null;
  if (fee) {
    // The newer fee takes effect at its epoch, which we do not track: show the higher of the two.
    transferFeeBps = Math.max(fee.olderTransferFee.transferFeeBasisPoints, fee.newerTransferFee.transferFeeBasisPoints);
    const canChange = !fee.transferFeeConfigAuthority.equals(PublicKey.default);
    if (transferFeeBps > 0 || canChange) risky.push("transferFee");
  }
  const delegate = getPermanentDelegate(mint);
  if (delegate && !delegate.delegate.equals(PublicKey.default)) risky.push("permanentDelegate");
  const hook = getTransferHook(mint);
  if (hook && (!hook.programId.equals(PublicKey.default) || !hook.authority.equals(PublicKey.default))) {
    risky.push("transferHook");
  }
  if (getNonTransferable(mint)) risky.push("nonTransferable");
  const state = getDefaultAccountState(mint);
  if (state && state.state === AccountState.Frozen) risky.push("defaultAccountStateFrozen");

  let metadata: TokenMetadataFields | null = null;
  const pointer = getMetadataPointerState(mint);
  const embedded = getExtensionData(ExtensionType.TokenMetadata, mint.tlvData);
  // Only metadata the mint points at itself counts: a pointer elsewhere names another account.
  if (embedded && (!pointer || !pointer.metadataAddress || pointer.metadataAddress.toBase58() === address)) {
    metadata = decodeTokenMetadataExtension(new Uint8Array(embedded));
  }

  return {
    ok: true,
    mint: {
      program,
      decimals: mint.decimals,
      supply: mint.supply,
      mintAuthority: mint.mintAuthority?.toBase58() ?? null,
      freezeAuthority: mint.freezeAuthority?.toBase58() ?? null,
      riskyExtensions: risky,
      extensions: types.map((t) => ExtensionType[t] ?? `Extension${t}`),
      transferFeeBps,
      metadata,
    },
  };
}

/** A little-endian cursor over borsh data; every read checks the bounds. */
class Reader {
  private at = 0;
  private readonly view: DataView;
  constructor(private readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  get remaining(): number {
    return this.bytes.length - this.at;
  }
  u8(): number {
    this.need(1);
    return this.bytes[this.at++]!;
  }
  u16(): number {
    this.need(2);
    const v = this.view.getUint16(this.at, true);
    this.at += 2;
    return v;
  }
  u32(): number {
    this.need(4);
    const v = this.view.getUint32(this.at, true);
    this.at += 4;
    return v;
  }
  bytesOf(n: number): Uint8Array {
    this.need(n);
    const out = this.bytes.subarray(this.at, this.at + n);
    this.at += n;
    return out;
  }
  key(): string {
    return new PublicKey(this.bytesOf(32)).toBase58();
  }
  /** A borsh string (u32 length + UTF-8), NUL padding trimmed. */
  string(): string {
    return trimNul(new TextDecoder("utf-8", { fatal: false }).decode(this.bytesOf(this.u32())));
  }
  private need(n: number): void {
    if (this.at + n > this.bytes.length) throw new RangeError(`account data ends at ${this.bytes.length}, needed ${this.at + n}`);
  }
}

const trimNul = (s: string): string => s.replace(/\0+$/u, "").trim();

/** Metaplex account key of a metadata account (`Key::MetadataV1`). */
const METADATA_V1_KEY = 4;

export interface MetaplexMetadata extends TokenMetadataFields {
  updateAuthority: string;
  mint: string;
  mutable: boolean;
}

/**
 * Decodes a Metaplex Token Metadata account; null when the bytes are not a metadata account
 * (another key, or cut short).
 *
 * @example decodeMetaplexMetadata(bytes)?.symbol // "USDC"
 */
export function decodeMetaplexMetadata(bytes: Uint8Array): MetaplexMetadata | null {
  try {
    const r = new Reader(bytes);
    if (r.u8() !== METADATA_V1_KEY) return null;
    const updateAuthority = r.key();
    const mint = r.key();
    const name = r.string();
    const symbol = r.string();
    const uri = r.string();
    // After the strings: seller fee, creators, primary sale, then whether it can still change.
    r.u16();
    if (r.u8() === 1) {
      const creators = r.u32();
      r.bytesOf(creators * 34);
    }
    r.u8();
    const mutable = r.u8() === 1;
    return { updateAuthority, mint, name, symbol, uri, mutable };
  } catch {
    return null;
  }
}

/**
 * Decodes the Token-2022 token metadata extension's value: update authority (32 bytes, zero for
 * none), mint, then name, symbol and uri as u32-length strings (additional fields are ignored).
 */
export function decodeTokenMetadataExtension(bytes: Uint8Array): TokenMetadataFields | null {
  try {
    const r = new Reader(bytes);
    r.bytesOf(64);
    return { name: r.string(), symbol: r.string(), uri: r.string() };
  } catch {
    return null;
  }
}

/** One entry of getTokenLargestAccounts, amount as the raw integer string. */
export interface LargestAccount {
  address: string;
  amount: string;
}

/**
 * The share (0..1) of the supply in the 10 largest accounts; null for an empty supply. Pools and
 * bonding curves are holders like any other here, which the card says.
 */
export function top10Share(largest: readonly LargestAccount[], supply: bigint): number | null {
  if (supply <= 0n) return null;
  const top = [...largest]
    .map((a) => BigInt(a.amount))
    .sort((a, b) => (a > b ? -1 : a < b ? 1 : 0))
    .slice(0, 10)
    .reduce((s, v) => s + v, 0n);
  // Basis points of a basis point keep four significant decimals without float overflow.
  return Number((top * 1_000_000n) / supply) / 1_000_000;
}

/**
 * Puts a mint, its metadata (the mint's own extension first, else Metaplex) and its holders
 * together as the facts every consumer reads.
 */
export function buildTokenFacts(input: {
  mint: string;
  decoded: DecodedMint;
  metaplex: MetaplexMetadata | null;
  top10HolderShare: number | null;
  fetchedAt: number;
}): TokenFacts {
  const { decoded } = input;
  // Metaplex metadata for another mint (a wrong PDA in a recorded answer) is not this token's.
  const metaplex = input.metaplex && input.metaplex.mint === input.mint ? input.metaplex : null;
  const meta = decoded.metadata ?? metaplex;
  const nonEmpty = (s: string | undefined): string | null => (s !== undefined && s !== "" ? s : null);
  return {
    mint: input.mint,
    program: decoded.program,
    symbol: nonEmpty(meta?.symbol),
    name: nonEmpty(meta?.name),
    uri: nonEmpty(meta?.uri),
    decimals: decoded.decimals,
    supply: decoded.supply,
    mintAuthority: decoded.mintAuthority,
    freezeAuthority: decoded.freezeAuthority,
    riskyExtensions: decoded.riskyExtensions,
    transferFeeBps: decoded.transferFeeBps,
    top10HolderShare: input.top10HolderShare,
    fetchedAt: input.fetchedAt,
    extensions: decoded.extensions,
    metadataMutable: decoded.metadata ? null : (metaplex?.mutable ?? null),
  };
}
