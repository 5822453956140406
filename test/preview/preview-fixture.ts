import * as fs from 'fs';
import * as path from 'path';
import { production } from '../../environments/production';
import { ALERT_ROUTING_FILE } from '../../lib/charts/alert-routing-chart';
import { deploymentFacts, environmentPreviewService, NAMESPACE_DASHBOARD_STEM } from '../../lib/preview/deployment-facts';
import type { DashboardJson } from '../../lib/preview/panel-queries';
import type { PreviewService } from '../../lib/preview/preview-run';
import { reconciliationBackend } from '../../services/reconciliation-backend';

const ROOT = path.resolve(__dirname, '..', '..');

/** The backend in production, as `npm run preview` reads it from its spec, dist/ and dashboards/. */
export function backendInProduction(dashboardStems: readonly string[]): PreviewService {
  const manifestFile = path.join('dist', production.name, `${reconciliationBackend.name}.k8s.yaml`);
  const { ruleGroups, ...workload } = deploymentFacts(manifestFile, fs.readFileSync(path.join(ROOT, manifestFile), 'utf8'), reconciliationBackend.name);
  return {
    environment: production.name,
    target: {
      service: reconciliationBackend.name,
      namespace: production.namespace,
      metrics: Object.values(reconciliationBackend.metrics),
      signals: reconciliationBackend.signals ?? {},
      ...workload,
    },
    ruleGroups,
    dashboards: Object.fromEntries(dashboardStems.map((stem) => [stem, dashboardJson(stem)])),
  };
}

export function dashboardJson(stem: string): DashboardJson {
  return JSON.parse(fs.readFileSync(path.join(ROOT, 'dashboards', production.name, `${stem}.json`), 'utf8')) as DashboardJson;
}

/** Production's own part: its alert-routing rules and ExternalSecret, and the namespace dashboard. */
export function environmentInProduction(): PreviewService {
  return environmentPreviewService(production.name, production.namespace,
    fs.readFileSync(path.join(ROOT, 'dist', production.name, ALERT_ROUTING_FILE), 'utf8'), dashboardJson(NAMESPACE_DASHBOARD_STEM));
}
