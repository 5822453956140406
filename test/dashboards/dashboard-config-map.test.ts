import { readdirSync } from 'fs';
import { ALERT_ROUTING_FILE } from '../../lib/charts/alert-routing-chart';
import { namespaceDashboardFilePath, namespaceDashboardUid } from '../../lib/grafana/namespace-dashboard';
import { join } from 'path';
import type { Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import { Chart } from 'cdk8s';
import { production } from '../../environments/production';
import { staging } from '../../environments/staging';
import {
  DASHBOARD_FILES_DIR, DASHBOARD_LABEL, dashboardFilePath, DashboardConfigMap, DashboardConfigMapProps, DEFAULT_DASHBOARD_FOLDER, MAX_DASHBOARD_JSON_BYTES,
} from '../../lib/grafana/dashboard-config-map';
import { dashboardJson } from '../../lib/grafana/dashboard-config-map';
import { KubernetesObject, validateAgainstSchemas } from '../../lib/validation/schema-validation';
import { reconciliationBackend } from '../../services/reconciliation-backend';
import { findObject, synthServiceChart, testApp } from '../support/charts';
import { ENVIRONMENTS } from '../../main';
import { type ClusterChart, dashboardsFor, resolved, synthesizedMainPlan } from '../support/deployments';

const backendApi = (): Dashboard => dashboardsFor(resolved(reconciliationBackend, production))[0].dashboard;

function synthConfigMap(props: DashboardConfigMapProps): KubernetesObject[] {
  const chart = new Chart(testApp(), 'test', { disableResourceNameHashes: true });
  new DashboardConfigMap(chart, 'Dashboard', props);
  return chart.toJson() as KubernetesObject[];
}

describe('DashboardConfigMap', () => {
  it('ships the dashboard where the kube-prometheus-stack Grafana sidecar finds it', async () => {
    const objects = synthConfigMap({ dashboard: backendApi(), labels: { team: 'platform' } });
    expect(objects).toHaveLength(1);
    expect(objects[0]).toMatchObject({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: {
        name: 'production-reconciliation-backend-api-dashboard',
        labels: { grafana_dashboard: '1', team: 'platform', 'app.kubernetes.io/component': 'dashboard' },
        annotations: { grafana_folder: 'Reconciliation Platform' },
      },
    });
    expect(Object.keys(objects[0].data as object)).toEqual(['production-reconciliation-backend-api.json']);
    expect(await validateAgainstSchemas('test', objects)).toEqual([]);
  });

  it('holds pretty-printed JSON with sorted keys, so a one-panel change is a small diff', () => {
    const json = (synthConfigMap({ dashboard: backendApi() })[0].data as Record<string, string>)['production-reconciliation-backend-api.json'];
    expect(json).toBe(dashboardJson(backendApi()));
    expect(json.startsWith('{\n  "annotations": {\n    "list": [\n      {\n')).toBe(true);
    expect(JSON.parse(json)).toMatchObject({ uid: 'production-reconciliation-backend-api', editable: false });
  });

  it('keeps the sidecar label even when the caller passes a conflicting one', () => {
    const objects = synthConfigMap({ dashboard: backendApi(), labels: { grafana_dashboard: '0' }, folder: 'Elsewhere' });
    expect(objects[0].metadata).toMatchObject({ labels: DASHBOARD_LABEL, annotations: { grafana_folder: 'Elsewhere' } });
  });

  it.each([
    [{ uid: undefined }, 'dashboard.uid ("") must be 1–40 lowercase letters'],
    [{ uid: 'Has_Upper' }, 'dashboard.uid ("Has_Upper") must be'],
    [{ uid: 'x'.repeat(41) }, 'must be 1–40'],
    [{ title: ' ' }, 'dashboard.title (" ") must not be empty'],
  ])('refuses a dashboard with %j', (override, message) => {
    expect(() => synthConfigMap({ dashboard: { ...backendApi(), ...override } })).toThrow(message);
  });

  it('refuses a folder with a slash, which the sidecar would turn into a path', () => {
    expect(() => synthConfigMap({ dashboard: backendApi(), folder: 'a/b' })).toThrow('folder ("a/b") must be a non-empty folder name without "/"');
  });

  it('refuses a dashboard too large for kubectl apply to record', () => {
    const huge = { ...backendApi(), description: 'x'.repeat(MAX_DASHBOARD_JSON_BYTES) };
    expect(() => synthConfigMap({ dashboard: huge })).toThrow(/dashboard production-reconciliation-backend-api \("\d+ bytes"\) must stay under/);
  });

  it('defaults the folder to the platform folder', () => {
    expect(DEFAULT_DASHBOARD_FOLDER).toBe('Reconciliation Platform');
  });
});

describe('dashboards in the service chart', () => {
  it('ships each of the backend\'s dashboards as a ConfigMap in its namespace, with its labels', () => {
    const objects = synthServiceChart(reconciliationBackend, production);
    const configMaps = objects.filter((object) => object.kind === 'ConfigMap' && (object.metadata as { labels?: Record<string, string> }).labels?.grafana_dashboard === '1');
    const names = configMaps.map((object) => object.metadata?.name);
    expect(names).toEqual(dashboardsFor(resolved(reconciliationBackend, production)).map(({ dashboard }) => `${dashboard.uid}-dashboard`));
    expect(names).toEqual(expect.arrayContaining([
      'production-reconciliation-backend-api-dashboard',
      'production-reconciliation-backe-6587bfc7-dashboard',
      'production-reconciliation-backe-f9a92410-dashboard',
    ]));
    const databaseCache = findObject(objects, 'ConfigMap', 'production-reconciliation-backe-6587bfc7-dashboard');
    expect(databaseCache.metadata).toMatchObject({
      namespace: 'reconciliation-platform',
      labels: { 'app.kubernetes.io/name': 'reconciliation-backend', grafana_dashboard: '1' },
    });
    const json = JSON.parse((databaseCache.data as Record<string, string>)['production-reconciliation-backe-6587bfc7.json']);
    expect(json.title).toBe('reconciliation-backend: Database & Cache (production)');
    expect(json.panels.map((panel: { type: string }) => panel.type))
      .toEqual(['stat', 'stat', 'stat', 'timeseries', 'timeseries', 'timeseries', 'heatmap']);
  });
});

/** Every dashboard ConfigMap of every chart main.ts synthesizes, with its dashboard parsed. */
function shippedDashboards(charts: readonly ClusterChart[]) {
  return charts.flatMap((chart) => chart.objects
    .filter((object) => object.kind === 'ConfigMap' && (object.metadata as { labels?: Record<string, string> }).labels?.grafana_dashboard === '1')
    .flatMap((object) => Object.entries(object.data as Record<string, string>).map(([key, json]) => ({
      chart: chart.plan.file,
      environment: chart.plan.environment.name,
      cluster: chart.plan.environment.cluster.folder,
      namespace: object.metadata?.namespace,
      key,
      json,
      dashboard: JSON.parse(json) as Dashboard,
    }))));
}

describe('dashboards of every chart main.ts synthesizes', () => {
  const shipped = shippedDashboards(synthesizedMainPlan());

  it('ships dashboards in both environments', () => {
    expect(new Set(shipped.map((entry) => entry.namespace))).toEqual(new Set([staging.namespace, production.namespace]));
  });

  const duplicates = (values: readonly unknown[]) => values.filter((value, index) => values.indexOf(value) !== index);

  it('never share a uid, a file name or a title within a cluster, so one Grafana sidecar watching every namespace loads them all', () => {
    const clusters = [...new Set(shipped.map((entry) => entry.cluster))];
    expect(clusters.length).toBeGreaterThan(ENVIRONMENTS.length);
    for (const cluster of clusters) {
      const own = shipped.filter((entry) => entry.cluster === cluster);
      expect({ cluster, uids: duplicates(own.map((entry) => entry.dashboard.uid)) }).toEqual({ cluster, uids: [] });
      expect({ cluster, keys: duplicates(own.map((entry) => entry.key)) }).toEqual({ cluster, keys: [] });
      expect({ cluster, titles: duplicates(own.map((entry) => entry.dashboard.title)) }).toEqual({ cluster, titles: [] });
    }
  });

  it('never share a uid, a file name or a title across environments; the clusters of one environment ship each dashboard byte-identical', () => {
    // The clusters of an environment ship the same dashboards (one file in dashboards/<env>/):
    // a uid repeated there is one dashboard, as long as its JSON is the same.
    const byEnvironmentAndUid = new Map<string, (typeof shipped)[number]>();
    for (const entry of shipped) {
      const id = `${entry.environment} ${entry.dashboard.uid}`;
      const first = byEnvironmentAndUid.get(id);
      if (first) expect({ uid: entry.dashboard.uid, cluster: entry.cluster, key: entry.key, same: entry.json === first.json })
        .toEqual({ uid: entry.dashboard.uid, cluster: entry.cluster, key: first.key, same: true });
      else byEnvironmentAndUid.set(id, entry);
    }
    const distinct = [...byEnvironmentAndUid.values()];
    expect(duplicates(distinct.map((entry) => entry.dashboard.uid))).toEqual([]);
    expect(duplicates(distinct.map((entry) => entry.key))).toEqual([]);
    expect(duplicates(distinct.map((entry) => entry.dashboard.title))).toEqual([]);
  });

  it('open on the namespace of the environment they are shipped in', () => {
    for (const entry of shipped) {
      const namespace = entry.dashboard.templating.list?.find((variable) => variable.name === 'namespace');
      expect({ chart: entry.chart, key: entry.key, current: namespace?.current?.value })
        .toEqual({ chart: entry.chart, key: entry.key, current: entry.namespace });
    }
  });
});

describe('dashboard files written by synth', () => {
  const charts = synthesizedMainPlan();
  const files = charts.flatMap((chart) => chart.files);

  it('writes one file per environment, service and dashboard, and one per environment for its namespace, named for people rather than by uid', () => {
    const expected = charts.flatMap(({ plan: { deployment, file } }) => (deployment
      ? dashboardsFor(deployment).map(({ slug }) => dashboardFilePath(deployment.environment.name, deployment.service.name, slug))
      : file.endsWith(ALERT_ROUTING_FILE) ? [namespaceDashboardFilePath(file.split('/')[0])] : []));
    expect(files.map((file) => file.path)).toEqual(expected);
    // Named by environment, service and slug, as people look for them.
    expect(files.map((file) => file.path)).toEqual(expect.arrayContaining([
      ...charts.flatMap(({ plan: { deployment } }) => (deployment ? dashboardsFor(deployment).map(({ slug }) =>
        `dashboards/${deployment.environment.name}/${deployment.service.name}-${slug}.json`) : [])),
      ...ENVIRONMENTS.map((environment) => `dashboards/${environment.name}/namespace.json`),
    ]));
  });

  it('holds exactly the JSON each environment\'s ConfigMap ships', () => {
    let compared = 0;
    for (const chart of charts) {
      const { deployment, environment } = chart.plan;
      if (chart.plan.file.endsWith(ALERT_ROUTING_FILE)) {
        const uid = namespaceDashboardUid(environment.name);
        const configMap = findObject(chart.objects, 'ConfigMap', `${uid}-dashboard`);
        const path = namespaceDashboardFilePath(environment.name);
        expect({ path, same: files.find((candidate) => candidate.path === path)?.content === (configMap.data as Record<string, string>)[`${uid}.json`] })
          .toEqual({ path, same: true });
        compared++;
      }
      if (!deployment) continue;
      for (const { slug, dashboard } of dashboardsFor(deployment)) {
        const configMap = findObject(chart.objects, 'ConfigMap', `${dashboard.uid}-dashboard`);
        const path = dashboardFilePath(deployment.environment.name, deployment.service.name, slug);
        const file = files.find((candidate) => candidate.path === path);
        expect({ path, same: file?.content === (configMap.data as Record<string, string>)[`${dashboard.uid}.json`] })
          .toEqual({ path, same: true });
        compared++;
      }
    }
    expect(compared).toBe(files.length);
  });

  it('leaves no dashboard JSON in the repository that synth no longer writes', () => {
    const onDisk = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return onDisk(path);
      return entry.name.endsWith('.json') ? [path] : [];
    });
    const written = new Set(files.map((file) => file.path));
    expect(onDisk(DASHBOARD_FILES_DIR).filter((path) => !written.has(path))).toEqual([]);
  });
});
