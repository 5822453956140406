/**
 * A typed catalog of the metrics a service exports. Alerts, recording rules and
 * dashboards refer to metrics through it: a misspelt catalog entry is a compile error,
 * and a signal naming a label its metric does not declare fails synth
 * (checkSignals in lib/specs/service-signals.ts), instead of a query that never fires.
 */

export type MetricType = 'counter' | 'gauge' | 'histogram';

export interface MetricDefinition<L extends string = string> {
  /** Full exported name, e.g. `reconciliation_http_requests_total`. */
  readonly name: string;
  readonly type: MetricType;
  readonly help: string;
  /** Label names the service attaches (target labels such as `job` come on top). */
  readonly labels: readonly L[];
  /** Unit for humans and dashboards, e.g. `seconds`, `requests`, `connections`. */
  readonly unit: string;
  /** Histogram bucket upper bounds (seconds for durations); histograms only. */
  readonly buckets?: readonly number[];
  /**
   * Why no dashboard draws this metric, in one line; every other catalog metric is on at
   * least one panel (test/dashboards/catalog-coverage.test.ts holds both). @default drawn
   */
  readonly notDashboarded?: string;
}

export type MetricCatalog = Readonly<Record<string, MetricDefinition>>;

/**
 * Declares a catalog and checks it: names follow Prometheus conventions, counters end
 * in `_total`, histograms declare buckets. Keys keep their literal label types, so
 * `catalog.httpRequests.labels` is `('method' | 'route' | 'status')[]`.
 */
export function defineMetricCatalog<C extends Record<string, MetricDefinition>>(catalog: C): C {
  for (const [key, metric] of Object.entries(catalog)) {
    const where = `metrics.${key}.name`;
    if (!/^[a-zA-Z_:][a-zA-Z0-9_:]*$/.test(metric.name)) {
      throw new Error(`${where} (${JSON.stringify(metric.name)}) must match the Prometheus metric name pattern [a-zA-Z_:][a-zA-Z0-9_:]*`);
    }
    if (metric.type === 'counter' && !metric.name.endsWith('_total')) {
      throw new Error(`${where} (${JSON.stringify(metric.name)}) is a counter and must end in _total`);
    }
    if (metric.type === 'histogram') {
      const buckets = metric.buckets ?? [];
      if (buckets.length === 0) {
        throw new Error(`metrics.${key}.buckets must list the histogram's bucket bounds`);
      }
      for (let i = 1; i < buckets.length; i++) {
        if (!(buckets[i] > buckets[i - 1])) {
          throw new Error(`metrics.${key}.buckets (${buckets.join(', ')}) must be strictly increasing`);
        }
      }
    }
    for (const label of metric.labels) {
      if (!/^[a-zA-Z_][a-zA-Z0-9_]*$/.test(label) || label.startsWith('__')) {
        throw new Error(`metrics.${key}.labels (${JSON.stringify(label)}) is not a valid Prometheus label name`);
      }
    }
  }
  return catalog;
}

/** Series names a histogram exports. */
export function histogramSeries(metric: MetricDefinition): { bucket: string; sum: string; count: string } {
  if (metric.type !== 'histogram') {
    throw new Error(`${metric.name} is a ${metric.type}, not a histogram`);
  }
  return { bucket: `${metric.name}_bucket`, sum: `${metric.name}_sum`, count: `${metric.name}_count` };
}
