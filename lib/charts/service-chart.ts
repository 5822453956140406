import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { alertPrefix } from '../../alerts/alert-context';
import { dashboardsFor } from '../../dashboards/registry';
import { DashboardConfigMap } from '../dashboards/dashboard-config-map';
import { AlertingRules } from '../monitoring/prometheus-rules';
import { ServiceMonitoring } from '../monitoring/service-monitor';
import { serviceRuleGroups } from '../monitoring/service-rules';
import type { EnvironmentSpec } from '../specs/environment-spec';
import type { ServiceSpec } from '../specs/service-spec';
import { checkSignals } from '../specs/service-signals';
import { check } from '../validation/errors';
import { HttpService } from '../workload/http-service';
import { ServiceSecrets } from '../secrets/service-secrets';
import { targetSecretName, validateSecretsSpec } from '../secrets/secret-inventory';

export interface ServiceChartProps {
  readonly service: ServiceSpec;
  readonly environment: EnvironmentSpec;
}

/** One service in one environment: everything `kubectl apply` needs for it, and its monitoring. */
export class ServiceChart extends Chart {
  public readonly workload: HttpService;
  public readonly monitoring: ServiceMonitoring;
  public readonly alertingRules: AlertingRules;
  /** One ConfigMap per dashboard the service's signals support, loaded by the Grafana sidecar. */
  public readonly dashboards: readonly DashboardConfigMap[];
  /** Present when the service reads secrets. */
  public readonly secrets?: ServiceSecrets;

  constructor(scope: Construct, id: string, props: ServiceChartProps) {
    const { service, environment } = props;
    super(scope, id, {
      namespace: environment.namespace,
      disableResourceNameHashes: true,
      labels: { 'app.kubernetes.io/part-of': 'reconciliation-platform', 'environment': environment.name },
    });
    const deployment = environment.services[service.name] ?? {};
    const imageTag = deployment.imageTag ?? service.imageTag;
    check(imageTag !== undefined, `environments.${environment.name}.services.${service.name}.imageTag`, imageTag,
      `must be set, or services.${service.name}.imageTag must give a default, to deploy ${service.name} there`);

    checkSignals(service.name, service.signals);
    if (service.secrets) validateSecretsSpec(`services.${service.name}.secrets`, service.secrets);
    check(service.secrets !== undefined || deployment.iamRoleArn === undefined,
      `environments.${environment.name}.services.${service.name}.iamRoleArn`, deployment.iamRoleArn,
      `is only used to read secrets, and ${service.name} has none: remove it`);

    this.workload = new HttpService(this, 'Workload', {
      name: service.name,
      component: service.component,
      image: `${service.imageRepository}${imageTag!.startsWith('sha256:') ? '@' : ':'}${imageTag}`,
      httpPort: service.httpPort,
      metricsPort: service.metricsPort,
      health: service.health,
      preStopDelaySeconds: service.preStopDelaySeconds,
      resources: deployment.resources ?? service.resources,
      autoscaling: { ...service.autoscaling, ...deployment.autoscaling },
      env: service.env,
      envFromSecrets: service.secrets ? [targetSecretName(service.name, service.secrets)] : undefined,
      // No iamRoleArn: the environment's role is for reading secrets, which ServiceSecrets
      // does through its own ServiceAccount; the pods never get the role's token.
      ingressNamespace: environment.ingressNamespace,
      monitoringNamespace: environment.monitoringNamespace,
    });

    this.monitoring = new ServiceMonitoring(this, 'Monitoring', {
      name: service.name,
      namespace: environment.namespace,
      serviceSelector: this.workload.selectorLabels,
      path: service.metricsPath,
      monitoringSelector: environment.monitoringSelector,
      labels: this.workload.labels,
    });
    this.alertingRules = new AlertingRules(this, 'AlertingRules', {
      name: service.name,
      environment,
      groups: serviceRuleGroups(service, environment),
      alertPrefix: alertPrefix(service.name),
      scrapeInterval: this.monitoring.interval,
      labels: this.workload.labels,
    });
    this.dashboards = dashboardsFor(service, environment).map(({ slug, dashboard }) =>
      new DashboardConfigMap(this, `Dashboard-${slug}`, { dashboard, labels: this.workload.labels }));

    if (service.secrets) {
      this.secrets = new ServiceSecrets(this, 'Secrets', {
        serviceName: service.name,
        secrets: service.secrets,
        region: environment.awsRegion,
        iamRoleArn: deployment.iamRoleArn,
        workload: this.workload,
      });
    }
  }
}
