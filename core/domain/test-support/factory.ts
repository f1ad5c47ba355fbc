/**
 * Test-only factory for synthetic `getTransaction` results in the "json" encoding, for the
 * cases the mainnet fixtures do not cover (malformed instructions, fallback edge cases).
 * Addresses and signatures are derived from readable seeds so tests can name them.
 */
import { createHash } from "node:crypto";
import bs58 from "bs58";

export function addr(seed: string): string {
  return bs58.encode(createHash("sha256").update(`addr:${seed}`).digest());
}

export function sig(seed: string): string {
  const h = createHash("sha512").update(`sig:${seed}`).digest();
  return bs58.encode(h);
}

/** Little-endian u64 bytes, for building instruction and event data. */
export function u64le(v: bigint | number): number[] {
  const out: number[] = [];
  let x = BigInt(v);
  for (let i = 0; i < 8; i++) {
    out.push(Number(x & 0xffn));
    x >>= 8n;
  }
  return out;
}

export const ixData = {
  systemTransfer: (lamports: bigint | number): Uint8Array => Uint8Array.from([2, 0, 0, 0, ...u64le(lamports)]),
  systemCreateAccount: (lamports: bigint | number, space = 165): Uint8Array =>
    Uint8Array.from([0, 0, 0, 0, ...u64le(lamports), ...u64le(space), ...new Uint8Array(32)]),
  tokenTransfer: (amount: bigint | number): Uint8Array => Uint8Array.from([3, ...u64le(amount)]),
  tokenTransferChecked: (amount: bigint | number, decimals: number): Uint8Array =>
    Uint8Array.from([12, ...u64le(amount), decimals]),
  tokenMintTo: (amount: bigint | number): Uint8Array => Uint8Array.from([7, ...u64le(amount)]),
  tokenBurn: (amount: bigint | number): Uint8Array => Uint8Array.from([8, ...u64le(amount)]),
  raydiumSwapBaseIn: (amountIn: bigint | number, minOut: bigint | number): Uint8Array =>
    Uint8Array.from([9, ...u64le(amountIn), ...u64le(minOut)]),
  raw: (bytes: number[]): Uint8Array => Uint8Array.from(bytes),
};

export interface IxSpec {
  program: string;
  accounts: string[];
  data: Uint8Array;
  inner?: IxSpec[];
}

export interface TokenBalanceSpec {
  account: string;
  mint: string;
  owner: string;
  decimals: number;
  /** null: the account does not exist on that side. */
  pre: bigint | null;
  post: bigint | null;
  programId?: string;
}

export interface TxSpec {
  seed?: string;
  slot?: number | null;
  blockTime?: number | null;
  err?: unknown;
  fee?: number;
  /** First is the fee payer. */
  signers: string[];
  /** Lamports before/after per account; accounts not listed keep 1_000_000 lamports. */
  lamports?: Record<string, [number, number]>;
  instructions: IxSpec[];
  tokenBalances?: TokenBalanceSpec[];
  logs?: string[];
}

/**
 * Builds a json-encoding getTransaction result. Inner instructions are flattened with
 * stackHeight = depth + 1, as the RPC records them.
 */
export function buildRpcTx(spec: TxSpec): Record<string, unknown> {
  const keys: string[] = [];
  const index = new Map<string, number>();
  const add = (k: string): number => {
    let i = index.get(k);
    if (i === undefined) {
      i = keys.length;
      keys.push(k);
      index.set(k, i);
    }
    return i;
  };
  for (const s of spec.signers) add(s);
  const programs = new Set<string>();
  const walk = (ixs: IxSpec[]): void => {
    for (const ix of ixs) {
      for (const a of ix.accounts) add(a);
      programs.add(ix.program);
      walk(ix.inner ?? []);
    }
  };
  walk(spec.instructions);
  for (const t of spec.tokenBalances ?? []) add(t.account);
  for (const k of Object.keys(spec.lamports ?? {})) add(k);
  const readonlyPrograms = [...programs].filter((p) => !index.has(p));
  for (const p of readonlyPrograms) add(p);

  const compile = (ix: IxSpec, stackHeight: number | null): Record<string, unknown> => ({
    programIdIndex: index.get(ix.program),
    accounts: ix.accounts.map((a) => index.get(a)),
    data: bs58.encode(ix.data),
    stackHeight,
  });
  const innerInstructions: unknown[] = [];
  spec.instructions.forEach((ix, i) => {
    const flat: unknown[] = [];
    const rec = (children: IxSpec[], depth: number): void => {
      for (const c of children) {
        flat.push(compile(c, depth));
        rec(c.inner ?? [], depth + 1);
      }
    };
    rec(ix.inner ?? [], 2);
    if (flat.length) innerInstructions.push({ index: i, instructions: flat });
  });

  const fee = spec.fee ?? 5000;
  const pre = keys.map((k) => spec.lamports?.[k]?.[0] ?? 1_000_000);
  const post = keys.map((k) => spec.lamports?.[k]?.[1] ?? 1_000_000);
  const tb = (side: "pre" | "post"): unknown[] =>
    (spec.tokenBalances ?? [])
      .filter((t) => t[side] !== null)
      .map((t) => ({
        accountIndex: index.get(t.account),
        mint: t.mint,
        owner: t.owner,
        programId: t.programId ?? "TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA",
        uiTokenAmount: { amount: String(t[side]), decimals: t.decimals, uiAmount: null, uiAmountString: String(t[side]) },
      }));

  return {
    slot: spec.slot === undefined ? 123456 : spec.slot,
    blockTime: spec.blockTime === undefined ? 1_700_000_000 : spec.blockTime,
    version: 0,
    meta: {
      err: spec.err ?? null,
      status: spec.err ? { Err: spec.err } : { Ok: null },
      fee,
      preBalances: pre,
      postBalances: post,
      innerInstructions,
      logMessages: spec.logs ?? [],
      preTokenBalances: tb("pre"),
      postTokenBalances: tb("post"),
      loadedAddresses: { writable: [], readonly: [] },
      rewards: [],
      computeUnitsConsumed: 0,
    },
    transaction: {
      signatures: spec.signers.map((s, i) => sig(`${spec.seed ?? "tx"}:${i}:${s}`)),
      message: {
        header: {
          numRequiredSignatures: spec.signers.length,
          numReadonlySignedAccounts: 0,
          numReadonlyUnsignedAccounts: readonlyPrograms.length,
        },
        accountKeys: keys,
        recentBlockhash: addr("blockhash"),
        instructions: spec.instructions.map((ix) => compile(ix, null)),
        addressTableLookups: [],
      },
    },
  };
}
