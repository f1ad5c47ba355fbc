/**
 * A local Solana JSON-RPC server for tests (node:http on 127.0.0.1, port 0). It serves
 * `getSignaturesForAddress` over configured signature lists, `getTransaction` from recorded
 * results, and `getAccountInfo` / `getMultipleAccounts` / `getTokenLargestAccounts` over
 * configured accounts; it can delay answers, inject faults (HTTP 429 with or without Retry-After, HTTP 500, connection reset),
 * answers JSON-RPC batches, and records every call so tests can assert pagination and rate.
 *
 * `getSignaturesForAddress` follows the validator: newest first; `before` exclusive, an unknown
 * `before` gives an empty list; `until` exclusive, an unknown `until` is ignored (the listing
 * goes on to `limit`); `limit` 1..1000, default 1000.
 *
 * Slot ranges: `blocks` maps a slot to its getBlock answer, or to an error the node gives for it
 * (a listed slot that then answers "skipped", as a node whose ledger jumped does). `getBlocks`
 * lists the mapped slots in [start, end] (a range over 500,000 is refused); a slot not mapped
 * was skipped by its leader, and getBlock says so (-32007). `getSlot` answers `tip`, else the
 * highest mapped slot; `getFirstAvailableBlock` answers `firstAvailable` (default 0).
 */
import { readdir, readFile } from "node:fs/promises";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { fromRpcTransaction } from "../../core/domain/transaction.js";

export interface SignatureInfo {
  signature: string;
  slot: number;
  err: unknown;
  memo: string | null;
  blockTime: number | null;
  confirmationStatus: "processed" | "confirmed" | "finalized" | null;
}

/** What to do instead of answering a call. `retryAfter` is the header value as sent. */
export type Fault =
  | { kind: "429"; retryAfter?: string }
  | { kind: "500" }
  | { kind: "reset" }
  /** HTTP 200 with a JSON-RPC error object instead of the result. */
  | { kind: "rpc-error"; code: number; message: string };

export interface CallInfo {
  method: string;
  params: unknown[];
  /** 1-based over every call the server received. */
  n: number;
  /** 1-based over the calls of this method. */
  nOfMethod: number;
}

export interface RecordedCall extends CallInfo {
  /** performance.now() when the request arrived. */
  at: number;
  /** The HTTP status sent, or "reset". */
  status: number | "reset";
  retryAfter?: string;
  batch: boolean;
}

export type FaultRule = (call: CallInfo) => Fault | undefined;

/** An account as getAccountInfo/getMultipleAccounts serve it (base64 data). */
export interface ServedAccount {
  owner: string;
  /** Base64 account data. */
  data: string;
  executable?: boolean;
  lamports?: number;
}

/** One getTokenLargestAccounts entry: raw amount as an integer string. */
export interface ServedLargestAccount {
  address: string;
  amount: string;
}

/** A getBlock answer: `{blockhash, previousBlockhash, parentSlot, blockTime, blockHeight, transactions}`. */
export interface BlockAnswer {
  blockhash: string;
  previousBlockhash: string;
  parentSlot: number;
  blockTime: number | null;
  blockHeight: number | null;
  transactions: unknown[];
}

/** A listed slot whose getBlock answers a JSON-RPC error instead. */
export interface BlockError {
  error: { code: number; message: string };
}

export interface JsonRpcServerOptions {
  /** Signature lists by address, newest first. */
  signatures?: Record<string, SignatureInfo[]>;
  /** getTransaction results by signature. */
  transactions?: ReadonlyMap<string, unknown>;
  /** getBlock answers (or errors) by slot; the slots getBlocks lists. */
  blocks?: ReadonlyMap<number, BlockAnswer | BlockError>;
  /** What getSlot answers; default the highest slot of `blocks`. */
  tip?: number;
  /** What getFirstAvailableBlock answers; default 0 (the whole history). */
  firstAvailable?: number;
  fault?: FaultRule;
  /** Accounts by address, for getAccountInfo, getMultipleAccounts and getTokenLargestAccounts. */
  accounts?: Record<string, ServedAccount>;
  /** getTokenLargestAccounts answers by mint (the mint must also be in `accounts`). */
  largestAccounts?: Record<string, ServedLargestAccount[]>;
  /** Milliseconds to wait before answering a call (a slow node). */
  delay?: (call: CallInfo) => number;
}

export interface JsonRpcTestServer {
  url: string;
  calls: RecordedCall[];
  setSignatures(address: string, list: SignatureInfo[]): void;
  setBlocks(blocks: ReadonlyMap<number, BlockAnswer | BlockError>, tip?: number, firstAvailable?: number): void;
  setFault(rule: FaultRule | undefined): void;
  setAccount(address: string, account: ServedAccount | undefined, largest?: ServedLargestAccount[]): void;
  setDelay(delay: ((call: CallInfo) => number) | undefined): void;
  close(): Promise<void>;
}

/** Ready-made fault rules; `combine` takes the first that applies. */
export const faults = {
  /** HTTP 429 for the first `n` calls. */
  rateLimitFirst: (n: number, retryAfter?: string): FaultRule => (c) =>
    c.n <= n ? { kind: "429", ...(retryAfter !== undefined ? { retryAfter } : {}) } : undefined,
  /** HTTP 429 for every k-th call. */
  rateLimitEvery: (k: number, retryAfter?: string): FaultRule => (c) =>
    c.n % k === 0 ? { kind: "429", ...(retryAfter !== undefined ? { retryAfter } : {}) } : undefined,
  /** `fault` for the calls `match` picks. */
  when: (match: (c: CallInfo) => boolean, fault: Fault): FaultRule => (c) => (match(c) ? fault : undefined),
  combine: (...rules: FaultRule[]): FaultRule => (c) => {
    for (const r of rules) {
      const f = r(c);
      if (f) return f;
    }
    return undefined;
  },
};

interface RpcRequest {
  jsonrpc?: string;
  id?: unknown;
  method?: unknown;
  params?: unknown;
}

type RpcAnswer = { jsonrpc: "2.0"; id: unknown; result: unknown } | { jsonrpc: "2.0"; id: unknown; error: { code: number; message: string } };

const rpcError = (id: unknown, code: number, message: string): RpcAnswer => ({ jsonrpc: "2.0", id, error: { code, message } });

export async function startJsonRpcServer(opts: JsonRpcServerOptions = {}): Promise<JsonRpcTestServer> {
  const signatures = new Map(Object.entries(opts.signatures ?? {}));
  const transactions = opts.transactions ?? new Map<string, unknown>();
  let blocks = opts.blocks ?? new Map<number, BlockAnswer | BlockError>();
  let tip = opts.tip;
  let firstAvailable = opts.firstAvailable ?? 0;
  let fault = opts.fault;
  let delay = opts.delay;
  const accounts = new Map(Object.entries(opts.accounts ?? {}));
  const largest = new Map(Object.entries(opts.largestAccounts ?? {}));
  const context = { slot: 300_000_000 };
  const TOKEN_PROGRAMS = ["TokenkegQfeZyiNwAJbNbGKPFXCWuBvf9Ss623VQ5DA", "TokenzQdBNbLqP5VEhdkAS6EPFLC1PHnBqCXEpPxuEb"];

  function accountValue(address: unknown): unknown {
    const a = typeof address === "string" ? accounts.get(address) : undefined;
    if (a === undefined) return null;
    const space = Buffer.from(a.data, "base64").length;
    return { data: [a.data, "base64"], executable: a.executable ?? false, lamports: a.lamports ?? 1_461_600, owner: a.owner, rentEpoch: 18446744073709551615, space };
  }

  function tokenLargestAccounts(id: unknown, params: unknown[]): RpcAnswer {
    const [mint] = params;
    const a = typeof mint === "string" ? accounts.get(mint) : undefined;
    if (a === undefined) return rpcError(id, -32602, "Invalid param: could not find account");
    const list = largest.get(mint as string);
    // The validator checks the owner and the mint layout; a mint here is a token-program account with a list.
    if (!TOKEN_PROGRAMS.includes(a.owner) || list === undefined) return rpcError(id, -32602, "Invalid param: not a Token mint");
    const value = list.slice(0, 20).map((e) => ({ address: e.address, amount: e.amount, decimals: 0, uiAmount: Number(e.amount), uiAmountString: e.amount }));
    return { jsonrpc: "2.0", id, result: { context, value } };
  }
  const calls: RecordedCall[] = [];
  const perMethod = new Map<string, number>();

  function listSignatures(id: unknown, params: unknown[]): RpcAnswer {
    const [address, config = {}] = params as [unknown, Record<string, unknown> | undefined];
    if (typeof address !== "string") return rpcError(id, -32602, "Invalid param: address");
    const limit = config.limit ?? 1000;
    if (typeof limit !== "number" || !Number.isInteger(limit) || limit < 1 || limit > 1000) {
      return rpcError(id, -32602, "Invalid limit; max 1000");
    }
    const list = signatures.get(address) ?? [];
    let start = 0;
    if (typeof config.before === "string") {
      const i = list.findIndex((s) => s.signature === config.before);
      if (i < 0) return { jsonrpc: "2.0", id, result: [] };
      start = i + 1;
    }
    let end = list.length;
    if (typeof config.until === "string") {
      const j = list.findIndex((s) => s.signature === config.until);
      if (j >= 0) end = j;
    }
    return { jsonrpc: "2.0", id, result: list.slice(start, Math.max(start, Math.min(end, start + limit))) };
  }

  function getTransaction(id: unknown, params: unknown[]): RpcAnswer {
    const [signature, config = {}] = params as [unknown, Record<string, unknown> | undefined];
    if (typeof signature !== "string") return rpcError(id, -32602, "Invalid param: signature");
    const tx = transactions.get(signature);
    if (tx === undefined) return { jsonrpc: "2.0", id, result: null };
    // The validator refuses v0 transactions to a client that did not say it reads them.
    const version = (tx as { version?: unknown }).version;
    if (version === 0 && config.maxSupportedTransactionVersion === undefined) {
      return rpcError(
        id,
        -32015,
        'Transaction version (0) is not supported by the requesting client. Please try the request again with the following configuration parameter: "maxSupportedTransactionVersion": 0',
      );
    }
    return { jsonrpc: "2.0", id, result: tx };
  }

  const isSlot = (x: unknown): x is number => typeof x === "number" && Number.isInteger(x) && x >= 0;

  function getBlocks(id: unknown, params: unknown[]): RpcAnswer {
    const [start, second, third] = params;
    // The end slot is optional; a config object may take its place.
    const end = isSlot(second) ? second : undefined;
    const config = (isSlot(second) ? third : second) as Record<string, unknown> | undefined;
    if (!isSlot(start)) return rpcError(id, -32602, "Invalid param: start slot");
    if (config?.commitment === "processed") return rpcError(id, -32602, "Method does not support commitment below `confirmed`");
    const last = end ?? Math.max(start, ...blocks.keys());
    if (last - start > 500_000) return rpcError(id, -32602, `Slot range too large; max 500000`);
    const slots = [...blocks.keys()].filter((s) => s >= start && s <= last).sort((a, b) => a - b);
    return { jsonrpc: "2.0", id, result: slots };
  }

  function getBlock(id: unknown, params: unknown[]): RpcAnswer {
    const [slot, config = {}] = params as [unknown, Record<string, unknown> | undefined];
    if (!isSlot(slot)) return rpcError(id, -32602, "Invalid param: slot");
    const b = blocks.get(slot);
    if (b === undefined) return rpcError(id, -32007, `Slot ${slot} was skipped, or missing due to ledger jump to recent snapshot`);
    if ("error" in b) return { jsonrpc: "2.0", id, error: b.error };
    // Like the validator: a block holding a v0 transaction needs the client to say it reads them.
    if (config.maxSupportedTransactionVersion === undefined && b.transactions.some((t) => (t as { version?: unknown })?.version === 0)) {
      return rpcError(id, -32015, "Transaction version (0) is not supported by the requesting client.");
    }
    return { jsonrpc: "2.0", id, result: config.rewards === false ? b : { ...b, rewards: [] } };
  }

  function answer(req: RpcRequest): RpcAnswer {
    const params = Array.isArray(req.params) ? req.params : [];
    switch (req.method) {
      case "getBlocks":
        return getBlocks(req.id, params);
      case "getBlock":
        return getBlock(req.id, params);
      case "getSlot":
        return { jsonrpc: "2.0", id: req.id, result: tip ?? Math.max(0, ...blocks.keys()) };
      case "getFirstAvailableBlock":
        return { jsonrpc: "2.0", id: req.id, result: firstAvailable };
      case "getSignaturesForAddress":
        return listSignatures(req.id, params);
      case "getTransaction":
        return getTransaction(req.id, params);
      case "getAccountInfo":
        return { jsonrpc: "2.0", id: req.id, result: { context, value: accountValue(params[0]) } };
      case "getMultipleAccounts":
        if (!Array.isArray(params[0]) || params[0].length > 100) return rpcError(req.id, -32602, "Invalid param: expected at most 100 addresses");
        return { jsonrpc: "2.0", id: req.id, result: { context, value: params[0].map(accountValue) } };
      case "getTokenLargestAccounts":
        return tokenLargestAccounts(req.id, params);
      default:
        return rpcError(req.id ?? null, -32601, "Method not found");
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const at = performance.now();
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    let body: unknown;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
    } catch {
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify(rpcError(null, -32700, "Parse error")));
      return;
    }
    const batch = Array.isArray(body);
    const requests = (batch ? body : [body]) as RpcRequest[];
    const infos: CallInfo[] = requests.map((r) => {
      const method = String(r.method);
      const nOfMethod = (perMethod.get(method) ?? 0) + 1;
      perMethod.set(method, nOfMethod);
      return { method, params: Array.isArray(r.params) ? r.params : [], n: calls.length + 1, nOfMethod };
    });
    // One HTTP answer per request: the first call of a batch decides its fault and its delay.
    const wait = infos.length > 0 ? (delay?.(infos[0]!) ?? 0) : 0;
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const f = infos.length > 0 ? fault?.(infos[0]!) : undefined;
    const status: number | "reset" = f === undefined || f.kind === "rpc-error" ? 200 : f.kind === "reset" ? "reset" : Number(f.kind);
    for (const info of infos) {
      calls.push({ ...info, at, status, batch, ...(f?.kind === "429" && f.retryAfter !== undefined ? { retryAfter: f.retryAfter } : {}) });
    }
    if (f?.kind === "reset") {
      req.socket.destroy();
      return;
    }
    if (f?.kind === "429") {
      res.writeHead(429, { "content-type": "application/json", ...(f.retryAfter !== undefined ? { "retry-after": f.retryAfter } : {}) });
      res.end(JSON.stringify(rpcError(requests[0]?.id ?? null, 429, "Too many requests for a specific RPC call")));
      return;
    }
    if (f?.kind === "500") {
      res.writeHead(500, { "content-type": "text/plain" });
      res.end("Internal Server Error");
      return;
    }
    const answers = f?.kind === "rpc-error" ? requests.map((r) => rpcError(r.id ?? null, f.code, f.message)) : requests.map(answer);
    res.writeHead(200, { "content-type": "application/json" });
    res.end(JSON.stringify(batch ? answers : answers[0]));
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    setSignatures(address, list) {
      signatures.set(address, list);
    },
    setBlocks(next, nextTip, nextFirst) {
      blocks = next;
      tip = nextTip;
      firstAvailable = nextFirst ?? 0;
    },
    setFault(rule) {
      fault = rule;
    },
    setAccount(address, account, list) {
      if (account === undefined) accounts.delete(address);
      else accounts.set(address, account);
      if (list !== undefined) largest.set(address, list);
    },
    setDelay(d) {
      delay = d;
    },
    close() {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

export interface RecordedLedger {
  /** Every recorded transaction as a signature info, newest first (slot, then signature). */
  infos: SignatureInfo[];
  /** getTransaction results by signature. */
  transactions: Map<string, unknown>;
  /** Files left out, with why. */
  left: { file: string; reason: string }[];
}

/**
 * Reads recorded getTransaction results (the fixture folder's `*.json`, not `*.expected.json` or
 * the manifest) into what the server serves. A result without a slot cannot come from
 * getTransaction (getBlock-style entries) and is left out.
 */
export async function loadRecordedLedger(dir: string): Promise<RecordedLedger> {
  const files = (await readdir(dir)).filter((f) => f.endsWith(".json") && !f.endsWith(".expected.json") && f !== "manifest.json").sort();
  const infos: SignatureInfo[] = [];
  const transactions = new Map<string, unknown>();
  const left: { file: string; reason: string }[] = [];
  for (const file of files) {
    const doc = JSON.parse(await readFile(path.join(dir, file), "utf8")) as Record<string, unknown>;
    const raw = ("result" in doc && "jsonrpc" in doc ? doc.result : doc) as Record<string, unknown>;
    if (typeof raw.slot !== "number") {
      left.push({ file, reason: "no slot (a getBlock entry)" });
      continue;
    }
    const tx = fromRpcTransaction(raw);
    const meta = raw.meta as { err?: unknown } | undefined;
    infos.push({
      signature: tx.signature,
      slot: raw.slot,
      err: meta?.err ?? null,
      memo: null,
      blockTime: typeof raw.blockTime === "number" ? raw.blockTime : null,
      confirmationStatus: "finalized",
    });
    transactions.set(tx.signature, raw);
  }
  infos.sort((a, b) => b.slot - a.slot || (a.signature < b.signature ? -1 : a.signature > b.signature ? 1 : 0));
  return { infos, transactions, left };
}

export interface RecordedEntry {
  signature: string;
  file: string;
  /** A getBlock transaction entry: `{transaction, meta, version}` (no slot, no block time). */
  entry: Record<string, unknown>;
}

/**
 * Every recorded transaction of the fixture folder as a getBlock entry (its slot and block time
 * left out: the block carries them), in file name order.
 */
export async function loadRecordedEntries(dir: string): Promise<RecordedEntry[]> {
  const files = (await readdir(dir)).filter((f) => f.endsWith(".json") && !f.endsWith(".expected.json") && f !== "manifest.json").sort();
  const out: RecordedEntry[] = [];
  for (const file of files) {
    const doc = JSON.parse(await readFile(path.join(dir, file), "utf8")) as Record<string, unknown>;
    const raw = ("result" in doc && "jsonrpc" in doc ? doc.result : doc) as Record<string, unknown>;
    const { slot: _slot, blockTime: _blockTime, ...entry } = raw;
    out.push({ signature: fromRpcTransaction(raw).signature, file, entry });
  }
  return out;
}

/** A getBlock answer for `slot` holding `entries`, chained to `parentSlot`. */
export function blockAnswer(slot: number, parentSlot: number, entries: unknown[], blockTime: number | null = 1_700_000_000 + slot): BlockAnswer {
  const hash = (n: number) => `Bh${String(n).padStart(40, "1")}`.replace(/0/g, "z");
  return { blockhash: hash(slot), previousBlockhash: hash(parentSlot), parentSlot, blockTime, blockHeight: slot - 1000, transactions: entries };
}
