import { createHash } from 'crypto';
import type * as cog from '@grafana/grafana-foundation-sdk/cog';
import {
  AnnotationQueryBuilder,
  Dashboard,
  DashboardBuilder,
  DashboardCursorSync,
  DashboardLinkBuilder,
  DashboardLinkType,
  DatasourceVariableBuilder,
  Panel,
  QueryVariableBuilder,
  RowPanel,
  VariableModel,
  VariableRefresh,
  VariableSort,
} from '@grafana/grafana-foundation-sdk/dashboard';
import { PLATFORM } from '../charts/environment-labels';
import { histogramSeries } from '../monitoring/metric-catalog';
import { RUNBOOK_BASE_URL } from '../monitoring/rule-groups';
import type { ResolvedDeployment, ResolvedService } from '../plan/resolved-deployment';
import { check } from '../validation/errors';
import { kubernetesMetrics } from '../monitoring/kubernetes-metrics';
import { CLUSTER_LABEL } from '../monitoring/promql';
import { eq, inSelectedClusters, NAMESPACE_MATCHER, PROMETHEUS_DATASOURCE, selector } from './dashboard-queries';

/**
 * One kind of dashboard, defined once in `dashboards/` and built for every deployment
 * whose signals support it. Register it in `dashboards/registry.ts`.
 */
export interface DashboardDefinition {
  /** Part of the uid and of the file name, e.g. `database-cache`. A DNS-1123 label. */
  readonly slug: string;
  /** Shown after the service name and before the environment, e.g. `Database & Cache`. */
  readonly title: string;
  /** One or two sentences on what the dashboard answers. */
  readonly description: string;
  /**
   * The panels the deployment's signals support, top to bottom. An empty list means the
   * service gets no dashboard of this kind. What differs per environment (effective alert
   * thresholds, SLOs in force) is read from the deployment, never from the specs.
   */
  readonly panels: (deployment: ResolvedDeployment) => readonly cog.Builder<Panel>[];
  /** Variables beyond `datasource`, `namespace` and `job`. @default none */
  readonly extraVariables?: (deployment: ResolvedDeployment) => readonly cog.Builder<VariableModel>[];
  /** The runbook (`docs/runbooks/<file>.md`) of the alerts that land on this dashboard; linked from its header. @default no runbook link */
  readonly runbook?: string;
}

/** Range of the deploy-marker queries: wide enough to catch a generation change between two annotation steps (1m). */
export const DEPLOY_MARKER_RANGE = '2m';

/** Longest uid Grafana accepts. */
export const MAX_DASHBOARD_UID_LENGTH = 40;

/** Every dashboard carries these tags, plus the environment, the service name and the dashboard slug. */
export const DASHBOARD_TAGS: readonly string[] = [PLATFORM];

/**
 * `<environment>-<service>-<slug>`: one Grafana may load the dashboards of several
 * environments (one sidecar watching every namespace), and a uid shared between them
 * would keep only one. A name too long for Grafana's 40 characters is cut and suffixed
 * with a hash of the full name, so it stays unique and stable.
 */
export function dashboardUid(environment: string, service: string, slug: string): string {
  const full = `${environment}-${service}-${slug}`;
  if (full.length <= MAX_DASHBOARD_UID_LENGTH) return full;
  const hash = createHash('sha256').update(full).digest('hex').slice(0, 8);
  return `${full.slice(0, MAX_DASHBOARD_UID_LENGTH - hash.length - 1).replace(/-+$/, '')}-${hash}`;
}

/**
 * The series the `namespace` and `job` variables list values from: the service's
 * request counter if it serves HTTP, else the first metric of its catalog.
 */
export function presenceSeries(service: ResolvedService): string {
  const metric = service.signals.http?.requests ?? Object.values(service.metrics)[0];
  check(metric !== undefined, `services.${service.name}.metrics`, {}, 'must list at least one metric to build dashboards from');
  return metric.type === 'histogram' ? histogramSeries(metric).count : metric.name;
}

/**
 * `datasource`, `cluster`, `namespace` and `job`: the variables every query of every
 * dashboard uses. `cluster` opens on all clusters, `namespace` on the environment's
 * namespace and `job` on the service.
 */
export function standardVariables(deployment: ResolvedDeployment): cog.Builder<VariableModel>[] {
  const { service, namespace } = deployment;
  const series = presenceSeries(service);
  const namespaces = `label_values(${inSelectedClusters(series)}, namespace)`;
  const jobs = `label_values(${selector(series, [NAMESPACE_MATCHER])}, job)`;
  return [
    new DatasourceVariableBuilder('datasource').label('Data source').type('prometheus'),
    clusterVariable(),
    new QueryVariableBuilder('namespace')
      .label('Namespace')
      .description('Namespace of the environment to show')
      .datasource(PROMETHEUS_DATASOURCE)
      .query(namespaces)
      .definition(namespaces)
      .current({ selected: true, text: namespace, value: namespace })
      .refresh(VariableRefresh.OnTimeRangeChanged)
      .sort(VariableSort.AlphabeticalAsc),
    // The ServiceMonitor names the job after the Service, which is named after the service.
    new QueryVariableBuilder('job')
      .label('Job')
      .description('Scrape job of the service (its Kubernetes Service name)')
      .datasource(PROMETHEUS_DATASOURCE)
      .query(jobs)
      .definition(jobs)
      .current({ selected: true, text: service.name, value: service.name })
      .refresh(VariableRefresh.OnTimeRangeChanged)
      .sort(VariableSort.AlphabeticalAsc),
  ];
}

/**
 * The clusters to show, from the `cluster` label Prometheus (its external label) or a
 * global view (Thanos, Mimir) puts on every series. "All" is `.*`, which also matches
 * series without the label, so the dashboards read the same from a single Prometheus.
 */
export function clusterVariable(): QueryVariableBuilder {
  const clusters = `label_values(${kubernetesMetrics.up.name}, ${CLUSTER_LABEL})`;
  return new QueryVariableBuilder(CLUSTER_LABEL)
    .label('Cluster')
    .description('Clusters to show (all: every cluster, and series without a cluster label)')
    .datasource(PROMETHEUS_DATASOURCE)
    .query(clusters)
    .definition(clusters)
    .multi(true)
    .includeAll(true)
    .allValue('.*')
    .current({ selected: true, text: 'All', value: '$__all' })
    .refresh(VariableRefresh.OnTimeRangeChanged)
    .sort(VariableSort.AlphabeticalAsc);
}

/** `reconciliation-backend: API (production)`: the environment shows wherever Grafana lists the dashboard. */
export function dashboardTitle(definition: DashboardDefinition, deployment: ResolvedDeployment): string {
  return `${deployment.service.name}: ${definition.title} (${deployment.environment.name})`;
}

/**
 * Builds one definition for one deployment, or nothing when the service's signals
 * support none of its panels. Panels get ids and queries refIds in
 * reading order, so links to a panel survive rebuilds.
 */
export function buildServiceDashboard(
  definition: DashboardDefinition,
  deployment: ResolvedDeployment,
): Dashboard | undefined {
  const { service, environment } = deployment;
  const panels = definition.panels(deployment);
  if (panels.length === 0) return undefined;
  const builder = new DashboardBuilder(dashboardTitle(definition, deployment))
    .uid(dashboardUid(environment.name, service.name, definition.slug))
    .description(`${definition.description} Service: ${service.description}. Environment: ${environment.name}.`)
    .tags([...DASHBOARD_TAGS, environment.name, service.name, definition.slug])
    .readonly()
    .time({ from: 'now-6h', to: 'now' })
    .refresh('1m')
    .tooltip(DashboardCursorSync.Crosshair);
  for (const variable of [...standardVariables(deployment), ...(definition.extraVariables?.(deployment) ?? [])]) {
    builder.withVariable(variable);
  }
  // Every dashboard of the service marks its deploys, so a change lines up with what it caused.
  builder.annotation(deployMarkers(`changes(${selector(kubernetesMetrics.deploymentGeneration.name, [NAMESPACE_MATCHER, eq('deployment', '$job')])}[${DEPLOY_MARKER_RANGE}]) > 0`));
  for (const link of dashboardLinks(definition, deployment)) builder.link(link);
  for (const panel of panels) builder.withPanel(panel);
  return numberPanels(builder.build());
}

/**
 * The header links: every dashboard of the same service in the same environment (they
 * share its two tags), carrying the time range and the variables (namespace, job,
 * route), and the runbook of the alerts that land here.
 */
export function dashboardLinks(definition: DashboardDefinition, deployment: ResolvedDeployment): DashboardLinkBuilder[] {
  const links = [
    new DashboardLinkBuilder(`${deployment.service.name} dashboards`)
      .type(DashboardLinkType.Dashboards)
      .tags([deployment.environment.name, deployment.service.name])
      .asDropdown(true)
      .includeVars(true)
      .keepTime(true)
      .tooltip(`The other dashboards of ${deployment.service.name} in ${deployment.environment.name}`),
  ];
  if (definition.runbook) {
    links.push(new DashboardLinkBuilder('Runbook')
      .type(DashboardLinkType.Link)
      .url(`${RUNBOOK_BASE_URL}/${definition.runbook}.md`)
      .icon('doc')
      .targetBlank(true)
      .tooltip(`What to do when an alert of this dashboard fires (docs/runbooks/${definition.runbook}.md)`));
  }
  return links;
}

/**
 * A deploy marker: a Grafana annotation wherever the Deployment's generation changed
 * (every spec change: a new image, new settings, a rollback).
 */
export function deployMarkers(expr: string): AnnotationQueryBuilder {
  return new AnnotationQueryBuilder()
    .name('Deploys')
    .datasource(PROMETHEUS_DATASOURCE)
    .enable(true)
    .iconColor('blue')
    .expr(expr)
    .step('1m')
    .titleFormat('Deploy')
    .textFormat('{{deployment}} rolled out a new generation');
}

/** Ids and refIds in reading order, so links to a panel survive rebuilds. */
export function numberPanels(dashboard: Dashboard): Dashboard {
  let nextId = 1;
  const number = (panel: Panel | RowPanel) => {
    panel.id = nextId++;
    if ('targets' in panel && panel.targets) {
      panel.targets.forEach((target, index) => {
        (target as { refId?: string }).refId = String.fromCharCode('A'.charCodeAt(0) + index);
      });
    }
    if (panel.type === 'row') (panel as RowPanel).panels.forEach(number);
  };
  dashboard.panels?.forEach(number);
  return dashboard;
}
