import * as fs from 'fs';
import * as path from 'path';
import { production } from '../../environments/production';
import { ALERT_ROUTING_FILE } from '../../lib/charts/alert-routing-chart';
import { deploymentFacts, environmentPreviewService, NAMESPACE_DASHBOARD_STEM } from '../../lib/preview/deployment-facts';
import type { DashboardJson } from '../../lib/preview/panel-queries';
import type { PreviewService } from '../../lib/preview/preview-run';
import { reconciliationBackend } from '../../services/reconciliation-backend';
import { chartManifest } from '../../scripts/dist-tree';

const ROOT = path.resolve(__dirname, '..', '..');

/**
 * The cluster folder `npm run preview` reads production from: its first cluster's. The clusters
 * of an environment ship identical rules and dashboards, so the preview replays one of them.
 */
const PRODUCTION_FOLDER = `${production.name}/${production.clusters[0].name}`;

/** The backend in production, as `npm run preview` reads it from its spec, dist/ and dashboards/. */
export function backendInProduction(dashboardStems: readonly string[]): PreviewService {
  const manifest = chartManifest(ROOT, `${PRODUCTION_FOLDER}/${reconciliationBackend.name}.k8s.yaml`);
  const { ruleGroups, ...workload } = deploymentFacts(manifest.path, manifest.text, reconciliationBackend.name);
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
    chartManifest(ROOT, `${PRODUCTION_FOLDER}/${ALERT_ROUTING_FILE}`).text, dashboardJson(NAMESPACE_DASHBOARD_STEM));
}
