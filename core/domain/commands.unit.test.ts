import { describe, expect, it } from "vitest";
import { MAX_COMMAND_ARGS_CHARS, MAX_LABEL_CHARS, parseTrackArgs, parseUntrackArgs } from "./commands.js";

const A = "GQpoa61ghhu51v6RnseVodSHkVki9XmtumBXjzBR8mQg";

describe("parseTrackArgs", () => {
  it("takes the address alone", () => {
    expect(parseTrackArgs(A)).toEqual({ ok: true, address: A, label: null });
    expect(parseTrackArgs(`  ${A}  `)).toEqual({ ok: true, address: A, label: null });
  });

  it("keeps spaces inside the label and collapses runs of whitespace", () => {
    expect(parseTrackArgs(`${A}   Big \t  whale\n no. 2 `)).toEqual({ ok: true, address: A, label: "Big whale no. 2" });
  });

  it("keeps emoji and CJK labels, counting code points", () => {
    const label = "🐋".repeat(MAX_LABEL_CHARS);
    expect(parseTrackArgs(`${A} ${label}`)).toEqual({ ok: true, address: A, label });
    expect(parseTrackArgs(`${A} 聪明钱 👨‍👩‍👧`)).toEqual({ ok: true, address: A, label: "聪明钱 👨‍👩‍👧" });
  });

  it("reports a missing address", () => {
    expect(parseTrackArgs("")).toEqual({ ok: false, error: "missing-address" });
    expect(parseTrackArgs("   \n ")).toEqual({ ok: false, error: "missing-address" });
  });

  it("refuses a label over the limit with its length", () => {
    const label = "x".repeat(MAX_LABEL_CHARS + 1);
    expect(parseTrackArgs(`${A} ${label}`)).toEqual({
      ok: false,
      error: "label-too-long",
      length: MAX_LABEL_CHARS + 1,
      max: MAX_LABEL_CHARS,
    });
  });

  it("refuses control characters and bidi overrides in the label", () => {
    for (const bad of ["bell\u0007", "nul\u0000x", "esc\u001b[31m", "rtl\u202Eevil", "\u0085next"]) {
      expect(parseTrackArgs(`${A} ${bad}`)).toEqual({ ok: false, error: "label-control-chars" });
    }
  });

  it("refuses oversized input before looking at it", () => {
    expect(parseTrackArgs(`${A} ${"x".repeat(MAX_COMMAND_ARGS_CHARS)}`)).toEqual({
      ok: false,
      error: "oversized",
      max: MAX_COMMAND_ARGS_CHARS,
    });
    expect(parseTrackArgs("x".repeat(MAX_COMMAND_ARGS_CHARS))).toMatchObject({ ok: true });
  });

  it("does not judge the address (address.ts does)", () => {
    expect(parseTrackArgs("<b>hi</b> label")).toEqual({ ok: true, address: "<b>hi</b>", label: "label" });
  });
});

describe("parseUntrackArgs", () => {
  it("takes the first word", () => {
    expect(parseUntrackArgs(` ${A} whatever`)).toEqual({ ok: true, address: A });
  });

  it("reports a missing address and oversized input", () => {
    expect(parseUntrackArgs("")).toEqual({ ok: false, error: "missing-address" });
    expect(parseUntrackArgs("y".repeat(MAX_COMMAND_ARGS_CHARS + 1))).toMatchObject({ error: "oversized" });
  });
});
