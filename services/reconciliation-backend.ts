import { DB_QUERY_BUCKETS, defineMetricCatalog, httpMetrics } from '../lib/monitoring/metric-catalog';
import type { ServiceSpec } from '../lib/specs/service-spec';

/** Metrics served at /api/metrics, as listed in the platform's operations documents. */
export const reconciliationBackendMetrics = defineMetricCatalog({
  dbQueryDuration: {
    name: 'reconciliation_db_query_duration_seconds',
    type: 'histogram',
    help: 'Database query latency',
    labels: ['route', 'operation', 'table'],
    unit: 'seconds',
    buckets: DB_QUERY_BUCKETS,
  },
  cacheHits: {
    name: 'reconciliation_cache_hits_total',
    type: 'counter',
    help: 'Cache lookups answered from the cache',
    labels: ['cache_level', 'key_type'],
    unit: 'lookups',
  },
  cacheMisses: {
    name: 'reconciliation_cache_misses_total',
    type: 'counter',
    help: 'Cache lookups that fell through to the database',
    labels: ['cache_level', 'key_type'],
    unit: 'lookups',
  },
  dbPoolActive: {
    name: 'reconciliation_db_pool_connections_active',
    type: 'gauge',
    help: 'Database pool connections in use',
    labels: [],
    unit: 'connections',
  },
  dbPoolIdle: {
    name: 'reconciliation_db_pool_connections_idle',
    type: 'gauge',
    help: 'Database pool connections open and idle',
    labels: [],
    unit: 'connections',
  },
  dbPoolTotal: {
    name: 'reconciliation_db_pool_connections_total',
    type: 'gauge',
    help: 'Database pool size (active + idle)',
    labels: [],
    unit: 'connections',
  },
  ...httpMetrics('reconciliation_'),
});

/** The reconciliation platform's Rust API: Postgres + Redis, secrets via External Secrets. */
export const reconciliationBackend: ServiceSpec = {
  name: 'reconciliation-backend',
  description: 'Reconciliation platform API (Rust); Postgres and Redis behind it',
  imageRepository: 'ghcr.io/reconciliation-platform/reconciliation-backend',
  httpPort: 8080,
  metricsPath: '/api/metrics',
  // The versioned API and the health endpoints; never "/api", which holds the metrics path.
  publicPaths: ['/api/v1', '/health'],
  health: { liveness: '/health/liveness', readiness: '/health/readiness' },
  resources: {
    requests: { cpu: '200m', memory: '256Mi' },
    limits: { cpu: '500m', memory: '512Mi' },
  },
  env: [{ name: 'RUST_LOG', value: 'info' }],
  dependencies: [{ name: 'postgres', port: 5432 }, { name: 'redis', port: 6379 }],
  // Seed inventory from the operations documents; values live only in AWS Secrets Manager.
  secrets: {
    targetSecretName: 'reconciliation-secrets',
    inventory: [
      { envVar: 'JWT_SECRET', remoteKey: 'reconciliation/jwt-secret', property: 'value', rotationPeriodDays: 90, owner: 'Security', rotation: 'automated', lastRotated: '2026-11-02' },
      { envVar: 'DATABASE_PASSWORD', remoteKey: 'reconciliation/database-password', rotationPeriodDays: 180, owner: 'DevOps', rotation: 'manual', lastRotated: '2026-09-15' },
      { envVar: 'REDIS_PASSWORD', remoteKey: 'reconciliation/redis-password', rotationPeriodDays: 180, owner: 'DevOps', rotation: 'manual', lastRotated: '2026-09-15' },
      { envVar: 'STRIPE_SECRET_KEY', remoteKey: 'reconciliation/stripe-secret-key', rotationPeriodDays: 90, owner: 'Finance', rotation: 'manual', lastRotated: '2026-10-20' },
      { envVar: 'SMTP_PASSWORD', remoteKey: 'reconciliation/smtp-password', rotationPeriodDays: 365, owner: 'DevOps', rotation: 'manual', lastRotated: '2026-03-02' },
    ],
  },
  metrics: reconciliationBackendMetrics,
  signals: {
    http: {
      requests: reconciliationBackendMetrics.httpRequests,
      statusLabel: 'status',
      duration: reconciliationBackendMetrics.httpRequestDuration,
      routeLabel: 'route',
    },
    database: {
      queryDuration: reconciliationBackendMetrics.dbQueryDuration,
      poolActive: reconciliationBackendMetrics.dbPoolActive,
      poolIdle: reconciliationBackendMetrics.dbPoolIdle,
      poolTotal: reconciliationBackendMetrics.dbPoolTotal,
    },
    cache: {
      hits: reconciliationBackendMetrics.cacheHits,
      misses: reconciliationBackendMetrics.cacheMisses,
      keyTypeLabel: 'key_type',
    },
  },
};
