import { kubernetesMetrics as k } from '../monitoring/kubernetes-metrics';
import { byCluster, eq, onCluster, seriesSelector } from '../monitoring/promql';
import { type AlertRule, type DashboardPanelRef, type RuleGroup, withRunbookLinks } from '../monitoring/rule-groups';
import { alertPrefix } from '../plan/deployment-from-specs';
import type { ResolvedDeployment } from '../plan/resolved-deployment';
import { type BurnRateAlertTier, type BurnRatePolicy, burnRateOf, type SloDefinition, errorBudgetRatio } from './slo-model';
import {
  SLO_RECORDS, type SliScope, budgetRecordingRules, periodBaseWindow, sliEventsExpr, sliPresenceSelector, sliRecordingRules, sloSelector,
} from './slo-recording-rules';

/** The runbook file, docs/runbooks/slo.md: one section per alert kind, headed by its name suffix (`ErrorBudgetFastBurn`). */
export const SLO_RUNBOOK = 'slo';

/**
 * How long the SLI's series may be missing while the service is scraped before the
 * blind-SLO ticket opens. An hour, because labelled counters only appear with their
 * first request: pods that restarted into a quiet hour have none yet.
 */
export const SLI_ABSENT_WINDOW = '1h';
export const SLI_ABSENT_FOR = '10m';
/**
 * The budget remaining is a period-long average that crosses zero slowly; half an hour
 * below it keeps a reload or a value hovering at zero from opening a ticket.
 */
export const ERROR_BUDGET_EXHAUSTED_FOR = '30m';
/** Any SLI sample in this window, one period ago, shows the history reaches back that far. */
export const HISTORY_PROBE_WINDOW = '1h';

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
      `Conditions: ${tier.conditions.map((c) => `burn > ${burnRateOf(c, slo.period)} over ${c.longWindow} and ${c.shortWindow}`).join(', or ')}`
      + `${tier.requiresMinimumRequests ? `, each with at least ${slo.minimumRequests} requests in the long window` : ''}.`,
    ].join(' '),
  }));
}

/**
 * The SLO cannot see: its series are gone while Prometheus still scrapes the service
 * (a renamed counter or label, a dropped bucket), so every burn-rate alert is silent
 * whatever users get. Targets down are the outage alerts' case, so `up` must say 1.
 */
export function sliAbsentAlertRule(slo: SloDefinition, service: string, scope: SliScope): AlertRule {
  const presence = sliPresenceSelector(slo.indicator, scope);
  const by = byCluster('namespace', 'job');
  const scraped = `max ${by} (${seriesSelector(k.up, [eq('namespace', scope.namespace), eq('job', scope.job)])}) == 1`;
  return {
    alert: `${alertPrefix(service)}${alertPrefix(slo.name)}SliMetricAbsent`,
    // Scraped, unless the series arrived in the window, per cluster: absent_over_time()
    // would say "absent from every cluster" in a global ruler, and carry no `cluster`.
    expr: `${scraped}\nunless ${onCluster('namespace', 'job')}\ngroup ${by} (present_over_time(${presence}[${SLI_ABSENT_WINDOW}]))`,
    for: SLI_ABSENT_FOR,
    severity: 'warning',
    // Nobody is hurt by the blindness itself, but a real burn would go unseen until it is fixed.
    response: 'ticket',
    why: `The ${slo.name} SLO is blind, so its burn-rate alerts cannot fire: users are not hurt by that yet, but fix it this week.`,
    signal: slo.indicator.kind,
    labels: { slo: slo.name },
    // Where the raw series the SLI reads are graphed: the SLO panels read only the recorded ones, which stop with it.
    dashboardPanel: slo.indicator.kind === 'latency'
      ? { dashboard: 'api', panel: 'Latency p50 / p95 / p99' }
      : { dashboard: 'api', panel: ['Request rate by route', 'Request rate'] },
    summary: `${service}: the ${slo.name} SLO reads no metric`,
    description: `Prometheus scrapes {{ $labels.job }} in {{ $labels.namespace }}, but no sample of ${presenceInWords(slo)} arrived for ${SLI_ABSENT_WINDOW}: `
      + `the ${slo.name} SLI reads nothing, so its error budget alerts are blind. A renamed metric or label, or a changed histogram bucket?`,
  };
}

/** What sliPresenceSelector selects, in words: no quotes, so the annotation reads as a sentence and quotes as cdk8s would quote it. */
function presenceInWords(slo: SloDefinition): string {
  const { indicator } = slo;
  if (indicator.kind === 'latency') return `${indicator.duration.name}_bucket at le ${indicator.thresholdSeconds}`;
  return 'statusLabel' in indicator.failures
    ? `${indicator.requests.name} with a ${indicator.failures.statusLabel} label`
    : indicator.requests.name;
}

/**
 * The objective is already missed over the period: no incident to page for, but work to
 * plan. Judged only once Prometheus holds the SLI from a whole period ago: after a fresh
 * deploy or a Prometheus that lost its data, the "period" is the few minutes it has, and
 * one bad minute would read as the budget spent.
 */
export function budgetExhaustedAlertRule(slo: SloDefinition, service: string, scope: SliScope, policy: BurnRatePolicy): AlertRule {
  const selector = sloSelector(slo, service, scope);
  const heldFromPeriodStart = `present_over_time(${SLO_RECORDS.errorRatio(periodBaseWindow(policy))}${selector}[${HISTORY_PROBE_WINDOW}] offset ${slo.period})`;
  return {
    alert: `${alertPrefix(service)}${alertPrefix(slo.name)}ErrorBudgetExhausted`,
    expr: `${SLO_RECORDS.errorBudgetRemaining}${selector} < 0\nand\n${heldFromPeriodStart}`,
    for: ERROR_BUDGET_EXHAUSTED_FOR,
    severity: 'warning',
    response: 'ticket',
    why: `The ${slo.period} objective is missed already: nothing to wake anyone for, but reliability work goes before risky releases until the budget recovers.`,
    signal: slo.indicator.kind,
    dashboardPanel: sloPanel(slo, 'error budget remaining'),
    summary: `${service}: ${slo.name} error budget exhausted`,
    description: `{{ $labels.service }} in {{ $labels.namespace }} has {{ $value | humanizePercentage }} of its {{ $labels.slo }} error budget `
      + `left over the last ${slo.period} (${slo.objectivePercent} %: ${slo.description.toLowerCase()}): the objective is missed.`,
  };
}

/** A panel of the SLO dashboard (dashboards/slo.ts titles them `<Slo>: <what>`). */
export function sloPanel(slo: SloDefinition, what: string): DashboardPanelRef {
  return { dashboard: 'slo', panel: `${slo.name.charAt(0).toUpperCase()}${slo.name.slice(1)}: ${what}` };
}

/** Each condition: burn above its rate over both windows, and, where the tier asks, enough requests in the long window. */
function burnRateExpr(slo: SloDefinition, service: string, scope: SliScope, tier: BurnRateAlertTier): string {
  const selector = sloSelector(slo, service, scope);
  const budget = errorBudgetRatio(slo);
  const burnAbove = (window: string, burnRate: number) => `${SLO_RECORDS.errorRatio(window)}${selector} / ${budget} > ${burnRate}`;
  // The request count carries only `cluster`: it joins each cluster's burn rate to its own traffic.
  const enoughRequests = (window: string) => ` and ${onCluster()} ${sliEventsExpr(slo.indicator, scope, window)} >= ${slo.minimumRequests}`;
  return tier.conditions
    .map((c) => ({ ...c, burnRate: burnRateOf(c, slo.period) }))
    .map((c) => `(${burnAbove(c.longWindow, c.burnRate)} and ${burnAbove(c.shortWindow, c.burnRate)}`
      + `${tier.requiresMinimumRequests ? enoughRequests(c.longWindow) : ''})`)
    .join(' or ');
}

/**
 * The SLO rules of one deployment, in three groups evaluated in this order of
 * dependency: the SLI ratios per window, the budget, the alerts (burn rates, then the
 * blind SLI, then the exhausted budget, per SLO). Empty for a service without HTTP
 * request signals, or whose SLOs are all disabled here.
 */
export function sloRuleGroups(deployment: ResolvedDeployment): RuleGroup[] {
  const { slos, burnRatePolicy: policy } = deployment;
  if (slos.length === 0) return [];
  const service = deployment.service.name;
  const scope = { job: deployment.job, namespace: deployment.namespace };
  // Runbook headings are the alert names without the service's and the SLO's prefix.
  return withRunbookLinks([
    { name: `${service}.slo.sli`, rules: slos.flatMap((slo) => sliRecordingRules(slo, service, scope, policy)) },
    { name: `${service}.slo.budget`, rules: slos.flatMap((slo) => budgetRecordingRules(slo, service, scope, policy)) },
    {
      name: `${service}.slo.alerts`,
      rules: slos.flatMap((slo) => [
        ...sloAlertRules(slo, service, scope, policy),
        sliAbsentAlertRule(slo, service, scope),
        budgetExhaustedAlertRule(slo, service, scope, policy),
      ]),
    },
  ], SLO_RUNBOOK, slos.map((slo) => `${alertPrefix(service)}${alertPrefix(slo.name)}`));
}
