/**
 * The signals worker: reads the configured public channels through a ChannelClient, records
 * their calls, and keeps a per-channel cursor (the last message id handled, in Postgres) so a
 * restart catches up on exactly what it missed.
 *
 * Key idea: every path (a live push, a poll, a catch-up after downtime, an edit) ends in the
 * same idempotent `record` (calls are unique per channel, message and mint), so overlaps are
 * harmless; one promise chain per channel keeps its messages in order.
 * Traps: Telegram answers a burst with FLOOD_WAIT_X — wait X seconds and retry that request,
 * never hammer it; a channel added with no cursor reads only its last few posts, not years of
 * history; the cursor moves only after a message is stored, so a failure retries it.
 */
import type { CallStore, CallerRow } from "../../core/data/calls.js";
import type { Logger } from "../../core/logger.js";
import { floodWaitSeconds, type ChannelClient, type ChannelUpdate } from "./channel-client.js";
import { toChannelPost } from "./messages.js";
import type { CallRecorder } from "./recorder.js";
import type { Api } from "telegram";

export interface SignalsOptions {
  client: ChannelClient;
  store: CallStore;
  recorder: CallRecorder;
  logger: Logger;
  /** How often every channel's history is read (ms); 0 turns polling off (tests drive it). */
  pollMs: number;
  /** Join channels so Telegram pushes their updates (reading needs no join). */
  join?: boolean;
  /** Posts read per history request. */
  pageSize?: number;
  /** Posts a newly added channel is read back (instead of its whole history). */
  initialPosts?: number;
  /** Recent posts re-read each poll to see edits. */
  editWindow?: number;
  /** Flood waits tolerated in a row for one request before giving up until the next poll. */
  maxFloodWaits?: number;
  sleep?: (ms: number) => Promise<void>;
}

export class FloodWaitTooLongError extends Error {
  override name = "FloodWaitTooLongError";
}

export class SignalsService {
  private readonly channels = new Map<string, CallerRow>();
  private readonly chains = new Map<string, Promise<unknown>>();
  private readonly seenEdits = new Map<string, number>();
  private unsubscribe: (() => void) | undefined;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly o: SignalsOptions) {
    this.sleep = o.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
  }

  /** Loads the channels, catches up on each, then follows live updates and polls. */
  async start(): Promise<void> {
    this.unsubscribe = this.o.client.onUpdate((u) => void this.onUpdate(u));
    await this.pollOnce();
    if (this.o.pollMs > 0) this.schedule();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.unsubscribe?.();
    await Promise.allSettled([...this.chains.values()]);
  }

  private schedule(): void {
    this.timer = setTimeout(() => {
      void this.pollOnce()
        .catch((err) => this.o.logger.warn({ err: (err as Error).message }, "signals poll failed; next poll retries"))
        .finally(() => {
          if (!this.stopped) this.schedule();
        });
    }, this.o.pollMs);
  }

  /** One round: refresh the channel list, then catch up and look for edits on each channel. */
  async pollOnce(): Promise<void> {
    await this.refresh();
    for (const caller of [...this.channels.values()]) {
      if (this.stopped) return;
      try {
        await this.serial(caller.id, async () => {
          await this.catchUp(caller);
          await this.checkEdits(caller);
        });
      } catch (err) {
        this.o.logger.warn({ channel: caller.handle, err: (err as Error).message }, "channel read failed; next poll retries");
      }
    }
  }

  /** Active channels from Postgres (the admin chat adds and removes them), resolved once. */
  async refresh(): Promise<void> {
    const active = await this.o.store.callers("channel");
    const ids = new Set(active.map((c) => c.id));
    for (const [key, c] of this.channels) if (!ids.has(c.id)) this.channels.delete(key);
    for (let caller of active) {
      if (caller.telegramId === null) {
        try {
          const info = await this.withFloodWait(`resolve @${caller.handle}`, () => this.o.client.resolve(caller.handle));
          await this.o.store.setChannelFacts(caller.id, info.id, info.title);
          caller = { ...caller, telegramId: info.id, title: info.title ?? caller.title };
          if (this.o.join && this.o.client.join) await this.withFloodWait(`join @${caller.handle}`, () => this.o.client.join!(caller.handle));
        } catch (err) {
          this.o.logger.warn({ channel: caller.handle, err: (err as Error).message }, "cannot resolve channel; skipped until the next poll");
          continue;
        }
      }
      const known = this.channels.get(caller.telegramId!);
      // Keep the in-memory cursor when it is ahead of the row read at the start of this round.
      this.channels.set(caller.telegramId!, known ? { ...caller, lastMessageId: Math.max(known.lastMessageId, caller.lastMessageId) } : caller);
    }
  }

  /** Reads everything after the channel's cursor, oldest first. Returns the posts handled. */
  async catchUp(caller: CallerRow): Promise<number> {
    const page = this.o.pageSize ?? 100;
    let handled = 0;
    let after = this.cursorOf(caller);
    if (after === 0) {
      // A new channel: its last few posts, not its whole history.
      const recent = await this.withFloodWait(`recent @${caller.handle}`, () => this.o.client.recent(caller.handle, this.o.initialPosts ?? 20));
      const posts = [...recent].sort((a, b) => a.id - b.id);
      for (const m of posts) handled += await this.handle(caller, m);
      if (posts.length === 0) return 0;
      after = this.cursorOf(caller);
    }
    for (;;) {
      const from = after;
      const batch = await this.withFloodWait(`history @${caller.handle}`, () => this.o.client.history(caller.handle, from, page));
      const posts = batch.filter((m) => m.id > from).sort((a, b) => a.id - b.id);
      for (const m of posts) handled += await this.handle(caller, m);
      if (posts.length === 0 || batch.length < page) return handled;
      after = posts[posts.length - 1]!.id;
    }
  }

  /** Re-reads the newest posts and handles those edited since they were last seen. */
  async checkEdits(caller: CallerRow): Promise<void> {
    const window = this.o.editWindow ?? 20;
    if (window <= 0) return;
    const recent = await this.withFloodWait(`recent @${caller.handle}`, () => this.o.client.recent(caller.handle, window));
    for (const m of recent) {
      if (m.editDate === undefined || m.editDate === null) continue;
      const key = `${caller.id}-${m.id}`;
      if ((this.seenEdits.get(key) ?? 0) >= m.editDate) continue;
      await this.o.recorder.record(caller, toChannelPost(m));
      this.seenEdits.set(key, m.editDate);
    }
    if (this.seenEdits.size > 50_000) this.seenEdits.clear();
  }

  /** A pushed update (joined channels): handled in order with that channel's other work. */
  async onUpdate(u: ChannelUpdate): Promise<void> {
    const caller = this.channels.get(u.channelId);
    if (!caller) return;
    try {
      await this.serial(caller.id, async () => {
        if (u.kind === "edit") {
          await this.o.recorder.record(caller, toChannelPost(u.message));
          if (u.message.editDate) this.seenEdits.set(`${caller.id}-${u.message.id}`, u.message.editDate);
          return;
        }
        // A push that skips ids means updates were missed: read the gap first.
        if (u.message.id > this.cursorOf(caller) + 1 && this.cursorOf(caller) > 0) await this.catchUp(caller);
        await this.handle(caller, u.message);
      });
    } catch (err) {
      this.o.logger.warn({ channel: caller.handle, message: u.message.id, err: (err as Error).message }, "update not handled; the next poll reads it again");
    }
  }

  private cursorOf(caller: CallerRow): number {
    return this.channels.get(caller.telegramId ?? "")?.lastMessageId ?? caller.lastMessageId;
  }

  /** Records one post and moves the cursor past it. Returns 1 if it was new to the cursor. */
  private async handle(caller: CallerRow, message: Api.Message): Promise<number> {
    const calls = await this.o.recorder.record(caller, toChannelPost(message));
    if (calls.length > 0) this.o.logger.info({ channel: caller.handle, message: message.id, mints: calls.map((c) => c.mint) }, "calls recorded");
    if (message.id <= this.cursorOf(caller)) return 0;
    await this.o.store.saveCursor(caller.id, message.id);
    const row = this.channels.get(caller.telegramId ?? "");
    if (row) row.lastMessageId = Math.max(row.lastMessageId, message.id);
    return 1;
  }

  /** Runs `fn`; on FLOOD_WAIT_X waits X seconds (plus one) and tries again. */
  async withFloodWait<T>(what: string, fn: () => Promise<T>): Promise<T> {
    const max = this.o.maxFloodWaits ?? 5;
    for (let attempt = 0; ; attempt++) {
      try {
        return await fn();
      } catch (err) {
        const seconds = floodWaitSeconds(err);
        if (seconds === null) throw err;
        if (attempt >= max) throw new FloodWaitTooLongError(`${what}: still asked to wait after ${max} waits`, { cause: err });
        this.o.logger.warn({ what, seconds }, "Telegram asked to wait (FLOOD_WAIT); waiting before retrying");
        await this.sleep((seconds + 1) * 1000);
      }
    }
  }

  private serial<T>(key: string, fn: () => Promise<T>): Promise<T> {
    const prev = this.chains.get(key) ?? Promise.resolve();
    const next = prev.catch(() => {}).then(fn);
    this.chains.set(key, next.catch(() => {}));
    return next;
  }
}
