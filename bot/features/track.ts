import { Composer } from "grammy";
import { checkWalletAddress } from "../../core/domain/address.js";
import { parseTrackArgs } from "../../core/domain/commands.js";
import { escapeHtml } from "../../core/domain/html.js";
import type { BotContext } from "../context.js";
import { addressErrorText, argsErrorText } from "../helpers/address-errors.js";
import { groupAdminOnly } from "../helpers/chat-admin.js";
import { walletLimitOf } from "../helpers/limits.js";
import { logHandle } from "../helpers/logging.js";

const composer = new Composer<BotContext>();
// Groups too: changing a group's settings is for its admins (groupAdminOnly).
const feature = composer.chatType(["private", "group", "supergroup"]);

feature.command("track", logHandle("command-track"), groupAdminOnly, async (ctx) => {
  const args = parseTrackArgs(ctx.match);
  if (!args.ok) return void (await ctx.reply(argsErrorText(ctx, args, "track-usage")));

  const check = checkWalletAddress(args.address);
  if (!check.ok) return void (await ctx.reply(addressErrorText(ctx, check, "track-usage")));
  const { address } = check;

  const { chats } = ctx.deps;
  const token = await chats.getToken(address);
  if (token) {
    const reply = token.symbol
      ? ctx.t("address-mint", { symbol: escapeHtml(token.symbol) })
      : ctx.t("address-mint-unnamed");
    return void (await ctx.reply(reply));
  }

  const limit = await walletLimitOf(ctx);
  const result = await chats.trackWallet(ctx.chat.id, address, args.label, limit);
  ctx.logger.info({ address, result }, "track");
  if (result === "added") {
    const text = args.label
      ? ctx.t("track-added-labelled", { label: escapeHtml(args.label), address })
      : ctx.t("track-added", { address });
    await ctx.reply(text);
  } else if (result === "limit") {
    await ctx.reply(ctx.t("track-limit", { limit }));
  } else {
    await ctx.reply(
      result.duplicate !== null
        ? ctx.t("track-duplicate", { label: escapeHtml(result.duplicate) })
        : ctx.t("track-duplicate-unlabelled"),
    );
  }
});

/** `/track <wallet> [label]`: validates the address and label, then follows the wallet. */
export { composer as trackFeature };
