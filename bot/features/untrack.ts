import { Composer } from "grammy";
import { checkAddressFormat } from "../../core/domain/address.js";
import { parseUntrackArgs } from "../../core/domain/commands.js";
import { escapeHtml } from "../../core/domain/html.js";
import type { BotContext } from "../context.js";
import { addressErrorText, argsErrorText } from "../helpers/address-errors.js";
import { groupAdminOnly } from "../helpers/chat-admin.js";
import { logHandle } from "../helpers/logging.js";

const composer = new Composer<BotContext>();
// Groups too: changing a group's settings is for its admins (groupAdminOnly).
const feature = composer.chatType(["private", "group", "supergroup"]);

feature.command("untrack", logHandle("command-untrack"), groupAdminOnly, async (ctx) => {
  const args = parseUntrackArgs(ctx.match);
  if (!args.ok) return void (await ctx.reply(argsErrorText(ctx, args, "untrack-usage")));
  // Only the format matters here: whatever is not tracked gets "you don't track it".
  const check = checkAddressFormat(args.address);
  if (!check.ok) return void (await ctx.reply(addressErrorText(ctx, check, "untrack-usage")));
  const { address } = check;

  const removed = await ctx.deps.chats.untrackWallet(ctx.chat.id, address);
  ctx.logger.info({ address, removed: removed !== null }, "untrack");
  if (removed === null) return void (await ctx.reply(ctx.t("untrack-not-tracked", { address })));
  await ctx.reply(
    removed.label !== null
      ? ctx.t("untrack-done-labelled", { label: escapeHtml(removed.label), address })
      : ctx.t("untrack-done", { address }),
  );
});

/** `/untrack <wallet>`: stops following a wallet. */
export { composer as untrackFeature };
