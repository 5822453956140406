import { Construct } from 'constructs';
import { PrometheusRule, PrometheusRuleSpecGroupsRulesExpr } from '../../imports/prometheusrule-monitoring.coreos.com';
import type { EnvironmentSpec, Severity } from '../specs/environment-spec';

/** What the rules need of an environment. */
export type RuleEnvironment = Pick<EnvironmentSpec, 'name' | 'namespace' | 'monitoringSelector' | 'severityRouting'>;
import { check } from '../validation/errors';
import { checkDnsLabel, checkUnique } from '../validation/names';
import { durationSeconds } from './prometheus-duration';
import { AlertSignal, DashboardLinks, isAlertRule, renderRuleGroups, RenderedRuleGroup, RESPONSE_SEVERITIES, RuleGroup } from './rule-groups';
import { DEFAULT_SCRAPE_INTERVAL } from './service-monitoring';

/** A range shorter than this many scrapes holds too few samples for rate() to be stable. */
export const MIN_SCRAPES_PER_RANGE = 4;

const SEVERITIES: readonly Severity[] = ['critical', 'warning', 'info'];
const CAMEL_CASE = /^[A-Z][a-zA-Z0-9]*$/;
/** `level:metric:operations`, as the Prometheus naming guide recommends for recording rules. */
const RECORD_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*:[a-zA-Z_][a-zA-Z0-9_]*:[a-zA-Z0-9_]+$/;
/** Labels the rendering sets itself; a rule setting them would be silently overwritten. */
const RESERVED_LABELS = ['severity', 'environment', 'service', 'signal'];
/** Recording rules may carry `service` (the SLO series do); the rendering labels alerts only. */
const RESERVED_RECORD_LABELS = ['severity', 'environment', 'signal'];
const SIGNALS: readonly AlertSignal[] = ['outage', 'availability', 'latency', 'database', 'cache', 'workload', 'secrets', 'edge', 'heartbeat'];

export interface AlertingRulesProps {
  /** Name of the PrometheusRule, usually the service's name. */
  readonly name: string;
  /** The `service` label of every alert: Alertmanager groups and inhibits by it. */
  readonly service: string;
  /** Resolves each alert's panel to its `dashboard_url`. @default no dashboard_url annotations */
  readonly dashboardLinks?: DashboardLinks;
  /** Namespace, selector labels and severity routing come from the environment. */
  readonly environment: RuleEnvironment;
  readonly groups: readonly RuleGroup[];
  /** Every alert name must start with it, e.g. `ReconciliationBackend`. */
  readonly alertPrefix: string;
  /** Scrape interval of the series the rules read; ranges must span >= 4 of them. @default DEFAULT_SCRAPE_INTERVAL */
  readonly scrapeInterval?: string;
  /** Further labels on the PrometheusRule. @default none */
  readonly labels?: Readonly<Record<string, string>>;
}

/**
 * One service's alerting and recording rules in one environment, as a PrometheusRule
 * the operator loads into Prometheus. Checks the alert conventions before rendering.
 */
export class AlertingRules extends Construct {
  public readonly prometheusRule: PrometheusRule;
  public readonly renderedGroups: readonly RenderedRuleGroup[];

  constructor(scope: Construct, id: string, props: AlertingRulesProps) {
    super(scope, id);
    checkDnsLabel('name', props.name);
    validateRuleGroups(props.groups, { alertPrefix: props.alertPrefix, scrapeInterval: props.scrapeInterval ?? DEFAULT_SCRAPE_INTERVAL });
    const { environment } = props;
    check(Object.keys(environment.monitoringSelector).length > 0, `environments.${environment.name}.monitoringSelector`,
      environment.monitoringSelector, 'must name at least one label: kube-prometheus-stack only loads rules carrying its selector label');
    this.renderedGroups = renderForEnvironment(props.groups, environment, props.service, props.dashboardLinks);

    this.prometheusRule = new PrometheusRule(this, 'Resource', {
      metadata: {
        name: props.name,
        namespace: environment.namespace,
        labels: { ...props.labels, ...environment.monitoringSelector },
      },
      spec: {
        groups: this.renderedGroups.map((group) => ({
          name: group.name,
          interval: group.interval,
          rules: group.rules.map((rule) => ({ ...rule, expr: PrometheusRuleSpecGroupsRulesExpr.fromString(rule.expr) })),
        })),
      },
    });
  }
}

/** Rules as one environment runs them: severities routed, `environment` and `service` labels on every alert. */
export function renderForEnvironment(
  groups: readonly RuleGroup[], environment: RuleEnvironment, service: string, links?: DashboardLinks,
): RenderedRuleGroup[] {
  return renderRuleGroups(groups, environment.severityRouting, { environment: environment.name, service }, links);
}

export interface RuleConventions {
  readonly alertPrefix: string;
  readonly scrapeInterval: string;
}

/** Throws a SpecError naming the first rule that breaks a convention (see AlertRule). */
export function validateRuleGroups(groups: readonly RuleGroup[], conventions: RuleConventions): void {
  check(CAMEL_CASE.test(conventions.alertPrefix), 'alertPrefix', conventions.alertPrefix, 'must be CamelCase ([A-Z][a-zA-Z0-9]*)');
  const minRangeSeconds = MIN_SCRAPES_PER_RANGE * durationSeconds('scrapeInterval', conventions.scrapeInterval);
  checkUnique('groups', groups.map((group) => group.name), 'name');
  const alertNames: string[] = [];
  groups.forEach((group, g) => {
    check(group.name.length > 0, `groups[${g}].name`, group.name, 'must not be empty');
    if (group.interval !== undefined) durationSeconds(`groups[${g}].interval`, group.interval);
    group.rules.forEach((rule, r) => {
      const where = `groups[${g}].rules[${r}]`;
      check(rule.expr.trim().length > 0, `${where}.expr`, rule.expr, 'must not be empty');
      checkRanges(`${where}.expr`, rule.expr, minRangeSeconds, conventions.scrapeInterval);
      for (const label of isAlertRule(rule) ? RESERVED_LABELS : RESERVED_RECORD_LABELS) {
        check(rule.labels?.[label] === undefined, `${where}.labels.${label}`, rule.labels?.[label],
          'is set by the rendering (severity routing, environment, service, signal) and must not be given');
      }
      if (!isAlertRule(rule)) {
        check(RECORD_NAME.test(rule.record), `${where}.record`, rule.record, 'must be named level:metric:operations, e.g. job:http_requests:rate5m');
        return;
      }
      alertNames.push(rule.alert);
      check(CAMEL_CASE.test(rule.alert) && rule.alert.startsWith(conventions.alertPrefix) && rule.alert.length > conventions.alertPrefix.length,
        `${where}.alert`, rule.alert, `must be CamelCase and start with the service's prefix "${conventions.alertPrefix}"`);
      check(durationSeconds(`${where}.for`, rule.for) > 0, `${where}.for`, rule.for,
        'must be greater than zero: an alert without `for` fires on a single bad evaluation');
      check(SEVERITIES.includes(rule.severity), `${where}.severity`, rule.severity, `must be one of ${SEVERITIES.join(', ')}`);
      check(SIGNALS.includes(rule.signal), `${where}.signal`, rule.signal, `must be one of ${SIGNALS.join(', ')}`);
      const allowed = RESPONSE_SEVERITIES[rule.response];
      check(allowed !== undefined, `${where}.response`, rule.response, `must be one of ${Object.keys(RESPONSE_SEVERITIES).join(', ')}`);
      check(allowed.includes(rule.severity), `${where}.severity`, rule.severity,
        `must be ${allowed.join(' or ')} for response "${rule.response}" (docs/ALERTING.md)`);
      for (const field of ['summary', 'description', 'runbookUrl', 'why'] as const) {
        check(typeof rule[field] === 'string' && rule[field].trim().length > 0, `${where}.${field}`, rule[field], 'is required on every alert');
      }
      check(/^https:\/\/[^#\s]+#[a-z0-9-]+$/.test(String(rule.runbookUrl)), `${where}.runbookUrl`, rule.runbookUrl,
        'must be an https URL pointing at a section (#anchor) of a runbook');
    });
  });
  checkUnique('alert names', alertNames);
}

/**
 * Finds the range selectors (`[5m]`, and the range of subqueries `[30m:1m]`) outside
 * string literals, where label regexes such as `pod=~"api-[a-z0-9]+"` also use brackets.
 */
function checkRanges(field: string, expr: string, minSeconds: number, scrapeInterval: string): void {
  const withoutStrings = expr.replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'|`[^`]*`/g, '""');
  for (const [, range] of withoutStrings.matchAll(/\[([^\]]*)\]/g)) {
    const window = range.split(':')[0].trim();
    check(durationSeconds(field, window) >= minSeconds, field, `[${range}]`,
      `has a range shorter than ${MIN_SCRAPES_PER_RANGE}× the scrape interval (${scrapeInterval}): rate() needs several samples per window`);
  }
}
