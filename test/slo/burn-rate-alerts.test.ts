import { production } from '../../environments/production';
import { staging } from '../../environments/staging';
import { renderRuleGroups } from '../../lib/monitoring/rules';
import { histogramSeries } from '../../lib/monitoring/metric-catalog';
import { sloRuleGroups } from '../../lib/slo/slo-rule-groups';
import type { EnvironmentSpec } from '../../lib/specs/environment-spec';
import type { ServiceSpec } from '../../lib/specs/service-spec';
import { aionMonitoring, aionMonitoringMetrics } from '../../services/aion-monitoring';
import { reconciliationBackend, reconciliationBackendMetrics } from '../../services/reconciliation-backend';
import { promtoolTestRules, PromtoolRuleTest } from './promtool-rule-tests';

/**
 * The SLO rules as they ship, replayed by `promtool test rules` against synthetic
 * traffic. Series grow once a minute for four hours: long enough for every condition
 * (Prometheus extrapolates the 1d and 3d windows over the data there is).
 */
const MINUTES = 240;

function rules(service: ServiceSpec, environment: EnvironmentSpec) {
  return renderRuleGroups(sloRuleGroups(service, environment), environment.severityRouting, { environment: environment.name });
}

function series(metric: string, environment: EnvironmentSpec, job: string, labels: Record<string, string>, perMinute: number) {
  const all = { job, namespace: environment.namespace, ...labels };
  const selector = Object.entries(all).map(([name, value]) => `${name}="${value}"`).join(', ');
  return { series: `${metric}{${selector}}`, values: `0+${perMinute}x${MINUTES}` };
}

/** Backend requests per minute: `failed` of `total` answered with a 500. */
function backendTraffic(environment: EnvironmentSpec, total: number, failed: number) {
  const requests = reconciliationBackendMetrics.httpRequests.name;
  const job = reconciliationBackend.name;
  return [
    series(requests, environment, job, { method: 'GET', route: '/api/reconciliations', status: '200' }, total - failed),
    series(requests, environment, job, { method: 'GET', route: '/api/reconciliations', status: '500' }, failed),
  ];
}

/** Backend request durations per minute: `slow` of `total` took longer than 500 ms. */
function backendLatency(environment: EnvironmentSpec, total: number, slow: number) {
  const { bucket, count } = histogramSeries(reconciliationBackendMetrics.httpRequestDuration);
  const job = reconciliationBackend.name;
  const route = { method: 'GET', route: '/api/reconciliations' };
  return [
    series(bucket, environment, job, { ...route, le: '0.5' }, total - slow),
    series(count, environment, job, route, total),
  ];
}

function expectPasses(result: { status: number; output: string }) {
  if (result.status !== 0) throw new Error(`promtool test rules failed:\n${result.output}`);
  expect(result.status).toBe(0);
}

const backendLabels = (environment: EnvironmentSpec, slo: string, severity: string) => ({
  environment: environment.name, namespace: environment.namespace, service: 'reconciliation-backend', slo, severity,
});

describe('SLO burn-rate alerts (promtool test rules)', () => {
  it('pages within 5 minutes when 20 % of backend requests fail (burn rate 200)', () => {
    expectPasses(promtoolTestRules(rules(reconciliationBackend, production), [{
      name: 'fast availability burn',
      interval: '1m',
      input_series: backendTraffic(production, 100, 20),
      alert_rule_test: [{
        eval_time: '5m',
        alertname: 'ReconciliationBackendAvailabilityErrorBudgetFastBurn',
        exp_alerts: [{
          exp_labels: backendLabels(production, 'availability', 'critical'),
          exp_annotations: {
            summary: 'reconciliation-backend: availability error budget burning fast',
            description: 'reconciliation-backend in reconciliation-platform spends its availability error budget 200x faster than the objective allows '
              + '(99.9 % over 30d: requests answered without a server error (5xx)). '
              + 'Conditions: burn > 14.4 over 1h and 5m, or burn > 6 over 6h and 30m.',
            runbook_url: 'https://github.com/reconciliation-platform/deploy/blob/main/docs/runbooks/slo.md#errorbudgetfastburn',
          },
        }],
      }],
    }]));
  });

  it('pages when 20 % of backend requests take longer than the 500 ms latency threshold', () => {
    const test: PromtoolRuleTest = {
      name: 'fast latency burn',
      interval: '1m',
      input_series: [...backendTraffic(production, 100, 0), ...backendLatency(production, 100, 20)],
      alert_rule_test: [
        { eval_time: '5m', alertname: 'ReconciliationBackendLatencyErrorBudgetFastBurn', exp_alerts: [{ exp_labels: backendLabels(production, 'latency', 'critical') }] },
        { eval_time: '5m', alertname: 'ReconciliationBackendAvailabilityErrorBudgetFastBurn', exp_alerts: [] },
      ],
    };
    expectPasses(promtoolTestRules(withoutAnnotations(rules(reconciliationBackend, production)), [test]));
  });

  it('opens a ticket but never pages when errors run at 2.5x the budget for hours', () => {
    const noPage = ['30m', '1h', '2h', '4h'].map((evalTime) => ({
      eval_time: evalTime, alertname: 'ReconciliationBackendAvailabilityErrorBudgetFastBurn', exp_alerts: [],
    }));
    expectPasses(promtoolTestRules(rules(reconciliationBackend, production), [{
      name: 'slow availability burn',
      interval: '1m',
      // 5 failures in 2000 requests: 0.25 %, burn rate 2.5 against a 0.1 % budget.
      input_series: backendTraffic(production, 2000, 5),
      alert_rule_test: [
        ...noPage,
        {
          eval_time: '3h',
          alertname: 'ReconciliationBackendAvailabilityErrorBudgetSlowBurn',
          exp_alerts: [{
            exp_labels: backendLabels(production, 'availability', 'warning'),
            exp_annotations: {
              summary: 'reconciliation-backend: availability error budget burning steadily',
              description: 'reconciliation-backend in reconciliation-platform spends its availability error budget 2.5x faster than the objective allows '
                + '(99.9 % over 30d: requests answered without a server error (5xx)). '
                + 'Conditions: burn > 3 over 1d and 2h, or burn > 1 over 3d and 6h.',
              runbook_url: 'https://github.com/reconciliation-platform/deploy/blob/main/docs/runbooks/slo.md#errorbudgetslowburn',
            },
          }],
        },
      ],
      promql_expr_test: [{
        // 2.5x the budget for every sample so far: 150 % of the period's budget is overspent.
        expr: 'round(slo:error_budget_remaining:ratio{service="reconciliation-backend", slo="availability"}, 0.01)',
        eval_time: '3h',
        exp_samples: [{ labels: `{namespace="${production.namespace}", service="reconciliation-backend", slo="availability"}`, value: -1.5 }],
      }],
    }]));
  });

  it('raises nothing for a healthy backend (0.05 % errors, 0.5 % slow requests)', () => {
    const quiet = ['10m', '1h', '4h'].flatMap((evalTime) => [
      'ReconciliationBackendAvailabilityErrorBudgetFastBurn', 'ReconciliationBackendAvailabilityErrorBudgetSlowBurn',
      'ReconciliationBackendLatencyErrorBudgetFastBurn', 'ReconciliationBackendLatencyErrorBudgetSlowBurn',
    ].map((alertname) => ({ eval_time: evalTime, alertname, exp_alerts: [] })));
    expectPasses(promtoolTestRules(rules(reconciliationBackend, production), [{
      name: 'healthy',
      interval: '1m',
      input_series: [...backendTraffic(production, 2000, 1), ...backendLatency(production, 2000, 10)],
      alert_rule_test: quiet,
    }]));
  });

  it('records nothing and raises nothing while the backend serves no requests', () => {
    expectPasses(promtoolTestRules(rules(reconciliationBackend, production), [{
      name: 'no traffic',
      interval: '1m',
      input_series: [...backendTraffic(production, 0, 0), ...backendLatency(production, 0, 0)],
      alert_rule_test: [
        { eval_time: '1h', alertname: 'ReconciliationBackendAvailabilityErrorBudgetFastBurn', exp_alerts: [] },
        { eval_time: '1h', alertname: 'ReconciliationBackendLatencyErrorBudgetFastBurn', exp_alerts: [] },
      ],
      promql_expr_test: [{ expr: 'slo:sli_error:ratio_rate5m', eval_time: '1h', exp_samples: [] }],
    }]));
  });

  it('routes the fast-burn alert to warning in staging, so staging never pages', () => {
    expectPasses(promtoolTestRules(withoutAnnotations(rules(reconciliationBackend, staging)), [{
      name: 'fast burn in staging',
      interval: '1m',
      input_series: backendTraffic(staging, 100, 20),
      alert_rule_test: [{
        eval_time: '5m',
        alertname: 'ReconciliationBackendAvailabilityErrorBudgetFastBurn',
        exp_alerts: [{ exp_labels: backendLabels(staging, 'availability', 'warning') }],
      }],
    }]));
  });

  describe('a service counting failures in an errors counter (aion-monitoring)', () => {
    const job = aionMonitoring.name;
    const endpoint = { endpoint: '/api/query' };
    const labels = { environment: 'production', namespace: production.namespace, service: job, slo: 'availability', severity: 'critical' };

    it('pages when 20 % of requests are counted as errors', () => {
      expectPasses(promtoolTestRules(withoutAnnotations(rules(aionMonitoring, production)), [{
        name: 'fast burn from the errors counter',
        interval: '1m',
        input_series: [
          series(aionMonitoringMetrics.requests.name, production, job, endpoint, 100),
          series(aionMonitoringMetrics.requestErrors.name, production, job, endpoint, 20),
        ],
        alert_rule_test: [{ eval_time: '5m', alertname: 'AionMonitoringAvailabilityErrorBudgetFastBurn', exp_alerts: [{ exp_labels: labels }] }],
      }]));
    });

    it('records an error ratio of 0, not nothing, before the first error creates the errors series', () => {
      expectPasses(promtoolTestRules(rules(aionMonitoring, production), [{
        name: 'no errors yet',
        interval: '1m',
        input_series: [series(aionMonitoringMetrics.requests.name, production, job, endpoint, 100)],
        promql_expr_test: [{
          expr: `slo:sli_error:ratio_rate5m{service="${job}", slo="availability"}`,
          eval_time: '10m',
          exp_samples: [{ labels: `slo:sli_error:ratio_rate5m{namespace="${production.namespace}", service="${job}", slo="availability"}`, value: 0 }],
        }],
        alert_rule_test: [{ eval_time: '10m', alertname: 'AionMonitoringAvailabilityErrorBudgetFastBurn', exp_alerts: [] }],
      }]));
    });
  });
});

/** promtool compares annotations exactly; tests about labels only drop them (the fast-burn test checks them). */
function withoutAnnotations(groups: ReturnType<typeof rules>) {
  return groups.map((group) => ({
    ...group,
    rules: group.rules.map((rule) => (rule.alert ? { ...rule, annotations: undefined } : rule)),
  }));
}
