/**
 * A Bot API emulator (telegram-test-api) in this process, and helpers to drive it like a user.
 *
 * How the emulator works, and its traps:
 * - Whatever a bot sends (`sendMessage`, from the bot under test or from any other `Api` with the
 *   same token) is stored per token and `chat_id`; a client created for that chat reads it back
 *   through POST `/getUpdates` with `{ token, chatId }`, each message once. The stored message is
 *   the raw request body: `text` with its HTML tags as sent, `parse_mode`, `reply_markup`; the
 *   emulator parses nothing.
 * - `TelegramClient.getUpdates()` is unsafe for waiting: on a timeout its recursive retries keep
 *   polling in the background and silently consume later messages. `waitForBotMessages` polls once
 *   per tick instead and stops at its deadline.
 * - The bot's `getUpdates` answers at once even when empty (no long polling), so a polling loop
 *   spins a core: install `pollingPause()` on the bot's API.
 * - `editMessageText` changes the stored message in place and does not show up again in the
 *   client's updates: read edits from `server.storage` (see `findBotMessage`).
 * - A callback query carries the message the client passes; without `message_id` grammY cannot
 *   edit it, so `sendCallback` takes the id of the bot message whose button was pressed.
 * - Methods it does not know (setMyCommands, getChat…) fail with HTTP 500; `port: 0` is read as
 *   9000, hence the free-port search.
 */
import { createServer } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import { run, type RunnerHandle } from "@grammyjs/runner";
import type { Bot, Context, Transformer } from "grammy";
import type { InlineKeyboardMarkup } from "grammy/types";
import TelegramServerModule from "telegram-test-api";
import type { TelegramServer as TelegramServerType } from "telegram-test-api/lib/telegramServer.js";
import type { TelegramClient } from "telegram-test-api/lib/modules/telegramClient.js";

export type TelegramServer = TelegramServerType;
export type { TelegramClient };

// The package is CommonJS with `exports.default`; under Node's ESM loader the class can sit one
// level deeper than TypeScript thinks.
const TelegramServerClass = ((TelegramServerModule as unknown as { default?: unknown }).default ??
  TelegramServerModule) as typeof TelegramServerType;

export interface TelegramEmulator {
  server: TelegramServer;
  /** Pass as `apiRoot` to grammY (`createBot(token, deps, { apiRoot })`, `new Api(token, { apiRoot })`). */
  apiRoot: string;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const address = probe.address();
      probe.close(() => (typeof address === "object" && address ? resolve(address.port) : reject(new Error("no port"))));
    });
  });
}

/**
 * Starts the emulator on a free local port.
 *
 * @example
 * const tg = await startTelegramEmulator();
 * const bot = createBot(TOKEN, deps, { apiRoot: tg.apiRoot });
 * // …
 * await tg.stop();
 */
export async function startTelegramEmulator(): Promise<TelegramEmulator> {
  let lastError: unknown;
  // Another process may take the port between the probe and the listen: try a few.
  for (let attempt = 0; attempt < 5; attempt++) {
    const server = new TelegramServerClass({ port: await freePort(), host: "127.0.0.1", storeTimeout: 600 });
    try {
      await server.start();
      return { server, apiRoot: server.config.apiURL, stop: async () => void (await server.stop()) };
    } catch (err) {
      lastError = err;
    }
  }
  throw lastError;
}

/** Waits `ms`, or less when `signal` aborts (the runner stopping); never rejects. */
function pause(ms: number, signal?: { aborted: boolean; addEventListener(type: "abort", fn: () => void): void }): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const timer = setTimeout(resolve, ms);
    // grammY's signals may come from the abort-controller shim, which node:timers does not accept.
    signal?.addEventListener("abort", () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

/**
 * An API transformer that waits `ms` after an empty `getUpdates` (the emulator does not long-poll)
 * so a polling loop does not spin. Install it on the bot before `run(bot)`.
 */
export function pollingPause(ms = 50): Transformer {
  return async (prev, method, payload, signal) => {
    const res = await prev(method, payload, signal);
    if (method === "getUpdates" && res.ok && Array.isArray(res.result) && res.result.length === 0) {
      await pause(ms, signal);
    }
    return res;
  };
}

/**
 * Runs `bot` with the real runner over HTTP polling against the emulator.
 *
 * @example
 * const runner = runTestBot(bot);
 * // …
 * await runner.stop();
 */
export function runTestBot<C extends Context>(bot: Bot<C>): RunnerHandle {
  bot.api.config.use(pollingPause());
  return run(bot, { runner: { silent: true } });
}

/** A message the bot sent, as the emulator stored it. */
export interface BotMessage {
  messageId: number;
  chatId: string;
  /** The text exactly as sent (HTML tags included). */
  text: string;
  parseMode: string | undefined;
  replyMarkup: InlineKeyboardMarkup | undefined;
  /** The stored request body, for anything else. */
  raw: Record<string, unknown>;
}

interface StoredBotUpdate {
  messageId: number;
  botToken: string;
  message: Record<string, unknown>;
}

function toBotMessage(stored: StoredBotUpdate): BotMessage {
  const m = stored.message;
  const markup = m.reply_markup as { inline_keyboard?: unknown } | undefined;
  return {
    messageId: stored.messageId,
    chatId: String(m.chat_id),
    text: String(m.text ?? ""),
    parseMode: typeof m.parse_mode === "string" ? m.parse_mode : undefined,
    replyMarkup: markup && "inline_keyboard" in markup ? (markup as InlineKeyboardMarkup) : undefined,
    raw: m,
  };
}

interface ClientInternals {
  url: string;
  botToken: string;
  chatId: number;
}

/**
 * Waits until the bot has sent at least `n` new messages to the client's chat and returns all new
 * ones (more than `n` if more arrived, so a test can assert the exact count). Each message is
 * returned once. Works for messages from any `Api` using the client's token, e.g. the notifier.
 *
 * @example
 * await user.command("/start");
 * const [welcome] = await waitForBotMessages(user.client, 1);
 */
export async function waitForBotMessages(client: TelegramClient, n: number, timeoutMs = 5_000): Promise<BotMessage[]> {
  // TelegramClient keeps these private in its typings; they are plain fields at runtime.
  const { url, botToken, chatId } = client as unknown as ClientInternals;
  const deadline = Date.now() + timeoutMs;
  const received: BotMessage[] = [];
  for (;;) {
    const res = await fetch(`${url}/getUpdates`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ token: botToken, chatId }),
    });
    const body = (await res.json()) as { result?: StoredBotUpdate[] };
    received.push(...(body.result ?? []).map(toBotMessage));
    if (received.length >= n) return received;
    if (Date.now() >= deadline) {
      throw new Error(
        `expected ${n} bot message(s) in chat ${chatId} within ${timeoutMs} ms, got ${received.length}: ` +
          JSON.stringify(received.map((m) => m.text)),
      );
    }
    await sleep(10);
  }
}

/** The current state of a bot message (after edits), straight from the emulator's storage. */
export function findBotMessage(server: TelegramServer, token: string, messageId: number): BotMessage | undefined {
  const stored = (server.storage.botMessages as unknown as StoredBotUpdate[]).find(
    (u) => u.botToken === token && u.messageId === messageId,
  );
  return stored && toBotMessage(stored);
}

/**
 * Polls the emulator's storage until the bot message `messageId` satisfies `predicate` (an edit
 * landed), and returns it.
 */
export async function waitForBotMessageEdit(
  server: TelegramServer,
  token: string,
  messageId: number,
  predicate: (m: BotMessage) => boolean,
  timeoutMs = 5_000,
): Promise<BotMessage> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const m = findBotMessage(server, token, messageId);
    if (m && predicate(m)) return m;
    if (Date.now() >= deadline) {
      throw new Error(`bot message ${messageId} was not edited as expected within ${timeoutMs} ms: ${m?.text}`);
    }
    await sleep(10);
  }
}

export interface TestUserOptions {
  chatId: number;
  userId?: number;
  firstName?: string;
  userName?: string;
  /** The Telegram client's language (`from.language_code`); the emulator has no option for it. */
  languageCode?: string;
  type?: "private" | "group" | "supergroup";
  chatTitle?: string;
}

/** A user in one chat: sends commands, texts and button presses, reads the bot's answers. */
export interface TestUser {
  client: TelegramClient;
  chatId: number;
  command(text: string): Promise<void>;
  message(text: string): Promise<void>;
  /** Presses an inline button with `data` on the bot message `messageId`. */
  press(data: string, messageId: number): Promise<void>;
  /** `waitForBotMessages(client, n, timeoutMs)`. */
  replies(n?: number, timeoutMs?: number): Promise<BotMessage[]>;
}

/**
 * A user of the emulated Telegram talking to the bot `token`.
 *
 * @example
 * const alice = createTestUser(tg.server, TOKEN, { chatId: 1001, languageCode: "zh" });
 * await alice.command("/start");
 * const [reply] = await alice.replies(1);
 */
export function createTestUser(server: TelegramServer, token: string, options: TestUserOptions): TestUser {
  const userId = options.userId ?? options.chatId;
  const client = server.getClient(token, {
    chatId: options.chatId,
    userId,
    firstName: options.firstName ?? `User${userId}`,
    userName: options.userName ?? `user${userId}`,
    type: options.type ?? "private",
    ...(options.chatTitle !== undefined ? { chatTitle: options.chatTitle } : {}),
  });
  const from = options.languageCode !== undefined ? { from: { language_code: options.languageCode } } : {};
  return {
    client,
    chatId: options.chatId,
    async command(text) {
      await client.sendCommand(client.makeCommand(text, from));
    },
    async message(text) {
      await client.sendMessage(client.makeMessage(text, from));
    },
    async press(data, messageId) {
      await client.sendCallback(client.makeCallbackQuery(data, { ...from, message: { message_id: messageId } }));
    },
    replies(n = 1, timeoutMs) {
      return waitForBotMessages(client, n, timeoutMs);
    },
  };
}

interface ServerInternals {
  updateId: number;
  getUpdates(token: string): unknown[];
}
const injected = new WeakMap<object, { token: string; update: Record<string, unknown> }[]>();

/**
 * Queues an update the emulator's client cannot make (inline_query, chosen_inline_result) so the
 * bot receives it through its real getUpdates polling: the server's getUpdates is wrapped once to
 * hand these out after its own. Returns the update id given to it.
 *
 * @example injectUpdate(tg.server, TOKEN, { inline_query: { id: "1", from, query: "$BONK", offset: "" } })
 */
export function injectUpdate(server: TelegramServer, token: string, update: Record<string, unknown>): number {
  const s = server as unknown as ServerInternals;
  let queue = injected.get(server);
  if (!queue) {
    const q: { token: string; update: Record<string, unknown> }[] = [];
    queue = q;
    injected.set(server, q);
    const own = s.getUpdates.bind(server);
    s.getUpdates = (t: string) => {
      const mine = q.filter((u) => u.token === t);
      for (const u of mine) q.splice(q.indexOf(u), 1);
      return [...own(t), ...mine.map((u) => u.update)];
    };
  }
  const updateId = s.updateId++;
  queue.push({ token, update: { update_id: updateId, ...update } });
  return updateId;
}

/**
 * A transformer that answers `method` itself (the emulator does not implement it, e.g.
 * answerInlineQuery) and records every payload, for a test to wait on.
 */
export function captureMethod(method: string, result: unknown = true) {
  const calls: Record<string, unknown>[] = [];
  const transformer: Transformer = async (prev, m, payload, signal) => {
    if (m !== method) return prev(m, payload, signal);
    calls.push(payload as Record<string, unknown>);
    return { ok: true, result } as Awaited<ReturnType<typeof prev>>;
  };
  return {
    transformer,
    calls,
    /** The first call matching `predicate`, waiting for it up to `timeoutMs`. */
    async waitFor(predicate: (payload: Record<string, unknown>) => boolean, timeoutMs = 5_000): Promise<Record<string, unknown>> {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const hit = calls.find(predicate);
        if (hit) return hit;
        if (Date.now() >= deadline) throw new Error(`no ${method} call as expected within ${timeoutMs} ms (got ${calls.length})`);
        await sleep(10);
      }
    },
  };
}
