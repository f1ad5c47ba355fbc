// Call alerts on real Postgres, Redis and BullMQ, delivered to a Bot API stand-in: a followed
// channel's call reaches the chats following it (once, however often the post is read), and a
// call and a smart-money cluster buy on one token within the window make exactly one combined
// alert per following chat, whichever came first; the cluster side runs through the pipeline's
// rules stage as wired by workers/app.ts.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CallStore, type CallerRow } from "../core/data/calls.js";
import { writeChatRules } from "../core/data/chat-rules.js";
import { mint, profile, swapAt, wallet } from "../core/domain/test-support/rules.js";
import type { Swap } from "../core/domain/swap.js";
import type { TokenFacts } from "../core/domain/token-facts.js";
import type { WalletProfile, WalletProfileReader } from "../core/domain/wallet-profile.js";
import { createLogger } from "../core/logger.js";
import { createQueue, createRedis } from "../core/queues/connection.js";
import { QueueName, type SwapBatchPayload } from "../core/queues/contract.js";
import { swapToPayload } from "../core/queues/swap-codec.js";
import { createTelegramApi } from "../core/telegram.js";
import type { RunningWorkers } from "../workers/app.js";
import { createCallAlerts } from "../workers/signals/call-alerts.js";
import { CallRecorder } from "../workers/signals/recorder.js";
import { createTestDatabase, type TestDatabase } from "./helpers/db.js";
import { startFakeBotApi, type FakeBotApi } from "./helpers/fake-bot-api.js";
import { createTestRedis, waitFor, type TestRedis } from "./helpers/redis.js";
import { startTestWorkers } from "./helpers/workers.js";

const [A, B, D] = ["a", "b", "d"].map(wallet) as [string, string, string];
const known = new Map<string, WalletProfile>([
  [A, profile(A, "S")],
  [B, profile(B, "A")],
  [D, profile(D, "B")],
]);
const profiles: WalletProfileReader = async (addresses) => new Map(addresses.flatMap((a) => (known.has(a) ? [[a, known.get(a)!] as const] : [])));
const facts = (m: string): TokenFacts => ({
  mint: m, program: "spl-token", symbol: null, name: null, uri: null, decimals: 6, supply: 10n ** 15n,
  mintAuthority: null, freezeAuthority: null, riskyExtensions: [], transferFeeBps: null, top10HolderShare: null, fetchedAt: 0,
});

// FOLLOWER follows the channel and runs the cluster rule; FAN follows it without any rule;
// CLUSTERER runs the cluster rule and follows nobody.
const FOLLOWER = 8101n, FAN = 8102n, CLUSTERER = 8103n;
const CLUSTER = { id: "cb", kind: "cluster-buy" as const, minWallets: 3, windowSec: 60, cooldownSec: 600 };
const WINDOW_MS = 30 * 60_000;
const T0 = 1_800_000_000;

describe("call alerts", () => {
  let db: TestDatabase;
  let redis: TestRedis;
  let tg: FakeBotApi;
  let workers: RunningWorkers;
  let store: CallStore;
  let recorder: CallRecorder;
  let alpha: CallerRow;
  let quiet: CallerRow;
  let outcomesConn: ReturnType<typeof createRedis>;
  let outcomes: ReturnType<typeof createQueue>;
  let batches = 0;

  beforeAll(async () => {
    db = await createTestDatabase();
    redis = createTestRedis();
    tg = await startFakeBotApi();
    for (const [id, lang] of [[FOLLOWER, "en"], [FAN, "zh"], [CLUSTERER, "en"]] as const) {
      await db.prisma.chat.create({ data: { id, type: "private", language: lang } });
    }
    await writeChatRules(db.sql, FOLLOWER, { rules: [CLUSTER] });
    await writeChatRules(db.sql, CLUSTERER, { rules: [CLUSTER] });
    workers = await startTestWorkers(["pipeline", "notifier"], { db, redis }, {
      api: createTelegramApi("123:fake-token-for-tests-only", { apiRoot: tg.apiRoot }),
      notifyRatePerSecond: 100,
      notifyConcurrency: 4,
      callClusterWindowMs: WINDOW_MS,
      rules: { profiles, tokenFacts: async (m) => facts(m), tokenStats: async () => null, warmupSec: 0 },
    });
    store = new CallStore(db.sql);
    alpha = await store.addCaller("channel", "alphacalls", { title: "Alpha <Calls>" });
    quiet = await store.addCaller("channel", "quietcalls");
    await store.subscribe(String(FOLLOWER), alpha.id);
    await store.subscribe(String(FAN), alpha.id);
    outcomesConn = createRedis(redis.url, "worker");
    outcomes = createQueue(QueueName.CallOutcomes, { connection: outcomesConn, prefix: redis.prefix });
    const callAlerts = createCallAlerts({ sql: db.sql, store, notifyQueue: workers.notify, windowMs: WINDOW_MS, logger: createLogger("silent") });
    recorder = new CallRecorder({ store, outcomes, clock: () => T0 * 1000, repostWindowMs: 1000, logger: createLogger("silent"), onCalls: callAlerts.onCalls });
  });
  afterAll(async () => {
    await outcomes?.close();
    outcomesConn?.disconnect();
    await workers?.stop();
    await tg?.close();
    await db?.drop();
    await redis?.cleanup();
  });

  async function feed(swaps: Swap[]) {
    const payload: SwapBatchPayload = { source: "replay", swaps: swaps.map(swapToPayload), tokens: [] };
    const n = ++batches;
    await workers.swapBatches.add("batch", payload, { jobId: `call-alerts-${n}` });
    await waitFor(async () => ((await workers.swapBatches.getJobCounts("completed")).completed ?? 0) >= n, "batch processed");
  }
  const cluster = (m: string, t: number) => feed([A, B, D].map((w, i) => swapAt({ trader: w, mint: m, t: t + i })));
  const post = (id: number, atSec: number, text: string, caller = alpha) => recorder.record(caller, { id, date: new Date(atSec * 1000), text, urls: [] });
  const sentTo = (chat: bigint) => tg.sent.filter((m) => m.chatId === String(chat));
  const alertCount = async (kind: string, m: string) =>
    Number((await db.sql.query<{ n: string }>(`SELECT count(*) AS n FROM alert WHERE kind = $1 AND payload->>'tokenMint' = $2`, [kind, m]))[0]!.n);

  it("sends a followed caller's call to every chat following it, once, with token and mute buttons", async () => {
    const M = mint("called");
    await db.sql.query(`INSERT INTO token (mint, symbol, decimals) VALUES ($1, 'CALLD', 6)`, [M]);
    expect(await post(10, T0, `new gem ${M} sending`)).toHaveLength(1);
    // The same post read again (an edit, a catch-up): nothing new.
    expect(await post(10, T0, `new gem ${M} sending`)).toHaveLength(0);
    await waitFor(() => sentTo(FOLLOWER).length === 1 && sentTo(FAN).length === 1, "call alerts sent");
    const en = sentTo(FOLLOWER)[0]!;
    expect(en.text).toContain('<a href="https://t.me/alphacalls/10">Alpha &lt;Calls&gt;</a> called');
    expect(en.text).toContain(">CALLD</a>");
    expect(en.text).toContain(`<code>${M}</code>`);
    expect(en.text).toMatch(/⏱ \d+ s after the post/);
    const buttons = en.replyMarkup!.inline_keyboard.flat();
    expect(buttons.map((b) => b.url ?? b.callback_data)).toEqual([
      "https://t.me/alphacalls/10",
      `https://dexscreener.com/solana/${M}`,
      `token:${M}`,
      `mute-token:${M}`,
    ]);
    expect(sentTo(FAN)[0]!.text).toContain("喊单");
    expect(sentTo(CLUSTERER)).toHaveLength(0);
    // The delivery record measures latency from the post.
    const [d] = await db.sql.query<{ block_time: Date | null }>(`SELECT block_time FROM alert_delivery WHERE chat_id = $1`, [String(FOLLOWER)]);
    expect(d!.block_time?.getTime()).toBe(T0 * 1000);
    expect(await alertCount("call", M)).toBe(2);
    // A caller nobody follows: its call is stored and alerts nobody.
    expect(await post(11, T0, `me too ${M}`, quiet)).toHaveLength(1);
    expect(await alertCount("call", M)).toBe(2);
  });

  it("a call then a cluster buy within the window: one combined alert per following chat", async () => {
    const M = mint("call-first");
    await post(20, T0 + 1000, `ape ${M}`);
    await cluster(M, T0 + 1000 + 10 * 60);
    await waitFor(async () => (await alertCount("call-cluster", M)) === 2 && sentTo(CLUSTERER).some((s) => s.text.includes("CLUSTER BUY")), "combined written");
    await waitFor(() => tg.sent.filter((s) => s.text.includes("CALL + CLUSTER") || s.text.includes("喊单 + 聪明钱集群")).length === 2, "combined sent");
    const combined = sentTo(FOLLOWER).filter((s) => s.text.includes("CALL + CLUSTER"));
    expect(combined).toHaveLength(1);
    expect(combined[0]!.text).toContain("The smart money came 10 min after the call.");
    expect(sentTo(FAN).filter((s) => s.text.includes("喊单 + 聪明钱集群"))).toHaveLength(1);
    // The chat that follows nobody gets its cluster buy and nothing combined.
    expect(sentTo(CLUSTERER).filter((s) => s.text.includes("CALL + CLUSTER"))).toHaveLength(0);
  });

  it("a cluster buy then a call within the window: one combined alert; a second call on the token stays quiet", async () => {
    const M = mint("cluster-first");
    await cluster(M, T0 + 5000);
    await waitFor(async () => (await alertCount("cluster-buy", M)) === 2, "cluster fired");
    expect(await alertCount("call-cluster", M)).toBe(0);
    await post(30, T0 + 5000 + 20 * 60, `late but ${M}`);
    expect(await alertCount("call-cluster", M)).toBe(2);
    // Another call on the same token inside the window (a different post): the chats were told.
    await post(31, T0 + 5000 + 25 * 60, `again ${M} and more`);
    expect(await alertCount("call", M)).toBe(4);
    expect(await alertCount("call-cluster", M)).toBe(2);
    await waitFor(() => sentTo(FOLLOWER).filter((s) => s.text.includes("CALL + CLUSTER")).length === 2, "combined sent");
    const text = sentTo(FOLLOWER).filter((s) => s.text.includes("CALL + CLUSTER"))[1]!.text;
    expect(text).toContain("The call came 20 min after the smart money.");
  });

  it("a call outside the window of a cluster makes no combined alert", async () => {
    const M = mint("too-late");
    await cluster(M, T0 + 9000);
    await waitFor(async () => (await alertCount("cluster-buy", M)) === 2, "cluster fired");
    await post(40, T0 + 9000 + 31 * 60, `${M} finally`);
    expect(await alertCount("call", M)).toBe(2);
    expect(await alertCount("call-cluster", M)).toBe(0);
  });
});
