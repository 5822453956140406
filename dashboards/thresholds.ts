import { DEFAULT_ALERT_THRESHOLDS } from '../alerts/thresholds';

/**
 * Where dashboards colour a value. Lines that match an alert come from the alert
 * thresholds, so a panel turns red exactly where the alert fires; targets that no
 * alert enforces are named here.
 */
export const DASHBOARD_THRESHOLDS = {
  /** DB query latency turns orange here: the p95 alert threshold (200 ms). */
  dbLatencyWarningSeconds: DEFAULT_ALERT_THRESHOLDS.dbLatencyP95Seconds,
  /** Pool utilization turns red here: the alert threshold (85 %). */
  poolUtilizationAlert: DEFAULT_ALERT_THRESHOLDS.poolUtilizationMax,
  /** Cache hit ratio is red below the alert threshold... */
  cacheHitRatioAlert: DEFAULT_ALERT_THRESHOLDS.cacheHitRatioMin,
  /** ...and green from the operations documents' target, "> 80 %". */
  cacheHitRatioTarget: 0.8,
  /** HTTP error ratio turns red here: the alert threshold (1 % 5xx). */
  httpErrorRatioAlert: DEFAULT_ALERT_THRESHOLDS.httpErrorRatioMax,
} as const;
