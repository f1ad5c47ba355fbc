/**
 * One message edited as a long job goes on: progress edits at most every `everyMs` (Telegram
 * answers a burst of edits with 429), dropped while one is in flight or while a 429 holds the
 * chat, and a final edit that always lands (it waits out the pause and retries a 429).
 *
 * A 429 shorter than a minute is already waited out inside the call by the bot's auto-retry;
 * what reaches here is a long one, and only the final text is worth waiting for.
 */
import { GrammyError, type Api } from "grammy";
import type { Logger } from "../../core/logger.js";

type EditApi = Pick<Api, "editMessageText">;
type EditOptions = Parameters<Api["editMessageText"]>[3];

const notModified = (err: unknown): boolean => err instanceof GrammyError && err.description.includes("message is not modified");
const retryAfterMs = (err: unknown): number | null =>
  err instanceof GrammyError && err.error_code === 429 ? (err.parameters.retry_after ?? 1) * 1000 : null;

export class ProgressMessage {
  private lastAt = Number.NEGATIVE_INFINITY;
  private pausedUntil = 0;
  private inFlight: Promise<void> = Promise.resolve();
  private busy = false;
  private finished = false;
  private shown: string | null = null;

  constructor(
    private readonly api: EditApi,
    private readonly chatId: number,
    private readonly messageId: number,
    private readonly o: { everyMs: number; logger: Logger; now?: () => number; sleep?: (ms: number) => Promise<void> },
  ) {}

  private now(): number {
    return (this.o.now ?? Date.now)();
  }

  /** Shows `text` unless an edit was made within `everyMs`, is in flight, or a 429 holds the chat. */
  progress(text: string, options?: EditOptions): void {
    if (this.finished || this.busy || text === this.shown) return;
    const now = this.now();
    if (now - this.lastAt < this.o.everyMs || now < this.pausedUntil) return;
    this.busy = true;
    this.lastAt = now;
    this.inFlight = this.edit(text, options)
      .catch((err: unknown) => {
        const wait = retryAfterMs(err);
        if (wait !== null) this.pausedUntil = this.now() + wait;
        else if (!notModified(err)) this.o.logger.warn({ err }, "progress edit failed; the next one tries again");
      })
      .finally(() => {
        this.busy = false;
      });
  }

  /** Shows the final text: after any edit in flight and any 429 pause; a 429 on it is waited out (3 tries). */
  async final(text: string, options?: EditOptions): Promise<void> {
    this.finished = true;
    await this.inFlight;
    const sleep = this.o.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
    for (let attempt = 0; ; attempt++) {
      // Edits of one message less than a second apart are the ones Telegram limits first.
      const wait = Math.max(this.pausedUntil, this.lastAt + Math.min(this.o.everyMs, 1000)) - this.now();
      if (wait > 0) await sleep(wait);
      try {
        this.lastAt = this.now();
        await this.edit(text, options);
        return;
      } catch (err) {
        if (notModified(err)) return;
        const pause = retryAfterMs(err);
        if (pause === null || attempt >= 2) throw err;
        this.pausedUntil = this.now() + pause;
      }
    }
  }

  private async edit(text: string, options?: EditOptions): Promise<void> {
    await this.api.editMessageText(this.chatId, this.messageId, text, options);
    this.shown = text;
  }
}
