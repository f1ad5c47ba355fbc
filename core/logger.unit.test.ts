import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { createLogger } from "./logger.js";

describe("logger", () => {
  it("never writes a token or a session, wherever it sits in the log object", () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const log = createLogger("info", "test", sink);
    log.info({ BOT_TOKEN: "123:secret-bot-token", config: { YELLOWSTONE_TOKEN: "x-secret", TELEGRAM_SESSION: "1BQAsecret" }, token: "t-secret" }, "boot");
    const out = lines.join("");
    expect(out).toContain('"msg":"boot"');
    for (const secret of ["secret-bot-token", "x-secret", "1BQAsecret", "t-secret"]) expect(out).not.toContain(secret);
    expect(out).toContain("[redacted]");
  });

  it("never writes the userbot's API hash or session", () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    });
    createLogger("info", "test", sink).info({ config: { TELEGRAM_API_HASH: "0123abcdhash", TELEGRAM_API_ID: 42 }, apiHash: "h2-secret" }, "signals");
    const out = lines.join("");
    for (const secret of ["0123abcdhash", "h2-secret"]) expect(out).not.toContain(secret);
    expect(out).toContain('"TELEGRAM_API_ID":42');
  });
});
