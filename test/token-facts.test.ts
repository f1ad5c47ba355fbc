// Token facts over JSON-RPC, cached in Postgres: the local JSON-RPC server serves account bytes
// (the real Metaplex metadata fixture and mints built from the documented layout), and injects
// 429s, 500s, JSON-RPC errors and slow answers.
import { Keypair } from "@solana/web3.js";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { JsonRpcClient, RpcRateLimitError } from "../core/data/json-rpc.js";
import { TokenFactsRepository, TokenFactsUnavailableError } from "../core/data/token-facts-repository.js";
import { metadataAddress, type RawAccount } from "../core/domain/token-accounts.js";
import { accountFixture, ext, metaplexMetadata, splMint, token2022Mint } from "../core/domain/test-support/token-accounts.js";
import { createLogger } from "../core/logger.js";
import { createTestDatabase, type TestDatabase } from "./helpers/db.js";
import { faults, startJsonRpcServer, type JsonRpcTestServer, type ServedAccount } from "./helpers/json-rpc-server.js";

// The mint whose real Metaplex metadata account is in test/fixtures/solana/accounts.
const NFT_MINT = "5ZXToo7froykjvjnpHtTLYr9u2tW3USMwPg3sNkiaQVh";
const PUMP_MINT = "B9ktH3g7mwgdoDgCgGRim6qeqPcyRVWJueXS12CMpump";
const T22_MINT = "2b1kV6DkPAnxd5ixfnxCpjxmKwqjjaYmCZfHsFu24GXo";
const WALLET = "GQpoa61ghhu51v6RnseVodSHkVki9XmtumBXjzBR8mQg";
const AUTH = "G8SNiK7rp1vYTG4KcRS9EDn439HCdsweLUo9BCHWdtbw";

const served = (a: RawAccount): ServedAccount => ({ owner: a.owner, data: Buffer.from(a.data).toString("base64"), executable: a.executable, lamports: a.lamports });

let db: TestDatabase;
let rpc: JsonRpcTestServer;
const logger = createLogger("silent");

function holders(mint: string, amounts: bigint[]) {
  return amounts.map((a, i) => ({ address: `${mint.slice(0, 8)}holder${i}`, amount: a.toString() }));
}

beforeAll(async () => {
  db = await createTestDatabase();
  const nftMeta = accountFixture("metaplex_metadata.json");
  rpc = await startJsonRpcServer({
    accounts: {
      [NFT_MINT]: served(splMint({ mintAuthority: null, freezeAuthority: null, supply: 1n, decimals: 0 })),
      [metadataAddress(NFT_MINT)]: served(nftMeta),
      [PUMP_MINT]: served(splMint({ mintAuthority: AUTH, freezeAuthority: null, supply: 1_000_000_000_000000n, decimals: 6 })),
      [metadataAddress(PUMP_MINT)]: served(metaplexMetadata({ mint: PUMP_MINT, name: "Fixture Pump", symbol: "FPUMP", uri: "https://example.org/fpump.json" })),
      [T22_MINT]: served(
        token2022Mint({ decimals: 9, supply: 5_000_000_000n }, [
          ext.transferFee({ authority: AUTH, olderBps: 300, newerBps: 300 }),
          ext.permanentDelegate(AUTH),
          ext.metadataPointer(AUTH, T22_MINT),
          ext.tokenMetadata(T22_MINT, { name: "Hook <Coin>", symbol: "HOOK", uri: "https://example.org/h.json" }),
        ]),
      ),
      [WALLET]: { owner: "11111111111111111111111111111111", data: "", lamports: 5_000_000 },
    },
    largestAccounts: {
      // 25% of the supply in the ten largest (the rest in smaller ones).
      [PUMP_MINT]: holders(PUMP_MINT, [...Array(10).fill(25_000_000_000000n), ...Array(10).fill(1_000000n)]),
      [NFT_MINT]: holders(NFT_MINT, [1n]),
      // T22_MINT: none, so the server answers "not a Token mint" like a provider that refuses.
    },
  });
});

afterAll(async () => {
  await rpc?.close();
  await db?.drop();
});

afterEach(() => {
  rpc.setFault(undefined);
  rpc.setDelay(undefined);
});

function repo(opts: { now?: () => number; rps?: number; ttlSec?: number; rpcUrl?: string | null; maxRetries?: number } = {}) {
  const client =
    opts.rpcUrl === null
      ? null
      : new JsonRpcClient({ url: opts.rpcUrl ?? rpc.url, requestsPerSecond: opts.rps ?? 1000, burst: 10, backoffBaseMs: 5, backoffMaxMs: 20, maxRetries: opts.maxRetries ?? 2 });
  return {
    client,
    facts: new TokenFactsRepository({ sql: db.sql, rpc: client, ttlSec: opts.ttlSec ?? 3600, notMintTtlSec: 60, logger, ...(opts.now ? { now: opts.now } : {}) }),
  };
}

const callsFor = (method: string, param: string) => rpc.calls.filter((c) => c.method === method && JSON.stringify(c.params).includes(param));

describe("token facts over RPC", () => {
  it("reads mint and metadata in one getMultipleAccounts call, holders in a second, and caches them", async () => {
    const { facts } = repo();
    const found = await facts.lookup(PUMP_MINT);
    expect(found).toMatchObject({
      ok: true,
      facts: {
        mint: PUMP_MINT,
        program: "spl-token",
        symbol: "FPUMP",
        name: "Fixture Pump",
        decimals: 6,
        supply: 1_000_000_000_000000n,
        mintAuthority: AUTH,
        freezeAuthority: null,
        riskyExtensions: [],
        top10HolderShare: 0.25,
      },
    });
    const multi = callsFor("getMultipleAccounts", PUMP_MINT);
    expect(multi).toHaveLength(1);
    expect(multi[0]!.params[0]).toEqual([PUMP_MINT, metadataAddress(PUMP_MINT)]);
    expect(multi[0]!.params[1]).toMatchObject({ encoding: "base64" });
    expect(callsFor("getTokenLargestAccounts", PUMP_MINT)).toHaveLength(1);

    // A second repository (another process) reads the same facts from Postgres, with no RPC call.
    const before = rpc.calls.length;
    const again = await repo().facts.lookup(PUMP_MINT);
    expect(again).toEqual(found);
    expect(rpc.calls.length).toBe(before);
    // The token table learnt the symbol for alerts.
    const [token] = await db.sql.query<{ symbol: string; decimals: number }>(`SELECT symbol, decimals FROM token WHERE mint = $1`, [PUMP_MINT]);
    expect(token).toEqual({ symbol: "FPUMP", decimals: 6 });
  });

  it("decodes the real Metaplex metadata account of the fixture mint", async () => {
    const found = await repo().facts.lookup(NFT_MINT);
    expect(found).toMatchObject({ ok: true, facts: { name: "SPECIAL SAUCE", symbol: null, decimals: 0, supply: 1n, top10HolderShare: 1, metadataMutable: true } });
  });

  it("keeps Token-2022 risk facts and metadata from the mint, without a top-10 share when the RPC refuses it", async () => {
    const found = await repo().facts.lookup(T22_MINT);
    expect(found.ok).toBe(true);
    if (!found.ok) return;
    expect(found.facts).toMatchObject({ program: "token-2022", symbol: "HOOK", name: "Hook <Coin>", transferFeeBps: 300, top10HolderShare: null });
    expect([...found.facts.riskyExtensions].sort()).toEqual(["permanentDelegate", "transferFee"]);
    expect(found.facts.extensions).toEqual(["TransferFeeConfig", "PermanentDelegate", "MetadataPointer", "TokenMetadata"]);
    const [row] = await db.sql.query<{ risky_extensions: string[]; supply: string }>(`SELECT risky_extensions, supply FROM token_facts WHERE mint = $1`, [T22_MINT]);
    expect(row).toEqual({ risky_extensions: ["transferFee", "permanentDelegate"], supply: "5000000000" });
  });

  it("answers a wallet and an unknown address with why, and caches that only briefly", async () => {
    let now = Date.now();
    const { facts } = repo({ now: () => now });
    expect(await facts.lookup(WALLET)).toEqual({ ok: false, reason: "wallet" });
    const unknown = "9WzDXwBbmkg8ZTbNMqUxvQRAyrZzDsGYdLVL9zYtAWWM";
    expect(await facts.lookup(unknown)).toEqual({ ok: false, reason: "not-found" });
    expect(await facts.read(unknown)).toBeNull();
    // Only the accounts call: no holders call for a non-mint.
    expect(callsFor("getTokenLargestAccounts", WALLET)).toHaveLength(0);

    const before = callsFor("getMultipleAccounts", unknown).length;
    await facts.lookup(unknown);
    expect(callsFor("getMultipleAccounts", unknown).length).toBe(before);
    // The mint appears on chain later: after the short TTL it is asked again and found.
    rpc.setAccount(unknown, served(splMint({ decimals: 2, supply: 100n })), holders(unknown, [50n]));
    now += 61_000;
    expect(await facts.lookup(unknown)).toEqual({ ok: false, reason: "not-found" }); // stale answer first…
    await expect.poll(async () => (await facts.cached(unknown))?.lookup.ok, { timeout: 5000 }).toBe(true); // …then the refresh lands
    expect(await facts.lookup(unknown)).toMatchObject({ ok: true, facts: { decimals: 2, supply: 100n, top10HolderShare: 0.5 } });
  });

  it("does one fetch for many concurrent asks about one mint", async () => {
    const mint = "7xKXtg2CW87d97TXJSDpbD5jBkheTqA83TZRuJosgAsU";
    rpc.setAccount(mint, served(splMint({ supply: 10n })), holders(mint, [1n]));
    rpc.setDelay((c) => (c.method === "getMultipleAccounts" ? 100 : 0));
    const { facts } = repo();
    const results = await Promise.all(Array.from({ length: 8 }, () => facts.lookup(mint)));
    expect(new Set(results.map((r) => JSON.stringify(r, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v)))).size).toBe(1);
    expect(callsFor("getMultipleAccounts", mint)).toHaveLength(1);
    expect(callsFor("getTokenLargestAccounts", mint)).toHaveLength(1);
  });

  it("serves stale facts at once and refreshes them behind", async () => {
    const mint = "4k3Dyjzvzp8eMZWUXbBCjEvwSkkk59S5iCNLY3QrkX6R";
    rpc.setAccount(mint, served(splMint({ supply: 1000n, mintAuthority: AUTH })), holders(mint, [100n]));
    let now = Date.now();
    const { facts } = repo({ now: () => now, ttlSec: 60 });
    expect(await facts.lookup(mint)).toMatchObject({ ok: true, facts: { mintAuthority: AUTH, supply: 1000n } });
    // The authority is renounced and supply burnt; an hour later the card still answers at once.
    rpc.setAccount(mint, served(splMint({ supply: 900n, mintAuthority: null })), holders(mint, [100n]));
    now += 3_600_000;
    // The refresh takes 2 s; the answer must not wait for it.
    rpc.setDelay((c) => (c.method === "getMultipleAccounts" ? 2000 : 0));
    const t0 = performance.now();
    expect(await facts.lookup(mint)).toMatchObject({ ok: true, facts: { mintAuthority: AUTH, supply: 1000n } });
    expect(performance.now() - t0).toBeLessThan(1500);
    await expect.poll(async () => (await facts.cached(mint))?.lookup, { timeout: 5000 }).toMatchObject({ ok: true, facts: { mintAuthority: null, supply: 900n } });
    expect((await facts.cached(mint))?.stale).toBe(false);
  });

  it("waits out 429s (Retry-After honoured) and gets the facts", async () => {
    const mint = "DezXAZ8z7PnrnRJjz3wXBoRgixCa6xjnB7YaB1pPB263";
    rpc.setAccount(mint, served(splMint({ decimals: 5 })), holders(mint, [1n]));
    const start = rpc.calls.length;
    rpc.setFault((c) => (c.n <= start + 2 ? { kind: "429", retryAfter: "0.2" } : undefined));
    const { facts, client } = repo();
    const t0 = performance.now();
    expect(await facts.lookup(mint)).toMatchObject({ ok: true, facts: { decimals: 5 } });
    expect(performance.now() - t0).toBeGreaterThanOrEqual(380);
    expect(client!.stats.rateLimited).toBe(2);
    expect(rpc.calls.slice(start).map((c) => c.status)).toEqual([429, 429, 200, 200]);
  });

  it("gives up after too many 429s, and a cached answer still stands", async () => {
    const mint = "JUPyiwrYJFskUPiHa7hkeR8VUtAeFoSYbKedZNsDvCN";
    rpc.setAccount(mint, served(splMint()), holders(mint, [1n]));
    rpc.setFault(faults.rateLimitFirst(1_000_000, "0"));
    const client = new JsonRpcClient({ url: rpc.url, requestsPerSecond: 1000, burst: 10, maxRateLimitRetries: 3, backoffBaseMs: 1 });
    const facts = new TokenFactsRepository({ sql: db.sql, rpc: client, logger });
    const err = await facts.lookup(mint).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TokenFactsUnavailableError);
    expect((err as Error).cause).toBeInstanceOf(RpcRateLimitError);
    expect(client.stats.rateLimited).toBe(4);
  });

  it("retries a 500, and turns a JSON-RPC error into 'unavailable' without retrying it", async () => {
    const mint = "HeLp6NuQkmYB4pYWo2zYs22mESHXPQYzXbB8n4V98jwC";
    rpc.setAccount(mint, served(splMint()), holders(mint, [1n]));
    const start = rpc.calls.length;
    rpc.setFault((c) => (c.n === start + 1 ? { kind: "500" } : undefined));
    expect((await repo().facts.lookup(mint)).ok).toBe(true);
    expect(rpc.calls.slice(start).map((c) => c.status)).toEqual([500, 200, 200]);

    // A JSON-RPC error object (here: a node that refuses the params) is final: asking again is pointless.
    const other = "So11111111111111111111111111111111111111112";
    const from = rpc.calls.length;
    rpc.setFault((c) => (c.n > from ? { kind: "rpc-error", code: -32602, message: "Invalid params" } : undefined));
    const err = await repo().facts.lookup(other).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TokenFactsUnavailableError);
    expect(String((err as Error).cause)).toContain("RPC error -32602");
    expect(rpc.calls.length - from).toBe(1);
  });

  it("retries a reset connection, then gives up without the endpoint's key in any error", async () => {
    const mint = "mSoLzYCxHdYgdzU16g5QSh3i5K3z3KZK7ytfqcJm7So";
    rpc.setAccount(mint, served(splMint()), holders(mint, [1n]));
    rpc.setFault(() => ({ kind: "reset" }));
    const client = new JsonRpcClient({ url: `${rpc.url}/?api-key=SECRET123`, requestsPerSecond: 1000, burst: 10, maxRetries: 2, backoffBaseMs: 1 });
    const facts = new TokenFactsRepository({ sql: db.sql, rpc: client, logger });
    const err = (await facts.lookup(mint).catch((e: unknown) => e)) as Error;
    expect(err).toBeInstanceOf(TokenFactsUnavailableError);
    expect(client.stats).toMatchObject({ requests: 3, retries: 2 });
    const chain = [err, err.cause as Error].map((e) => `${e.name}: ${e.message} ${JSON.stringify(e)}`).join("\n");
    expect(chain).toContain("no answer from the RPC");
    expect(chain).not.toContain("SECRET123");
  });

  it("says unavailable when no RPC is configured and nothing is cached, and serves what is cached", async () => {
    const { facts } = repo({ rpcUrl: null });
    await expect(facts.lookup("CKfatsPMUf8SkiURsDXs7eK6GWb4Jsd6UDbs7twMCWxo")).rejects.toBeInstanceOf(TokenFactsUnavailableError);
    expect(await facts.lookup(PUMP_MINT)).toMatchObject({ ok: true, facts: { symbol: "FPUMP" } });
  });

  it("keeps to the configured request rate", async () => {
    const mints = Array.from({ length: 6 }, () => Keypair.generate().publicKey.toBase58());
    // Not on chain: one request each.
    const client = new JsonRpcClient({ url: rpc.url, requestsPerSecond: 10, burst: 1 });
    const facts = new TokenFactsRepository({ sql: db.sql, rpc: client, logger });
    await Promise.all(mints.map((m) => facts.lookup(m)));
    const at = mints.map((m) => callsFor("getMultipleAccounts", m)[0]!.at).sort((a, b) => a - b);
    // Six requests at 10/s with no burst leave 500 ms between the first and the last (arrival
    // times jitter a little, the first one also opens the connection); unlimited, it is a few ms.
    expect(at[5]! - at[0]!).toBeGreaterThanOrEqual(400);
  });
});
