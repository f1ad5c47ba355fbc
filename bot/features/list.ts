import { Composer } from "grammy";
import { chunkLines, escapeHtml } from "../../core/domain/html.js";
import type { BotContext } from "../context.js";
import { walletLimitOf } from "../helpers/limits.js";
import { logHandle } from "../helpers/logging.js";

const composer = new Composer<BotContext>();
// Groups too: changing a group's settings is for its admins (groupAdminOnly).
const feature = composer.chatType(["private", "group", "supergroup"]);

feature.command("list", logHandle("command-list"), async (ctx) => {
  const { chats } = ctx.deps;
  const wallets = await chats.listWallets(ctx.chat.id);
  if (wallets.length === 0) return void (await ctx.reply(ctx.t("list-empty")));
  const lines = [
    ctx.t("list-header", { count: wallets.length, limit: await walletLimitOf(ctx) }),
    ...wallets.map((w, i) =>
      w.label !== null
        ? ctx.t("list-item", { index: String(i + 1), label: escapeHtml(w.label), address: w.address })
        : ctx.t("list-item-unlabelled", { index: String(i + 1), address: w.address }),
    ),
  ];
  // A full list (100 wallets with long labels) is over Telegram's 4096 characters: split by line.
  for (const part of chunkLines(lines)) await ctx.reply(part);
});

/** `/list`: the chat's tracked wallets with their labels. */
export { composer as listFeature };
