import { check } from '../validation/errors';
import type { ScalingSettings } from './scaling-settings';
import { EVICTION_RETRY_SECONDS } from './simulation-assumptions';

export interface DrainPlan {
  readonly replicas: number;
  /** Nodes or zones the pods are spread over (round-robin, as maxSkew 1 spreading does). */
  readonly domains: number;
  readonly scope: 'node' | 'zone';
}

export interface DrainResult extends DrainPlan {
  /** Pods on the drained node or zone: the fullest one, ceil(replicas / domains). */
  readonly podsToEvict: number;
  readonly completed: boolean;
  /** Seconds until the last pod is evicted. */
  readonly evictedAfterSeconds: number;
  /** Seconds until every replacement is Ready again. */
  readonly recoveredAfterSeconds: number;
  readonly minReady: number;
  /** Evictions the PDB refused (HTTP 429) before they went through. */
  readonly refusedEvictions: number;
  readonly blockedReason?: string;
}

/**
 * Drains the fullest node or zone one eviction at a time. The PDB allows an eviction
 * while Ready pods − 1 >= minAvailable; a refused one is retried every
 * EVICTION_RETRY_SECONDS. The ReplicaSet replaces each evicted pod at once on another
 * node (the cluster is assumed to have room), Ready `podStartSeconds` later.
 */
export function simulateDrain(settings: ScalingSettings, plan: DrainPlan): DrainResult {
  check(Number.isInteger(plan.replicas) && plan.replicas >= 1, 'drain.replicas', plan.replicas, 'must be an integer >= 1');
  check(Number.isInteger(plan.domains) && plan.domains >= 1, 'drain.domains', plan.domains, 'must be an integer >= 1');
  const podsToEvict = Math.ceil(plan.replicas / plan.domains);
  let ready = plan.replicas;
  let replacementsReadyAt: number[] = [];
  let evicted = 0;
  let refused = 0;
  let minReady = ready;
  let t = 0;

  while (evicted < podsToEvict) {
    ready += replacementsReadyAt.filter((at) => at <= t).length;
    replacementsReadyAt = replacementsReadyAt.filter((at) => at > t);
    if (ready - 1 >= settings.pdbMinAvailable) {
      ready -= 1;
      evicted += 1;
      replacementsReadyAt.push(t + settings.podStartSeconds);
      minReady = Math.min(minReady, ready);
      continue;
    }
    if (replacementsReadyAt.length === 0) {
      return {
        ...plan, podsToEvict, completed: false, evictedAfterSeconds: t, recoveredAfterSeconds: Infinity, minReady, refusedEvictions: refused + 1,
        blockedReason: `PDB minAvailable ${settings.pdbMinAvailable} with ${ready} Ready pods allows no eviction, and nothing will change that`,
      };
    }
    refused += 1;
    t += EVICTION_RETRY_SECONDS;
  }
  const recovered = Math.max(t, ...replacementsReadyAt);
  return { ...plan, podsToEvict, completed: true, evictedAfterSeconds: t, recoveredAfterSeconds: recovered, minReady, refusedEvictions: refused };
}
