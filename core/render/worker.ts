/**
 * The render worker thread: receives view models, answers PNG bytes (transferred, not copied).
 * Started by `RenderPool`; holds no state beyond the registered fonts.
 */
import { parentPort } from "node:worker_threads";
import { renderJob, type RenderJob } from "./draw.js";

export interface RenderRequest {
  id: number;
  job: RenderJob;
}

export type RenderResponse = { id: number; ok: true; png: Uint8Array; ms: number } | { id: number; ok: false; error: string };

const port = parentPort;
if (!port) throw new Error("core/render/worker.ts runs as a worker thread (see RenderPool)");

port.on("message", (req: RenderRequest) => {
  const started = performance.now();
  try {
    const buf = renderJob(req.job);
    // A Buffer may be a slice of a shared pool: copy into an array we own, then transfer it.
    const png = new Uint8Array(buf.length);
    png.set(buf);
    const res: RenderResponse = { id: req.id, ok: true, png, ms: performance.now() - started };
    port.postMessage(res, [png.buffer]);
  } catch (err) {
    const res: RenderResponse = { id: req.id, ok: false, error: err instanceof Error ? err.message : String(err) };
    port.postMessage(res);
  }
});
