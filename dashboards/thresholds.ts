import { alertThresholds } from '../alerts/thresholds';
import type { ResolvedDeployment } from '../lib/plan/resolved-deployment';

/** Cache hit ratio the operations documents aim for, "> 80 %"; no alert enforces it. */
export const CACHE_HIT_RATIO_TARGET = 0.8;

/**
 * Where a service's dashboards colour a value. Lines that match an alert come from the
 * service's effective alert thresholds (defaults plus its `alertThresholds` overrides),
 * so a panel turns red exactly where that service's alert fires.
 */
export interface DashboardThresholds {
  /** DB query latency turns orange here: the p95 alert threshold. */
  readonly dbLatencyWarningSeconds: number;
  /** Pool utilization turns red here: the alert threshold. */
  readonly poolUtilizationAlert: number;
  /** Cache hit ratio is red below the alert threshold... */
  readonly cacheHitRatioAlert: number;
  /** ...and green from the target (CACHE_HIT_RATIO_TARGET). */
  readonly cacheHitRatioTarget: number;
  /** HTTP error ratio turns red here: the alert threshold. */
  readonly httpErrorRatioAlert: number;
}

export function dashboardThresholds(deployment: ResolvedDeployment): DashboardThresholds {
  const alert = alertThresholds(deployment);
  return {
    dbLatencyWarningSeconds: alert.dbLatencyP95Seconds,
    poolUtilizationAlert: alert.poolUtilizationMax,
    cacheHitRatioAlert: alert.cacheHitRatioMin,
    cacheHitRatioTarget: CACHE_HIT_RATIO_TARGET,
    httpErrorRatioAlert: alert.httpErrorRatioMax,
  };
}
