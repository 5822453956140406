import type { DashboardRegistry } from '../lib/plan/registries';
import { apiDashboard } from './api';
import { databaseCacheDashboard } from './database-cache';
import { serviceMetricsDashboard } from './service-metrics';
import { sloDashboard } from './slo';
import { workloadDashboard } from './workload';

/**
 * Every kind of dashboard, in the order Grafana lists them. Adding a dashboard is one
 * entry here: synth ships it for every service that supports it, and the lint tests in
 * test/dashboards/ check it like every other. `main.ts` hands this registry to the plan.
 */
export const DASHBOARDS: DashboardRegistry = [
  apiDashboard,
  databaseCacheDashboard,
  workloadDashboard,
  sloDashboard,
  serviceMetricsDashboard,
];
