import type * as cog from '@grafana/grafana-foundation-sdk/cog';
import type { Panel } from '@grafana/grafana-foundation-sdk/dashboard';
import { GraphThresholdsStyleConfigBuilder, GraphThresholdsStyleMode } from '@grafana/grafana-foundation-sdk/common';
import {
  counterRate, histogramQuantile, matches, PROMETHEUS_DATASOURCE, prometheusQuery, quantileLabel,
} from '../lib/grafana/dashboard-queries';
import { DashboardLinkBuilder } from '@grafana/grafana-foundation-sdk/dashboard';
import { type DashboardDefinition, dashboardUid } from '../lib/grafana/service-dashboard';
import { SLO_DASHBOARD_SLUG } from './slo';
import { SERVER_ERROR_STATUS_PATTERN } from '../lib/monitoring/promql';
import { timeseriesPanel } from '../lib/grafana/timeseries-panel';
import { thresholdSteps } from '../lib/grafana/threshold-steps';
import type { HttpSignals } from '../lib/specs/service-signals';
import type { ResolvedDeployment } from '../lib/plan/resolved-deployment';
import { dashboardThresholds } from './thresholds';

const LATENCY_QUANTILES = [0.5, 0.95, 0.99] as const;
/** Quantiles broken down per route: one panel each, a p50 by route adds little. */
const ROUTE_LATENCY_QUANTILES = [0.95, 0.99] as const;
/** Pods drawn on the per-pod panels: enough to see one stand out. */
const TOP_PODS = 5;

/** Traffic, errors and latency of a service's HTTP API, for services with HTTP signals. */
export const apiDashboard: DashboardDefinition = {
  slug: 'api',
  title: 'API',
  description: 'Request rate, error ratio and latency of the HTTP API, overall and by route.',
  runbook: 'http',
  panels: (deployment: ResolvedDeployment): cog.Builder<Panel>[] => {
    const http = deployment.service.signals.http;
    if (!http) return [];
    const thresholds = dashboardThresholds(deployment);
    const routes = http.routeLabel ? [http.routeLabel] : [];
    const legend = http.routeLabel ? `{{${http.routeLabel}}}` : 'all routes';
    const duration = http.duration;
    const panels: cog.Builder<Panel>[] = [
      timeseriesPanel()
        .title(http.routeLabel ? 'Request rate by route' : 'Request rate')
        .description(`Requests served per second (${http.requests.name}).`)
        .datasource(PROMETHEUS_DATASOURCE)
        .unit('reqps')
        .min(0)
        .withTarget(prometheusQuery(counterRate(http.requests, routes), legend))
        .span(12),
      timeseriesPanel()
        .title(http.routeLabel ? 'Error ratio by route' : 'Error ratio')
        .description(`${errorDefinition(http)} The dashed line is the alert threshold.`)
        .datasource(PROMETHEUS_DATASOURCE)
        .unit('percentunit')
        .min(0)
        .thresholds(thresholdSteps('green', { from: thresholds.httpErrorRatioAlert, color: 'red' }))
        .thresholdsStyle(new GraphThresholdsStyleConfigBuilder().mode(GraphThresholdsStyleMode.Dashed))
        .withTarget(prometheusQuery(errorRatio(http, routes), legend))
        .links(sloLinks(deployment))
        .span(12),
      timeseriesPanel()
        .title('Error ratio by pod (top 5)')
        .description('The five pods with the highest error ratio: one pod far above the others is a bad pod (node, cache, connection), '
          + 'all of them together is the service or a dependency. The dashed line is the alert threshold.')
        .datasource(PROMETHEUS_DATASOURCE)
        .unit('percentunit')
        .min(0)
        .thresholds(thresholdSteps('green', { from: thresholds.httpErrorRatioAlert, color: 'red' }))
        .thresholdsStyle(new GraphThresholdsStyleConfigBuilder().mode(GraphThresholdsStyleMode.Dashed))
        .withTarget(prometheusQuery(`topk(${TOP_PODS}, ${errorRatio(http, ['pod'])})`, '{{pod}}'))
        .span(duration ? 12 : 24),
    ];
    if (!duration) return panels;
    panels.push(timeseriesPanel()
      .title('Latency p50 / p95 / p99')
      .description(`Request latency quantiles over all routes, from the ${duration.name} histogram.`)
      .datasource(PROMETHEUS_DATASOURCE)
      .unit('s')
      .min(0)
      .targets(LATENCY_QUANTILES.map((q) => prometheusQuery(histogramQuantile(q, duration), quantileLabel(q))))
      .links(sloLinks(deployment))
      .span(12));
    panels.push(timeseriesPanel()
      .title('Latency p95 by pod (top 5)')
      .description(`The five pods with the highest p95 request latency (${duration.name}): one slow pod stands out here before it moves the overall quantiles.`)
      .datasource(PROMETHEUS_DATASOURCE)
      .unit('s')
      .min(0)
      .withTarget(prometheusQuery(`topk(${TOP_PODS}, ${histogramQuantile(0.95, duration, ['pod'])})`, '{{pod}}'))
      .span(12));
    const routeLabel = http.routeLabel;
    if (routeLabel && duration.labels.includes(routeLabel)) {
      for (const q of ROUTE_LATENCY_QUANTILES) {
        panels.push(timeseriesPanel()
          .title(`Latency ${quantileLabel(q)} by route`)
          .description(`${quantileLabel(q)} request latency of each route, from the ${duration.name} histogram.`)
          .datasource(PROMETHEUS_DATASOURCE)
          .unit('s')
          .min(0)
          .withTarget(prometheusQuery(histogramQuantile(q, duration, [routeLabel]), `{{${routeLabel}}}`))
          .span(24 / ROUTE_LATENCY_QUANTILES.length));
      }
    }
    return panels;
  },
};

/** Panel links to the SLO dashboard, which the SLO alerts of these signals land on; none without SLOs. */
function sloLinks(deployment: ResolvedDeployment): DashboardLinkBuilder[] {
  if (deployment.slos.length === 0) return [];
  const uid = dashboardUid(deployment.environment.name, deployment.service.name, SLO_DASHBOARD_SLUG);
  return [new DashboardLinkBuilder('SLOs: error budget and burn rates')
    .url(`/d/${uid}?\${__url_time_range}&\${__all_variables}`)
    .targetBlank(false)];
}

/** Failed requests over all requests: 5xx by status label, or a separate error counter. */
function errorRatio(http: HttpSignals, by: readonly string[]): string {
  const failed = http.errors
    ? counterRate(http.errors, by)
    : counterRate(http.requests, by, matches(http.statusLabel ?? 'status', SERVER_ERROR_STATUS_PATTERN));
  return `${failed} / ${counterRate(http.requests, by)}`;
}

function errorDefinition(http: HttpSignals): string {
  return http.errors
    ? `Share of requests counted in ${http.errors.name}.`
    : `Share of requests answered with a 5xx ${http.statusLabel} (${http.requests.name}).`;
}
