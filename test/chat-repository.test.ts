// ChatRepository against real Postgres; mainly that the wallet limit holds under concurrency.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ChatNotFoundError, ChatRepository } from "../core/data/chat-repository.js";
import { connectPostgres } from "../core/data/db.js";
import { createTestDatabase, type TestDatabase } from "./helpers/db.js";

const wallets = Array.from({ length: 12 }, (_, i) => `wallet${String(i).padStart(2, "0")}${"1".repeat(30)}`);

let db: TestDatabase;
let chats: ChatRepository;

beforeAll(async () => {
  db = await createTestDatabase();
  chats = new ChatRepository(db.prisma);
});
afterAll(() => db?.drop());

describe("ChatRepository", () => {
  it("upserts chats, keeps their language, and clears blockedAt", async () => {
    expect(await chats.upsertChat({ id: 1, type: "private", username: "alice" })).toEqual({ language: null });
    expect(await chats.setLanguage(1, "zh")).toBe(true);
    await chats.markBlocked(1);
    await chats.upsertChat({ id: 1, type: "private", username: "alice2", clientLanguage: "zh-hans" });
    expect(await chats.upsertChat({ id: 1, type: "private", username: "alice2" })).toEqual({ language: "zh" });
    const row = await db.prisma.chat.findUniqueOrThrow({ where: { id: 1n } });
    // An upsert without clientLanguage (a group update) leaves it as it was.
    expect(row).toMatchObject({ username: "alice2", language: "zh", clientLanguage: "zh-hans", blockedAt: null });
    expect(await chats.getLanguage(1)).toBe("zh");
    expect(await chats.getLanguage(999)).toBeNull();
    expect(await chats.setLanguage(999, "en")).toBe(false);
  });

  it("tracks, reports duplicates (even at the limit) and the limit, untracks", async () => {
    await chats.upsertChat({ id: 2, type: "private" });
    expect(await chats.trackWallet(2, wallets[0]!, "a", 2)).toBe("added");
    expect(await chats.trackWallet(2, wallets[1]!, null, 2)).toBe("added");
    expect(await chats.trackWallet(2, wallets[0]!, "other", 2)).toEqual({ duplicate: "a" });
    expect(await chats.trackWallet(2, wallets[1]!, null, 2)).toEqual({ duplicate: null });
    expect(await chats.trackWallet(2, wallets[2]!, null, 2)).toBe("limit");
    expect((await chats.listWallets(2)).map((w) => [w.address, w.label])).toEqual([
      [wallets[0], "a"],
      [wallets[1], null],
    ]);
    expect(await chats.untrackWallet(2, wallets[0]!)).toEqual({ label: "a" });
    expect(await chats.untrackWallet(2, wallets[0]!)).toBeNull();
  });

  it("never exceeds the limit when many /track run at once, even from separate connections", async () => {
    await chats.upsertChat({ id: 3, type: "private" });
    // A second pool stands in for a second bot process.
    const other = connectPostgres(db.url, { max: 4 });
    try {
      const repos = [chats, new ChatRepository(other.prisma)];
      const results = await Promise.all(wallets.map((w, i) => repos[i % 2]!.trackWallet(3, w, null, 5)));
      expect(results.filter((r) => r === "added")).toHaveLength(5);
      expect(results.filter((r) => r === "limit")).toHaveLength(wallets.length - 5);
      expect(await db.prisma.trackedWallet.count({ where: { chatId: 3n } })).toBe(5);
    } finally {
      await other.close();
    }
  });

  it("refuses to track for a chat it does not know", async () => {
    await expect(chats.trackWallet(404, wallets[0]!, null, 5)).rejects.toBeInstanceOf(ChatNotFoundError);
  });

  it("knows the mints in the token table", async () => {
    await db.prisma.token.create({ data: { mint: "MintAddress111", symbol: "TST" } });
    expect(await chats.isKnownMint("MintAddress111")).toBe(true);
    expect(await chats.getToken("MintAddress111")).toEqual({ mint: "MintAddress111", symbol: "TST", name: null });
    expect(await chats.isKnownMint("Nope")).toBe(false);
  });
});
