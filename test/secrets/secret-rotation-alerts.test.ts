import { shippedGroups } from '../support/alert-scenarios';
import { ALERTS } from '../../alerts/registry';
import { secretRotationRuleGroups } from '../../alerts/secret-rotation-alerts';
import { production } from '../../environments/production';
import { staging } from '../../environments/staging';
import { renderForEnvironment } from '../../lib/monitoring/alerting-rules';
import { serviceRuleGroups } from '../../lib/charts/service-chart';
import type { ServiceSpec } from '../../lib/specs/service-spec';
import { aionMonitoring } from '../../services/aion-monitoring';
import { reconciliationBackend } from '../../services/reconciliation-backend';
import { resolved } from '../support/deployments';
import { testRuleGroups } from '../support/promtool';

/**
 * The reminders read only time(); promtool's clock starts at the Unix epoch, so each
 * case evaluates at an hour count since 1970 (one evaluation an hour, as shipped). The
 * dates are in early 1970: the rules compare time() with fixed instants alike whatever
 * the year, and promtool then replays a month of hours, not 56 years of them.
 */
const at = (date: string, time: string) => `${Date.parse(`${date}T${time}:00Z`) / 60000}m`;

// One secret, rotated 1970-01-01 every 30 days: due 1970-01-31, reminder from 1970-01-24.
const rotated: ServiceSpec = {
  ...reconciliationBackend,
  secrets: {
    targetSecretName: 'reconciliation-secrets',
    inventory: [{ envVar: 'JWT_SECRET', remoteKey: 'reconciliation/jwt-secret', rotationPeriodDays: 30, owner: 'Security', rotation: 'automated', lastRotated: '1970-01-01' }],
  },
};
const deployment = resolved(rotated, production);
const groups = renderForEnvironment(shippedGroups(secretRotationRuleGroups, deployment), production, deployment.service.name);
const DUE = 'ReconciliationBackendSecretRotationDue';
const OVERDUE = 'ReconciliationBackendSecretRotationOverdue';
const labels = { secret: 'JWT_SECRET', due: '1970-01-31', severity: 'warning', environment: 'production', service: 'reconciliation-backend', signal: 'secrets' };

/** The alert as Prometheus sends it: labels, and annotations with the secret and due date filled in. */
function expected(alertname: string) {
  const rule = groups[0].rules.find((candidate) => candidate.alert === alertname)!;
  const annotations = Object.fromEntries(Object.entries(rule.annotations!).map(([key, text]) =>
    [key, text.replace('{{ $labels.secret }}', labels.secret).replace('{{ $labels.due }}', labels.due)]));
  return [{ exp_labels: labels, exp_annotations: annotations }];
}

const CASES = [
  { title: 'stay quiet up to the end of the 8th day before the due date', date: '1970-01-23', time: '23:00', due: false, overdue: false },
  { title: 'open the "due" ticket by 02:00 UTC on the 7th day before the due date', date: '1970-01-24', time: '02:00', due: true, overdue: false },
  { title: 'keep it open through the due date', date: '1970-01-31', time: '23:00', due: true, overdue: false },
  { title: 'turn it into "overdue" by 02:00 UTC the day after the due date', date: '1970-02-01', time: '02:00', due: false, overdue: true },
];

describe('secret rotation reminders (promtool, at fixed dates)', () => {
  // One promtool run checks every date.
  const result = testRuleGroups(groups, [{
    interval: '1h',
    input_series: [],
    alert_rule_test: CASES.flatMap(({ date, time, due, overdue }) => [
      { eval_time: at(date, time), alertname: DUE, exp_alerts: due ? expected(DUE) : [] },
      { eval_time: at(date, time), alertname: OVERDUE, exp_alerts: overdue ? expected(OVERDUE) : [] },
    ]),
  }], '1h');

  it('pass promtool at every date below', () => {
    expect(result.output).toContain('SUCCESS');
    expect(result.status).toBe(0);
  });

  it.each(CASES)('$title', ({ date, time }) => {
    expect(result.output).toMatch(/Unit Testing/);
    expect(result.output).not.toContain(`time: ${at(date, time)}`);
  });

  it('wait one evaluation (`for`) on the reminder day: at 00:30 UTC the ticket is only pending', () => {
    const early = testRuleGroups(groups, [{
      interval: '1h', input_series: [],
      alert_rule_test: [{ eval_time: at('1970-01-24', '00:30'), alertname: DUE, exp_alerts: [] }],
    }], '1h');
    expect(early.output).toContain('SUCCESS');
    expect(early.status).toBe(0);
  });

  it('stop once the rotation log moves lastRotated', () => {
    const logged = resolved({ ...rotated, secrets: { ...rotated.secrets!, inventory: [{ ...rotated.secrets!.inventory[0], lastRotated: '1970-01-30' }] } }, production);
    const result = testRuleGroups(renderForEnvironment(shippedGroups(secretRotationRuleGroups, logged), production, logged.service.name), [{
      interval: '1h', input_series: [],
      alert_rule_test: [DUE, OVERDUE].map((alertname) => ({ eval_time: at('1970-02-01', '02:00'), alertname, exp_alerts: [] })),
    }], '1h');
    expect(result.status).toBe(0);
  });

  it('are tickets (severity warning), never pages, and run once an hour', () => {
    for (const rule of groups[0].rules) expect(rule.labels?.severity).toBe('warning');
    expect(groups[0].interval).toBe('1h');
  });

  it('cover every secret of the inventory, one series each, with its due date', () => {
    const [group] = shippedGroups(secretRotationRuleGroups, resolved(reconciliationBackend, staging));
    for (const envVar of reconciliationBackend.secrets!.inventory.map((entry) => entry.envVar)) {
      expect(group.rules[0].expr).toContain(`"secret", "${envVar}"`);
    }
    expect(group.rules[0].expr).toContain('"due", "2027-01-31"');
  });

  it('are part of every service with secrets, and absent for one without', () => {
    const names = (service: ServiceSpec) => serviceRuleGroups(resolved(service, production), ALERTS).map((group) => group.name);
    expect(names(reconciliationBackend)).toContain('reconciliation-backend.secret-rotation');
    expect(names(aionMonitoring)).not.toContain('aion-monitoring.secret-rotation');
  });
});
