import { production } from '../../environments/production';
import { staging } from '../../environments/staging';
import { RenderedRuleGroup, renderRuleGroups } from '../../lib/monitoring/rule-groups';
import { histogramSeries } from '../../lib/monitoring/metric-catalog';
import { burnRateOf, DEFAULT_SLO_PERIOD, SRE_WORKBOOK_BURN_RATE_POLICY } from '../../lib/slo/slo-model';
import { SLO_RECORDS } from '../../lib/slo/slo-recording-rules';
import { sloRuleGroups } from '../../lib/slo/slo-alert-rules';
import type { EnvironmentSpec } from '../../lib/specs/environment-spec';
import type { ServiceSpec } from '../../lib/specs/service-spec';
import { aionMonitoring, aionMonitoringMetrics } from '../../services/aion-monitoring';
import { reconciliationBackend, reconciliationBackendMetrics } from '../../services/reconciliation-backend';
import { testRuleGroups } from '../support/promtool';
import type { PromtoolRuleTest } from './promtool-rule-tests';
import { resolved } from '../support/deployments';

/** Burn-rate rules are evaluated every minute unless a test needs days of samples. */
const promtoolTestRules = (groups: readonly RenderedRuleGroup[], tests: readonly PromtoolRuleTest[], evaluationInterval = '1m') =>
  testRuleGroups(groups, tests, evaluationInterval);

/**
 * The SLO rules as they ship, replayed by `promtool test rules` against synthetic
 * traffic. Series grow once a minute for four hours: long enough for every condition
 * (Prometheus extrapolates the 1d and 3d windows over the data there is).
 */
const MINUTES = 240;

function rules(service: ServiceSpec, environment: EnvironmentSpec) {
  return renderRuleGroups(sloRuleGroups(resolved(service, environment)), environment.severityRouting, { environment: environment.name, service: service.name });
}

function series(metric: string, environment: EnvironmentSpec, job: string, labels: Record<string, string>, perMinute: number | string) {
  const all = { job, namespace: environment.namespace, ...labels };
  const selector = Object.entries(all).map(([name, value]) => `${name}="${value}"`).join(', ');
  return { series: `${metric}{${selector}}`, values: typeof perMinute === 'string' ? perMinute : `0+${perMinute}x${MINUTES}` };
}

/** One stretch of steady backend traffic: `failed` of `total` requests per minute answered with a 500. */
interface TrafficPhase {
  readonly minutes: number;
  readonly total: number;
  readonly failed: number;
}

/** A counter sampled once a minute from 0, growing by `perMinute(phase)` through each phase in turn (promtool series notation). */
function counterValues(phases: readonly TrafficPhase[], perMinute: (phase: TrafficPhase) => number): string {
  let value = 0;
  const parts = ['0'];
  for (const phase of phases) {
    const step = perMinute(phase);
    parts.push(`${value + step}+${step}x${phase.minutes - 1}`);
    value += step * phase.minutes;
  }
  return parts.join(' ');
}

/** Backend requests, phase after phase. */
function backendTrafficPhases(environment: EnvironmentSpec, phases: readonly TrafficPhase[]) {
  const requests = reconciliationBackendMetrics.httpRequests.name;
  const job = reconciliationBackend.name;
  return [
    series(requests, environment, job, { method: 'GET', route: '/api/reconciliations', status: '200' }, counterValues(phases, (p) => p.total - p.failed)),
    series(requests, environment, job, { method: 'GET', route: '/api/reconciliations', status: '500' }, counterValues(phases, (p) => p.failed)),
  ];
}

/** Backend requests per minute for the whole test: `failed` of `total` answered with a 500. */
function backendTraffic(environment: EnvironmentSpec, total: number, failed: number) {
  return backendTrafficPhases(environment, [{ minutes: MINUTES, total, failed }]);
}

/** Expects the backend's availability burn rate over `window` (error ratio / error budget), to 0.1. */
function backendBurn(window: string, evalTime: string, burnRate: number) {
  const selector = `{service="${reconciliationBackend.name}", slo="availability"}`;
  return {
    expr: `round(${SLO_RECORDS.errorRatio(window)}${selector} / on (namespace, service, slo) ${SLO_RECORDS.errorBudget}${selector}, 0.1)`,
    eval_time: evalTime,
    exp_samples: [{ labels: `{namespace="${production.namespace}", service="${reconciliationBackend.name}", slo="availability"}`, value: burnRate }],
  };
}

/** The policy's conditions of one tier, in order, with their burn rates over the backend's 30-day period. */
function conditionsOf(tierName: string) {
  return SRE_WORKBOOK_BURN_RATE_POLICY.tiers.find((tier) => tier.name === tierName)!.conditions
    .map((condition) => ({ ...condition, burnRate: burnRateOf(condition, DEFAULT_SLO_PERIOD) }));
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
  environment: environment.name, namespace: environment.namespace, service: 'reconciliation-backend', slo, signal: slo, severity,
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
              + 'Conditions: burn > 14.4 over 1h and 5m, or burn > 6 over 6h and 30m, each with at least 100 requests in the long window.',
            runbook_url: 'https://github.com/reconciliation-platform/deploy/blob/main/docs/runbooks/slo.md#errorbudgetfastburn',
            response: 'page',
            why: 'Users are failing now: at this rate the 30d error budget is gone within days.',
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

  it('opens a ticket but never pages when errors run at 2.5x the budget for hours (the 3d/6h condition alone)', () => {
    const [daily, threeDays] = conditionsOf('ErrorBudgetSlowBurn');
    expect(2.5).toBeLessThan(daily.burnRate);
    expect(2.5).toBeGreaterThan(threeDays.burnRate);
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
              response: 'ticket',
              why: 'The budget will run out before the 30d period ends unless someone fixes the cause this week.',
            },
          }],
        },
      ],
      promql_expr_test: [
        // The 1d/2h condition does not hold; the 3d/6h one does.
        backendBurn('1d', '3h', 2.5), backendBurn('3d', '3h', 2.5), backendBurn('6h', '3h', 2.5), {
        // 2.5x the budget for every sample so far: 150 % of the period's budget is overspent.
        expr: 'round(slo:error_budget_remaining:ratio{service="reconciliation-backend", slo="availability"}, 0.01)',
        eval_time: '3h',
        exp_samples: [{ labels: `{namespace="${production.namespace}", service="reconciliation-backend", slo="availability"}`, value: -1.5 }],
      }],
    }]));
  });

  describe('each condition of a tier raises its alert on its own', () => {
    const [fastBurst, fastSustained] = conditionsOf('ErrorBudgetFastBurn');
    const [slowDaily, slowThreeDays] = conditionsOf('ErrorBudgetSlowBurn');
    const fastBurn = 'ReconciliationBackendAvailabilityErrorBudgetFastBurn';
    const slowBurn = 'ReconciliationBackendAvailabilityErrorBudgetSlowBurn';

    it('pages on a sudden burst through the 1h/5m condition alone, while the 6h burn is still below its threshold', () => {
      // Three and a half clean hours, then 5.4 % errors: after 20 minutes the last hour
      // burns at 18, the 4 hours of data (the whole 6h window) at under 5.
      const [burn1h, burn6h] = [18, 4.7];
      expect(burn1h).toBeGreaterThan(fastBurst.burnRate);
      expect(burn6h).toBeLessThan(fastSustained.burnRate);
      expectPasses(promtoolTestRules(withoutAnnotations(rules(reconciliationBackend, production)), [{
        name: 'burst: 1h/5m only',
        interval: '1m',
        input_series: backendTrafficPhases(production, [{ minutes: 210, total: 1000, failed: 0 }, { minutes: 30, total: 1000, failed: 54 }]),
        alert_rule_test: [
          { eval_time: '210m', alertname: fastBurn, exp_alerts: [] },
          { eval_time: '230m', alertname: fastBurn, exp_alerts: [{ exp_labels: backendLabels(production, 'availability', 'critical') }] },
        ],
        promql_expr_test: [backendBurn('1h', '230m', burn1h), backendBurn('6h', '230m', burn6h)],
      }]));
    });

    it('pages at burn rate 8 through the 6h/30m condition alone (the 1h/5m one needs 14.4)', () => {
      expect(8).toBeLessThan(fastBurst.burnRate);
      expect(8).toBeGreaterThan(fastSustained.burnRate);
      expectPasses(promtoolTestRules(withoutAnnotations(rules(reconciliationBackend, production)), [{
        name: 'burn 8: 6h/30m only',
        interval: '1m',
        input_series: backendTraffic(production, 1000, 8),
        alert_rule_test: [{ eval_time: '30m', alertname: fastBurn, exp_alerts: [{ exp_labels: backendLabels(production, 'availability', 'critical') }] }],
        promql_expr_test: [backendBurn('1h', '30m', 8), backendBurn('5m', '30m', 8), backendBurn('6h', '30m', 8)],
      }]));
    });

    it('opens a ticket but never pages at burn rate 4 through the 1d/2h condition alone', () => {
      expect(4).toBeLessThan(fastSustained.burnRate);
      expect(4).toBeGreaterThan(slowDaily.burnRate);
      // The 3d window must see a ratio under 1 while the last day burns at 4: a day of
      // data is not enough on its own (both windows would see the same), so the day is
      // preceded by 10 clean minutes of heavy traffic that only the 3d window still holds.
      const burn3d = 0.5;
      expect(burn3d).toBeLessThan(slowThreeDays.burnRate);
      const noPage = ['1h', '6h', '12h', '1475m'].map((evalTime) => ({ eval_time: evalTime, alertname: fastBurn, exp_alerts: [] }));
      // A day and a half of samples: rules are evaluated every 5 minutes to keep the test fast.
      expectPasses(promtoolTestRules(withoutAnnotations(rules(reconciliationBackend, production)), [{
        name: 'burn 4: 1d/2h only',
        interval: '1m',
        input_series: backendTrafficPhases(production, [{ minutes: 10, total: 1_000_000, failed: 0 }, { minutes: 1470, total: 1000, failed: 4 }]),
        alert_rule_test: [
          ...noPage,
          { eval_time: '1440m', alertname: slowBurn, exp_alerts: [] },
          { eval_time: '1475m', alertname: slowBurn, exp_alerts: [{ exp_labels: backendLabels(production, 'availability', 'warning') }] },
        ],
        promql_expr_test: [backendBurn('1d', '1475m', 4), backendBurn('2h', '1475m', 4), backendBurn('3d', '1475m', burn3d)],
      }], '5m'));
    });
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
    const labels = { environment: 'production', namespace: production.namespace, service: job, slo: 'availability', signal: 'availability', severity: 'critical' };

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
