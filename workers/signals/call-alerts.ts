/**
 * Turns calls into alerts. On new calls (the recorder's `onCalls`, signals role): one "call"
 * alert per call and following chat, then the combined "call-cluster" alerts against the
 * cluster-buy fires already in the outbox. On new cluster-buy fires (the rules stage's
 * `onPatternAlerts`, pipeline role): the combined alerts against the followed calls already
 * stored. Each side is one read, one insert and one addBulk per event batch, never per swap.
 *
 * Trap: the two sides run in different processes. If a call and a cluster are committed at the
 * same instant, each side may read before the other's write and neither fires; when both see each
 * other, the pair's dedupe key makes it one row.
 */
import type { Queue } from "bullmq";
import { insertAlertsWithSymbols } from "../../core/data/alerts.js";
import { insertCallClusterAlerts, recentClusterFires, recentFollowedCalls } from "../../core/data/call-alerts.js";
import type { CallerRow, CallStore, StoredCall } from "../../core/data/calls.js";
import type { SqlRunner } from "../../core/data/db.js";
import type { PatternAlert } from "../../core/domain/alerts.js";
import { buildCallAlert, clusterFromPattern, planCallClusterAlerts, type CallFacts, type ClusterFire, type FollowedCall } from "../../core/domain/calls/alerts.js";
import type { Logger } from "../../core/logger.js";
import { enqueueAlerts } from "../../core/queues/producers.js";

export interface CallAlertsDeps {
  sql: SqlRunner;
  store: CallStore;
  notifyQueue: Queue;
  /** A call and a cluster at most this far apart make the combined pattern. */
  windowMs: number;
  logger: Logger;
}

export interface CallAlerts {
  /** For CallRecorder's `onCalls`. */
  onCalls(caller: CallerRow, calls: readonly StoredCall[]): Promise<void>;
  /** For the rules stage's `onPatternAlerts`: the pattern alerts of one batch (other kinds are ignored). */
  onPatternAlerts(alerts: readonly PatternAlert[]): Promise<void>;
}

function callFacts(caller: CallerRow, c: StoredCall): CallFacts {
  return {
    callId: c.id,
    callerId: caller.id,
    callerHandle: caller.handle,
    callerTitle: caller.title,
    link: c.link ?? null,
    calledAtSec: c.calledAt.getTime() / 1000,
    priceUsd: c.priceUsd,
    priceSol: c.priceSol,
    marketCapUsd: c.marketCapUsd ?? null,
  };
}

export function createCallAlerts(deps: CallAlertsDeps): CallAlerts {
  const windowSec = deps.windowMs / 1000;

  async function combine(calls: readonly FollowedCall[], clusters: readonly ClusterFire[]): Promise<number> {
    const planned = planCallClusterAlerts(calls, clusters, deps.windowMs);
    const ids = await insertCallClusterAlerts(deps.sql, planned, windowSec);
    await enqueueAlerts(deps.notifyQueue, ids);
    return ids.length;
  }

  return {
    async onCalls(caller, calls) {
      if (calls.length === 0) return;
      const chats = await deps.store.subscribers(caller.id);
      if (chats.length === 0) return;
      const followed: FollowedCall[] = calls.map((c) => ({ call: callFacts(caller, c), mint: c.mint, chats }));
      const rows = followed.flatMap((f) => chats.map((chatId) => ({ chatId, alert: buildCallAlert(f.call, f.mint, null) })));
      const ids = await insertAlertsWithSymbols(deps.sql, rows);
      await enqueueAlerts(deps.notifyQueue, ids);
      const times = followed.map((f) => f.call.calledAtSec);
      const clusters = await recentClusterFires(
        deps.sql,
        [...new Set(calls.map((c) => c.mint))],
        Math.min(...times) - windowSec,
        Math.max(...times) + windowSec,
      );
      const combined = clusters.length > 0 ? await combine(followed, clusters) : 0;
      deps.logger.debug({ caller: caller.handle, calls: calls.length, alerts: ids.length, combined }, "call alerts written");
    },

    async onPatternAlerts(alerts) {
      const fires = new Map<string, ClusterFire>();
      for (const a of alerts) {
        if (a.kind !== "cluster-buy") continue;
        fires.set(`${a.signature} ${a.tokenMint}`, { mint: a.tokenMint, tokenSymbol: a.tokenSymbol, cluster: clusterFromPattern(a) });
      }
      if (fires.size === 0) return;
      const list = [...fires.values()];
      const times = list.map((f) => f.cluster.atSec * 1000);
      const calls = await recentFollowedCalls(
        deps.sql,
        [...new Set(list.map((f) => f.mint))],
        new Date(Math.min(...times) - deps.windowMs),
        new Date(Math.max(...times) + deps.windowMs),
      );
      if (calls.length === 0) return;
      const combined = await combine(calls, list);
      if (combined > 0) deps.logger.debug({ clusters: list.length, combined }, "call + cluster alerts written");
    },
  };
}
