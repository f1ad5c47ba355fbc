/**
 * GramJS messages as channel posts: the text, and the links from text-link entities and inline
 * URL buttons (plain URLs typed in the text are found by call extraction itself).
 */
import { Api } from "telegram";
import type { ChannelPost } from "./recorder.js";

/** The URLs a message carries outside its visible text. */
export function messageUrls(message: Api.Message): string[] {
  const urls: string[] = [];
  for (const e of message.entities ?? []) if (e instanceof Api.MessageEntityTextUrl) urls.push(e.url);
  const markup = message.replyMarkup;
  if (markup instanceof Api.ReplyInlineMarkup) {
    for (const row of markup.rows) {
      for (const b of row.buttons) {
        if (b instanceof Api.KeyboardButtonUrl || b instanceof Api.KeyboardButtonUrlAuth) urls.push(b.url);
        else if (b instanceof Api.KeyboardButtonWebView || b instanceof Api.KeyboardButtonSimpleWebView) urls.push(b.url);
      }
    }
  }
  return urls;
}

/**
 * A post for the recorder. An edited message is timed at its edit: a mint added by editing is
 * called then, not when the post first went out.
 */
export function toChannelPost(message: Api.Message): ChannelPost {
  const at = message.editDate ?? message.date;
  return { id: message.id, date: new Date(at * 1000), text: message.message ?? "", urls: messageUrls(message) };
}
