// A Bot API stand-in for the answers the emulator cannot give (429 with retry_after, 403, 400).
// Real HTTP on loopback; each chat id can be scripted with the answers it should get, in order.
// Optionally it enforces a global message rate per bot token (a token bucket, 1 s deep) the way
// Telegram does, answering 429 with retry_after beyond it.
import http from "node:http";
import type { AddressInfo } from "node:net";

export type ScriptedAnswer =
  | { ok: true }
  | { ok: false; error_code: number; description: string; parameters?: { retry_after?: number } };

export interface FakeBotApi {
  apiRoot: string;
  /** Every sendMessage received: chat id and text. */
  sent: {
    chatId: string;
    text: string;
    parseMode: string | undefined;
    status: number;
    /** The bot token in the request path. */
    token?: string;
    /** performance.now() of this process when the request arrived (the benches' clock). */
    at: number;
    replyMarkup?: { inline_keyboard: { text: string; url?: string; callback_data?: string }[][] };
    /** The whole request body. */
    params?: Record<string, unknown>;
  }[];
  script(chatId: string | number | bigint, answers: ScriptedAnswer[]): void;
  close(): Promise<void>;
}

export interface FakeBotApiOptions {
  /** Messages per second each bot token may send; beyond it: 429 with retry_after. */
  globalLimitPerSecond?: number;
}

export async function startFakeBotApi(options: FakeBotApiOptions = {}): Promise<FakeBotApi> {
  const scripts = new Map<string, ScriptedAnswer[]>();
  const buckets = new Map<string, { tokens: number; at: number }>();
  const limit = options.globalLimitPerSecond;
  /** Takes one message from the token's bucket; false when it is empty. */
  const admit = (token: string): boolean => {
    if (limit === undefined) return true;
    const now = Date.now();
    const b = buckets.get(token) ?? { tokens: limit, at: now };
    b.tokens = Math.min(limit, b.tokens + ((now - b.at) / 1000) * limit);
    b.at = now;
    buckets.set(token, b);
    if (b.tokens < 1) return false;
    b.tokens -= 1;
    return true;
  };
  const sent: FakeBotApi["sent"] = [];
  let messageId = 1;
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      const parts = req.url?.split("/") ?? [];
      const method = parts.pop();
      const token = parts.pop()?.replace(/^bot/, "");
      const params = body ? JSON.parse(body) : {};
      const chatId = String(params.chat_id);
      const limited = method === "sendMessage" && token !== undefined && !admit(token);
      const answer: ScriptedAnswer = limited
        ? { ok: false, error_code: 429, description: "Too Many Requests: retry after 1", parameters: { retry_after: 1 } }
        : (scripts.get(chatId)?.shift() ?? { ok: true });
      const status = answer.ok ? 200 : answer.error_code;
      if (method === "sendMessage") {
        sent.push({
          chatId,
          text: params.text,
          parseMode: params.parse_mode,
          status,
          ...(token !== undefined ? { token } : {}),
          at: performance.now(),
          replyMarkup: params.reply_markup,
          params,
        });
      }
      res.writeHead(status, { "content-type": "application/json" });
      res.end(
        JSON.stringify(
          answer.ok
            ? {
                ok: true,
                result: { message_id: messageId++, date: Math.floor(Date.now() / 1000), chat: { id: Number(chatId), type: "private" }, text: params.text },
              }
            : answer,
        ),
      );
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  return {
    apiRoot: `http://127.0.0.1:${port}`,
    sent,
    script(chatId, answers) {
      scripts.set(String(chatId), answers);
    },
    close: () => new Promise((r) => server.close(() => r())),
  };
}
