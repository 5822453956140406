import { App, Chart } from 'cdk8s';
import { ALERTS } from '../../alerts/registry';
import { DASHBOARDS } from '../../dashboards/registry';
import { production } from '../../environments/production';
import { ServiceChart } from '../../lib/charts/service-chart';
import type { EnvironmentSpec } from '../../lib/specs/environment-spec';
import type { ServiceSpec } from '../../lib/specs/service-spec';
import type { KubernetesObject } from '../../lib/validation/schema-validation';
import { DEFAULT_MIN_AVAILABLE } from '../../lib/workload/disruption-budget';
import { HTTP_SERVICE_DEFAULTS, HttpService, HttpServiceProps } from '../../lib/workload/http-service';
import { DEFAULT_RESOURCES } from '../../lib/workload/resources';
import { DEFAULT_AUTOSCALING } from '../../lib/workload/service-autoscaler';
import { reconciliationBackend } from '../../services/reconciliation-backend';
import { resolved } from './deployments';

/**
 * An App for building charts in tests. Unlike `Testing.app()`, it creates no folder in
 * the system temp folder: charts are read with `toJson()`, never written.
 */
export function testApp(): App {
  return new App({ outdir: 'unused' });
}

/** Synthesizes one service chart the way `npm run synth` does. */
export function synthServiceChart(
  service: ServiceSpec = reconciliationBackend,
  environment: EnvironmentSpec = production,
): KubernetesObject[] {
  const deployment = resolved(service, environment);
  const chart = new ServiceChart(new App({ outdir: 'unused' }), service.name, { deployment, alerts: ALERTS, dashboards: DASHBOARDS });
  return chart.toJson() as KubernetesObject[];
}

export function findObject(objects: readonly KubernetesObject[], kind: string, name?: string): KubernetesObject {
  const found = objects.find((object) => object.kind === kind && (name === undefined || object.metadata?.name === name));
  if (!found) throw new Error(`no ${kind}${name ? `/${name}` : ''} among ${objects.map((o) => `${o.kind}/${o.metadata?.name}`).join(', ')}`);
  return found;
}

/** A resolved workload as lib/plan hands it to HttpService; tests override one field at a time. */
export const VALID_HTTP_SERVICE: HttpServiceProps = {
  name: 'example',
  image: 'registry.example.com/example:1.0.0',
  imageTag: '1.0.0',
  component: HTTP_SERVICE_DEFAULTS.component,
  httpPort: 8080,
  metricsPort: 8080,
  metricsPath: '/metrics',
  health: { liveness: '/health/liveness', readiness: '/health/readiness' },
  preStopDelaySeconds: HTTP_SERVICE_DEFAULTS.preStopDelaySeconds,
  env: [],
  resources: DEFAULT_RESOURCES,
  autoscaling: DEFAULT_AUTOSCALING,
  minAvailable: DEFAULT_MIN_AVAILABLE,
  gatewayNamespace: 'gateway-system',
  monitoringNamespace: 'monitoring',
  imagePullSecrets: [],
};

/** Builds an HttpService with `overrides` applied and returns its objects. */
export function synthHttpService(overrides: Partial<HttpServiceProps> = {}): KubernetesObject[] {
  const chart = new Chart(testApp(), 'test', { disableResourceNameHashes: true });
  new HttpService(chart, 'Service', { ...VALID_HTTP_SERVICE, ...overrides });
  return chart.toJson() as KubernetesObject[];
}
