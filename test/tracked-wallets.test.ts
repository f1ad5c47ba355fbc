// The pipeline's in-memory set of tracked wallets follows every change to tracked_wallet
// through the trigger-bumped version row, and reloads only when something changed.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SqlSession } from "../core/data/db.js";
import { TrackedWalletIndex } from "../core/data/tracked-wallets.js";
import { createTestDatabase, type TestDatabase } from "./helpers/db.js";

describe("tracked wallet index", () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
    await db.prisma.chat.createMany({ data: [{ id: 1n, type: "private" }, { id: 2n, type: "private" }] });
  });
  afterAll(() => db?.drop());

  /** Counts the queries the index makes, to see when it reloads. */
  function counting(): { session: SqlSession; queries: string[] } {
    const queries: string[] = [];
    return {
      queries,
      session: {
        query: (text, params) => {
          queries.push(text);
          return db.sql.query(text, params);
        },
        exec: (script) => db.sql.exec(script),
      },
    };
  }

  it("sees every track and untrack, and reloads only after a change", async () => {
    const index = new TrackedWalletIndex();
    const { session, queries } = counting();
    expect(await index.filter(session, ["A", "B"])).toEqual([]);

    await db.prisma.trackedWallet.create({ data: { chatId: 1n, address: "A" } });
    expect(await index.filter(session, ["A", "B"])).toEqual(["A"]);
    const reloads = () => queries.filter((q) => q.includes("DISTINCT address")).length;
    expect(reloads()).toBe(2);

    expect(await index.filter(session, ["A", "B"])).toEqual(["A"]);
    expect(reloads()).toBe(2); // nothing changed: no reload

    await db.prisma.trackedWallet.create({ data: { chatId: 2n, address: "B" } });
    await db.prisma.trackedWallet.delete({ where: { chatId_address: { chatId: 1n, address: "A" } } });
    expect(await index.filter(session, ["A", "B"])).toEqual(["B"]);

    await db.sql.exec("TRUNCATE tracked_wallet");
    expect(await index.filter(session, ["A", "B"])).toEqual([]);
  });
});
