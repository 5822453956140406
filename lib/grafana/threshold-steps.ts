import { ThresholdsConfigBuilder, ThresholdsMode } from '@grafana/grafana-foundation-sdk/dashboard';
import { check } from '../validation/errors';

/** Grafana colour names the dashboards use, so a panel's meaning reads from its steps. */
export type ThresholdColor = 'green' | 'yellow' | 'orange' | 'red';

/**
 * Absolute threshold steps: `base` below the first bound, then each step's colour from
 * its value up. Bounds must increase, or Grafana silently reorders them.
 */
export function thresholdSteps(
  base: ThresholdColor,
  ...steps: readonly { readonly from: number; readonly color: ThresholdColor }[]
): ThresholdsConfigBuilder {
  for (let i = 1; i < steps.length; i++) {
    check(steps[i].from > steps[i - 1].from, `thresholdSteps[${i}].from`, steps[i].from,
      `must be greater than the previous step (${steps[i - 1].from})`);
  }
  return new ThresholdsConfigBuilder()
    .mode(ThresholdsMode.Absolute)
    .steps([{ value: null, color: base }, ...steps.map((step) => ({ value: step.from, color: step.color }))]);
}
