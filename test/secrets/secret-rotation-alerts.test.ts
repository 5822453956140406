import { ALERTS } from '../../alerts/registry';
import { secretRotationRuleGroups } from '../../alerts/secret-rotation-alerts';
import { production } from '../../environments/production';
import { staging } from '../../environments/staging';
import { renderForEnvironment } from '../../lib/monitoring/alerting-rules';
import { serviceRuleGroups } from '../../lib/monitoring/service-rules';
import type { ServiceSpec } from '../../lib/specs/service-spec';
import { aionMonitoring } from '../../services/aion-monitoring';
import { reconciliationBackend } from '../../services/reconciliation-backend';
import { resolved } from '../support/deployments';
import { testRuleGroups } from '../support/promtool';

/**
 * The reminders read only time(); promtool's clock starts at the Unix epoch, so each
 * case evaluates at a day count since 1970 (one evaluation a day, as shipped). The
 * dates are in early 1970: the rules compare time() with fixed instants alike whatever
 * the year, and promtool then replays a month of days, not 56 years of them.
 */
const day = (date: string) => `${Date.parse(`${date}T00:00:00Z`) / 86400000}d`;

// One secret, rotated 1970-01-01 every 30 days: due 1970-01-31, reminder from 1970-01-24.
const rotated: ServiceSpec = {
  ...reconciliationBackend,
  secrets: {
    targetSecretName: 'reconciliation-secrets',
    inventory: [{ envVar: 'JWT_SECRET', remoteKey: 'reconciliation/jwt-secret', rotationPeriodDays: 30, owner: 'Security', rotation: 'automated', lastRotated: '1970-01-01' }],
  },
};
const deployment = resolved(rotated, production);
const groups = renderForEnvironment(secretRotationRuleGroups(deployment), production, deployment.service.name);
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
  { title: 'stay quiet 8 days before the due date', date: '1970-01-23', due: false, overdue: false },
  { title: 'open the "due" ticket 7 days before the due date', date: '1970-01-24', due: true, overdue: false },
  { title: 'keep it open up to the due date', date: '1970-01-30', due: true, overdue: false },
  { title: 'turn it into "overdue" the day after the due date', date: '1970-02-01', due: false, overdue: true },
];

describe('secret rotation reminders (promtool, at fixed dates)', () => {
  // One promtool run checks every date.
  const result = testRuleGroups(groups, [{
    interval: '1d',
    input_series: [],
    alert_rule_test: CASES.flatMap(({ date, due, overdue }) => [
      { eval_time: day(date), alertname: DUE, exp_alerts: due ? expected(DUE) : [] },
      { eval_time: day(date), alertname: OVERDUE, exp_alerts: overdue ? expected(OVERDUE) : [] },
    ]),
  }], '1d');

  it('pass promtool at every date below', () => {
    expect(result.output).toContain('SUCCESS');
    expect(result.status).toBe(0);
  });

  it.each(CASES)('$title', ({ date }) => {
    expect(result.output).toMatch(/Unit Testing/);
    expect(result.output).not.toContain(`time: ${day(date)}`);
  });

  it('stop once the rotation log moves lastRotated', () => {
    const logged = resolved({ ...rotated, secrets: { ...rotated.secrets!, inventory: [{ ...rotated.secrets!.inventory[0], lastRotated: '1970-01-30' }] } }, production);
    const result = testRuleGroups(renderForEnvironment(secretRotationRuleGroups(logged), production, logged.service.name), [{
      interval: '1d', input_series: [],
      alert_rule_test: [DUE, OVERDUE].map((alertname) => ({ eval_time: day('1970-02-01'), alertname, exp_alerts: [] })),
    }], '1d');
    expect(result.status).toBe(0);
  });

  it('are tickets (severity warning), never pages, and run once a day', () => {
    for (const rule of groups[0].rules) expect(rule.labels?.severity).toBe('warning');
    expect(groups[0].interval).toBe('1d');
  });

  it('cover every secret of the inventory, one series each, with its due date', () => {
    const [group] = secretRotationRuleGroups(resolved(reconciliationBackend, staging));
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
