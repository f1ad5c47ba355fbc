/**
 * The combined pattern: a channel call and a smart-money cluster (several smart wallets buying
 * the same token within a short window) hitting the same token within a window of each other,
 * in either order. Pure: the caller passes the recent events of both kinds.
 *
 * The trap: the pattern must fire once per (call, cluster) pair whichever event arrives second,
 * so the dedupe key names both events, never the arrival.
 */

export interface CallSignal {
  callId: string;
  callerId: string;
  mint: string;
  /** Unix ms. */
  at: number;
}

export interface ClusterSignal {
  /** Stable id of the cluster (e.g. the mint and the first buy's signature). */
  key: string;
  mint: string;
  /** Unix ms of the buy that completed the cluster. */
  at: number;
  wallets: readonly string[];
}

export interface CombinedMatch {
  mint: string;
  call: CallSignal;
  cluster: ClusterSignal;
  order: "call-first" | "cluster-first";
  /** |cluster.at - call.at| in ms. */
  gapMs: number;
  /** The alert's idempotency key (no ':'). */
  dedupeKey: string;
}

/**
 * Every (call, cluster) pair on the same mint no more than `windowMs` apart, oldest pair first.
 *
 * @example matchCallsWithClusters([call], [cluster], 30 * 60_000)
 */
export function matchCallsWithClusters(
  calls: readonly CallSignal[],
  clusters: readonly ClusterSignal[],
  windowMs: number,
): CombinedMatch[] {
  const byMint = new Map<string, ClusterSignal[]>();
  for (const c of clusters) {
    const list = byMint.get(c.mint) ?? [];
    list.push(c);
    byMint.set(c.mint, list);
  }
  const out: CombinedMatch[] = [];
  const seen = new Set<string>();
  for (const call of calls) {
    for (const cluster of byMint.get(call.mint) ?? []) {
      const gapMs = Math.abs(cluster.at - call.at);
      if (gapMs > windowMs) continue;
      const dedupeKey = `combined-${call.callId}-${cluster.key}`;
      if (seen.has(dedupeKey)) continue;
      seen.add(dedupeKey);
      out.push({ mint: call.mint, call, cluster, order: call.at <= cluster.at ? "call-first" : "cluster-first", gapMs, dedupeKey });
    }
  }
  return out.sort((a, b) => Math.max(a.call.at, a.cluster.at) - Math.max(b.call.at, b.cluster.at));
}
