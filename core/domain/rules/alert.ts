// Alert view models for what the rule engine delivers: a matched swap, or a pattern fire.
import { buildWalletSwapAlert, MAX_EVIDENCE_SHOWN, type PatternAlert, type WalletSwapAlert } from "../alerts.js";
import { fireKey, type FireDelivery, type SubscriptionMatch } from "./engine.js";

export function buildMatchAlert(m: SubscriptionMatch, symbols: ReadonlyMap<string, string>): WalletSwapAlert {
  const alert = buildWalletSwapAlert(m.swap.swap, m.walletLabel, symbols);
  return m.via === "wallet" ? alert : { ...alert, via: { via: m.via, tier: m.tier } };
}

export function buildPatternAlert(d: FireDelivery, symbols: ReadonlyMap<string, string>): PatternAlert {
  const { fire, rule } = d;
  const trigger = fire.triggerKey.slice(0, fire.triggerKey.lastIndexOf("-"));
  return {
    kind: fire.kind,
    key: fireKey(fire),
    ruleId: d.ruleId,
    tokenMint: fire.tokenMint,
    tokenSymbol: symbols.get(fire.tokenMint) ?? null,
    timeSec: fire.timeSec,
    slot: fire.slot,
    signature: trigger,
    priceSol: fire.priceSol,
    priceUsd: fire.priceUsd,
    windowSec: "windowSec" in rule ? rule.windowSec : null,
    count: fire.evidence.length,
    evidence: fire.evidence.slice(0, MAX_EVIDENCE_SHOWN).map((e) => ({
      wallet: e.wallet,
      side: e.side,
      tokenAmount: e.tokenAmount,
      tokenDecimals: e.tokenDecimals,
      sizeSol: e.sizeSol,
      timeSec: e.timeSec,
      signature: e.signature,
    })),
    clusterAtSec: fire.clusterAtSec ?? null,
    clusterSize: fire.clusterSize ?? null,
  };
}
