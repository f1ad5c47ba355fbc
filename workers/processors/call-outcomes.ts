/**
 * The delayed check of one call at one horizon: price then, and the peak and trough since the
 * call, from stored swaps. Idempotent (the outcome row is upserted).
 *
 * The trap: a job can run early (a clock skew between processes, a manual retry); it then
 * moves itself back to the delayed set instead of recording a half-window.
 */
import { DelayedError, type Job } from "bullmq";
import type { CallStore } from "../../core/data/calls.js";
import { computeOutcome, horizonDue, type CallOutcomeFigures } from "../../core/domain/calls/outcomes.js";
import type { Logger } from "../../core/logger.js";
import { callOutcomePayload } from "../../core/queues/contract.js";

export interface CallOutcomeDeps {
  store: CallStore;
  clock: () => number;
  logger: Logger;
}

export function createCallOutcomeProcessor(deps: CallOutcomeDeps) {
  return async (job: Job, token?: string): Promise<CallOutcomeFigures | "gone"> => {
    const { callId, horizon } = callOutcomePayload.parse(job.data);
    const call = await deps.store.call(callId);
    if (!call) return "gone";
    const due = horizonDue(call.calledAt.getTime(), horizon);
    if (deps.clock() < due && token !== undefined) {
      await job.moveToDelayed(due + (Date.now() - deps.clock()), token);
      throw new DelayedError();
    }
    const end = new Date(due);
    const [window, last] = await Promise.all([deps.store.pricePoints(call.mint, call.calledAt, end), deps.store.lastPrice(call.mint, end)]);
    const figures = computeOutcome(call, window, last);
    await deps.store.saveOutcome(callId, horizon, figures);
    deps.logger.debug({ callId, horizon, athPct: figures.athPct }, "call outcome");
    return figures;
  };
}
