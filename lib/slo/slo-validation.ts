import type { BurnRatePolicy } from './burn-rate-policy';
import { durationSeconds } from '../monitoring/prometheus-duration';
import type { MetricDefinition } from '../monitoring/metric-catalog';
import { check } from '../validation/errors';
import { checkDnsLabel, checkUnique } from '../validation/names';

/** 100 % leaves no error budget to burn and 0 % promises nothing. */
export function checkObjective(field: string, objectivePercent: number): void {
  check(Number.isFinite(objectivePercent) && objectivePercent > 0 && objectivePercent < 100, field, objectivePercent,
    'must be a percentage strictly between 0 and 100');
}

/** The period must hold the longest alert window, or the budget could not be spent at burn rate 1. */
export function checkPeriod(field: string, period: string, policy: BurnRatePolicy): void {
  const seconds = durationSeconds(field, period);
  const longest = policy.windows.reduce((max, window) => Math.max(max, durationSeconds('burn rate windows', window)), 0);
  check(seconds >= longest, field, period, `must be at least the longest burn rate window (${policy.windows.join(', ')})`);
}

/** Good latency events are read from one `le` bucket, so the threshold must be a bucket bound. */
export function checkLatencyThreshold(field: string, thresholdSeconds: number, duration: MetricDefinition): void {
  const buckets = duration.buckets ?? [];
  check(buckets.includes(thresholdSeconds), field, thresholdSeconds,
    `must be a bucket bound of ${duration.name} (buckets: ${buckets.join(', ') || 'none'})`);
}

/** SLO names become `slo` label values and dashboard panel titles: DNS-1123 labels, unique per service. */
export function checkSloNames(field: string, names: readonly string[]): void {
  names.forEach((name, index) => checkDnsLabel(`${field}[${index}].name`, name));
  checkUnique(`${field}.name`, names);
}

/** Every alert window is recorded, and each condition's short window is shorter than its long one. */
export function checkBurnRatePolicy(field: string, policy: BurnRatePolicy): void {
  policy.windows.forEach((window, index) => durationSeconds(`${field}.windows[${index}]`, window));
  checkUnique(`${field}.windows`, policy.windows);
  checkUnique(`${field}.tiers.name`, policy.tiers.map((tier) => tier.name));
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
      check(Number.isFinite(condition.burnRate) && condition.burnRate > 0, `${where}.burnRate`, condition.burnRate, 'must be a positive number');
    });
  });
}
