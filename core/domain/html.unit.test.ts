import { describe, expect, it } from "vitest";
import { chunkLines, escapeHtml, truncate } from "./html.js";

describe("escapeHtml", () => {
  it("escapes the four characters Telegram's HTML cares about", () => {
    expect(escapeHtml(`<b>&"x"</b>`)).toBe("&lt;b&gt;&amp;&quot;x&quot;&lt;/b&gt;");
    expect(escapeHtml("it's fine 中文 🐋")).toBe("it's fine 中文 🐋");
  });
});

describe("truncate", () => {
  it("cuts by code points and marks the cut", () => {
    expect(truncate("🐋🐋🐋", 3)).toBe("🐋🐋🐋");
    expect(truncate("🐋🐋🐋🐋", 3)).toBe("🐋🐋…");
  });
});

describe("chunkLines", () => {
  it("packs whole lines into parts under the limit", () => {
    expect(chunkLines(["aaa", "bbb", "ccc"], 7)).toEqual(["aaa\nbbb", "ccc"]);
    expect(chunkLines([], 10)).toEqual([]);
  });

  it("keeps a 100-wallet list under Telegram's limit per message", () => {
    const lines = Array.from({ length: 100 }, (_, i) => `${i + 1}. <b>${"&amp;".repeat(32)}</b> — <code>${"x".repeat(44)}</code>`);
    const parts = chunkLines(lines);
    expect(parts.length).toBeGreaterThan(1);
    for (const p of parts) expect(p.length).toBeLessThanOrEqual(4096);
    expect(parts.join("\n")).toBe(lines.join("\n"));
  });
});
