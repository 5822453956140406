import type { AlertRegistry } from '../lib/plan/registries';
import { cacheRuleGroups } from './cache-alerts';
import { databaseRuleGroups } from './database-alerts';
import { httpRuleGroups } from './http-alerts';
import { secretRotationRuleGroups } from './secret-rotation-alerts';
import { secretSyncRuleGroups } from './secret-sync-alerts';
import { checkAlertThresholds, DEFAULT_ALERT_THRESHOLDS } from './thresholds';
import { workloadRuleGroups } from './workload-alerts';

/**
 * Every alert concern, in the order its groups appear in a service's PrometheusRule.
 * Adding an alert: write it in `alerts/<concern>-alerts.ts`, list the concern here if
 * it is new, and add its heading to `docs/runbooks/<concern>.md`. `main.ts` hands this
 * registry to the deployment plan; the SLO burn-rate alerts come from the SLO model.
 */
export const ALERTS: AlertRegistry = {
  definitions: [
    { name: 'http', ruleGroups: httpRuleGroups },
    { name: 'database', ruleGroups: databaseRuleGroups },
    { name: 'cache', ruleGroups: cacheRuleGroups },
    { name: 'workload', ruleGroups: workloadRuleGroups },
    { name: 'secrets', ruleGroups: secretSyncRuleGroups },
    { name: 'secret-rotation', ruleGroups: secretRotationRuleGroups },
  ],
  thresholds: DEFAULT_ALERT_THRESHOLDS as unknown as Readonly<Record<string, number | string>>,
  checkThresholds: checkAlertThresholds,
};
