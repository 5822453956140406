import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';

/** PDB floor from the platform's operations documents. */
export const DEFAULT_MIN_AVAILABLE = 1;

export interface DisruptionBudgetProps {
  readonly name: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly podSelector: Readonly<Record<string, string>>;
  /** Pods that must stay up during voluntary disruptions (drains, upgrades); below the autoscaler's minReplicas (resolveAutoscaling checks). */
  readonly minAvailable: number;
}

/**
 * policy/v1 PodDisruptionBudget. cdk8s-plus has no high-level PDB, hence the `k8s`
 * construct. Unhealthy pods may always be evicted, so a crash-looping pod cannot
 * block a node drain.
 */
export class DisruptionBudget extends Construct {
  public readonly minAvailable: number;

  constructor(scope: Construct, id: string, props: DisruptionBudgetProps) {
    super(scope, id);
    this.minAvailable = props.minAvailable;

    new k8s.KubePodDisruptionBudget(this, 'Resource', {
      metadata: { name: props.name, labels: { ...props.labels } },
      spec: {
        minAvailable: k8s.IntOrString.fromNumber(this.minAvailable),
        selector: { matchLabels: { ...props.podSelector } },
        unhealthyPodEvictionPolicy: 'AlwaysAllow',
      },
    });
  }
}
