import type { Middleware } from "grammy";
import type { BotContext } from "../context.js";

/**
 * Logs which handler took the update, so a log search for "command-track" finds every /track.
 *
 * @example feature.command("track", logHandle("command-track"), handler)
 */
export function logHandle(id: string): Middleware<BotContext> {
  return (ctx, next) => {
    ctx.logger.info({ handler: id }, "handling update");
    return next();
  };
}

/** The command an update carries ("/track"), for log lines; undefined for anything else. */
export function commandOf(ctx: BotContext): string | undefined {
  const text = ctx.message?.text ?? ctx.channelPost?.text;
  if (!text?.startsWith("/")) return undefined;
  return text.split(/[\s@]/, 1)[0];
}
