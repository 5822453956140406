import type { AlertRegistry } from '../lib/plan/registries';
import { alertRoutingRuleGroups } from './alert-routing-alerts';
import { cacheRuleGroups } from './cache-alerts';
import { containerRuleGroups } from './container-alerts';
import { databaseRuleGroups } from './database-alerts';
import { edgeRuleGroups } from './edge-alerts';
import { httpRuleGroups } from './http-alerts';
import { secretRotationRuleGroups } from './secret-rotation-alerts';
import { outageRuleGroups } from './outage-alerts';
import { rolloutRuleGroups } from './rollout-alerts';
import { secretSyncRuleGroups } from './secret-sync-alerts';
import { checkAlertThresholds, DEFAULT_ALERT_THRESHOLDS } from './thresholds';
import { workloadRuleGroups } from './workload-alerts';

/**
 * Every alert concern, in the order its groups appear in a service's PrometheusRule.
 * Adding an alert: write it in `alerts/<concern>-alerts.ts`, list the concern here if
 * it is new, and add a heading named as the alert without its service prefix to its
 * `runbook` (docs/runbooks/<runbook>.md): every runbook_url is set from the alert's name. `main.ts` hands this
 * registry to the deployment plan; the SLO burn-rate alerts come from the SLO model.
 * `routing` gives each environment's alert-routing chart its alerts about the pager itself.
 */
export const ALERTS: AlertRegistry = {
  definitions: [
    { name: 'outage', runbook: 'outage', ruleGroups: outageRuleGroups },
    { name: 'http', runbook: 'http', ruleGroups: httpRuleGroups },
    { name: 'database', runbook: 'database', ruleGroups: databaseRuleGroups },
    { name: 'cache', runbook: 'cache', ruleGroups: cacheRuleGroups },
    { name: 'workload', runbook: 'workload', ruleGroups: workloadRuleGroups },
    { name: 'containers', runbook: 'workload', ruleGroups: containerRuleGroups },
    { name: 'rollout', runbook: 'workload', ruleGroups: rolloutRuleGroups },
    { name: 'secrets', runbook: 'secrets', ruleGroups: secretSyncRuleGroups },
    { name: 'secret-rotation', runbook: 'secrets', ruleGroups: secretRotationRuleGroups },
    { name: 'edge', runbook: 'edge', ruleGroups: edgeRuleGroups },
  ],
  routing: alertRoutingRuleGroups,
  thresholds: DEFAULT_ALERT_THRESHOLDS,
  checkThresholds: checkAlertThresholds,
};
