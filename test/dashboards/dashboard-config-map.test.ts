import type { Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import { Chart, Testing } from 'cdk8s';
import { dashboardsFor } from '../../dashboards/registry';
import {
  DASHBOARD_LABEL, DashboardConfigMap, DashboardConfigMapProps, DEFAULT_DASHBOARD_FOLDER, MAX_DASHBOARD_JSON_BYTES,
} from '../../lib/dashboards/dashboard-config-map';
import { dashboardFiles } from '../../lib/dashboards/dashboard-files';
import { dashboardJson } from '../../lib/dashboards/dashboard-json';
import { synthesizeCharts } from '../../lib/synth/synthesize';
import { KubernetesObject, validateAgainstSchemas } from '../../lib/validation/schema-validation';
import { plans } from '../../main';
import { reconciliationBackend } from '../../services/reconciliation-backend';
import { findObject, synthServiceChart } from '../support/charts';

const backendApi = (): Dashboard => dashboardsFor(reconciliationBackend)[0].dashboard;

function synthConfigMap(props: DashboardConfigMapProps): KubernetesObject[] {
  const chart = new Chart(Testing.app(), 'test', { disableResourceNameHashes: true });
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
        name: 'reconciliation-backend-api-dashboard',
        labels: { grafana_dashboard: '1', team: 'platform', 'app.kubernetes.io/component': 'dashboard' },
        annotations: { grafana_folder: 'Reconciliation Platform' },
      },
    });
    expect(Object.keys(objects[0].data as object)).toEqual(['reconciliation-backend-api.json']);
    expect(await validateAgainstSchemas('test', objects)).toEqual([]);
  });

  it('holds pretty-printed JSON with sorted keys, so a one-panel change is a small diff', () => {
    const json = (synthConfigMap({ dashboard: backendApi() })[0].data as Record<string, string>)['reconciliation-backend-api.json'];
    expect(json).toBe(dashboardJson(backendApi()));
    expect(json.startsWith('{\n  "annotations": {},\n  "description": ')).toBe(true);
    expect(JSON.parse(json)).toMatchObject({ uid: 'reconciliation-backend-api', editable: false });
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
    expect(() => synthConfigMap({ dashboard: huge })).toThrow(/dashboard reconciliation-backend-api \("\d+ bytes"\) must stay under/);
  });

  it('defaults the folder to the platform folder', () => {
    expect(DEFAULT_DASHBOARD_FOLDER).toBe('Reconciliation Platform');
  });
});

describe('dashboards in the service chart', () => {
  it('ships each of the backend\'s dashboards as a ConfigMap in its namespace, with its labels', () => {
    const objects = synthServiceChart();
    const configMaps = objects.filter((object) => object.kind === 'ConfigMap' && (object.metadata as { labels?: Record<string, string> }).labels?.grafana_dashboard === '1');
    const names = configMaps.map((object) => object.metadata?.name);
    expect(names).toEqual(dashboardsFor(reconciliationBackend).map(({ dashboard }) => `${dashboard.uid}-dashboard`));
    expect(names).toEqual(expect.arrayContaining([
      'reconciliation-backend-api-dashboard',
      'reconciliation-backend-database-cache-dashboard',
      'reconciliation-backend-workload-dashboard',
    ]));
    const databaseCache = findObject(objects, 'ConfigMap', 'reconciliation-backend-database-cache-dashboard');
    expect(databaseCache.metadata).toMatchObject({
      namespace: 'reconciliation-platform',
      labels: { 'app.kubernetes.io/name': 'reconciliation-backend', grafana_dashboard: '1' },
    });
    const json = JSON.parse((databaseCache.data as Record<string, string>)['reconciliation-backend-database-cache.json']);
    expect(json.panels.map((panel: { type: string }) => panel.type))
      .toEqual(['stat', 'stat', 'stat', 'timeseries', 'timeseries', 'timeseries', 'heatmap']);
  });
});

describe('dashboard files written by synth', () => {
  const charts = synthesizeCharts(plans);
  const files = dashboardFiles(charts);

  it('writes each service\'s dashboards once, not once per environment', () => {
    const services = [...new Set(plans.flatMap((plan) => (plan.service ? [plan.service] : [])))];
    expect(files.map((file) => file.path)).toEqual(services.flatMap((service) =>
      dashboardsFor(service).map(({ slug }) => `dashboards/${service.name}-${slug}.json`)));
    expect(files.map((file) => file.path)).toEqual(expect.arrayContaining([
      'dashboards/reconciliation-backend-api.json',
      'dashboards/reconciliation-backend-database-cache.json',
      'dashboards/reconciliation-backend-workload.json',
      'dashboards/collaboration-api-api.json',
      'dashboards/collaboration-api-database-cache.json',
      'dashboards/collaboration-api-workload.json',
      'dashboards/aion-monitoring-api.json',
      'dashboards/aion-monitoring-database-cache.json',
      'dashboards/aion-monitoring-workload.json',
    ]));
  });

  it('holds exactly the JSON every environment\'s ConfigMap ships', () => {
    for (const chart of charts.filter((candidate) => candidate.plan.service)) {
      for (const object of chart.objects.filter((candidate) => candidate.kind === 'ConfigMap' && candidate.metadata?.name?.endsWith('-dashboard'))) {
        const [[key, json]] = Object.entries(object.data as Record<string, string>);
        const file = files.find((candidate) => candidate.path === `dashboards/${key}`);
        expect({ file: file?.path, same: file?.content === json }).toEqual({ file: `dashboards/${key}`, same: true });
      }
    }
  });
});
