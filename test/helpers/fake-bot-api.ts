// A Bot API stand-in for the answers the emulator cannot give (429 with retry_after, 403, 400).
// Real HTTP on loopback; each chat id can be scripted with the answers it should get, in order.
import http from "node:http";
import type { AddressInfo } from "node:net";

export type ScriptedAnswer =
  | { ok: true }
  | { ok: false; error_code: number; description: string; parameters?: { retry_after?: number } };

export interface FakeBotApi {
  apiRoot: string;
  /** Every sendMessage received: chat id and text. */
  sent: { chatId: string; text: string; parseMode: string | undefined; status: number; replyMarkup?: unknown; at: number }[];
  script(chatId: string | number | bigint, answers: ScriptedAnswer[]): void;
  close(): Promise<void>;
}

export async function startFakeBotApi(): Promise<FakeBotApi> {
  const scripts = new Map<string, ScriptedAnswer[]>();
  const sent: FakeBotApi["sent"] = [];
  let messageId = 1;
  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      const method = req.url?.split("/").pop();
      const params = body ? JSON.parse(body) : {};
      const chatId = String(params.chat_id);
      const answer = scripts.get(chatId)?.shift() ?? { ok: true };
      const status = answer.ok ? 200 : answer.error_code;
      // `at` (performance.now() of this process) is when the call arrived: the bench's clock.
      if (method === "sendMessage")
        sent.push({ chatId, text: params.text, parseMode: params.parse_mode, status, replyMarkup: params.reply_markup, at: performance.now() });
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
