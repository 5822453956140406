import type { AlertRegistry } from '../plan/registries';
import type { ResolvedDeployment } from '../plan/resolved-deployment';
import { sloRuleGroups } from '../slo/slo-alert-rules';
import type { RuleGroup } from './rules';

/**
 * Every rule group of one deployment: each registered alert concern's (none for
 * signals the service does not export), then its SLOs'.
 */
export function serviceRuleGroups(deployment: ResolvedDeployment, alerts: AlertRegistry): RuleGroup[] {
  return [
    ...alerts.definitions.flatMap((definition) => definition.ruleGroups(deployment)),
    ...sloRuleGroups(deployment),
  ];
}
