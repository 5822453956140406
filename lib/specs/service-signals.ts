import type { MetricDefinition } from '../monitoring/metric-catalog';
import { check } from '../validation/errors';

/**
 * The standard signals a service exports, each pointing at an entry of its metric
 * catalog. Alerts, dashboards and SLOs are derived from what is present here, so a
 * service gets exactly the monitoring its metrics support.
 */
export interface ServiceSignals {
  readonly http?: HttpSignals;
  readonly database?: DatabaseSignals;
  readonly cache?: CacheSignals;
}

export interface HttpSignals {
  /** Counter of requests served. */
  readonly requests: MetricDefinition;
  /** Label of `requests` carrying the HTTP status code; absent when errors are counted separately. */
  readonly statusLabel?: string;
  /** Counter of failed requests, for services without a status label. */
  readonly errors?: MetricDefinition;
  /** Histogram of request latency. */
  readonly duration?: MetricDefinition;
  /** Label naming the route, for per-route breakdowns. @default none */
  readonly routeLabel?: string;
}

export interface DatabaseSignals {
  /** Histogram of query latency. */
  readonly queryDuration?: MetricDefinition;
  /** Gauge of pool connections in use. */
  readonly poolActive?: MetricDefinition;
  /** Gauge of idle pool connections. */
  readonly poolIdle?: MetricDefinition;
  /** Gauge of the pool's size; when absent, active + idle. */
  readonly poolTotal?: MetricDefinition;
}

export interface CacheSignals {
  readonly hits: MetricDefinition;
  readonly misses: MetricDefinition;
  /** Label to break hits and misses down by, e.g. `key_type`. @default none */
  readonly keyTypeLabel?: string;
}

/** Checks that every signal has the type and labels its consumers rely on. */
export function checkSignals(service: string, signals: ServiceSignals): void {
  const where = `services.${service}.signals`;
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
