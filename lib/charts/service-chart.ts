import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { buildServiceDashboard } from '../grafana/service-dashboard';
import { DashboardConfigMap, dashboardFilePath } from '../grafana/dashboard-config-map';
import { dashboardPanelLinks, ShippedDashboard } from '../grafana/panel-links';
import { AlertingRules } from '../monitoring/alerting-rules';
import { EdgeProbe } from '../monitoring/edge-probe';
import { ServiceMonitoring } from '../monitoring/service-monitoring';
import { type RuleGroup, withRunbookLinks } from '../monitoring/rule-groups';
import type { AlertDefinition, AlertRegistry, DashboardRegistry } from '../plan/registries';
import type { ResolvedDeployment } from '../plan/resolved-deployment';
import { HttpService } from '../workload/http-service';
import { ServiceSecrets } from '../secrets/service-secrets';
import { sloRuleGroups } from '../slo/slo-alert-rules';
import { environmentLabels } from './environment-labels';

export interface ServiceChartProps {
  /** The service as it runs in this environment; the chart reads nothing else. */
  readonly deployment: ResolvedDeployment;
  readonly alerts: AlertRegistry;
  readonly dashboards: DashboardRegistry;
}

/**
 * Every rule group of one deployment, runbook links set: each registered alert
 * concern's (none for signals the service does not export), then its SLOs' (sloRuleGroups sets theirs).
 */
export function serviceRuleGroups(deployment: ResolvedDeployment, alerts: AlertRegistry): RuleGroup[] {
  return [
    ...alerts.definitions.flatMap((definition) => concernRuleGroups(definition, deployment)),
    ...sloRuleGroups(deployment),
  ];
}

/** One alert concern's rule groups for a deployment, runbook links set. */
export function concernRuleGroups(definition: AlertDefinition, deployment: ResolvedDeployment): RuleGroup[] {
  return withRunbookLinks(definition.ruleGroups(deployment), definition.runbook, [deployment.alertPrefix]);
}

/** One shipped dashboard: its kind's slug and the ConfigMap that carries it. */
export interface ChartDashboard {
  readonly slug: string;
  /** Where synth writes its JSON, relative to the repository root (`dashboards/<environment>/…`). */
  readonly file: string;
  readonly configMap: DashboardConfigMap;
}

/** One service in one environment: everything `kubectl apply` needs for it, and its monitoring. */
export class ServiceChart extends Chart {
  public readonly deployment: ResolvedDeployment;
  public readonly workload: HttpService;
  public readonly monitoring: ServiceMonitoring;
  public readonly alertingRules: AlertingRules;
  /** One ConfigMap per dashboard the service's signals support, loaded by the Grafana sidecar. */
  public readonly dashboards: readonly ChartDashboard[];
  /** Present when the service reads secrets. */
  public readonly secrets?: ServiceSecrets;
  /** Present for a service public in this environment: the black-box probe of its host. */
  public readonly edgeProbe?: EdgeProbe;

  constructor(scope: Construct, id: string, props: ServiceChartProps) {
    const { deployment } = props;
    const { environment, workload } = deployment;
    super(scope, id, {
      namespace: deployment.namespace,
      disableResourceNameHashes: true,
      labels: environmentLabels(environment.name),
    });
    this.deployment = deployment;

    this.workload = new HttpService(this, 'Workload', {
      ...workload,
      name: deployment.service.name,
      envFromSecrets: deployment.secrets ? [deployment.secrets.targetSecretName] : undefined,
    });

    if (deployment.edge) {
      this.edgeProbe = new EdgeProbe(this, 'EdgeProbe', {
        name: deployment.edge.name,
        namespace: deployment.namespace,
        service: deployment.service.name,
        target: deployment.edge.target,
        prober: deployment.edge.prober,
        monitoringSelector: deployment.monitoring.selector,
        labels: this.workload.labels,
      });
    }

    this.monitoring = new ServiceMonitoring(this, 'Monitoring', {
      name: deployment.service.name,
      namespace: deployment.namespace,
      serviceSelector: this.workload.selectorLabels,
      path: workload.metricsPath,
      interval: deployment.monitoring.scrapeInterval,
      monitoringSelector: deployment.monitoring.selector,
      labels: this.workload.labels,
    });
    const built: ShippedDashboard[] = props.dashboards.flatMap((definition) => {
      const dashboard = buildServiceDashboard(definition, deployment);
      return dashboard ? [{ slug: definition.slug, dashboard }] : [];
    });

    this.alertingRules = new AlertingRules(this, 'AlertingRules', {
      name: deployment.service.name,
      environment,
      groups: serviceRuleGroups(deployment, props.alerts),
      service: deployment.service.name,
      dashboardLinks: dashboardPanelLinks(built, environment.grafanaUrl),
      alertPrefix: deployment.alertPrefix,
      scrapeInterval: this.monitoring.interval,
      labels: this.workload.labels,
    });
    this.dashboards = built.map(({ slug, dashboard }) => ({
      slug,
      file: dashboardFilePath(environment.name, deployment.service.name, slug),
      configMap: new DashboardConfigMap(this, `Dashboard-${slug}`, { dashboard, labels: this.workload.labels }),
    }));

    if (deployment.secrets) {
      this.secrets = new ServiceSecrets(this, 'Secrets', {
        serviceName: deployment.service.name,
        secrets: { targetSecretName: deployment.secrets.targetSecretName, inventory: deployment.secrets.inventory },
        region: deployment.secrets.region,
        iamRoleArn: deployment.secrets.iamRoleArn,
        workload: this.workload,
      });
    }
  }
}
