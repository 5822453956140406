import type { MetricDefinition } from '../monitoring/metric-catalog';
import { durationSeconds } from '../monitoring/prometheus-duration';
import type { EnvironmentSpec, Severity } from '../specs/environment-spec';
import type { ServiceSpec } from '../specs/service-spec';
import { check } from '../validation/errors';
import { checkDnsLabel, checkUnique } from '../validation/names';

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

/**
 * Changes to a service's default SLOs, set on the service spec and again per
 * environment (the environment's fields win, field by field).
 */
export interface SloOverrides {
  readonly availability?: SloOverride;
  readonly latency?: LatencySloOverride;
}

export interface SloOverride {
  /** `false` drops the SLO (its rules, alerts and dashboard rows). @default true */
  readonly enabled?: boolean;
  /** @default DEFAULT_SLO_OBJECTIVES */
  readonly objectivePercent?: number;
  /** @default DEFAULT_SLO_PERIOD */
  readonly period?: string;
}

export interface LatencySloOverride extends SloOverride {
  /** Must be a bucket bound of the service's HTTP duration histogram. @default DEFAULT_LATENCY_THRESHOLD_SECONDS */
  readonly thresholdSeconds?: number;
}

/**
 * Multi-window, multi-burn-rate alerting as in the Google SRE workbook, chapter
 * "Alerting on SLOs" (table 5-8): each condition pairs a long window, which proves the
 * budget is really burning, with a short one, which stops the alert soon after recovery.
 * A burn rate of 1 spends exactly the whole budget over the SLO period.
 */
export interface BurnRateCondition {
  readonly longWindow: string;
  readonly shortWindow: string;
  /** Error ratio over both windows divided by the error budget (1 - objective). */
  readonly burnRate: number;
}

export interface BurnRateAlertTier {
  /** CamelCase suffix of the alert name, e.g. `ErrorBudgetFastBurn`; also its heading in docs/runbooks/slo.md. */
  readonly name: string;
  /** Intended severity; the environment's routing may lower it (staging never pages). */
  readonly severity: Severity;
  /** How long a condition must hold before the alert fires. */
  readonly for: string;
  /** The alert fires when any condition holds. */
  readonly conditions: readonly BurnRateCondition[];
}

export interface BurnRatePolicy {
  /** Windows the SLI error ratio is recorded over; every alert window must be one of them. */
  readonly windows: readonly string[];
  readonly tiers: readonly BurnRateAlertTier[];
}

/** The workbook's figures for a 30-day SLO: 2 % of budget in 1 h or 5 % in 6 h pages; 10 % in 1 d or 3 d tickets. */
export const SRE_WORKBOOK_BURN_RATE_POLICY: BurnRatePolicy = {
  windows: ['5m', '30m', '1h', '2h', '6h', '1d', '3d'],
  tiers: [
    {
      name: 'ErrorBudgetFastBurn',
      severity: 'critical',
      for: '2m',
      conditions: [
        { longWindow: '1h', shortWindow: '5m', burnRate: 14.4 },
        { longWindow: '6h', shortWindow: '30m', burnRate: 6 },
      ],
    },
    {
      name: 'ErrorBudgetSlowBurn',
      severity: 'warning',
      for: '15m',
      conditions: [
        { longWindow: '1d', shortWindow: '2h', burnRate: 3 },
        { longWindow: '3d', shortWindow: '6h', burnRate: 1 },
      ],
    },
  ],
};

/** 100 % leaves no error budget to burn and 0 % promises nothing. */
/**
 * Objectives are percentages from 90 to 99.999: 0.5 or 0.995 are ratios typed where a
 * percentage belongs, and beyond 99.999 the budget is under a minute a month. Every
 * burn-rate condition must be able to fire: a burn rate of R needs an error ratio of
 * R × budget, which cannot exceed 1 (at 90 % the 14.4× page would need 144 % errors).
 */
export const OBJECTIVE_RANGE_PERCENT = { min: 90, max: 99.999 } as const;

export function checkObjective(field: string, objectivePercent: number, policy?: BurnRatePolicy): void {
  const { min, max } = OBJECTIVE_RANGE_PERCENT;
  check(Number.isFinite(objectivePercent) && objectivePercent >= min && objectivePercent <= max, field, objectivePercent,
    `must be a percentage from ${min} to ${max}${objectivePercent > 0 && objectivePercent < 1 ? ' (it looks like a ratio: write 99.5 for 99.5 %)' : ''}`);
  for (const tier of policy?.tiers ?? []) {
    for (const condition of tier.conditions) {
      const neededErrorRatio = condition.burnRate * (100 - objectivePercent) / 100;
      check(neededErrorRatio < 1, field, objectivePercent,
        `leaves a budget so large that ${tier.name} (burn rate ${condition.burnRate}) would need ${Math.round(neededErrorRatio * 100)} % errors and could never fire; raise the objective`);
    }
  }
}

/** The period must hold the longest alert window, or the budget could not be spent at burn rate 1. */
export function checkPeriod(field: string, period: string, policy: BurnRatePolicy): void {
  const seconds = durationSeconds(field, period);
  const longest = policy.windows.reduce((max, window) => Math.max(max, durationSeconds('burn rate windows', window)), 0);
  check(seconds >= longest, field, period, `must be at least the longest burn rate window (${policy.windows.join(', ')})`);
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
  checkUnique(`${field}.name`, names);
}

/** Every alert window is recorded, and each condition's short window is shorter than its long one. */
export function checkBurnRatePolicy(field: string, policy: BurnRatePolicy): void {
  policy.windows.forEach((window, index) => durationSeconds(`${field}.windows[${index}]`, window));
  checkUnique(`${field}.windows`, policy.windows);
  checkUnique(`${field}.tiers.name`, policy.tiers.map((tier) => tier.name));
  policy.tiers.forEach((tier, t) => {
    check(tier.conditions.length > 0, `${field}.tiers[${t}].conditions`, tier.conditions, 'must list at least one condition');
    tier.conditions.forEach((condition, c) => {
      const where = `${field}.tiers[${t}].conditions[${c}]`;
      for (const key of ['longWindow', 'shortWindow'] as const) {
        check(policy.windows.includes(condition[key]), `${where}.${key}`, condition[key],
          `must be one of the recorded windows (${policy.windows.join(', ')})`);
      }
      check(durationSeconds(`${where}.shortWindow`, condition.shortWindow) < durationSeconds(`${where}.longWindow`, condition.longWindow),
        `${where}.shortWindow`, condition.shortWindow, `must be shorter than longWindow (${condition.longWindow})`);
      check(Number.isFinite(condition.burnRate) && condition.burnRate > 0, `${where}.burnRate`, condition.burnRate, 'must be a positive number');
    });
  });
}

/** Objectives of the SLOs every HTTP service gets unless its spec or environment says otherwise. */
export const DEFAULT_SLO_OBJECTIVES = { availability: 99.9, latency: 99 } as const;
export const DEFAULT_SLO_PERIOD = '30d';
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
  const objectivePercent = objective?.value ?? DEFAULT_SLO_OBJECTIVES[kind];
  if (objective) checkObjective(objective.field, objective.value, policy);
  if (period) checkPeriod(period.field, period.value, policy);
  return { objectivePercent, period: period?.value ?? DEFAULT_SLO_PERIOD };
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
