import * as z from 'zod/mini';
import type { SpecOf } from './shapes';

const figure = z.number();
/** A Prometheus duration such as `15m`; the alert's `for` or a window. */
const duration = z.string();

/**
 * Every alert threshold and duration by name. Figures live in alerts/thresholds.ts
 * (DEFAULT_ALERT_THRESHOLDS); specs override any of them by the same name, in the
 * order defaults → environment (`alertThresholds`) → service spec (`alertThresholds`)
 * → the environment's entry for the service (`services.<name>.alertThresholds`).
 */
export const ALERT_THRESHOLDS = z.strictObject({
  /** Share of requests answered with a 5xx (or counted as errors) above which the service alerts. */
  httpErrorRatioMax: figure,
  /** Below this request rate (per second) the error ratio is too noisy to alert on. */
  httpMinRequestsPerSecond: figure,
  httpErrorRatioFor: duration,
  /** 95th percentile of database query latency, in seconds. */
  dbLatencyP95Seconds: figure,
  /** Below this query rate (per second) the p95 is a handful of queries, not a trend. */
  dbMinQueriesPerSecond: figure,
  dbLatencyFor: duration,
  /** Share of the connection pool in use (active / total). */
  poolUtilizationMax: figure,
  poolUtilizationFor: duration,
  /** Share of cache lookups answered from the cache. */
  cacheHitRatioMin: figure,
  /** Below this lookup rate (per second) the hit ratio is too noisy to alert on. */
  cacheMinLookupsPerSecond: figure,
  cacheHitRatioFor: duration,
  /** How long the HPA may sit at its maximum before someone should raise it or find the cause. */
  hpaAtMaxFor: duration,
  podNotReadyFor: duration,
  crashLoopingFor: duration,
  targetDownFor: duration,
  metricsAbsentFor: duration,
  /** How long a service's ExternalSecret may stay not Ready before anyone is told. */
  secretSyncNotReadyFor: duration,
  /** How long ESO's metrics may be missing (ESO down or not scraped) before the sync alert counts as blind. */
  esoMetricsAbsentFor: duration,
  /** How long a service may have no available replica, or no successful scrape, before it pages. */
  outageFor: duration,
  /** How long a container may wait on its image or its configuration (Secret, ConfigMap). */
  containerWaitingFor: duration,
  /** How long an OOM kill keeps the alert pending; the restart must also fall within RESTART_WINDOW. */
  oomKilledFor: duration,
  /** Share of CFS periods in which the container hit its CPU limit. */
  cpuThrottlingRatioMax: figure,
  cpuThrottlingFor: duration,
  /** How long a rollout may stop progressing (or go unobserved) before someone looks. */
  rolloutStuckFor: duration,
  /** How long replicas the Deployment asks for may stay unavailable (pending, not created) before someone looks. */
  replicasUnavailableFor: duration,
  /** How long the PodDisruptionBudget may allow no eviction (every node drain blocked) before a ticket opens. */
  pdbBlockingDrainsFor: duration,
  /** The window over which a service's share of time with no available replica is taken. */
  mostlyUnavailableWindow: duration,
  /** Share of that window with no available replica above which the service pages (readiness flapping, pods cycling). */
  mostlyUnavailableShareMax: figure,
  mostlyUnavailableFor: duration,
  /** Days before a secret's next rotation that its reminder ticket opens. */
  secretRotationLeadDays: figure,
  /** How long the blackbox exporter may fail to reach the public host before it pages. */
  edgeProbeFailingFor: duration,
  /** Days before the served certificate expires that a ticket opens... */
  certificateExpiryTicketDays: figure,
  /** ...and that it pages. */
  certificateExpiryPageDays: figure,
  /** How long the served certificate's expiry must stay under a threshold (one probe may see an old certificate on one ingress pod). */
  certificateExpiryFor: duration,
  /** How long cert-manager's Certificate for the host may stay not Ready before it pages. */
  certificateNotReadyFor: duration,
  /** How long the probe series may be missing (exporter down, Probe not picked up) before the edge alerts count as blind. */
  probeMetricsAbsentFor: duration,
  /** How long cert-manager's series of the host's Certificate may be missing before the Ready alert counts as blind. */
  certManagerMetricsAbsentFor: duration,
});
export type AlertThresholds = SpecOf<typeof ALERT_THRESHOLDS>;

/** Overrides of some thresholds, as specs write them. */
export const ALERT_THRESHOLD_OVERRIDES = z.partial(ALERT_THRESHOLDS);
export type AlertThresholdOverrides = SpecOf<typeof ALERT_THRESHOLD_OVERRIDES>;
