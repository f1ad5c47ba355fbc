import { describe, expect, it } from "vitest";
import { botSchema, ConfigError, loadConfig, workersSchema } from "./config.js";

describe("config", () => {
  it("fails on a missing BOT_TOKEN with one sentence that points to the demo", () => {
    const run = () => loadConfig(botSchema, {});
    expect(run).toThrow(ConfigError);
    expect(run).toThrow(/^BOT_TOKEN is not set: .* run `npm run demo`[^\n]*$/);
  });

  it("names the variable once when a value is malformed", () => {
    expect(() => loadConfig(botSchema, { BOT_TOKEN: "nope" })).toThrow(
      "Invalid configuration: BOT_TOKEN does not look like a bot token from @BotFather",
    );
    expect(() => loadConfig(workersSchema, { BOT_TOKEN: "1:abcdefghijklmnopqrstuvwxyz", SWAP_BATCH_SIZE: "-3" })).toThrow(
      /^Invalid configuration: SWAP_BATCH_SIZE /,
    );
  });

  it("lets workers without the notifier role run without a bot token", () => {
    expect(loadConfig(workersSchema, {}).BOT_TOKEN).toBeUndefined();
  });

  it("fills defaults and coerces numbers from the environment's strings", () => {
    const c = loadConfig(workersSchema, { BOT_TOKEN: "123:abcdefghijklmnopqrstuvwxyz", SWAP_BATCH_SIZE: "250" });
    expect(c.SWAP_BATCH_SIZE).toBe(250);
    expect(c.WORKER_ROLES).toBe("ingest,pipeline,notifier");
    expect(c.YELLOWSTONE_COMMITMENT).toBe("confirmed");
  });
});

describe("delivery config", () => {
  const token = "123:abcdefghijklmnopqrstuvwxyz";
  it("reads several bot tokens and the paid-broadcast switch", () => {
    const c = loadConfig(workersSchema, { BOT_TOKENS: `${token}, 456:ABCDEFGHIJKLMNOPQRSTUVWXYZ_-`, NOTIFY_PAID_BROADCAST: "true" });
    expect(c.BOT_TOKENS).toEqual([token, "456:ABCDEFGHIJKLMNOPQRSTUVWXYZ_-"]);
    expect(c.NOTIFY_PAID_BROADCAST).toBe(true);
    expect(loadConfig(workersSchema, {}).BOT_TOKENS).toEqual([]);
    expect(loadConfig(workersSchema, {}).NOTIFY_PAID_BROADCAST).toBe(false);
  });

  it("refuses a malformed token in BOT_TOKENS without echoing it", () => {
    const run = () => loadConfig(workersSchema, { BOT_TOKENS: `${token},secret-but-wrong` });
    expect(run).toThrow("Invalid configuration: BOT_TOKENS has an entry that does not look like a bot token from @BotFather");
    expect(run).not.toThrow(/secret-but-wrong/);
  });

  it("reads the admin chat id", () => {
    expect(loadConfig(botSchema, { BOT_TOKEN: token, ADMIN_CHAT_ID: "-1001234" }).ADMIN_CHAT_ID).toBe(-1001234);
  });
});
