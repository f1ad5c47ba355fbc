import { describe, expect, it } from "vitest";
import { RecentChats } from "./recent-chats.js";

describe("RecentChats", () => {
  it("remembers ids until they expire", () => {
    let now = 0;
    const recent = new RecentChats(10, 1_000, () => now);
    recent.remember(1, "a");
    expect(recent.isFresh(1, "a")).toBe(true);
    expect(recent.isFresh("1", "a")).toBe(true);
    now = 1_000;
    expect(recent.isFresh(1, "a")).toBe(false);
    expect(recent.size).toBe(0);
  });

  it("is not fresh when what was stored changed", () => {
    const recent = new RecentChats();
    recent.remember(1, "private|alice|en");
    expect(recent.isFresh(1, "private|alice|zh")).toBe(false);
  });

  it("forgets the least recently used id past its size", () => {
    const recent = new RecentChats(2, 60_000);
    recent.remember(1, "");
    recent.remember(2, "");
    expect(recent.isFresh(1, "")).toBe(true); // 2 is now the oldest
    recent.remember(3, "");
    expect(recent.isFresh(2, "")).toBe(false);
    expect(recent.isFresh(1, "")).toBe(true);
    expect(recent.isFresh(3, "")).toBe(true);
  });
});
