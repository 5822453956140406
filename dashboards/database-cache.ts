import type * as cog from '@grafana/grafana-foundation-sdk/cog';
import { percent } from '../alerts/alert-context';
import {
  BigValueColorMode, BigValueTextMode, ReduceDataOptionsBuilder,
} from '@grafana/grafana-foundation-sdk/common';
import {
  Panel, QueryVariableBuilder, VariableModel, VariableRefresh, VariableSort,
} from '@grafana/grafana-foundation-sdk/dashboard';
import { CellValuesBuilder, PanelBuilder as HeatmapPanelBuilder, YAxisConfigBuilder } from '@grafana/grafana-foundation-sdk/heatmap';
import { PromQueryFormat } from '@grafana/grafana-foundation-sdk/prometheus';
import { PanelBuilder as StatPanelBuilder } from '@grafana/grafana-foundation-sdk/stat';
import type { PanelBuilder as TimeseriesPanelBuilder } from '@grafana/grafana-foundation-sdk/timeseries';
import {
  counterRate, gaugeSum, histogramQuantile, matches, PROMETHEUS_DATASOURCE,
  prometheusQuery, quantileLabel, rate, serviceSelector, sumBy,
} from '../lib/grafana/dashboard-queries';
import type { DashboardDefinition } from '../lib/grafana/service-dashboard';
import { timeseriesPanel } from '../lib/grafana/timeseries-panel';
import { thresholdSteps } from '../lib/grafana/threshold-steps';
import { histogramSeries, MetricDefinition } from '../lib/monitoring/metric-catalog';
import type { CacheSignals, DatabaseSignals } from '../lib/specs/service-signals';
import type { ResolvedDeployment, ResolvedService } from '../lib/plan/resolved-deployment';
import { DashboardThresholds, dashboardThresholds } from './thresholds';

const QUERY_QUANTILES = [0.5, 0.95, 0.99] as const;

/**
 * The seven panels of the operations documents: three stats on top (query latency,
 * cache hit rate, pool utilization), cache traffic and pool size over time, and the
 * query latency heatmap per route. A service gets the panels its signals support.
 */
export const databaseCacheDashboard: DashboardDefinition = {
  slug: 'database-cache',
  title: 'Database & Cache',
  description: 'Database query latency, connection pool and cache effectiveness.',
  runbook: 'database',
  panels: (deployment: ResolvedDeployment): cog.Builder<Panel>[] => {
    const { service } = deployment;
    const { database, cache } = service.signals;
    const thresholds = dashboardThresholds(deployment);
    const queryDuration = database?.queryDuration;
    const pool = database ? poolSeries(database) : undefined;
    const stats: StatPanelBuilder[] = [];
    if (queryDuration) stats.push(queryLatencyStat(queryDuration, thresholds));
    if (cache) stats.push(cacheHitRateStat(cache, thresholds));
    if (pool) stats.push(poolUtilizationStat(pool, thresholds));
    const panels: cog.Builder<Panel>[] = stats.map((stat) => stat.span(24 / stats.length).height(6));
    if (cache) panels.push(cacheLookupsTimeseries(cache, cache.hits, 'hits'), cacheLookupsTimeseries(cache, cache.misses, 'misses'));
    if (pool) panels.push(poolTimeseries(pool));
    if (queryDuration) panels.push(queryLatencyHeatmap(queryDuration, heatmapRouteLabel(service)));
    return panels;
  },
  extraVariables: ({ service }: ResolvedDeployment): cog.Builder<VariableModel>[] => {
    const queryDuration = service.signals.database?.queryDuration;
    const routeLabel = heatmapRouteLabel(service);
    if (!queryDuration || !routeLabel) return [];
    const routes = `label_values(${serviceSelector(histogramSeries(queryDuration).bucket)}, ${routeLabel})`;
    return [
      new QueryVariableBuilder('route')
        .label('Route')
        .description('Routes to draw a query latency heatmap for')
        .datasource(PROMETHEUS_DATASOURCE)
        .query(routes)
        .definition(routes)
        .multi(true)
        .includeAll(true)
        .current({ selected: true, text: 'All', value: '$__all' })
        .refresh(VariableRefresh.OnTimeRangeChanged)
        .sort(VariableSort.AlphabeticalAsc),
    ];
  },
};

/** 1. DB query duration p50 / p95 / p99. */
function queryLatencyStat(queryDuration: MetricDefinition, thresholds: DashboardThresholds): StatPanelBuilder {
  return new StatPanelBuilder()
    .title('DB query duration p50 / p95 / p99')
    .description(`Database query latency quantiles from ${queryDuration.name}; orange from `
      + `${Number((thresholds.dbLatencyWarningSeconds * 1000).toPrecision(4))} ms, where the p95 alert fires.`)
    .datasource(PROMETHEUS_DATASOURCE)
    .unit('s')
    .thresholds(thresholdSteps('green', { from: thresholds.dbLatencyWarningSeconds, color: 'orange' }))
    .colorMode(BigValueColorMode.Background)
    .textMode(BigValueTextMode.ValueAndName)
    .reduceOptions(lastValue())
    .targets(QUERY_QUANTILES.map((q) => prometheusQuery(histogramQuantile(q, queryDuration), quantileLabel(q))));
}

/**
 * 2. Cache hit rate. Orange between the alert threshold and the target; a service whose
 * alert threshold is at or above the target goes from red straight to green.
 */
function cacheHitRateStat(cache: CacheSignals, thresholds: DashboardThresholds): StatPanelBuilder {
  const hits = counterRate(cache.hits);
  const { cacheHitRatioAlert: alert, cacheHitRatioTarget: target } = thresholds;
  const green = Math.max(alert, target);
  const steps = alert < target
    ? thresholdSteps('red', { from: alert, color: 'orange' }, { from: target, color: 'green' })
    : thresholdSteps('red', { from: alert, color: 'green' });
  return new StatPanelBuilder()
    .title('Cache hit rate')
    .description(`Share of cache lookups answered from the cache. Target: above `
      + `${percent(green)} (green); red below ${percent(alert)}, where the alert fires. Empty while there are no lookups.`)
    .datasource(PROMETHEUS_DATASOURCE)
    .unit('percentunit')
    .min(0)
    .max(1)
    .thresholds(steps)
    .colorMode(BigValueColorMode.Background)
    .reduceOptions(lastValue())
    // `> 0` drops the lookups series when there are none, as the recording rule does, instead of dividing by zero.
    .withTarget(prometheusQuery(`${hits} / ((${hits} + ${counterRate(cache.misses)}) > 0)`, 'hit rate'));
}

/** 3. Connection pool utilization. */
function poolUtilizationStat(pool: PoolSeries, thresholds: DashboardThresholds): StatPanelBuilder {
  return new StatPanelBuilder()
    .title('Connection pool utilization')
    .description(`Share of pool connections in use (active / total) over all pods; red from `
      + `${percent(thresholds.poolUtilizationAlert)}, where the alert fires.`)
    .datasource(PROMETHEUS_DATASOURCE)
    .unit('percentunit')
    .min(0)
    .max(1)
    .thresholds(thresholdSteps('green', { from: thresholds.poolUtilizationAlert, color: 'red' }))
    .colorMode(BigValueColorMode.Background)
    .reduceOptions(lastValue())
    .withTarget(prometheusQuery(`${pool.active} / (${pool.total})`, 'utilization'));
}

/** 4 and 5. Cache hits (or misses) per second by key type. */
function cacheLookupsTimeseries(cache: CacheSignals, counter: MetricDefinition, outcome: 'hits' | 'misses'): TimeseriesPanelBuilder {
  const by = cache.keyTypeLabel ? [cache.keyTypeLabel] : [];
  return timeseriesPanel()
    .title(cache.keyTypeLabel ? `Cache ${outcome} by key type` : `Cache ${outcome}`)
    .description(`Cache lookups that ${outcome === 'hits' ? 'were answered from the cache' : 'fell through'}, per second (${counter.name}).`)
    .datasource(PROMETHEUS_DATASOURCE)
    .unit(`suffix: ${outcome}/s`)
    .min(0)
    .withTarget(prometheusQuery(counterRate(counter, by), cache.keyTypeLabel ? `{{${cache.keyTypeLabel}}}` : outcome))
    .span(12);
}

/** 6. Connection pool active / idle / total. */
function poolTimeseries(pool: PoolSeries): TimeseriesPanelBuilder {
  return timeseriesPanel()
    .title('Connection pool active / idle / total')
    .description('Database pool connections over all pods: in use, open and idle, and the pool size.')
    .datasource(PROMETHEUS_DATASOURCE)
    .unit('short')
    .axisLabel('connections')
    .min(0)
    .targets([
      prometheusQuery(pool.active, 'active'),
      ...(pool.idle ? [prometheusQuery(pool.idle, 'idle')] : []),
      prometheusQuery(pool.total, 'total'),
    ])
    .span(24);
}

/** 7. DB query duration heatmap, one per route when the histogram has a route label. */
function queryLatencyHeatmap(queryDuration: MetricDefinition, routeLabel: string | undefined): HeatmapPanelBuilder {
  const buckets = histogramSeries(queryDuration).bucket;
  const matchers = routeLabel ? [matches(routeLabel, '$route')] : [];
  const panel = new HeatmapPanelBuilder()
    .title(routeLabel ? `DB query duration heatmap: ${routeLabel} $route` : 'DB query duration heatmap')
    .description(`Database queries per second in each latency bucket of ${queryDuration.name}`
      + `${routeLabel ? `, one heatmap per ${routeLabel}` : ''}.`)
    .datasource(PROMETHEUS_DATASOURCE)
    .unit('ops')
    .calculate(false)
    .yAxis(new YAxisConfigBuilder().unit('s'))
    .cellValues(new CellValuesBuilder().unit('ops'))
    .withTarget(prometheusQuery(sumBy(['le'], rate(serviceSelector(buckets, ...matchers))), '{{le}}').format(PromQueryFormat.Heatmap))
    .span(24);
  return routeLabel ? panel.repeat('route').repeatDirection('h').maxPerRow(2) : panel;
}

interface PoolSeries {
  readonly active: string;
  readonly idle?: string;
  /** The pool size, or active + idle when the service does not export it. */
  readonly total: string;
}

function poolSeries(database: DatabaseSignals): PoolSeries | undefined {
  if (!database.poolActive) return undefined;
  const active = gaugeSum(database.poolActive);
  const idle = database.poolIdle ? gaugeSum(database.poolIdle) : undefined;
  if (database.poolTotal) return { active, idle, total: gaugeSum(database.poolTotal) };
  // checkSignals requires poolTotal or poolIdle next to poolActive.
  return idle ? { active, idle, total: `${active} + ${idle}` } : undefined;
}

/** The HTTP route label, when the query histogram carries it too. */
function heatmapRouteLabel(service: ResolvedService): string | undefined {
  const routeLabel = service.signals.http?.routeLabel;
  const queryDuration = service.signals.database?.queryDuration;
  return routeLabel && queryDuration?.labels.includes(routeLabel) ? routeLabel : undefined;
}

function lastValue(): ReduceDataOptionsBuilder {
  return new ReduceDataOptionsBuilder().calcs(['lastNotNull']).values(false);
}
