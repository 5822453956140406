import * as z from 'zod/mini';
import { check } from '../validation/errors';
import { METRIC, type MetricCatalog, type MetricDefinition, type SpecOf } from './shapes';

const HTTP_SIGNALS = z.strictObject({
  /** Counter of requests served. */
  requests: METRIC,
  /** Label of `requests` carrying the HTTP status code; absent when errors are counted separately. */
  statusLabel: z.optional(z.string()),
  /** Counter of failed requests, for services without a status label. */
  errors: z.optional(METRIC),
  /** Histogram of request latency. */
  duration: z.optional(METRIC),
  /** Label naming the route, for per-route breakdowns. @default none */
  routeLabel: z.optional(z.string()),
});

const DATABASE_SIGNALS = z.strictObject({
  /** Histogram of query latency. */
  queryDuration: z.optional(METRIC),
  /** Gauge of pool connections in use. */
  poolActive: z.optional(METRIC),
  /** Gauge of idle pool connections. */
  poolIdle: z.optional(METRIC),
  /** Gauge of the pool's size; when absent, active + idle. */
  poolTotal: z.optional(METRIC),
});

const CACHE_SIGNALS = z.strictObject({
  hits: METRIC,
  misses: METRIC,
  /** Label to break hits and misses down by, e.g. `key_type`. @default none */
  keyTypeLabel: z.optional(z.string()),
});

/**
 * The standard signals a service exports, each one an entry of its metric catalog.
 * Alerts, dashboards and SLOs are derived from what is present here, so a service
 * gets exactly the monitoring its metrics support.
 */
export const SERVICE_SIGNALS = z.strictObject({
  http: z.optional(HTTP_SIGNALS),
  database: z.optional(DATABASE_SIGNALS),
  cache: z.optional(CACHE_SIGNALS),
});
export type ServiceSignals = SpecOf<typeof SERVICE_SIGNALS>;
export type HttpSignals = SpecOf<typeof HTTP_SIGNALS>;
export type DatabaseSignals = SpecOf<typeof DATABASE_SIGNALS>;
export type CacheSignals = SpecOf<typeof CACHE_SIGNALS>;

/**
 * Checks that every signal is an entry of the service's catalog (else rules and
 * dashboards would query a metric the service never exports) and has the type and
 * labels its consumers rely on.
 */
export function checkSignals(service: string, signals: ServiceSignals, catalog: MetricCatalog): void {
  const where = `services.${service}.signals`;
  const exported = new Map(Object.values(catalog).map((metric) => [metric.name, metric]));
  for (const [kind, group] of Object.entries(signals)) {
    for (const [field, metric] of Object.entries(group ?? {})) {
      if (!metric || typeof metric !== 'object') continue;
      const { name } = metric as MetricDefinition;
      check(exported.has(name), `${where}.${kind}.${field}`, name,
        `is not in services.${service}.metrics (${[...exported.keys()].join(', ') || 'empty'}): a signal must be a metric the service exports`);
      check(JSON.stringify(exported.get(name)) === JSON.stringify(metric), `${where}.${kind}.${field}`, name,
        `differs from the catalog entry of the same name in services.${service}.metrics: refer to the catalog entry itself`);
    }
  }
  const expectType = (field: string, metric: MetricDefinition | undefined, type: MetricDefinition['type']) => {
    if (metric) check(metric.type === type, `${where}.${field}`, metric.name, `must be a ${type}, not a ${metric.type}`);
  };
  const expectLabel = (field: string, metric: MetricDefinition | undefined, label: string | undefined) => {
    if (metric && label) check(metric.labels.includes(label), `${where}.${field}`, label, `is not a label of ${metric.name} (labels: ${metric.labels.join(', ') || 'none'})`);
  };
  const { http, database, cache } = signals;
  if (http) {
    expectType('http.requests', http.requests, 'counter');
    expectType('http.errors', http.errors, 'counter');
    expectType('http.duration', http.duration, 'histogram');
    expectLabel('http.statusLabel', http.requests, http.statusLabel);
    expectLabel('http.routeLabel', http.requests, http.routeLabel);
    check(Boolean(http.statusLabel) !== Boolean(http.errors), `${where}.http`, Object.keys(http),
      'must give exactly one of statusLabel (5xx counted by status) or errors (a counter of failures)');
  }
  if (database) {
    expectType('database.queryDuration', database.queryDuration, 'histogram');
    expectType('database.poolActive', database.poolActive, 'gauge');
    expectType('database.poolIdle', database.poolIdle, 'gauge');
    expectType('database.poolTotal', database.poolTotal, 'gauge');
    if (database.poolActive) {
      check(Boolean(database.poolTotal || database.poolIdle), `${where}.database`, Object.keys(database),
        'needs poolTotal or poolIdle next to poolActive to compute pool utilization');
    }
  }
  if (cache) {
    expectType('cache.hits', cache.hits, 'counter');
    expectType('cache.misses', cache.misses, 'counter');
    expectLabel('cache.keyTypeLabel', cache.hits, cache.keyTypeLabel);
    expectLabel('cache.keyTypeLabel', cache.misses, cache.keyTypeLabel);
  }
}
