// The address lock shared by the backfill CLI and the token-backfill queue: a second run of one
// address is refused at once, another address is not held up, and the lock is free again after.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BackfillBusyError, withAddressLock } from "../core/data/backfill-lock.js";
import { createTestDatabase, type TestDatabase } from "./helpers/db.js";

let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
}, 60_000);

afterAll(async () => {
  await db?.drop();
});

describe("withAddressLock", () => {
  it("refuses a second run of one address while the first holds it, and frees it afterwards", async () => {
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let entered!: () => void;
    const inside = new Promise<void>((r) => (entered = r));
    const first = withAddressLock(db, "rpc:MintA", async () => {
      entered();
      await held;
      return "first";
    });
    await inside;

    const second = withAddressLock(db, "rpc:MintA", async () => "second");
    await expect(second).rejects.toBeInstanceOf(BackfillBusyError);
    await expect(second).rejects.toThrow("a backfill of MintA is already running");
    // Another address has its own lock.
    await expect(withAddressLock(db, "rpc:MintB", async () => "other")).resolves.toBe("other");

    release();
    await expect(first).resolves.toBe("first");
    await expect(withAddressLock(db, "rpc:MintA", async () => "again")).resolves.toBe("again");
  }, 30_000);

  it("frees the lock when the run throws", async () => {
    await expect(
      withAddressLock(db, "rpc:MintC", async () => {
        throw new Error("rpc down");
      }),
    ).rejects.toThrow("rpc down");
    await expect(withAddressLock(db, "rpc:MintC", async () => "after")).resolves.toBe("after");
  }, 30_000);
});
