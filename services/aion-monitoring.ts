import { DB_QUERY_BUCKETS, defineMetricCatalog, HTTP_LATENCY_BUCKETS, MetricDefinition } from '../lib/monitoring/metric-catalog';
import type { ServiceSpec } from '../lib/specs/service-spec';

/** Ectus-R exports its metrics under a configurable prefix; this is the one deployed. */
export const AION_METRIC_PREFIX = 'aion_';

function metric<L extends string>(definition: MetricDefinition<L>): MetricDefinition<L> {
  return { ...definition, name: `${AION_METRIC_PREFIX}${definition.name}` };
}

export const aionMonitoringMetrics = defineMetricCatalog({
  requests: metric({ name: 'requests_total', type: 'counter', help: 'Requests served', labels: ['endpoint'], unit: 'requests' }),
  requestDuration: metric({
    name: 'request_duration_seconds', type: 'histogram', help: 'Request latency', labels: ['endpoint'], unit: 'seconds', buckets: HTTP_LATENCY_BUCKETS,
  }),
  requestErrors: metric({ name: 'request_errors_total', type: 'counter', help: 'Requests that failed', labels: ['endpoint'], unit: 'requests' }),
  activeRequests: metric({ name: 'active_requests', type: 'gauge', help: 'Requests in flight', labels: [], unit: 'requests' }),
  queryDuration: metric({
    name: 'query_duration_seconds', type: 'histogram', help: 'Database query latency', labels: [], unit: 'seconds',
    buckets: DB_QUERY_BUCKETS,
  }),
  connectionsActive: metric({ name: 'connections_active', type: 'gauge', help: 'Database connections in use', labels: [], unit: 'connections' }),
  connectionsIdle: metric({ name: 'connections_idle', type: 'gauge', help: 'Idle database connections', labels: [], unit: 'connections' }),
  queryErrors: metric({ name: 'query_errors_total', type: 'counter', help: 'Database queries that failed', labels: [], unit: 'queries' }),
  inferenceRequests: metric({ name: 'inference_requests_total', type: 'counter', help: 'Inference requests', labels: ['model'], unit: 'requests' }),
  inferenceDuration: metric({
    name: 'inference_duration_seconds', type: 'histogram', help: 'Inference latency', labels: ['model'], unit: 'seconds',
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
  }),
  inferenceErrors: metric({ name: 'inference_errors_total', type: 'counter', help: 'Inference requests that failed', labels: ['model'], unit: 'requests' }),
  activeSessions: metric({ name: 'active_sessions', type: 'gauge', help: 'Open user sessions', labels: [], unit: 'sessions' }),
  memoryUsage: metric({
    name: 'memory_usage_bytes', type: 'gauge', help: 'Resident memory of the process', labels: [], unit: 'bytes',
    notDashboarded: 'The Workload dashboard draws the container\'s working set from cAdvisor, what the memory limit and the OOM killer act on.',
  }),
  cpuUsage: metric({
    name: 'cpu_usage_percent', type: 'gauge', help: 'CPU use of the process', labels: [], unit: 'percent',
    notDashboarded: 'The Workload dashboard draws the container\'s CPU from cAdvisor, against the request the HPA scales on and the limit that throttles.',
  }),
});

/** AION monitoring (Ectus-R, Rust): one port for API, health and metrics. */
export const aionMonitoring: ServiceSpec = {
  name: 'aion-monitoring',
  description: 'AION monitoring and inference service (Ectus-R, Rust)',
  component: 'monitoring',
  imageRepository: 'ghcr.io/reconciliation-platform/aion-monitoring',
  httpPort: 9090,
  metricsPath: '/metrics',
  // Ectus-R has one health endpoint. It gates traffic (readiness); liveness only checks
  // that the port accepts connections, so a failing dependency never restarts the pod.
  health: { readiness: '/health' },
  dependencies: [{ name: 'postgres', port: 5432 }],
  metrics: aionMonitoringMetrics,
  signals: {
    http: {
      requests: aionMonitoringMetrics.requests,
      errors: aionMonitoringMetrics.requestErrors,
      duration: aionMonitoringMetrics.requestDuration,
      routeLabel: 'endpoint',
    },
    database: {
      queryDuration: aionMonitoringMetrics.queryDuration,
      poolActive: aionMonitoringMetrics.connectionsActive,
      poolIdle: aionMonitoringMetrics.connectionsIdle,
    },
  },
};
