import { buildServiceDashboard, dashboardUid, DashboardDefinition, presenceSeries } from '../../lib/grafana/service-dashboard';
import { apiDashboard } from '../../dashboards/api';
import { production } from '../../environments/production';
import { staging } from '../../environments/staging';
import {
  counterRate, gaugeSum, histogramQuantile, quantileLabel, selector, serviceSelector,
} from '../../lib/grafana/dashboard-queries';
import { dashboardJson } from '../../lib/grafana/dashboard-config-map';
import { thresholdSteps } from '../../lib/grafana/threshold-steps';
import { defineMetricCatalog } from '../../lib/monitoring/metric-catalog';
import type { ServiceSpec } from '../../lib/specs/service-spec';
import { reconciliationBackend, reconciliationBackendMetrics as metrics } from '../../services/reconciliation-backend';
import { resolved } from '../support/deployments';

describe('dashboardUid', () => {
  it('is <environment>-<service>-<dashboard> when that fits in 40 characters', () => {
    expect(dashboardUid('staging', 'reconciliation-backend', 'api')).toBe('staging-reconciliation-backend-api');
    expect(dashboardUid('production', 'reconciliation-backend', 'api')).toBe('production-reconciliation-backend-api');
  });

  it('cuts a longer name to 40 characters with a hash of the full name, the same on every run', () => {
    const uid = dashboardUid('production', 'reconciliation-backend', 'database-cache');
    expect(uid).toHaveLength(40);
    expect(uid).toMatch(/^production-reconciliation-backe-[0-9a-f]{8}$/);
    expect(dashboardUid('production', 'reconciliation-backend', 'database-cache')).toBe(uid);
    expect(dashboardUid('staging', 'reconciliation-backend', 'database-cache')).not.toBe(uid);
    expect(dashboardUid('production', 'reconciliation-backend', 'database-cachf')).not.toBe(uid);
  });
});

describe('dashboardJson', () => {
  it('sorts keys at every level, keeps array order, drops undefined and ends with a newline', () => {
    expect(dashboardJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: undefined } })).toBe(
      '{\n  "a": {\n    "d": [\n      3,\n      {\n        "y": 2,\n        "z": 1\n      }\n    ]\n  },\n  "b": 1\n}\n');
  });
});

describe('dashboard queries', () => {
  it('scope every service series to the namespace and job variables', () => {
    expect(serviceSelector('x_total', 'status=~"5.."')).toBe('x_total{cluster=~"$cluster", namespace="$namespace", job="$job", status=~"5.."}');
  });

  it('refuse a selector without the namespace variable', () => {
    expect(() => selector('up', ['job="$job"'])).toThrow('selector(up).matchers (["job=\\"$job\\""]) must include namespace="$namespace"');
  });

  it('refuse to rate a gauge, sum a counter as a gauge, or take a quantile outside (0, 1)', () => {
    expect(() => counterRate(metrics.dbPoolActive)).toThrow('counterRate.metric ("reconciliation_db_pool_connections_active") must be a counter, not a gauge');
    expect(() => gaugeSum(metrics.httpRequests)).toThrow('gaugeSum.metric ("reconciliation_http_requests_total") must be a gauge, not a counter');
    expect(() => histogramQuantile(95, metrics.dbQueryDuration)).toThrow('histogramQuantile.quantile (95) must be between 0 and 1 (exclusive)');
  });

  it('names quantiles the way dashboards show them', () => {
    expect([0.5, 0.95, 0.99, 0.999].map(quantileLabel)).toEqual(['p50', 'p95', 'p99', 'p99.9']);
  });
});

describe('thresholdSteps', () => {
  it('refuses bounds that do not increase', () => {
    expect(() => thresholdSteps('red', { from: 0.8, color: 'green' }, { from: 0.6, color: 'orange' }))
      .toThrow('thresholdSteps[1].from (0.6) must be greater than the previous step (0.8)');
  });
});

describe('service dashboards', () => {
  const batchMetrics = defineMetricCatalog({
    jobDuration: { name: 'batch_job_duration_seconds', type: 'histogram', help: 'Job runtime', labels: [], unit: 'seconds', buckets: [1, 10] },
  });
  const batch: ServiceSpec = { ...reconciliationBackend, name: 'batch', metrics: batchMetrics, signals: {} };

  it('list namespaces and jobs from the request counter, or else the first catalog metric', () => {
    expect(presenceSeries(reconciliationBackend)).toBe('reconciliation_http_requests_total');
    expect(presenceSeries(batch)).toBe('batch_job_duration_seconds_count');
    expect(() => presenceSeries({ ...batch, metrics: {} })).toThrow('services.batch.metrics ({}) must list at least one metric');
  });

  it.each([staging, production].map((environment) => [environment.name, environment] as const))(
    'name the environment in uid, title and tags, and open on its namespace, in %s', (name, environment) => {
      const board = buildServiceDashboard(apiDashboard, resolved(reconciliationBackend, environment));
      expect(board).toMatchObject({
        uid: `${name}-reconciliation-backend-api`,
        title: `reconciliation-backend: API (${name})`,
        tags: ['reconciliation-platform', name, 'reconciliation-backend', 'api'],
      });
      expect(board?.description).toMatch(new RegExp(`Environment: ${name}\\.$`));
      const namespace = board?.templating.list?.find((variable) => variable.name === 'namespace');
      expect(namespace?.current).toEqual({ selected: true, text: environment.namespace, value: environment.namespace });
    });

  it('are not built when the service supports none of the panels', () => {
    const empty: DashboardDefinition = { slug: 'empty', title: 'Empty', description: 'Nothing.', panels: () => [] };
    expect(buildServiceDashboard(empty, resolved(reconciliationBackend, production))).toBeUndefined();
  });
});
