// The sender's Bot API transport (core/telegram.ts) under grammY's Api and autoRetry, over real
// HTTP on loopback: answers, Telegram's errors, short 429s retried, network failures and
// timeouts as grammY's HttpError, file uploads, and one kept-alive connection per sender.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { Api, GrammyError, HttpError, InputFile } from "grammy";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { botApiFetch, createTelegramApi } from "../core/telegram.js";
import { startFakeBotApi, type FakeBotApi } from "./helpers/fake-bot-api.js";

const TOKEN = "123:fake-token-for-tests-only";
let tg: FakeBotApi;

beforeAll(async () => {
  tg = await startFakeBotApi();
});
afterAll(async () => {
  await tg.close();
});

/** A server of our own for what the stand-in does not do: count connections, hold answers back, read uploads. */
async function rawServer(handle: (req: http.IncomingMessage, body: Buffer, res: http.ServerResponse) => void) {
  let connections = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => handle(req, Buffer.concat(chunks), res));
  });
  server.on("connection", () => connections++);
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  return {
    apiRoot: `http://127.0.0.1:${port}`,
    connections: () => connections,
    close: () => new Promise<void>((r) => {
      server.closeAllConnections();
      server.close(() => r());
    }),
  };
}

describe("the Bot API transport", () => {
  it("sends the JSON payload and returns Telegram's result", async () => {
    const api = createTelegramApi(TOKEN, { apiRoot: tg.apiRoot });
    const before = tg.sent.length;
    const sent = await api.sendMessage(4242, "<b>hello</b> ⏱ 中文", {
      parse_mode: "HTML",
      reply_markup: { inline_keyboard: [[{ text: "card", callback_data: "t:abc" }]] },
    });
    expect(sent.message_id).toBeGreaterThan(0);
    const got = tg.sent[before]!;
    expect(got).toMatchObject({ chatId: "4242", text: "<b>hello</b> ⏱ 中文", parseMode: "HTML", token: TOKEN });
    expect(got.replyMarkup).toEqual({ inline_keyboard: [[{ text: "card", callback_data: "t:abc" }]] });
  });

  it("turns Telegram's refusals into GrammyError with their code", async () => {
    const api = createTelegramApi(TOKEN, { apiRoot: tg.apiRoot });
    tg.script(4243, [{ ok: false, error_code: 403, description: "Forbidden: bot was blocked by the user" }]);
    const err = await api.sendMessage(4243, "x").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GrammyError);
    expect((err as GrammyError).error_code).toBe(403);
    tg.script(4244, [{ ok: false, error_code: 400, description: "Bad Request: chat not found" }]);
    const bad = await api.sendMessage(4244, "x").catch((e: unknown) => e);
    expect((bad as GrammyError).error_code).toBe(400);
  });

  it("lets autoRetry wait out a short 429 and send again", async () => {
    const api = createTelegramApi(TOKEN, { apiRoot: tg.apiRoot });
    tg.script(4245, [{ ok: false, error_code: 429, description: "Too Many Requests: retry after 1", parameters: { retry_after: 1 } }]);
    const before = tg.sent.filter((s) => s.chatId === "4245").length;
    const sent = await api.sendMessage(4245, "again");
    expect(sent.message_id).toBeGreaterThan(0);
    expect(tg.sent.filter((s) => s.chatId === "4245").length - before).toBe(2);
  });

  it("throws a long 429 back to the caller with its retry_after", async () => {
    const api = createTelegramApi(TOKEN, { apiRoot: tg.apiRoot, maxInlineRetrySeconds: 1 });
    tg.script(4246, [{ ok: false, error_code: 429, description: "Too Many Requests: retry after 30", parameters: { retry_after: 30 } }]);
    const err = await api.sendMessage(4246, "x").catch((e: unknown) => e);
    expect((err as GrammyError).error_code).toBe(429);
    expect((err as GrammyError).parameters.retry_after).toBe(30);
  });

  it("reports a refused connection as HttpError", async () => {
    const closed = await rawServer((_req, _body, res) => res.end());
    const root = closed.apiRoot;
    await closed.close();
    const api = new Api(TOKEN, { apiRoot: root, fetch: botApiFetch(root), baseFetchConfig: {} });
    await expect(api.getMe()).rejects.toBeInstanceOf(HttpError);
  });

  it("aborts a request that outlives grammY's timeout", async () => {
    const silent = await rawServer(() => {
      // never answers
    });
    try {
      const api = new Api(TOKEN, { apiRoot: silent.apiRoot, fetch: botApiFetch(silent.apiRoot), baseFetchConfig: {}, timeoutSeconds: 0.2 });
      const t = performance.now();
      const err = await api.getMe().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(HttpError);
      expect(performance.now() - t).toBeLessThan(2000);
    } finally {
      await silent.close();
    }
  });

  it("reports an answer that is not JSON as HttpError", async () => {
    const proxy = await rawServer((_req, _body, res) => {
      res.writeHead(502, { "content-type": "text/html" });
      res.end("<html>Bad Gateway</html>");
    });
    try {
      const api = new Api(TOKEN, { apiRoot: proxy.apiRoot, fetch: botApiFetch(proxy.apiRoot), baseFetchConfig: {} });
      await expect(api.getMe()).rejects.toBeInstanceOf(HttpError);
    } finally {
      await proxy.close();
    }
  });

  it("streams file uploads as multipart form data", async () => {
    let received = "";
    let contentType = "";
    const server = await rawServer((req, body, res) => {
      contentType = req.headers["content-type"] ?? "";
      received = body.toString("latin1");
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ ok: true, result: { message_id: 7, date: 0, chat: { id: 1, type: "private" } } }));
    });
    try {
      const api = createTelegramApi(TOKEN, { apiRoot: server.apiRoot });
      const png = Buffer.from("\x89PNG-not-really-an-image", "latin1");
      const sent = await api.sendPhoto(1, new InputFile(png, "chart.png"), { caption: "chart" });
      expect(sent.message_id).toBe(7);
      expect(contentType).toMatch(/^multipart\/form-data; boundary=/);
      expect(received).toContain("PNG-not-really-an-image");
      expect(received).toContain("filename=chart.png");
    } finally {
      await server.close();
    }
  });

  it("keeps the API root's own path (a Bot API server behind a reverse proxy)", async () => {
    const paths: string[] = [];
    const server = await rawServer((req, _body, res) => {
      paths.push(req.url ?? "");
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ ok: true, result: true }));
    });
    try {
      for (const root of [`${server.apiRoot}/telegram`, `${server.apiRoot}/telegram/v1`]) {
        const api = createTelegramApi(TOKEN, { apiRoot: root });
        await api.deleteWebhook();
      }
      expect(paths).toEqual([`/telegram/bot${TOKEN}/deleteWebhook`, `/telegram/v1/bot${TOKEN}/deleteWebhook`]);
    } finally {
      await server.close();
    }
  });

  it("keeps its connections alive across sends", async () => {
    const server = await rawServer((_req, body, res) => {
      const chatId = (JSON.parse(body.toString("utf8")) as { chat_id: number }).chat_id;
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ ok: true, result: { message_id: 1, date: 0, chat: { id: chatId, type: "private" } } }));
    });
    try {
      const api = createTelegramApi(TOKEN, { apiRoot: server.apiRoot });
      for (let round = 0; round < 3; round++) await Promise.all(Array.from({ length: 4 }, (_, i) => api.sendMessage(i + 1, "x")));
      expect(server.connections()).toBeLessThanOrEqual(4);
    } finally {
      await server.close();
    }
  });
});
