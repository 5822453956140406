import { BurnRatePolicy, SRE_WORKBOOK_BURN_RATE_POLICY } from './burn-rate-policy';
import type { AvailabilityIndicator, SloDefinition } from './slo-definition';
import type { LatencySloOverride, SloOverrides } from './slo-overrides';
import { checkLatencyThreshold, checkObjective, checkPeriod, checkSloNames } from './slo-validation';
import type { EnvironmentSpec } from '../specs/environment-spec';
import type { ServiceSpec } from '../specs/service-spec';
import { check } from '../validation/errors';

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
  if (objective) checkObjective(objective.field, objective.value);
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
