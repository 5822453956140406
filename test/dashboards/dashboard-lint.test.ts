import type { Dashboard } from '@grafana/grafana-foundation-sdk/dashboard';
import { DASHBOARDS } from '../../dashboards/registry';
import { dashboardJson } from '../../lib/grafana/dashboard-config-map';
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
/** Every dashboard of every chart main.ts plans: each service in each cluster of each environment. */
const built = plan.deployments.flatMap((deployment) => dashboardsFor(deployment).map((entry) => ({ ...entry, cluster: deployment.environment.cluster.folder })));
const idOf = (entry: BuiltDashboard) => `${entry.environment} ${entry.service} ${entry.slug}`;
/**
 * Each environment's dashboards, once: its clusters ship the same ones (synth writes one
 * dashboards/<env>/ folder for them), as a test below holds.
 */
const dashboards: BuiltDashboard[] = [...new Map(built.map((entry) => [idOf(entry), entry] as const)).values()];

const serviceByName = new Map(services.map((service) => [service.name, service]));

describe('every dashboard of every deployed service', () => {
  it('covers every deployed service and every registered kind of dashboard', () => {
    expect(new Set(dashboards.map((dashboard) => dashboard.service))).toEqual(new Set(services.map((service) => service.name)));
    const slugs = new Set(dashboards.map((dashboard) => dashboard.slug));
    expect([...slugs].sort()).toEqual(DASHBOARDS.map((definition) => definition.slug).sort());
  });

  it('is the same dashboard in every cluster of its environment', () => {
    const byId = new Map(dashboards.map((entry) => [idOf(entry), entry] as const));
    expect(new Set(built.map((entry) => entry.cluster)).size).toBeGreaterThan(ENVIRONMENTS.length);
    for (const entry of built) {
      const first = byId.get(idOf(entry)) as BuiltDashboard;
      expect({ cluster: entry.cluster, dashboard: idOf(entry), same: dashboardJson(entry.dashboard) === dashboardJson(first.dashboard) })
        .toEqual({ cluster: entry.cluster, dashboard: idOf(entry), same: true });
    }
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
