import type { Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import { production } from '../../environments/production';
import { kubernetesMetrics } from '../../lib/monitoring/kubernetes-metrics';
import { sloRecordedMetrics } from '../../lib/slo/slo-recording-rules';
import { reconciliationBackend, reconciliationBackendMetrics } from '../../services/reconciliation-backend';
import { catalogSeries, lintDashboardSettings, lintPanels, lintQueries, substituteVariables } from './dashboard-lint';
import { dashboardsFor, resolved } from '../support/deployments';

/** The lint rules must catch what they claim to: each case breaks one rule on a real dashboard. */
function backendApi(): Dashboard {
  const entry = dashboardsFor(resolved(reconciliationBackend, production)).find((candidate) => candidate.slug === 'api');
  if (!entry) throw new Error('the backend has no API dashboard');
  return JSON.parse(JSON.stringify(entry.dashboard)) as Dashboard;
}

function withExpr(expr: string): Dashboard {
  const dashboard = backendApi();
  const panel = dashboard.panels?.[0] as unknown as { targets: { expr: string }[] };
  panel.targets[0].expr = expr;
  return dashboard;
}

const known = catalogSeries(reconciliationBackendMetrics, kubernetesMetrics, sloRecordedMetrics());
const scoped = 'cluster=~"$cluster", namespace="$namespace", job="$job"';

describe('dashboard lint rules', () => {
  it('reject an editable dashboard without tags or a datasource variable', () => {
    const dashboard = backendApi();
    dashboard.editable = true;
    dashboard.tags = [];
    dashboard.templating.list = dashboard.templating.list?.filter((variable) => variable.name !== 'datasource');
    expect(lintDashboardSettings(dashboard)).toEqual([
      'has no tags',
      'editable is true, must be false',
      'needs a `datasource` variable of type datasource querying prometheus',
    ]);
  });

  it('reject a dashboard without title or description', () => {
    const dashboard = backendApi();
    dashboard.title = ' ';
    delete dashboard.description;
    expect(lintDashboardSettings(dashboard)).toEqual(['has no title', 'has no description']);
  });

  it.each(['cluster', 'namespace', 'job'])('reject a dashboard without a `%s` variable, or with one on a fixed data source', (name) => {
    const missing = backendApi();
    missing.templating.list = missing.templating.list?.filter((variable) => variable.name !== name);
    expect(lintDashboardSettings(missing)).toEqual([`needs a \`${name}\` query variable on \${datasource}`]);
    const fixed = backendApi();
    const variable = fixed.templating.list?.find((candidate) => candidate.name === name);
    variable!.datasource = { type: 'prometheus', uid: 'prod-prometheus' };
    expect(lintDashboardSettings(fixed)).toEqual([`needs a \`${name}\` query variable on \${datasource}`]);
  });

  it('reject a `cluster` variable whose "All" would not match series without a cluster label', () => {
    for (const change of [(variable: { allValue?: string }) => { delete variable.allValue; }, (variable: { includeAll?: boolean }) => { variable.includeAll = false; }]) {
      const dashboard = backendApi();
      change(dashboard.templating.list!.find((candidate) => candidate.name === 'cluster')!);
      expect(lintDashboardSettings(dashboard)).toEqual(['needs an "All" option on the `cluster` variable whose value is `.*`']);
    }
  });

  it('reject a uid over 40 characters', () => {
    const dashboard = backendApi();
    dashboard.uid = 'x'.repeat(41);
    expect(lintDashboardSettings(dashboard)).toEqual([expect.stringContaining('uid "xxxx')]);
  });

  it('reject a panel without unit or description, or on a fixed data source', () => {
    const dashboard = backendApi();
    const panel = dashboard.panels?.[0] as unknown as { description?: string; fieldConfig: { defaults: { unit?: string } }; datasource: object };
    delete panel.description;
    delete panel.fieldConfig.defaults.unit;
    panel.datasource = { type: 'prometheus', uid: 'prod-prometheus' };
    expect(lintPanels(dashboard)).toEqual([
      'panel 1 (Request rate by route) has no description',
      'panel 1 (Request rate by route) has no unit',
      'panel 1 (Request rate by route) does not use the ${datasource} variable',
    ]);
  });

  it('reject a query on a fixed data source inside a panel on ${datasource}', () => {
    const dashboard = backendApi();
    const panel = dashboard.panels?.[0] as unknown as { targets: { datasource: object }[] };
    panel.targets[0].datasource = { type: 'prometheus', uid: 'prod-prometheus' };
    expect(lintPanels(dashboard)).toEqual(['panel 1 (Request rate by route) query 0 does not use the ${datasource} variable']);
  });

  it('reject a series not scoped to cluster=~"$cluster", namespace="$namespace" and $job on the label that names the workload', async () => {
    const cases: [string, string][] = [
      ['sum(rate(reconciliation_http_requests_total{namespace="$namespace", job="$job"}[$__rate_interval]))', 'reads reconciliation_http_requests_total without cluster=~"$cluster"'],
      ['sum(rate(reconciliation_http_requests_total{cluster="$cluster", namespace="$namespace", job="$job"}[$__rate_interval]))', 'without cluster=~"$cluster"'],
      // One side of a ratio in the selected clusters is not enough: the other would read every cluster.
      [`sum(reconciliation_db_pool_connections_active{${scoped}}) / sum(reconciliation_db_pool_connections_total{namespace="$namespace", job="$job"})`,
        'reads reconciliation_db_pool_connections_total without cluster=~"$cluster"'],
      ['sum(rate(reconciliation_http_requests_total{job="$job"}[$__rate_interval]))', 'reads reconciliation_http_requests_total without namespace="$namespace"'],
      ['sum(rate(reconciliation_http_requests_total{namespace=~"$namespace", job="$job"}[$__rate_interval]))', 'without namespace="$namespace"'],
      ['sum(reconciliation_db_pool_connections_active{namespace="$namespace"})', 'reads reconciliation_db_pool_connections_active without job="$job"'],
      ['sum(reconciliation_db_pool_connections_active{namespace="$namespace", route="$job"})', 'reads reconciliation_db_pool_connections_active without job="$job"'],
      ['sum(reconciliation_db_pool_connections_active{namespace="$namespace", job="$namespace"})', 'without job="$job"'],
      // One side of a ratio scoped is not enough: the other would sum every namespace.
      [`sum(reconciliation_db_pool_connections_active{${scoped}}) / sum(reconciliation_db_pool_connections_total{namespace="$namespace"})`,
        'reads reconciliation_db_pool_connections_total without job="$job"'],
      // kube-state-metrics' own job is not the service's: its series name the Deployment.
      [`sum(kube_deployment_status_replicas{${scoped}})`, 'reads kube_deployment_status_replicas without deployment="$job"'],
      [`sum(rate(container_cpu_usage_seconds_total{${scoped}}[$__rate_interval]))`, 'reads container_cpu_usage_seconds_total without container="$job"'],
      [`sum(slo:error_budget:ratio{${scoped}})`, 'reads slo:error_budget:ratio without service="$job"'],
      ['vector(1)', 'reads no series'],
    ];
    for (const [expr, problem] of cases) {
      const problems = await lintQueries(withExpr(expr), known);
      expect({ expr, problems }).toEqual({ expr, problems: expect.arrayContaining([expect.stringContaining(problem)]) });
    }
  });

  it('accept the workload and SLO series on the label that carries the service name', async () => {
    const expr = 'sum(kube_deployment_status_replicas{cluster=~"$cluster", namespace="$namespace", deployment="$job"})'
      + ' / sum(kube_horizontalpodautoscaler_spec_max_replicas{cluster=~"$cluster", namespace="$namespace", horizontalpodautoscaler="$job"})'
      + ' * sum(slo:error_budget:ratio{cluster=~"$cluster", namespace="$namespace", service="$job"})';
    const problems = await lintQueries(withExpr(expr), known);
    expect(problems.filter((problem) => problem.startsWith('Request rate by route [A]'))).toEqual([]);
  });

  it('reject a fixed range, a bare counter, an unknown metric and a syntax error', async () => {
    const cases: [string, string][] = [
      [`sum(rate(reconciliation_http_requests_total{${scoped}}[5m]))`, 'ranges over [5m]'],
      [`sum(reconciliation_http_requests_total{${scoped}})`, 'reads counter reconciliation_http_requests_total outside rate() or increase()'],
      [`sum(delta(reconciliation_http_requests_total{${scoped}}[$__rate_interval]))`, 'outside rate() or increase()'],
      [`histogram_quantile(0.9, sum by (le) (reconciliation_db_query_duration_seconds_bucket{${scoped}}))`, 'reads counter reconciliation_db_query_duration_seconds_bucket outside'],
      [`sum(unlisted_requests_total{${scoped}})`, 'reads counter unlisted_requests_total outside'],
      [`sum(reconciliation_http_requests{${scoped}})`, 'reads reconciliation_http_requests, which no metric catalog lists'],
      [`sum(rate(reconciliation_http_requests_total{${scoped}}[$__rate_interval])`, 'does not parse as PromQL'],
      [`max_over_time(reconciliation_db_pool_connections_active{${scoped}}[1h:1m])`, 'uses a subquery'],
      [`sum(reconciliation_db_pool_connections_active{${scoped}, route="$route"})`, 'uses undefined variable $route'],
    ];
    for (const [expr, problem] of cases) {
      const problems = await lintQueries(withExpr(expr), known);
      expect({ expr, problems }).toEqual({ expr, problems: expect.arrayContaining([expect.stringContaining(problem)]) });
    }
  });

  it('accept queries written by the rules, and a gauge the catalog names _total', async () => {
    const expr = `sum(rate(reconciliation_http_requests_total{${scoped}}[$__rate_interval])) / sum(reconciliation_db_pool_connections_total{${scoped}})`;
    const problems = await lintQueries(withExpr(expr), known);
    expect(problems.filter((problem) => problem.startsWith('Request rate by route [A]'))).toEqual([]);
  });

  it('substitute ${name} and $name forms, reporting undefined names', () => {
    expect(substituteVariables('x{a="${job}", b="$namespace", c="$nope"}[$__rate_interval]', new Set(['job', 'namespace']))).toEqual({
      text: 'x{a="grafana-variable-job", b="grafana-variable-namespace", c="grafana-variable-nope"}[7m13s]',
      unknown: ['nope'],
    });
  });
});
