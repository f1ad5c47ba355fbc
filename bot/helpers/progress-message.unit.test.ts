import { GrammyError } from "grammy";
import { describe, expect, it } from "vitest";
import { createLogger } from "../../core/logger.js";
import { ProgressMessage } from "./progress-message.js";

const tooMany = (retryAfter: number) =>
  new GrammyError(
    "Call to 'editMessageText' failed!",
    { ok: false, error_code: 429, description: `Too Many Requests: retry after ${retryAfter}`, parameters: { retry_after: retryAfter } },
    "editMessageText",
    {},
  );

/** A clock the test moves, an edit API that records (or refuses) calls, and sleeps that move the clock. */
function setup(refuse: (n: number) => Error | null = () => null) {
  let now = 0;
  const sent: { at: number; text: string }[] = [];
  const slept: number[] = [];
  let calls = 0;
  const api = {
    editMessageText: async (_chat: number | string, _id: number, text: string) => {
      const err = refuse(++calls);
      if (err) throw err;
      sent.push({ at: now, text });
      return true as const;
    },
  };
  const message = new ProgressMessage(api as never, 1, 2, {
    everyMs: 2_000,
    logger: createLogger("silent"),
    now: () => now,
    sleep: async (ms) => {
      slept.push(ms);
      now += ms;
    },
  });
  return { message, sent, slept, tick: (ms: number) => (now += ms), flush: () => new Promise((r) => setTimeout(r, 0)) };
}

describe("ProgressMessage", () => {
  it("edits at most every everyMs, drops what comes between, and the final always lands", async () => {
    const { message, sent, tick, flush } = setup();
    message.progress("a");
    await flush();
    tick(500);
    message.progress("b"); // within 2 s: dropped
    tick(1_600);
    message.progress("c");
    await flush();
    tick(100);
    await message.final("done");
    expect(sent.map((s) => s.text)).toEqual(["a", "c", "done"]);
    // The final edit keeps a second after the last progress edit.
    expect(sent[2]!.at - sent[1]!.at).toBeGreaterThanOrEqual(1_000);
    message.progress("late");
    await flush();
    expect(sent).toHaveLength(3);
  });

  it("holds progress edits while a 429 lasts and waits it out for the final one", async () => {
    // The second call (first progress after the pause) gets a 30 s 429, and so does the first final try.
    const { message, sent, slept, tick, flush } = setup((n) => (n === 2 || n === 3 ? tooMany(30) : null));
    message.progress("a");
    await flush();
    tick(2_000);
    message.progress("b"); // 429: paused for 30 s
    await flush();
    tick(5_000);
    message.progress("c"); // still paused: dropped
    await flush();
    await message.final("done"); // waits out the pause, gets another 429, waits again, lands
    expect(sent.map((s) => s.text)).toEqual(["a", "done"]);
    expect(slept.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(25_000 + 30_000);
  });

  it("gives up on the final edit after three 429s", async () => {
    const { message } = setup(() => tooMany(1));
    await expect(message.final("done")).rejects.toThrow(/429|Too Many/);
  });
});
