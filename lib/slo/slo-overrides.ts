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
