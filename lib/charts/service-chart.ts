import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import type { EnvironmentSpec } from '../specs/environment-spec';
import type { ServiceSpec } from '../specs/service-spec';
import { checkSignals } from '../specs/service-signals';
import { check } from '../validation/errors';
import { HttpService } from '../workload/http-service';

export interface ServiceChartProps {
  readonly service: ServiceSpec;
  readonly environment: EnvironmentSpec;
}

/** One service in one environment: everything `kubectl apply` needs for it, and its monitoring. */
export class ServiceChart extends Chart {
  public readonly workload: HttpService;

  constructor(scope: Construct, id: string, props: ServiceChartProps) {
    const { service, environment } = props;
    super(scope, id, {
      namespace: environment.namespace,
      disableResourceNameHashes: true,
      labels: { 'app.kubernetes.io/part-of': 'reconciliation-platform', 'environment': environment.name },
    });
    const deployment = environment.services[service.name];
    check(deployment !== undefined, `environments.${environment.name}.services`, Object.keys(environment.services),
      `must have an entry for "${service.name}" (its image tag) to deploy it there`);

    checkSignals(service.name, service.signals);

    this.workload = new HttpService(this, 'Workload', {
      name: service.name,
      image: `${service.imageRepository}${deployment.imageTag.startsWith('sha256:') ? '@' : ':'}${deployment.imageTag}`,
      httpPort: service.httpPort,
      metricsPort: service.metricsPort,
      health: service.health,
      resources: deployment.resources ?? service.resources,
      autoscaling: { ...service.autoscaling, ...deployment.autoscaling },
      env: service.env,
      iamRoleArn: deployment.iamRoleArn,
      ingressNamespace: environment.ingressNamespace,
      monitoringNamespace: environment.monitoringNamespace,
    });
  }
}
