/**
 * The incident every dashboard preview replays: healthy traffic, then the database
 * slows down, then the service answers 5xx (and the alert routing's secret stops
 * syncing), then one pod crash-loops, then a rollout of a fix recovers it.
 * Time is counted in seconds from a fixed anchor, so the same input always gives the
 * same series, the same blocks and the same query results.
 */

/** Replay start: 2024-01-01T00:00:00Z. Fixed, never "now", so every run is identical. */
export const REPLAY_ANCHOR_SECONDS = 1_704_067_200;
/** Spacing of the synthesized samples. Queries use the same step, so $__rate_interval is 1m. */
export const REPLAY_STEP_SECONDS = 30;
/** The scrape interval the dashboards assume (ServiceMonitor default); Grafana's $__rate_interval uses it. */
export const ASSUMED_SCRAPE_INTERVAL_SECONDS = 15;
/** kube-prometheus-stack evaluates PrometheusRule groups without an interval every 30 s. */
export const DEFAULT_RULE_EVALUATION_SECONDS = 30;

export type IncidentPhaseName = 'healthy' | 'database-slow' | 'errors' | 'crash-loop' | 'recovery';

export interface IncidentPhase {
  readonly name: IncidentPhaseName;
  /** Seconds after the anchor the phase starts at. */
  readonly startOffset: number;
  /** Seconds after the anchor the phase ends at (exclusive). */
  readonly endOffset: number;
}

const minutes = (count: number) => count * 60;

/**
 * Each phase lasts longer than the longest `for` of the alerts it should trigger (15m)
 * plus the 5m rate windows, so an alert that is expected has time to fire in its phase.
 */
export const INCIDENT_PHASES: readonly IncidentPhase[] = [
  { name: 'healthy', startOffset: 0, endOffset: minutes(45) },
  { name: 'database-slow', startOffset: minutes(45), endOffset: minutes(85) },
  { name: 'errors', startOffset: minutes(85), endOffset: minutes(125) },
  { name: 'crash-loop', startOffset: minutes(125), endOffset: minutes(165) },
  { name: 'recovery', startOffset: minutes(165), endOffset: minutes(210) },
];

export const REPLAY_DURATION_SECONDS = INCIDENT_PHASES[INCIDENT_PHASES.length - 1].endOffset;

/**
 * Which alerts the incident must fire, keyed by the end of the alert name (alert names
 * are `<Service><Suffix>`), and in which phase they must start firing. An alert whose
 * rule a service does not have is not required; any other alert that fires fails the
 * preview. Add a row when you add an alert that this incident should trigger.
 */
export const EXPECTED_ALERTS: readonly { readonly alertSuffix: string; readonly phase: IncidentPhaseName }[] = [
  { alertSuffix: 'DbLatencyHigh', phase: 'database-slow' },
  { alertSuffix: 'DbPoolUtilizationHigh', phase: 'database-slow' },
  { alertSuffix: 'LatencyErrorBudgetFastBurn', phase: 'database-slow' },
  { alertSuffix: 'LatencyErrorBudgetSlowBurn', phase: 'database-slow' },
  { alertSuffix: 'HttpErrorRateHigh', phase: 'errors' },
  { alertSuffix: 'AvailabilityErrorBudgetFastBurn', phase: 'errors' },
  { alertSuffix: 'AvailabilityErrorBudgetSlowBurn', phase: 'errors' },
  { alertSuffix: 'PodCrashLooping', phase: 'crash-loop' },
  { alertSuffix: 'PodNotReady', phase: 'crash-loop' },
  { alertSuffix: 'TargetDown', phase: 'crash-loop' },
  // One pod of three down is capacity lost, not availability: a warning, never MostlyUnavailable.
  { alertSuffix: 'ReplicasUnavailable', phase: 'crash-loop' },
  // The environment's own alerts: the heartbeat always fires; the routing secret's sync fails in the errors phase.
  { alertSuffix: 'AlertRoutingHeartbeat', phase: 'healthy' },
  { alertSuffix: 'AlertRoutingSecretSyncFailing', phase: 'errors' },
];

/** The phase an offset (seconds after the anchor) falls in; past the end, the last phase. */
export function phaseAt(offset: number): IncidentPhase {
  return INCIDENT_PHASES.find((phase) => offset >= phase.startOffset && offset < phase.endOffset)
    ?? INCIDENT_PHASES[INCIDENT_PHASES.length - 1];
}

/** How the service behaves in a phase; the series generator turns this into samples. */
export interface ServiceConditions {
  /** Requests per second a healthy pod serves on each route × method series. */
  readonly requestsPerSecond: number;
  /** Share of requests answered with a 5xx. */
  readonly errorRatio: number;
  /** Median HTTP latency in seconds. */
  readonly httpMedianSeconds: number;
  /** Median database query latency in seconds. */
  readonly dbMedianSeconds: number;
  /** Share of the database pool in use. */
  readonly poolUtilization: number;
  /** Share of cache lookups answered from the cache. */
  readonly cacheHitRatio: number;
  /** CPU cores a pod uses. */
  readonly cpuCores: number;
  /** Whether the crash-looping pod is down. */
  readonly podCrashLooping: boolean;
  /** Generation of the Deployment spec: the recovery is a rollout of a fix, which bumps it (a deploy marker). */
  readonly deploymentGeneration: number;
  /** Whether ESO syncs the environment's alert-routing ExternalSecret (its receiver credentials). */
  readonly routingSecretSynced: boolean;
}

const HEALTHY: ServiceConditions = {
  requestsPerSecond: 5,
  errorRatio: 0.0005,
  httpMedianSeconds: 0.04,
  dbMedianSeconds: 0.01,
  poolUtilization: 0.3,
  cacheHitRatio: 0.9,
  cpuCores: 0.08,
  podCrashLooping: false,
  deploymentGeneration: 1,
  routingSecretSynced: true,
};

/** The figures that make each phase's alerts fire: above 200 ms DB p95, 85 % pool, 1 % errors, 0.5 s latency SLO. */
export const PHASE_CONDITIONS: Readonly<Record<IncidentPhaseName, ServiceConditions>> = {
  'healthy': HEALTHY,
  'database-slow': { ...HEALTHY, httpMedianSeconds: 0.45, dbMedianSeconds: 0.2, poolUtilization: 0.95, cacheHitRatio: 0.85, cpuCores: 0.06 },
  // The routing secret's sync breaks too (a rotated Slack webhook the store refuses): alerts keep flowing on the old credentials.
  'errors': { ...HEALTHY, errorRatio: 0.06, cpuCores: 0.12, routingSecretSynced: false },
  'crash-loop': { ...HEALTHY, podCrashLooping: true, cpuCores: 0.1 },
  'recovery': { ...HEALTHY, deploymentGeneration: 2 },
};
