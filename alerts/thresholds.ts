import { durationSeconds } from '../lib/monitoring/prometheus-duration';
import type { ResolvedDeployment } from '../lib/plan/resolved-deployment';
import type { ServiceSignals } from '../lib/specs/service-signals';
import { didYouMean } from '../lib/validation/did-you-mean';
import { check } from '../lib/validation/errors';

/**
 * Every alert threshold and duration, in one place. A service may override any of
 * them with `alertThresholds` in its spec; the rest keep these values.
 */
export interface AlertThresholds {
  /** Share of requests answered with a 5xx (or counted as errors) above which the service alerts. */
  readonly httpErrorRatioMax: number;
  /** Below this request rate (per second) the error ratio is too noisy to alert on. */
  readonly httpMinRequestsPerSecond: number;
  readonly httpErrorRatioFor: string;
  /** 95th percentile of database query latency, in seconds. */
  readonly dbLatencyP95Seconds: number;
  /** Below this query rate (per second) the p95 is a handful of queries, not a trend. */
  readonly dbMinQueriesPerSecond: number;
  readonly dbLatencyFor: string;
  /** Share of the connection pool in use (active / total). */
  readonly poolUtilizationMax: number;
  readonly poolUtilizationFor: string;
  /** Share of cache lookups answered from the cache. */
  readonly cacheHitRatioMin: number;
  /** Below this lookup rate (per second) the hit ratio is too noisy to alert on. */
  readonly cacheMinLookupsPerSecond: number;
  readonly cacheHitRatioFor: string;
  /** How long the HPA may sit at its maximum before someone should raise it or find the cause. */
  readonly hpaAtMaxFor: string;
  readonly podNotReadyFor: string;
  readonly crashLoopingFor: string;
  readonly targetDownFor: string;
  readonly metricsAbsentFor: string;
  /** How long a service's ExternalSecret may stay not Ready before anyone is told. */
  readonly secretSyncNotReadyFor: string;
  /** How long ESO's metrics may be missing (ESO down or not scraped) before the sync alert counts as blind. */
  readonly esoMetricsAbsentFor: string;
  /** How long a service may have no available replica, or no successful scrape, before it pages. */
  readonly outageFor: string;
  /** How long a container may wait on its image or its configuration (Secret, ConfigMap). */
  readonly containerWaitingFor: string;
  /** How long an OOM kill keeps the alert pending; the restart must also fall within RESTART_WINDOW. */
  readonly oomKilledFor: string;
  /** Share of CFS periods in which the container hit its CPU limit. */
  readonly cpuThrottlingRatioMax: number;
  readonly cpuThrottlingFor: string;
  /** How long a rollout may stop progressing (or go unobserved) before someone looks. */
  readonly rolloutStuckFor: string;
  /** How long replicas the Deployment asks for may stay unavailable (pending, not created) before someone looks. */
  readonly replicasUnavailableFor: string;
  /** How long the PodDisruptionBudget may allow no eviction (every node drain blocked) before a ticket opens. */
  readonly pdbBlockingDrainsFor: string;
  /** The window over which a service's share of time with no available replica is taken. */
  readonly mostlyUnavailableWindow: string;
  /** Share of that window with no available replica above which the service pages (readiness flapping, pods cycling). */
  readonly mostlyUnavailableShareMax: number;
  readonly mostlyUnavailableFor: string;
  /** Days before a secret's next rotation that its reminder ticket opens. */
  readonly secretRotationLeadDays: number;
  /** How long the blackbox exporter may fail to reach the public host before it pages. */
  readonly edgeProbeFailingFor: string;
  /** Days before the served certificate expires that a ticket opens... */
  readonly certificateExpiryTicketDays: number;
  /** ...and that it pages. */
  readonly certificateExpiryPageDays: number;
  /** How long the served certificate's expiry must stay under a threshold (one probe may see an old certificate on one ingress pod). */
  readonly certificateExpiryFor: string;
  /** How long cert-manager's Certificate for the host may stay not Ready before it pages. */
  readonly certificateNotReadyFor: string;
  /** How long the probe series may be missing (exporter down, Probe not picked up) before the edge alerts count as blind. */
  readonly probeMetricsAbsentFor: string;
  /** How long cert-manager's series of the host's Certificate may be missing before the Ready alert counts as blind. */
  readonly certManagerMetricsAbsentFor: string;
}

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

/** The effective thresholds of a deployment, typed; checked by checkAlertThresholds when it was resolved. */
export function alertThresholds(deployment: ResolvedDeployment): AlertThresholds {
  return deployment.thresholds as unknown as AlertThresholds;
}

/**
 * Checks effective thresholds: every name known, durations non-zero Prometheus
 * durations, figures positive and ratios below 1. `field` is where the overrides were written.
 */
export function checkAlertThresholds(field: string, thresholds: Readonly<Record<string, number | string>>, signals: ServiceSignals = {}): void {
  const known = Object.keys(DEFAULT_ALERT_THRESHOLDS);
  for (const [key, value] of Object.entries(thresholds)) {
    check(known.includes(key), `${field}.${key}`, value, `is not a known threshold${didYouMean(key, known)}`);
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
    check(pageDays < ticketDays, `${field}.certificateExpiryPageDays`, pageDays,
      `must be below certificateExpiryTicketDays (${ticketDays}): the ticket comes first, the page when it was not acted on`);
  }
  // A p95 above the histogram's last finite bucket reads as +Inf: the alert could never tell.
  const queryDuration = signals.database?.queryDuration;
  const topBucket = queryDuration?.buckets?.[queryDuration.buckets.length - 1];
  const latency = thresholds.dbLatencyP95Seconds as number;
  if (topBucket !== undefined && typeof latency === 'number') {
    check(latency <= topBucket, `${field}.dbLatencyP95Seconds`, latency,
      `must be within the finite buckets of ${queryDuration!.name} (the largest is ${topBucket} s): above it the p95 cannot be measured`);
  }
}

/** The longest `for` an alert may wait. */
const MAX_FOR_SECONDS = 86400;
