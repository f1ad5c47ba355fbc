// The settings repository on real Postgres: defaults, validation, a stale row read as default.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEFAULT_SETTINGS, InvalidSettingError, SettingsRepository } from "../core/data/settings.js";
import { createTestDatabase, type TestDatabase } from "./helpers/db.js";

let db: TestDatabase;
beforeAll(async () => {
  db = await createTestDatabase();
});
afterAll(async () => {
  await db?.drop();
});

describe("settings", () => {
  it("reads defaults, stores valid values, and refuses invalid ones without storing", async () => {
    const settings = new SettingsRepository(db.sql, 0);
    expect(await settings.getAll()).toEqual(DEFAULT_SETTINGS);
    await settings.set("rules.defaults", { clusterWallets: 4, clusterWindowMinutes: 5 }, 42);
    expect(await settings.get("rules.defaults")).toEqual({ clusterWallets: 4, clusterWindowMinutes: 5 });

    await expect(settings.set("scoring.tiers", { S: 40, A: 70, B: 50 })).rejects.toBeInstanceOf(InvalidSettingError);
    await expect(settings.setField("limits.chat", "wallets", 0)).rejects.toThrow(/limits.chat is invalid/);
    await expect(settings.setField("limits.chat", "nope", 3)).rejects.toThrow(/no numeric field nope/);
    await expect(settings.set("channels.tracked", ["ok_channel", "bad name"])).rejects.toBeInstanceOf(InvalidSettingError);
    expect(await db.prisma.setting.count()).toBe(1);

    await settings.setField("limits.chat", "wallets", 250);
    expect(await settings.get("limits.chat")).toEqual({ ...DEFAULT_SETTINGS["limits.chat"], wallets: 250 });
  });

  it("reads a row that no longer parses as the default, and caches reads for its TTL", async () => {
    await db.sql.query(`INSERT INTO setting (key, value) VALUES ('scoring.tiers', '{"S": "high"}')`);
    const cached = new SettingsRepository(db.sql, 60_000);
    expect(await cached.get("scoring.tiers")).toEqual(DEFAULT_SETTINGS["scoring.tiers"]);
    await db.sql.query(`UPDATE setting SET value = '{"S": 99, "A": 80, "B": 10}' WHERE key = 'scoring.tiers'`);
    expect(await cached.get("scoring.tiers")).toEqual(DEFAULT_SETTINGS["scoring.tiers"]);
    expect(await new SettingsRepository(db.sql, 0).get("scoring.tiers")).toEqual({ S: 99, A: 80, B: 10 });
  });
});
