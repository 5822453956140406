import type { RuleGroup } from '../lib/monitoring/rule-groups';
import { onCluster, seriesSelector } from '../lib/monitoring/promql';
import { counterBase, percent, serviceRate, serviceScope } from './alert-context';
import type { ResolvedDeployment } from '../lib/plan/resolved-deployment';
import { RATE_WINDOW } from './thresholds';

/** Cache hit ratio, hits / (hits + misses); silent below a minimum lookup rate. */
export function cacheRuleGroups(deployment: ResolvedDeployment): RuleGroup[] {
  const cache = deployment.service.signals.cache;
  if (!cache) return [];
  const scope = serviceScope(deployment);
  const t = deployment.thresholds;
  const hits = serviceRate(seriesSelector(cache.hits, scope));
  const lookups = `(\n  ${hits}\n  + ${serviceRate(seriesSelector(cache.misses, scope))}\n)`;
  const hitRatio = `job:${counterBase(cache.hits)}:ratio_rate${RATE_WINDOW}`;

  return [{
    name: `${deployment.job}.cache`,
    rules: [
      // `> 0` drops the series when there are no lookups instead of dividing by zero.
      { record: hitRatio, expr: `${hits}\n/\n(${lookups} > 0)` },
      {
        alert: `${deployment.alertPrefix}CacheHitRateLow`,
        expr: [
          `${seriesSelector(hitRatio, scope)} < ${t.cacheHitRatioMin}`,
          `and ${onCluster('namespace', 'job')}`,
          `${lookups} >= ${t.cacheMinLookupsPerSecond}`,
        ].join('\n'),
        for: t.cacheHitRatioFor,
        severity: 'warning',
        response: 'warning',
        why: 'A cold or failing cache costs latency and database load; the SLOs page if users feel it.',
        signal: 'cache',
        dashboardPanel: { dashboard: 'database-cache', panel: 'Cache hit rate' },
        summary: `${deployment.service.name} cache hit rate is below ${percent(t.cacheHitRatioMin)}`,
        description: 'Only {{ $value | humanizePercentage }} of cache lookups of {{ $labels.job }} in {{ $labels.namespace }} '
          + `were hits over the last ${RATE_WINDOW} (threshold ${percent(t.cacheHitRatioMin)}).`,
      },
    ],
  }];
}
