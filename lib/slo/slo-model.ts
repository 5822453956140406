import type { MetricDefinition } from '../specs/shapes';
import type { EnvironmentSpec } from '../specs/environment-spec';
import type { ServiceSpec } from '../specs/service-spec';
import type { LatencySloOverride, SloOverrides } from '../specs/shapes';
import { check } from '../validation/errors';
import { checkDnsLabel, checkUnique } from '../validation/names';
import { type BurnRatePolicy, burnRateOf, checkPeriod, roundFigure, SRE_WORKBOOK_BURN_RATE_POLICY } from './burn-rate-policy';

// The burn-rate policy lives in its own file; SLO code and specs import it from here too.
export {
  type BurnRateAlertTier, type BurnRateCondition, type BurnRatePolicy, burnRateOf, checkBurnRatePolicy, checkPeriod,
  lowestBurnRate, SRE_WORKBOOK_BURN_RATE_POLICY, SUSTAINABLE_BURN_RATE,
} from './burn-rate-policy';

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
  /** Fewest events the long window of a paging condition must hold (BurnRateAlertTier.requiresMinimumRequests). */
  readonly minimumRequests: number;
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
  return roundFigure(value);
}

/**
 * Objectives are percentages from 90 to 99.999: 0.5 or 0.995 are ratios typed where a
 * percentage belongs, and beyond 99.999 the budget is under a minute a month.
 */
export const OBJECTIVE_RANGE_PERCENT = { min: 90, max: 99.999 } as const;

/** A percentage in OBJECTIVE_RANGE_PERCENT whose every burn-rate condition can fire over `period` (checkBurnRatesCanFire). */
export function checkObjective(field: string, objectivePercent: number, policy?: BurnRatePolicy, period: string = DEFAULT_SLO_PERIOD): void {
  const { min, max } = OBJECTIVE_RANGE_PERCENT;
  check(Number.isFinite(objectivePercent) && objectivePercent >= min && objectivePercent <= max, field, objectivePercent,
    `must be a percentage from ${min} to ${max}${objectivePercent > 0 && objectivePercent < 1 ? ' (it looks like a ratio: write 99.5 for 99.5 %)' : ''}`);
  if (policy) checkBurnRatesCanFire(field, objectivePercent, { objectivePercent, period }, policy);
}

/**
 * A burn rate of R needs an error ratio of R × budget, which cannot exceed 1: at 90 %
 * over 30 days the 14.4× page would need 144 % errors. The longer the period, the higher
 * the burn rates, so `field` (and its `value`) is the objective or the period the user set.
 */
export function checkBurnRatesCanFire(
  field: string, value: unknown, slo: Pick<SloDefinition, 'objectivePercent' | 'period'>, policy: BurnRatePolicy,
): void {
  for (const tier of policy.tiers) {
    for (const condition of tier.conditions) {
      const burnRate = burnRateOf(condition, slo.period);
      const neededErrorRatio = burnRate * (100 - slo.objectivePercent) / 100;
      check(neededErrorRatio < 1, field, value,
        `leaves a budget so large that ${tier.name} (burn rate ${burnRate} over ${slo.period}) would need `
        + `${Math.round(neededErrorRatio * 100)} % errors at ${slo.objectivePercent} % and could never fire; raise the objective or shorten the period`);
    }
  }
}

/** At least one request, whole: the fast-burn page waits for this many in its long window. */
export function checkMinimumRequests(field: string, minimumRequests: number): void {
  check(Number.isInteger(minimumRequests) && minimumRequests >= 1, field, minimumRequests, 'must be a whole number of requests, at least 1');
}

/** Good latency events are read from one `le` bucket, so the threshold must be a bucket bound. */
export function checkLatencyThreshold(field: string, thresholdSeconds: number, duration: MetricDefinition): void {
  const buckets = duration.buckets ?? [];
  check(buckets.includes(thresholdSeconds), field, thresholdSeconds,
    `must be a bucket bound of ${duration.name} (buckets: ${buckets.join(', ') || 'none'})`);
}

/** SLO names become `slo` label values and dashboard panel titles: DNS-1123 labels, unique per service. */
export function checkSloNames(field: string, names: readonly string[]): void {
  names.forEach((name, index) => checkDnsLabel(`${field}[${index}].name`, name));
  checkUnique(field, names, 'name');
}

/** Objectives of the SLOs every HTTP service gets unless its spec or environment says otherwise. */
export const DEFAULT_SLO_OBJECTIVES = { availability: 99.9, latency: 99 } as const;
export const DEFAULT_SLO_PERIOD = '30d';
/**
 * Below 100 requests in the long window (under two a minute over the 1h window), one
 * failed request is at least 1 % of them, 10x a 99.9 % budget, and the burn rate reads
 * one unlucky caller as a fire: the page waits for traffic that can speak for users.
 * The slow-burn ticket has no such floor, so a quiet service that fails still gets one.
 */
export const DEFAULT_MINIMUM_REQUESTS = 100;
export const DEFAULT_LATENCY_THRESHOLD_SECONDS = 0.5;

type SloKind = keyof SloOverrides;

/** Where an override came from, so an error names the field the user wrote. */
interface OverrideSource {
  readonly field: string;
  readonly overrides?: SloOverrides;
}

/**
 * The SLOs of one service in one environment: availability for every service with
 * HTTP request signals, latency when it also exports a duration histogram. Fields
 * set in the environment win over the service's, which win over the defaults.
 */
export function serviceSlos(
  service: ServiceSpec,
  environment?: EnvironmentSpec,
  policy: BurnRatePolicy = SRE_WORKBOOK_BURN_RATE_POLICY,
): SloDefinition[] {
  const sources: OverrideSource[] = [{ field: `services.${service.name}.slos`, overrides: service.slos }];
  if (environment) {
    sources.push({ field: `environments.${environment.name}.services.${service.name}.slos`, overrides: environment.services[service.name]?.slos });
  }
  const http = service.signals.http;
  const slos: SloDefinition[] = [];

  if (http && isEnabled('availability', sources)) {
    const errors = http.statusLabel ? undefined : requireErrors(service);
    const failures: AvailabilityIndicator['failures'] = errors ? { errors } : { statusLabel: http.statusLabel as string };
    slos.push({
      name: 'availability',
      description: errors ? `Requests not counted as failed in ${errors.name}` : 'Requests answered without a server error (5xx)',
      ...objectiveAndPeriod('availability', sources, policy),
      indicator: { kind: 'availability', requests: http.requests, failures },
    });
  } else {
    requireSignal('availability', sources, Boolean(http), 'signals.http');
  }

  if (http?.duration && isEnabled('latency', sources)) {
    const threshold = pick(sources, 'latency', 'thresholdSeconds');
    const thresholdSeconds = threshold?.value ?? DEFAULT_LATENCY_THRESHOLD_SECONDS;
    checkLatencyThreshold(threshold?.field ?? `services.${service.name}.signals.http.duration`, thresholdSeconds, http.duration);
    slos.push({
      name: 'latency',
      description: `Requests served within ${thresholdSeconds * 1000} ms`,
      ...objectiveAndPeriod('latency', sources, policy),
      indicator: { kind: 'latency', duration: http.duration, thresholdSeconds },
    });
  } else {
    requireSignal('latency', sources, Boolean(http?.duration), 'signals.http.duration');
  }

  checkSloNames(`services.${service.name}.slos`, slos.map((slo) => slo.name));
  return slos;
}

function objectiveAndPeriod(kind: SloKind, sources: readonly OverrideSource[], policy: BurnRatePolicy) {
  const objective = pick(sources, kind, 'objectivePercent');
  const period = pick(sources, kind, 'period');
  const minimum = pick(sources, kind, 'minimumRequests');
  const objectivePercent = objective?.value ?? DEFAULT_SLO_OBJECTIVES[kind];
  const periodValue = period?.value ?? DEFAULT_SLO_PERIOD;
  if (period) checkPeriod(period.field, period.value, policy);
  if (objective) checkObjective(objective.field, objective.value, policy, periodValue);
  else if (period) checkBurnRatesCanFire(period.field, period.value, { objectivePercent, period: periodValue }, policy);
  if (minimum) checkMinimumRequests(minimum.field, minimum.value);
  return { objectivePercent, period: periodValue, minimumRequests: minimum?.value ?? DEFAULT_MINIMUM_REQUESTS };
}

/** The last source that sets the field, with the field's full path. */
function pick<F extends keyof LatencySloOverride>(
  sources: readonly OverrideSource[], kind: SloKind, key: F,
): { value: NonNullable<LatencySloOverride[F]>; field: string } | undefined {
  for (const source of [...sources].reverse()) {
    // Availability overrides are latency overrides without thresholdSeconds.
    const value = (source.overrides?.[kind] as LatencySloOverride | undefined)?.[key];
    if (value !== undefined) return { value: value as NonNullable<LatencySloOverride[F]>, field: `${source.field}.${kind}.${key}` };
  }
  return undefined;
}

function isEnabled(kind: SloKind, sources: readonly OverrideSource[]): boolean {
  return pick(sources, kind, 'enabled')?.value !== false;
}

/** An override for an SLO the service's signals cannot measure is a mistake, not a no-op. */
function requireSignal(kind: SloKind, sources: readonly OverrideSource[], present: boolean, signal: string): void {
  if (present) return;
  for (const source of sources) {
    const override = source.overrides?.[kind];
    if (override && override.enabled !== false) {
      check(false, `${source.field}.${kind}`, override, `needs ${signal} in the service spec to measure it`);
    }
  }
}

function requireErrors(service: ServiceSpec) {
  const errors = service.signals.http?.errors;
  check(errors !== undefined, `services.${service.name}.signals.http`, Object.keys(service.signals.http ?? {}),
    'must give statusLabel or errors to measure availability');
  return errors as NonNullable<typeof errors>;
}
