import { DEFAULT_AUTOSCALING, SCALING_BEHAVIOUR } from '../workload/service-autoscaler';
import { DEFAULT_MIN_AVAILABLE } from '../workload/disruption-budget';
import { check } from '../validation/errors';
import { ASSUMED_METRIC_LAG_SECONDS, ASSUMED_POD_START_SECONDS, DEFAULT_PROGRESS_DEADLINE_SECONDS, DEFAULT_ROLLING_UPDATE } from './simulation-assumptions';

/** One `behavior.scaleUp/scaleDown.policies[]` entry of an autoscaling/v2 HPA. */
export interface ScalingPolicy {
  readonly type: 'Percent' | 'Pods';
  readonly value: number;
  readonly periodSeconds: number;
}

/** `behavior.scaleUp` or `behavior.scaleDown`. */
export interface ScalingRules {
  readonly stabilizationSeconds: number;
  readonly policies: readonly ScalingPolicy[];
  /** Max: the policy allowing the biggest change wins; Min: the smallest; Disabled: no change in this direction. */
  readonly selectPolicy: 'Max' | 'Min' | 'Disabled';
}

/**
 * Everything the scaling simulations read: HPA, rolling-update strategy, PDB, plus the
 * two timings no manifest states (how stale the metric is, how long a pod takes to be ready).
 */
export interface ScalingSettings {
  readonly minReplicas: number;
  readonly maxReplicas: number;
  /** Average CPU utilization target, percent of requests. */
  readonly cpuTargetPercent: number;
  /** Average memory utilization target, percent of requests. @default none: CPU alone drives the HPA */
  readonly memoryTargetPercent?: number;
  readonly behaviour: { readonly scaleUp: ScalingRules; readonly scaleDown: ScalingRules };
  /** PodDisruptionBudget `minAvailable` (absolute). */
  readonly pdbMinAvailable: number;
  /** Rolling update `maxSurge` (absolute pods). */
  readonly maxSurge: number;
  /** Rolling update `maxUnavailable` (absolute pods). */
  readonly maxUnavailable: number;
  readonly progressDeadlineSeconds: number;
  /** @default ASSUMED_METRIC_LAG_SECONDS */
  readonly metricLagSeconds: number;
  /** Creation to Ready. @default ASSUMED_POD_START_SECONDS */
  readonly podStartSeconds: number;
}

/** The figures a service spec can change; everything else is the platform's. */
export interface ServiceScalingFigures {
  readonly minReplicas?: number;
  readonly maxReplicas?: number;
  readonly cpuUtilization?: number;
  readonly memoryUtilization?: number;
  readonly minAvailable?: number;
}

/**
 * Settings as lib/workload builds them: SCALING_BEHAVIOUR, the rolling-update strategy
 * of HttpService and the PDB default, with a service's bounds and targets on top.
 */
export function scalingSettingsFor(service: ServiceScalingFigures = {}): ScalingSettings {
  const { scaleUp: up, scaleDown: down } = SCALING_BEHAVIOUR;
  return checkScalingSettings({
    minReplicas: service.minReplicas ?? DEFAULT_AUTOSCALING.minReplicas,
    maxReplicas: service.maxReplicas ?? DEFAULT_AUTOSCALING.maxReplicas,
    cpuTargetPercent: service.cpuUtilization ?? DEFAULT_AUTOSCALING.cpuUtilization,
    memoryTargetPercent: service.memoryUtilization ?? DEFAULT_AUTOSCALING.memoryUtilization,
    behaviour: {
      scaleUp: {
        stabilizationSeconds: up.stabilizationSeconds,
        selectPolicy: 'Max',
        policies: [
          { type: 'Percent', value: up.doublePercent, periodSeconds: up.periodSeconds },
          { type: 'Pods', value: up.extraPods, periodSeconds: up.periodSeconds },
        ],
      },
      scaleDown: {
        stabilizationSeconds: down.stabilizationSeconds,
        selectPolicy: 'Max',
        policies: [{ type: 'Percent', value: down.halvePercent, periodSeconds: down.periodSeconds }],
      },
    },
    pdbMinAvailable: service.minAvailable ?? DEFAULT_MIN_AVAILABLE,
    ...DEFAULT_ROLLING_UPDATE,
    progressDeadlineSeconds: DEFAULT_PROGRESS_DEADLINE_SECONDS,
    metricLagSeconds: ASSUMED_METRIC_LAG_SECONDS,
    podStartSeconds: ASSUMED_POD_START_SECONDS,
  });
}

const nonNegativeInteger = (value: number) => Number.isInteger(value) && value >= 0;

/**
 * Refuses settings the simulations cannot run. Settings that run but are unsafe
 * (a PDB that blocks drains, a rollout that cannot move) are left to the checks,
 * which say why.
 */
export function checkScalingSettings(settings: ScalingSettings): ScalingSettings {
  check(Number.isInteger(settings.minReplicas) && settings.minReplicas >= 1, 'scaling.minReplicas', settings.minReplicas, 'must be an integer >= 1');
  check(Number.isInteger(settings.maxReplicas) && settings.maxReplicas >= settings.minReplicas,
    'scaling.maxReplicas', settings.maxReplicas, `must be an integer >= scaling.minReplicas (${settings.minReplicas})`);
  check(settings.cpuTargetPercent > 0, 'scaling.cpuTargetPercent', settings.cpuTargetPercent, 'must be > 0');
  if (settings.memoryTargetPercent !== undefined) {
    check(settings.memoryTargetPercent > 0, 'scaling.memoryTargetPercent', settings.memoryTargetPercent, 'must be > 0');
  }
  for (const field of ['pdbMinAvailable', 'maxSurge', 'maxUnavailable', 'metricLagSeconds', 'podStartSeconds', 'progressDeadlineSeconds'] as const) {
    check(nonNegativeInteger(settings[field]), `scaling.${field}`, settings[field], 'must be an integer >= 0');
  }
  for (const direction of ['scaleUp', 'scaleDown'] as const) {
    const rules = settings.behaviour[direction];
    check(nonNegativeInteger(rules.stabilizationSeconds), `scaling.behaviour.${direction}.stabilizationSeconds`, rules.stabilizationSeconds, 'must be an integer >= 0');
    check(rules.selectPolicy === 'Disabled' || rules.policies.length > 0, `scaling.behaviour.${direction}.policies`, rules.policies,
      'must hold at least one policy unless selectPolicy is Disabled');
    rules.policies.forEach((policy, index) => {
      const field = `scaling.behaviour.${direction}.policies[${index}]`;
      check(Number.isInteger(policy.value) && policy.value > 0, `${field}.value`, policy.value, 'must be an integer > 0');
      check(Number.isInteger(policy.periodSeconds) && policy.periodSeconds > 0, `${field}.periodSeconds`, policy.periodSeconds, 'must be an integer > 0');
    });
  }
  return settings;
}
