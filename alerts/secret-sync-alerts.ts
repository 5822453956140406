import { eq, matches, regexLiteral } from '../lib/monitoring/promql';
import type { RuleGroup } from '../lib/monitoring/rule-groups';
import { externalSecretsMetrics as eso } from '../lib/secrets/external-secrets-metrics';
import { externalSecretName } from '../lib/secrets/service-secrets';
import type { ResolvedDeployment } from '../lib/plan/resolved-deployment';
import { absentInObjectNamespace, inObjectNamespace } from './alert-context';

/**
 * Alerts when the service's ExternalSecret stops syncing from AWS Secrets Manager
 * (ESO's Ready condition False). None for a service without secrets.
 */
export function secretSyncRuleGroups(deployment: ResolvedDeployment): RuleGroup[] {
  const secrets = deployment.secrets;
  if (!secrets) return [];
  const name = deployment.service.name;
  const { secretSyncNotReadyFor, esoMetricsAbsentFor } = deployment.thresholds;
  const target = secrets.targetSecretName;
  const externalSecrets = [externalSecretName(name)];
  const readyOf = [eq('name', externalSecretName(name)), eq('condition', 'Ready')];
  const notReady = inObjectNamespace(eso.externalSecretCondition, deployment.namespace, [
    matches('name', externalSecrets.map(regexLiteral).join('|')),
    eq('condition', 'Ready'),
    eq('status', 'False'),
  ], '== 1');
  return [{
    name: `${deployment.job}.secrets`,
    rules: [{
      alert: `${deployment.alertPrefix}SecretSyncFailing`,
      expr: notReady,
      for: secretSyncNotReadyFor,
      // Not critical: ESO writes the Secret only on a successful sync, so it keeps its last
      // synced values and running and restarting pods keep working; what breaks is rotation
      // reaching the pods. (deletionPolicy Retain covers the other case: a deleted remote secret.)
      severity: 'warning',
      response: 'warning',
      why: 'Pods keep the last synced values, so nothing breaks until the next rotation: fix it in working hours.',
      signal: 'secrets',
      dashboardPanel: { dashboard: 'workload', panel: 'External Secrets sync' },
      summary: `${name} secrets have not synced from AWS Secrets Manager for ${secretSyncNotReadyFor}`,
      description: 'ExternalSecret {{ $labels.name }} in {{ $labels.namespace }} has not been Ready for at least '
        + `${secretSyncNotReadyFor}: Secret ${target} keeps its last synced values, but rotated values do not reach it.`,
    }, {
      alert: `${deployment.alertPrefix}ExternalSecretMetricsAbsent`,
      // SecretSyncFailing reads ESO's series: without them it can never fire.
      expr: absentInObjectNamespace(eso.externalSecretCondition, deployment.namespace, readyOf),
      for: esoMetricsAbsentFor,
      severity: 'warning',
      response: 'warning',
      why: 'Nothing is broken yet, but a failing sync would go unnoticed: restore ESO or its ServiceMonitor in working hours.',
      signal: 'secrets',
      dashboardPanel: { dashboard: 'workload', panel: 'External Secrets sync' },
      summary: `Prometheus has no External Secrets metrics for ${name}: its secret-sync alert is blind`,
      description: `No externalsecret_status_condition series of ExternalSecret ${externalSecretName(name)} in {{ $labels.namespace }} `
        + `for at least ${esoMetricsAbsentFor}: ESO is down or its ServiceMonitor is missing, so ${deployment.alertPrefix}SecretSyncFailing cannot fire.`,
    }],
  }];
}
