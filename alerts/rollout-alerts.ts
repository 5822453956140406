import { kubernetesMetrics as k } from '../lib/monitoring/kubernetes-metrics';
import { byCluster, eq, seriesSelector } from '../lib/monitoring/promql';
import type { RuleGroup } from '../lib/monitoring/rule-groups';
import type { ResolvedDeployment } from '../lib/plan/resolved-deployment';

/**
 * The controllers around the service's pods, after kubernetes-mixin's apps alerts: a
 * rollout that stopped, replicas asked for that never became available, a disruption
 * budget that blocks node drains. All carry the service's name.
 */
export function rolloutRuleGroups(deployment: ResolvedDeployment): RuleGroup[] {
  const t = deployment.thresholds;
  const name = deployment.service.name;
  const ns = eq('namespace', deployment.namespace);
  const object = (kind: string) => [ns, eq(kind, name)];
  const by = (kind: string, series: string) => `max ${byCluster('namespace', kind)} (${series})`;
  const ofDeployment = (metric: typeof k.deploymentGeneration) => by('deployment', seriesSelector(metric, object('deployment')));
  const ofPdb = (metric: typeof k.pdbDisruptionsAllowed) => by('poddisruptionbudget', seriesSelector(metric, object('poddisruptionbudget')));

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
        dashboardPanel: { dashboard: 'workload', panel: 'Rollout generation and progress deadline' },
        summary: `The ${name} rollout is not progressing`,
        description: `Deployment {{ $labels.deployment }} in {{ $labels.namespace }} has not progressed for at least ${t.rolloutStuckFor}: `
          + 'its deadline passed or the controller has not observed the latest spec.',
      },
      {
        alert: `${deployment.alertPrefix}ReplicasUnavailable`,
        // The Deployment's own count includes replicas that never became pods (quota,
        // admission), which no pod-level alert can see.
        expr: `${ofDeployment(k.deploymentReplicasUnavailable)} > 0`,
        for: t.replicasUnavailableFor,
        severity: 'warning',
        response: 'warning',
        why: 'Replicas the service asked for do not run (no node fits, quota, scheduling): capacity lost, not availability; MostlyUnavailable pages when that changes.',
        signal: 'workload',
        dashboardPanel: { dashboard: 'workload', panel: 'Rollout progress' },
        summary: `${name} runs fewer available replicas than it asks for`,
        description: 'Deployment {{ $labels.deployment }} in {{ $labels.namespace }} has had {{ $value }} replicas unavailable '
          + `for at least ${t.replicasUnavailableFor}: pods pending (no node fits their requests, affinity), or not created (ResourceQuota, admission).`,
      },
      {
        alert: `${deployment.alertPrefix}PdbBlockingDrains`,
        expr: `${ofPdb(k.pdbDisruptionsAllowed)} == 0`,
        for: t.pdbBlockingDrainsFor,
        severity: 'warning',
        response: 'ticket',
        why: 'Every node drain and cluster upgrade stalls on this service while nothing is broken for users: fix it in working hours.',
        signal: 'workload',
        dashboardPanel: { dashboard: 'workload', panel: 'PDB disruptions allowed' },
        summary: `${name}'s PodDisruptionBudget has blocked every eviction for ${t.pdbBlockingDrainsFor}`,
        description: 'PodDisruptionBudget {{ $labels.poddisruptionbudget }} in {{ $labels.namespace }} has allowed no disruption '
          + `for at least ${t.pdbBlockingDrainsFor}: node drains and upgrades wait on it. A pod not ready, or the service at its floor of replicas?`,
      },
    ],
  }];
}
