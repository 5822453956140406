import { BurnRatePolicy, SRE_WORKBOOK_BURN_RATE_POLICY } from './burn-rate-policy';
import { budgetRecordingRules, sliRecordingRules } from './slo-recording-rules';
import { sloAlertRules } from './slo-alerts';
import { serviceSlos } from './service-slos';
import { checkBurnRatePolicy } from './slo-validation';
import type { RuleGroup } from '../monitoring/rules';
import type { EnvironmentSpec } from '../specs/environment-spec';
import type { ServiceSpec } from '../specs/service-spec';

/**
 * The SLO rules of one service in one environment, in three groups evaluated in this
 * order of dependency: the SLI ratios per window, the budget, the burn-rate alerts.
 * Empty for a service without HTTP request signals.
 */
export function sloRuleGroups(
  service: ServiceSpec,
  environment: EnvironmentSpec,
  policy: BurnRatePolicy = SRE_WORKBOOK_BURN_RATE_POLICY,
): RuleGroup[] {
  checkBurnRatePolicy('burnRatePolicy', policy);
  const slos = serviceSlos(service, environment, policy);
  if (slos.length === 0) return [];
  // The ServiceMonitor names the `job` label after the service.
  const scope = { job: service.name, namespace: environment.namespace };
  return [
    { name: `${service.name}.slo.sli`, rules: slos.flatMap((slo) => sliRecordingRules(slo, service.name, scope, policy)) },
    { name: `${service.name}.slo.budget`, rules: slos.flatMap((slo) => budgetRecordingRules(slo, service.name, scope, policy)) },
    { name: `${service.name}.slo.alerts`, rules: slos.flatMap((slo) => sloAlertRules(slo, service.name, scope, policy)) },
  ];
}
