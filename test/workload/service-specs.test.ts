import { production } from '../../environments/production';
import { SERVICES } from '../../main';
import { aionMonitoringMetrics } from '../../services/aion-monitoring';
import { reconciliationBackend } from '../../services/reconciliation-backend';
import { findObject } from '../support/charts';
import { deployedServices, synthesizedMainPlan } from '../support/deployments';

/* eslint-disable @typescript-eslint/no-explicit-any -- reading synthesized manifests */

/** What the operations documents give for the systems they describe, by service name. */
const DOCUMENTED: Readonly<Record<string, { port: number; metricsPath: string; readiness: string; liveness: string | 'tcp' }>> = {
  'reconciliation-backend': { port: 8080, metricsPath: '/api/metrics', readiness: '/health/readiness', liveness: '/health/liveness' },
  'collaboration-api': { port: 8000, metricsPath: '/metrics', readiness: '/health/readiness', liveness: '/health/liveness' },
  'aion-monitoring': { port: 9090, metricsPath: '/metrics', readiness: '/health', liveness: 'tcp' },
};
const documentedServices = SERVICES.filter((service) => DOCUMENTED[service.name] !== undefined);

it('the documented systems are all services of the plan', () => {
  expect(documentedServices.map((service) => service.name).sort()).toEqual(Object.keys(DOCUMENTED).sort());
});

it.each(documentedServices.map((service) => [service.name, service] as const))('%s is specified as the operations documents describe it', (name, service) => {
  const { port, metricsPath, readiness, liveness } = DOCUMENTED[name];
  expect(service.httpPort).toBe(port);
  expect(service.metricsPort ?? service.httpPort).toBe(port);
  expect(service.metricsPath).toBe(metricsPath);
  expect(service.health.readiness).toBe(readiness);
  expect(service.health.liveness ?? 'tcp').toBe(liveness);
});

/** Each planned service in production's first cluster, as synth writes it. */
const productionCharts = synthesizedMainPlan()
  .filter(({ plan }) => plan.deployment !== undefined && plan.environment.name === production.name && plan.environment.cluster.name === production.clusters[0].name)
  .map(({ plan, objects }) => [plan.deployment!.service.name, plan.deployment!.workload, objects] as const);

it('synthesizes every service of the plan in production', () => {
  expect(productionCharts.map(([name]) => name).sort()).toEqual(deployedServices().filter((deployment) => deployment.environment.name === production.name
    && deployment.environment.cluster.name === production.clusters[0].name).map((deployment) => deployment.service.name).sort());
});

describe.each(productionCharts)('%s in production', (name, workload, objects) => {
  const { httpPort: port, metricsPort, metricsPath } = workload;
  const { readiness, liveness } = workload.health;
  const probePort = workload.health.port ?? port;
  const container: any = (findObject(objects, 'Deployment', name) as any).spec.template.spec.containers[0];

  it(`serves HTTP on ${port} and Prometheus scrapes ${metricsPath} every 15s through the metrics port`, () => {
    expect(container.ports).toEqual([{ containerPort: port, name: 'http' }, ...(metricsPort === port ? [] : [{ containerPort: metricsPort, name: 'metrics' }])]);
    const monitor: any = findObject(objects, 'ServiceMonitor', name);
    expect(monitor.spec.endpoints).toEqual([{ port: 'metrics', path: metricsPath, interval: '15s', scrapeTimeout: '10s' }]);
    const svc: any = findObject(objects, 'Service', name);
    expect(svc.spec.ports.find((p: any) => p.name === 'metrics').targetPort).toBe(metricsPort);
  });

  it(`gates traffic on ${readiness} and restarts on ${liveness ?? 'a TCP check'}`, () => {
    expect(container.readinessProbe.httpGet).toMatchObject({ path: readiness, port: probePort });
    if (liveness === undefined) expect(container.livenessProbe.tcpSocket).toEqual({ port: probePort });
    else expect(container.livenessProbe.httpGet).toMatchObject({ path: liveness, port: probePort });
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
