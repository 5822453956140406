import type { AlertRule, DashboardPanelRef, RuleGroup } from '../monitoring/rules';
import { runbookUrl } from '../monitoring/runbooks';
import { alertPrefix } from '../plan/resolve-deployment';
import type { ResolvedDeployment } from '../plan/resolved-deployment';
import { type BurnRateAlertTier, type BurnRatePolicy, type SloDefinition, errorBudgetRatio } from './slo-model';
import { SLO_RECORDS, type SliScope, budgetRecordingRules, sliRecordingRules, sloSelector } from './slo-recording-rules';

/** The runbook file, docs/runbooks/slo.md: one section per tier, headed by the tier's name. */
export const SLO_RUNBOOK = 'slo';

/**
 * One alert per tier of the policy. The expression's value is the burn rate over the
 * long window of the first condition that holds: 1 spends the budget exactly over the
 * period, 14.4 spends 2 % of a 30-day budget in an hour.
 */
export function sloAlertRules(slo: SloDefinition, service: string, scope: SliScope, policy: BurnRatePolicy): AlertRule[] {
  return policy.tiers.map((tier) => ({
    alert: `${alertPrefix(service)}${alertPrefix(slo.name)}${tier.name}`,
    expr: burnRateExpr(slo, service, scope, tier),
    for: tier.for,
    severity: tier.severity,
    // Burn rate is user impact measured against the promise: fast burn pages, slow burn tickets.
    response: tier.severity === 'critical' ? 'page' : 'ticket',
    why: tier.severity === 'critical'
      ? `Users are failing now: at this rate the ${slo.period} error budget is gone within days.`
      : `The budget will run out before the ${slo.period} period ends unless someone fixes the cause this week.`,
    signal: slo.indicator.kind,
    dashboardPanel: sloPanel(slo, 'burn rate'),
    summary: `${service}: ${slo.name} error budget burning ${tier.severity === 'critical' ? 'fast' : 'steadily'}`,
    description: [
      `{{ $labels.service }} in {{ $labels.namespace }} spends its {{ $labels.slo }} error budget`,
      `{{ $value | humanize }}x faster than the objective allows (${slo.objectivePercent} % over ${slo.period}: ${slo.description.toLowerCase()}).`,
      `Conditions: ${tier.conditions.map((c) => `burn > ${c.burnRate} over ${c.longWindow} and ${c.shortWindow}`).join(', or ')}.`,
    ].join(' '),
    runbookUrl: runbookUrl(SLO_RUNBOOK, tier.name),
  }));
}

/** A panel of the SLO dashboard (dashboards/slo.ts titles them `<Slo>: <what>`). */
export function sloPanel(slo: SloDefinition, what: string): DashboardPanelRef {
  return { dashboard: 'slo', panel: `${slo.name.charAt(0).toUpperCase()}${slo.name.slice(1)}: ${what}` };
}

function burnRateExpr(slo: SloDefinition, service: string, scope: SliScope, tier: BurnRateAlertTier): string {
  const selector = sloSelector(slo, service, scope);
  const budget = errorBudgetRatio(slo);
  const burnAbove = (window: string, burnRate: number) => `${SLO_RECORDS.errorRatio(window)}${selector} / ${budget} > ${burnRate}`;
  return tier.conditions
    .map((c) => `(${burnAbove(c.longWindow, c.burnRate)} and ${burnAbove(c.shortWindow, c.burnRate)})`)
    .join(' or ');
}

/**
 * The SLO rules of one deployment, in three groups evaluated in this order of
 * dependency: the SLI ratios per window, the budget, the burn-rate alerts. Empty for
 * a service without HTTP request signals, or whose SLOs are all disabled here.
 */
export function sloRuleGroups(deployment: ResolvedDeployment): RuleGroup[] {
  const { slos, burnRatePolicy: policy } = deployment;
  if (slos.length === 0) return [];
  const service = deployment.service.name;
  const scope = { job: deployment.job, namespace: deployment.namespace };
  return [
    { name: `${service}.slo.sli`, rules: slos.flatMap((slo) => sliRecordingRules(slo, service, scope, policy)) },
    { name: `${service}.slo.budget`, rules: slos.flatMap((slo) => budgetRecordingRules(slo, service, scope, policy)) },
    { name: `${service}.slo.alerts`, rules: slos.flatMap((slo) => sloAlertRules(slo, service, scope, policy)) },
  ];
}
