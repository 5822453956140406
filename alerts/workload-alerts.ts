import { kubernetesMetrics as k } from '../lib/monitoring/kubernetes-metrics';
import { byCluster, eq, matches, seriesSelector, sumBy, withCluster } from '../lib/monitoring/promql';
import type { RuleGroup } from '../lib/monitoring/rule-groups';
import { serviceScope } from './alert-context';
import type { ResolvedDeployment } from '../lib/plan/resolved-deployment';
import { RATE_WINDOW } from './thresholds';

/**
 * Pods of the service's Deployment: `<name>-<replicaset hash>-<pod suffix>`. Two
 * segments exactly, so a Deployment called `<name>-worker` does not match.
 */
export function podNamePattern(deployment: ResolvedDeployment): string {
  return `${deployment.service.name}-[a-z0-9]+-[a-z0-9]+`;
}

/**
 * What the platform sees of every service, whatever its metrics: autoscaling at its
 * ceiling, pods not ready or crash-looping (kube-state-metrics), and the scrape
 * target down or gone (Prometheus's own `up`).
 */
export function workloadRuleGroups(deployment: ResolvedDeployment): RuleGroup[] {
  const t = deployment.thresholds;
  const ns = eq('namespace', deployment.namespace);
  const hpa = [ns, eq('horizontalpodautoscaler', deployment.service.name)];
  const pods = [ns, matches('pod', podNamePattern(deployment))];
  const byHpa = (series: string) => `max ${byCluster('namespace', 'horizontalpodautoscaler')} (${series})`;
  const name = deployment.service.name;

  return [{
    name: `${deployment.job}.workload`,
    rules: [
      {
        alert: `${deployment.alertPrefix}HpaAtMaxReplicas`,
        expr: `${byHpa(seriesSelector(k.hpaCurrentReplicas, hpa))}\n>=\n${byHpa(seriesSelector(k.hpaMaxReplicas, hpa))}`,
        for: t.hpaAtMaxFor,
        severity: 'warning',
        response: 'warning',
        why: 'Headroom is gone but requests are still served; the SLOs page if users start to feel it.',
        signal: 'workload',
        dashboardPanel: { dashboard: 'workload', panel: 'Replicas vs HPA min / max' },
        summary: `${name} has been running at its maximum replica count for ${t.hpaAtMaxFor}`,
        description: 'HPA {{ $labels.horizontalpodautoscaler }} in {{ $labels.namespace }} has run {{ $value }} replicas, '
          + `its maximum, for at least ${t.hpaAtMaxFor}: it cannot absorb more load.`,
      },
      {
        alert: `${deployment.alertPrefix}PodNotReady`,
        // Unscheduled pods have no Ready condition yet, hence the phase as well.
        expr: [
          `max ${byCluster('namespace', 'pod')} (`,
          `  ${seriesSelector(k.podReady, [...pods, matches('condition', 'false|unknown')])} == 1`,
          '  or',
          `  ${seriesSelector(k.podPhase, [...pods, matches('phase', 'Pending|Unknown|Failed')])} == 1`,
          ')',
        ].join('\n'),
        for: t.podNotReadyFor,
        severity: 'warning',
        response: 'warning',
        why: 'One pod down is capacity lost, not an outage: the others serve; NoReplicaAvailable pages when none is left.',
        signal: 'workload',
        dashboardPanel: { dashboard: 'workload', panel: 'Pods by phase and readiness' },
        summary: `A ${name} pod has not been ready for ${t.podNotReadyFor}`,
        description: `Pod {{ $labels.pod }} in {{ $labels.namespace }} has not been ready for at least ${t.podNotReadyFor}.`,
      },
      {
        alert: `${deployment.alertPrefix}PodCrashLooping`,
        // max_over_time: a crash-looping container flips between waiting and running.
        expr: `max ${byCluster('namespace', 'pod', 'container')} (\n`
          + `  max_over_time(${seriesSelector(k.containerWaitingReason, [...pods, eq('container', name), eq('reason', 'CrashLoopBackOff')])}[${RATE_WINDOW}])\n`
          + ') >= 1',
        for: t.crashLoopingFor,
        severity: 'warning',
        response: 'warning',
        why: 'A crash-looping pod is a cause; when every pod loops, the outage alerts page instead.',
        signal: 'workload',
        dashboardPanel: { dashboard: 'workload', panel: 'Container waiting and last-terminated reasons' },
        summary: `A ${name} container is crash-looping`,
        description: 'Container {{ $labels.container }} of pod {{ $labels.pod }} in {{ $labels.namespace }} '
          + `has been in CrashLoopBackOff for at least ${t.crashLoopingFor}.`,
      },
      {
        alert: `${deployment.alertPrefix}TargetDown`,
        expr: `${sumBy(withCluster(['namespace', 'job', 'pod']), seriesSelector(k.up, serviceScope(deployment)))} == 0`,
        for: t.targetDownFor,
        severity: 'warning',
        response: 'warning',
        why: 'One target down blinds part of the metrics; AllTargetsDown pages when every target is down.',
        signal: 'workload',
        dashboardPanel: { dashboard: 'workload', panel: 'Scrape targets up' },
        summary: `Prometheus cannot scrape a ${name} pod`,
        description: `Scrapes of pod {{ $labels.pod }} ({{ $labels.job }} in {{ $labels.namespace }}) have failed for at least ${t.targetDownFor}.`,
      },
      {
        alert: `${deployment.alertPrefix}MetricsAbsent`,
        expr: `absent(${seriesSelector(k.up, serviceScope(deployment))})`,
        for: t.metricsAbsentFor,
        // Without targets every other alert of the service is blind.
        severity: 'critical',
        response: 'page',
        why: 'No target at all: the service is gone (or unmonitored) and every other alert of it is blind.',
        signal: 'outage',
        dashboardPanel: { dashboard: 'workload', panel: 'Scrape targets up' },
        summary: `Prometheus has no scrape target for ${name}`,
        description: `No target of job {{ $labels.job }} in {{ $labels.namespace }} has been scraped for at least ${t.metricsAbsentFor}: `
          + 'the service is gone or no longer monitored.',
      },
    ],
  }];
}
