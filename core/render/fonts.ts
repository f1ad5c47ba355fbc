/**
 * Fonts for every picture: a subset of Noto Sans CJK SC (Regular and Bold; Latin, Greek,
 * punctuation, kana and the 3,755 common hanzi of GB2312 level 1) bundled in assets/fonts, so a
 * fresh machine where only `npm ci` ran draws English and Chinese alike. Registered under one
 * family name; rarer characters fall back to the system's fonts (Skia asks fontconfig), e.g.
 * Debian's fonts-noto-cjk when installed.
 */
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { GlobalFonts } from "@napi-rs/canvas";

export const FONT_FAMILY = "PumpSpace Sans";

/** The family list every draw call uses: ours first, then common system fonts. */
export const FONT_STACK = `"${FONT_FAMILY}", "Noto Sans CJK SC", "DejaVu Sans", sans-serif`;

// From sources (core/render/) the repository root is two levels up; from a build (dist/core/render/) three.
const FONT_DIR = [new URL("../../assets/fonts/", import.meta.url), new URL("../../../assets/fonts/", import.meta.url)]
  .map((u) => fileURLToPath(u))
  .find((dir) => existsSync(dir + "NotoSansSC-Regular-subset.otf")) ?? fileURLToPath(new URL("../../assets/fonts/", import.meta.url));
export const FONT_FILES = ["NotoSansSC-Regular-subset.otf", "NotoSansSC-Bold-subset.otf"] as const;

let registered = false;

/** Registers the bundled fonts once per thread; throws when a file is missing (a broken checkout). */
export function ensureFonts(): void {
  if (registered) return;
  for (const file of FONT_FILES) {
    const path = FONT_DIR + file;
    if (!existsSync(path)) throw new Error(`font file missing: ${path} (assets/fonts is part of the repository)`);
    if (GlobalFonts.registerFromPath(path, FONT_FAMILY) === null) throw new Error(`font file unreadable: ${path}`);
  }
  registered = true;
}

/** A CSS font shorthand in our stack. */
export function font(sizePx: number, weight: "normal" | "bold" = "normal"): string {
  return `${weight === "bold" ? "bold " : ""}${sizePx}px ${FONT_STACK}`;
}
