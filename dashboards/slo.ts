import type * as cog from '@grafana/grafana-foundation-sdk/cog';
import { BigValueColorMode, GraphThresholdsStyleConfigBuilder, GraphThresholdsStyleMode, ReduceDataOptionsBuilder } from '@grafana/grafana-foundation-sdk/common';
import { DashboardLinkBuilder, type Panel } from '@grafana/grafana-foundation-sdk/dashboard';
import { PanelBuilder as StatPanelBuilder } from '@grafana/grafana-foundation-sdk/stat';
import { PanelBuilder as TimeseriesPanelBuilder } from '@grafana/grafana-foundation-sdk/timeseries';
import { eq, NAMESPACE_MATCHER, PROMETHEUS_DATASOURCE, prometheusQuery, selector } from '../lib/grafana/dashboard-queries';
import { type DashboardDefinition, dashboardUid } from '../lib/grafana/service-dashboard';
import { thresholdSteps } from '../lib/grafana/threshold-steps';
import type { ResolvedDeployment } from '../lib/plan/resolved-deployment';
import { type BurnRatePolicy, lowestBurnRate, objectiveRatio, type SloDefinition } from '../lib/slo/slo-model';
import { SLO_RECORDS } from '../lib/slo/slo-recording-rules';

/** Budget remaining turns orange below a quarter left and red once spent. */
const BUDGET_REMAINING_LOW = 0.25;
/** The window the SLI over time is drawn from; the longer, smoother one next to it. */
const SLI_WINDOWS = ['5m', '1h'] as const;

/**
 * Error budget, burn rates and SLI of each SLO of the service, read from the series
 * the SLO recording rules write (lib/slo/slo-recording-rules.ts): the SLOs in force in the
 * deployment's environment, whose objectives the panels read from the recorded series.
 */
export const SLO_DASHBOARD_SLUG = 'slo';

export const sloDashboard: DashboardDefinition = {
  slug: SLO_DASHBOARD_SLUG,
  title: 'SLOs',
  description: 'Error budget remaining, burn rates and SLIs of the service level objectives; alerts fire on the burn rates shown here.',
  runbook: 'slo',
  panels: (deployment: ResolvedDeployment): cog.Builder<Panel>[] => deployment.slos.flatMap((slo) => [
    budgetRemainingStat(slo),
    periodSliStat(slo),
    burnRateTimeseries(slo, deployment.burnRatePolicy),
    sliTimeseries(slo).links([apiLink(deployment)]),
  ]),
};

/** An SLO's recorded series in the selected namespace; their `service` label is the service name, which is also its `job`. */
function sloSeries(series: string, slo: SloDefinition): string {
  return selector(series, [NAMESPACE_MATCHER, eq('service', '$job'), eq('slo', slo.name)]);
}

function budgetRemainingStat(slo: SloDefinition): StatPanelBuilder {
  return new StatPanelBuilder()
    .title(`${title(slo)}: error budget remaining`)
    .description(`Share of the ${slo.name} error budget not yet spent over the SLO period (${slo.period} by default); `
      + `below zero the objective is missed. Orange under ${BUDGET_REMAINING_LOW * 100} %, red when spent.`)
    .datasource(PROMETHEUS_DATASOURCE)
    .unit('percentunit')
    .thresholds(thresholdSteps('red', { from: 0, color: 'orange' }, { from: BUDGET_REMAINING_LOW, color: 'green' }))
    .colorMode(BigValueColorMode.Background)
    .reduceOptions(lastValue())
    .withTarget(prometheusQuery(sloSeries(SLO_RECORDS.errorBudgetRemaining, slo), 'budget remaining'))
    .span(6)
    .height(6);
}

function periodSliStat(slo: SloDefinition): StatPanelBuilder {
  return new StatPanelBuilder()
    .title(`${title(slo)}: SLI over the period`)
    .description(`${slo.description}, in percent of all requests over the SLO period, next to the objective `
      + `(${slo.objectivePercent} % in this environment): red below the objective, green at or above it.`)
    .datasource(PROMETHEUS_DATASOURCE)
    .unit('percentunit')
    .decimals(3)
    .thresholds(thresholdSteps('red', { from: objectiveRatio(slo), color: 'green' }))
    .colorMode(BigValueColorMode.Background)
    .reduceOptions(lastValue())
    .targets([
      prometheusQuery(`1 - ${sloSeries(SLO_RECORDS.periodErrorRatio, slo)}`, 'SLI'),
      prometheusQuery(sloSeries(SLO_RECORDS.objective, slo), 'objective'),
    ])
    .span(6)
    .height(6);
}

/** Burn rate over each alert window; the dashed lines are the lowest ticket and page burn rates of the SLO's period. */
function burnRateTimeseries(slo: SloDefinition, policy: BurnRatePolicy): TimeseriesPanelBuilder {
  const lowest = (severity: 'warning' | 'critical') => lowestBurnRate(policy, severity, slo.period);
  const windows = policy.windows.filter((window) => policy.tiers.some((tier) => tier.conditions.some((c) => c.longWindow === window)));
  return new TimeseriesPanelBuilder()
    .title(`${title(slo)}: burn rate`)
    .description('How many times faster than sustainable the error budget is spent, over each long alert window: '
      + `1 spends it exactly over the period. Yellow from ${lowest('warning')} (tickets), red from ${lowest('critical')} (pages).`)
    .datasource(PROMETHEUS_DATASOURCE)
    .unit('suffix:×')
    .min(0)
    .thresholds(thresholdSteps('green', { from: lowest('warning'), color: 'yellow' }, { from: lowest('critical'), color: 'red' }))
    .thresholdsStyle(new GraphThresholdsStyleConfigBuilder().mode(GraphThresholdsStyleMode.Dashed))
    .targets(windows.map((window) => prometheusQuery(
      `${sloSeries(SLO_RECORDS.errorRatio(window), slo)} / ${sloSeries(SLO_RECORDS.errorBudget, slo)}`, window)))
    .span(12)
    .height(6);
}

function sliTimeseries(slo: SloDefinition): TimeseriesPanelBuilder {
  return new TimeseriesPanelBuilder()
    .title(`${title(slo)}: SLI over time`)
    .description(`${slo.description}, in percent of requests over ${SLI_WINDOWS.join(' and ')} windows, against the objective.`)
    .datasource(PROMETHEUS_DATASOURCE)
    .unit('percentunit')
    .max(1)
    .targets([
      ...SLI_WINDOWS.map((window) => prometheusQuery(`1 - ${sloSeries(SLO_RECORDS.errorRatio(window), slo)}`, `SLI ${window}`)),
      prometheusQuery(sloSeries(SLO_RECORDS.objective, slo), 'objective'),
    ])
    .span(24)
    .height(8);
}

/** The raw signal behind the SLIs: the API dashboard, with time range and variables. */
function apiLink(deployment: ResolvedDeployment): DashboardLinkBuilder {
  const uid = dashboardUid(deployment.environment.name, deployment.service.name, 'api');
  return new DashboardLinkBuilder('API: requests, errors and latency').url(`/d/${uid}?\${__url_time_range}&\${__all_variables}`);
}

function title(slo: SloDefinition): string {
  return slo.name.charAt(0).toUpperCase() + slo.name.slice(1);
}

function lastValue(): ReduceDataOptionsBuilder {
  return new ReduceDataOptionsBuilder().calcs(['lastNotNull']).values(false);
}
