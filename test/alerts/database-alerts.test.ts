import type { ResolvedDeployment } from '../../lib/plan/resolved-deployment';
import { databaseRuleGroups } from '../../alerts/database-alerts';
import { alertThresholds, RATE_WINDOW } from '../../alerts/thresholds';
import { histogramSeries, MetricDefinition } from '../../lib/monitoring/metric-catalog';
import { AlertScenario, describeAlertScenarios, examplePod, inOtherNamespace, input, minutes, targetLabels } from '../support/alert-scenarios';
import { counterValues, gaugeValues, InputSeries } from '../support/rule-tests';

/**
 * Bucket counters whose p95 is `p95` seconds: every observation below the bucket
 * holding `p95` sits in the first bucket, the rest in that bucket, in proportions
 * that make histogram_quantile's linear interpolation land exactly on `p95`.
 */
function latencyHistogram(context: ResolvedDeployment, metric: MetricDefinition, p95: number, perSecond: number, length: number): InputSeries[] {
  const buckets = metric.buckets ?? [];
  const upper = buckets.findIndex((bound) => bound >= p95);
  if (upper < 1) throw new Error(`${metric.name}: ${p95} s must lie above the first bucket and within the buckets`);
  const [low, high] = [buckets[upper - 1], buckets[upper]];
  const share = (p95 - low) / (high - low);
  const belowLow = (0.95 - share) / (1 - share);
  const series = histogramSeries(metric);
  const labels = targetLabels(context);
  return [
    ...buckets.map((bound, index) => input(series.bucket, { ...labels, le: String(bound) },
      counterValues(perSecond * (index < upper ? belowLow : 1), length))),
    input(series.bucket, { ...labels, le: '+Inf' }, counterValues(perSecond, length)),
    input(series.count, labels, counterValues(perSecond, length)),
  ];
}

function pool(context: ResolvedDeployment, active: number, size: number, length: number): InputSeries[] {
  const database = context.service.signals.database;
  const labels = targetLabels(context);
  if (!database?.poolActive) throw new Error(`${context.service.name} has no pool signal`);
  const sizeSeries = database.poolTotal
    ? input(database.poolTotal.name, labels, gaugeValues(size, length))
    : input(database.poolIdle?.name ?? '', labels, gaugeValues(size - active, length));
  return [input(database.poolActive.name, labels, gaugeValues(active, length)), sizeSeries];
}

function scenarios(context: ResolvedDeployment): AlertScenario[] {
  const database = context.service.signals.database;
  const t = alertThresholds(context);
  const result: AlertScenario[] = [];
  if (database?.queryDuration) {
    const metric = database.queryDuration;
    const evalMinutes = minutes(t.dbLatencyFor) + minutes(RATE_WINDOW) + 2;
    const [length, evalTime] = [evalMinutes + 1, `${evalMinutes}m`];
    const busy = t.dbMinQueriesPerSecond * 2;
    const slow = latencyHistogram(context, metric, t.dbLatencyP95Seconds * 1.1, busy, length);
    result.push({
      alert: 'DbLatencyHigh',
      title: 'fires at a p95 10 % over the threshold; quiet 10 % under it, under the minimum query rate, before `for` and in other namespaces',
      firing: [{ inputs: slow, evalTime, labels: { namespace: context.namespace, job: context.job }, value: t.dbLatencyP95Seconds * 1.1 }],
      quiet: [
        { inputs: latencyHistogram(context, metric, t.dbLatencyP95Seconds * 0.9, busy, length), evalTime },
        { inputs: latencyHistogram(context, metric, t.dbLatencyP95Seconds * 1.1, t.dbMinQueriesPerSecond * 0.5, length), evalTime },
        { inputs: slow, evalTime: `${minutes(t.dbLatencyFor) - 1}m` },
        { inputs: inOtherNamespace(slow, context.namespace), evalTime },
      ],
      brokenThreshold: { dbLatencyP95Seconds: t.dbLatencyP95Seconds * 1.5 },
    });
  }
  if (database?.poolActive) {
    const evalMinutes = minutes(t.poolUtilizationFor) + 2;
    const [length, evalTime] = [evalMinutes + 1, `${evalMinutes}m`];
    const size = 100;
    const busy = Math.round(size * (t.poolUtilizationMax + 0.05));
    const full = pool(context, busy, size, length);
    result.push({
      alert: 'DbPoolUtilizationHigh',
      title: 'fires 5 points over the utilization threshold; quiet 5 points under it, with no pool open, before `for` and in other namespaces',
      firing: [{
        inputs: full, evalTime, labels: { namespace: context.namespace, job: context.job, pod: examplePod(context) }, value: busy / size,
      }],
      quiet: [
        { inputs: pool(context, Math.round(size * (t.poolUtilizationMax - 0.05)), size, length), evalTime },
        { inputs: pool(context, 0, 0, length), evalTime },
        { inputs: full, evalTime: `${minutes(t.poolUtilizationFor) - 1}m` },
        { inputs: inOtherNamespace(full, context.namespace), evalTime },
      ],
      brokenThreshold: { poolUtilizationMax: Math.min(0.99, t.poolUtilizationMax + 0.1) },
    });
  }
  return result;
}

describeAlertScenarios('database', databaseRuleGroups, scenarios, (deployment) => deployment.service.signals.database !== undefined);

describe('database rules', () => {
  it('gives a service without a database signal no database rules', () => {
    expect(databaseRuleGroups({ service: { name: 'batch', signals: {} } } as unknown as ResolvedDeployment)).toEqual([]);
  });

  it('gives a service with pool gauges but no query histogram only the pool alert', () => {
    const gauge = (name: string) => ({ name, type: 'gauge', help: '', labels: [], unit: 'connections' }) as const;
    const context = {
      service: { name: 'batch', signals: { database: { poolActive: gauge('a'), poolIdle: gauge('i') } } },
      namespace: 'ns', job: 'batch', alertPrefix: 'Batch', thresholds: { poolUtilizationMax: 0.85, poolUtilizationFor: '10m' },
    } as unknown as ResolvedDeployment;
    const [group] = databaseRuleGroups(context);
    expect(group.rules.map((rule) => ('alert' in rule ? rule.alert : rule.record))).toEqual(['BatchDbPoolUtilizationHigh']);
    expect(group.rules[0].expr).toContain('sum by (cluster, namespace, job, pod) (a{namespace="ns", job="batch"}) + sum by (cluster, namespace, job, pod) (i{namespace="ns", job="batch"})');
  });
});
