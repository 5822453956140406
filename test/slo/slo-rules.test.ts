import { ALERTS } from '../../alerts/registry';
import { serviceRuleGroups } from '../../lib/charts/service-chart';
import { readFileSync } from 'fs';
import { join } from 'path';
import { production } from '../../environments/production';
import { isAlertRule, renderRuleGroups, AlertRule, RecordingRule } from '../../lib/monitoring/rule-groups';
import { BurnRatePolicy, SRE_WORKBOOK_BURN_RATE_POLICY } from '../../lib/slo/slo-model';
import { serviceSlos } from '../../lib/slo/slo-model';
import { sliErrorRatioExpr } from '../../lib/slo/slo-recording-rules';
import { RUNBOOK_BASE_URL } from '../../lib/monitoring/rule-groups';
import { sloRecordedMetrics } from '../../lib/slo/slo-recording-rules';
import { sloRuleGroups } from '../../lib/slo/slo-alert-rules';
import { checkBurnRatePolicy, checkSloNames } from '../../lib/slo/slo-model';
import { SpecError } from '../../lib/validation/errors';
import { reconciliationBackend } from '../../services/reconciliation-backend';
import { checkRuleGroups } from '../support/promtool';
import { resolved } from '../support/deployments';
import { ENVIRONMENTS, SERVICES } from '../../main';

const services = SERVICES;
const environments = ENVIRONMENTS;

describe('SLO rule groups', () => {
  // As the chart ships them: runbook links set from the alert names.
  const groups = serviceRuleGroups(resolved(reconciliationBackend, production), ALERTS).filter((group) => group.name.includes('.slo.'));
  const [sli, budget, alerts] = groups;

  it('comes in three groups per service: SLI ratios, budget, alerts', () => {
    expect(groups.map((group) => group.name)).toEqual([
      'reconciliation-backend.slo.sli', 'reconciliation-backend.slo.budget', 'reconciliation-backend.slo.alerts',
    ]);
  });

  it('records the error ratio of each SLO over 5m, 30m, 1h, 2h, 6h, 1d and 3d, labelled with slo, service and namespace', () => {
    const records = (sli.rules as RecordingRule[]).map((rule) => `${rule.labels?.slo} ${rule.record}`);
    const windows = ['5m', '30m', '1h', '2h', '6h', '1d', '3d'];
    expect(records).toEqual([
      ...windows.map((window) => `availability slo:sli_error:ratio_rate${window}`),
      ...windows.map((window) => `latency slo:sli_error:ratio_rate${window}`),
    ]);
    expect(sli.rules[0].labels).toEqual({ namespace: 'reconciliation-platform', service: 'reconciliation-backend', slo: 'availability' });
  });

  it('records the objective, the budget (once per cluster whose SLI series exist), the period error ratio and the budget remaining', () => {
    const availability = (budget.rules as RecordingRule[]).filter((rule) => rule.labels?.slo === 'availability');
    const perCluster = 'group by (cluster) (reconciliation_http_requests_total{job="reconciliation-backend", namespace="reconciliation-platform", status=~".+"})';
    expect(availability.map((rule) => [rule.record, rule.expr])).toEqual([
      ['slo:objective:ratio', `0.999 * ${perCluster}`],
      ['slo:error_budget:ratio', `0.001 * ${perCluster}`],
      ['slo:sli_error:ratio_period', expect.stringContaining('[30d]')],
      ['slo:error_budget_remaining:ratio', expect.stringMatching(/^1 - slo:sli_error:ratio_period\{.*\} \/ 0\.001$/)],
    ]);
  });

  it('has per SLO a page (fast burn) and three tickets (slow burn, blind SLI, budget exhausted), each linking its runbook section', () => {
    const rules = alerts.rules as AlertRule[];
    expect(rules.map((rule) => [rule.alert, rule.severity, rule.response, rule.for])).toEqual(['Availability', 'Latency'].flatMap((slo) => [
      [`ReconciliationBackend${slo}ErrorBudgetFastBurn`, 'critical', 'page', '2m'],
      [`ReconciliationBackend${slo}ErrorBudgetSlowBurn`, 'warning', 'ticket', '15m'],
      [`ReconciliationBackend${slo}SliMetricAbsent`, 'warning', 'ticket', '10m'],
      [`ReconciliationBackend${slo}ErrorBudgetExhausted`, 'warning', 'ticket', '30m'],
    ]));
    const runbook = readFileSync(join(__dirname, '../../docs/runbooks/slo.md'), 'utf8');
    for (const rule of rules) {
      const heading = rule.alert.replace(/^ReconciliationBackend(Availability|Latency)/, '');
      expect(runbook).toMatch(new RegExp(`^## ${heading}$`, 'm'));
      expect(rule.runbookUrl).toBe(`${RUNBOOK_BASE_URL}/slo.md#${heading.toLowerCase()}`);
    }
  });

  it('pages on burn rate 14.4 over 1h and 5m or 6 over 6h and 30m, against the SLO budget, with 100 requests in the long window of the same cluster', () => {
    const page = (alerts.rules as AlertRule[]).find((rule) => rule.alert === 'ReconciliationBackendLatencyErrorBudgetFastBurn')!;
    const selector = '{namespace="reconciliation-platform", service="reconciliation-backend", slo="latency"}';
    const requests = (window: string) => 'sum by (cluster) (increase(reconciliation_http_request_duration_seconds_count'
      + `{job="reconciliation-backend", namespace="reconciliation-platform"}[${window}])) >= 100`;
    expect(page.expr).toBe(
      `(slo:sli_error:ratio_rate1h${selector} / 0.01 > 14.4 and slo:sli_error:ratio_rate5m${selector} / 0.01 > 14.4 and on (cluster) ${requests('1h')})`
      + ` or (slo:sli_error:ratio_rate6h${selector} / 0.01 > 6 and slo:sli_error:ratio_rate30m${selector} / 0.01 > 6 and on (cluster) ${requests('6h')})`,
    );
  });

  it('matches whole-second latency buckets written as 1 (Go, Rust) or 1.0 (Python)', () => {
    const [, latency] = serviceSlos({ ...reconciliationBackend, slos: { latency: { thresholdSeconds: 1 } } });
    expect(sliErrorRatioExpr(latency.indicator, { job: 'j', namespace: 'n' }, '5m')).toBe(
      '1 - sum by (cluster) (rate(reconciliation_http_request_duration_seconds_bucket{job="j", namespace="n", le=~"1([.]0)?"}[5m]))'
      + ' / (sum by (cluster) (rate(reconciliation_http_request_duration_seconds_count{job="j", namespace="n"}[5m])) > 0)',
    );
  });

  it('averages the period error ratio from the shortest recorded window, whatever the order of the list', () => {
    const policy = { ...SRE_WORKBOOK_BURN_RATE_POLICY, windows: ['1h', '30m', '5m', '2h', '6h', '1d', '3d'] };
    const [, periodBudget] = sloRuleGroups(resolved(reconciliationBackend, production, policy));
    const period = (periodBudget.rules as RecordingRule[]).find((rule) => rule.record === 'slo:sli_error:ratio_period');
    expect(period?.expr).toMatch(/^sum_over_time\(slo:sli_error:ratio_rate5m\{.*\}\[30d\]\) \/ count_over_time\(slo:sli_error:ratio_rate5m\{.*\}\[30d\]\)$/);
  });

  it('records only series listed in the SLO recorded-metrics catalog that dashboards read', () => {
    const catalog = Object.values(sloRecordedMetrics()).map((metric) => metric.name);
    const records = [...new Set(groups.flatMap((group) => group.rules).filter((rule) => !isAlertRule(rule)).map((rule) => (rule as RecordingRule).record))];
    expect(records.sort()).toEqual([...catalog].sort());
  });

  it('is empty for a service without HTTP request signals', () => {
    expect(sloRuleGroups(resolved({ ...reconciliationBackend, signals: {} }, production))).toEqual([]);
  });

  it.each(environments.map((environment) => [environment.name, environment] as const))(
    'passes `promtool check rules` for every service in %s', (_name, environment) => {
      const groups = services.flatMap((service) => sloRuleGroups(resolved(service, environment)));
      expect(groups.flatMap((group) => group.rules).filter(isAlertRule)).toHaveLength(services.reduce((count, service) => count + resolved(service, environment).slos.length * 4, 0));
      const result = checkRuleGroups(renderRuleGroups(groups, environment.severityRouting, { environment: environment.name, service: 'reconciliation-backend' }));
      expect(result.output).toContain(`SUCCESS: ${groups.flatMap((group) => group.rules).length} rules found`);
      expect(result.status).toBe(0);
    });
});

describe('burn-rate policy validation', () => {
  const policy = SRE_WORKBOOK_BURN_RATE_POLICY;
  const withCondition = (condition: Partial<BurnRatePolicy['tiers'][number]['conditions'][number]>): BurnRatePolicy => ({
    ...policy,
    tiers: [{ ...policy.tiers[0], conditions: [{ ...policy.tiers[0].conditions[0], ...condition }] }],
  });
  const error = (run: () => void) => {
    try {
      run();
    } catch (thrown) {
      if (thrown instanceof SpecError) return thrown.message;
    }
    return 'no SpecError';
  };

  it('accepts the SRE workbook policy', () => {
    expect(() => checkBurnRatePolicy('policy', policy)).not.toThrow();
  });

  it('rejects a short window that is not shorter than its long window', () => {
    expect(error(() => checkBurnRatePolicy('policy', withCondition({ shortWindow: '6h', longWindow: '1h' }))))
      .toBe('policy.tiers[0].conditions[0].shortWindow ("6h") must be shorter than longWindow (1h)');
  });

  it('rejects an alert window that is not recorded', () => {
    expect(error(() => checkBurnRatePolicy('policy', withCondition({ longWindow: '12h' }))))
      .toBe('policy.tiers[0].conditions[0].longWindow ("12h") must be one of the recorded windows (5m, 30m, 1h, 2h, 6h, 1d, 3d)');
  });

  it('rejects duplicate windows, a budget share outside (0, 100] and a tier without conditions', () => {
    expect(error(() => checkBurnRatePolicy('policy', { ...policy, windows: [...policy.windows, '1h'] })))
      .toBe('policy.windows[7] ("1h") duplicates policy.windows[2]: names must be unique');
    expect(error(() => checkBurnRatePolicy('policy', withCondition({ budgetPercent: 0 }))))
      .toBe('policy.tiers[0].conditions[0].budgetPercent (0) must be a percentage of the error budget above 0 and at most 100');
    expect(error(() => checkBurnRatePolicy('policy', withCondition({ budgetPercent: 150 }))))
      .toBe('policy.tiers[0].conditions[0].budgetPercent (150) must be a percentage of the error budget above 0 and at most 100');
    expect(error(() => checkBurnRatePolicy('policy', { ...policy, tiers: [{ ...policy.tiers[0], conditions: [] }] })))
      .toBe('policy.tiers[0].conditions ([]) must list at least one condition');
  });

  it('is checked when the deployment is resolved, before any rule is built', () => {
    expect(() => resolved(reconciliationBackend, production, withCondition({ shortWindow: '3d' }))).toThrow(SpecError);
  });

  it('requires SLO names to be unique DNS-1123 labels', () => {
    expect(error(() => checkSloNames('slos', ['availability', 'availability'])))
      .toBe('slos[1].name ("availability") duplicates slos[0].name: names must be unique');
    expect(error(() => checkSloNames('slos', ['Latency_P99']))).toMatch(/^slos\[0\]\.name \("Latency_P99"\) must be a DNS-1123 label/);
  });
});
