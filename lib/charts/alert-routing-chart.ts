import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { ALERT_ROUTING_ALERT_PREFIX, ALERT_ROUTING_NAME, AlertRouting } from '../monitoring/alert-routing';
import type { AlertRoutingSpec } from '../specs/environment-spec';
import { AlertingRules } from '../monitoring/alerting-rules';
import { DashboardConfigMap } from '../grafana/dashboard-config-map';
import { buildNamespaceDashboard, NAMESPACE_DASHBOARD_SLUG, namespaceDashboardFilePath } from '../grafana/namespace-dashboard';
import { dashboardPanelLinks } from '../grafana/panel-links';
import { type RuleGroup, withRunbookLinks } from '../monitoring/rule-groups';
import type { ChartDashboard } from './service-chart';
import type { AlertRegistry } from '../plan/registries';
import type { ResolvedEnvironment } from '../plan/resolved-deployment';
import { environmentLabels } from './environment-labels';

/** docs/runbooks/alerting.md: the runbook of the environment's alerts about its alerting path. */
export const ALERT_ROUTING_RUNBOOK = 'alerting';

/** The environment's alerts about its alerting path, runbook links set. */
export function environmentRuleGroups(environment: ResolvedEnvironment, alerts: Pick<AlertRegistry, 'routing'>): RuleGroup[] {
  return withRunbookLinks(alerts.routing(environment), ALERT_ROUTING_RUNBOOK, [ALERT_ROUTING_ALERT_PREFIX]);
}

/** After the namespace (`00-`), before the services: routing is in place before the first alert can fire. */

export const ALERT_ROUTING_FILE = '01-alert-routing.k8s.yaml';

export interface AlertRoutingChartProps {
  readonly environment: ResolvedEnvironment;
  /** The alert registry; its `routing` alerts (the heartbeat, the credentials' sync) ship in this chart. */
  readonly alerts: Pick<AlertRegistry, 'routing'>;
  /** Where this environment's alerts go. @default the environment's alertRouting */
  readonly routing?: AlertRoutingSpec;
}

/** An environment's alert routing and the alerts that watch it, in a chart of its own so no service's file owns them. */
export class AlertRoutingChart extends Chart {
  public readonly routing: AlertRouting;
  public readonly alertingRules: AlertingRules;
  /** The namespace-level dashboard, where the routing alerts link. */
  public readonly dashboards: readonly ChartDashboard[];

  constructor(scope: Construct, id: string, props: AlertRoutingChartProps) {
    const { environment } = props;
    super(scope, id, {
      namespace: environment.namespace,
      disableResourceNameHashes: true,
      labels: environmentLabels(environment.name),
    });
    this.routing = new AlertRouting(this, 'AlertRouting', { ...(props.routing ?? environment.alertRouting), region: environment.cluster.region });
    const labels = { 'app.kubernetes.io/name': ALERT_ROUTING_NAME, 'app.kubernetes.io/managed-by': 'cdk8s', 'app.kubernetes.io/component': 'alerting' };
    const dashboard = buildNamespaceDashboard(environment, ALERT_ROUTING_NAME);
    this.alertingRules = new AlertingRules(this, 'AlertingRules', {
      name: ALERT_ROUTING_NAME,
      environment,
      service: ALERT_ROUTING_NAME,
      groups: environmentRuleGroups(environment, props.alerts),
      alertPrefix: ALERT_ROUTING_ALERT_PREFIX,
      dashboardLinks: dashboardPanelLinks([{ slug: NAMESPACE_DASHBOARD_SLUG, dashboard }], environment.grafanaUrl),
      labels,
    });
    this.dashboards = [{
      slug: NAMESPACE_DASHBOARD_SLUG,
      file: namespaceDashboardFilePath(environment.name),
      configMap: new DashboardConfigMap(this, 'Dashboard-namespace', { dashboard, labels }),
    }];
  }
}
