import { FARGATE_LIST_PRICE } from '../../environments/prices';
import { production as productionSpec } from '../../environments/production';
import { capacityInputsFromManifestTree, capacityInputsFromObjects } from '../../lib/review/capacity-from-manifests';
import { buildCapacityLedger, CapacityInput, checkCapacityQuota, environmentTotals, PriceTable } from '../../lib/review/capacity-ledger';
import { renderCapacityDelta, renderCapacityLedger } from '../../lib/review/capacity-report';
import { SpecError } from '../../lib/validation/errors';
import type { KubernetesObject } from '../../lib/validation/schema-validation';
import { committedDistTree } from '../support/dist-tree';

// Round prices so the arithmetic can be done by hand.
const PRICES: PriceTable = {
  description: 'test list price', sourceUrl: 'https://example.invalid/prices', recordedOn: '2026-01-01',
  currency: 'USD', perVcpuHour: 0.04, perGibHour: 0.005,
};

const FIXTURE: CapacityInput[] = [
  { environment: 'production', cluster: 'eu-west-1', service: 'api', cpuRequestCores: 0.25, memoryRequestGib: 0.5, minReplicas: 2, maxReplicas: 10 },
  { environment: 'staging', cluster: 'eu-west-1', service: 'api', cpuRequestCores: 0.1, memoryRequestGib: 0.25, minReplicas: 1, maxReplicas: 3 },
];

describe('capacity and cost ledger', () => {
  const ledger = buildCapacityLedger(FIXTURE, PRICES);

  it('prices requests × replicas at 730 hours a month (hand-computed)', () => {
    // production api at 2: 0.5 cores, 1 GiB → 730 × (0.5 × 0.04 + 1 × 0.005) = 730 × 0.025 = 18.25
    // at 10: 2.5 cores, 5 GiB → 5 × 18.25 = 91.25
    // staging api at 1: 0.1 cores, 0.25 GiB → 730 × (0.004 + 0.00125) = 730 × 0.00525 = 3.8325; at 3: 11.4975
    const [production, staging] = ledger.lines;
    expect(production.atMin.cpuCores).toBeCloseTo(0.5, 12);
    expect(production.atMin.memoryGib).toBeCloseTo(1, 12);
    expect(production.atMin.monthlyCost).toBeCloseTo(18.25, 9);
    expect(production.atMax.cpuCores).toBeCloseTo(2.5, 12);
    expect(production.atMax.monthlyCost).toBeCloseTo(91.25, 9);
    expect(staging.atMin.monthlyCost).toBeCloseTo(3.8325, 9);
    expect(staging.atMax.monthlyCost).toBeCloseTo(11.4975, 9);
    expect(environmentTotals(ledger).map((t) => t.environment)).toEqual(['production', 'staging']);
  });

  it('renders a table with totals and names its price source and date', () => {
    const markdown = renderCapacityLedger(ledger);
    expect(markdown).toContain('| production / eu-west-1 | api | 0.25 CPU / 0.5 GiB | 2–10 | 0.5–2.5 | 1–5 | $18.25–$91.25 |');
    expect(markdown).toContain('| staging / eu-west-1 | api | 0.1 CPU / 0.25 GiB | 1–3 | 0.1–0.3 | 0.25–0.75 | $3.83–$11.50 |');
    expect(markdown).toContain('| **production / eu-west-1 total** | | | | 0.5–2.5 | 1–5 | $18.25–$91.25 |');
    expect(markdown).toContain('| **production total** | | | | 0.5–2.5 | 1–5 | $18.25–$91.25 |');
    expect(markdown).toContain('$0.04 per vCPU-hour and $0.005 per GiB-hour (recorded 2026-01-01, https://example.invalid/prices), 730 hours a month');
  });

  // In each production cluster: the committed dist/ holds one backend per cluster folder.
  it.each(productionSpec.clusters.map((cluster) => [cluster.name]))(
    'prices the committed production backend in %s at the Fargate list price: $13.44–$67.21 a month', (cluster) => {
      // 0.2 cores and 0.25 GiB a pod: 730 × (0.4 × 0.04048 + 0.5 × 0.004445) = 730 × 0.0184145 = 13.442585 at 2 pods, × 5 at 10.
      const fromDist = buildCapacityLedger(capacityInputsFromManifestTree(committedDistTree()), FARGATE_LIST_PRICE);
      const backends = fromDist.lines.filter((l) => l.environment === 'production' && l.cluster === cluster && l.service === 'reconciliation-backend');
      expect(backends).toHaveLength(1);
      const [backend] = backends;
      expect(backend).toMatchObject({ cpuRequestCores: 0.2, memoryRequestGib: 0.25, minReplicas: 2, maxReplicas: 10 });
      expect(backend.atMin.monthlyCost).toBeCloseTo(13.442585, 9);
      expect(backend.atMax.monthlyCost).toBeCloseTo(67.212925, 9);
      expect(renderCapacityLedger(fromDist)).toContain(`| production / ${cluster} | reconciliation-backend | 0.2 CPU / 0.25 GiB | 2–10 | 0.4–2 | 0.5–2.5 | $13.44–$67.21 |`);
    });

  it('sums containers and uses fixed replicas where no HPA scales the Deployment', () => {
    const objects = [{
      apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'worker' },
      spec: { replicas: 3, template: { spec: { containers: [
        { name: 'a', resources: { requests: { cpu: '250m', memory: '512Mi' } } },
        { name: 'b', resources: { requests: { cpu: '0.25', memory: '0.5Gi' } } },
        { name: 'c' },
      ] } } },
    }] as KubernetesObject[];
    expect(capacityInputsFromObjects('staging', 'eu-west-1', objects)).toEqual([
      { environment: 'staging', cluster: 'eu-west-1', service: 'worker', cpuRequestCores: 0.5, memoryRequestGib: 1, minReplicas: 3, maxReplicas: 3 },
    ]);
  });

  it('refuses a quota the maximum replicas exceed, naming environment, figure, quota and rule', () => {
    expect(() => checkCapacityQuota(ledger, { production: { cpuCores: 2.5, memoryGib: 5 }, staging: { cpuCores: 1, memoryGib: 1 } })).not.toThrow();
    expect(() => checkCapacityQuota(ledger, { production: { cpuCores: 2, memoryGib: 8 } })).toThrow(new SpecError(
      'capacity.production.eu-west-1.cpuCoresAtMaxReplicas', 2.5, 'must be <= the production quota of 2 cores per cluster (summed over services as requests × maxReplicas)'));
    expect(() => checkCapacityQuota(ledger, { staging: { cpuCores: 1, memoryGib: 0.5 } })).toThrow(
      'capacity.staging.eu-west-1.memoryGibAtMaxReplicas (0.75) must be <= the staging quota of 0.5 GiB per cluster (summed over services as requests × maxReplicas)');
  });

  it('refuses crossed replica bounds', () => {
    expect(() => buildCapacityLedger([{ ...FIXTURE[0], minReplicas: 12 }], PRICES)).toThrow('capacity.production.eu-west-1.api.maxReplicas (10) must be an integer >= minReplicas (12)');
  });
});

describe('capacity delta for the pull request', () => {
  const base = buildCapacityLedger(FIXTURE, PRICES);

  it('shows changed and added services with the change at max replicas and in the whole bill', () => {
    const head = buildCapacityLedger([
      { ...FIXTURE[0], maxReplicas: 12 },
      FIXTURE[1],
      { environment: 'staging', cluster: 'eu-west-1', service: 'worker', cpuRequestCores: 0.5, memoryRequestGib: 1, minReplicas: 1, maxReplicas: 1 },
    ], PRICES);
    const markdown = renderCapacityDelta(base, head);
    // +2 pods of 0.25 cores / 0.5 GiB = +0.5 cores, +1 GiB → 730 × 0.025 = +18.25.
    expect(markdown).toContain('| production/eu-west-1/api | 0.25 CPU / 0.5 GiB × 2–10 | 0.25 CPU / 0.5 GiB × 2–12 | +0.5 | +1 | +$18.25 |');
    // worker: 730 × (0.5 × 0.04 + 1 × 0.005) = 18.25 at min and max.
    expect(markdown).toContain('| staging/eu-west-1/worker | (none) | 0.5 CPU / 1 GiB × 1 | +0.5 | +1 | +$18.25 |');
    expect(markdown).not.toContain('staging/eu-west-1/api');
    // Bill: base 18.25 + 3.8325 = 22.0825 to 91.25 + 11.4975 = 102.7475; head +18.25 at min, +36.50 at max.
    expect(markdown).toContain('Monthly cost $40.33–$139.25 (min–max replicas), +$18.25 at min and +$36.50 at max against the base branch.');
  });

  it('shows a removed service as a saving and says so when nothing changed', () => {
    const head = buildCapacityLedger([FIXTURE[0]], PRICES);
    expect(renderCapacityDelta(base, head)).toContain('| staging/eu-west-1/api | 0.1 CPU / 0.25 GiB × 1–3 | (none) | −0.3 | −0.75 | −$11.50 |');
    expect(renderCapacityDelta(base, base)).toContain('No service changes its requests or replica bounds.');
  });
});
