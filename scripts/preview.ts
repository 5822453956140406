/**
 * `npm run preview`: replays a synthetic incident into a local Prometheus, queries every
 * panel of every dashboard in dashboards/<env>/, renders one PNG per dashboard into
 * preview/<env>/ and prints when each shipped alert would have fired. Fails on a panel
 * without data, a query error, or an alert that contradicts the scenario.
 *
 * Reads the service specs (metric catalogs and signals) and the synthesized dist/ and
 * dashboards/ folders, each environment from its first cluster's folder; run `npm run synth` first.
 */
import * as fs from 'fs';
import * as path from 'path';
import { alertTable } from '../lib/preview/alert-timeline';
import { ALERT_ROUTING_FILE } from '../lib/charts/alert-routing-chart';
import { deploymentFacts, environmentPreviewService, NAMESPACE_DASHBOARD_STEM } from '../lib/preview/deployment-facts';
import type { DashboardJson } from '../lib/preview/panel-queries';
import { PreviewService, runPreview } from '../lib/preview/preview-run';
import { renderDashboardPng } from '../lib/preview/render-dashboard';
import { byEnvironment } from '../lib/plan/deployment-plan';
import { deploymentPlan } from '../main';
import { chartManifest } from './dist-tree';

const plan = deploymentPlan();

const OUTPUT_DIR = 'preview';

/**
 * The cluster each environment is previewed in: its first. The clusters of an environment
 * ship the same rules and dashboards (dashboards/<env>/ holds them once), so the preview
 * replays each environment once; a cluster's own replica bounds or public host
 * (`clusters[].services`) are not replayed.
 */
const previewed = [...byEnvironment(plan.environments).values()].map(([first]) => first);
const previewedFolders = new Set(previewed.map((environment) => environment.cluster.folder));

/** Every service main.ts plans in each environment, with the rules and dashboards synth wrote for it, and each environment's own (alert routing, namespace view). */
function previewServices(root: string): PreviewService[] {
  const services = plan.deployments
    .filter((deployment) => previewedFolders.has(deployment.environment.cluster.folder))
    .map(({ environment, service: spec, file }): PreviewService => {
      const manifest = chartManifest(root, file);
      const facts = deploymentFacts(manifest.path, manifest.text, spec.name);
      const dashboardDir = path.join(root, 'dashboards', environment.name);
      const dashboards = Object.fromEntries(fs.readdirSync(dashboardDir)
        .filter((file) => file.startsWith(`${spec.name}-`) && file.endsWith('.json'))
        .sort()
        .map((file) => [file.replace(/\.json$/, ''), JSON.parse(fs.readFileSync(path.join(dashboardDir, file), 'utf8')) as DashboardJson]));
      const { ruleGroups, ...workload } = facts;
      return {
        environment: environment.name,
        target: { service: spec.name, namespace: environment.namespace, metrics: Object.values(spec.metrics), signals: spec.signals ?? {}, ...workload },
        ruleGroups,
        dashboards,
      };
    });
  // The alert-routing chart's ExternalSecret is in foundation/, its PrometheusRule in workloads/: chartManifest reads both.
  const environments = previewed.map((environment) => environmentPreviewService(environment.name, environment.namespace,
    chartManifest(root, `${environment.cluster.folder}/${ALERT_ROUTING_FILE}`).text,
    JSON.parse(fs.readFileSync(path.join(root, 'dashboards', environment.name, `${NAMESPACE_DASHBOARD_STEM}.json`), 'utf8')) as DashboardJson));
  return [...services, ...environments];
}

async function main(): Promise<number> {
  const root = path.resolve(__dirname, '..');
  const started = Date.now();
  const result = await runPreview(previewServices(root), (line) => console.log(line));
  for (const dashboard of result.dashboards) {
    const file = path.join(root, OUTPUT_DIR, dashboard.environment, `${dashboard.stem}.png`);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, await renderDashboardPng(dashboard));
  }
  console.log(`\nAlerts over the replayed incident (times after the replay start):\n${alertTable(result.episodes)}\n`);
  console.log(`${result.dashboards.length} dashboards rendered into ${OUTPUT_DIR}/ in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  if (result.failures.length > 0) {
    console.error(`\nThe preview failed:\n${result.failures.map((failure) => `  - ${failure}`).join('\n')}`);
    return 1;
  }
  return 0;
}

// Stopping on Ctrl-C still runs the exit hooks that stop Prometheus.
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(130));

main().then((code) => process.exit(code), (error: Error) => {
  console.error(error.message);
  process.exit(1);
});
