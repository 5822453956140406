import type { RenderedRuleGroup } from '../../lib/monitoring/rules';
import { PromtoolResult, testRuleGroups } from './promtool';
import { type InputSeries, RULE_EVALUATION_INTERVAL_SECONDS } from './rule-tests';

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
 * Runs the rules of a service over a whole incident and checks, with the real rule
 * engine, which alerts fired by severity: Prometheus writes each firing alert to the
 * `ALERTS` series, which a `promql_expr_test` can query like any other. Inputs are sampled
 * every `intervalSeconds`; the rules are evaluated as often, but no more often than the
 * cluster evaluates them (RULE_EVALUATION_INTERVAL_SECONDS). Only the rules
 * that can raise an alert of a checked severity are evaluated (see rulesThatCanRaise).
 */
export function testFiringAlerts(
  groups: readonly RenderedRuleGroup[], inputs: readonly InputSeries[], checks: readonly FiringCheck[], intervalSeconds: number,
): PromtoolResult {
  const interval = `${intervalSeconds}s`;
  const evaluation = `${Math.max(intervalSeconds, RULE_EVALUATION_INTERVAL_SECONDS)}s`;
  return testRuleGroups(rulesThatCanRaise(groups, new Set(checks.map((check) => check.severity))), [{
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
  }], evaluation);
}

/**
 * The alerting rules of the given severities and the recording rules they read,
 * directly or through other recording rules. Which of them fire is exactly as with every
 * rule loaded, since alerting rules read no alert (nothing queries `ALERTS`; if
 * something did, every rule is kept); the other rules only cost evaluation time: the
 * slow-burn and budget windows (1d, 3d, 30d) dominate a day-long promtool run.
 */
export function rulesThatCanRaise(groups: readonly RenderedRuleGroup[], severities: ReadonlySet<string>): RenderedRuleGroup[] {
  const rules = groups.flatMap((group) => group.rules);
  if (rules.some((rule) => /\bALERTS\b/.test(rule.expr))) return [...groups];
  const kept = new Set(rules.filter((rule) => rule.alert !== undefined && severities.has(rule.labels?.severity ?? '')));
  const toRead = [...kept];
  for (let rule = toRead.pop(); rule; rule = toRead.pop()) {
    for (const candidate of rules) {
      if (candidate.record !== undefined && !kept.has(candidate) && readsMetric(rule.expr, candidate.record)) {
        kept.add(candidate);
        toRead.push(candidate);
      }
    }
  }
  return groups.map((group) => ({ ...group, rules: group.rules.filter((rule) => kept.has(rule)) })).filter((group) => group.rules.length > 0);
}

function readsMetric(expr: string, metric: string): boolean {
  const escaped = metric.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return new RegExp(`(^|[^A-Za-z0-9_:])${escaped}($|[^A-Za-z0-9_:])`).test(expr);
}
