import { production } from '../../environments/production';
import type { ServiceSpec } from '../../lib/specs/service-spec';
import { ENVIRONMENTS, SERVICES } from '../../main';
import { billingWorker } from '../fixtures/billing-worker';
import { clusterFolders, planOf, synthesizeCharts, validateCharts } from '../support/deployments';

describe('adding a fourth service', () => {
  // …plus one entry in the matrix main.ts holds; the environments stay as they are.
  const charts = synthesizeCharts(planOf(ENVIRONMENTS, [...SERVICES, billingWorker]).charts);
  const billing = charts.filter((chart) => chart.plan.deployment?.service.name === 'billing-worker');

  const folders = clusterFolders();

  it('needs no change to the environments: it runs its spec\'s image tag there', () => {
    const image = (chart: typeof billing[number]) => (chart.objects.find((o) => o.kind === 'Deployment') as unknown as {
      spec: { template: { spec: { containers: { image: string }[] } } };
    }).spec.template.spec.containers[0].image;
    expect(billing.map(image)).toEqual(folders.map(() => 'registry.example.com/billing-worker:0.1.0'));
  });

  it('gets a chart per cluster of every environment, written to its own file', () => {
    expect(billing.map((chart) => chart.plan.file)).toEqual(folders.map((folder) => `${folder}/billing-worker.k8s.yaml`));
  });

  it('gets the full workload, monitoring and alerts from the same constructs', () => {
    const kinds = new Set(billing[1].objects.map((object) => object.kind));
    for (const kind of ['ServiceAccount', 'Deployment', 'Service', 'HorizontalPodAutoscaler', 'PodDisruptionBudget',
      'NetworkPolicy', 'ServiceMonitor', 'PrometheusRule']) {
      expect(kinds).toContain(kind);
    }
    const rules = billing[1].objects.find((object) => object.kind === 'PrometheusRule') as unknown as {
      spec: { groups: { rules: { alert?: string; expr: string }[] }[] };
    };
    const alerts = rules.spec.groups.flatMap((group) => group.rules).filter((rule) => rule.alert).map((rule) => rule.alert);
    expect(alerts).toContain('BillingWorkerHttpErrorRateHigh');
    expect(rules.spec.groups.flatMap((g) => g.rules).some((rule) => rule.expr.includes('billing_requests_total'))).toBe(true);
  });

  it('passes the same schema validation as every other chart', async () => {
    await expect(validateCharts(charts)).resolves.toBeUndefined();
  });

  it('has no secrets objects, since its spec lists none', () => {
    expect(billing[1].objects.filter((object) => object.apiVersion.startsWith('external-secrets.io'))).toEqual([]);
  });
});

describe('a service with no image tag anywhere', () => {
  it('is refused, naming the environment field to set', () => {
    const untagged: ServiceSpec = { ...billingWorker, imageTag: undefined };
    expect(() => synthesizeCharts(planOf([production], [untagged]).charts))
      .toThrow('environments.production.services.billing-worker.imageTag (undefined) must be set, or services.billing-worker.imageTag must give a default');
  });
});
