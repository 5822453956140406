import { HPA_TOLERANCE } from './simulation-assumptions';

/** One resource metric as the HPA controller sees it at a sync. */
export interface MetricReading {
  /** `spec.replicas` of the Deployment now. */
  readonly currentReplicas: number;
  /** Pods with a sample taken while they were ready. */
  readonly sampledPods: number;
  /** Pods created but without such a sample yet (starting, or ready too recently). */
  readonly pendingPods: number;
  /** Summed usage of the sampled pods, percent of one pod's request. */
  readonly demand: number;
  readonly targetPercent: number;
  /**
   * How the controller counts pending pods when usage is below target: CPU ignores
   * unready pods, other metrics count pods without a sample at the target.
   */
  readonly pendingBelowTarget: 'ignored' | 'at-target';
}

/**
 * Whole-percent average utilization, truncated as the controller does
 * (`metricsTotal * 100 / requestsTotal` in integer arithmetic). The epsilon keeps
 * 4.2 / 2 × 100 from landing on 209.999….
 */
export function averageUtilization(demand: number, pods: number): number {
  return Math.floor(demand / pods + 1e-9);
}

const withinTolerance = (ratio: number) => Math.abs(1 - ratio) <= HPA_TOLERANCE;

/**
 * Replicas one metric asks for: ceil(currentReplicas × current / target), unchanged
 * within the 10 % tolerance. Pending pods count as idle when scaling up (so a rollout
 * of new pods is not mistaken for spare capacity) and as described by
 * `pendingBelowTarget` when scaling down; if that flips the direction, nothing changes.
 */
export function replicasForMetric(reading: MetricReading): number {
  const { currentReplicas, sampledPods, pendingPods, demand, targetPercent } = reading;
  if (sampledPods === 0) return currentReplicas; // no metric: the controller skips the sync
  const usageRatio = averageUtilization(demand, sampledPods) / targetPercent;
  if (pendingPods === 0) {
    return withinTolerance(usageRatio) ? currentReplicas : Math.ceil(usageRatio * sampledPods - 1e-9);
  }
  let total = demand;
  let pods = sampledPods;
  if (usageRatio > 1) {
    pods += pendingPods; // pending pods at 0 %
  } else if (reading.pendingBelowTarget === 'at-target') {
    total += targetPercent * pendingPods;
    pods += pendingPods;
  }
  const newRatio = averageUtilization(total, pods) / targetPercent;
  const flipped = (usageRatio < 1 && newRatio > 1) || (usageRatio > 1 && newRatio < 1);
  if (withinTolerance(newRatio) || flipped) return currentReplicas;
  const replicas = Math.ceil(newRatio * pods - 1e-9);
  if ((newRatio < 1 && replicas > currentReplicas) || (newRatio > 1 && replicas < currentReplicas)) return currentReplicas;
  return replicas;
}
