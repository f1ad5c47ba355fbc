/**
 * Fuzzing the decoding entry point, `decodeSwaps(fromRpcTransaction(x))`, with mutated copies of
 * every mainnet fixture: instruction data truncated, extended, bit-flipped, event fields zeroed
 * or overwritten with other keys; account index lists shuffled, cut, duplicated, pointing
 * elsewhere or out of range; inner instructions removed, reordered, moved, stack heights
 * changed; token balances removed, swapped between pre and post, amounts / mints / owners /
 * decimals changed; lamports changed or swapped; logs cut, shuffled, given garbage events; any
 * JSON field deleted or turned into another type. Deterministic: a seeded PRNG, so a failure
 * names its fixture and seed and replays exactly (`FUZZ_RUNS=1000` widens the search locally).
 *
 * Contract checked: nothing but `MalformedTransactionError` (from `fromRpcTransaction`) ever
 * leaves the entry point; decoders never crash (a `decoder crashed` DecodeError is a bug: a
 * malformed instruction must be a named `DecodeError`); every swap, and every leg of a routed
 * swap, has positive amounts, non-empty mints and two different mints.
 */
import { randomBytes } from "node:crypto";
import bs58 from "bs58";
import { beforeAll, describe, expect, it } from "vitest";
import { decodeBase58, decodeBase58Portable, decodeBase64, encodeBase58, isBase58 } from "./codec.js";
import { decodeSwaps } from "./decoders/index.js";
import { manifest, rawFixture } from "./test-support/fixtures.js";
import { MalformedTransactionError, fromRpcTransaction } from "./transaction.js";

const RUNS_PER_FIXTURE = Number(process.env["FUZZ_RUNS"] ?? 120);

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Obj = { [k: string]: Json };

/** mulberry32: small, fast, deterministic. */
class Rng {
  private s: number;
  constructor(seed: number) { this.s = seed >>> 0; }
  next(): number {
    let t = (this.s = (this.s + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(n: number): number { return Math.floor(this.next() * n); }
  chance(p: number): boolean { return this.next() < p; }
  pick<T>(xs: readonly T[]): T { return xs[this.int(xs.length)]!; }
  shuffle<T>(xs: T[]): T[] { for (let i = xs.length - 1; i > 0; i--) { const j = this.int(i + 1); [xs[i], xs[j]] = [xs[j]!, xs[i]!]; } return xs; }
}

const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const WSOL = "So11111111111111111111111111111111111111112";

interface View { msg: Obj | null; outer: Obj[]; groups: Obj[]; all: Obj[]; meta: Obj; keys: string[]; nKeys: number }

function view(raw: Obj): View {
  const meta = isObj(raw["meta"]) ? raw["meta"] : {};
  const tx = raw["transaction"];
  const msg = isObj(tx) && isObj(tx["message"]) ? tx["message"] : null;
  const outer = msg && Array.isArray(msg["instructions"]) ? (msg["instructions"].filter(isObj) as Obj[]) : [];
  const groups = Array.isArray(meta["innerInstructions"]) ? (meta["innerInstructions"].filter(isObj) as Obj[]) : [];
  const inner = groups.flatMap((g) => (Array.isArray(g["instructions"]) ? (g["instructions"].filter(isObj) as Obj[]) : []));
  const ak = msg && Array.isArray(msg["accountKeys"]) ? msg["accountKeys"] : [];
  const keys = ak.map((k) => (typeof k === "string" ? k : isObj(k) && typeof k["pubkey"] === "string" ? k["pubkey"] : ""));
  const la = isObj(meta["loadedAddresses"]) ? meta["loadedAddresses"] : {};
  const loaded = [...(Array.isArray(la["writable"]) ? la["writable"] : []), ...(Array.isArray(la["readonly"]) ? la["readonly"] : [])].map(String);
  const allKeys = typeof ak[0] === "string" ? [...keys, ...loaded] : keys;
  return { msg, outer, groups, all: [...outer, ...inner], meta, keys: allKeys, nKeys: allKeys.length };
}

const INFRA = new Set(["11111111111111111111111111111111", "ComputeBudget111111111111111111111111111111"]);
/** An instruction, mostly one of a program decoders read (anything but System / Compute Budget). */
function pickIx(v: View, rng: Rng, withData = true): Obj | undefined {
  const cands = v.all.filter((ix) => !withData || typeof ix["data"] === "string");
  if (cands.length === 0) return undefined;
  const prog = (ix: Obj) => (typeof ix["programIdIndex"] === "number" ? v.keys[ix["programIdIndex"]] : ix["programId"]);
  const interesting = cands.filter((ix) => !INFRA.has(String(prog(ix))));
  return rng.pick(interesting.length > 0 && rng.chance(0.8) ? interesting : cands);
}

function bytesOf(ix: Obj): Uint8Array | null {
  const d = ix["data"];
  if (typeof d !== "string") return null;
  try { return bs58.decode(d); } catch { return null; }
}

const digits = (rng: Rng): string => rng.pick(["1", "2", "255", "1000000", "9007199254740993", String(rng.int(1e9))]);

type Mutation = (raw: Obj, v: View, rng: Rng) => string | null;

const MUTATIONS: Record<string, Mutation> = {
  truncateData(_raw, v, rng) {
    const ix = pickIx(v, rng); const b = ix && bytesOf(ix); if (!ix || !b) return null;
    const cut = rng.int(b.length + 1); ix["data"] = bs58.encode(b.subarray(0, cut)); return `data cut to ${cut}/${b.length}`;
  },
  flipBytes(_raw, v, rng) {
    const ix = pickIx(v, rng); const b = ix && bytesOf(ix); if (!ix || !b || b.length === 0) return null;
    const n = 1 + rng.int(4);
    for (let k = 0; k < n; k++) { const i = rng.int(b.length); b[i] = rng.chance(0.3) ? rng.pick([0, 255]) : b[i]! ^ (1 + rng.int(255)); }
    ix["data"] = bs58.encode(b); return `${n} data bytes flipped`;
  },
  zeroWord(_raw, v, rng) {
    // an amount field set to 0 or u64::MAX: events and swap arguments are u64 little-endian
    const ix = pickIx(v, rng); const b = ix && bytesOf(ix); if (!ix || !b || b.length < 16) return null;
    const o = 8 + rng.int(b.length - 15); const fill = rng.chance(0.7) ? 0 : 255;
    b.fill(fill, o, o + 8); ix["data"] = bs58.encode(b); return `data[${o}..${o + 8}] = ${fill}`;
  },
  eventField(_raw, v, rng) {
    // an anchor self-CPI event (tag e445a52e51cb9a1d) or a `Program data:` log line: one of its
    // u64 fields set to 0 / u64::MAX, or a pubkey field overwritten with another field's bytes
    const evs = v.all.map((ix) => [ix, bytesOf(ix)] as const).filter(([, b]) => b !== null && b.length >= 24 && b[0] === 0xe4 && b[1] === 0x45);
    const logs = Array.isArray(v.meta["logMessages"]) ? v.meta["logMessages"] : [];
    const dataLines = logs.map((l, i) => [l, i] as const).filter(([l]) => typeof l === "string" && l.startsWith("Program data: "));
    let b: Uint8Array, put: (b: Uint8Array) => void, base: number;
    if (evs.length > 0 && (dataLines.length === 0 || rng.chance(0.7))) {
      const [ix, bytes] = rng.pick(evs); b = bytes!; base = 16; put = (x) => { ix["data"] = bs58.encode(x); };
    } else if (dataLines.length > 0) {
      const [l, i] = rng.pick(dataLines); b = new Uint8Array(Buffer.from((l as string).slice(14), "base64")); base = 8;
      put = (x) => { logs[i] = `Program data: ${Buffer.from(x).toString("base64")}`; };
    } else return null;
    if (b.length < base + 8) return null;
    const o = base + 8 * rng.int(Math.floor((b.length - base) / 8)) + (rng.chance(0.3) ? rng.int(8) : 0);
    if (o + 8 > b.length) return null;
    if (rng.chance(0.75)) b.fill(rng.chance(0.8) ? 0 : 255, o, o + 8);
    else { const from = base + rng.int(Math.max(1, b.length - base - 32)); if (from + 32 <= b.length && o + 32 <= b.length) b.copyWithin(o, from, from + 32); }
    put(b); return `event bytes at ${o} changed`;
  },
  copyPubkey(_raw, v, rng) {
    // a 32-byte window overwritten with an account key of the transaction (mint/user/pool fields)
    const ix = pickIx(v, rng); const b = ix && bytesOf(ix); if (!ix || !b || b.length < 48 || v.nKeys === 0) return null;
    const key = rng.pick(v.keys); let kb: Uint8Array; try { kb = bs58.decode(rng.chance(0.3) ? WSOL : key); } catch { return null; }
    if (kb.length !== 32) return null;
    const o = rng.int(b.length - 31); b.set(kb, o); ix["data"] = bs58.encode(b); return `pubkey written at data[${o}]`;
  },
  appendData(_raw, v, rng) {
    const ix = pickIx(v, rng); const b = ix && bytesOf(ix); if (!ix || !b) return null;
    const extra = Array.from({ length: 1 + rng.int(40) }, () => rng.int(256));
    ix["data"] = bs58.encode(Uint8Array.from([...b, ...extra])); return `${extra.length} data bytes appended`;
  },
  shuffleAccounts(_raw, v, rng) {
    const ix = pickIx(v, rng, false); const a = ix?.["accounts"]; if (!Array.isArray(a) || a.length < 2) return null;
    rng.shuffle(a); return "accounts shuffled";
  },
  cutAccounts(_raw, v, rng) {
    const ix = pickIx(v, rng, false); const a = ix?.["accounts"]; if (!Array.isArray(a) || a.length === 0) return null;
    const n = rng.int(a.length); a.length = n; return `accounts cut to ${n}`;
  },
  duplicateAccount(_raw, v, rng) {
    const ix = pickIx(v, rng, false); const a = ix?.["accounts"]; if (!Array.isArray(a) || a.length < 2) return null;
    const i = rng.int(a.length), j = rng.int(a.length); a[i] = a[j]!; return `accounts[${i}] = accounts[${j}]`;
  },
  otherAccount(_raw, v, rng) {
    const ix = pickIx(v, rng, false); const a = ix?.["accounts"]; if (!Array.isArray(a) || a.length === 0 || v.nKeys === 0) return null;
    const i = rng.int(a.length); a[i] = rng.int(v.nKeys); return `accounts[${i}] = another key`;
  },
  outOfRange(_raw, v, rng) {
    const ix = pickIx(v, rng, false); if (!ix) return null;
    const bad = rng.pick([v.nKeys, v.nKeys + 7, -1, 1.5, 256]);
    const a = ix["accounts"];
    if (Array.isArray(a) && a.length > 0 && typeof a[0] === "number" && rng.chance(0.7)) { a[rng.int(a.length)] = bad; return `account index ${bad}`; }
    if (typeof ix["programIdIndex"] === "number") { ix["programIdIndex"] = bad; return `programIdIndex ${bad}`; }
    return null;
  },
  otherProgram(_raw, v, rng) {
    const ix = pickIx(v, rng, false); if (!ix || typeof ix["programIdIndex"] !== "number" || v.nKeys === 0) return null;
    ix["programIdIndex"] = rng.int(v.nKeys); return "programIdIndex = another key";
  },
  removeInner(_raw, v, rng) {
    const g = v.groups.length ? rng.pick(v.groups) : undefined; const ixs = g?.["instructions"];
    if (!Array.isArray(ixs) || ixs.length === 0) return null;
    const i = rng.int(ixs.length); ixs.splice(i, 1 + (rng.chance(0.3) ? rng.int(3) : 0)); return `inner ${String(g!["index"])}.${i} removed`;
  },
  reorderInner(_raw, v, rng) {
    const g = v.groups.length ? rng.pick(v.groups) : undefined; const ixs = g?.["instructions"];
    if (!Array.isArray(ixs) || ixs.length < 2) return null;
    if (rng.chance(0.5)) rng.shuffle(ixs); else { const i = rng.int(ixs.length - 1); [ixs[i], ixs[i + 1]] = [ixs[i + 1]!, ixs[i]!]; }
    return `inner group ${String(g!["index"])} reordered`;
  },
  removeInnerGroup(_raw, v, rng) {
    const gs = v.meta["innerInstructions"]; if (!Array.isArray(gs) || gs.length === 0) return null;
    gs.splice(rng.int(gs.length), 1); return "inner group removed";
  },
  moveInnerGroup(_raw, v, rng) {
    const g = v.groups.length ? rng.pick(v.groups) : undefined; if (!g) return null;
    g["index"] = rng.int(v.outer.length + 1); return `inner group moved to ${g["index"]}`;
  },
  stackHeights(_raw, v, rng) {
    const g = v.groups.length ? rng.pick(v.groups) : undefined; const ixs = g?.["instructions"]; if (!Array.isArray(ixs)) return null;
    const mode = rng.int(3);
    for (const ix of ixs) if (isObj(ix)) ix["stackHeight"] = mode === 0 ? null : mode === 1 ? 1 + rng.int(5) : 2;
    return `stack heights ${["null", "random", "flat"][mode]}`;
  },
  removeTokenBalance(_raw, v, rng) {
    const side = rng.pick(["preTokenBalances", "postTokenBalances"]); const tb = v.meta[side];
    if (!Array.isArray(tb) || tb.length === 0) return null;
    const i = rng.int(tb.length); tb.splice(i, rng.chance(0.2) ? tb.length : 1); return `${side}[${i}] removed`;
  },
  swapTokenSides(_raw, v) {
    const a = v.meta["preTokenBalances"]; v.meta["preTokenBalances"] = v.meta["postTokenBalances"]!; v.meta["postTokenBalances"] = a!; return "pre/post token balances swapped";
  },
  swapLamportSides(_raw, v) {
    const a = v.meta["preBalances"]; v.meta["preBalances"] = v.meta["postBalances"]!; v.meta["postBalances"] = a!; return "pre/post lamports swapped";
  },
  tokenAmount(_raw, v, rng) {
    const side = rng.pick(["preTokenBalances", "postTokenBalances"]); const tb = v.meta[side];
    if (!Array.isArray(tb) || tb.length === 0) return null;
    const e = rng.pick(tb); if (!isObj(e) || !isObj(e["uiTokenAmount"])) return null;
    const amt = rng.pick(["0", "1", digits(rng), "18446744073709551615", "99999999999999999999999", String(e["uiTokenAmount"]["amount"])]);
    e["uiTokenAmount"]["amount"] = amt; return `${side} amount = ${amt}`;
  },
  tokenMint(_raw, v, rng) {
    const side = rng.pick(["preTokenBalances", "postTokenBalances"]); const tb = v.meta[side];
    if (!Array.isArray(tb) || tb.length < 1) return null;
    const e = rng.pick(tb), f = rng.pick(tb); if (!isObj(e) || !isObj(f)) return null;
    e["mint"] = rng.chance(0.3) ? WSOL : f["mint"]!; return `${side} mint changed`;
  },
  tokenOwnerOrDecimals(_raw, v, rng) {
    const side = rng.pick(["preTokenBalances", "postTokenBalances"]); const tb = v.meta[side];
    if (!Array.isArray(tb) || tb.length === 0) return null;
    const e = rng.pick(tb); if (!isObj(e)) return null;
    if (rng.chance(0.5) && isObj(e["uiTokenAmount"])) { e["uiTokenAmount"]["decimals"] = rng.pick([0, 6, 9, 18, 255, 256, -1]); return "decimals changed"; }
    if (v.nKeys) e["owner"] = rng.pick(v.keys); return "owner changed";
  },
  tokenAccountIndex(_raw, v, rng) {
    const side = rng.pick(["preTokenBalances", "postTokenBalances"]); const tb = v.meta[side];
    if (!Array.isArray(tb) || tb.length === 0) return null;
    const e = rng.pick(tb); if (!isObj(e)) return null;
    e["accountIndex"] = rng.int(v.nKeys + 2); return "token balance accountIndex changed";
  },
  lamports(_raw, v, rng) {
    const side = rng.pick(["preBalances", "postBalances"]); const l = v.meta[side];
    if (!Array.isArray(l) || l.length === 0) return null;
    const i = rng.int(l.length); l[i] = rng.pick([0, 1, 2 ** 53, rng.int(1e12), "18446744073709551615"]); return `${side}[${i}] changed`;
  },
  logs(_raw, v, rng) {
    const logs = v.meta["logMessages"]; if (!Array.isArray(logs)) return null;
    const mode = rng.int(5);
    if (mode === 0) logs.length = rng.int(logs.length + 1);
    else if (mode === 1) rng.shuffle(logs);
    else if (mode === 2) logs.splice(rng.int(logs.length + 1), 0, `Program data: ${Buffer.from(Array.from({ length: rng.int(300) }, () => rng.int(256))).toString("base64")}`);
    else if (mode === 3) { const d = logs.filter((l) => typeof l === "string" && l.startsWith("Program data: ")); if (d.length) logs.splice(rng.int(logs.length + 1), 0, rng.pick(d)); }
    else v.meta["logMessages"] = null;
    return `logs ${["cut", "shuffled", "garbage data", "duplicated data", "null"][mode]}`;
  },
  failed(_raw, v) { v.meta["err"] = { InstructionError: [0, { Custom: 1 }] }; return "marked failed"; },
  parsedInfo(_raw, v, rng) {
    const ixs = v.all.filter((ix) => isObj(ix["parsed"]) && isObj((ix["parsed"] as Obj)["info"]));
    if (ixs.length === 0) return null;
    const p = rng.pick(ixs)["parsed"] as Obj; const info = p["info"] as Obj;
    const keys = Object.keys(info); if (keys.length === 0) return null;
    const k = rng.pick(keys);
    const choice = rng.int(4);
    if (choice === 0) delete info[k];
    else if (choice === 1) info[k] = rng.pick(["0", "-5", 0, -5, 1.5, "", null, "18446744073709551616"]);
    else if (choice === 2 && isObj(info["tokenAmount"])) info["tokenAmount"]["amount"] = rng.pick(["0", "-1", "abc"]);
    else p["type"] = rng.pick(["transfer", "transferChecked", "mintTo", "burn", "createAccount", "closeAccount"]);
    return `parsed.info.${k} mutated`;
  },
  wireBytes(raw, _v, rng) {
    const t = raw["transaction"]; if (!Array.isArray(t) || typeof t[0] !== "string") return null;
    const b = Buffer.from(t[0], "base64");
    const mode = rng.int(3);
    if (mode === 0) { const n = 1 + rng.int(6); for (let k = 0; k < n; k++) { const i = rng.int(b.length); b[i] = b[i]! ^ (1 + rng.int(255)); } }
    else if (mode === 1) { t[0] = b.subarray(0, rng.int(b.length)).toString("base64"); return "wire truncated"; }
    else { const i = 64 + 1 + rng.int(Math.max(1, b.length - 65)); b[i] = rng.int(256); }
    t[0] = b.toString("base64"); return "wire bytes flipped";
  },
  fieldChange(raw, _v, rng) {
    // any field anywhere: deleted, or its type changed
    const slots: [Obj | Json[], string | number][] = [];
    const walk = (x: Json, depth: number) => {
      if (depth > 7) return;
      if (Array.isArray(x)) { for (let i = 0; i < x.length; i++) { slots.push([x, i]); walk(x[i]!, depth + 1); } }
      else if (isObj(x)) for (const k of Object.keys(x)) { slots.push([x, k]); walk(x[k]!, depth + 1); }
    };
    walk(raw, 0);
    if (slots.length === 0) return null;
    const [parent, key] = rng.pick(slots);
    const cur = (parent as Record<string | number, Json>)[key];
    const choice = rng.int(6);
    let what: string;
    if (choice === 0 && !Array.isArray(parent)) { delete (parent as Obj)[key as string]; what = "deleted"; }
    else {
      let nv: Json;
      if (typeof cur === "number") nv = rng.chance(0.5) ? String(cur) : rng.pick([null, -cur, cur + 0.5, 2 ** 64]);
      else if (typeof cur === "string") nv = rng.chance(0.5) && /^\d+$/.test(cur) ? Number(cur) : rng.pick([null, cur.length, "", cur.slice(0, cur.length >> 1)]);
      else nv = rng.pick([null, 0, "", [], {}, true]);
      (parent as Record<string | number, Json>)[key] = nv; what = `= ${JSON.stringify(nv)?.slice(0, 20)}`;
    }
    return `field ${String(key)} ${what}`;
  },
};
const MUTATION_NAMES = Object.keys(MUTATIONS);

/** 1-3 mutations of a deep copy of `raw`, chosen by `seed`; returns the copy and what was done. */
function mutate(raw: unknown, seed: number): { value: unknown; steps: string[] } {
  const rng = new Rng(seed);
  const copy = structuredClone(raw) as Obj;
  const steps: string[] = [];
  const n = 1 + rng.int(3);
  for (let k = 0; k < n * 3 && steps.length < n; k++) {
    const name = rng.pick(MUTATION_NAMES);
    const r = MUTATIONS[name]!(copy, view(copy), rng);
    if (r) steps.push(`${name}: ${r}`);
  }
  return { value: copy, steps };
}

// ---------------------------------------------------------------------------------------------

interface Finding {
  kind: string;
  input: string;
}

function seedOf(file: string, k: number): number {
  return (k * 7919 + file.length) >>> 0;
}

/** Runs every mutated variant once; the tests below look at different parts of the outcome. */
function runAll(): { runs: number; malformed: number; swaps: number; findings: Finding[] } {
  const findings: Finding[] = [];
  let runs = 0;
  let malformed = 0;
  let swaps = 0;
  for (const { file } of manifest()) {
    const raw = rawFixture(file);
    for (let k = 0; k < RUNS_PER_FIXTURE; k++) {
      const seed = seedOf(file, k);
      const { value, steps } = mutate(raw, seed);
      const input = `${file} seed ${seed}: ${steps.join("; ")}`;
      runs++;
      let tx;
      try {
        tx = fromRpcTransaction(value);
      } catch (e) {
        if (e instanceof MalformedTransactionError) malformed++;
        else findings.push({ kind: `fromRpcTransaction threw ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`, input });
        continue;
      }
      let result;
      try {
        // both with a slot and without (transactions from getBlock carry none)
        result = decodeSwaps(tx, k % 5 === 0 ? {} : { slot: 1, solUsd: 150 });
      } catch (e) {
        findings.push({ kind: `decodeSwaps threw ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`, input });
        continue;
      }
      for (const e of result.errors) {
        if (e.reason.startsWith("decoder crashed")) findings.push({ kind: `${e.dex} ${e.reason}`, input });
      }
      for (const s of result.swaps) {
        swaps++;
        const bad = [
          s.amountIn <= 0n && "amountIn <= 0",
          s.amountOut <= 0n && "amountOut <= 0",
          !s.mintIn && "empty mintIn",
          !s.mintOut && "empty mintOut",
          // Only a circular route (an arbitrage, two legs or more) may end in the mint it began with.
          s.mintIn === s.mintOut && (s.legs?.length ?? 0) < 2 && "mintIn === mintOut",
        ].filter(Boolean);
        if (bad.length) findings.push({ kind: `${s.dex} swap at ${s.ixPath}: ${bad.join(", ")}`, input });
        for (const l of s.legs ?? []) {
          const badLeg = [
            l.amountIn <= 0n && "amountIn <= 0",
            l.amountOut <= 0n && "amountOut <= 0",
            (!l.mintIn || !l.mintOut) && "empty mint",
            l.mintIn === l.mintOut && "mintIn === mintOut",
          ].filter(Boolean);
          if (badLeg.length) findings.push({ kind: `${s.dex} leg (${l.dex}) at ${l.ixPath}: ${badLeg.join(", ")}`, input });
        }
      }
    }
  }
  return { runs, malformed, swaps, findings };
}

describe("fuzz: decodeSwaps(fromRpcTransaction(x)) on mutated mainnet transactions", () => {
  let outcome: ReturnType<typeof runAll>;
  beforeAll(() => {
    outcome = runAll();
  }, 120_000);
  const kinds = (f: (x: Finding) => boolean) => outcome.findings.filter(f).map((x) => `${x.kind}\n    ${x.input}`);

  it("exercises both outcomes: many variants still decode to swaps, many are rejected as malformed", () => {
    expect(outcome.runs).toBe(manifest().length * RUNS_PER_FIXTURE);
    expect(outcome.swaps).toBeGreaterThan(outcome.runs / 4);
    expect(outcome.malformed).toBeGreaterThan(outcome.runs / 20);
  });

  it("throws nothing but MalformedTransactionError, and only from fromRpcTransaction", () => {
    expect(kinds((f) => / threw /.test(f.kind))).toEqual([]);
  });

  it("has no decoder crash (a malformed instruction is a named DecodeError)", () => {
    expect(kinds((f) => f.kind.includes("decoder crashed"))).toEqual([]);
  });

  it("emits no swap with a zero or negative amount, an empty mint, or the same mint on both sides (but an arbitrage cycle)", () => {
    expect(kinds((f) => f.kind.includes(" swap at "))).toEqual([]);
  });

  it("emits no such leg in a routed swap either", () => {
    expect(kinds((f) => f.kind.includes(" leg ("))).toEqual([]);
  });
});

describe("fuzz: the codecs agree with bs58 / Node's base64 on random inputs", () => {
  const rng = new Rng(20250101);
  const inputs: Uint8Array[] = [];
  for (let k = 0; k < 3000; k++) {
    const b = new Uint8Array(randomBytes(rng.int(k < 2500 ? 120 : 700)));
    const z = rng.int(5);
    if (rng.chance(0.2)) b.fill(0, 0, z);
    if (rng.chance(0.05)) b.fill(rng.chance(0.5) ? 0 : 255);
    inputs.push(b);
  }

  it("base58 round trips, through the WebAssembly kernel and the portable decoder", () => {
    for (const b of inputs) {
      const s = bs58.encode(b);
      expect(encodeBase58(b)).toBe(s);
      expect(isBase58(s)).toBe(true);
      expect(Buffer.from(decodeBase58(s)).equals(Buffer.from(b))).toBe(true);
      expect(Buffer.from(decodeBase58Portable(s)).equals(Buffer.from(b))).toBe(true);
    }
  });

  it("base58 rejects any character outside the alphabet, at its position", () => {
    for (let k = 0; k < 500; k++) {
      const s = bs58.encode(inputs[k]!);
      const at = rng.int(s.length + 1);
      const bad = rng.pick(["0", "O", "I", "l", "+", "/", " ", "é", "\u0100", "\ud83d\ude00"]);
      const t = s.slice(0, at) + bad + s.slice(at);
      expect(isBase58(t)).toBe(false);
      expect(() => decodeBase58(t)).toThrow(/invalid base58 character at/);
      expect(() => decodeBase58Portable(t)).toThrow(/invalid base58 character at/);
    }
  });

  it("base64 decodes what Node encodes and rejects what is not canonical padded base64", () => {
    for (const b of inputs) {
      const s = Buffer.from(b).toString("base64");
      expect(Buffer.from(decodeBase64(s)!).equals(Buffer.from(b))).toBe(true);
      if (s.length > 0) {
        const at = rng.int(s.length);
        const bad = rng.pick(["!", "-", "_", " ", "é", "\u0100"]);
        expect(decodeBase64(s.slice(0, at) + bad + s.slice(at + 1))).toBeNull();
        expect(decodeBase64(s.slice(0, s.length - 1 - rng.int(3)))).toBeNull();
      }
    }
  });
});
