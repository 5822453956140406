import { kubernetesMetrics as k } from '../lib/monitoring/kubernetes-metrics';
import { eq, seriesSelector, sumBy } from '../lib/monitoring/promql';
import type { RuleGroup } from '../lib/monitoring/rules';
import { runbookUrl } from '../lib/monitoring/runbooks';
import type { ResolvedDeployment } from '../lib/plan/resolved-deployment';
import { serviceScope } from './alert-context';
import { alertThresholds } from './thresholds';

/**
 * Users are hurting whatever the cause: the service has no replica to serve with, or
 * Prometheus cannot scrape any of its pods. Read from kube-state-metrics and `up`,
 * never from the app's own metrics, which vanish in exactly these cases (a crash loop,
 * an image that cannot be pulled, a Deployment scaled to zero, a lost node).
 * `signal="outage"` makes Alertmanager mute the service's other alerts meanwhile.
 */
export function outageRuleGroups(deployment: ResolvedDeployment): RuleGroup[] {
  const { outageFor } = alertThresholds(deployment);
  const name = deployment.service.name;
  const ofDeployment = [eq('namespace', deployment.namespace), eq('deployment', name)];
  const byDeployment = (series: string) => `max by (namespace, deployment) (${series})`;
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
          'unless on (namespace, deployment)',
          `${byDeployment(seriesSelector(k.deploymentReplicasAvailable, ofDeployment))} > 0`,
        ].join('\n'),
        for: outageFor,
        severity: 'critical',
        response: 'page',
        why,
        signal: 'outage',
        dashboardPanel: { dashboard: 'workload', panel: 'Replicas vs HPA min / max' },
        summary: `${name} has no available replica`,
        description: 'Deployment {{ $labels.deployment }} in {{ $labels.namespace }} asks for {{ $value }} replicas '
          + `and has had none available for at least ${outageFor}: every request fails.`,
        runbookUrl: runbookUrl('outage', 'NoReplicaAvailable'),
      },
      {
        alert: `${deployment.alertPrefix}AllTargetsDown`,
        expr: `${sumBy(['namespace', 'job'], seriesSelector(k.up, serviceScope(deployment)))} == 0`,
        for: outageFor,
        severity: 'critical',
        response: 'page',
        why,
        signal: 'outage',
        dashboardPanel: { dashboard: 'workload', panel: 'Pods not ready' },
        summary: `Prometheus cannot scrape any ${name} pod`,
        description: `Every scrape of {{ $labels.job }} in {{ $labels.namespace }} has failed for at least ${outageFor}: `
          + 'the pods do not answer, and the service\'s own alerts are blind.',
        runbookUrl: runbookUrl('outage', 'AllTargetsDown'),
      },
    ],
  }];
}
