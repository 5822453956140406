import type { Dashboard, Panel } from '@grafana/grafana-foundation-sdk/dashboard';
import { production } from '../../environments/production';
import { staging } from '../../environments/staging';
import type { EnvironmentSpec } from '../../lib/specs/environment-spec';
import type { ServiceSpec } from '../../lib/specs/service-spec';
import { aionMonitoring } from '../../services/aion-monitoring';
import { collaborationApi } from '../../services/collaboration-api';
import { reconciliationBackend } from '../../services/reconciliation-backend';
import { allPanels, allQueries } from './dashboard-lint';
import { dashboardsFor, deployedServices, resolved } from '../support/deployments';

function dashboard(service: ServiceSpec, slug: string, environment: EnvironmentSpec = production): Dashboard {
  const found = dashboardsFor(resolved(service, environment)).find((entry) => entry.slug === slug);
  if (!found) throw new Error(`${service.name} has no ${slug} dashboard`);
  return found.dashboard;
}

function panel(board: Dashboard, title: string): Panel {
  const found = allPanels(board).find((candidate) => candidate.title === title);
  if (!found) throw new Error(`no panel "${title}" in ${board.title}`);
  return found;
}

function steps(target: Panel): { value: number | null; color: string }[] {
  return target.fieldConfig?.defaults.thresholds?.steps ?? [];
}

describe('Database & Cache dashboard of the backend', () => {
  const board = dashboard(reconciliationBackend, 'database-cache');

  it('has exactly the seven panels of the operations documents, in order and of the right types', () => {
    expect(allPanels(board).map((p) => [p.type, p.title])).toEqual([
      ['stat', 'DB query duration p50 / p95 / p99'],
      ['stat', 'Cache hit rate'],
      ['stat', 'Connection pool utilization'],
      ['timeseries', 'Cache hits by key type'],
      ['timeseries', 'Cache misses by key type'],
      ['timeseries', 'Connection pool active / idle / total'],
      ['heatmap', 'DB query duration heatmap: route $route'],
    ]);
  });

  it('colours DB query latency orange from 200 ms, with p50, p95 and p99', () => {
    const stat = panel(board, 'DB query duration p50 / p95 / p99');
    expect(steps(stat)).toEqual([{ value: null, color: 'green' }, { value: 0.2, color: 'orange' }]);
    expect(stat.fieldConfig?.defaults.unit).toBe('s');
    expect((stat.targets ?? []).map((target) => (target as { legendFormat?: string }).legendFormat)).toEqual(['p50', 'p95', 'p99']);
    expect(allQueries(board).filter((q) => q.panel === stat.title).map((q) => q.expr.slice(0, 24)))
      .toEqual(['histogram_quantile(0.5, ', 'histogram_quantile(0.95,', 'histogram_quantile(0.99,']);
  });

  it('shows the cache hit rate green above the 80 % target and red below the 60 % alert threshold', () => {
    const stat = panel(board, 'Cache hit rate');
    expect(steps(stat)).toEqual([
      { value: null, color: 'red' },
      { value: 0.6, color: 'orange' },
      { value: 0.8, color: 'green' },
    ]);
    expect(stat.fieldConfig?.defaults.unit).toBe('percentunit');
  });

  it('computes the cache hit rate only while there are lookups, as the recording rule does, instead of dividing by zero', () => {
    const hits = 'sum(rate(reconciliation_cache_hits_total{cluster=~"$cluster", namespace="$namespace", job="$job"}[$__rate_interval]))';
    const misses = 'sum(rate(reconciliation_cache_misses_total{cluster=~"$cluster", namespace="$namespace", job="$job"}[$__rate_interval]))';
    expect(allQueries(board).find((q) => q.panel === 'Cache hit rate')?.expr).toBe(`${hits} / ((${hits} + ${misses}) > 0)`);
  });

  it('turns pool utilization red at 85 %, from active over total connections', () => {
    const stat = panel(board, 'Connection pool utilization');
    expect(steps(stat)).toEqual([{ value: null, color: 'green' }, { value: 0.85, color: 'red' }]);
    expect(allQueries(board).find((q) => q.panel === stat.title)?.expr).toBe(
      'sum(reconciliation_db_pool_connections_active{cluster=~"$cluster", namespace="$namespace", job="$job"})'
      + ' / (sum(reconciliation_db_pool_connections_total{cluster=~"$cluster", namespace="$namespace", job="$job"}))');
  });

  it('breaks cache hits and misses down by key type, per second', () => {
    for (const [title, metric] of [['Cache hits by key type', 'hits'], ['Cache misses by key type', 'misses']] as const) {
      const series = panel(board, title);
      expect(series.fieldConfig?.defaults.unit).toBe(`suffix: ${metric}/s`);
      expect(allQueries(board).find((q) => q.panel === title)?.expr)
        .toBe(`sum by (key_type) (rate(reconciliation_cache_${metric}_total{cluster=~"$cluster", namespace="$namespace", job="$job"}[$__rate_interval]))`);
    }
  });

  it('draws the query latency heatmap from the histogram buckets, repeated per route', () => {
    const heatmap = panel(board, 'DB query duration heatmap: route $route');
    expect(heatmap.repeat).toBe('route');
    expect(heatmap.options.calculate).toBe(false);
    expect(heatmap.options.yAxis.unit).toBe('s');
    expect(heatmap.targets?.[0]).toMatchObject({
      format: 'heatmap',
      legendFormat: '{{le}}',
      expr: 'sum by (le) (rate(reconciliation_db_query_duration_seconds_bucket{cluster=~"$cluster", namespace="$namespace", job="$job", route=~"$route"}[$__rate_interval]))',
    });
    expect(board.templating.list?.map((variable) => variable.name)).toEqual(['datasource', 'cluster', 'namespace', 'job', 'route']);
  });
});

describe('colours of a service that overrides its alert thresholds', () => {
  const strict: ServiceSpec = {
    ...reconciliationBackend,
    alertThresholds: { dbLatencyP95Seconds: 0.1, poolUtilizationMax: 0.7, cacheHitRatioMin: 0.75, httpErrorRatioMax: 0.005 },
  };

  it.each([staging, production].map((environment) => [environment.name, environment] as const))(
    'turn where that service\'s alerts fire, in %s', (_name, environment) => {
      const databaseCache = dashboard(strict, 'database-cache', environment);
      expect(steps(panel(databaseCache, 'DB query duration p50 / p95 / p99'))).toEqual([{ value: null, color: 'green' }, { value: 0.1, color: 'orange' }]);
      expect(steps(panel(databaseCache, 'Connection pool utilization'))).toEqual([{ value: null, color: 'green' }, { value: 0.7, color: 'red' }]);
      expect(steps(panel(databaseCache, 'Cache hit rate'))).toEqual([
        { value: null, color: 'red' }, { value: 0.75, color: 'orange' }, { value: 0.8, color: 'green' },
      ]);
      expect(panel(databaseCache, 'DB query duration p50 / p95 / p99').description).toContain('orange from 100 ms');
      expect(steps(panel(dashboard(strict, 'api', environment), 'Error ratio by route'))).toEqual([{ value: null, color: 'green' }, { value: 0.005, color: 'red' }]);
    });

  it('go from red straight to green when the cache alert threshold is at or above the 80 % target', () => {
    const demanding: ServiceSpec = { ...reconciliationBackend, alertThresholds: { cacheHitRatioMin: 0.9 } };
    const stat = panel(dashboard(demanding, 'database-cache'), 'Cache hit rate');
    expect(steps(stat)).toEqual([{ value: null, color: 'red' }, { value: 0.9, color: 'green' }]);
    expect(stat.description).toContain('Target: above 90% (green); red below 90%');
  });

  it('are refused with the alert rules\' own message when an override is not a valid threshold', () => {
    const broken: ServiceSpec = { ...reconciliationBackend, alertThresholds: { poolUtilizationMax: 85 } };
    expect(() => dashboard(broken, 'database-cache')).toThrow('services.reconciliation-backend.alertThresholds.poolUtilizationMax (85) is a ratio and must be below 1');
  });
});

describe('which dashboards a service gets', () => {
  /** The dashboards this file specifies; others (e.g. SLO) have tests of their own. */
  const specified = new Set(['api', 'database-cache', 'workload']);
  const slugs = (service: ServiceSpec) => dashboardsFor(resolved(service, production)).map((entry) => entry.slug).filter((slug) => specified.has(slug));

  it.each(deployedServices().map((deployment) => [`${deployment.service.name} in ${deployment.environment.cluster.folder}`, deployment] as const))(
    'gives %s the API and Workload dashboards, and Database & Cache where it has those signals', (_, deployment) => {
      const { http, database, cache } = deployment.service.signals;
      expect(dashboardsFor(deployment).map((entry) => entry.slug).filter((slug) => specified.has(slug)))
        .toEqual([...(http ? ['api'] : []), ...(database || cache ? ['database-cache'] : []), 'workload']);
    });

  it('is exercised by the plan: some deployment gets all three', () => {
    expect(deployedServices().some((deployment) => dashboardsFor(deployment).filter((entry) => specified.has(entry.slug)).length === specified.size)).toBe(true);
  });

  it('gives a service without database or cache signals no Database & Cache dashboard', () => {
    const httpOnly: ServiceSpec = { ...reconciliationBackend, signals: { http: reconciliationBackend.signals.http } };
    expect(slugs(httpOnly)).toEqual(['api', 'workload']);
  });

  it('gives a service without HTTP signals no API dashboard, and still its Workload dashboard', () => {
    const noSignals: ServiceSpec = { ...reconciliationBackend, signals: {} };
    expect(slugs(noSignals)).toEqual(['workload']);
  });

  it('shows only the panels a service\'s signals support: no cache panels without a cache, no pool panels without a pool', () => {
    expect(allPanels(dashboard(aionMonitoring, 'database-cache')).map((p) => p.title)).toEqual([
      'DB query duration p50 / p95 / p99', 'Connection pool utilization', 'Connection pool active / idle / total', 'DB query duration heatmap',
    ]);
    expect(allPanels(dashboard(collaborationApi, 'database-cache')).map((p) => p.title)).toEqual([
      'DB query duration p50 / p95 / p99', 'Cache hit rate', 'Cache hits by key type', 'Cache misses by key type', 'DB query duration heatmap',
    ]);
  });

  it('computes pool size as active + idle when the service exports no pool total', () => {
    const query = allQueries(dashboard(aionMonitoring, 'database-cache')).find((q) => q.panel === 'Connection pool active / idle / total' && q.refId === 'C');
    expect(query?.expr).toBe('sum(aion_connections_active{cluster=~"$cluster", namespace="$namespace", job="$job"}) + sum(aion_connections_idle{cluster=~"$cluster", namespace="$namespace", job="$job"})');
  });
});

describe('API dashboard', () => {
  it('counts 5xx by status label where the service has one', () => {
    const ratio = allQueries(dashboard(reconciliationBackend, 'api')).find((q) => q.panel === 'Error ratio by route');
    expect(ratio?.expr).toBe(
      'sum by (route) (rate(reconciliation_http_requests_total{cluster=~"$cluster", namespace="$namespace", job="$job", status=~"5.."}[$__rate_interval]))'
      + ' / sum by (route) (rate(reconciliation_http_requests_total{cluster=~"$cluster", namespace="$namespace", job="$job"}[$__rate_interval]))');
  });

  it('divides the error counter by the request counter where the service counts errors separately', () => {
    const ratio = allQueries(dashboard(aionMonitoring, 'api')).find((q) => q.panel === 'Error ratio by route');
    expect(ratio?.expr).toBe(
      'sum by (endpoint) (rate(aion_request_errors_total{cluster=~"$cluster", namespace="$namespace", job="$job"}[$__rate_interval]))'
      + ' / sum by (endpoint) (rate(aion_requests_total{cluster=~"$cluster", namespace="$namespace", job="$job"}[$__rate_interval]))');
  });

  it('shows latency p50 / p95 / p99 overall and p95 and p99 by route, and the five worst pods', () => {
    const board = dashboard(reconciliationBackend, 'api');
    expect(allPanels(board).map((p) => p.title)).toEqual([
      'Request rate by route', 'Error ratio by route', 'Error ratio by pod (top 5)', 'Latency p50 / p95 / p99', 'Latency p95 by pod (top 5)',
      'Latency p95 by route', 'Latency p99 by route',
    ]);
    expect(allQueries(board).find((q) => q.panel === 'Latency p95 by pod (top 5)')?.expr).toBe('topk(5, histogram_quantile(0.95, sum by (le, pod) '
      + '(rate(reconciliation_http_request_duration_seconds_bucket{cluster=~"$cluster", namespace="$namespace", job="$job"}[$__rate_interval]))))');
    expect(panel(board, 'Error ratio by route').fieldConfig?.defaults.thresholds?.steps)
      .toEqual([{ value: null, color: 'green' }, { value: 0.01, color: 'red' }]);
  });

  it('drops per-route panels for a service without a route label', () => {
    const http = { ...reconciliationBackend.signals.http!, routeLabel: undefined };
    const board = dashboard({ ...reconciliationBackend, signals: { http } }, 'api');
    expect(allPanels(board).map((p) => p.title)).toEqual([
      'Request rate', 'Error ratio', 'Error ratio by pod (top 5)', 'Latency p50 / p95 / p99', 'Latency p95 by pod (top 5)',
    ]);
  });

  it('links the error ratio and latency panels to the SLO dashboard, with time range and variables', () => {
    const board = dashboard(reconciliationBackend, 'api');
    for (const title of ['Error ratio by route', 'Latency p50 / p95 / p99']) {
      expect(panel(board, title).links?.map((link) => link.url))
        .toEqual(['/d/production-reconciliation-backend-slo?${__url_time_range}&${__all_variables}']);
    }
  });
});

describe('Workload dashboard', () => {
  const board = dashboard(reconciliationBackend, 'workload');

  it('shows replicas, rollout, pods, scrape targets, container states, CPU, memory, disruptions, secrets and the public host', () => {
    expect(allPanels(board).map((p) => [p.title, p.type, p.fieldConfig?.defaults.unit])).toEqual([
      ['Replicas vs HPA min / max', 'timeseries', 'short'],
      ['Rollout progress', 'timeseries', 'short'],
      ['Rollout generation and progress deadline', 'timeseries', 'short'],
      ['Pods by phase and readiness', 'timeseries', 'short'],
      ['Scrape targets up', 'timeseries', 'short'],
      ['PDB disruptions allowed', 'timeseries', 'short'],
      ['Container waiting and last-terminated reasons', 'state-timeline', 'short'],
      ['Container restarts', 'timeseries', 'short'],
      ['CPU vs requests and limits', 'timeseries', 'short'],
      ['CPU throttling', 'timeseries', 'percentunit'],
      ['Memory vs requests and limits', 'timeseries', 'bytes'],
      ['External Secrets sync', 'timeseries', 'short'],
      ['Public endpoint probe success', 'timeseries', 'percentunit'],
      ['Public endpoint probe latency', 'timeseries', 's'],
      ['Days to certificate expiry', 'timeseries', 'none'],
      ['Certificate Ready (cert-manager)', 'timeseries', 'short'],
    ]);
    const legends = (title: string) => (panel(board, title).targets ?? []).map((t) => (t as { legendFormat?: string }).legendFormat);
    expect(legends('Replicas vs HPA min / max')).toEqual(['replicas', 'available', 'HPA current', 'HPA desired', 'HPA min', 'HPA max']);
    expect(legends('Rollout progress')).toEqual(['desired', 'updated', 'available', 'unavailable']);
    expect(panel(board, 'CPU throttling').fieldConfig?.defaults.thresholds?.steps).toEqual([{ value: null, color: 'green' }, { value: 0.25, color: 'red' }]);
    expect(legends('CPU vs requests and limits')).toEqual(['{{pod}}', 'request', 'limit']);
  });

  it('selects the workload by the job name, which the Deployment, HPA, PDB, container, pods, ExternalSecret, Probe and Certificate share', () => {
    for (const query of allQueries(board)) {
      expect(query.expr).toMatch(/(job|deployment|horizontalpodautoscaler|poddisruptionbudget|container|service|name)="\$job|pod=~"\$job-/);
    }
  });

  it('marks every generation change of the Deployment as a deploy (as every dashboard of the service does)', () => {
    expect(board.annotations?.list?.map((annotation) => [annotation.name, (annotation as { expr?: string }).expr])).toEqual([
      ['Deploys', 'changes(kube_deployment_metadata_generation{cluster=~"$cluster", namespace="$namespace", deployment="$job"}[2m]) > 0'],
    ]);
  });

  it('shows the public host\'s probe and certificate only for a service with one, the certificate against both alert thresholds', () => {
    const internal = dashboard(aionMonitoring, 'workload');
    expect(allPanels(internal).map((p) => p.title)).not.toContain('Days to certificate expiry');
    expect(panel(board, 'Days to certificate expiry').fieldConfig?.defaults.thresholds?.steps)
      .toEqual([{ value: null, color: 'red' }, { value: 3, color: 'orange' }, { value: 14, color: 'green' }]);
  });
});
