import type { MetricDefinition } from '../monitoring/metric-catalog';

/**
 * A service level objective: the share of good events out of all events that a
 * service promises over a rolling period, e.g. 99.9 % of requests succeed over 30 days.
 */
export interface SloDefinition {
  /** DNS-1123 label, unique per service; the `slo` label of its rules, e.g. `availability`. */
  readonly name: string;
  /** One line for humans: what good means. */
  readonly description: string;
  /** Good events in percent of all events; strictly between 0 and 100. */
  readonly objectivePercent: number;
  /** Rolling period the error budget is spent over, e.g. `30d`. */
  readonly period: string;
  readonly indicator: ServiceLevelIndicator;
}

/** How good and total events are counted. */
export type ServiceLevelIndicator = AvailabilityIndicator | LatencyIndicator;

/** Requests that did not fail, over all requests. */
export interface AvailabilityIndicator {
  readonly kind: 'availability';
  /** Counter of all requests. */
  readonly requests: MetricDefinition;
  /** What counts as failed: a 5xx value of a status label of `requests`, or a counter of failed requests. */
  readonly failures: { readonly statusLabel: string } | { readonly errors: MetricDefinition };
}

/** Requests served faster than a threshold (the histogram's `le` bucket), over all requests (its `_count`). */
export interface LatencyIndicator {
  readonly kind: 'latency';
  /** Histogram of request durations in seconds. */
  readonly duration: MetricDefinition;
  /** Upper bound of a bucket of `duration`. */
  readonly thresholdSeconds: number;
}

/** The objective as a ratio, e.g. 0.999; rounded so that 99.9 % reads 0.999, not 0.9990000000000001. */
export function objectiveRatio(slo: SloDefinition): number {
  return roundRatio(slo.objectivePercent / 100);
}

/** The share of events allowed to be bad, e.g. 0.001 for 99.9 %. */
export function errorBudgetRatio(slo: SloDefinition): number {
  return roundRatio((100 - slo.objectivePercent) / 100);
}

function roundRatio(value: number): number {
  return Number(value.toPrecision(10));
}
