import { durationSeconds } from '../lib/monitoring/prometheus-duration';
import type { ResolvedDeployment } from '../lib/plan/resolved-deployment';
import type { AlertThresholds } from '../lib/specs/alert-thresholds';
import type { ServiceSignals } from '../lib/specs/service-signals';
import { didYouMean } from '../lib/validation/did-you-mean';
import { check } from '../lib/validation/errors';

/**
 * The figure of every alert threshold and duration (their names and meaning:
 * lib/specs/alert-thresholds.ts). An environment, a service spec and an environment's
 * entry for a service override them by name, in that order.
 */
export const DEFAULT_ALERT_THRESHOLDS: AlertThresholds = {
  // Figures from the issue "Monitoring" (issue 4): 1 % 5xx, p95 200 ms, pool 85 %, cache 60 %.
  httpErrorRatioMax: 0.01,
  // 1 req/s is 300 requests per 5-minute window: one failure is 0.33 %, well under the threshold.
  httpMinRequestsPerSecond: 1,
  httpErrorRatioFor: '5m',
  dbLatencyP95Seconds: 0.2,
  dbMinQueriesPerSecond: 0.5,
  dbLatencyFor: '10m',
  poolUtilizationMax: 0.85,
  poolUtilizationFor: '10m',
  cacheHitRatioMin: 0.6,
  cacheMinLookupsPerSecond: 1,
  cacheHitRatioFor: '15m',
  hpaAtMaxFor: '15m',
  podNotReadyFor: '15m',
  crashLoopingFor: '15m',
  targetDownFor: '10m',
  metricsAbsentFor: '10m',
  // ESO retries a failed sync with backoff, so a throttled or briefly unreachable Secrets
  // Manager recovers well inside this; it is still far shorter than the 1h refresh interval.
  secretSyncNotReadyFor: '15m',
  // ESO restarting or being upgraded takes minutes; half an hour blind is worth a look.
  esoMetricsAbsentFor: '30m',
  // 5 minutes of nothing ready is not a rollout blip; with Alertmanager's 30 s group wait a full
  // outage pages well within the 15 minutes the issue asks for.
  outageFor: '5m',
  containerWaitingFor: '15m',
  oomKilledFor: '1m',
  // kubernetes-mixin's CPUThrottlingHigh figure: 25 % of periods throttled for 15 minutes.
  cpuThrottlingRatioMax: 0.25,
  cpuThrottlingFor: '15m',
  rolloutStuckFor: '15m',
  replicasUnavailableFor: '15m',
  // A drain retries for as long as the operator lets it; an hour blocked stalls node upgrades.
  pdbBlockingDrainsFor: '1h',
  // Unavailable most of 10 minutes pages within ~10 of the flapping starting (the window must
  // pass half, then `for`), well inside the 20 minutes asked; a steady outage pages sooner
  // through NoReplicaAvailable. Half capacity never counts: some replica is always available.
  mostlyUnavailableWindow: '10m',
  mostlyUnavailableShareMax: 0.5,
  mostlyUnavailableFor: '2m',
  // The seeds' inventory: "alerts 7 days before" the rotation.
  secretRotationLeadDays: 7,
  // As outageFor: users cannot reach the host, whatever the pods say.
  edgeProbeFailingFor: '5m',
  // cert-manager renews 30 days (a third of a Let's Encrypt lifetime) ahead: at 14 days left
  // renewal has failed for two weeks, with two weeks to fix it; at 3 days it cannot wait for Monday.
  certificateExpiryTicketDays: 14,
  certificateExpiryPageDays: 3,
  certificateExpiryFor: '15m',
  // ACME issuance (http-01) takes a minute or two; 10 minutes not Ready is a failed issuance.
  certificateNotReadyFor: '10m',
  // The endpoint page is blind meanwhile: sooner than ESO's half hour.
  probeMetricsAbsentFor: '15m',
  certManagerMetricsAbsentFor: '30m',
};

/** Window of every `rate()` in the rules: 20 scrapes at 15 s, well over the 4× minimum. */
export const RATE_WINDOW = '5m';

/** Restarts within this window count as recent (OOM kills). */
export const RESTART_WINDOW = '15m';

/** Thresholds that are shares of a whole, so must lie between 0 and 1. */
export const RATIO_THRESHOLDS: readonly (keyof AlertThresholds)[] = [
  'httpErrorRatioMax', 'poolUtilizationMax', 'cacheHitRatioMin', 'cpuThrottlingRatioMax', 'mostlyUnavailableShareMax',
];

/** The effective thresholds of a deployment (dashboards/ reads them through this). */
export function alertThresholds(deployment: ResolvedDeployment): AlertThresholds {
  return deployment.thresholds;
}

/**
 * Checks effective thresholds: every name known, durations non-zero Prometheus
 * durations, figures positive and ratios below 1. `fieldOf(name)` is where a threshold was set.
 */
export function checkAlertThresholds(thresholds: AlertThresholds, signals: ServiceSignals = {}, fieldOf: (name: string) => string = () => 'alertThresholds'): void {
  const known = Object.keys(DEFAULT_ALERT_THRESHOLDS);
  for (const [key, value] of Object.entries(thresholds) as [string, unknown][]) {
    const field = fieldOf(key);
    // The suggestion is worked out only for a name that fails: it compares the name with every known one.
    if (!known.includes(key)) check(false, `${field}.${key}`, value, `is not a known threshold${didYouMean(key, known)}`);
    const name = key as keyof AlertThresholds;
    if (typeof DEFAULT_ALERT_THRESHOLDS[name] === 'string') {
      check(typeof value === 'string' && durationSeconds(`${field}.${key}`, value) > 0, `${field}.${key}`, value,
        'must be a non-zero Prometheus duration: an alert without `for` fires on a single bad evaluation');
      check(durationSeconds(`${field}.${key}`, value as string) <= MAX_FOR_SECONDS, `${field}.${key}`, value,
        'must be at most 1d: a condition that must hold longer than a day to alert is a report, not an alert');
      continue;
    }
    check(typeof value === 'number' && Number.isFinite(value) && value > 0, `${field}.${key}`, value, 'must be a number greater than zero');
    if (RATIO_THRESHOLDS.includes(name)) {
      check((value as number) < 1, `${field}.${key}`, value, 'is a ratio and must be below 1 (e.g. 0.85 for 85 %)');
    }
  }
  const ticketDays = thresholds.certificateExpiryTicketDays;
  const pageDays = thresholds.certificateExpiryPageDays;
  if (typeof ticketDays === 'number' && typeof pageDays === 'number') {
    check(pageDays < ticketDays, `${fieldOf('certificateExpiryPageDays')}.certificateExpiryPageDays`, pageDays,
      `must be below certificateExpiryTicketDays (${ticketDays}): the ticket comes first, the page when it was not acted on`);
  }
  // A p95 above the histogram's last finite bucket reads as +Inf: the alert could never tell.
  const queryDuration = signals.database?.queryDuration;
  const topBucket = queryDuration?.buckets?.[queryDuration.buckets.length - 1];
  const latency = thresholds.dbLatencyP95Seconds;
  if (topBucket !== undefined && typeof latency === 'number') {
    check(latency <= topBucket, `${fieldOf('dbLatencyP95Seconds')}.dbLatencyP95Seconds`, latency,
      `must be within the finite buckets of ${queryDuration!.name} (the largest is ${topBucket} s): above it the p95 cannot be measured`);
  }
}

/** The longest `for` an alert may wait. */
const MAX_FOR_SECONDS = 86400;
