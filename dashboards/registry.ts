import type { Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import { buildServiceDashboard, DashboardDefinition } from '../lib/dashboards/service-dashboard';
import type { EnvironmentSpec } from '../lib/specs/environment-spec';
import type { ServiceSpec } from '../lib/specs/service-spec';
import { apiDashboard } from './api';
import { databaseCacheDashboard } from './database-cache';
import { sloDashboard } from './slo';
import { workloadDashboard } from './workload';

/**
 * Every kind of dashboard, in the order Grafana lists them. Adding a dashboard is one
 * entry here: synth ships it for every service that supports it, and the lint tests in
 * test/dashboards/ check it like every other.
 */
export const DASHBOARDS: readonly DashboardDefinition[] = [
  apiDashboard,
  databaseCacheDashboard,
  workloadDashboard,
  sloDashboard,
];

/** One dashboard built for one service in one environment. */
export interface ServiceDashboard {
  readonly environment: string;
  readonly service: string;
  readonly slug: string;
  readonly dashboard: Dashboard;
}

/** The dashboards a service gets in an environment: those whose panels its signals support. */
export function dashboardsFor(
  service: ServiceSpec,
  environment: EnvironmentSpec,
  definitions: readonly DashboardDefinition[] = DASHBOARDS,
): ServiceDashboard[] {
  return definitions.flatMap((definition) => {
    const dashboard = buildServiceDashboard(definition, service, environment);
    return dashboard ? [{ environment: environment.name, service: service.name, slug: definition.slug, dashboard }] : [];
  });
}
