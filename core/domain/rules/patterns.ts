/**
 * Pattern rules as incremental state machines over a time-ordered swap stream: cluster buy,
 * accumulation, first buy and cluster exit. Each evaluator sees every swap once (`observe`) and
 * returns a fire, with its evidence, when its pattern completes; the same code serves the live
 * pipeline and the backtest, which is what makes their fires identical.
 *
 * Key ideas:
 * - Owners, not wallets: a wallet counts as its owner cluster (`WalletProfile.clusterId`, else
 *   its own address), so five wallets of one owner are one buyer.
 * - Cooldown per token and rule: after a fire at time t, the token does not fire again while
 *   |t' - t| < cooldownSec.
 * - Out of order: events may arrive up to `lateToleranceSec` (default 30 s) behind the newest
 *   time seen and are slotted into place, so a late buy can still complete a window; anything
 *   older is ignored by the patterns (and counted in `late`). Batches processed out of order by
 *   two pipeline workers stay well inside that.
 * Trap: time is the swap's event time (block time), never the wall clock, or a replay and the
 * live stream would disagree.
 */
import type { WalletProfile } from "../wallet-profile.js";
import { swapKey } from "../swap.js";
import type { MeasuredSwap } from "./filter.js";
import { patternKey, type PatternKind, type PatternRule } from "./schema.js";

export const DEFAULT_LATE_TOLERANCE_SEC = 30;

export interface EvidenceItem {
  wallet: string;
  clusterId: string | null;
  side: "buy" | "sell";
  /** Raw token amount as a decimal string. */
  tokenAmount: string;
  tokenDecimals: number;
  sizeSol: number | null;
  sizeUsd: number | null;
  priceUsd: number | null;
  timeSec: number;
  signature: string;
}

export interface PatternFire {
  kind: PatternKind;
  /** `patternKey` of the rule's parameters. */
  ruleKey: string;
  tokenMint: string;
  /** Event time of the fire (the swap that completed the pattern, or the window's end). */
  timeSec: number;
  slot: number;
  /** Swap key of the swap whose arrival completed the pattern: the fire's idempotency anchor. */
  triggerKey: string;
  /** Price of the token at the trigger, when known (for returns in the backtest). */
  priceUsd: number | null;
  priceSol: number | null;
  evidence: EvidenceItem[];
  /** Cluster exit: when the cluster buy it follows fired, and how many owners were in it. */
  clusterAtSec?: number;
  clusterSize?: number;
}

export interface PatternEvaluator {
  readonly rule: PatternRule;
  readonly key: string;
  /** Events ignored for arriving later than the tolerance. */
  late: number;
  observe(m: MeasuredSwap, profile: WalletProfile | undefined): PatternFire | null;
  /** Marks `mint` as fired at `t` (a fire remembered from before a restart). */
  seedCooldown(mint: string, t: number): void;
}

interface Ev {
  entity: string;
  item: EvidenceItem;
  key: string;
  slot: number;
}

const entityOf = (wallet: string, p: WalletProfile | undefined): string => p?.clusterId ?? wallet;

function evidence(m: MeasuredSwap, p: WalletProfile | undefined): EvidenceItem {
  return {
    wallet: m.swap.trader,
    clusterId: p?.clusterId ?? null,
    side: m.view.side,
    tokenAmount: m.view.tokenAmount.toString(),
    tokenDecimals: m.view.tokenDecimals,
    sizeSol: m.sizeSol,
    sizeUsd: m.sizeUsd,
    priceUsd: m.swap.priceUsd,
    timeSec: m.timeSec,
    signature: m.swap.signature,
  };
}

/** A fire of `kind` on `mint` at `t`, completed by the swap `m`. */
function fireOf(kind: PatternKind, ruleKey: string, mint: string, t: number, m: MeasuredSwap, items: EvidenceItem[]): PatternFire {
  return {
    kind,
    ruleKey,
    tokenMint: mint,
    timeSec: t,
    slot: m.swap.slot,
    triggerKey: swapKey(m.swap),
    priceUsd: m.swap.priceUsd,
    priceSol: m.swap.priceSol,
    evidence: items,
  };
}

/** A smart buy for `rule`: a buy by a wallet of one of its tiers, no excluded label, big enough. */
function isSmartBuy(rule: PatternRule, m: MeasuredSwap, p: WalletProfile | undefined): p is WalletProfile {
  if (m.view.side !== "buy" || !p || p.tier === null || !rule.tiers.includes(p.tier)) return false;
  for (const l of p.labels) if (rule.excludeLabels.includes(l)) return false;
  if (rule.minBuySol > 0 && (m.sizeSol === null || m.sizeSol < rule.minBuySol)) return false;
  return true;
}

/** Remembers when each token last fired; a fire inside the cooldown (either direction) is held back. */
class Cooldowns {
  private last = new Map<string, number>();
  constructor(private readonly sec: number) {}
  blocked(mint: string, t: number): boolean {
    const prev = this.last.get(mint);
    return prev !== undefined && Math.abs(t - prev) < this.sec;
  }
  mark(mint: string, t: number): void {
    const prev = this.last.get(mint);
    if (prev === undefined || t > prev) this.last.set(mint, t);
  }
  prune(before: number): void {
    for (const [mint, t] of this.last) if (t < before - this.sec) this.last.delete(mint);
  }
}

/** Shared clock bookkeeping: the watermark, the late cut-off and a periodic sweep. */
abstract class Base implements PatternEvaluator {
  readonly key: string;
  late = 0;
  protected watermark = -Infinity;
  private sinceSweep = 0;
  protected readonly cooldowns: Cooldowns;
  constructor(
    readonly rule: PatternRule,
    protected readonly tolerance: number,
  ) {
    this.key = patternKey(rule);
    this.cooldowns = new Cooldowns(rule.cooldownSec);
  }
  seedCooldown(mint: string, t: number): void {
    this.cooldowns.mark(mint, t);
  }
  /** False when `t` is too late to count. */
  protected admit(t: number): boolean {
    if (t < this.watermark - this.tolerance) {
      this.late++;
      return false;
    }
    if (t > this.watermark) this.watermark = t;
    if (++this.sinceSweep >= 4096) {
      this.sinceSweep = 0;
      this.sweep(this.watermark - this.tolerance);
    }
    return true;
  }
  /** Drops state nothing at or after `horizon` can need. */
  protected abstract sweep(horizon: number): void;
  abstract observe(m: MeasuredSwap, profile: WalletProfile | undefined): PatternFire | null;
}

/**
 * Time-sorted buys per token over a sliding window; `complete` decides whether the events of one
 * window make the pattern, and returns the evidence when they do.
 */
abstract class WindowPattern extends Base {
  private readonly tokens = new Map<string, Ev[]>();
  constructor(
    rule: PatternRule & { windowSec: number },
    tolerance: number,
    private readonly windowSec = rule.windowSec,
  ) {
    super(rule, tolerance);
  }

  protected abstract complete(window: readonly Ev[], last: Ev): Ev[] | null;

  /** Feeds a smart buy; returns the fire it completes, if any. */
  protected addBuy(m: MeasuredSwap, p: WalletProfile): PatternFire | null {
    const t = m.timeSec;
    const mint = m.view.tokenMint;
    let events = this.tokens.get(mint);
    if (!events) this.tokens.set(mint, (events = []));
    const ev: Ev = { entity: entityOf(m.swap.trader, p), item: evidence(m, p), key: swapKey(m.swap), slot: m.swap.slot };
    let i = events.length;
    while (i > 0 && events[i - 1]!.item.timeSec > t) i--;
    events.splice(i, 0, ev);
    // Keep what a late arrival could still pair with.
    const keepFrom = this.watermark - this.windowSec - this.tolerance;
    let drop = 0;
    while (drop < events.length && events[drop]!.item.timeSec < keepFrom) drop++;
    if (drop) events.splice(0, drop);
    // Windows that end at this event or at a later one within reach (only when it came late).
    for (let j = events.indexOf(ev); j < events.length; j++) {
      const end = events[j]!;
      const endT = end.item.timeSec;
      if (endT > t + this.windowSec) break;
      const window: Ev[] = [];
      for (const e of events) {
        if (e.item.timeSec > endT) break;
        if (e.item.timeSec >= endT - this.windowSec) window.push(e);
      }
      if (!window.includes(ev)) continue;
      const proof = this.complete(window, end);
      if (!proof || this.cooldowns.blocked(mint, endT)) continue;
      this.cooldowns.mark(mint, endT);
      return this.onFire(mint, endT, m, proof);
    }
    return null;
  }

  protected onFire(mint: string, t: number, m: MeasuredSwap, proof: Ev[]): PatternFire {
    return fireOf(this.rule.kind, this.key, mint, t, m, proof.map((e) => e.item));
  }

  protected sweep(horizon: number): void {
    const keepFrom = horizon - this.windowSec;
    for (const [mint, events] of this.tokens) {
      if (events.length === 0 || events[events.length - 1]!.item.timeSec < keepFrom) this.tokens.delete(mint);
    }
    this.cooldowns.prune(horizon);
  }
}

/** N distinct owners buy the same token within T seconds. */
export class ClusterBuyEvaluator extends WindowPattern {
  constructor(
    rule: Extract<PatternRule, { kind: "cluster-buy" | "cluster-exit" }>,
    tolerance = DEFAULT_LATE_TOLERANCE_SEC,
    private readonly onCluster?: (fire: PatternFire, entities: ReadonlyMap<string, Set<string>>) => void,
  ) {
    super(rule, tolerance);
  }
  private get minWallets(): number {
    return (this.rule as Extract<PatternRule, { kind: "cluster-buy" }>).minWallets;
  }
  protected complete(window: readonly Ev[]): Ev[] | null {
    // The first buy of each owner in the window is its evidence.
    const first = new Map<string, Ev>();
    for (const e of window) if (!first.has(e.entity)) first.set(e.entity, e);
    return first.size >= this.minWallets ? [...first.values()] : null;
  }
  protected override onFire(mint: string, t: number, m: MeasuredSwap, proof: Ev[]): PatternFire {
    const fire = super.onFire(mint, t, m, proof);
    if (this.onCluster) {
      const entities = new Map<string, Set<string>>();
      for (const e of proof) entities.set(e.entity, new Set([e.item.wallet]));
      this.onCluster(fire, entities);
    }
    return fire;
  }
  observe(m: MeasuredSwap, p: WalletProfile | undefined): PatternFire | null {
    if (!this.admit(m.timeSec) || !isSmartBuy(this.rule, m, p)) return null;
    return this.addBuy(m, p);
  }
}

/** One owner buys the same token K times within T seconds. */
export class AccumulationEvaluator extends WindowPattern {
  constructor(rule: Extract<PatternRule, { kind: "accumulation" }>, tolerance = DEFAULT_LATE_TOLERANCE_SEC) {
    super(rule, tolerance);
  }
  protected complete(window: readonly Ev[], last: Ev): Ev[] | null {
    const mine = window.filter((e) => e.entity === last.entity);
    return mine.length >= (this.rule as Extract<PatternRule, { kind: "accumulation" }>).minBuys ? mine : null;
  }
  observe(m: MeasuredSwap, p: WalletProfile | undefined): PatternFire | null {
    if (!this.admit(m.timeSec) || !isSmartBuy(this.rule, m, p)) return null;
    return this.addBuy(m, p);
  }
}

/**
 * The first smart buy of a token: no smart wallet (of the rule's tiers) bought it within the
 * rule's memory. A token quiet for longer than the memory is new again.
 */
export class FirstBuyEvaluator extends Base {
  private readonly lastBuy = new Map<string, number>();
  constructor(
    override readonly rule: Extract<PatternRule, { kind: "first-buy" }>,
    tolerance = DEFAULT_LATE_TOLERANCE_SEC,
  ) {
    super(rule, tolerance);
  }
  observe(m: MeasuredSwap, p: WalletProfile | undefined): PatternFire | null {
    if (!this.admit(m.timeSec) || !isSmartBuy(this.rule, m, p)) return null;
    const mint = m.view.tokenMint;
    const t = m.timeSec;
    const prev = this.lastBuy.get(mint);
    // A late buy older than one already seen is not the first: the newer one had its say.
    if (prev !== undefined && prev >= t) return null;
    this.lastBuy.set(mint, t);
    if (prev !== undefined && t - prev <= this.rule.memorySec) return null;
    if (this.cooldowns.blocked(mint, t)) return null;
    this.cooldowns.mark(mint, t);
    return fireOf("first-buy", this.key, mint, t, m, [evidence(m, p)]);
  }
  protected sweep(horizon: number): void {
    for (const [mint, t] of this.lastBuy) if (t < horizon - this.rule.memorySec) this.lastBuy.delete(mint);
    this.cooldowns.prune(horizon);
  }
}

interface ClusterWatch {
  atSec: number;
  /** owner -> its wallets seen in the cluster */
  owners: ReadonlyMap<string, Set<string>>;
  sellers: Map<string, EvidenceItem>;
  done: boolean;
}

/**
 * The owners behind a cluster buy start selling: after a cluster (detected with the rule's own
 * cluster parameters), `minSellers` of its owners (at most all of them) sell the token within
 * `horizonSec`. Fires once per cluster, and once per token within the cooldown.
 */
export class ClusterExitEvaluator extends Base {
  private readonly detector: ClusterBuyEvaluator;
  private readonly watches = new Map<string, ClusterWatch[]>();
  constructor(
    override readonly rule: Extract<PatternRule, { kind: "cluster-exit" }>,
    tolerance = DEFAULT_LATE_TOLERANCE_SEC,
  ) {
    super(rule, tolerance);
    // The cluster behind an exit is remembered whatever the chat's own cluster-buy cooldown.
    this.detector = new ClusterBuyEvaluator({ ...rule, cooldownSec: rule.windowSec }, tolerance, (fire, owners) => {
      const list = this.watches.get(fire.tokenMint) ?? [];
      list.push({ atSec: fire.timeSec, owners, sellers: new Map(), done: false });
      this.watches.set(fire.tokenMint, list);
    });
  }
  observe(m: MeasuredSwap, p: WalletProfile | undefined): PatternFire | null {
    if (!this.admit(m.timeSec)) return null;
    if (m.view.side === "buy") {
      this.detector.observe(m, p);
      return null;
    }
    const list = this.watches.get(m.view.tokenMint);
    if (!list) return null;
    const t = m.timeSec;
    const owner = entityOf(m.swap.trader, p);
    for (const w of list) {
      if (w.done || t < w.atSec || t > w.atSec + this.rule.horizonSec) continue;
      const key = w.owners.has(owner) ? owner : [...w.owners].find(([, wallets]) => wallets.has(m.swap.trader))?.[0];
      if (key === undefined || w.sellers.has(key)) continue;
      w.sellers.set(key, evidence(m, p));
      if (w.sellers.size < Math.min(this.rule.minSellers, w.owners.size)) continue;
      if (this.cooldowns.blocked(m.view.tokenMint, t)) continue;
      w.done = true;
      this.cooldowns.mark(m.view.tokenMint, t);
      const sells = [...w.sellers.values()].sort((a, b) => a.timeSec - b.timeSec);
      return { ...fireOf("cluster-exit", this.key, m.view.tokenMint, t, m, sells), clusterAtSec: w.atSec, clusterSize: w.owners.size };
    }
    return null;
  }
  protected sweep(horizon: number): void {
    for (const [mint, list] of this.watches) {
      const alive = list.filter((w) => !w.done && w.atSec + this.rule.horizonSec >= horizon);
      if (alive.length) this.watches.set(mint, alive);
      else this.watches.delete(mint);
    }
    this.cooldowns.prune(horizon);
  }
}

export function createPatternEvaluator(rule: PatternRule, tolerance = DEFAULT_LATE_TOLERANCE_SEC): PatternEvaluator {
  switch (rule.kind) {
    case "cluster-buy":
      return new ClusterBuyEvaluator(rule, tolerance);
    case "accumulation":
      return new AccumulationEvaluator(rule, tolerance);
    case "first-buy":
      return new FirstBuyEvaluator(rule, tolerance);
    case "cluster-exit":
      return new ClusterExitEvaluator(rule, tolerance);
  }
}
