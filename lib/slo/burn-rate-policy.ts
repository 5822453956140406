import { durationSeconds } from '../monitoring/prometheus-duration';
import type { Severity } from '../specs/environment-spec';
import { check } from '../validation/errors';
import { checkUnique } from '../validation/names';

/**
 * Multi-window, multi-burn-rate alerting as in the Google SRE workbook, chapter
 * "Alerting on SLOs" (table 5-8): each condition pairs a long window, which proves the
 * budget is really burning, with a short one, which stops the alert soon after recovery.
 *
 * A condition says how much of the budget the long window must spend, not a burn rate:
 * the burn rate follows from each SLO's own period (burnRateOf), so a 7-day SLO does not
 * reuse the factors worked out for 30 days. The windows stay the same whatever the
 * period: they set how fast an alert fires and clears, which users feel in hours, not
 * in fractions of the period. The period must hold the longest window (checkPeriod).
 */
export interface BurnRateCondition {
  readonly longWindow: string;
  readonly shortWindow: string;
  /** Percent of the period's error budget the long window spends at the alerting burn rate, e.g. 2. */
  readonly budgetPercent: number;
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
  /**
   * Each condition also needs the SLO's `minimumRequests` in its long window, so that
   * one failed request out of three at night does not wake anyone. @default false
   */
  readonly requiresMinimumRequests?: boolean;
}

export interface BurnRatePolicy {
  /** Windows the SLI error ratio is recorded over; every alert window must be one of them. */
  readonly windows: readonly string[];
  readonly tiers: readonly BurnRateAlertTier[];
}

/**
 * The workbook's shares of budget: 2 % in 1 h or 5 % in 6 h pages; 10 % in 1 d or 3 d
 * tickets. Over 30 days they are the burn rates 14.4, 6, 3 and 1.
 */
export const SRE_WORKBOOK_BURN_RATE_POLICY: BurnRatePolicy = {
  windows: ['5m', '30m', '1h', '2h', '6h', '1d', '3d'],
  tiers: [
    {
      name: 'ErrorBudgetFastBurn',
      severity: 'critical',
      for: '2m',
      requiresMinimumRequests: true,
      conditions: [
        { longWindow: '1h', shortWindow: '5m', budgetPercent: 2 },
        { longWindow: '6h', shortWindow: '30m', budgetPercent: 5 },
      ],
    },
    {
      name: 'ErrorBudgetSlowBurn',
      severity: 'warning',
      for: '15m',
      conditions: [
        { longWindow: '1d', shortWindow: '2h', budgetPercent: 10 },
        { longWindow: '3d', shortWindow: '6h', budgetPercent: 10 },
      ],
    },
  ],
};

/**
 * A burn rate of 1 spends the budget exactly over the period; below it the SLO is met.
 * A share that works out below 1 (10 % in 3 days of a 7-day period) would alert on an
 * SLO that holds, so the burn rate never goes below this floor.
 */
export const SUSTAINABLE_BURN_RATE = 1;

/**
 * The burn rate at which the condition's long window spends its share of the budget of
 * `period`: share × period / long window (2 % × 30 d / 1 h = 14.4), at least
 * SUSTAINABLE_BURN_RATE, rounded so that 14.4 reads 14.4 and not 14.399999999999999.
 */
export function burnRateOf(condition: BurnRateCondition, period: string): number {
  return Math.max(SUSTAINABLE_BURN_RATE, shareBurnRate(condition, period));
}

function shareBurnRate(condition: BurnRateCondition, period: string): number {
  const periodSeconds = durationSeconds('slo.period', period);
  const windowSeconds = durationSeconds('burnRatePolicy.longWindow', condition.longWindow);
  return roundFigure((condition.budgetPercent / 100) * periodSeconds / windowSeconds);
}

/** Rounds away binary floating-point noise: 0.02 × 720 is 14.4, 99.9 / 100 is 0.999. */
export function roundFigure(value: number): number {
  return Number(value.toPrecision(10));
}

/** The lowest burn rate at which any tier of the given severity fires, for an SLO of `period`; Infinity when none does. */
export function lowestBurnRate(policy: BurnRatePolicy, severity: Severity, period: string): number {
  return Math.min(...policy.tiers.filter((tier) => tier.severity === severity)
    .flatMap((tier) => tier.conditions.map((condition) => burnRateOf(condition, period))));
}

/**
 * The period must hold the longest alert window, or the budget could not be spent at
 * burn rate 1; and it must be long enough that every paging share is a burn rate above
 * 1: 5 % of a 3-day budget in 6 h is 0.6, which would page on an SLO that holds.
 */
export function checkPeriod(field: string, period: string, policy: BurnRatePolicy): void {
  const seconds = durationSeconds(field, period);
  const longest = policy.windows.reduce((max, window) => Math.max(max, durationSeconds('burn rate windows', window)), 0);
  check(seconds >= longest, field, period, `must be at least the longest burn rate window (${policy.windows.join(', ')})`);
  for (const tier of policy.tiers.filter((t) => t.severity === 'critical')) {
    for (const condition of tier.conditions) {
      const burnRate = shareBurnRate(condition, period);
      check(burnRate > SUSTAINABLE_BURN_RATE, field, period,
        `is too short for ${tier.name}: ${condition.budgetPercent} % of its budget in ${condition.longWindow} is a burn rate of ${burnRate}, `
        + `which would page while the budget lasts the period (the share must be more than ${condition.longWindow} / period)`);
    }
  }
}

/** Every alert window is recorded, and each condition's short window is shorter than its long one. */
export function checkBurnRatePolicy(field: string, policy: BurnRatePolicy): void {
  policy.windows.forEach((window, index) => durationSeconds(`${field}.windows[${index}]`, window));
  checkUnique(`${field}.windows`, policy.windows);
  checkUnique(`${field}.tiers`, policy.tiers.map((tier) => tier.name), 'name');
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
      check(Number.isFinite(condition.budgetPercent) && condition.budgetPercent > 0 && condition.budgetPercent <= 100,
        `${where}.budgetPercent`, condition.budgetPercent, 'must be a percentage of the error budget above 0 and at most 100');
    });
  });
}
