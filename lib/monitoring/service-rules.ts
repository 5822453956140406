import { alertContext } from '../../alerts/alert-context';
import { cacheRuleGroups } from '../../alerts/cache-alerts';
import { databaseRuleGroups } from '../../alerts/database-alerts';
import { httpRuleGroups } from '../../alerts/http-alerts';
import { secretSyncRuleGroups } from '../../alerts/secret-sync-alerts';
import { workloadRuleGroups } from '../../alerts/workload-alerts';
import { sloRuleGroups } from '../slo/slo-rule-groups';
import type { EnvironmentSpec } from '../specs/environment-spec';
import type { ServiceSpec } from '../specs/service-spec';
import type { RuleGroup } from './rules';

/**
 * Every rule group of one service in one environment. Each building block returns
 * nothing for signals the service does not export; add a concern with one line here.
 */
export function serviceRuleGroups(service: ServiceSpec, environment: EnvironmentSpec): RuleGroup[] {
  const context = alertContext(service, environment.namespace);
  return [
    ...httpRuleGroups(context),
    ...databaseRuleGroups(context),
    ...cacheRuleGroups(context),
    ...workloadRuleGroups(context),
    ...secretSyncRuleGroups(context),
    ...sloRuleGroups(service, environment),
  ];
}
