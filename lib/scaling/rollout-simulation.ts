import { check } from '../validation/errors';
import type { ScalingSettings } from './scaling-settings';

export interface RolloutResult {
  readonly replicas: number;
  /** Every pod replaced and Ready. */
  readonly completed: boolean;
  /** Seconds from start to the last new pod Ready (or to when the rollout stalled). */
  readonly durationSeconds: number;
  /** Longest wait between two steps of progress; the Deployment fails past `progressDeadlineSeconds`. */
  readonly longestStallSeconds: number;
  /** Fewest Ready pods at any moment. */
  readonly minReady: number;
  /** Most pods (old and new) at any moment: the capacity the namespace must have room for. */
  readonly maxPods: number;
  readonly blockedReason?: string;
}

/**
 * A rolling update of `replicas` pods as the Deployment controller runs it: old pods
 * go while Ready pods stay >= replicas − maxUnavailable; new pods come while all pods
 * stay <= replicas + maxSurge; each new pod is Ready `podStartSeconds` after creation.
 */
export function simulateRollout(settings: ScalingSettings, replicas: number): RolloutResult {
  check(Number.isInteger(replicas) && replicas >= 1, 'rollout.replicas', replicas, 'must be an integer >= 1');
  const { maxSurge, maxUnavailable, podStartSeconds } = settings;
  const minAvailable = replicas - maxUnavailable;
  let oldPods = replicas;
  let newReadyAt: number[] = [];
  let t = 0;
  let lastProgress = 0;
  let longestStall = 0;
  let minReady = replicas;
  let maxPods = replicas;

  for (;;) {
    const newReady = newReadyAt.filter((at) => at <= t).length;
    const removable = Math.max(0, Math.min(oldPods, oldPods + newReady - minAvailable));
    oldPods -= removable;
    const creatable = Math.max(0, Math.min(replicas - newReadyAt.length, replicas + maxSurge - oldPods - newReadyAt.length));
    newReadyAt = [...newReadyAt, ...Array.from({ length: creatable }, () => t + podStartSeconds)];
    minReady = Math.min(minReady, oldPods + newReady);
    maxPods = Math.max(maxPods, oldPods + newReadyAt.length);
    if (oldPods === 0 && newReady === replicas) {
      return { replicas, completed: true, durationSeconds: t, longestStallSeconds: longestStall, minReady, maxPods };
    }
    const next = newReadyAt.filter((at) => at > t).sort((a, b) => a - b)[0];
    if (next === undefined) {
      return {
        replicas, completed: false, durationSeconds: t, longestStallSeconds: Infinity, minReady, maxPods,
        blockedReason: `maxSurge ${maxSurge} and maxUnavailable ${maxUnavailable}: no pod may be added or removed`,
      };
    }
    longestStall = Math.max(longestStall, next - lastProgress);
    lastProgress = next;
    t = next;
  }
}
