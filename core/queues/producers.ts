// Typed producers: every job enters its queue through here, with its idempotent job id.
import type { Queue } from "bullmq";
import type { NotifyPayload } from "./contract.js";

/** One notify job per alert; the job id makes a repeated enqueue of the same alert a no-op. */
export async function enqueueAlerts(queue: Queue, alertIds: readonly string[]): Promise<void> {
  if (alertIds.length === 0) return;
  await queue.addBulk(
    alertIds.map((id) => ({
      name: "alert",
      data: { alertId: id } satisfies NotifyPayload,
      opts: { jobId: `alert-${id}` },
    })),
  );
}
