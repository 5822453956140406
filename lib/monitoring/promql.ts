import type { MetricDefinition } from './metric-catalog';

/**
 * PromQL building blocks shared by alert rules (alerts/), SLO rules (lib/slo/) and
 * dashboards (lib/grafana/dashboard-queries.ts), so all spell a selector, an escape
 * or an aggregation the same way. Scoping (which matchers a query must carry) and the range of rate()
 * are the callers' business: rules use a fixed window, dashboards `$__rate_interval`.
 */

/**
 * The label that names the cluster a series comes from: each cluster's Prometheus adds it
 * (an external label, or a relabelling), a global ruler (Thanos, Mimir) sees it on every
 * series. Every aggregation and join in a rule keeps it, so one rule evaluates per cluster
 * wherever it runs; where series carry no such label (one Prometheus, no external label),
 * `by (cluster, …)` and `on (cluster, …)` read as if it were not there.
 */
export const CLUSTER_LABEL = 'cluster';

/** `labels` with the cluster label first: what rules aggregate and join by. */
export function withCluster(labels: readonly string[]): string[] {
  return [CLUSTER_LABEL, ...labels];
}

/** `by (cluster, labels…)`, the grouping clause of a rule's aggregation. */
export function byCluster(...labels: string[]): string {
  return `by (${withCluster(labels).join(', ')})`;
}

/** `on (cluster, labels…)`, the matching clause of a rule's join. */
export function onCluster(...labels: string[]): string {
  return `on (${withCluster(labels).join(', ')})`;
}

/** Status codes that count as failed requests: server errors only; 4xx are the callers'. */
export const SERVER_ERROR_STATUS_PATTERN = '5..';

/** `label="value"`, with the value quoted and escaped for PromQL. */
export function eq(label: string, value: string): string {
  return `${label}=${JSON.stringify(value)}`;
}

/** `label=~"regex"` (PromQL regexes are anchored at both ends). */
export function matches(label: string, regex: string): string {
  return `${label}=~${JSON.stringify(regex)}`;
}

/** A series selector, `metric{m1, m2}`, from a catalog entry or a series name derived from one. */
export function seriesSelector(metric: MetricDefinition | string, matchers: readonly string[]): string {
  return `${typeof metric === 'string' ? metric : metric.name}{${matchers.join(', ')}}`;
}

/** `rate(selector[range])`. */
export function rate(vectorSelector: string, range: string): string {
  return `rate(${vectorSelector}[${range}])`;
}

/** `increase(selector[range])`. */
export function increase(vectorSelector: string, range: string): string {
  return `increase(${vectorSelector}[${range}])`;
}

/** `sum by (labels) (expr)`, or `sum(expr)` without labels. */
export function sumBy(labels: readonly string[], expr: string): string {
  return labels.length === 0 ? `sum(${expr})` : `sum by (${labels.join(', ')}) (${expr})`;
}

/** Per-second rate over `range`, summed by `labels`: `sum by (labels) (rate(selector[range]))`. */
export function sumRate(labels: readonly string[], vectorSelector: string, range: string): string {
  return sumBy(labels, rate(vectorSelector, range));
}

/** `{a="x", b="y"}`: a selector of label matchers only, values escaped. */
export function labelSelector(labels: Readonly<Record<string, string>>): string {
  return seriesSelector('', Object.entries(labels).map(([label, value]) => eq(label, value)));
}

/** `value` as a regex that matches exactly it (names may contain `.`). */
export function regexLiteral(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * `le` matcher of a histogram bucket, as clients write the bound: Python writes whole
 * numbers as `1.0`, Go and Rust as `1`; fractions read the same everywhere.
 */
export function bucketBound(bound: number): string {
  return Number.isInteger(bound) ? matches('le', `${bound}([.]0)?`) : eq('le', String(bound));
}
