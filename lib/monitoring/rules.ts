import type { Severity } from '../specs/environment-spec';

/**
 * Alerting and recording rules as plain data. Building blocks in `alerts/` return
 * rule groups; the PrometheusRule construct renders them and promtool tests read the
 * same data, so what is tested is exactly what ships.
 */

export interface AlertRule {
  /** CamelCase, with the service's prefix, e.g. `ReconciliationBackendDbLatencyHigh`. */
  readonly alert: string;
  readonly expr: string;
  /** How long the condition must hold before firing, e.g. `5m`. Never zero. */
  readonly for: string;
  /** The severity the rule intends; the environment's routing may lower it. */
  readonly severity: Severity;
  readonly labels?: Readonly<Record<string, string>>;
  readonly summary: string;
  /** May use `{{ $labels.x }}` and `{{ $value | humanize }}` templates. */
  readonly description: string;
  /** Full URL of the runbook section for this alert. */
  readonly runbookUrl: string;
}

export interface RecordingRule {
  /** `level:metric:operations`, e.g. `job:reconciliation_db_query_duration_seconds:p95_5m`. */
  readonly record: string;
  readonly expr: string;
  readonly labels?: Readonly<Record<string, string>>;
}

export type Rule = AlertRule | RecordingRule;

export interface RuleGroup {
  readonly name: string;
  /** Evaluation interval. @default the Prometheus global interval */
  readonly interval?: string;
  readonly rules: readonly Rule[];
}

export function isAlertRule(rule: Rule): rule is AlertRule {
  return (rule as AlertRule).alert !== undefined;
}

/** The wire format of one rule, as Prometheus and the PrometheusRule CRD expect it. */
export interface RenderedRule {
  readonly alert?: string;
  readonly record?: string;
  readonly expr: string;
  readonly for?: string;
  readonly labels?: Record<string, string>;
  readonly annotations?: Record<string, string>;
}

export interface RenderedRuleGroup {
  readonly name: string;
  readonly interval?: string;
  readonly rules: RenderedRule[];
}

/**
 * Renders groups for one environment: severities go through its routing, and the
 * given labels (e.g. `environment`) are added to every alert.
 */
export function renderRuleGroups(
  groups: readonly RuleGroup[],
  severityRouting: Readonly<Record<Severity, Severity>>,
  extraAlertLabels: Readonly<Record<string, string>> = {},
): RenderedRuleGroup[] {
  return groups.map((group) => ({
    name: group.name,
    ...(group.interval ? { interval: group.interval } : {}),
    rules: group.rules.map((rule): RenderedRule => {
      if (!isAlertRule(rule)) {
        return { record: rule.record, expr: rule.expr, ...(rule.labels ? { labels: { ...rule.labels } } : {}) };
      }
      return {
        alert: rule.alert,
        expr: rule.expr,
        for: rule.for,
        labels: { ...rule.labels, ...extraAlertLabels, severity: severityRouting[rule.severity] },
        annotations: { summary: rule.summary, description: rule.description, runbook_url: rule.runbookUrl },
      };
    }),
  }));
}
