// The rules stage on real Postgres, Redis and BullMQ: chat rules stored and validated, swap
// batches through the pipeline (store → rules → outbox → notify) to a Bot API stand-in, and the
// backtest over the stored swaps firing exactly where the live stage fired.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { InvalidRulesError, loadRuleSets, readChatRules, updateChatRules, writeChatRules } from "../core/data/chat-rules.js";
import { runBacktest } from "../core/data/backtest.js";
import { fireKey, RuleEngine } from "../core/domain/rules/engine.js";
import { chatRulesSchema, patternRuleSchema } from "../core/domain/rules/schema.js";
import { mint, profile, swapAt, wallet } from "../core/domain/test-support/rules.js";
import type { Swap } from "../core/domain/swap.js";
import type { TokenFacts } from "../core/domain/token-facts.js";
import type { WalletProfile, WalletProfileReader } from "../core/domain/wallet-profile.js";
import { swapToPayload } from "../core/queues/swap-codec.js";
import { createTelegramApi } from "../core/telegram.js";
import type { SwapBatchPayload } from "../core/queues/contract.js";
import type { RunningWorkers } from "../workers/app.js";
import { createTestDatabase, type TestDatabase } from "./helpers/db.js";
import { startFakeBotApi, type FakeBotApi } from "./helpers/fake-bot-api.js";
import { createTestRedis, waitFor, type TestRedis } from "./helpers/redis.js";
import { startTestWorkers } from "./helpers/workers.js";
import { SwapPartitions } from "../core/data/swap-partitions.js";
import { insertSwaps } from "../core/data/swap-store.js";
import { createLogger } from "../core/logger.js";
import { createRulesConsumer } from "../workers/processors/rules.js";

const [A, B, C, D, X] = ["a", "b", "c", "d", "x"].map(wallet) as [string, string, string, string, string];
const HOT = mint("hot"), SAFE = mint("safe"), RISKY = mint("risky");
const known = new Map<string, WalletProfile>([
  [A, profile(A, "S")],
  [B, profile(B, "A", { clusterId: "owner-b" })],
  [C, profile(C, "A", { clusterId: "owner-b" })],
  [D, profile(D, "B")],
]);
// Scoring's reader is another stage; here a fixed table behind the same interface.
const profiles: WalletProfileReader = async (addresses) => new Map(addresses.flatMap((a) => (known.has(a) ? [[a, known.get(a)!] as const] : [])));
const facts = (m: string, over: Partial<TokenFacts> = {}): TokenFacts => ({
  mint: m, program: "spl-token", symbol: null, name: null, uri: null, decimals: 6, supply: 10n ** 15n,
  mintAuthority: null, freezeAuthority: null, riskyExtensions: [], transferFeeBps: null, top10HolderShare: null, fetchedAt: 0, ...over,
});

const DM = 7001n, GROUP = -1007002n, WATCHER = 7003n;
const CLUSTER = { id: "cb", kind: "cluster-buy" as const, minWallets: 3, windowSec: 60, cooldownSec: 600 };

describe("chat rules storage", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
    await db.prisma.chat.create({ data: { id: 1n, type: "private" } });
  });
  afterAll(async () => db?.drop());

  it("validates on write, stores nothing invalid, and reads back the defaults filled in", async () => {
    await expect(writeChatRules(db.sql, 1, { rules: [{ id: "x", kind: "cluster-buy", minWallets: 1 }] })).rejects.toBeInstanceOf(InvalidRulesError);
    expect(await readChatRules(db.sql, 1)).toMatchObject({ v: 1, rules: [] });
    await writeChatRules(db.sql, 1, { rules: [{ id: "x", kind: "cluster-buy" }] }, 99);
    expect((await readChatRules(db.sql, 1)).rules[0]).toMatchObject({ minWallets: 3, windowSec: 60, enabled: true });
  });

  it("serialises concurrent edits so neither is lost", async () => {
    await Promise.all(
      ["s1", "s2", "s3", "s4"].map((id) =>
        updateChatRules(db.sql, 1, (doc) => ({ ...doc, subscriptions: [...doc.subscriptions, { id, kind: "tier", tiers: ["S"] }] })),
      ),
    );
    expect((await readChatRules(db.sql, 1)).subscriptions.map((s) => s.id).sort()).toEqual(["s1", "s2", "s3", "s4"]);
  });

  it("skips a stored document that no longer validates, with the reason, keeping the chat's wallets", async () => {
    await db.prisma.chat.create({ data: { id: 2n, type: "private" } });
    await db.sql.query(`INSERT INTO chat_rules (chat_id, doc) VALUES (2, '{"v": 9}')`);
    await db.sql.query(`INSERT INTO tracked_wallet (chat_id, address) VALUES (2, $1)`, [A]);
    const { sets, invalid } = await loadRuleSets(db.sql);
    expect(invalid.map((e) => e.chatId)).toEqual(["2"]);
    expect(sets.find((s) => s.chatId === "2")?.wallets.map((w) => w.address)).toEqual([A]);
    await expect(readChatRules(db.sql, 2)).rejects.toThrow(/rules of chat 2 are invalid: v/);
  });
});

describe("rules through the pipeline", () => {
  let db: TestDatabase;
  let redis: TestRedis;
  let tg: FakeBotApi;
  let workers: RunningWorkers;
  const fed: Swap[] = [];
  let batches = 0;

  beforeAll(async () => {
    db = await createTestDatabase();
    redis = createTestRedis();
    tg = await startFakeBotApi();
    for (const [id, type] of [[DM, "private"], [GROUP, "supergroup"], [WATCHER, "private"]] as const) {
      await db.prisma.chat.create({ data: { id, type, language: id === GROUP ? "zh" : "en" } });
    }
    // The DM: the cluster rule, and the HOT token, but only tokens without a mint authority.
    await writeChatRules(db.sql, DM, { rules: [CLUSTER], subscriptions: [{ id: "hot", kind: "token", mint: HOT }], filter: { noMintAuthority: true } });
    // The group: the same cluster rule under another id, and every tier-S wallet's buys of 2 SOL or more.
    await writeChatRules(db.sql, GROUP, { rules: [{ ...CLUSTER, id: "grp" }], subscriptions: [{ id: "s", kind: "tier", tiers: ["S"], filter: { side: "buy", minSol: 2 } }] });
    await db.sql.query(`INSERT INTO token (mint, symbol, decimals) VALUES ($1, 'HOT<3', 6)`, [HOT]);
    // A chat tracking X, but only its sells.
    await db.sql.query(`INSERT INTO tracked_wallet (chat_id, address, label) VALUES ($1, $2, 'x-man')`, [WATCHER, X]);
    await writeChatRules(db.sql, WATCHER, { filter: { side: "sell" } });
    workers = await startTestWorkers(["pipeline", "notifier"], { db, redis }, {
      api: createTelegramApi("123:fake-token-for-tests-only", { apiRoot: tg.apiRoot }),
      notifyRatePerSecond: 100,
      notifyConcurrency: 4,
      rules: {
        profiles,
        tokenFacts: async (m) => (m === RISKY ? facts(m, { mintAuthority: X }) : facts(m)),
        tokenStats: async () => null,
      },
    });
  });
  afterAll(async () => {
    await workers?.stop();
    await tg?.close();
    await db?.drop();
    await redis?.cleanup();
  });

  async function feed(swaps: Swap[]) {
    const payload: SwapBatchPayload = { source: "replay", swaps: swaps.map(swapToPayload), tokens: [] };
    await workers.swapBatches.add("batch", payload, { jobId: `rules-${fed.length}` });
    fed.push(...swaps);
    const n = ++batches;
    await waitFor(async () => ((await workers.swapBatches.getJobCounts("completed")).completed ?? 0) >= n, "batch processed");
  }
  const sentTo = (chat: bigint) => tg.sent.filter((m) => m.chatId === String(chat)).map((m) => m.text);

  it("alerts a cluster buy once per chat that has the rule, with the evidence, owners counted once", async () => {
    const t0 = 1_800_000_000;
    await feed([
      swapAt({ trader: A, mint: HOT, t: t0, sol: 3 }),
      swapAt({ trader: B, mint: HOT, t: t0 + 5 }),
      swapAt({ trader: C, mint: HOT, t: t0 + 10 }), // B's owner again: not a third owner
    ]);
    await feed([swapAt({ trader: D, mint: HOT, t: t0 + 20 }), swapAt({ trader: X, mint: HOT, t: t0 + 25, side: "sell" })]);
    // Cluster on RISKY too: the DM refuses tokens with a mint authority, the group has no such filter.
    await feed([
      swapAt({ trader: A, mint: RISKY, t: t0 + 30 }),
      swapAt({ trader: B, mint: RISKY, t: t0 + 31 }),
      swapAt({ trader: D, mint: RISKY, t: t0 + 32 }),
    ]);
    await waitFor(async () => sentTo(GROUP).filter((t) => t.includes("集群买入")).length === 2 && sentTo(DM).some((t) => t.includes("CLUSTER BUY")), "cluster alerts sent");
    const dmCluster = sentTo(DM).filter((t) => t.includes("CLUSTER BUY"));
    expect(dmCluster).toHaveLength(1);
    expect(dmCluster[0]).toContain("3 smart wallets bought <a href=\"https://dexscreener.com/solana/" + HOT + "\">HOT&lt;3</a>");
    expect(dmCluster[0]!.match(/^• /gm)).toHaveLength(3);
    expect(dmCluster[0]).toContain("after the block");
    // A pattern alert's own row: the token card, mute this token, mute the rule that fired.
    const clusterMsg = tg.sent.find((m) => m.chatId === String(DM) && m.text.includes("CLUSTER BUY"));
    const actions = clusterMsg!.replyMarkup!.inline_keyboard.flat().map((b) => b.callback_data ?? "");
    expect(actions).toContain(`mute-token:${HOT}`);
    expect(actions.filter((d) => d.startsWith("mute-rule:"))).toHaveLength(1);
    const kinds = await db.sql.query<{ chat_id: string; kind: string; n: string }>(
      `SELECT chat_id, kind, count(*) AS n FROM alert GROUP BY 1, 2 ORDER BY 1, 2`,
    );
    expect(kinds.map((r) => [r.chat_id, r.kind, Number(r.n)])).toEqual([
      [String(GROUP), "cluster-buy", 2],
      // A's 3-SOL buy of HOT is the only tier-S buy of 2 SOL or more.
      [String(GROUP), "wallet-swap", 1],
      [String(DM), "cluster-buy", 1],
      // Every HOT swap, the sell included.
      [String(DM), "wallet-swap", 5],
      // X sold HOT once; the chat wants sells only.
      [String(WATCHER), "wallet-swap", 1],
    ]);
    await waitFor(async () => sentTo(DM).length === 6 && sentTo(WATCHER).length === 1, "all alerts sent");
    expect(sentTo(DM).filter((t) => t.includes("Token you follow") && t.includes("HOT&lt;3"))).toHaveLength(5);
  });

  it("a restarted rule stage rebuilds its windows from the recent stored swaps", async () => {
    const t0 = 1_800_001_000;
    const WARM = mint("warm");
    await feed([swapAt({ trader: A, mint: WARM, t: t0 }), swapAt({ trader: B, mint: WARM, t: t0 + 1 })]);
    // The third owner's buy is stored (as the pipeline does before its consumers run) and given
    // to a fresh stage, as after a restart: only the warm-up knows about the first two.
    const third = swapAt({ trader: D, mint: WARM, t: t0 + 2 });
    await new SwapPartitions(db.sql).ensure([third.slot]);
    await db.sql.transaction((tx) => insertSwaps(tx, [third], "replay"));
    fed.push(third);
    const count = async () => Number((await db.sql.query<{ n: string }>(`SELECT count(*) AS n FROM alert WHERE kind = 'cluster-buy'`))[0]!.n);
    const before = await count();
    const cold = createRulesConsumer({ sql: db.sql, notifyQueue: workers.notify, logger: createLogger("silent"), profiles, warmupSec: 0 });
    await cold.consume([third], { jobId: "cold", source: "replay", attemptsMade: 0 });
    expect(await count()).toBe(before);
    const warm = createRulesConsumer({
      sql: db.sql,
      notifyQueue: workers.notify,
      logger: createLogger("silent"),
      profiles,
      // The DM's filter needs the token's facts (without them it fails closed).
      tokenFacts: async (m) => facts(m),
      warmupSec: 600,
    });
    await warm.consume([third], { jobId: "warm", source: "replay", attemptsMade: 0 });
    // The DM and the group both run the rule.
    expect(await count()).toBe(before + 2);
    // Another restart, without any warm-up: a new cluster on the token inside the cooldown stays
    // quiet, because the cooldown comes back from the alerts in the outbox.
    const again = [A, B, D].map((w, i) => swapAt({ trader: w, mint: WARM, t: t0 + 100 + i }));
    const seeded = createRulesConsumer({ sql: db.sql, notifyQueue: workers.notify, logger: createLogger("silent"), profiles, warmupSec: 0 });
    await seeded.consume(again, { jobId: "seeded", source: "replay", attemptsMade: 0 });
    expect(await count()).toBe(before + 2);
    const unseeded = new RuleEngine();
    unseeded.setChats([{ chatId: "x", rules: chatRulesSchema.parse({ rules: [CLUSTER] }), wallets: [] }]);
    expect(unseeded.evaluate(again, await profiles([A, B, D]), 0).fires).toHaveLength(1);
  });

  it("a backtest over the stored swaps fires exactly where the live stage fired", async () => {
    const report = await runBacktest(db.sql, patternRuleSchema.parse(CLUSTER), { days: 1, profiles, chunk: 2 });
    const live = await db.sql.query<{ dedupe_key: string }>(`SELECT dedupe_key FROM alert WHERE chat_id = $1 AND kind = 'cluster-buy' ORDER BY id`, [String(GROUP)]);
    expect(report.swaps).toBe(fed.length);
    expect(report.list.map((f) => fireKey(f.fire))).toEqual(live.map((r) => r.dedupe_key));
    expect(report.fires).toBe(3);
  });

  it("feeding a batch again adds no alert", async () => {
    const before = await db.sql.query<{ n: string }>(`SELECT count(*) AS n FROM alert`);
    const payload: SwapBatchPayload = { source: "replay", swaps: fed.slice(0, 3).map(swapToPayload), tokens: [] };
    await workers.swapBatches.add("batch", payload, { jobId: "rules-again" });
    await waitFor(async () => ((await workers.swapBatches.getJobCounts("completed")).completed ?? 0) >= batches + 1, "replayed batch processed");
    const after = await db.sql.query<{ n: string }>(`SELECT count(*) AS n FROM alert`);
    expect(after[0]!.n).toBe(before[0]!.n);
  });
});
