import type { ResolvedDeployment } from '../../lib/plan/resolved-deployment';
import { cacheRuleGroups } from '../../alerts/cache-alerts';
import { alertThresholds, RATE_WINDOW } from '../../alerts/thresholds';
import { AlertScenario, describeAlertScenarios, inOtherNamespace, input, minutes, targetLabels } from '../support/alert-scenarios';
import { counterValues, InputSeries } from '../support/rule-tests';

/** Cache lookups at `perSecond`, a share `hitRatio` of them hits. */
function lookups(context: ResolvedDeployment, perSecond: number, hitRatio: number, length: number): InputSeries[] {
  const cache = context.service.signals.cache;
  if (!cache) throw new Error(`${context.service.name} has no cache signal`);
  const labels = { ...targetLabels(context), ...(cache.keyTypeLabel ? { [cache.keyTypeLabel]: 'session' } : {}) };
  return [
    input(cache.hits.name, labels, counterValues(perSecond * hitRatio, length)),
    input(cache.misses.name, labels, counterValues(perSecond * (1 - hitRatio), length)),
  ];
}

function scenarios(context: ResolvedDeployment): AlertScenario[] {
  const { cacheHitRatioMin: min, cacheMinLookupsPerSecond: minRate, cacheHitRatioFor } = alertThresholds(context);
  const evalMinutes = minutes(cacheHitRatioFor) + minutes(RATE_WINDOW) + 2;
  const [length, evalTime] = [evalMinutes + 1, `${evalMinutes}m`];
  const busy = minRate * 2;
  const missing = lookups(context, busy, min - 0.1, length);
  return [{
    alert: 'CacheHitRateLow',
    title: 'fires 10 points under the hit-ratio threshold; quiet 10 points over it, under the minimum lookup rate, before `for` and in other namespaces',
    firing: [{ inputs: missing, evalTime, labels: { namespace: context.namespace, job: context.job }, value: min - 0.1 }],
    quiet: [
      { inputs: lookups(context, busy, min + 0.1, length), evalTime },
      { inputs: lookups(context, minRate * 0.5, 0.1, length), evalTime },
      { inputs: missing, evalTime: `${minutes(cacheHitRatioFor) - 1}m` },
      { inputs: inOtherNamespace(missing, context.namespace), evalTime },
    ],
    brokenThreshold: { cacheHitRatioMin: min - 0.2 },
  }];
}

describeAlertScenarios('cache', cacheRuleGroups, scenarios, (deployment) => deployment.service.signals.cache !== undefined);

it('gives a service without a cache signal no cache rules', () => {
  expect(cacheRuleGroups({ service: { name: 'batch', signals: {} } } as unknown as ResolvedDeployment)).toEqual([]);
});
