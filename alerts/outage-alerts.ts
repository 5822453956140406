import { kubernetesMetrics as k } from '../lib/monitoring/kubernetes-metrics';
import { byCluster, eq, onCluster, seriesSelector, sumBy, withCluster } from '../lib/monitoring/promql';
import type { RuleGroup } from '../lib/monitoring/rule-groups';
import type { ResolvedDeployment } from '../lib/plan/resolved-deployment';
import { serviceScope } from './alert-context';

/** Step of the availability subquery: the rule evaluation interval, so every evaluation counts once. */
const SUBQUERY_STEP = '30s';

/**
 * Users are hurting whatever the cause: the service has no replica to serve with, or
 * Prometheus cannot scrape any of its pods. Read from kube-state-metrics and `up`,
 * never from the app's own metrics, which vanish in exactly these cases (a crash loop,
 * an image that cannot be pulled, a Deployment scaled to zero, a lost node).
 * `signal="outage"` makes Alertmanager mute the service's other alerts meanwhile.
 */
export function outageRuleGroups(deployment: ResolvedDeployment): RuleGroup[] {
  const { outageFor, mostlyUnavailableWindow: window, mostlyUnavailableShareMax: shareMax, mostlyUnavailableFor } = deployment.thresholds;
  const name = deployment.service.name;
  const ofDeployment = [eq('namespace', deployment.namespace), eq('deployment', name)];
  const byDeployment = (series: string) => `max ${byCluster('namespace', 'deployment')} (${series})`;
  const why = 'Users get no answer at all, and no app metric (hence no SLO alert) can say so.';

  return [{
    name: `${deployment.job}.outage`,
    rules: [
      {
        alert: `${deployment.alertPrefix}NoReplicaAvailable`,
        // The spec series exists while the Deployment does; `unless` keeps it when no
        // replica is available, including when the available series is gone.
        expr: [
          byDeployment(seriesSelector(k.deploymentSpecReplicas, ofDeployment)),
          `unless ${onCluster('namespace', 'deployment')}`,
          `${byDeployment(seriesSelector(k.deploymentReplicasAvailable, ofDeployment))} > 0`,
        ].join('\n'),
        for: outageFor,
        severity: 'critical',
        response: 'page',
        why,
        signal: 'outage',
        dashboardPanel: { dashboard: 'workload', panel: 'Rollout progress' },
        summary: `${name} has no available replica`,
        description: 'Deployment {{ $labels.deployment }} in {{ $labels.namespace }} asks for {{ $value }} replicas '
          + `and has had none available for at least ${outageFor}: every request fails.`,
      },
      {
        alert: `${deployment.alertPrefix}MostlyUnavailable`,
        // 1 while no replica is available, averaged over the window: readiness flapping or
        // pods cycling never hold NoReplicaAvailable's condition for its whole `for`.
        expr: `avg_over_time((${byDeployment(seriesSelector(k.deploymentReplicasAvailable, ofDeployment))} == bool 0)[${window}:${SUBQUERY_STEP}])\n> ${shareMax}`,
        for: mostlyUnavailableFor,
        severity: 'critical',
        response: 'page',
        why: 'Users are refused most of the time while the service flaps between up and down; the SLIs, measured inside the app, never see the refused requests.',
        signal: 'outage',
        dashboardPanel: { dashboard: 'workload', panel: 'Rollout progress' },
        summary: `${name} has had no available replica most of the last ${window}`,
        description: `Deployment {{ $labels.deployment }} in {{ $labels.namespace }} had no replica available {{ $value | humanizePercentage }} of the last ${window} `
          + '(readiness flapping, pods crashing and restarting): most requests are refused.',
      },
      {
        alert: `${deployment.alertPrefix}AllTargetsDown`,
        expr: `${sumBy(withCluster(['namespace', 'job']), seriesSelector(k.up, serviceScope(deployment)))} == 0`,
        for: outageFor,
        severity: 'critical',
        response: 'page',
        why,
        signal: 'outage',
        dashboardPanel: { dashboard: 'workload', panel: 'Scrape targets up' },
        summary: `Prometheus cannot scrape any ${name} pod`,
        description: `Every scrape of {{ $labels.job }} in {{ $labels.namespace }} has failed for at least ${outageFor}: `
          + 'the pods do not answer, and the service\'s own alerts are blind.',
      },
    ],
  }];
}
