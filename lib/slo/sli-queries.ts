import type { ServiceLevelIndicator } from './slo-definition';
import { histogramSeries } from '../monitoring/metric-catalog';

/** Status codes that spend the availability budget: server errors only; 4xx are the client's. */
export const SERVER_ERROR_STATUS_REGEX = '5..';

/** The series of one service in one environment: the ServiceMonitor's `job` and the namespace. */
export interface SliScope {
  readonly job: string;
  readonly namespace: string;
}

/**
 * PromQL for the share of bad events over a window, e.g. `5m`. A window without any
 * request gives no sample at all (rather than 0/0 = NaN), so it neither alerts nor
 * counts as spent budget; a window with requests but no failure series yet gives 0.
 */
export function sliErrorRatioExpr(indicator: ServiceLevelIndicator, scope: SliScope, window: string): string {
  if (indicator.kind === 'latency') {
    const series = histogramSeries(indicator.duration);
    const fast = rate(series.bucket, scope, window, leMatcher(indicator.thresholdSeconds));
    return `1 - ${fast} / (${rate(series.count, scope, window)} > 0)`;
  }
  const { failures, requests } = indicator;
  const failed = 'statusLabel' in failures
    ? rate(requests.name, scope, window, `${failures.statusLabel}=~"${SERVER_ERROR_STATUS_REGEX}"`)
    : rate(failures.errors.name, scope, window);
  // Failure series appear with the first failure (labelled counters start absent).
  return `(${failed} or vector(0)) / (${rate(requests.name, scope, window)} > 0)`;
}

function rate(series: string, scope: SliScope, window: string, extraMatcher?: string): string {
  const matchers = [`job="${scope.job}"`, `namespace="${scope.namespace}"`, ...(extraMatcher ? [extraMatcher] : [])];
  return `sum(rate(${series}{${matchers.join(', ')}}[${window}]))`;
}

/**
 * Matches a bucket bound as clients write it: Python writes whole numbers as `1.0`,
 * Go and Rust as `1`; fractions read the same everywhere.
 */
function leMatcher(bound: number): string {
  return Number.isInteger(bound) ? `le=~"${bound}([.]0)?"` : `le="${bound}"`;
}
