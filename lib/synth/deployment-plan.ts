import { App, Chart } from 'cdk8s';
import { NamespaceChart } from '../charts/namespace-chart';
import { ServiceChart } from '../charts/service-chart';
import type { EnvironmentSpec } from '../specs/environment-spec';
import type { ServiceSpec } from '../specs/service-spec';
import { checkDnsLabel, checkUnique } from '../validation/names';

/** One output file of `dist/` and how to build the chart it holds. */
export interface ChartPlan {
  /** Path under the output folder, e.g. `production/reconciliation-backend.k8s.yaml`. */
  readonly file: string;
  readonly environment: EnvironmentSpec;
  /** The service, for service charts; absent for the environment's namespace chart. */
  readonly service?: ServiceSpec;
  /** Builds the chart in the given app; each chart gets an App of its own (see synthesize.ts). */
  readonly build: (app: App) => Chart;
}

export interface DeploymentMatrix {
  readonly environments: readonly EnvironmentSpec[];
  readonly services: readonly ServiceSpec[];
}

/** The file a namespace chart is written to; `00-` makes `kubectl apply -f dist/<env>/` create it first. */
export const NAMESPACE_FILE = '00-namespace.k8s.yaml';

/** Every service in every environment, plus each environment's namespace. */
export function planDeployments(matrix: DeploymentMatrix): ChartPlan[] {
  checkUnique('environments.name', matrix.environments.map((environment) => environment.name));
  checkUnique('services.name', matrix.services.map((service) => service.name));
  const plans: ChartPlan[] = [];
  for (const environment of matrix.environments) {
    checkDnsLabel('environment.name', environment.name);
    plans.push({
      file: `${environment.name}/${NAMESPACE_FILE}`,
      environment,
      build: (app) => new NamespaceChart(app, 'namespace', { environment }),
    });
    for (const service of matrix.services) {
      checkDnsLabel('service.name', service.name);
      plans.push({
        file: `${environment.name}/${service.name}.k8s.yaml`,
        environment,
        service,
        build: (app) => new ServiceChart(app, service.name, { service, environment }),
      });
    }
  }
  return plans;
}
