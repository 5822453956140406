import { defineMetricCatalog, histogramSeries, MetricDefinition } from '../../lib/monitoring/metric-catalog';
import { checkSignals } from '../../lib/specs/service-signals';
import { reconciliationBackendMetrics as backend } from '../../services/reconciliation-backend';

const counter: MetricDefinition = { name: 'jobs_total', type: 'counter', help: 'Jobs', labels: ['queue'], unit: 'jobs' };

describe('the metric catalog refuses', () => {
  it.each([
    ['a name Prometheus cannot store', { bad: { ...counter, name: 'jobs-total' } },
      'metrics.bad.name ("jobs-total") must match the Prometheus metric name pattern'],
    ['a counter without _total', { bad: { ...counter, name: 'jobs' } },
      'metrics.bad.name ("jobs") is a counter and must end in _total'],
    ['a histogram without buckets', { bad: { ...counter, name: 'latency_seconds', type: 'histogram' } },
      'metrics.bad.buckets must list the histogram\'s bucket bounds'],
    ['buckets out of order', { bad: { ...counter, name: 'latency_seconds', type: 'histogram', buckets: [0.1, 0.05] } },
      'metrics.bad.buckets (0.1, 0.05) must be strictly increasing'],
    ['a reserved label name', { bad: { ...counter, labels: ['__name__'] } },
      'metrics.bad.labels ("__name__") is not a valid Prometheus label name'],
  ])('%s', (_case, catalog, message) => {
    expect(() => defineMetricCatalog(catalog as Record<string, MetricDefinition>)).toThrow(message);
  });

  it('names the series a histogram exports, and refuses a non-histogram', () => {
    expect(histogramSeries(backend.dbQueryDuration)).toEqual({
      bucket: 'reconciliation_db_query_duration_seconds_bucket',
      sum: 'reconciliation_db_query_duration_seconds_sum',
      count: 'reconciliation_db_query_duration_seconds_count',
    });
    expect(() => histogramSeries(backend.cacheHits)).toThrow('reconciliation_cache_hits_total is a counter, not a histogram');
  });
});

describe('service signals refuse, at synth', () => {
  it.each([
    ['a status label the metric does not declare', { http: { requests: backend.httpRequests, statusLabel: 'code' } },
      'services.svc.signals.http.statusLabel ("code") is not a label of reconciliation_http_requests_total (labels: method, route, status)'],
    ['a gauge where a counter is needed', { http: { requests: backend.dbPoolActive, statusLabel: 'status' } },
      'services.svc.signals.http.requests ("reconciliation_db_pool_connections_active") must be a counter, not a gauge'],
    ['both a status label and an errors counter', { http: { requests: backend.httpRequests, statusLabel: 'status', errors: backend.cacheMisses } },
      'must give exactly one of statusLabel (5xx counted by status) or errors (a counter of failures)'],
    ['pool utilization without a total or idle gauge', { database: { poolActive: backend.dbPoolActive } },
      'services.svc.signals.database (["poolActive"]) needs poolTotal or poolIdle next to poolActive'],
    ['a cache key label only one counter has', { cache: { hits: backend.cacheHits, misses: backend.cacheMisses, keyTypeLabel: 'route' } },
      'services.svc.signals.cache.keyTypeLabel ("route") is not a label of reconciliation_cache_hits_total'],
    ['a histogram signal that is a counter', { database: { queryDuration: backend.cacheHits } },
      'services.svc.signals.database.queryDuration ("reconciliation_cache_hits_total") must be a histogram, not a counter'],
  ])('%s', (_case, signals, message) => {
    expect(() => checkSignals('svc', signals as never, backend)).toThrow(message);
  });
});
