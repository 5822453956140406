import { DB_QUERY_BUCKETS, defineMetricCatalog, httpMetrics } from '../lib/monitoring/metric-catalog';
import type { ServiceSpec } from '../lib/specs/service-spec';

/**
 * The operations documents do not fix this service's metric names; these are the
 * prometheus-fastapi-instrumentator style defaults it is expected to export.
 */
export const collaborationApiMetrics = defineMetricCatalog({
  ...httpMetrics(),
  httpRequestsInProgress: {
    name: 'http_requests_in_progress',
    type: 'gauge',
    help: 'HTTP requests being served',
    labels: ['method', 'route'],
    unit: 'requests',
  },
  dbQueryDuration: {
    name: 'db_query_duration_seconds',
    type: 'histogram',
    help: 'Database query latency',
    labels: ['operation'],
    unit: 'seconds',
    buckets: DB_QUERY_BUCKETS,
  },
  cacheHits: {
    name: 'cache_hits_total',
    type: 'counter',
    help: 'Redis cache lookups answered from the cache',
    labels: ['key_type'],
    unit: 'lookups',
  },
  cacheMisses: {
    name: 'cache_misses_total',
    type: 'counter',
    help: 'Redis cache lookups that missed',
    labels: ['key_type'],
    unit: 'lookups',
  },
  aiRequests: {
    name: 'ai_requests_total',
    type: 'counter',
    help: 'Requests sent to the Ollama AI service',
    labels: ['model', 'status'],
    unit: 'requests',
  },
});

/** Collaboration API (Python, FastAPI): Redis cache and the Ollama AI service behind it. */
export const collaborationApi: ServiceSpec = {
  name: 'collaboration-api',
  description: 'Collaboration API (Python, FastAPI); Redis cache, Ollama AI service',
  imageRepository: 'ghcr.io/reconciliation-platform/collaboration-api',
  httpPort: 8000,
  metricsPath: '/metrics',
  // The API and the health endpoints; "/" would hold the metrics path.
  publicPaths: ['/api', '/health'],
  health: { liveness: '/health/liveness', readiness: '/health/readiness' },
  env: [{ name: 'LOG_LEVEL', value: 'info' }],
  // Ollama runs in the cluster, next to the service.
  dependencies: [
    { name: 'postgres', port: 5432 },
    { name: 'redis', port: 6379 },
    { name: 'ollama', port: 11434, podLabels: { 'app.kubernetes.io/name': 'ollama' } },
  ],
  secrets: {
    inventory: [
      // Error reporting only: a leaked DSN lets others send events, not read them, hence the long period.
      { envVar: 'SENTRY_DSN', remoteKey: 'collaboration/sentry-dsn', rotationPeriodDays: 365, owner: 'DevOps', rotation: 'manual', lastRotated: '2026-06-01' },
    ],
  },
  metrics: collaborationApiMetrics,
  signals: {
    http: {
      requests: collaborationApiMetrics.httpRequests,
      statusLabel: 'status',
      duration: collaborationApiMetrics.httpRequestDuration,
      routeLabel: 'route',
    },
    database: { queryDuration: collaborationApiMetrics.dbQueryDuration },
    cache: {
      hits: collaborationApiMetrics.cacheHits,
      misses: collaborationApiMetrics.cacheMisses,
      keyTypeLabel: 'key_type',
    },
  },
};
