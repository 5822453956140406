import { check } from '../validation/errors';
import { Recommendation, ScaleEvent, scaleDownLimit, scaleUpLimit, stabilize } from './hpa-behaviour';
import { averageUtilization, replicasForMetric } from './hpa-recommendation';
import type { Demand, LoadCurve } from './load-curves';
import type { ScalingSettings } from './scaling-settings';
import { HPA_SYNC_PERIOD_SECONDS } from './simulation-assumptions';

/** The state after one HPA sync. */
export interface HpaTick {
  readonly t: number;
  /** Demand the metric reflects: the load `metricLagSeconds` ago. */
  readonly observedDemand: Demand;
  /** Average utilization over the sampled pods, percent; undefined without a sample. */
  readonly cpuPercent?: number;
  readonly memoryPercent?: number;
  /** What the metrics ask for (the max over CPU and memory), before stabilization and policies. */
  readonly recommended: number;
  /** `spec.replicas` after this sync. */
  readonly replicas: number;
  /** Pods Ready at `t`. */
  readonly ready: number;
}

export interface HpaSimulationOptions {
  readonly durationSeconds: number;
  /** Replicas at t = 0, all Ready long before. @default settings.minReplicas */
  readonly initialReplicas?: number;
}

/**
 * Replays the HPA controller (autoscaling/v2 with `behavior`) every sync period:
 * per-metric recommendation with tolerance, the max over metrics, stabilization,
 * rate policies against the count at the start of each period, then min/max. New
 * pods become Ready `podStartSeconds` after creation; scale-down removes the
 * youngest (not-yet-ready first), as the ReplicaSet controller does.
 */
export function simulateHpa(settings: ScalingSettings, load: LoadCurve, options: HpaSimulationOptions): HpaTick[] {
  const initial = options.initialReplicas ?? settings.minReplicas;
  check(Number.isInteger(initial) && initial >= 1, 'initialReplicas', initial, 'must be an integer >= 1');
  // Kept in creation order, which is also ascending: pods are added with later times only.
  const readyAt: number[] = Array.from({ length: initial }, () => -Infinity);
  // The controller seeds the scale-down window with the current count when it first sees an
  // HPA; for a run that starts in a steady state it stands for the recommendations before t = 0.
  const history: Recommendation[] = [{ at: 0, replicas: initial }];
  const events: ScaleEvent[] = [];
  const ticks: HpaTick[] = [];
  // Only the last stabilization window and policy period matter: older records are dropped
  // (both lists are in time order), which keeps a day-long run linear instead of quadratic.
  const { scaleUp, scaleDown } = settings.behaviour;
  const memorySeconds = Math.max(scaleUp.stabilizationSeconds, scaleDown.stabilizationSeconds,
    ...[...scaleUp.policies, ...scaleDown.policies].map((policy) => policy.periodSeconds));
  const readyBy = (time: number) => {
    let count = 0;
    while (count < readyAt.length && readyAt[count] <= time) count += 1;
    return count;
  };

  for (let t = 0; t <= options.durationSeconds; t += HPA_SYNC_PERIOD_SECONDS) {
    const current = readyAt.length;
    const sampleTime = t - settings.metricLagSeconds;
    const sampledPods = readyBy(sampleTime);
    const observedDemand = load(sampleTime);
    const pendingPods = current - sampledPods;
    // Readings written out rather than spread from a shared one: a day is 5 760 syncs, run cold.
    const cpu = replicasForMetric({
      currentReplicas: current, sampledPods, pendingPods, demand: observedDemand.cpu, targetPercent: settings.cpuTargetPercent, pendingBelowTarget: 'ignored',
    });
    const memory = settings.memoryTargetPercent === undefined ? cpu : replicasForMetric({
      currentReplicas: current, sampledPods, pendingPods, demand: observedDemand.memory, targetPercent: settings.memoryTargetPercent, pendingBelowTarget: 'at-target',
    });
    const recommended = Math.max(cpu, memory);

    while (history.length > 0 && history[0].at <= t - memorySeconds) history.shift();
    while (events.length > 0 && events[0].at <= t - memorySeconds) events.shift();
    const next = nextReplicas(settings, t, current, recommended, history, events);
    history.push({ at: t, replicas: recommended });
    // Scale-up adds pods Ready after podStartSeconds; scale-down removes the youngest.
    for (let added = current; added < next; added += 1) readyAt.push(t + settings.podStartSeconds);
    if (next < current) readyAt.length = next;
    if (next !== current) events.push({ at: t, change: next - current });

    ticks.push({
      t,
      observedDemand,
      cpuPercent: sampledPods ? averageUtilization(observedDemand.cpu, sampledPods) : undefined,
      memoryPercent: sampledPods ? averageUtilization(observedDemand.memory, sampledPods) : undefined,
      recommended,
      replicas: next,
      ready: readyBy(t),
    });
  }
  return ticks;
}

function nextReplicas(settings: ScalingSettings, t: number, current: number, recommended: number,
  history: readonly Recommendation[], events: readonly ScaleEvent[]): number {
  // Outside the bounds the controller moves to the nearest bound without reading metrics.
  if (current > settings.maxReplicas) return settings.maxReplicas;
  if (current < settings.minReplicas) return settings.minReplicas;
  const { scaleUp, scaleDown } = settings.behaviour;
  const stabilized = stabilize(t, recommended, current, history, settings.behaviour);
  if (stabilized > current) return Math.min(stabilized, settings.maxReplicas, scaleUpLimit(t, current, events, scaleUp));
  if (stabilized < current) return Math.max(stabilized, settings.minReplicas, scaleDownLimit(t, current, events, scaleDown));
  return current;
}

/** Seconds from `fromSeconds` until `replicas` pods are Ready, or undefined if never within the run. */
export function secondsUntilReady(ticks: readonly HpaTick[], replicas: number, fromSeconds = 0): number | undefined {
  const tick = ticks.find((candidate) => candidate.t >= fromSeconds && candidate.ready >= replicas);
  return tick === undefined ? undefined : tick.t - fromSeconds;
}
