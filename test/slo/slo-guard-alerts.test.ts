import { production } from '../../environments/production';
import { histogramSeries } from '../../lib/monitoring/metric-catalog';
import { renderRuleGroups } from '../../lib/monitoring/rule-groups';
import { sloRuleGroups } from '../../lib/slo/slo-alert-rules';
import { reconciliationBackend, reconciliationBackendMetrics } from '../../services/reconciliation-backend';
import { testRuleGroups } from '../support/promtool';
import { resolved } from '../support/deployments';
import type { PromtoolRuleTest } from './promtool-rule-tests';

/**
 * The SLO alerts that keep the burn rates honest, replayed by `promtool test rules`:
 * the page waits for enough traffic, a blind SLI opens a ticket, and so does a spent
 * budget. Samples once a minute; rules evaluated every minute.
 */

const job = reconciliationBackend.name;
const namespace = production.namespace;
const requests = reconciliationBackendMetrics.httpRequests.name;
const route = { method: 'GET', route: '/api/reconciliations' };
const fastBurn = 'ReconciliationBackendAvailabilityErrorBudgetFastBurn';

function series(metric: string, labels: Record<string, string>, values: string) {
  const selector = Object.entries({ job, namespace, ...labels }).map(([name, value]) => `${name}="${value}"`).join(', ');
  return { series: `${metric}{${selector}}`, values };
}

/** Requests per minute for `minutes`: `failed` of `total` answered with a 500. */
function traffic(total: number, failed: number, minutes: number, metric = requests, statusLabel = 'status') {
  return [
    series(metric, { ...route, [statusLabel]: '200' }, `0+${total - failed}x${minutes}`),
    series(metric, { ...route, [statusLabel]: '500' }, `0+${failed}x${minutes}`),
  ];
}

/** The backend's one scrape target, up (1) or down (0), for `minutes`. */
function up(value: 0 | 1, minutes: number) {
  return series('up', { instance: '10.0.0.1:9090', pod: 'reconciliation-backend-0' }, `${value}+0x${minutes}`);
}

function run(tests: readonly PromtoolRuleTest[], annotations = false) {
  const groups = renderRuleGroups(sloRuleGroups(resolved(reconciliationBackend, production)), production.severityRouting, { environment: 'production', service: job })
    .map((group) => ({ ...group, rules: group.rules.map((rule) => (rule.alert && !annotations ? { ...rule, annotations: undefined } : rule)) }));
  const result = testRuleGroups(groups, tests, '1m');
  if (result.status !== 0) throw new Error(`promtool test rules failed:\n${result.output}`);
  expect(result.status).toBe(0);
}

const labels = (alert: 'page' | 'ticket', slo: string, extra: Record<string, string> = {}) => ({
  environment: 'production', namespace, service: job, slo, signal: slo, severity: alert === 'page' ? 'critical' : 'warning', ...extra,
});

describe('the fast-burn page waits for enough requests in its long window', () => {
  it('does not page on a single 5xx out of 3 requests in an hour, though both windows burn far above 14.4', () => {
    const sample = (window: string, evalTime: string, burnRate: number) => ({
      expr: `round(slo:sli_error:ratio_rate${window}{slo="availability"} / 0.001)`,
      eval_time: evalTime,
      exp_samples: [{ labels: `{namespace="${namespace}", service="${job}", slo="availability"}`, value: burnRate }],
    });
    run([{
      name: 'one failure at night',
      interval: '1m',
      input_series: [
        // Good requests at minutes 10 and 40, a 500 at minute 30.
        series(requests, { ...route, status: '200' }, '0x9 1x30 2x80'),
        series(requests, { ...route, status: '500' }, '0x29 1x90'),
      ],
      alert_rule_test: ['32m', '35m', '45m', '1h'].map((evalTime) => ({ eval_time: evalTime, alertname: fastBurn, exp_alerts: [] })),
      // Without the guard the 1h/5m condition would hold: 1 of 2 requests failed by minute 32 (burn 500), the
      // last 5 minutes hold only the failure (1000); after the third request the hour burns at 333.
      promql_expr_test: [sample('1h', '32m', 500), sample('5m', '32m', 1000), sample('1h', '45m', 333)],
    }]);
  });

  it('pages on a real burst in a quiet service once its last hour holds 100 requests (4 a minute, half failing)', () => {
    run([{
      name: 'quiet service, real burst',
      interval: '1m',
      input_series: traffic(4, 2, 60),
      alert_rule_test: [
        { eval_time: '20m', alertname: fastBurn, exp_alerts: [] },
        { eval_time: '35m', alertname: fastBurn, exp_alerts: [{ exp_labels: labels('page', 'availability') }] },
      ],
    }]);
  });
});

describe('a blind SLI opens a ticket while the service is scraped', () => {
  const blind = 'ReconciliationBackendAvailabilitySliMetricAbsent';
  const latencyBlind = 'ReconciliationBackendLatencySliMetricAbsent';
  const renamed = 'reconciliation_http_server_requests_total';
  // The old counter until a release at minute 30, then the same traffic under a new name.
  const renamedAt30m = [
    series(requests, { ...route, status: '200' }, '0+100x30'),
    series(renamed, { ...route, status: '200' }, '_x30 3100+100x90'),
  ];
  const { bucket, count } = histogramSeries(reconciliationBackendMetrics.httpRequestDuration);
  const latency = (bounds: readonly string[]) => [
    ...bounds.map((le) => series(bucket, { ...route, le }, '0+100x120')),
    series(count, route, '0+100x120'),
  ];

  it('fires an hour and ten minutes after a release renamed the requests counter, while the target is up', () => {
    run([{
      name: 'renamed counter',
      interval: '1m',
      input_series: [...renamedAt30m, up(1, 120)],
      alert_rule_test: [
        { eval_time: '95m', alertname: blind, exp_alerts: [] },
        {
          eval_time: '105m',
          alertname: blind,
          exp_alerts: [{
            exp_labels: labels('ticket', 'availability', { job }),
            exp_annotations: {
              summary: 'reconciliation-backend: the availability SLO reads no metric',
              description: `Prometheus scrapes ${job} in ${namespace}, but no sample of ${requests} with a status label arrived for 1h: `
                + 'the availability SLI reads nothing, so its error budget alerts are blind. A renamed metric or label, or a changed histogram bucket?',
              runbook_url: 'https://github.com/reconciliation-platform/deploy/blob/main/docs/runbooks/slo.md#slimetricabsent',
              response: 'ticket',
              why: 'The availability SLO is blind, so its burn-rate alerts cannot fire: users are not hurt by that yet, but fix it this week.',
            },
          }],
        },
      ],
    }], true);
  });

  it('fires when the status label the SLI reads failures from was renamed (status → code)', () => {
    run([{
      name: 'renamed status label',
      interval: '1m',
      input_series: [...traffic(100, 1, 120, requests, 'code'), up(1, 120)],
      alert_rule_test: [{ eval_time: '75m', alertname: blind, exp_alerts: [{ exp_labels: labels('ticket', 'availability', { job }) }] }],
    }]);
  });

  it('fires for latency when the histogram no longer has the threshold\'s bucket (0.5 s)', () => {
    run([{
      name: 'bucket dropped',
      interval: '1m',
      input_series: [...traffic(100, 0, 120), ...latency(['0.25', '1', '+Inf']), up(1, 120)],
      alert_rule_test: [
        { eval_time: '75m', alertname: latencyBlind, exp_alerts: [{ exp_labels: labels('ticket', 'latency', { job }) }] },
        { eval_time: '75m', alertname: blind, exp_alerts: [] },
      ],
    }]);
  });

  it('stays quiet while the target is down: the outage alerts cover that', () => {
    run([{
      name: 'renamed counter, target down',
      interval: '1m',
      input_series: [...renamedAt30m, up(0, 120)],
      alert_rule_test: [{ eval_time: '115m', alertname: blind, exp_alerts: [] }],
    }]);
  });

  it('stays quiet under normal traffic', () => {
    run([{
      name: 'normal traffic',
      interval: '1m',
      input_series: [...traffic(100, 0, 120), ...latency(['0.25', '0.5', '1', '+Inf']), up(1, 120)],
      alert_rule_test: ['15m', '75m', '115m'].flatMap((evalTime) => [blind, latencyBlind].map((alertname) => ({ eval_time: evalTime, alertname, exp_alerts: [] }))),
    }]);
  });
});

describe('an exhausted error budget opens a ticket', () => {
  const exhausted = 'ReconciliationBackendAvailabilityErrorBudgetExhausted';

  it('not on a fresh history: 0.25 % errors for two hours spend 150 % of the budget those hours hold, and nothing fires', () => {
    run([{
      name: 'fresh deploy, budget spent over the two hours Prometheus holds',
      interval: '1m',
      input_series: traffic(2000, 5, 120),
      alert_rule_test: ['45m', '115m'].map((evalTime) => ({ eval_time: evalTime, alertname: exhausted, exp_alerts: [] })),
    }], true);
  });

  /**
   * The budget over a whole period, replayed hourly: the recorded series the alert reads
   * are given directly (the recording rules are tested above), so promtool replays 31 days
   * of one rule, not of the whole SLO.
   */
  describe('once Prometheus holds the SLI from a whole period (30d) ago', () => {
    const sloSeries = (record: string) => `${record}{namespace="${namespace}", service="${job}", slo="availability"}`;
    const hours = 31 * 24 + 4;
    const alertOnly = () => renderRuleGroups(sloRuleGroups(resolved(reconciliationBackend, production)), production.severityRouting, { environment: 'production', service: job })
      .map((group) => ({ ...group, rules: group.rules.filter((rule) => rule.alert === exhausted).map((rule) => ({ ...rule, annotations: undefined })) }))
      .filter((group) => group.rules.length > 0);
    function replay(historyStartsAtHour: number, remaining: number, evalHours: readonly number[], fires: boolean) {
      const result = testRuleGroups(alertOnly(), [{
        name: `history from hour ${historyStartsAtHour}, ${remaining} of the budget left`,
        interval: '1h',
        input_series: [
          { series: sloSeries('slo:sli_error:ratio_rate5m'), values: `${historyStartsAtHour > 0 ? `_x${historyStartsAtHour - 1} ` : ''}0.0025+0x${hours - historyStartsAtHour}` },
          { series: sloSeries('slo:error_budget_remaining:ratio'), values: `${remaining}+0x${hours}` },
        ],
        alert_rule_test: evalHours.map((hour) => ({
          eval_time: `${hour}h`,
          alertname: exhausted,
          exp_alerts: fires ? [{ exp_labels: labels('ticket', 'availability') }] : [],
        })),
      }], '1h');
      if (result.status !== 0) throw new Error(`promtool test rules failed:\n${result.output}`);
    }

    it('fires with the budget below zero, an evaluation (its `for`) after the history reaches back a period', () => {
      replay(0, -1.5, [30 * 24 + 1, 30 * 24 + 3], true);
    });

    it('waits while the history is a day short of the period, then fires', () => {
      replay(24, -1.5, [30 * 24 + 3], false);
      replay(24, -1.5, [31 * 24 + 2], true);
    });

    it('stays quiet with budget left (50 %), however long the history', () => {
      replay(0, 0.5, [30 * 24 + 3, 31 * 24 + 3], false);
    });
  });

  it('stays quiet while errors stay within the budget (0.05 %: half of it left)', () => {
    run([{
      name: 'budget within',
      interval: '1m',
      input_series: traffic(2000, 1, 120),
      alert_rule_test: [{ eval_time: '115m', alertname: exhausted, exp_alerts: [] }],
    }]);
  });
});
