import type { BotContext } from "../context.js";

/**
 * Most wallets this chat may track: the admin chat's "limits.chat" setting once one is stored,
 * else WALLET_LIMIT_PER_CHAT.
 */
export async function walletLimitOf(ctx: BotContext): Promise<number> {
  const stored = await ctx.deps.settings?.getStored("limits.chat");
  return stored?.wallets ?? ctx.deps.config.walletLimit;
}
