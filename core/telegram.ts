/**
 * The Bot API client for processes that send without running the bot (the alert sender).
 * autoRetry waits out short 429s and network blips inside one call; a long flood wait is thrown
 * back so the caller can pause its whole queue instead of holding a worker slot for minutes.
 */
import { autoRetry } from "@grammyjs/auto-retry";
import { Api, type RawApi, type Transformer } from "grammy";

/** 429s asking to wait longer than this are thrown to the caller. */
export const MAX_INLINE_RETRY_SECONDS = 5;

export function createTelegramApi(
  token: string,
  opts: { apiRoot?: string; transformers?: Transformer<RawApi>[]; maxInlineRetrySeconds?: number } = {},
): Api {
  const api = new Api(token, opts.apiRoot ? { apiRoot: opts.apiRoot } : undefined);
  api.config.use(autoRetry({ maxRetryAttempts: 3, maxDelaySeconds: opts.maxInlineRetrySeconds ?? MAX_INLINE_RETRY_SECONDS }));
  for (const t of opts.transformers ?? []) api.config.use(t);
  return api;
}
