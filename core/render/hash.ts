import { createHash } from "node:crypto";
import type { RenderJob } from "./draw.js";

/**
 * Bump when drawing changes, so cached file_ids of pictures drawn the old way are not reused.
 */
export const RENDERER_VERSION = 1;

/** The cache key of a picture: sha256 of the renderer version and the view model. */
export function renderHash(job: RenderJob): string {
  return createHash("sha256").update(`v${RENDERER_VERSION}\n`).update(JSON.stringify(job)).digest("hex");
}
