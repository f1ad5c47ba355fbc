/**
 * Dev and insider labels: a swap-batch consumer that writes the batch's token events
 * (core/data/token-labels.ts) and marks the wallets whose labels changed for rescoring, so a dev
 * or insider loses its tier within one scoring run. Runs before wallet scoring's consumer.
 */
import type { ChangedWallets } from "../../core/data/changed-wallets.js";
import type { SqlRunner } from "../../core/data/db.js";
import { recordTokenLabels } from "../../core/data/token-labels.js";
import type { SwapBatchConsumer } from "./swap-batches.js";

export function tokenLabelsConsumer(sql: SqlRunner, changed?: ChangedWallets): SwapBatchConsumer {
  return {
    name: "token-labels",
    async consume(swaps, ctx) {
      const events = ctx.tokenEvents ?? [];
      if (events.length === 0 && swaps.length === 0) return;
      const { wallets } = await recordTokenLabels(sql, events, swaps);
      if (changed && wallets.length) await changed.touch(wallets);
    },
  };
}
