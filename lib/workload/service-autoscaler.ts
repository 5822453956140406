import { Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { type AutoscalingProps, overDefaults } from '../specs/shapes';
import { check } from '../validation/errors';
import { DEFAULT_MIN_AVAILABLE } from './disruption-budget';


/** Replica bounds and utilization targets from the platform's operations documents. */
export const DEFAULT_AUTOSCALING: Required<AutoscalingProps> = {
  minReplicas: 2,
  maxReplicas: 10,
  cpuUtilization: 70,
  memoryUtilization: 80,
};

/**
 * Scaling behaviour from the operations documents: scale up at once (double, or +2
 * pods, every 30 s, whichever is more) and scale down slowly (at most half every 60 s,
 * after 5 minutes of calm) to ride out bursts.
 */
export const SCALING_BEHAVIOUR = {
  scaleUp: { stabilizationSeconds: 0, doublePercent: 100, extraPods: 2, periodSeconds: 30 },
  scaleDown: { stabilizationSeconds: 300, halvePercent: 50, periodSeconds: 60 },
} as const;

/**
 * The most replicas a service may scale to: twenty times the platform's largest
 * (10), and low enough that the scaling review's simulation of it stays within a
 * second. A typo such as 100000 is refused when the specs are resolved, not simulated.
 */
export const MAX_REPLICAS_CEILING = 200;

export interface ServiceAutoscalerProps {
  /** Bounds and targets, resolved (resolveAutoscaling). */
  readonly settings: Required<AutoscalingProps>;
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly target: kplus.IScalable;
}

/** autoscaling/v2 HorizontalPodAutoscaler on CPU and memory utilization. */
export class ServiceAutoscaler extends Construct {
  public readonly minReplicas: number;
  public readonly maxReplicas: number;
  public readonly hpa: kplus.HorizontalPodAutoscaler;

  constructor(scope: Construct, id: string, props: ServiceAutoscalerProps) {
    super(scope, id);
    const { settings } = props;
    this.minReplicas = settings.minReplicas;
    this.maxReplicas = settings.maxReplicas;

    const { scaleUp: up, scaleDown: down } = SCALING_BEHAVIOUR;
    this.hpa = new kplus.HorizontalPodAutoscaler(this, 'Hpa', {
      metadata: { name: props.name, labels: props.labels },
      target: props.target,
      minReplicas: settings.minReplicas,
      maxReplicas: settings.maxReplicas,
      metrics: [
        kplus.Metric.resourceCpu(kplus.MetricTarget.averageUtilization(settings.cpuUtilization)),
        kplus.Metric.resourceMemory(kplus.MetricTarget.averageUtilization(settings.memoryUtilization)),
      ],
      scaleUp: {
        stabilizationWindow: Duration.seconds(up.stabilizationSeconds),
        strategy: kplus.ScalingStrategy.MAX_CHANGE,
        policies: [
          { replicas: kplus.Replicas.percent(up.doublePercent), duration: Duration.seconds(up.periodSeconds) },
          { replicas: kplus.Replicas.absolute(up.extraPods), duration: Duration.seconds(up.periodSeconds) },
        ],
      },
      scaleDown: {
        stabilizationWindow: Duration.seconds(down.stabilizationSeconds),
        strategy: kplus.ScalingStrategy.MAX_CHANGE,
        policies: [{ replicas: kplus.Replicas.percent(down.halvePercent), duration: Duration.seconds(down.periodSeconds) }],
      },
    });
  }
}

/** Applies the defaults and checks the bounds: `minReplicas` leaves the PodDisruptionBudget an eviction, `maxReplicas` stays under MAX_REPLICAS_CEILING. */
export function resolveAutoscaling(props: AutoscalingProps): Required<AutoscalingProps> {
  const settings = overDefaults<Required<AutoscalingProps>>(DEFAULT_AUTOSCALING, props);
  check(Number.isInteger(settings.minReplicas) && settings.minReplicas >= 1,
    'autoscaling.minReplicas', settings.minReplicas, 'must be an integer >= 1');
  check(settings.minReplicas > DEFAULT_MIN_AVAILABLE, 'autoscaling.minReplicas', settings.minReplicas,
    `must be > ${DEFAULT_MIN_AVAILABLE}, the PodDisruptionBudget's minAvailable, or the budget blocks every eviction at the minimum replica count`);
  check(Number.isInteger(settings.maxReplicas), 'autoscaling.maxReplicas', settings.maxReplicas, 'must be an integer');
  check(settings.maxReplicas <= MAX_REPLICAS_CEILING, 'autoscaling.maxReplicas', settings.maxReplicas,
    `must be at most ${MAX_REPLICAS_CEILING} (MAX_REPLICAS_CEILING): no service of the platform comes near it`);
  check(settings.maxReplicas >= settings.minReplicas,
    'autoscaling.minReplicas', settings.minReplicas, `must be <= autoscaling.maxReplicas (${settings.maxReplicas})`);
  for (const field of ['cpuUtilization', 'memoryUtilization'] as const) {
    const value = settings[field];
    check(Number.isInteger(value) && value >= 1 && value <= 100, `autoscaling.${field}`, value, 'must be an integer percentage in 1–100');
  }
  return settings;
}
