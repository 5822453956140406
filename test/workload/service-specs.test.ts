import { production } from '../../environments/production';
import type { ServiceSpec } from '../../lib/specs/service-spec';
import { aionMonitoring, aionMonitoringMetrics } from '../../services/aion-monitoring';
import { collaborationApi } from '../../services/collaboration-api';
import { reconciliationBackend } from '../../services/reconciliation-backend';
import { findObject, synthServiceChart } from '../support/charts';

/* eslint-disable @typescript-eslint/no-explicit-any -- reading synthesized manifests */

/** The three systems of the operations documents, as they must come out of synth. */
const EXPECTED: { service: ServiceSpec; port: number; metricsPath: string; readiness: string; liveness: string | 'tcp' }[] = [
  { service: reconciliationBackend, port: 8080, metricsPath: '/api/metrics', readiness: '/health/readiness', liveness: '/health/liveness' },
  { service: collaborationApi, port: 8000, metricsPath: '/metrics', readiness: '/health/readiness', liveness: '/health/liveness' },
  { service: aionMonitoring, port: 9090, metricsPath: '/metrics', readiness: '/health', liveness: 'tcp' },
];

describe.each(EXPECTED)('$service.name in production', ({ service, port, metricsPath, readiness, liveness }) => {
  const objects = synthServiceChart(service, production);
  const container: any = (findObject(objects, 'Deployment', service.name) as any).spec.template.spec.containers[0];

  it(`serves HTTP on ${port} and Prometheus scrapes ${metricsPath} every 15s through the metrics port`, () => {
    expect(container.ports).toEqual([{ containerPort: port, name: 'http' }]);
    const monitor: any = findObject(objects, 'ServiceMonitor', service.name);
    expect(monitor.spec.endpoints).toEqual([{ port: 'metrics', path: metricsPath, interval: '15s', scrapeTimeout: '10s' }]);
    const svc: any = findObject(objects, 'Service', service.name);
    expect(svc.spec.ports.find((p: any) => p.name === 'metrics').targetPort).toBe(port);
  });

  it(`gates traffic on ${readiness} and restarts on ${liveness}`, () => {
    expect(container.readinessProbe.httpGet).toMatchObject({ path: readiness, port });
    if (liveness === 'tcp') expect(container.livenessProbe.tcpSocket).toEqual({ port });
    else expect(container.livenessProbe.httpGet).toMatchObject({ path: liveness, port });
  });
});

describe('aion monitoring metrics', () => {
  it('exports the fourteen Ectus-R metrics under the deployed prefix', () => {
    expect(Object.values(aionMonitoringMetrics).map((metric) => metric.name).sort()).toEqual([
      'aion_active_requests', 'aion_active_sessions', 'aion_connections_active', 'aion_connections_idle',
      'aion_cpu_usage_percent', 'aion_inference_duration_seconds', 'aion_inference_errors_total',
      'aion_inference_requests_total', 'aion_memory_usage_bytes', 'aion_query_duration_seconds',
      'aion_query_errors_total', 'aion_request_duration_seconds', 'aion_request_errors_total', 'aion_requests_total',
    ]);
  });
});

describe('the backend metric catalog', () => {
  it('matches the operations documents: names, types, labels and DB buckets', () => {
    const catalog = reconciliationBackend.metrics;
    const summary = Object.values(catalog).map((m) => `${m.name} ${m.type} ${m.labels.join(',')}`).sort();
    expect(summary).toEqual([
      'reconciliation_cache_hits_total counter cache_level,key_type',
      'reconciliation_cache_misses_total counter cache_level,key_type',
      'reconciliation_db_pool_connections_active gauge ',
      'reconciliation_db_pool_connections_idle gauge ',
      'reconciliation_db_pool_connections_total gauge ',
      'reconciliation_db_query_duration_seconds histogram route,operation,table',
      'reconciliation_http_request_duration_seconds histogram method,route',
      'reconciliation_http_requests_total counter method,route,status',
    ]);
    expect(catalog.dbQueryDuration.buckets).toEqual([0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 2]);
  });
});
