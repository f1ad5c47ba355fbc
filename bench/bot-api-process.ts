/**
 * The Bot API stand-in (test/helpers/fake-bot-api.ts) in a process of its own, for benchmarks
 * whose figure is the sender's latency: Telegram is not in the notifier's process, and serving
 * thousands of requests on the notifier's own event loop added its parsing to every send.
 *
 * Run by `startBotApiProcess()`; answers "sent" with what it received, each arrival stamped in
 * wall-clock milliseconds (performance.timeOrigin + now(), comparable across processes).
 */
import { fork } from "node:child_process";
import { fileURLToPath } from "node:url";
import { startFakeBotApi } from "../test/helpers/fake-bot-api.js";

export interface SentRecord {
  /** Wall-clock ms (fractional) when the request arrived. */
  atEpochMs: number;
  chatId: string;
  text: string;
  replyMarkup?: { inline_keyboard: { text: string; url?: string }[][] };
}

export interface BotApiProcess {
  apiRoot: string;
  sent(): Promise<SentRecord[]>;
  /** How many sendMessage requests arrived so far. */
  count(): Promise<number>;
  close(): Promise<void>;
}

type Request = { kind: "sent" } | { kind: "count" } | { kind: "close" };
type Reply = { kind: "ready"; apiRoot: string } | { kind: "sent"; sent: SentRecord[] } | { kind: "count"; count: number };

/** The stand-in in its own process, or (`ownProcess: false`) in this one, behind the same interface. */
export async function startBotApi(opts: { ownProcess: boolean }): Promise<BotApiProcess> {
  if (opts.ownProcess) return startBotApiProcess();
  const api = await startFakeBotApi();
  return {
    apiRoot: api.apiRoot,
    sent: async () => api.sent.map((s) => ({ atEpochMs: performance.timeOrigin + s.at, chatId: s.chatId, text: s.text, ...(s.replyMarkup ? { replyMarkup: s.replyMarkup } : {}) })),
    count: async () => api.sent.length,
    close: () => api.close(),
  };
}

async function startBotApiProcess(): Promise<BotApiProcess> {
  const child = fork(fileURLToPath(import.meta.url), ["--serve"], { execArgv: ["--import", "tsx"], stdio: ["ignore", "inherit", "inherit", "ipc"] });
  const next = () => new Promise<Reply>((resolve, reject) => {
    child.once("message", (m) => resolve(m as Reply));
    child.once("exit", (code) => reject(new Error(`Bot API stand-in exited (${code})`)));
  });
  const ready = await next();
  if (ready.kind !== "ready") throw new Error("Bot API stand-in did not start");
  return {
    apiRoot: ready.apiRoot,
    async sent() {
      const reply = next();
      child.send({ kind: "sent" } satisfies Request);
      const r = await reply;
      return r.kind === "sent" ? r.sent : [];
    },
    async count() {
      const reply = next();
      child.send({ kind: "count" } satisfies Request);
      const r = await reply;
      return r.kind === "count" ? r.count : 0;
    },
    async close() {
      child.send({ kind: "close" } satisfies Request);
      await new Promise((r) => child.once("exit", r));
    },
  };
}

if (process.argv.includes("--serve") && process.send) {
  const api = await startFakeBotApi();
  const toEpoch = (perf: number) => performance.timeOrigin + perf;
  process.on("message", async (m: Request) => {
    if (m.kind === "count") {
      process.send!({ kind: "count", count: api.sent.length } satisfies Reply);
    } else if (m.kind === "sent") {
      const sent: SentRecord[] = api.sent.map((s) => ({
        atEpochMs: toEpoch(s.at),
        chatId: s.chatId,
        text: s.text,
        ...(s.replyMarkup ? { replyMarkup: s.replyMarkup } : {}),
      }));
      process.send!({ kind: "sent", sent } satisfies Reply);
    } else {
      await api.close();
      process.exit(0);
    }
  });
  process.send({ kind: "ready", apiRoot: api.apiRoot } satisfies Reply);
}
