import type { MetricDefinition } from '../specs/shapes';

/**
 * A typed catalog of the metrics a service exports. Alerts, recording rules and
 * dashboards refer to metrics through it: a misspelt catalog entry is a compile error,
 * and a signal naming a label its metric does not declare fails synth
 * (checkSignals in lib/specs/service-signals.ts), instead of a query that never fires.
 */

export type { MetricCatalog, MetricDefinition, MetricType } from '../specs/shapes';

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

/** Request-latency buckets in seconds: the Prometheus clients' defaults plus 0.25 s. */
export const HTTP_LATENCY_BUCKETS: readonly number[] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];
/** Query-latency buckets in seconds, down to 1 ms. */
export const DB_QUERY_BUCKETS: readonly number[] = [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 2];

/**
 * The standard HTTP catalog entries most services export: `<prefix>http_requests_total`
 * by method, route and status, and `<prefix>http_request_duration_seconds` by method and
 * route on HTTP_LATENCY_BUCKETS.
 */
export function httpMetrics(prefix = '') {
  return {
    httpRequests: {
      name: `${prefix}http_requests_total`,
      type: 'counter',
      help: 'HTTP requests served',
      labels: ['method', 'route', 'status'],
      unit: 'requests',
    } satisfies MetricDefinition<'method' | 'route' | 'status'>,
    httpRequestDuration: {
      name: `${prefix}http_request_duration_seconds`,
      type: 'histogram',
      help: 'HTTP request latency',
      labels: ['method', 'route'],
      unit: 'seconds',
      buckets: HTTP_LATENCY_BUCKETS,
    } satisfies MetricDefinition<'method' | 'route'>,
  } as const;
}

/** Series names a histogram exports. */
export function histogramSeries(metric: MetricDefinition): { bucket: string; sum: string; count: string } {
  if (metric.type !== 'histogram') {
    throw new Error(`${metric.name} is a ${metric.type}, not a histogram`);
  }
  return { bucket: `${metric.name}_bucket`, sum: `${metric.name}_sum`, count: `${metric.name}_count` };
}
