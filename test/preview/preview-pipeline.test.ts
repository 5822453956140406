import * as fs from 'fs';
import * as os from 'os';
import { PHASE_BOUNDARIES } from '../../lib/preview/alert-timeline';
import { EXPECTED_ALERTS } from '../../lib/preview/incident-scenario';
import type { DashboardJson } from '../../lib/preview/panel-queries';
import { PreviewResult, runPreview } from '../../lib/preview/preview-run';
import { renderDashboardPng } from '../../lib/preview/render-dashboard';
import { ensurePromtool } from '../support/promtool';
import { backendInProduction, dashboardJson, environmentInProduction } from './preview-fixture';

/** The shipped API dashboard with one target's query broken and one panel asking for a metric nobody exports. */
function brokenDashboard(): DashboardJson {
  const shipped = dashboardJson('reconciliation-backend-api');
  const [first, second, ...rest] = shipped.panels;
  return {
    ...shipped,
    panels: [
      { ...first, targets: first.targets!.map((target) => ({ ...target, expr: `sum(rate(${target.expr}` })) },
      { ...second, title: 'Renamed metric', targets: [{ refId: 'A', expr: 'sum(rate(reconciliation_http_requests_renamed_total{job="$job"}[$__rate_interval]))' }] },
      ...rest,
    ],
  };
}

describe('npm run preview on the backend in production (one Prometheus for the file)', () => {
  let result: PreviewResult;
  const tempBefore = new Set(fs.readdirSync(os.tmpdir()));

  beforeAll(async () => {
    ensurePromtool();
    const service = backendInProduction(['reconciliation-backend-database-cache', 'reconciliation-backend-slo', 'reconciliation-backend-workload']);
    result = await runPreview([{ ...service, dashboards: { ...service.dashboards, 'broken-api': brokenDashboard() } }, environmentInProduction()]);
  }, 120_000);

  it('fails a panel whose query errors, naming the dashboard, the panel and the query', () => {
    const broken = result.failures.filter((failure) => failure.includes('broken-api.json'));
    expect(broken).toEqual(expect.arrayContaining([
      expect.stringMatching(/^dashboards\/production\/broken-api\.json › panel "Request rate by route" › A: sum\(rate\(sum by \(route\).*: query error: .*parse error/),
      expect.stringMatching(/^dashboards\/production\/broken-api\.json › panel "Renamed metric" › A: sum\(rate\(reconciliation_http_requests_renamed_total.*: returned no data$/),
    ]));
    expect(broken).toHaveLength(2);
  });

  it('gives every shipped panel data, with $namespace, $job, $route and $__rate_interval resolved', () => {
    expect(result.failures.filter((failure) => !failure.includes('broken-api.json'))).toEqual([]);
    // The heatmap repeats per route, as Grafana draws it: one copy per value, its title naming it.
    const heatmaps = result.dashboards.find(({ stem }) => stem === 'reconciliation-backend-database-cache')!
      .panels.filter(({ panel }) => panel.type === 'heatmap');
    expect(heatmaps.map(({ panel }) => panel.title)).toEqual([
      'DB query duration heatmap: route /api/v1/accounts', 'DB query duration heatmap: route /api/v1/reconciliations',
    ]);
    expect(heatmaps[1].targets[0].expr).toContain('route=~"/api/v1/reconciliations"}[60s]');
    const slo = result.dashboards.find(({ stem }) => stem === 'reconciliation-backend-slo')!;
    const budget = slo.panels.find(({ panel }) => panel.title === 'Availability: error budget remaining')!;
    expect(budget.targets[0].series[0].points.length).toBeGreaterThan(100);
  });

  it('shows the crash loop on the state timeline, the rollout as a deploy marker, and the routing secret\'s sync on the namespace view', () => {
    const workload = result.dashboards.find(({ stem }) => stem === 'reconciliation-backend-workload')!;
    const states = workload.panels.find(({ panel }) => panel.type === 'state-timeline')!;
    expect(states.targets.flatMap(({ series }) => series.map(({ name }) => name.split(' · ')[0]))).toEqual(['waiting: CrashLoopBackOff', 'last terminated: Error']);
    const recovery = PHASE_BOUNDARIES.find(({ name }) => name === 'recovery')!;
    expect(states.markers).toEqual([recovery.start]);
    const namespace = result.dashboards.find(({ stem }) => stem === 'namespace')!;
    const routing = namespace.panels.find(({ panel }) => panel.title === 'Alert routing: receiver credentials synced')!;
    expect(new Set(routing.targets[0].series[0].points.map(([, value]) => value))).toEqual(new Set([0, 1]));
  });

  it('fires each expected alert in its phase and nothing else', () => {
    const fired = (suffix: string) => result.episodes.filter(({ alert, firingAt }) => alert.endsWith(suffix) && firingAt !== undefined);
    for (const { alertSuffix } of EXPECTED_ALERTS) expect([alertSuffix, fired(alertSuffix).length > 0]).toEqual([alertSuffix, true]);
    expect(result.failures.filter((failure) => failure.includes(' phase'))).toEqual([]);
    expect(fired('MetricsAbsent')).toEqual([]);
    expect(fired('HpaAtMaxReplicas')).toEqual([]);
    // One pod of three down is capacity: it must not page as an outage.
    expect(fired('MostlyUnavailable')).toEqual([]);
    // The replay's Prometheus holds 3.5 hours: too little history to judge a 30-day budget.
    expect(fired('ErrorBudgetExhausted')).toEqual([]);
  });

  it('renders a dashboard to PNG', async () => {
    const png = await renderDashboardPng(result.dashboards[0]);
    expect(png.subarray(1, 4).toString('ascii')).toBe('PNG');
    expect(png.length).toBeGreaterThan(10_000);
  });

  it('leaves no temporary folder behind', () => {
    expect(fs.readdirSync(os.tmpdir()).filter((name) => name.startsWith('dashboard-preview-') && !tempBefore.has(name))).toEqual([]);
  });
});
