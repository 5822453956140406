import type { Severity } from '../specs/environment-spec';

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
