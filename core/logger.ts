/**
 * Structured logs (pino). Secrets are redacted by key wherever they appear in a log object, so a
 * config or an error carrying a token can be logged without leaking it.
 */
import pino, { type DestinationStream, type Logger } from "pino";

export type { Logger };

const REDACT = [
  "BOT_TOKEN",
  "YELLOWSTONE_TOKEN",
  "TELEGRAM_SESSION",
  "token",
  "xToken",
  "session",
  "*.BOT_TOKEN",
  "*.YELLOWSTONE_TOKEN",
  "*.TELEGRAM_SESSION",
  "*.token",
  "*.session",
  "TELEGRAM_API_HASH",
  "*.TELEGRAM_API_HASH",
  "apiHash",
  "*.apiHash",
];

export function createLogger(
  level: string = process.env.LOG_LEVEL ?? "info",
  name = "pumpspace",
  destination?: DestinationStream,
): Logger {
  const options = { name, level, redact: { paths: REDACT, censor: "[redacted]" } };
  return destination ? pino(options, destination) : pino(options);
}
