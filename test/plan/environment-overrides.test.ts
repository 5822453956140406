import * as fs from 'fs';
import * as path from 'path';
import { loadAll } from 'js-yaml';
import { FARGATE_LIST_PRICE } from '../../environments/prices';
import { production } from '../../environments/production';
import { staging } from '../../environments/staging';
import { DASHBOARD_LABEL } from '../../lib/grafana/dashboard-config-map';
import { renderDeploymentSummary } from '../../lib/review/deployment-summary';
import type { EnvironmentSpec, ServiceDeploymentSpec } from '../../lib/specs/environment-spec';
import { toYaml } from '../../lib/synth/synthesize';
import { reconciliationBackend } from '../../services/reconciliation-backend';
import { clusterFolders, outlinesOf, planOf, synthesizedMainPlan, synthesizeCharts } from '../support/deployments';
import { deploymentPlan, SERVICES } from '../../main';

/**
 * One resolved deployment feeds every output: an override in one environment must show
 * in that environment's rules, dashboards, summary and manifests, and nowhere else.
 */

const BACKEND = reconciliationBackend.name;

function withBackendOverride(environment: EnvironmentSpec, change: Partial<ServiceDeploymentSpec>): EnvironmentSpec {
  return { ...environment, services: { ...environment.services, [BACKEND]: { ...environment.services[BACKEND], ...change } } };
}

/* eslint-disable @typescript-eslint/no-explicit-any -- reading synthesized manifests */
function outputs(environments: EnvironmentSpec[]) {
  const charts = synthesizeCharts(planOf(environments, SERVICES).charts);
  /** The environment's cluster folders (`production/eu-west-1`, …): an override of the environment shows in each. */
  const folders = (environment: string) => [...new Set(charts.flatMap(({ plan }) =>
    (plan.environment?.name === environment ? [plan.environment.cluster.folder] : [])))];
  const backend = (folder: string) => charts.find((chart) => chart.plan.file === `${folder}/${BACKEND}.k8s.yaml`)!;
  const rules = (folder: string) => (backend(folder).objects.find((o) => o.kind === 'PrometheusRule') as any).spec.groups
    .flatMap((group: any) => group.rules);
  const dashboard = (folder: string, slug: string) => JSON.parse(backend(folder).files
    .find((file) => file.path.endsWith(`${BACKEND}-${slug}.json`))!.content);
  // The summary's per-deployment part: the documents of main.ts read main's own plan.
  const summary = renderDeploymentSummary({ outlines: outlinesOf(charts), kindsByCluster: new Map(), placeholders: [], capacity: { prices: FARGATE_LIST_PRICE, lines: [] }, scaling: [] });
  const section = (environment: string) => summary.slice(summary.indexOf(`## ${environment}`)).split('\n## ')[0];
  return { folders, backend, rules, dashboard, section, yaml: (folder: string) => toYaml(backend(folder)) };
}

const panelTitles = (dashboard: any): string[] => dashboard.panels.map((panel: any) => panel.title);

// Checked in every cluster folder of each environment: an environment's override reaches all its clusters.
describe('disabling the availability SLO in production only', () => {
  const base = outputs([staging, production]);
  const changed = outputs([staging, withBackendOverride(production, { slos: { availability: { enabled: false } } })]);
  const productionFolders = changed.folders('production');
  const stagingFolders = changed.folders('staging');

  it('plans both of production\'s clusters', () => {
    expect(productionFolders).toHaveLength(production.clusters.length);
    expect(productionFolders.length).toBeGreaterThan(1);
    expect(stagingFolders).toHaveLength(staging.clusters.length);
  });

  it.each(productionFolders)('drops its recording rules and burn-rate alerts from production\'s rules (%s)', (folder) => {
    const availability = (rules: any[]) => rules.filter((rule) => rule.labels?.slo === 'availability' || /Availability/.test(rule.alert ?? ''));
    expect(availability(base.rules(folder)).length).toBeGreaterThan(0);
    expect(availability(changed.rules(folder))).toEqual([]);
  });

  it.each(productionFolders)('drops its panels from production\'s SLO dashboard (%s)', (folder) => {
    expect(panelTitles(base.dashboard(folder, 'slo')).filter((title) => title.startsWith('Availability')).length).toBe(4);
    expect(panelTitles(changed.dashboard(folder, 'slo')).filter((title) => title.startsWith('Availability'))).toEqual([]);
    expect(panelTitles(changed.dashboard(folder, 'slo')).filter((title) => title.startsWith('Latency')).length).toBe(4);
  });

  it('drops its alerts from production\'s section of the summary', () => {
    expect(base.section('production')).toContain('ReconciliationBackendAvailabilityErrorBudgetFastBurn');
    expect(changed.section('production')).not.toContain('ReconciliationBackendAvailabilityErrorBudgetFastBurn');
  });

  it.each(stagingFolders)('leaves staging byte-identical (%s)', (folder) => {
    expect(changed.yaml(folder)).toBe(base.yaml(folder));
    expect(changed.dashboard(folder, 'slo')).toEqual(base.dashboard(folder, 'slo'));
    expect(changed.section('staging')).toBe(base.section('staging'));
  });
});

describe('raising the DB latency threshold to 300 ms in production only', () => {
  const changed = outputs([staging, withBackendOverride(production, { alertThresholds: { dbLatencyP95Seconds: 0.3 } })]);
  const latencyAlert = (folder: string) => changed.rules(folder).find((rule: any) => rule.alert === 'ReconciliationBackendDbLatencyHigh');
  const latencyStat = (folder: string) => changed.dashboard(folder, 'database-cache').panels
    .find((panel: any) => panel.title.startsWith('DB query duration'));
  const productionFolders = changed.folders('production');
  const stagingFolders = changed.folders('staging');

  it('moves production\'s alert in each of its clusters and leaves staging\'s at 200 ms', () => {
    expect(productionFolders.length).toBeGreaterThan(1);
    for (const folder of productionFolders) expect({ folder, expr: latencyAlert(folder).expr }).toEqual({ folder, expr: expect.stringContaining('> 0.3') });
    expect(stagingFolders.length).toBeGreaterThan(0);
    for (const folder of stagingFolders) expect({ folder, expr: latencyAlert(folder).expr }).toEqual({ folder, expr: expect.stringContaining('> 0.2') });
  });

  it('moves production\'s dashboard colour to the same figure', () => {
    const steps = (folder: string) => latencyStat(folder).fieldConfig.defaults.thresholds.steps.map((step: any) => step.value);
    for (const folder of productionFolders) expect({ folder, steps: steps(folder) }).toEqual({ folder, steps: expect.arrayContaining([0.3]) });
    for (const folder of stagingFolders) {
      expect({ folder, steps: steps(folder) }).toEqual({ folder, steps: expect.arrayContaining([0.2]) });
      expect(steps(folder)).not.toContain(0.3);
    }
  });

  it('shows the new figure in production\'s summary only', () => {
    expect(changed.section('production')).toContain('p95 above 300 ms');
    expect(changed.section('staging')).toContain('p95 above 200 ms');
  });
});

describe('dashboards/<env>/*.json on disk', () => {
  const root = path.resolve(__dirname, '../..');
  /** Every `*.k8s.yaml` under a folder, its layer folders (foundation/, workloads/) included. */
  const chartFilesUnder = (folder: string): string[] => fs.readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
    if (entry.isDirectory()) return chartFilesUnder(path.join(folder, entry.name));
    return entry.name.endsWith('.k8s.yaml') ? [path.join(folder, entry.name)] : [];
  });

  // Per cluster folder: the clusters of an environment ship the same dashboards, and
  // dashboards/<env>/ holds them once, so each cluster's ConfigMaps must equal it.
  it('equal the data of their ConfigMaps in each cluster folder dist/<env>/<cluster>/, byte for byte', () => {
    let compared = 0;
    const folders = deploymentPlan().environments.map((environment) => environment.cluster.folder);
    expect(folders).toEqual(clusterFolders());
    for (const folder of folders) {
      const environment = folder.split('/')[0];
      const dashboards = new Map<string, string>();
      for (const file of chartFilesUnder(path.join(root, 'dist', folder))) {
        for (const document of loadAll(fs.readFileSync(file, 'utf8'))) {
          const object = document as any;
          if (object?.kind !== 'ConfigMap' || object.metadata.labels?.grafana_dashboard !== '1') continue;
          for (const json of Object.values(object.data as Record<string, string>)) dashboards.set(JSON.parse(json).uid, json);
        }
      }
      const files = fs.readdirSync(path.join(root, 'dashboards', environment));
      expect({ folder, count: files.length }).toEqual({ folder, count: dashboards.size });
      for (const file of files) {
        const text = fs.readFileSync(path.join(root, 'dashboards', environment, file), 'utf8');
        expect({ folder, file, same: dashboards.get(JSON.parse(text).uid) === text }).toEqual({ folder, file, same: true });
        compared++;
      }
    }
    // As many as the plan ships: every dashboard ConfigMap of every cluster folder was compared with its file.
    const shipped = synthesizedMainPlan().flatMap(({ objects }) => objects)
      .filter((object) => object.kind === 'ConfigMap' && (object.metadata as { labels?: Record<string, string> }).labels?.grafana_dashboard === DASHBOARD_LABEL.grafana_dashboard);
    expect(compared).toBe(shipped.length);
    expect(compared).toBeGreaterThan(0);
  });
});
