import type { RenderedRuleGroup } from '../../lib/monitoring/rules';
import { PromtoolResult, testRuleGroups } from './promtool';
import type { InputSeries } from './rule-tests';

/** Which alerts of a severity are firing at a time, or fired at any time in the `lookback` before it. */
export interface FiringCheck {
  readonly evalTime: string;
  readonly severity: 'critical' | 'warning';
  /** Every alert name expected, and no other. */
  readonly alerts: readonly string[];
  /** `max_over_time` range: any alert that fired within it counts. @default only the alerts firing at evalTime */
  readonly lookback?: string;
}

/**
 * Runs every rule of a service over a whole incident and checks, with the real rule
 * engine, which alerts fired by severity: Prometheus writes each firing alert to the
 * `ALERTS` series, which a `promql_expr_test` can query like any other.
 */
export function testFiringAlerts(
  groups: readonly RenderedRuleGroup[], inputs: readonly InputSeries[], checks: readonly FiringCheck[], intervalSeconds: number,
): PromtoolResult {
  const interval = `${intervalSeconds}s`;
  return testRuleGroups(groups, [{
    interval,
    input_series: inputs.map((input) => ({ series: input.series, values: input.values })),
    promql_expr_test: checks.map((check) => {
      const firing = `ALERTS{alertstate="firing", severity="${check.severity}"}`;
      return {
        expr: `group by (alertname) (${check.lookback ? `max_over_time(${firing}[${check.lookback}])` : firing})`,
        eval_time: check.evalTime,
        exp_samples: [...check.alerts].sort().map((alert) => ({ labels: `{alertname="${alert}"}`, value: 1 })),
      };
    }),
  }], interval);
}
