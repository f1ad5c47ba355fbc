import { describe, expect, it } from "vitest";
import { pgArray } from "./pg-array.js";

describe("pgArray", () => {
  it("quotes every string, escapes quotes and backslashes, and writes null as NULL", () => {
    expect(pgArray(["So11111111111111111111111111111111111111112", null, "NULL", 'a"b\\c', "x,{y}"])).toBe(
      '{"So11111111111111111111111111111111111111112",NULL,"NULL","a\\"b\\\\c","x,{y}"}',
    );
  });

  it("writes numbers bare, and non-finite ones quoted", () => {
    expect(pgArray([1, -2.5, 1e-7, 360_000_001, NaN, Infinity, undefined])).toBe('{1,-2.5,1e-7,360000001,"NaN","Infinity",NULL}');
    expect(pgArray([])).toBe("{}");
  });
});
