import { kubernetesMetrics as k } from '../lib/monitoring/kubernetes-metrics';
import { eq, seriesSelector } from '../lib/monitoring/promql';
import type { RuleGroup } from '../lib/monitoring/rules';
import { runbookUrl } from '../lib/monitoring/runbooks';
import type { ResolvedDeployment } from '../lib/plan/resolved-deployment';
import { alertThresholds } from './thresholds';

/**
 * The controllers around the service's pods, after kubernetes-mixin's apps alerts: a
 * rollout that stopped, an autoscaler that cannot get the replicas it asked for, a
 * disruption budget that blocks node drains. All carry the service's name.
 */
export function rolloutRuleGroups(deployment: ResolvedDeployment): RuleGroup[] {
  const t = alertThresholds(deployment);
  const name = deployment.service.name;
  const ns = eq('namespace', deployment.namespace);
  const object = (kind: string) => [ns, eq(kind, name)];
  const by = (kind: string, series: string) => `max by (namespace, ${kind}) (${series})`;
  const ofDeployment = (metric: typeof k.deploymentGeneration) => by('deployment', seriesSelector(metric, object('deployment')));
  const ofHpa = (metric: typeof k.hpaDesiredReplicas) => by('horizontalpodautoscaler', seriesSelector(metric, object('horizontalpodautoscaler')));
  const ofPdb = (metric: typeof k.pdbCurrentHealthy) => by('poddisruptionbudget', seriesSelector(metric, object('poddisruptionbudget')));

  return [{
    name: `${deployment.job}.rollout`,
    rules: [
      {
        alert: `${deployment.alertPrefix}RolloutStuck`,
        // Progressing=false is ProgressDeadlineExceeded; a generation the controller has
        // not observed means it is not acting on the change at all.
        expr: [
          `${by('deployment', seriesSelector(k.deploymentCondition, [...object('deployment'), eq('condition', 'Progressing'), eq('status', 'false')]))} == 1`,
          'or',
          `${ofDeployment(k.deploymentGeneration)}\n!=\n${ofDeployment(k.deploymentObservedGeneration)}`,
        ].join('\n'),
        for: t.rolloutStuckFor,
        severity: 'warning',
        response: 'warning',
        why: 'The old ReplicaSet keeps serving while a rollout is stuck: the new version is late, users are not hurt.',
        signal: 'workload',
        dashboardPanel: { dashboard: 'workload', panel: 'Replicas vs HPA min / max' },
        summary: `The ${name} rollout is not progressing`,
        description: `Deployment {{ $labels.deployment }} in {{ $labels.namespace }} has not progressed for at least ${t.rolloutStuckFor}: `
          + 'its deadline passed or the controller has not observed the latest spec.',
        runbookUrl: runbookUrl('workload', 'RolloutStuck'),
      },
      {
        alert: `${deployment.alertPrefix}HpaReplicasMismatch`,
        expr: `${ofHpa(k.hpaDesiredReplicas)}\n!=\n${ofHpa(k.hpaCurrentReplicas)}`,
        for: t.hpaReplicasMismatchFor,
        severity: 'warning',
        response: 'warning',
        why: 'The autoscaler cannot get the replicas it asked for (quota, capacity, scheduling): capacity at risk, not lost.',
        signal: 'workload',
        dashboardPanel: { dashboard: 'workload', panel: 'Replicas vs HPA min / max' },
        summary: `${name} does not run the replica count its autoscaler asks for`,
        description: 'HPA {{ $labels.horizontalpodautoscaler }} in {{ $labels.namespace }} has asked for a different replica count '
          + `than it runs ({{ $value }} desired) for at least ${t.hpaReplicasMismatchFor}.`,
        runbookUrl: runbookUrl('workload', 'HpaReplicasMismatch'),
      },
      {
        alert: `${deployment.alertPrefix}PdbNotEnoughHealthy`,
        expr: `${ofPdb(k.pdbCurrentHealthy)}\n<\n${ofPdb(k.pdbDesiredHealthy)}`,
        for: t.pdbNotEnoughHealthyFor,
        severity: 'warning',
        response: 'warning',
        why: 'Node drains and upgrades are blocked and one more lost pod goes below the floor; the service still answers.',
        signal: 'workload',
        dashboardPanel: { dashboard: 'workload', panel: 'Pods not ready' },
        summary: `${name} has fewer healthy pods than its PodDisruptionBudget requires`,
        description: 'PodDisruptionBudget {{ $labels.poddisruptionbudget }} in {{ $labels.namespace }} has had only {{ $value }} healthy pods, '
          + `fewer than it requires, for at least ${t.pdbNotEnoughHealthyFor}: voluntary evictions (node drains) are blocked.`,
        runbookUrl: runbookUrl('workload', 'PdbNotEnoughHealthy'),
      },
    ],
  }];
}
