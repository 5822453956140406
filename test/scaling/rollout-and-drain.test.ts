import * as fs from 'fs';
import * as jsYaml from 'js-yaml';
import * as path from 'path';
import { production } from '../../environments/production';
import { DELIVERY_LAYERS } from '../../lib/delivery/delivery-order';
import { simulateDrain } from '../../lib/scaling/drain-simulation';
import { simulateRollout } from '../../lib/scaling/rollout-simulation';
import { reviewScaling } from '../../lib/scaling/scaling-checks';
import { renderScalingReview, renderScalingSection } from '../../lib/scaling/scaling-report';
import { checkScalingSettings, scalingSettingsFor } from '../../lib/scaling/scaling-settings';
import { scalingSettingsFromManifests } from '../../lib/scaling/scaling-settings-from-manifests';
import type { KubernetesObject } from '../../lib/validation/schema-validation';

const seed = scalingSettingsFor();
const failing = (settings: typeof seed) => reviewScaling(settings).checks.filter((c) => !c.passed).map((c) => c.detail);

describe('rolling update', () => {
  it('replaces 10 pods one at a time in 300 s with all 10 Ready throughout (maxSurge 1, maxUnavailable 0)', () => {
    expect(simulateRollout(seed, 10)).toEqual({ replicas: 10, completed: true, durationSeconds: 300, longestStallSeconds: 30, minReady: 10, maxPods: 11 });
  });

  it('with maxSurge 0 drops to replicas − maxUnavailable Ready', () => {
    expect(simulateRollout({ ...seed, maxSurge: 0, maxUnavailable: 1 }, 2)).toMatchObject({ completed: true, durationSeconds: 60, minReady: 1, maxPods: 2 });
  });

  it('flags maxSurge 0 with maxUnavailable 0: the rollout can never move', () => {
    const result = simulateRollout({ ...seed, maxSurge: 0, maxUnavailable: 0 }, 2);
    expect(result).toMatchObject({ completed: false, blockedReason: 'maxSurge 0 and maxUnavailable 0: no pod may be added or removed' });
    expect(failing({ ...seed, maxSurge: 0, maxUnavailable: 0 })).toContain('stuck: maxSurge 0 and maxUnavailable 0: no pod may be added or removed');
  });

  it('fails the check when maxUnavailable can take every pod down at the minimum', () => {
    expect(failing({ ...seed, maxSurge: 0, maxUnavailable: 2 })).toEqual([
      '2 pods replaced in 30 s, longest wait 30 s; at least 0 Ready, at most 2 pods',
    ]);
  });
});

describe('node and zone drains against the PDB', () => {
  it('at minimum replicas over 3 nodes evicts the one pod at once and keeps 1 Ready', () => {
    expect(simulateDrain(seed, { replicas: 2, domains: 3, scope: 'node' })).toEqual({
      replicas: 2, domains: 3, scope: 'node', podsToEvict: 1, completed: true,
      evictedAfterSeconds: 0, recoveredAfterSeconds: 30, minReady: 1, refusedEvictions: 0,
    });
  });

  it('waits for a replacement when both pods share the node: 6 refusals at 0, 5 … 25 s, second eviction at 30 s', () => {
    expect(simulateDrain(seed, { replicas: 2, domains: 1, scope: 'node' })).toMatchObject({
      podsToEvict: 2, completed: true, evictedAfterSeconds: 30, recoveredAfterSeconds: 60, minReady: 1, refusedEvictions: 6,
    });
  });

  it('is blocked for good when minAvailable equals minReplicas', () => {
    const bad = { ...seed, pdbMinAvailable: 2 };
    expect(simulateDrain(bad, { replicas: 2, domains: 3, scope: 'node' })).toMatchObject({ completed: false, minReady: 2 });
    expect(failing(bad)).toEqual(['blocked: PDB minAvailable 2 with 2 Ready pods allows no eviction, and nothing will change that']);
  });

  it('drains the fullest zone at maximum replicas (4 of 10 over 3 zones)', () => {
    expect(simulateDrain(seed, { replicas: 10, domains: 3, scope: 'zone' })).toMatchObject({ podsToEvict: 4, completed: true, minReady: 6 });
  });
});

describe('scaling review of the seed', () => {
  const review = reviewScaling(seed);

  it('passes every check, with the figures in the detail', () => {
    expect(review.checks.map((c) => [c.name, c.passed, c.detail])).toEqual([
      ['a 3× step from 2 replicas has 6 Ready within 120 s', true, '6 Ready 75 s after the step'],
      ['a daily wave keeps CPU at or below 100 % of requests and ends back at the minimum', true,
        expect.stringMatching(/^peak CPU \d+ % of requests; replicas 2–9 with \d+ changes; ends at 2$/)],
      ['a node drain at minimum replicas (2 over 3 nodes) completes and keeps 1 Ready', true,
        '1 evicted by 0 s (0 refused by the PDB), all replaced by 30 s; at least 1 Ready throughout'],
      ['a zone drain at maximum replicas (10 over 3 zones) completes and keeps 1 Ready', true,
        '4 evicted by 0 s (0 refused by the PDB), all replaced by 30 s; at least 6 Ready throughout'],
      ['a rollout at maximum replicas (10) fits progressDeadlineSeconds 600 and keeps 1 Ready', true,
        '10 pods replaced in 300 s, longest wait 30 s; at least 10 Ready, at most 11 pods'],
      ['a rollout at minimum replicas (2) fits progressDeadlineSeconds 600 and keeps 1 Ready', true,
        '2 pods replaced in 60 s, longest wait 30 s; at least 2 Ready, at most 3 pods'],
    ]);
  });

  it('renders the checks, the step timeline, the daily sparkline and the assumptions as Markdown', () => {
    const markdown = renderScalingSection([{ environment: 'production', service: 'reconciliation-backend', review }]);
    expect(markdown).toContain('metric lag 15 s (assumed), pod start to Ready 30 s (assumed)');
    expect(markdown).toContain('### production: reconciliation-backend');
    expect(markdown).toContain('| a 3× step from 2 replicas has 6 Ready within 120 s | ✅ pass | 6 Ready 75 s after the step |');
    expect(markdown).toContain('| 75 | 210 | 6 | 4 | 2 |'); // step at 60 s, seen at 75 s
    expect(markdown).toContain('| 135 | 105 | 6 | 6 | 6 |'); // all Ready; the metric still shows 4 pods
    expect(markdown).toContain('| 150 | 70 | 6 | 6 | 6 |');
    expect(markdown).toMatch(/Daily wave, replicas hour by hour from midnight \(▁ = 2, █ = 10\): `▁[▁-█]{23}▁`/);
    expect(renderScalingReview(review, '#### x')).toBe(renderScalingReview(reviewScaling(seed), '#### x'));
  });

  it('is run once per distinct settings: equal settings share a review, other settings get their own', () => {
    expect(reviewScaling({ ...seed })).toBe(review);
    const wider = reviewScaling({ ...seed, maxReplicas: 12 });
    expect(wider).not.toBe(review);
    expect(wider.checks[3].name).toContain('maximum replicas (12');
  });
});

describe('scaling settings', () => {
  // Each production cluster: its chart written as foundation/ and workloads/ layer files.
  it.each(production.clusters.map((cluster) => [cluster.name]))(
    'read off the synthesized production backend in %s equal the ones built from lib/workload figures', (cluster) => {
      const objects = DELIVERY_LAYERS.flatMap((layer) => {
        const file = path.resolve(__dirname, '../../dist/production', cluster, layer, 'reconciliation-backend.k8s.yaml');
        return fs.existsSync(file) ? jsYaml.loadAll(fs.readFileSync(file, 'utf8')).filter(Boolean) as KubernetesObject[] : [];
      });
      expect(objects.map((object) => object.kind)).toEqual(expect.arrayContaining(['Deployment', 'HorizontalPodAutoscaler', 'PodDisruptionBudget']));
      expect(scalingSettingsFromManifests(objects)).toEqual([{ name: 'reconciliation-backend', settings: seed }]);
    });

  it('read off bare manifests fall back to the API defaults: 25 % surge and unavailability, default behaviour, no PDB', () => {
    const objects = [
      { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web' }, spec: { template: { metadata: { labels: { app: 'web' } } } } },
      { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'web' }, spec: {
        scaleTargetRef: { kind: 'Deployment', name: 'web' }, minReplicas: 2, maxReplicas: 10,
        metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 60 } } }] } },
    ] as KubernetesObject[];
    const [{ settings }] = scalingSettingsFromManifests(objects);
    // 25 % of 10: surge rounds up to 3, unavailable down to 2.
    expect(settings).toMatchObject({ maxSurge: 3, maxUnavailable: 2, pdbMinAvailable: 0, cpuTargetPercent: 60, memoryTargetPercent: undefined, progressDeadlineSeconds: 600 });
    expect(settings.behaviour.scaleDown).toEqual({ stabilizationSeconds: 300, selectPolicy: 'Max', policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }] });
  });

  it('are refused with the field, value and rule when the bounds cross', () => {
    expect(() => checkScalingSettings({ ...seed, minReplicas: 12 })).toThrow('scaling.maxReplicas (10) must be an integer >= scaling.minReplicas (12)');
    expect(() => scalingSettingsFor({ minReplicas: 0 })).toThrow('scaling.minReplicas (0) must be an integer >= 1');
  });
});
