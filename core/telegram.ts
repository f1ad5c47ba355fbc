/**
 * The Bot API client for processes that send without running the bot (the alert sender).
 * autoRetry waits out short 429s and network blips inside one call; a long flood wait is thrown
 * back so the caller can pause its whole queue instead of holding a worker slot for minutes.
 *
 * Transport: grammY's Api and its transformers stay as they are; only the `fetch` under them is
 * ours (`botApiFetch`). grammY's default, node-fetch, builds a WHATWG Request, Headers and a body
 * stream for every call and was about half of the sender's CPU per message; grammY reads nothing
 * of the answer but `json()`, so a plain `http.request` over one keep-alive agent per API root does.
 */
import http from "node:http";
import https from "node:https";
import type { Readable } from "node:stream";
import { autoRetry } from "@grammyjs/auto-retry";
import { Api, type ApiClientOptions, type RawApi, type Transformer } from "grammy";

/** 429s asking to wait longer than this are thrown to the caller. */
export const MAX_INLINE_RETRY_SECONDS = 5;

export function createTelegramApi(
  token: string,
  opts: { apiRoot?: string; transformers?: Transformer<RawApi>[]; maxInlineRetrySeconds?: number } = {},
): Api {
  const apiRoot = opts.apiRoot ?? "https://api.telegram.org";
  const api = new Api(token, { apiRoot, fetch: botApiFetch(apiRoot), baseFetchConfig: {} });
  api.config.use(autoRetry({ maxRetryAttempts: 3, maxDelaySeconds: opts.maxInlineRetrySeconds ?? MAX_INLINE_RETRY_SECONDS }));
  for (const t of opts.transformers ?? []) api.config.use(t);
  return api;
}

type GrammyFetch = NonNullable<ApiClientOptions["fetch"]>;

/** What grammY passes to its fetch: a JSON string, or a multipart stream for file uploads. */
interface BotApiRequest {
  method?: string;
  headers?: Record<string, string>;
  body?: string | Readable;
  signal?: { aborted: boolean; addEventListener(type: "abort", listener: () => void): void; removeEventListener(type: "abort", listener: () => void): void } | null;
}

/** The part of a fetch Response grammY reads. */
export interface BotApiResponse {
  ok: boolean;
  status: number;
  statusText: string;
  json(): Promise<unknown>;
  text(): Promise<string>;
}

const agents = new Map<string, http.Agent>();

/**
 * A `fetch` for grammY's ApiClientOptions over node:http(s) with one keep-alive agent per API root
 * (shared by every bot token on it). An aborted call (grammY's timeout) destroys its request and
 * rejects, and a network error rejects, so grammY turns both into its HttpError as before.
 *
 * @example new Api(token, { apiRoot, fetch: botApiFetch(apiRoot), baseFetchConfig: {} })
 */
export function botApiFetch(apiRoot: string): GrammyFetch {
  const secure = apiRoot.startsWith("https:");
  let agent = agents.get(apiRoot);
  if (!agent) {
    agent = secure ? new https.Agent({ keepAlive: true }) : new http.Agent({ keepAlive: true });
    agents.set(apiRoot, agent);
  }
  const request = secure ? https.request : http.request;
  const send = (url: string, init: BotApiRequest): Promise<BotApiResponse> =>
    new Promise((resolve, reject) => {
      const signal = init.signal ?? undefined;
      if (signal?.aborted) return reject(new Error("The Bot API request was aborted"));
      const onAbort = () => req.destroy(new Error("The Bot API request was aborted"));
      const req = request(url, { method: init.method ?? "GET", headers: init.headers, agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("error", reject);
        res.on("end", () => {
          signal?.removeEventListener("abort", onAbort);
          const body = chunks.length === 1 ? chunks[0]!.toString("utf8") : Buffer.concat(chunks).toString("utf8");
          const status = res.statusCode ?? 0;
          resolve({
            ok: status >= 200 && status < 300,
            status,
            statusText: res.statusMessage ?? "",
            json: async () => JSON.parse(body) as unknown,
            text: async () => body,
          });
        });
      });
      req.on("error", (err) => {
        signal?.removeEventListener("abort", onAbort);
        reject(err);
      });
      signal?.addEventListener("abort", onAbort);
      const body = init.body;
      if (body === undefined || typeof body === "string") req.end(body);
      else {
        body.on("error", (err) => req.destroy(err));
        body.pipe(req);
      }
    });
  // grammY's option is typed as node-fetch's fetch; it reads only what BotApiResponse has.
  return send as unknown as GrammyFetch;
}
