/**
 * A pool of render worker threads, so drawing and PNG encoding (tens of milliseconds of CPU per
 * picture) never run on the bot's event loop.
 *
 * Key idea: jobs queue in this thread and go to the first idle worker; a worker that dies is
 * replaced and its job fails (the caller answers the user), the others carry on.
 * Trap: from TypeScript sources a worker thread has no TypeScript loader, so it starts through
 * worker-boot.mjs, which registers tsx first; a compiled build starts worker.js directly.
 * `size: 0` renders in this thread (benchmarks, scripts): never do that in the bot.
 */
import { Worker } from "node:worker_threads";
import type { RenderJob } from "./draw.js";
import type { RenderRequest, RenderResponse } from "./worker.js";

export interface RenderPoolOptions {
  /** Worker threads; 0 renders in the calling thread. */
  size: number;
  /** A render taking longer than this fails (and its worker is replaced). */
  timeoutMs?: number;
}

export class RenderTimeoutError extends Error {
  override name = "RenderTimeoutError";
}

export class RenderError extends Error {
  override name = "RenderError";
}

interface Pending {
  req: RenderRequest;
  resolve: (png: Buffer) => void;
  reject: (err: Error) => void;
}

interface Slot {
  worker: Worker;
  busy: Pending | null;
  timer: NodeJS.Timeout | null;
}

function workerUrl(): URL {
  const fromSources = import.meta.url.endsWith(".ts");
  return new URL(fromSources ? "./worker-boot.mjs" : "./worker.js", import.meta.url);
}

/**
 * @example
 * const pool = new RenderPool({ size: 2 });
 * const png = await pool.render(view);
 * await pool.close();
 */
export class RenderPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Pending[] = [];
  private nextId = 1;
  private closed = false;
  private readonly timeoutMs: number;

  constructor(private readonly options: RenderPoolOptions) {
    this.timeoutMs = options.timeoutMs ?? 20_000;
    for (let i = 0; i < options.size; i++) this.slots.push(this.spawn());
  }

  get size(): number {
    return this.options.size;
  }

  /** Jobs waiting for a worker. */
  get queued(): number {
    return this.queue.length;
  }

  /** Renders `job` to PNG bytes. */
  async render(job: RenderJob): Promise<Buffer> {
    if (this.closed) throw new RenderError("the render pool is closed");
    if (this.options.size === 0) {
      const { renderJob } = await import("./draw.js");
      return renderJob(job);
    }
    return new Promise<Buffer>((resolve, reject) => {
      this.queue.push({ req: { id: this.nextId++, job }, resolve, reject });
      this.dispatch();
    });
  }

  /** Stops the workers; queued jobs fail. */
  async close(): Promise<void> {
    this.closed = true;
    for (const p of this.queue.splice(0)) p.reject(new RenderError("the render pool closed"));
    await Promise.all(
      this.slots.map(async (s) => {
        if (s.timer) clearTimeout(s.timer);
        s.busy?.reject(new RenderError("the render pool closed"));
        s.busy = null;
        await s.worker.terminate();
      }),
    );
  }

  private spawn(): Slot {
    const worker = new Worker(workerUrl());
    const slot: Slot = { worker, busy: null, timer: null };
    worker.on("message", (res: RenderResponse) => {
      const pending = slot.busy;
      if (!pending || pending.req.id !== res.id) return;
      if (slot.timer) clearTimeout(slot.timer);
      slot.busy = null;
      slot.timer = null;
      if (res.ok) pending.resolve(Buffer.from(res.png.buffer, res.png.byteOffset, res.png.byteLength));
      else pending.reject(new RenderError(res.error));
      this.dispatch();
    });
    const replace = (err: Error) => {
      if (slot.timer) clearTimeout(slot.timer);
      slot.busy?.reject(err);
      slot.busy = null;
      if (this.closed) return;
      const i = this.slots.indexOf(slot);
      if (i >= 0) this.slots[i] = this.spawn();
      this.dispatch();
    };
    worker.on("error", (err) => replace(new RenderError(`render worker failed: ${err.message}`)));
    worker.on("exit", (code) => {
      if (!this.closed && this.slots.includes(slot)) replace(new RenderError(`render worker exited with code ${code}`));
    });
    // Idle workers must not keep a process alive that is otherwise done.
    worker.unref();
    return slot;
  }

  private dispatch(): void {
    for (const slot of this.slots) {
      if (this.queue.length === 0) return;
      if (slot.busy) continue;
      const pending = this.queue.shift()!;
      slot.busy = pending;
      slot.timer = setTimeout(() => {
        // Replace the stuck worker; its late answer is ignored.
        const stuck = slot.worker;
        slot.busy = null;
        pending.reject(new RenderTimeoutError(`render took longer than ${this.timeoutMs} ms`));
        const i = this.slots.indexOf(slot);
        if (i >= 0) this.slots[i] = this.spawn();
        void stuck.terminate();
        this.dispatch();
      }, this.timeoutMs);
      slot.worker.postMessage(pending.req);
    }
  }
}
