/**
 * Global settings tuned from the admin chat, one row per key in `setting` with a JSON value.
 * Each key has a zod schema and a default here, so readers (scoring, rules, the bot's limits,
 * the signals reader) always get a complete, valid value: a row that is missing or no longer
 * parses (an older shape) reads as the default, and a write that does not parse is refused.
 *
 * Reads go through a short in-process cache (other processes see a change within `ttlMs`);
 * writes clear this process's cache at once.
 */
import { z } from "zod";
import type { SqlRunner } from "./db.js";

const positive = z.number().finite().positive();

export const settingSchemas = {
  /** Wallet score thresholds of the smart-money tiers (score 0–100): S ≥ A ≥ B. */
  "scoring.tiers": z
    .object({ S: z.number().min(0).max(100), A: z.number().min(0).max(100), B: z.number().min(0).max(100) })
    .refine((v) => v.S >= v.A && v.A >= v.B, { message: "tiers must satisfy S ≥ A ≥ B" }),
  /** Defaults of new pattern rules: N smart wallets buying one token within T minutes. */
  "rules.defaults": z.object({
    clusterWallets: z.number().int().min(2).max(50),
    clusterWindowMinutes: z.number().int().min(1).max(1440),
  }),
  /** Per-chat limits. */
  "limits.chat": z.object({
    wallets: z.number().int().min(1).max(10_000),
    rules: z.number().int().min(1).max(1000),
    alertsPerHour: z.number().int().min(1).max(100_000),
  }),
  /** Public call channels the signals reader follows (usernames without @). */
  "channels.tracked": z.array(z.string().regex(/^[A-Za-z][A-Za-z0-9_]{3,31}$/)).max(500),
} as const;

export type SettingKey = keyof typeof settingSchemas;
export type SettingValue<K extends SettingKey> = z.infer<(typeof settingSchemas)[K]>;
export type Settings = { [K in SettingKey]: SettingValue<K> };

export const SETTING_KEYS = Object.keys(settingSchemas) as SettingKey[];

export const DEFAULT_SETTINGS: Settings = {
  // The same as scoring's own defaults (core/domain/wallet-score.ts), so the menu shows what is in force.
  "scoring.tiers": { S: 70, A: 55, B: 40 },
  "rules.defaults": { clusterWallets: 3, clusterWindowMinutes: 1 },
  "limits.chat": { wallets: 100, rules: 20, alertsPerHour: 600 },
  "channels.tracked": [],
};

/** A value refused by its key's schema; `issues` is zod's one-line summary. */
export class InvalidSettingError extends Error {
  override name = "InvalidSettingError";
  constructor(
    readonly key: SettingKey,
    readonly issues: string,
  ) {
    super(`setting ${key} is invalid: ${issues}`);
  }
}

export function isSettingKey(value: string): value is SettingKey {
  return (SETTING_KEYS as string[]).includes(value);
}

/**
 * Typed access to the global settings.
 *
 * @example
 * const settings = new SettingsRepository(db.sql);
 * const { S, A, B } = await settings.get("scoring.tiers");
 * await settings.set("rules.defaults", { clusterWallets: 4, clusterWindowMinutes: 5 }, adminUserId);
 */
export class SettingsRepository {
  private cache: { at: number; values: Settings } | undefined;

  constructor(
    private readonly sql: SqlRunner,
    private readonly ttlMs = 5_000,
  ) {}

  /** Every setting, defaults filled in. */
  async getAll(): Promise<Settings> {
    if (this.cache && Date.now() - this.cache.at < this.ttlMs) return this.cache.values;
    const rows = await this.sql.query<{ key: string; value: unknown }>(`SELECT key, value FROM setting`);
    const values: Settings = { ...DEFAULT_SETTINGS };
    for (const row of rows) {
      if (!isSettingKey(row.key)) continue;
      const parsed = settingSchemas[row.key].safeParse(row.value);
      if (parsed.success) (values as Record<SettingKey, unknown>)[row.key] = parsed.data;
    }
    this.cache = { at: Date.now(), values };
    return values;
  }

  async get<K extends SettingKey>(key: K): Promise<SettingValue<K>> {
    return (await this.getAll())[key];
  }

  /** The value the admin chat stored, or null while none is (so an environment default can apply). */
  async getStored<K extends SettingKey>(key: K): Promise<SettingValue<K> | null> {
    const rows = await this.sql.query<{ value: unknown }>(`SELECT value FROM setting WHERE key = $1`, [key]);
    if (rows.length === 0) return null;
    const parsed = settingSchemas[key].safeParse(rows[0]!.value);
    return parsed.success ? (parsed.data as SettingValue<K>) : null;
  }

  /** Validates and stores a value; throws InvalidSettingError (nothing stored) when it does not parse. */
  async set<K extends SettingKey>(key: K, value: SettingValue<K>, updatedBy?: number | null): Promise<SettingValue<K>> {
    const parsed = settingSchemas[key].safeParse(value);
    if (!parsed.success) throw new InvalidSettingError(key, parsed.error.issues.map((i) => i.message).join("; "));
    await this.sql.query(
      `INSERT INTO setting (key, value, updated_by) VALUES ($1, $2::jsonb, $3)
       ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, updated_by = EXCLUDED.updated_by, updated_at = now()`,
      [key, JSON.stringify(parsed.data), updatedBy ?? null],
    );
    this.cache = undefined;
    return parsed.data as SettingValue<K>;
  }

  /** Changes one numeric field of an object setting (what the admin menu's number prompts do). */
  async setField<K extends SettingKey>(key: K, field: string, value: number, updatedBy?: number | null): Promise<SettingValue<K>> {
    const current = await this.get(key);
    if (typeof current !== "object" || current === null || Array.isArray(current) || !(field in current)) {
      throw new InvalidSettingError(key, `no numeric field ${field}`);
    }
    return this.set(key, { ...current, [field]: value } as SettingValue<K>, updatedBy);
  }
}
