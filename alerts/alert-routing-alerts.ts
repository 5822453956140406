import {
  ALERT_ROUTING_ALERT_PREFIX, ALERT_ROUTING_NAME, HEARTBEAT_SIGNAL, RECEIVER_CREDENTIALS_SECRET,
} from '../lib/monitoring/alert-routing';
import { NAMESPACE_PANELS } from '../lib/grafana/namespace-dashboard';
import { eq } from '../lib/monitoring/promql';
import type { RuleGroup } from '../lib/monitoring/rule-groups';
import type { ResolvedEnvironment } from '../lib/plan/resolved-deployment';
import { externalSecretsMetrics as eso } from '../lib/secrets/external-secrets-metrics';
import { inObjectNamespace } from './alert-context';
import { DEFAULT_ALERT_THRESHOLDS } from './thresholds';

/**
 * Alerts about the alerting path itself, one set per environment, in the PrometheusRule
 * of its alert-routing chart: a heartbeat that always fires (the routing sends it to a
 * dead man's switch, which pages when it stops arriving) and the sync of the receiver
 * credentials. Both carry the environment's `namespace`: the operator adds a namespace
 * matcher to the AlertmanagerConfig, so an alert without it would never reach the routing.
 */
export function alertRoutingRuleGroups(environment: ResolvedEnvironment): RuleGroup[] {
  const { secretSyncNotReadyFor } = DEFAULT_ALERT_THRESHOLDS;
  return [{
    name: `${ALERT_ROUTING_NAME}.pager`,
    rules: [{
      alert: `${ALERT_ROUTING_ALERT_PREFIX}Heartbeat`,
      expr: 'vector(1)',
      // The shortest `for` the conventions allow: the heartbeat starts a minute after Prometheus loads the rule.
      for: '1m',
      severity: 'info',
      response: 'warning',
      why: 'Never read by people: it goes only to the dead man\'s switch, which pages when it stops arriving.',
      signal: HEARTBEAT_SIGNAL,
      // vector(1) reads no series; the namespace view's routing panel is the alerting path's one graphed signal.
      dashboardPanel: NAMESPACE_PANELS.routingSecret,
      // Written out: `vector(1)` has no labels, so `{{ $labels.namespace }}` would render empty.
      labels: { namespace: environment.namespace },
      summary: `Alerting in ${environment.name} works: Prometheus evaluates rules and Alertmanager routes them`,
      description: 'Always firing. The alert-routing AlertmanagerConfig sends it every few minutes to the dead man\'s switch; '
        + `when the pings stop, the switch pages: Prometheus, Alertmanager or the routing of ${environment.namespace} is broken.`,
    }, {
      alert: `${ALERT_ROUTING_ALERT_PREFIX}SecretSyncFailing`,
      expr: inObjectNamespace(eso.externalSecretCondition, environment.namespace, [
        eq('name', ALERT_ROUTING_NAME),
        eq('condition', 'Ready'),
        eq('status', 'False'),
      ], '== 1'),
      for: secretSyncNotReadyFor,
      // Not critical: ESO keeps the Secret it last wrote (it owns it and rewrites it only on
      // a successful sync), so the AlertmanagerConfig keeps its credentials and alerts keep
      // flowing, the heartbeat included; what breaks is a rotated key or webhook reaching it.
      severity: 'warning',
      response: 'warning',
      why: 'The receivers keep their last synced credentials, so alerts still arrive: fix the sync in working hours.',
      signal: 'secrets',
      dashboardPanel: NAMESPACE_PANELS.routingSecret,
      summary: `Alert receiver credentials of ${environment.name} have not synced from AWS Secrets Manager for ${secretSyncNotReadyFor}`,
      description: `ExternalSecret {{ $labels.name }} in {{ $labels.namespace }} has not been Ready for at least ${secretSyncNotReadyFor}: `
        + `Secret ${RECEIVER_CREDENTIALS_SECRET} keeps its last values, so routing works, but a rotated PagerDuty key, `
        + 'Slack webhook or heartbeat URL does not reach Alertmanager.',
    }],
  }];
}
