import { Composer } from "grammy";
import { checkWalletAddress } from "../../core/domain/address.js";
import { unpackAction } from "../../core/domain/alert-delivery.js";
import type { BotContext } from "../context.js";
import { groupAdminOnly } from "../helpers/chat-admin.js";
import { walletLimitOf } from "../helpers/limits.js";
import { logHandle } from "../helpers/logging.js";

const composer = new Composer<BotContext>();

/**
 * The buttons under an alert that change the chat's settings: track / untrack the wallet, mute
 * the token, mute the rule. In a group only its admins may press them (others get a refusal
 * as a pop-up). Token and wallet cards (`token:`, `wallet:`) belong to the card features.
 */
composer.callbackQuery(/^(track|untrack|mute-token|mute-rule):/, logHandle("callback-alert-action"), groupAdminOnly, async (ctx) => {
  const action = unpackAction(ctx.callbackQuery.data);
  const chatId = ctx.chat?.id;
  if (action === null || chatId === undefined) return void (await ctx.answerCallbackQuery());
  const { chats, mutes } = ctx.deps;
  let text: string;
  switch (action.verb) {
    case "track": {
      const check = checkWalletAddress(action.value);
      if (!check.ok) return void (await ctx.answerCallbackQuery({ text: ctx.t("alert-action-invalid"), show_alert: true }));
      const limit = await walletLimitOf(ctx);
      const result = await chats.trackWallet(chatId, check.address, null, limit);
      text =
        result === "added"
          ? ctx.t("alert-action-tracked")
          : result === "limit"
            ? ctx.t("track-limit", { limit })
            : ctx.t("track-duplicate-unlabelled");
      break;
    }
    case "untrack": {
      const removed = await chats.untrackWallet(chatId, action.value);
      text = removed ? ctx.t("alert-action-untracked") : ctx.t("alert-action-not-tracked");
      break;
    }
    case "mute-token":
    case "mute-rule": {
      if (!mutes) throw new Error("mutes repository is not wired into the bot's dependencies");
      const kind = action.verb === "mute-token" ? "token" : "rule";
      const added = await mutes.mute(chatId, kind, action.value);
      text = ctx.t(added ? `alert-action-muted-${kind}` : "alert-action-already-muted");
      break;
    }
    default:
      return void (await ctx.answerCallbackQuery());
  }
  ctx.logger.info({ action: action.verb, value: action.value }, "alert action");
  await ctx.answerCallbackQuery({ text, show_alert: true });
});

/** Track/untrack and mute buttons of alert messages. */
export { composer as alertActionsFeature };
