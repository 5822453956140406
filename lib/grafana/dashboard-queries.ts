import { DataqueryBuilder } from '@grafana/grafana-foundation-sdk/prometheus';
import type { DataSourceRef } from '@grafana/grafana-foundation-sdk/common';
import { histogramSeries, MetricDefinition } from '../monitoring/metric-catalog';
import * as promql from '../monitoring/promql';
import { sumBy } from '../monitoring/promql';
import { check } from '../validation/errors';

/**
 * PromQL for dashboards. Every selector carries the dashboard's `cluster` and `namespace`
 * variables and its `job` variable (or the object the job is named after), and every range
 * is Grafana's `$__rate_interval`, which stays above four scrape intervals at any zoom.
 */

/** The data source every panel and query reads: the dashboard's `datasource` variable. */
export const PROMETHEUS_DATASOURCE: DataSourceRef = { type: 'prometheus', uid: '${datasource}' };

export const RATE_INTERVAL = '$__rate_interval';
export const NAMESPACE_MATCHER = 'namespace="$namespace"';
/**
 * The selected clusters: a regex, so "All" (`.*`, see clusterVariable) also matches series
 * without a `cluster` label, as a single Prometheus without the external label has them.
 */
export const CLUSTER_MATCHER = `${promql.CLUSTER_LABEL}=~"$${promql.CLUSTER_LABEL}"`;
export const JOB_MATCHER = 'job="$job"';
/**
 * The pods of the service's Deployment (`<name>-<replicaset hash>-<suffix>`), for
 * kube-state-metrics series that name only the pod.
 */
export const POD_MATCHER = 'pod=~"$job-[a-z0-9]+-[a-z0-9]+"';
/** Where a controller's ServiceMonitor does not honor labels, the object's namespace (see lib/secrets/external-secrets-metrics.ts). */
export const EXPORTED_NAMESPACE_MATCHER = 'exported_namespace="$namespace"';

export { eq, matches, sumBy } from '../monitoring/promql';

/** `series{cluster=~"$cluster", m1, m2}`; refuses a selector without the namespace variable. */
export function selector(series: string, matchers: readonly string[]): string {
  check(matchers.includes(NAMESPACE_MATCHER), `selector(${series}).matchers`, matchers,
    `must include ${NAMESPACE_MATCHER}: every dashboard query is scoped to the selected namespace`);
  return inSelectedClusters(series, matchers);
}

/** `series{cluster=~"$cluster", m1, m2}`: every dashboard query (and variable) reads the selected clusters only. */
export function inSelectedClusters(series: string, matchers: readonly string[] = []): string {
  return promql.seriesSelector(series, [CLUSTER_MATCHER, ...matchers]);
}

/** A series of the service's own metrics, scoped to the selected namespace and job. */
export function serviceSelector(series: string, ...extraMatchers: string[]): string {
  return selector(series, [NAMESPACE_MATCHER, JOB_MATCHER, ...extraMatchers]);
}

/**
 * A controller's series (ESO's, cert-manager's) about objects in the selected namespace,
 * aggregated by `by`, whether its ServiceMonitor honors labels or not.
 */
export function objectsInNamespace(aggregation: 'max' | 'min', by: readonly string[], series: string, matchers: readonly string[]): string {
  const renamed = inSelectedClusters(series, [EXPORTED_NAMESPACE_MATCHER, ...matchers]);
  const honored = selector(series, [NAMESPACE_MATCHER, 'exported_namespace=""', ...matchers]);
  return `${aggregation} by (${by.join(', ')}) (${renamed} or ${honored})`;
}

/** `rate(selector[$__rate_interval])`. */
export function rate(vectorSelector: string): string {
  return promql.rate(vectorSelector, RATE_INTERVAL);
}

/** `increase(selector[$__rate_interval])`. */
export function increase(vectorSelector: string): string {
  return promql.increase(vectorSelector, RATE_INTERVAL);
}

/** Per-second rate of a service counter, summed by the given labels. */
export function counterRate(metric: MetricDefinition, by: readonly string[] = [], ...extraMatchers: string[]): string {
  check(metric.type === 'counter', 'counterRate.metric', metric.name, `must be a counter, not a ${metric.type}`);
  return sumBy(by, rate(serviceSelector(metric.name, ...extraMatchers)));
}

/** A quantile (0–1) of a service histogram over `$__rate_interval`, by the given labels. */
export function histogramQuantile(quantile: number, metric: MetricDefinition, by: readonly string[] = []): string {
  check(quantile > 0 && quantile < 1, 'histogramQuantile.quantile', quantile, 'must be between 0 and 1 (exclusive)');
  const buckets = rate(serviceSelector(histogramSeries(metric).bucket));
  return `histogram_quantile(${quantile}, ${sumBy(['le', ...by], buckets)})`;
}

/** A service gauge summed over its pods, by the given labels. */
export function gaugeSum(metric: MetricDefinition, by: readonly string[] = []): string {
  check(metric.type === 'gauge', 'gaugeSum.metric', metric.name, `must be a gauge, not a ${metric.type}`);
  return sumBy(by, serviceSelector(metric.name));
}

/** Quantile label as dashboards show it: 0.95 → `p95`. */
export function quantileLabel(quantile: number): string {
  return `p${Math.round(quantile * 1000) / 10}`;
}

/** One Prometheus query of a panel, on the dashboard's data source. */
export function prometheusQuery(expr: string, legendFormat: string): DataqueryBuilder {
  return new DataqueryBuilder().datasource(PROMETHEUS_DATASOURCE).expr(expr).legendFormat(legendFormat);
}
