import {
  Dashboard, DashboardBuilder, DashboardCursorSync, DashboardLinkBuilder, DashboardLinkType, DatasourceVariableBuilder, QueryVariableBuilder, VariableRefresh, VariableSort,
} from '@grafana/grafana-foundation-sdk/dashboard';
import { PLATFORM } from '../charts/environment-labels';
import { DASHBOARD_FILES_DIR } from './dashboard-config-map';
import { kubernetesMetrics as k8s } from '../monitoring/kubernetes-metrics';
import { eq } from '../monitoring/promql';
import type { DashboardPanelRef } from '../monitoring/rule-groups';
import type { ResolvedEnvironment } from '../plan/resolved-deployment';
import { externalSecretsMetrics as eso } from '../secrets/external-secrets-metrics';
import { inSelectedClusters, NAMESPACE_MATCHER, objectsInNamespace, PROMETHEUS_DATASOURCE, prometheusQuery, selector, sumBy } from './dashboard-queries';
import { clusterVariable, DEPLOY_MARKER_RANGE, deployMarkers, numberPanels } from './service-dashboard';
import { RUNBOOK_BASE_URL } from '../monitoring/rule-groups';
import { thresholdSteps } from './threshold-steps';
import { timeseriesPanel } from './timeseries-panel';

/** Slug of the environment's namespace-level dashboard, where the alert-routing alerts land. */
export const NAMESPACE_DASHBOARD_SLUG = 'namespace';

/** The panels the environment's own alerts (alerts/alert-routing-alerts.ts) name. */
export const NAMESPACE_PANELS = {
  routingSecret: { dashboard: NAMESPACE_DASHBOARD_SLUG, panel: 'Alert routing: receiver credentials synced' },
} as const satisfies Record<string, DashboardPanelRef>;

/** `dashboards/<environment>/namespace.json`, next to the services' dashboards. */
export function namespaceDashboardFilePath(environment: string): string {
  return `${DASHBOARD_FILES_DIR}/${environment}/${NAMESPACE_DASHBOARD_SLUG}.json`;
}

/** `<environment>-namespace`: one per environment, next to the services' `<environment>-<service>-<slug>`. */
export function namespaceDashboardUid(environment: string): string {
  return `${environment}-${NAMESPACE_DASHBOARD_SLUG}`;
}

/**
 * What belongs to the environment's namespace rather than to one service: the sync of
 * the alert routing's receiver credentials (the ExternalSecret `routingSecret` names),
 * every ExternalSecret of the namespace, and the available replicas of every Deployment,
 * with deploy markers. Built by the alert-routing chart, whose alerts link here.
 */
export function buildNamespaceDashboard(environment: ResolvedEnvironment, routingSecret: string): Dashboard {
  const namespaces = `label_values(${inSelectedClusters(k8s.deploymentReplicasAvailable.name)}, namespace)`;
  const ready = [eq('condition', 'Ready'), eq('status', 'True')];
  const builder = new DashboardBuilder(`${environment.namespace}: namespace (${environment.name})`)
    .uid(namespaceDashboardUid(environment.name))
    .description(`The namespace ${environment.namespace} as a whole: the alert routing's receiver credentials, every ExternalSecret `
      + `and every Deployment. The alert-routing alerts land here. Environment: ${environment.name}.`)
    .tags([PLATFORM, environment.name, NAMESPACE_DASHBOARD_SLUG])
    .readonly()
    .time({ from: 'now-6h', to: 'now' })
    .refresh('1m')
    .tooltip(DashboardCursorSync.Crosshair)
    .annotation(deployMarkers(`changes(${selector(k8s.deploymentGeneration.name, [NAMESPACE_MATCHER])}[${DEPLOY_MARKER_RANGE}]) > 0`))
    .link(new DashboardLinkBuilder(`Dashboards of ${environment.name}`)
      .type(DashboardLinkType.Dashboards)
      .tags([environment.name])
      .asDropdown(true)
      .includeVars(true)
      .keepTime(true))
    .link(new DashboardLinkBuilder('Runbook')
      .type(DashboardLinkType.Link)
      .url(`${RUNBOOK_BASE_URL}/alerting.md`)
      .icon('doc')
      .targetBlank(true))
    .withVariable(new DatasourceVariableBuilder('datasource').label('Data source').type('prometheus'))
    .withVariable(clusterVariable())
    .withVariable(new QueryVariableBuilder('namespace')
      .label('Namespace')
      .description('Namespace of the environment to show')
      .datasource(PROMETHEUS_DATASOURCE)
      .query(namespaces)
      .definition(namespaces)
      .current({ selected: true, text: environment.namespace, value: environment.namespace })
      .refresh(VariableRefresh.OnTimeRangeChanged)
      .sort(VariableSort.AlphabeticalAsc))
    .withPanel(timeseriesPanel()
      .title(NAMESPACE_PANELS.routingSecret.panel)
      .description(`1 while ESO reports ExternalSecret ${routingSecret} Ready (the PagerDuty key, Slack webhook and heartbeat URL synced from `
        + 'AWS Secrets Manager), 0 while it is not: Alertmanager keeps the last synced values, so alerts still flow, but a rotated key does not arrive.')
      .datasource(PROMETHEUS_DATASOURCE)
      .unit('short')
      .min(0)
      .max(1)
      .thresholds(thresholdSteps('red', { from: 1, color: 'green' }))
      .withTarget(prometheusQuery(objectsInNamespace('max', ['name'], eso.externalSecretCondition.name, [eq('name', routingSecret), ...ready]), '{{name}} Ready'))
      .span(12))
    .withPanel(timeseriesPanel()
      .title('External Secrets sync by ExternalSecret')
      .description('1 while ESO reports the ExternalSecret Ready, 0 while it is not, for every ExternalSecret of the namespace: each service\'s and the alert routing\'s.')
      .datasource(PROMETHEUS_DATASOURCE)
      .unit('short')
      .min(0)
      .max(1)
      .withTarget(prometheusQuery(objectsInNamespace('max', ['name'], eso.externalSecretCondition.name, ready), '{{name}}'))
      .span(12))
    .withPanel(timeseriesPanel()
      .title('Available replicas by Deployment')
      .description('Pods available to serve, per Deployment of the namespace; the service dashboards break each one down.')
      .datasource(PROMETHEUS_DATASOURCE)
      .unit('short')
      .axisLabel('pods')
      .min(0)
      .withTarget(prometheusQuery(sumBy(['deployment'], selector(k8s.deploymentReplicasAvailable.name, [NAMESPACE_MATCHER])), '{{deployment}}'))
      .span(24));
  return numberPanels(builder.build());
}
