import type { RenderedRuleGroup } from '../../lib/monitoring/rule-groups';
import { PromtoolResult, RuleTestFile, testRuleFiles } from './promtool';

/**
 * Generates `promtool test rules` files from rule definitions and expected outcomes,
 * so the real Prometheus rule engine decides whether an alert fires.
 */

/** Interval of the generated input series: the ServiceMonitor's scrape interval, in seconds. */
export const SAMPLE_INTERVAL_SECONDS = 15;

/**
 * How often the rules are evaluated in the tests, as in the cluster: the rule groups set no
 * `interval`, so Prometheus runs them at its global evaluation interval, which is 30 s
 * where prometheus-operator's default stands (kube-prometheus-stack's). An alert proven to
 * fire by `for` + 2 minutes at 30 s does so at any shorter interval too.
 */
export const RULE_EVALUATION_INTERVAL_SECONDS = 30;

export interface InputSeries {
  readonly series: string;
  /** promtool expanding notation, e.g. `0+15x120`. */
  readonly values: string;
}

export interface ExpectedAlert {
  /** Every label of the alert except `alertname`. */
  readonly labels: Readonly<Record<string, string>>;
  /** Every annotation, as Prometheus renders it. */
  readonly annotations: Readonly<Record<string, string>>;
}

export interface AlertCase {
  readonly alert: string;
  readonly evalTime: string;
  readonly inputs: readonly InputSeries[];
  /** Empty: the alert must be silent. */
  readonly expected: readonly ExpectedAlert[];
}

/** `name{a="1", b="2"}` for input_series. */
export function seriesName(name: string, labels: Readonly<Record<string, string>>): string {
  return `${name}{${Object.entries(labels).map(([label, value]) => `${label}=${JSON.stringify(value)}`).join(', ')}}`;
}

/** A counter growing at `perSecond`, sampled every 15 s for `minutes`. */
export function counterValues(perSecond: number, minutes: number): string {
  return `0+${perSecond * SAMPLE_INTERVAL_SECONDS}x${(minutes * 60) / SAMPLE_INTERVAL_SECONDS}`;
}

/** A gauge holding `value`, sampled every 15 s for `minutes`. */
export function gaugeValues(value: number, minutes: number): string {
  return `${value}+0x${(minutes * 60) / SAMPLE_INTERVAL_SECONDS}`;
}

/** Runs `promtool test rules` on the cases against the groups, sampled at the scrape interval. */
export function testRules(groups: readonly RenderedRuleGroup[], cases: readonly AlertCase[]): PromtoolResult {
  return testRuleFiles([ruleTestFile(groups, cases)])[0];
}

/** The rule test file of `testRules`, for running many in one promtool call (RuleTestBatch). */
export function ruleTestFile(
  groups: readonly RenderedRuleGroup[], cases: readonly AlertCase[], aliases?: RuleTestFile['aliases'],
): RuleTestFile {
  return { groups, aliases, evaluationInterval: `${RULE_EVALUATION_INTERVAL_SECONDS}s`, tests: cases.map((testCase) => ({
    interval: `${SAMPLE_INTERVAL_SECONDS}s`,
    input_series: testCase.inputs.map((input) => ({ series: input.series, values: input.values })),
    alert_rule_test: [{
      eval_time: testCase.evalTime,
      alertname: testCase.alert,
      exp_alerts: testCase.expected.map((alert) => ({ exp_labels: alert.labels, exp_annotations: alert.annotations })),
    }],
  })) };
}

export { checkRuleGroups as checkRules } from './promtool';

/**
 * Renders an annotation as Prometheus does, for the few template forms the rules use:
 * `{{ $labels.x }}`, `{{ $value }}` and `{{ $value | humanizePercentage | humanizeDuration }}`.
 * Anything else throws, so an expectation is never silently wrong.
 */
export function renderAnnotation(template: string, labels: Readonly<Record<string, string>>, value: number): string {
  return template.replace(/\{\{\s*([^}]*?)\s*\}\}/g, (whole, body: string) => {
    const label = /^\$labels\.([a-zA-Z_][a-zA-Z0-9_]*)$/.exec(body);
    if (label) return labels[label[1]] ?? '';
    if (body === '$value') return goFloat(value);
    if (body === '$value | humanizePercentage') return `${goPrecision4(value * 100)}%`;
    if (body === '$value | humanizeDuration') return humanizeDuration(value);
    throw new Error(`renderAnnotation does not know the template ${whole}`);
  });
}

/** Go's `%v` of a float64, for the plain numbers (replica counts) the rules print. */
function goFloat(value: number): string {
  if (!Number.isFinite(value) || Math.abs(value) >= 1e21 || (value !== 0 && Math.abs(value) < 1e-4)) {
    throw new Error(`goFloat does not format ${value} like Go`);
  }
  return String(value);
}

/** Go's `%.4g`, within the range where it does not switch to exponent notation. */
function goPrecision4(value: number): string {
  const exponent = value === 0 ? 0 : Math.floor(Math.log10(Math.abs(value)));
  if (exponent < -4 || exponent >= 4) throw new Error(`goPrecision4 does not format ${value} like Go`);
  return String(Number(value.toPrecision(4)));
}

/** Prometheus's humanizeDuration, for sub-second values (query latencies). */
function humanizeDuration(seconds: number): string {
  if (seconds < 0.001 || seconds >= 1) throw new Error(`humanizeDuration is only reproduced for 1 ms <= seconds < 1 s, not ${seconds}`);
  return `${goPrecision4(seconds * 1000)}ms`;
}
