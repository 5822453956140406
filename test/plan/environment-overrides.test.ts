import * as fs from 'fs';
import * as path from 'path';
import { loadAll } from 'js-yaml';
import { FARGATE_LIST_PRICE } from '../../environments/prices';
import { production } from '../../environments/production';
import { staging } from '../../environments/staging';
import { renderDeploymentSummary } from '../../lib/review/deployment-summary';
import type { EnvironmentSpec, ServiceDeploymentSpec } from '../../lib/specs/environment-spec';
import { toYaml } from '../../lib/synth/synthesize';
import { reconciliationBackend } from '../../services/reconciliation-backend';
import { outlinesOf, planOf, synthesizeCharts } from '../support/deployments';
import { SERVICES } from '../../main';

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
  const backend = (environment: string) => charts.find((chart) => chart.plan.file === `${environment}/${BACKEND}.k8s.yaml`)!;
  const rules = (environment: string) => (backend(environment).objects.find((o) => o.kind === 'PrometheusRule') as any).spec.groups
    .flatMap((group: any) => group.rules);
  const dashboard = (environment: string, slug: string) => JSON.parse(backend(environment).files
    .find((file) => file.path.endsWith(`${BACKEND}-${slug}.json`))!.content);
  // The summary's per-deployment part: the documents of main.ts read main's own plan.
  const summary = renderDeploymentSummary({ outlines: outlinesOf(charts), kindsByCluster: new Map(), placeholders: [], capacity: { prices: FARGATE_LIST_PRICE, lines: [] }, scaling: [] });
  const section = (environment: string) => summary.slice(summary.indexOf(`## ${environment}`)).split('\n## ')[0];
  return { backend, rules, dashboard, section, yaml: (environment: string) => toYaml(backend(environment)) };
}

const panelTitles = (dashboard: any): string[] => dashboard.panels.map((panel: any) => panel.title);

describe('disabling the availability SLO in production only', () => {
  const base = outputs([staging, production]);
  const changed = outputs([staging, withBackendOverride(production, { slos: { availability: { enabled: false } } })]);

  it('drops its recording rules and burn-rate alerts from production\'s rules', () => {
    const availability = (rules: any[]) => rules.filter((rule) => rule.labels?.slo === 'availability' || /Availability/.test(rule.alert ?? ''));
    expect(availability(base.rules('production')).length).toBeGreaterThan(0);
    expect(availability(changed.rules('production'))).toEqual([]);
  });

  it('drops its panels from production\'s SLO dashboard', () => {
    expect(panelTitles(base.dashboard('production', 'slo')).filter((title) => title.startsWith('Availability')).length).toBe(4);
    expect(panelTitles(changed.dashboard('production', 'slo')).filter((title) => title.startsWith('Availability'))).toEqual([]);
    expect(panelTitles(changed.dashboard('production', 'slo')).filter((title) => title.startsWith('Latency')).length).toBe(4);
  });

  it('drops its alerts from production\'s section of the summary', () => {
    expect(base.section('production')).toContain('ReconciliationBackendAvailabilityErrorBudgetFastBurn');
    expect(changed.section('production')).not.toContain('ReconciliationBackendAvailabilityErrorBudgetFastBurn');
  });

  it('leaves staging byte-identical', () => {
    expect(changed.yaml('staging')).toBe(base.yaml('staging'));
    expect(changed.dashboard('staging', 'slo')).toEqual(base.dashboard('staging', 'slo'));
    expect(changed.section('staging')).toBe(base.section('staging'));
  });
});

describe('raising the DB latency threshold to 300 ms in production only', () => {
  const changed = outputs([staging, withBackendOverride(production, { alertThresholds: { dbLatencyP95Seconds: 0.3 } })]);
  const latencyAlert = (environment: string) => changed.rules(environment).find((rule: any) => rule.alert === 'ReconciliationBackendDbLatencyHigh');
  const latencyStat = (environment: string) => changed.dashboard(environment, 'database-cache').panels
    .find((panel: any) => panel.title.startsWith('DB query duration'));

  it('moves production\'s alert and leaves staging\'s at 200 ms', () => {
    expect(latencyAlert('production').expr).toContain('> 0.3');
    expect(latencyAlert('staging').expr).toContain('> 0.2');
  });

  it('moves production\'s dashboard colour to the same figure', () => {
    const steps = (environment: string) => latencyStat(environment).fieldConfig.defaults.thresholds.steps.map((step: any) => step.value);
    expect(steps('production')).toContain(0.3);
    expect(steps('staging')).toContain(0.2);
    expect(steps('staging')).not.toContain(0.3);
  });

  it('shows the new figure in production\'s summary only', () => {
    expect(changed.section('production')).toContain('p95 above 300 ms');
    expect(changed.section('staging')).toContain('p95 above 200 ms');
  });
});

describe('dashboards/<env>/*.json on disk', () => {
  const root = path.resolve(__dirname, '../..');
  it('equal the data of their ConfigMaps in dist/<env>/, byte for byte', () => {
    let compared = 0;
    for (const environment of ['staging', 'production']) {
      const dashboards = new Map<string, string>();
      for (const file of fs.readdirSync(path.join(root, 'dist', environment)).filter((name) => name.endsWith('.k8s.yaml'))) {
        for (const document of loadAll(fs.readFileSync(path.join(root, 'dist', environment, file), 'utf8'))) {
          const object = document as any;
          if (object?.kind !== 'ConfigMap' || object.metadata.labels?.grafana_dashboard !== '1') continue;
          for (const json of Object.values(object.data as Record<string, string>)) dashboards.set(JSON.parse(json).uid, json);
        }
      }
      const files = fs.readdirSync(path.join(root, 'dashboards', environment));
      expect(files.length).toBe(dashboards.size);
      for (const file of files) {
        const text = fs.readFileSync(path.join(root, 'dashboards', environment, file), 'utf8');
        expect({ file, same: dashboards.get(JSON.parse(text).uid) === text }).toEqual({ file, same: true });
        compared++;
      }
    }
    // Per environment: 14 service dashboards (four each, Service metrics for two of them) and the namespace's.
    expect(compared).toBe(30);
  });
});
