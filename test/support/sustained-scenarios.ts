import type { AlertThresholds } from '../../lib/specs/alert-thresholds';
import type { ResolvedDeployment } from '../../lib/plan/resolved-deployment';
import { AlertScenario, inOtherNamespace, minutes } from './alert-scenarios';
import type { InputSeries } from './rule-tests';

/** Thresholds that are a `for` duration. */
export type DurationThreshold = {
  [K in keyof AlertThresholds]: AlertThresholds[K] extends string ? K : never
}[keyof AlertThresholds];

/** kube-state-metrics' own target labels; `namespace` is the object's, as with honorLabels. */
export function ksm(context: ResolvedDeployment, labels: Record<string, string>): Record<string, string> {
  return { job: 'kube-state-metrics', instance: '10.0.3.5:8080', namespace: context.namespace, ...labels };
}

/** cAdvisor's target labels as the kubelet ServiceMonitor of kube-prometheus-stack sets them. */
export function cadvisor(context: ResolvedDeployment, labels: Record<string, string>): Record<string, string> {
  return { job: 'kubelet', metrics_path: '/metrics/cadvisor', instance: '10.0.1.23:10250', namespace: context.namespace, ...labels };
}

export interface Sustained {
  readonly alert: string;
  readonly title: string;
  /** The `for` it must last. */
  readonly threshold: DurationThreshold;
  /** Each condition, held from the start, must fire with these labels. */
  readonly conditions: readonly { inputs: InputSeries[]; labels: Record<string, string>; value: number }[];
  /** Inputs that must never fire. */
  readonly healthy: readonly InputSeries[][];
  /** Whether the same inputs in another namespace must stay quiet (not so for absence). @default true */
  readonly scoped?: boolean;
  /** Minutes the condition needs before its `for` starts counting (a rate window). @default 0 */
  readonly warmUpMinutes?: number;
}

/**
 * A condition held from the start fires once it has lasted `for` (checked 2 minutes
 * later) and is only pending 1 minute before. Doubling `for` must break the firing case.
 */
export function sustained(context: ResolvedDeployment, scenario: Sustained): AlertScenario {
  const held = minutes(context.thresholds[scenario.threshold]);
  const warmUp = scenario.warmUpMinutes ?? 0;
  const evalTime = `${warmUp + held + 2}m`;
  return {
    alert: scenario.alert,
    title: scenario.title,
    firing: scenario.conditions.map((condition) => ({ ...condition, evalTime })),
    quiet: [
      ...scenario.healthy.map((inputs) => ({ inputs, evalTime })),
      ...scenario.conditions.map((condition) => ({ inputs: condition.inputs, evalTime: `${held - 1}m` })),
      ...(scenario.scoped === false ? [] : scenario.conditions.map((condition) => ({
        inputs: inOtherNamespace(condition.inputs, context.namespace), evalTime,
      }))),
    ],
    brokenThreshold: { [scenario.threshold]: `${(warmUp + held) * 2 + 2}m` } as Partial<AlertThresholds>,
  };
}
