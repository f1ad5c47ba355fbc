// A unique BullMQ prefix per test so tests share one Redis without seeing each other's keys;
// everything under it is deleted afterwards.
import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";
import { TEST_REDIS_URL } from "./env.js";

export interface TestRedis {
  url: string;
  prefix: string;
  cleanup(): Promise<void>;
}

export function createTestRedis(): TestRedis {
  const prefix = `pstest-${randomBytes(4).toString("hex")}`;
  return {
    url: TEST_REDIS_URL,
    prefix,
    async cleanup() {
      const r = new Redis(TEST_REDIS_URL);
      try {
        let cursor = "0";
        do {
          const [next, keys] = await r.scan(cursor, "MATCH", `${prefix}:*`, "COUNT", 1000);
          cursor = next;
          if (keys.length) await r.del(...keys);
        } while (cursor !== "0");
      } finally {
        r.disconnect();
      }
    },
  };
}

/** Polls until `check` returns true or the timeout passes (then throws with `what`). */
export async function waitFor(check: () => Promise<boolean> | boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
