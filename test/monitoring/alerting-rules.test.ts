import * as fs from 'fs';
import * as path from 'path';
import { Chart } from 'cdk8s';
import { RUNBOOK_BASE_URL } from '../../lib/monitoring/rule-groups';
import { environmentRuleGroups } from '../../lib/charts/alert-routing-chart';
import { DEFAULT_ALERT_THRESHOLDS } from '../../alerts/thresholds';
import { production } from '../../environments/production';
import { staging } from '../../environments/staging';
import { AlertingRules, AlertingRulesProps, validateRuleGroups } from '../../lib/monitoring/alerting-rules';
import { AlertRule, DashboardPanelRef, isAlertRule, RecordingRule, RuleGroup } from '../../lib/monitoring/rule-groups';
import { serviceRuleGroups } from '../../lib/charts/service-chart';
import type { ServiceSpec } from '../../lib/specs/service-spec';
import { KubernetesObject, validateAgainstSchemas } from '../../lib/validation/schema-validation';
import { reconciliationBackend } from '../../services/reconciliation-backend';
import { checkRules } from '../support/rule-tests';
import { ALERTS } from '../../alerts/registry';
import { resolved, synthesizedMainPlan, testPlan } from '../support/deployments';
import { testApp } from '../support/charts';

const plan = testPlan();

const alert: AlertRule = {
  alert: 'ShopCheckoutSlow',
  expr: 'histogram_quantile(0.95, sum by (le) (rate(checkout_seconds_bucket{job="shop"}[5m]))) > 1',
  for: '5m',
  severity: 'critical',
  response: 'page',
  why: 'Customers cannot pay.',
  signal: 'latency',
  dashboardPanel: { dashboard: 'checkout', panel: 'Checkout latency' },
  summary: 'Checkout is slow',
  description: 'p95 is {{ $value | humanizeDuration }}',
  runbookUrl: 'https://example.com/runbooks/shop.md#checkoutslow',
};
const record: RecordingRule = { record: 'job:checkout_seconds:p95_5m', expr: 'sum(rate(checkout_seconds_count{job="shop"}[5m]))' };
const groups: RuleGroup[] = [{ name: 'shop', rules: [record, alert] }];

function synth(overrides: Partial<AlertingRulesProps> = {}): KubernetesObject {
  const chart = new Chart(testApp(), 'test');
  new AlertingRules(chart, 'Rules', { name: 'shop', service: 'shop', environment: production, groups, alertPrefix: 'Shop', ...overrides });
  const [object] = chart.toJson() as KubernetesObject[];
  return object;
}

type RuleSpec = { spec: { groups: { name: string; rules: Record<string, unknown>[] }[] } };

describe('AlertingRules', () => {
  it('renders a PrometheusRule in the environment\'s namespace, labelled with its monitoring selector', () => {
    const object = synth({ labels: { team: 'shop' } });
    expect(object).toMatchObject({
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'PrometheusRule',
      metadata: { name: 'shop', namespace: 'reconciliation-platform', labels: { team: 'shop', release: 'kube-prometheus-stack' } },
    });
    expect((object as unknown as RuleSpec).spec.groups[0].rules).toEqual([
      { record: 'job:checkout_seconds:p95_5m', expr: record.expr },
      {
        alert: 'ShopCheckoutSlow', expr: alert.expr, for: '5m',
        labels: { environment: 'production', service: 'shop', signal: 'latency', severity: 'critical' },
        annotations: { summary: alert.summary, description: alert.description, runbook_url: alert.runbookUrl, response: 'page', why: alert.why },
      },
    ]);
  });

  it('routes severities per environment: a critical alert only opens a ticket in staging', () => {
    const rules = (synth({ environment: staging }) as unknown as RuleSpec).spec.groups[0].rules;
    expect(rules[1].labels).toEqual({ environment: 'staging', service: 'shop', signal: 'latency', severity: 'warning' });
  });

  it('links each alert to its panel, and refuses a panel the dashboards do not have', () => {
    const links = (ref: DashboardPanelRef) => (ref.panel === 'Checkout latency' ? `/d/shop-${ref.dashboard}?viewPanel=3` : undefined);
    const rules = (synth({ dashboardLinks: links }) as unknown as RuleSpec).spec.groups[0].rules;
    expect(rules[1].annotations).toMatchObject({ dashboard_url: '/d/shop-checkout?viewPanel=3' });
    expect(() => synth({ dashboardLinks: () => undefined }))
      .toThrow('ShopCheckoutSlow.dashboardPanel ({"dashboard":"checkout","panel":"Checkout latency"}) must name a panel of one of the deployment\'s dashboards');
  });

  it('passes the PrometheusRule schema', async () => {
    expect(await validateAgainstSchemas('test', [synth()])).toEqual([]);
  });

  it('refuses an environment without a monitoring selector', () => {
    expect(() => synth({ environment: { ...production, monitoringSelector: {} } })).toThrow('environments.production.monitoringSelector ({}) must name at least one label');
  });
});

describe('rule conventions', () => {
  const withAlert = (change: Partial<AlertRule>): RuleGroup[] => [{ name: 'shop', rules: [{ ...alert, ...change }] }];
  const validate = (candidate: RuleGroup[], scrapeInterval = '15s') => () => validateRuleGroups(candidate, { alertPrefix: 'Shop', scrapeInterval });

  it('accepts rules that follow them', () => {
    expect(validate(groups)).not.toThrow();
  });

  it.each([
    [{ alert: 'shopCheckoutSlow' }, 'groups[0].rules[0].alert ("shopCheckoutSlow") must be CamelCase and start with the service\'s prefix "Shop"'],
    [{ alert: 'CheckoutSlow' }, 'must be CamelCase and start with the service\'s prefix "Shop"'],
    [{ alert: 'Shop' }, 'must be CamelCase and start with the service\'s prefix "Shop"'],
    [{ for: '0m' }, 'groups[0].rules[0].for ("0m") must be greater than zero'],
    [{ for: '' }, 'groups[0].rules[0].for ("") must be a Prometheus duration'],
    [{ severity: 'page' as AlertRule['severity'] }, 'groups[0].rules[0].severity ("page") must be one of critical, warning, info'],
    [{ summary: ' ' }, 'groups[0].rules[0].summary (" ") is required on every alert'],
    [{ description: '' }, 'groups[0].rules[0].description ("") is required on every alert'],
    [{ runbookUrl: 'https://example.com/runbooks/shop.md' }, 'must be an https URL pointing at a section (#anchor) of a runbook'],
    [{ expr: 'rate(checkout_total{job="shop"}[30s]) > 1' }, 'groups[0].rules[0].expr ("[30s]") has a range shorter than 4× the scrape interval (15s)'],
    [{ expr: 'max_over_time(rate(x_total[5m])[30m:30s]) > 1 and rate(y_total[45s]) > 0' }, '("[45s]") has a range shorter than 4×'],
    [{ expr: '' }, 'groups[0].rules[0].expr ("") must not be empty'],
    [{ labels: { severity: 'critical' } }, 'groups[0].rules[0].labels.severity ("critical") is set by the rendering'],
    [{ labels: { service: 'shop' } }, 'groups[0].rules[0].labels.service ("shop") is set by the rendering'],
    [{ response: 'ticket' }, 'groups[0].rules[0].severity ("critical") must be warning for response "ticket"'],
    [{ severity: 'info', response: 'page' }, 'groups[0].rules[0].severity ("info") must be critical for response "page"'],
    [{ signal: 'mood' as AlertRule['signal'] }, 'groups[0].rules[0].signal ("mood") must be one of outage, availability'],
    [{ why: ' ' }, 'groups[0].rules[0].why (" ") is required on every alert'],
  ] as [Partial<AlertRule>, string][])('rejects %j', (change, message) => {
    expect(validate(withAlert(change))).toThrow(message);
  });

  it('ignores brackets inside label matchers when looking for ranges', () => {
    expect(validate(withAlert({ expr: 'up{pod=~"shop-[a-z0-9]+-[a-z0-9]+"} == 0' }))).not.toThrow();
  });

  it('measures ranges against the scrape interval it is given', () => {
    expect(validate(groups, '2m')).toThrow('("[5m]") has a range shorter than 4× the scrape interval (2m)');
  });

  it('rejects recording rules not named level:metric:operations', () => {
    expect(validate([{ name: 'shop', rules: [{ ...record, record: 'checkout_p95' }] }]))
      .toThrow('groups[0].rules[0].record ("checkout_p95") must be named level:metric:operations');
  });

  it('rejects duplicate group and alert names', () => {
    expect(validate([...groups, ...groups])).toThrow('groups[1].name ("shop") duplicates groups[0].name');
    expect(validate([{ name: 'a', rules: [alert] }, { name: 'b', rules: [alert] }])).toThrow('alert names[1] ("ShopCheckoutSlow") duplicates alert names[0]');
  });

  it('rejects a prefix that is not CamelCase and a group interval that is not a duration', () => {
    expect(() => validateRuleGroups(groups, { alertPrefix: 'shop', scrapeInterval: '15s' })).toThrow('alertPrefix ("shop") must be CamelCase');
    expect(validate([{ ...groups[0], interval: 'hourly' }])).toThrow('groups[0].interval ("hourly") must be a Prometheus duration');
  });
});

/** The groups of the concerns in alerts/ built here; secret sync and SLO groups are tested with their helpers. */
const OWN_CONCERNS = /\.(outage|http|database|cache|workload|containers|rollout)$/;
const ownGroups = (service: ServiceSpec, environment = production) =>
  serviceRuleGroups(resolved(service, environment), ALERTS).filter((group) => OWN_CONCERNS.test(group.name));

describe('serviceRuleGroups', () => {
  const alertNames = (service: ServiceSpec) => ownGroups(service).flatMap((group) => group.rules).filter(isAlertRule).map((rule) => rule.alert);

  it('gives the backend every alert its HTTP, database and cache signals support, plus the workload alerts', () => {
    expect(alertNames(reconciliationBackend)).toEqual([
      'ReconciliationBackendNoReplicaAvailable',
      'ReconciliationBackendMostlyUnavailable',
      'ReconciliationBackendAllTargetsDown',
      'ReconciliationBackendHttpErrorRateHigh',
      'ReconciliationBackendDbLatencyHigh',
      'ReconciliationBackendDbPoolUtilizationHigh',
      'ReconciliationBackendCacheHitRateLow',
      'ReconciliationBackendHpaAtMaxReplicas',
      'ReconciliationBackendPodNotReady',
      'ReconciliationBackendPodCrashLooping',
      'ReconciliationBackendTargetDown',
      'ReconciliationBackendMetricsAbsent',
      'ReconciliationBackendContainerWaiting',
      'ReconciliationBackendContainerOomKilled',
      'ReconciliationBackendCpuThrottlingHigh',
      'ReconciliationBackendRolloutStuck',
      'ReconciliationBackendReplicasUnavailable',
      'ReconciliationBackendPdbBlockingDrains',
    ]);
  });

  it('gives a service without signals only the outage and workload alerts', () => {
    const bare: ServiceSpec = { ...reconciliationBackend, name: 'batch-worker', imageTag: '1.0.0', signals: {} };
    expect(ownGroups(bare).map((group) => group.name))
      .toEqual(['batch-worker.outage', 'batch-worker.workload', 'batch-worker.containers', 'batch-worker.rollout']);
  });

  it('scopes every selector to the service\'s namespace', () => {
    for (const group of ownGroups(reconciliationBackend, staging)) {
      for (const rule of group.rules) {
        for (const selector of rule.expr.match(/[a-z_:]+\{[^}]*\}/g) ?? []) {
          expect(selector).toContain(`namespace="${staging.namespace}"`);
        }
      }
    }
  });

  it('applies a service\'s threshold overrides and keeps the defaults for the rest', () => {
    const tuned: ServiceSpec = { ...reconciliationBackend, alertThresholds: { dbLatencyP95Seconds: 0.5 } };
    const exprs = ownGroups(tuned).flatMap((group) => group.rules).map((rule) => rule.expr).join('\n');
    expect(exprs).toContain('> 0.5\n');
    expect(exprs).toContain(`> ${DEFAULT_ALERT_THRESHOLDS.httpErrorRatioMax}\n`);
  });

  it.each([
    [{ cacheHitRatioMin: 60 }, 'services.reconciliation-backend.alertThresholds.cacheHitRatioMin (60) is a ratio and must be below 1'],
    [{ httpMinRequestsPerSecond: 0 }, 'services.reconciliation-backend.alertThresholds.httpMinRequestsPerSecond (0) must be a number greater than zero'],
    [{ hpaAtMaxFor: '0s' }, 'services.reconciliation-backend.alertThresholds.hpaAtMaxFor ("0s") must be a non-zero Prometheus duration'],
    [{ podNotReadyFor: 'soon' }, 'services.reconciliation-backend.alertThresholds.podNotReadyFor ("soon") must be a Prometheus duration'],
  ])('rejects the override %j', (alertThresholds, message) => {
    expect(() => resolved({ ...reconciliationBackend, alertThresholds }, production)).toThrow(message);
  });
});

describe('runbooks', () => {
  const runbookDir = path.join(__dirname, '../../docs/runbooks');
  /** GitHub's heading anchors: lower case, punctuation dropped, spaces as dashes. */
  const anchors = (file: string) => new Set(fs.readFileSync(path.join(runbookDir, file), 'utf8').split('\n')
    .filter((line) => /^#{1,6} /.test(line))
    .map((line) => line.replace(/^#+ /, '').trim().toLowerCase().replace(/[^a-z0-9 -]/g, '').replace(/ /g, '-')));
  const allAlerts = [...plan.deployments.flatMap((deployment) => serviceRuleGroups(deployment, ALERTS)),
    ...plan.environments.flatMap((environment) => environmentRuleGroups(environment, ALERTS))]
    .flatMap((group) => group.rules).filter(isAlertRule);

  it.each([...new Set(allAlerts.map((rule) => rule.runbookUrl!))])('%s is a heading of a runbook in docs/runbooks/', (url) => {
    expect(url.startsWith(`${RUNBOOK_BASE_URL}/`)).toBe(true);
    const [file, anchor] = url.slice(RUNBOOK_BASE_URL.length + 1).split('#');
    expect(fs.existsSync(path.join(runbookDir, file))).toBe(true);
    expect([...anchors(file)]).toContain(anchor);
  });
});

describe('rules of every service chart', () => {
  const charts = synthesizedMainPlan().filter((chart) => chart.plan.deployment);
  const ofKind = (objects: readonly KubernetesObject[], kind: string) => objects.filter((object) => object.kind === kind);

  it.each(charts.map((chart) => [chart.plan.file, chart] as const))('%s has one ServiceMonitor and one PrometheusRule that pass `promtool check rules`', (_file, chart) => {
    expect(ofKind(chart.objects, 'ServiceMonitor')).toHaveLength(1);
    const rules = ofKind(chart.objects, 'PrometheusRule');
    expect(rules).toHaveLength(1);
    const ruleGroups = (rules[0] as unknown as RuleSpec).spec.groups;
    expect(ruleGroups.length).toBeGreaterThan(0);
    const result = checkRules(ruleGroups);
    expect(result.output).toContain('SUCCESS');
    expect(result.status).toBe(0);
  });
});

describe('checkRules', () => {
  it('fails on a rule Prometheus would reject, so the check above can fail', () => {
    const result = checkRules([{ name: 'bad', rules: [{ alert: 'Bad', expr: 'rate(up[5m]' }] }]);
    expect(result.status).not.toBe(0);
  });
});
