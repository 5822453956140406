import { histogramSeries } from '../lib/monitoring/metric-catalog';
import { onCluster, seriesSelector, sumBy, withCluster } from '../lib/monitoring/promql';
import type { Rule, RuleGroup } from '../lib/monitoring/rule-groups';
import { percent, serviceRate, serviceScope } from './alert-context';
import type { ResolvedDeployment } from '../lib/plan/resolved-deployment';
import { RATE_WINDOW } from './thresholds';

/**
 * Database query latency (p95 from the histogram, via a recording rule) and
 * connection pool utilization, for whichever of the two the service exports.
 */
export function databaseRuleGroups(deployment: ResolvedDeployment): RuleGroup[] {
  const database = deployment.service.signals.database;
  if (!database) return [];
  const scope = serviceScope(deployment);
  const t = deployment.thresholds;
  const rules: Rule[] = [];

  if (database.queryDuration) {
    const series = histogramSeries(database.queryDuration);
    const p95 = `job:${database.queryDuration.name}:p95_${RATE_WINDOW}`;
    rules.push(
      {
        record: p95,
        expr: `histogram_quantile(0.95, ${serviceRate(seriesSelector(series.bucket, scope), ['le'])})`,
      },
      {
        alert: `${deployment.alertPrefix}DbLatencyHigh`,
        expr: [
          `${seriesSelector(p95, scope)} > ${t.dbLatencyP95Seconds}`,
          `and ${onCluster('namespace', 'job')}`,
          `${serviceRate(seriesSelector(series.count, scope))} >= ${t.dbMinQueriesPerSecond}`,
        ].join('\n'),
        for: t.dbLatencyFor,
        severity: 'warning',
        response: 'warning',
        why: 'A cause, not user impact: the latency SLO pages if requests get slow enough to hurt.',
        signal: 'database',
        dashboardPanel: { dashboard: 'database-cache', panel: 'DB query duration p50 / p95 / p99' },
        summary: `${deployment.service.name} database queries are slow (p95 above ${t.dbLatencyP95Seconds * 1000} ms)`,
        description: 'The 95th percentile of database query latency of {{ $labels.job }} in {{ $labels.namespace }} '
          + `is {{ $value | humanizeDuration }} (threshold ${t.dbLatencyP95Seconds * 1000}ms).`,
      },
    );
  }

  const { poolActive, poolIdle, poolTotal } = database;
  const byPod = (series: string) => sumBy(withCluster(['namespace', 'job', 'pod']), series);
  const active = poolActive && byPod(seriesSelector(poolActive, scope));
  const size = poolTotal ? byPod(seriesSelector(poolTotal, scope)) : poolIdle && `${active} + ${byPod(seriesSelector(poolIdle, scope))}`;
  if (active && size) {
    rules.push({
      alert: `${deployment.alertPrefix}DbPoolUtilizationHigh`,
      // `> 0` drops pods whose pool is not open yet instead of dividing by zero.
      expr: `${active}\n/\n(${size} > 0)\n> ${t.poolUtilizationMax}`,
      for: t.poolUtilizationFor,
      severity: 'warning',
      response: 'warning',
      why: 'A nearly full pool is a capacity risk, not an outage: requests still succeed until it is exhausted.',
      signal: 'database',
      dashboardPanel: { dashboard: 'database-cache', panel: 'Connection pool utilization' },
      summary: `${deployment.service.name} uses more than ${percent(t.poolUtilizationMax)} of its database connection pool`,
      description: 'Pod {{ $labels.pod }} of {{ $labels.job }} in {{ $labels.namespace }} has {{ $value | humanizePercentage }} '
        + `of its database connections in use (threshold ${percent(t.poolUtilizationMax)}).`,
    });
  }

  return rules.length === 0 ? [] : [{ name: `${deployment.job}.database`, rules }];
}
