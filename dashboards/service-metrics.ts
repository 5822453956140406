import type * as cog from '@grafana/grafana-foundation-sdk/cog';
import type { Panel } from '@grafana/grafana-foundation-sdk/dashboard';
import type { PanelBuilder as TimeseriesPanelBuilder } from '@grafana/grafana-foundation-sdk/timeseries';
import {
  counterRate, gaugeSum, histogramQuantile, PROMETHEUS_DATASOURCE, prometheusQuery, quantileLabel,
} from '../lib/grafana/dashboard-queries';
import type { DashboardDefinition } from '../lib/grafana/service-dashboard';
import { timeseriesPanel } from '../lib/grafana/timeseries-panel';
import type { MetricDefinition } from '../lib/monitoring/metric-catalog';
import type { ResolvedDeployment, ResolvedService } from '../lib/plan/resolved-deployment';

const QUANTILES = [0.5, 0.95] as const;
/** Grafana units for the catalog's units; others are drawn as plain numbers with the unit on the axis. */
const GRAFANA_UNITS: Readonly<Record<string, string>> = { bytes: 'bytes', seconds: 's', percent: 'percent' };

/**
 * Every metric of the service's catalog that no signal carries (so the API and Database &
 * Cache dashboards do not draw it): requests in flight, sessions, the AI and inference
 * metrics, failed queries. One panel per metric, so each has its own. Metrics the catalog
 * marks `notDashboarded` are left out; a service whose every metric is a signal gets no
 * dashboard of this kind.
 */
export const serviceMetricsDashboard: DashboardDefinition = {
  slug: 'service-metrics',
  title: 'Service metrics',
  description: 'The service\'s own metrics beyond HTTP, database and cache signals: requests in flight, sessions, AI and inference.',
  panels: ({ service }: ResolvedDeployment): cog.Builder<Panel>[] => undrawnMetrics(service).map(metricPanel),
};

/** Catalog metrics no signal names and the catalog does not mark `notDashboarded`, in catalog order. */
export function undrawnMetrics(service: ResolvedService): MetricDefinition[] {
  const { http, database, cache } = service.signals;
  const signalled = new Set([
    http?.requests, http?.errors, http?.duration,
    database?.queryDuration, database?.poolActive, database?.poolIdle, database?.poolTotal,
    cache?.hits, cache?.misses,
  ].flatMap((metric) => (metric ? [metric.name] : [])));
  return Object.values(service.metrics).filter((metric) => !signalled.has(metric.name) && metric.notDashboarded === undefined);
}

function metricPanel(metric: MetricDefinition): TimeseriesPanelBuilder {
  const by = [...metric.labels];
  const legend = by.length > 0 ? by.map((label) => `{{${label}}}`).join(' ') : metric.unit;
  const panel = timeseriesPanel()
    .title(`${metric.help} (${metric.name})`)
    .datasource(PROMETHEUS_DATASOURCE)
    .min(0)
    .span(12);
  switch (metric.type) {
    case 'counter':
      return panel
        .description(`${metric.help}, per second${by.length ? ` by ${by.join(' and ')}` : ''}.`)
        .unit(`suffix: ${metric.unit}/s`)
        .withTarget(prometheusQuery(counterRate(metric, by), legend));
    case 'gauge':
      return panel
        .description(`${metric.help}, summed over the pods${by.length ? ` by ${by.join(' and ')}` : ''}.`)
        .unit(GRAFANA_UNITS[metric.unit] ?? 'short')
        .axisLabel(metric.unit)
        .withTarget(prometheusQuery(gaugeSum(metric, by), legend));
    case 'histogram':
      return panel
        .description(`${metric.help}: ${QUANTILES.map(quantileLabel).join(' and ')}${by.length ? ` by ${by.join(' and ')}` : ''}.`)
        .unit(GRAFANA_UNITS[metric.unit] ?? 'short')
        .targets(QUANTILES.map((q) => prometheusQuery(histogramQuantile(q, metric, by), `${quantileLabel(q)}${by.length ? ` ${legend}` : ''}`)));
  }
}
