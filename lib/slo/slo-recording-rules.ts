import { MetricCatalog, MetricDefinition, defineMetricCatalog, histogramSeries } from '../monitoring/metric-catalog';
import { durationSeconds } from '../monitoring/prometheus-duration';
import { bucketBound, CLUSTER_LABEL, eq, increase, labelSelector, matches, SERVER_ERROR_STATUS_PATTERN, seriesSelector, sumBy, sumRate } from '../monitoring/promql';
import type { RecordingRule } from '../monitoring/rule-groups';
import { BurnRatePolicy, SRE_WORKBOOK_BURN_RATE_POLICY, type ServiceLevelIndicator, SloDefinition, errorBudgetRatio, objectiveRatio } from './slo-model';

/** The series of one service in one environment: the ServiceMonitor's `job` and the namespace. */
export interface SliScope {
  readonly job: string;
  readonly namespace: string;
}

/**
 * PromQL for the share of bad events over a window, e.g. `5m`, per cluster (SLOs are per
 * cluster; docs/runbooks/slo.md reads a global one). A window without any request gives no
 * sample at all (rather than 0/0 = NaN), so it neither alerts nor counts as spent budget;
 * a window with requests but no failure series yet gives 0.
 */
export function sliErrorRatioExpr(indicator: ServiceLevelIndicator, scope: SliScope, window: string): string {
  if (indicator.kind === 'latency') {
    const series = histogramSeries(indicator.duration);
    const fast = rate(series.bucket, scope, window, bucketBound(indicator.thresholdSeconds));
    return `1 - ${fast} / (${rate(series.count, scope, window)} > 0)`;
  }
  const { failures, requests } = indicator;
  const failed = 'statusLabel' in failures
    ? rate(requests.name, scope, window, matches(failures.statusLabel, SERVER_ERROR_STATUS_PATTERN))
    : rate(failures.errors.name, scope, window);
  // Failure series appear with the first failure (labelled counters start absent): 0 per
  // cluster that has requests, not one `vector(0)`, which has no `cluster` and would
  // leave a failure-free cluster without a ratio wherever another cluster has failures.
  const requested = rate(requests.name, scope, window);
  return `(${failed} or 0 * ${requested}) / (${requested} > 0)`;
}

function rate(series: string, scope: SliScope, window: string, extraMatcher?: string): string {
  return sumRate([CLUSTER_LABEL], scopedSelector(series, scope, extraMatcher), window);
}

function scopedSelector(series: string, scope: SliScope, extraMatcher?: string): string {
  return seriesSelector(series, [eq('job', scope.job), eq('namespace', scope.namespace), ...(extraMatcher ? [extraMatcher] : [])]);
}

/** PromQL for how many events (requests) the SLI counted over a window: the denominator of its ratio. */
export function sliEventsExpr(indicator: ServiceLevelIndicator, scope: SliScope, window: string): string {
  const total = indicator.kind === 'latency' ? histogramSeries(indicator.duration).count : indicator.requests.name;
  return sumBy([CLUSTER_LABEL], increase(scopedSelector(total, scope), window));
}

/**
 * A selector of the series without which the SLI reads nothing, or reads 0 errors for
 * good: the requests counter, with its status label when failures are read from it;
 * the latency threshold's bucket. A renamed metric or label, or a bucket dropped from
 * the histogram, empties it. An errors counter is not among them: it is rightly absent
 * until the first failure.
 */
export function sliPresenceSelector(indicator: ServiceLevelIndicator, scope: SliScope): string {
  if (indicator.kind === 'latency') return scopedSelector(histogramSeries(indicator.duration).bucket, scope, bucketBound(indicator.thresholdSeconds));
  const { failures, requests } = indicator;
  return scopedSelector(requests.name, scope, 'statusLabel' in failures ? matches(failures.statusLabel, '.+') : undefined);
}

/** Names of the series the SLO rules record; alerts and the SLO dashboard read them. */
export const SLO_RECORDS = {
  /** Share of bad events over a window, e.g. `slo:sli_error:ratio_rate5m`. */
  errorRatio: (window: string) => `slo:sli_error:ratio_rate${window}`,
  /** Share of bad events over the SLO period (average of the 5-minute ratios). */
  periodErrorRatio: 'slo:sli_error:ratio_period',
  /** The objective as a ratio, e.g. 0.999. */
  objective: 'slo:objective:ratio',
  /** The error budget as a ratio, 1 - objective, e.g. 0.001. */
  errorBudget: 'slo:error_budget:ratio',
  /** Share of the period's error budget not yet spent: 1 untouched, 0 spent, negative overspent. */
  errorBudgetRemaining: 'slo:error_budget_remaining:ratio',
} as const;

/**
 * The series the SLO rules record, as a metric catalog (all gauges of ratios), so
 * dashboards and their lint refer to them like to any exported metric.
 */
export function sloRecordedMetrics(policy: BurnRatePolicy = SRE_WORKBOOK_BURN_RATE_POLICY): MetricCatalog {
  const gauge = (name: string, help: string): MetricDefinition => ({ name, type: 'gauge', help, labels: [CLUSTER_LABEL, 'namespace', 'service', 'slo'], unit: 'ratio' });
  return defineMetricCatalog(Object.fromEntries([
    ...policy.windows.map((window) => [`errorRatio${window}`, gauge(SLO_RECORDS.errorRatio(window), `Share of bad events over ${window}`)]),
    ['periodErrorRatio', gauge(SLO_RECORDS.periodErrorRatio, 'Share of bad events over the SLO period')],
    ['objective', gauge(SLO_RECORDS.objective, 'Objective as a ratio')],
    ['errorBudget', gauge(SLO_RECORDS.errorBudget, 'Error budget as a ratio (1 - objective)')],
    ['errorBudgetRemaining', gauge(SLO_RECORDS.errorBudgetRemaining, 'Share of the period error budget not yet spent')],
  ]));
}

/** The window the period's error ratio is averaged from: the shortest one recorded. */
export function periodBaseWindow(policy: BurnRatePolicy): string {
  const seconds = (window: string) => durationSeconds('burnRatePolicy.windows', window);
  return policy.windows.reduce((shortest, window) => (seconds(window) < seconds(shortest) ? window : shortest));
}

/** Labels of every SLO series: which SLO, of which service, in which namespace (environment). */
export function sloLabels(slo: SloDefinition, service: string, scope: SliScope): Record<string, string> {
  return { namespace: scope.namespace, service, slo: slo.name };
}

/** PromQL selector of one SLO's recorded series. */
export function sloSelector(slo: SloDefinition, service: string, scope: SliScope): string {
  return labelSelector(sloLabels(slo, service, scope));
}

/** The SLI's error ratio over every window of the policy. */
export function sliRecordingRules(slo: SloDefinition, service: string, scope: SliScope, policy: BurnRatePolicy): RecordingRule[] {
  return policy.windows.map((window) => ({
    record: SLO_RECORDS.errorRatio(window),
    expr: sliErrorRatioExpr(slo.indicator, scope, window),
    labels: sloLabels(slo, service, scope),
  }));
}

/**
 * The objective, the budget, and how much of the budget the period has left. The
 * objective and the budget are figures, recorded once per cluster whose series the SLI
 * reads (`group by (cluster)` of sliPresenceSelector), so a panel divides a cluster's ratio
 * by its own budget wherever the rules run; a bare `vector()` would carry no `cluster` and
 * match no cluster's ratio in a global ruler. The
 * period's ratio averages the shortest window's samples instead of a `rate()` over
 * 30 days of raw series, which would be costly to evaluate every interval.
 */
export function budgetRecordingRules(slo: SloDefinition, service: string, scope: SliScope, policy: BurnRatePolicy): RecordingRule[] {
  const labels = sloLabels(slo, service, scope);
  const base = `${SLO_RECORDS.errorRatio(periodBaseWindow(policy))}${sloSelector(slo, service, scope)}[${slo.period}]`;
  const perCluster = `group by (${CLUSTER_LABEL}) (${sliPresenceSelector(slo.indicator, scope)})`;
  return [
    { record: SLO_RECORDS.objective, expr: `${objectiveRatio(slo)} * ${perCluster}`, labels },
    { record: SLO_RECORDS.errorBudget, expr: `${errorBudgetRatio(slo)} * ${perCluster}`, labels },
    { record: SLO_RECORDS.periodErrorRatio, expr: `sum_over_time(${base}) / count_over_time(${base})`, labels },
    {
      record: SLO_RECORDS.errorBudgetRemaining,
      expr: `1 - ${SLO_RECORDS.periodErrorRatio}${sloSelector(slo, service, scope)} / ${errorBudgetRatio(slo)}`,
      labels,
    },
  ];
}
