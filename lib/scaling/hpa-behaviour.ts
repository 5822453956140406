import type { ScalingRules } from './scaling-settings';

/** A raw (unstabilized) recommendation the controller remembers, per HPA. */
export interface Recommendation {
  readonly at: number;
  readonly replicas: number;
}

/** A change the controller made: positive for a scale-up. */
export interface ScaleEvent {
  readonly at: number;
  readonly change: number;
}

/**
 * Stabilization: over the scale-up window the controller takes the lowest
 * recommendation (so a spike must last the window), over the scale-down window the
 * highest (so a dip must). Records exactly one window old fall out, as in the controller
 * (`timestamp.After(now − window)`).
 */
export function stabilize(now: number, desired: number, current: number, history: readonly Recommendation[],
  rules: { readonly scaleUp: ScalingRules; readonly scaleDown: ScalingRules }): number {
  let upRecommendation = desired;
  let downRecommendation = desired;
  const upSince = now - rules.scaleUp.stabilizationSeconds;
  const downSince = now - rules.scaleDown.stabilizationSeconds;
  // An indexed loop: the simulation calls this at every sync, over up to a window of records.
  for (let i = 0; i < history.length; i += 1) {
    const { at, replicas } = history[i];
    if (at > upSince && replicas < upRecommendation) upRecommendation = replicas;
    if (at > downSince && replicas > downRecommendation) downRecommendation = replicas;
  }
  return Math.min(Math.max(current, upRecommendation), downRecommendation);
}

/** Pods added (or removed, for `sign` −1) within the last `periodSeconds`. */
function changedWithin(now: number, periodSeconds: number, events: readonly ScaleEvent[], sign: 1 | -1): number {
  return events
    .filter((event) => event.at > now - periodSeconds && Math.sign(event.change) === sign)
    .reduce((sum, event) => sum + Math.abs(event.change), 0);
}

/** The replica count at the start of a policy's period: undo the changes made within it. */
function periodStartReplicas(now: number, current: number, periodSeconds: number, events: readonly ScaleEvent[]): number {
  return current - changedWithin(now, periodSeconds, events, 1) + changedWithin(now, periodSeconds, events, -1);
}

/** The most replicas the scale-up policies allow now; `current` when disabled. */
export function scaleUpLimit(now: number, current: number, events: readonly ScaleEvent[], rules: ScalingRules): number {
  if (rules.selectPolicy === 'Disabled') return current;
  const proposals = rules.policies.map((policy) => {
    const start = periodStartReplicas(now, current, policy.periodSeconds, events);
    // Rounded up, so a small Deployment can still grow by a percentage.
    return policy.type === 'Pods' ? start + policy.value : Math.ceil(start * (1 + policy.value / 100) - 1e-9);
  });
  const limit = rules.selectPolicy === 'Max' ? Math.max(...proposals) : Math.min(...proposals);
  return Math.max(limit, current);
}

/** The fewest replicas the scale-down policies allow now; `current` when disabled. */
export function scaleDownLimit(now: number, current: number, events: readonly ScaleEvent[], rules: ScalingRules): number {
  if (rules.selectPolicy === 'Disabled') return current;
  const proposals = rules.policies.map((policy) => {
    const start = periodStartReplicas(now, current, policy.periodSeconds, events);
    // Truncated, as the controller's int32 conversion does.
    return policy.type === 'Pods' ? start - policy.value : Math.floor(start * (1 - policy.value / 100) + 1e-9);
  });
  // Max selects the biggest change, which for scale-down is the lowest count.
  const limit = rules.selectPolicy === 'Max' ? Math.min(...proposals) : Math.max(...proposals);
  return Math.min(limit, current);
}
