import { describe, expect, it } from "vitest";
import { describeChars } from "./address-errors.js";

describe("describeChars", () => {
  it("shows visible characters as they are and invisible ones as code points", () => {
    expect(describeChars(["0", "<", "钱"])).toBe("0 < 钱");
    expect(describeChars(["\u200b", "\u0007", "\u00a0"])).toBe("U+200B U+0007 U+00A0");
  });
});
