import type { Severity } from '../specs/environment-spec';
import { check } from '../validation/errors';

/**
 * Alerting and recording rules as plain data. Building blocks in `alerts/` return
 * rule groups; the PrometheusRule construct renders them and promtool tests read the
 * same data, so what is tested is exactly what ships.
 */

/**
 * What an alert asks of people (docs/ALERTING.md): `page` wakes someone (severity
 * critical) because users are hurting now; `ticket` (severity warning, to chat) means
 * the error budget is at risk and needs work this week; `warning` (warning or info)
 * is a cause worth a look in working hours.
 */
export type AlertResponse = 'page' | 'ticket' | 'warning';

/** The severities each response may carry; anything else misroutes the alert. */
export const RESPONSE_SEVERITIES: Readonly<Record<AlertResponse, readonly Severity[]>> = {
  page: ['critical'],
  ticket: ['warning'],
  warning: ['warning', 'info'],
};

/**
 * What an alert is about, its `signal` label. Alertmanager inhibits by it: an `outage`
 * mutes the service's other alerts, a critical mutes warnings of the same signal.
 * `edge` is the public host seen from outside the pods: probe and certificate.
 */
export type AlertSignal = 'outage' | 'availability' | 'latency' | 'database' | 'cache' | 'workload' | 'secrets' | 'edge' | 'heartbeat';

/** The dashboard panel that shows an alert's signal: the dashboard's slug and the panel's title. */
export interface DashboardPanelRef {
  readonly dashboard: string;
  /** The panel's title, or titles in order of preference where the service's signals change it (`Error ratio by route` / `Error ratio`). */
  readonly panel: string | readonly string[];
}

export interface AlertRule {
  /** CamelCase, with the service's prefix, e.g. `ReconciliationBackendDbLatencyHigh`. */
  readonly alert: string;
  readonly expr: string;
  /** How long the condition must hold before firing, e.g. `5m`. Never zero. */
  readonly for: string;
  /** The severity the rule intends; the environment's routing may lower it. */
  readonly severity: Severity;
  /** What the alert asks of people; must agree with `severity` (RESPONSE_SEVERITIES). */
  readonly response: AlertResponse;
  /** One sentence: why this response and not another (docs/ALERTING.md shows it). */
  readonly why: string;
  /** The `signal` label. */
  readonly signal: AlertSignal;
  /**
   * The panel that graphs what the alert reads and draws its threshold; rendered as the
   * absolute `dashboard_url` annotation. Required wherever rules are rendered with dashboard
   * links: every service alert, and the environment's own alerts (on its namespace dashboard).
   * test/dashboards/alert-panels.test.ts checks the panel shares a series with the alert. @default none
   */
  readonly dashboardPanel?: DashboardPanelRef;
  readonly labels?: Readonly<Record<string, string>>;
  readonly summary: string;
  /** May use `{{ $labels.x }}` and `{{ $value | humanize }}` templates. */
  readonly description: string;
  /** Full URL of the runbook section for this alert; set from the alert's name by withRunbookLinks, never by hand. */
  readonly runbookUrl?: string;
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

/**
 * Where `runbook_url` annotations point: one Markdown file per concern under
 * docs/runbooks/, one heading per alert. A placeholder until the repository's real
 * address is known (docs/DEPLOYMENT.md lists it with the other placeholders).
 */
export const RUNBOOK_BASE_URL = 'https://github.com/reconciliation-platform/deploy/blob/main/docs/runbooks';

/**
 * Sets every alert's `runbookUrl` from its name, in one pass (kubernetes-mixin's
 * add-runbook-links): `<base>/<runbook>.md#<name without its prefix, lower-cased>`, e.g.
 * `ReconciliationBackendDbLatencyHigh` → `database.md#dblatencyhigh`. The longest of
 * `prefixes` the name starts with is dropped.
 */
export function withRunbookLinks(groups: readonly RuleGroup[], runbook: string, prefixes: readonly string[]): RuleGroup[] {
  const byLength = [...prefixes].sort((a, b) => b.length - a.length);
  return groups.map((group) => ({
    ...group,
    rules: group.rules.map((rule) => {
      if (!isAlertRule(rule)) return rule;
      const prefix = byLength.find((candidate) => rule.alert.startsWith(candidate)) ?? '';
      return { ...rule, runbookUrl: `${RUNBOOK_BASE_URL}/${runbook}.md#${rule.alert.slice(prefix.length).toLowerCase()}` };
    }),
  }));
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

/** Labels every alert of a service carries besides `severity` and `signal`. */
export interface ServiceAlertLabels {
  readonly environment: string;
  readonly service: string;
  readonly [label: string]: string;
}

/** The `dashboard_url` of a panel, or undefined when the deployment has no such panel. */
export type DashboardLinks = (panel: DashboardPanelRef) => string | undefined;

/**
 * Renders groups for one environment: severities go through its routing; every alert
 * gets the given labels (`environment`, `service`), its `signal`, and, when `links`
 * are given, the `dashboard_url` of its panel.
 */
export function renderRuleGroups(
  groups: readonly RuleGroup[],
  severityRouting: Readonly<Record<Severity, Severity>>,
  alertLabels: ServiceAlertLabels,
  links?: DashboardLinks,
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
        labels: { ...rule.labels, ...alertLabels, signal: rule.signal, severity: severityRouting[rule.severity] },
        annotations: {
          summary: rule.summary,
          description: rule.description,
          runbook_url: rule.runbookUrl!,
          ...dashboardUrl(rule, links),
          response: rule.response,
          why: rule.why,
        },
      };
    }),
  }));
}

function dashboardUrl(rule: AlertRule, links: DashboardLinks | undefined): { dashboard_url?: string } {
  if (!links) return {};
  const url = rule.dashboardPanel && links(rule.dashboardPanel);
  check(url !== undefined, `${rule.alert}.dashboardPanel`, rule.dashboardPanel, 'must name a panel of one of the deployment\'s dashboards (slug and exact title)');
  return { dashboard_url: url as string };
}
