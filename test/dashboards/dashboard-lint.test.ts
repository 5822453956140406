import type { Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import { DASHBOARDS } from '../../dashboards/registry';
import { edgeMetrics } from '../../lib/monitoring/edge-metrics';
import { kubernetesMetrics } from '../../lib/monitoring/kubernetes-metrics';
import { externalSecretsMetrics } from '../../lib/secrets/external-secrets-metrics';
import { sloRecordedMetrics } from '../../lib/slo/slo-recording-rules';
import type { ResolvedService } from '../../lib/plan/resolved-deployment';
import { ENVIRONMENTS } from '../../main';
import { allPanels, catalogSeries, lintDashboardSettings, lintPanels, lintQueries } from './dashboard-lint';
import { BuiltDashboard, dashboardsFor, testPlan } from '../support/deployments';

const plan = testPlan();

/** Every service the plan deploys, once. */
const services: ResolvedService[] = [...new Map(plan.deployments.map((deployment) => [deployment.service.name, deployment.service] as const)).values()];
/** Every dashboard of every chart main.ts plans: each service in each environment. */
const dashboards: BuiltDashboard[] = plan.deployments.flatMap(dashboardsFor);

const serviceByName = new Map(services.map((service) => [service.name, service]));

describe('every dashboard of every deployed service', () => {
  it('covers every deployed service and every registered kind of dashboard', () => {
    expect(new Set(dashboards.map((dashboard) => dashboard.service))).toEqual(new Set(services.map((service) => service.name)));
    const slugs = new Set(dashboards.map((dashboard) => dashboard.slug));
    expect([...slugs].sort()).toEqual(DASHBOARDS.map((definition) => definition.slug).sort());
  });

  it('has a uid and a title unique across all services and environments (one Grafana folder holds them all)', () => {
    expect(new Set(dashboards.map((dashboard) => dashboard.environment))).toEqual(new Set(ENVIRONMENTS.map((environment) => environment.name)));
    const uids = dashboards.map(({ dashboard }) => dashboard.uid);
    const titles = dashboards.map(({ dashboard }) => dashboard.title);
    expect(new Set(uids).size).toBe(uids.length);
    expect(new Set(titles).size).toBe(titles.length);
  });

  describe.each(dashboards.map((entry) => [`${entry.environment} ${entry.service} ${entry.slug}`, entry] as const))('%s', (_name, entry) => {
    const dashboard: Dashboard = entry.dashboard;

    it('has a stable uid, title, description and tags, is read-only, and declares datasource, namespace and job variables', () => {
      expect(lintDashboardSettings(dashboard)).toEqual([]);
    });

    it('gives every panel a title, description, unit and the ${datasource} data source, on the grid', () => {
      expect(allPanels(dashboard).length).toBeGreaterThan(0);
      expect(lintPanels(dashboard)).toEqual([]);
    });

    it('parses every query as PromQL, scoped to $namespace and $job, ranging over $__rate_interval, counters only in rate/increase, metrics only from the catalogs', async () => {
      const service = serviceByName.get(entry.service) as ResolvedService;
      // Only the service's own catalog and the platform's (Kubernetes, edge probes, External Secrets): no metric typed by hand.
      const known = catalogSeries(service.metrics, kubernetesMetrics, edgeMetrics, externalSecretsMetrics, sloRecordedMetrics());
      expect(await lintQueries(dashboard, known)).toEqual([]);
    });
  });
});
