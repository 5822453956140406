import { App, Chart } from 'cdk8s';
import { ALERT_ROUTING_FILE, AlertRoutingChart } from '../charts/alert-routing-chart';
import { NamespaceChart } from '../charts/namespace-chart';
import { ServiceChart } from '../charts/service-chart';
import type { EnvironmentSpec } from '../specs/environment-spec';
import type { ServiceSpec } from '../specs/service-spec';
import { check, withSpecContext } from '../validation/errors';
import { ArgoCdChart, argoCdChartFile } from '../delivery/argo-cd-chart';
import { FluxChart, fluxChartFile } from '../delivery/flux-chart';
import { type DeliverySettings, resolveDeliverySettings } from '../delivery/delivery-settings';
import { deliveryStageOf, layerFile } from '../delivery/delivery-order';
import { DELIVERY_FOLDER } from '../delivery/delivery-target';
import type { DeliverySpec } from '../specs/delivery-spec';
import { checkDnsLabel, checkUnique } from '../validation/names';
import type { AlertRegistry, DashboardRegistry } from './registries';
import { checkClusters, checkEnvironmentServiceNames, checkGatewayListenersUnique, checkNamespacesDistinct, checkPublicHostsUnique, checkRemoteKeysIsolated, checkSecretOwners } from './plan-rules';
import { resolveDeployment, resolveEnvironment } from './deployment-from-specs';
import { checkEnvironmentSpecShape, checkServiceSpecShape } from '../specs/check-shape';
import { buildCapacityLedger, capacityInputOf, checkCapacityQuota, UNPRICED } from '../review/capacity-ledger';
import type { ResolvedDeployment, ResolvedEnvironment } from './resolved-deployment';

/** One output file of `dist/` and how to build the chart it holds. */
export interface ChartPlan {
  /**
   * The chart's path under the output folder, e.g. `production/eu-west-1/reconciliation-backend.k8s.yaml`:
   * in a cluster folder it is written once per delivery layer it has objects of
   * (`production/eu-west-1/foundation/reconciliation-backend.k8s.yaml`, `…/workloads/…`).
   */
  readonly file: string;
  /**
   * The environment in the cluster the chart is applied to. Absent for the GitOps engines'
   * own charts (`delivery/`), which no cluster folder holds: they are written as they are,
   * not split by layer nor given sync waves.
   */
  readonly environment?: ResolvedEnvironment;
  /** The service as deployed here, for service charts; absent for the environment's namespace chart. */
  readonly deployment?: ResolvedDeployment;
  /** Builds the chart in the given app; each chart gets an App of its own (see synthesize.ts). */
  readonly build: (app: App) => Chart;
}

/** What is deployed where, and the alert and dashboard definitions every service gets. */
export interface DeploymentMatrix {
  readonly environments: readonly EnvironmentSpec[];
  readonly services: readonly ServiceSpec[];
  readonly alerts: AlertRegistry;
  readonly dashboards: DashboardRegistry;
  /** Where the GitOps engines read dist/ from (lib/delivery/). */
  readonly delivery: DeliverySpec;
}

/** Every deployment resolved once, and the charts built from them. */
export interface DeploymentPlan {
  readonly environments: readonly ResolvedEnvironment[];
  readonly deployments: readonly ResolvedDeployment[];
  readonly charts: readonly ChartPlan[];
}

/** An environment's clusters, by environment name, in plan order. */
export function byEnvironment(targets: readonly ResolvedEnvironment[]): Map<string, ResolvedEnvironment[]> {
  const grouped = new Map<string, ResolvedEnvironment[]>();
  for (const target of targets) grouped.set(target.name, [...grouped.get(target.name) ?? [], target]);
  return grouped;
}

/** The engines' own charts: Argo CD's per environment (for the hub cluster), Flux's per cluster. */
function deliveryCharts(targets: readonly ResolvedEnvironment[], settings: DeliverySettings): ChartPlan[] {
  return [
    ...[...byEnvironment(targets)].map(([environment, own]) => ({
      file: argoCdChartFile(environment),
      build: (app: App) => new ArgoCdChart(app, `argo-cd-${environment}`, { environment, targets: own, settings }),
    })),
    ...targets.map((target) => ({
      file: fluxChartFile(target),
      build: (app: App) => new FluxChart(app, `flux-${target.name}-${target.cluster.name}`, { target, settings }),
    })),
  ];
}

/** The file a namespace chart is written to; `00-` sorts it first in its layer's folder. */
export const NAMESPACE_FILE = '00-namespace.k8s.yaml';

/** Where the namespace chart lands in a cluster folder: its delivery layer's folder, e.g. `foundation/00-namespace.k8s.yaml`. */
export const NAMESPACE_PATH_IN_CLUSTER = layerFile(NAMESPACE_FILE, deliveryStageOf({ apiVersion: 'v1', kind: 'Namespace' }).layer);

/**
 * Resolves every service in every cluster of every environment (each once, validated once)
 * and plans each cluster's namespace chart, its alert routing, then its service charts.
 */
export function planDeployments(matrix: DeploymentMatrix): DeploymentPlan {
  for (const service of matrix.services) withSpecContext({ service: service.name }, () => checkServiceSpecShape(service));
  for (const environment of matrix.environments) withSpecContext({ environment: environment.name }, () => checkEnvironmentSpecShape(environment));
  checkUnique('environments', matrix.environments.map((environment) => environment.name), 'name');
  checkUnique('services', matrix.services.map((service) => service.name), 'name');
  matrix.services.forEach((service, index) => checkDnsLabel(`services[${index}].name`, service.name));
  checkEnvironmentServiceNames(matrix.environments, matrix.services);
  checkClusters(matrix.environments, matrix.services);
  checkNamespacesDistinct(matrix.environments);
  checkPublicHostsUnique(matrix.environments);
  const environments: ResolvedEnvironment[] = [];
  const deployments: ResolvedDeployment[] = [];
  const charts: ChartPlan[] = [];
  matrix.environments.forEach((spec, index) => {
    checkDnsLabel(`environments[${index}].name`, spec.name);
    check(spec.name !== DELIVERY_FOLDER, `environments[${index}].name`, spec.name, `is the folder of dist/ that holds the GitOps engines' objects: pick another name`);
    for (const cluster of spec.clusters) {
      const own = matrix.services.map((service) =>
        withSpecContext({ service: service.name, environment: spec.name }, () => resolveDeployment(service, spec, cluster, matrix.alerts)));
      const environment = own[0]?.environment ?? resolveEnvironment(spec, cluster);
      environments.push(environment);
      charts.push({
        file: `${environment.cluster.folder}/${NAMESPACE_FILE}`,
        environment,
        build: (app) => new NamespaceChart(app, 'namespace', { environment }),
      }, {
        file: `${environment.cluster.folder}/${ALERT_ROUTING_FILE}`,
        environment,
        build: (app) => new AlertRoutingChart(app, 'alert-routing', { environment, alerts: matrix.alerts }),
      });
      for (const deployment of own) {
        deployments.push(deployment);
        charts.push({
          file: deployment.file,
          environment,
          deployment,
          build: (app) => new ServiceChart(app, deployment.service.name, { deployment, alerts: matrix.alerts, dashboards: matrix.dashboards }),
        });
      }
    }
  });
  checkSecretOwners(deployments, matrix.environments);
  checkGatewayListenersUnique(deployments);
  checkRemoteKeysIsolated(deployments);
  checkCapacityQuota(buildCapacityLedger(deployments.map(capacityInputOf), UNPRICED),
    Object.fromEntries(matrix.environments.flatMap((environment) => (environment.capacityQuota ? [[environment.name, environment.capacityQuota]] : []))));
  charts.push(...deliveryCharts(environments, resolveDeliverySettings(matrix.delivery)));
  return { environments, deployments, charts };
}
