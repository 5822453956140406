import { mkdtempSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { stringify } from 'yaml';
import { alertContext } from '../../alerts/alert-context';
import { SECRET_SYNC_NOT_READY_FOR, secretSyncRuleGroups } from '../../alerts/secret-sync-alerts';
import { production } from '../../environments/production';
import { staging } from '../../environments/staging';
import { AlertRule, isAlertRule, renderRuleGroups } from '../../lib/monitoring/rules';
import { serviceRuleGroups } from '../../lib/monitoring/service-rules';
import { aionMonitoring } from '../../services/aion-monitoring';
import { collaborationApi } from '../../services/collaboration-api';
import { reconciliationBackend } from '../../services/reconciliation-backend';
import { runPromtool } from '../support/promtool';

const groups = secretSyncRuleGroups(alertContext(reconciliationBackend, production.namespace));
const alert = groups[0].rules[0] as AlertRule;
const ALERT = 'ReconciliationBackendSecretSyncFailing';

/** ESO's gauge for the backend's ExternalSecret: Ready=<status> is 1, the other status 0. */
function readySeries(status: 'True' | 'False', values: string, name = 'reconciliation-backend', namespace = production.namespace) {
  return { series: `externalsecret_status_condition{namespace="${namespace}",name="${name}",condition="Ready",status="${status}"}`, values };
}

function promtoolTest(inputSeries: { series: string; values: string }[], evalTime: string, expectFiring: boolean) {
  const dir = mkdtempSync(join(tmpdir(), 'secret-sync-alerts-'));
  try {
    writeFileSync(join(dir, 'rules.yaml'), stringify({ groups: renderRuleGroups(groups, production.severityRouting, { environment: production.name }) }));
    const expAlerts = expectFiring
      ? [{
        exp_labels: { severity: 'warning', environment: 'production', namespace: production.namespace, name: 'reconciliation-backend', condition: 'Ready', status: 'False' },
        exp_annotations: {
          summary: alert.summary,
          description: `ExternalSecret reconciliation-backend in ${production.namespace} has not been Ready for at least 15m: `
            + 'Secret reconciliation-secrets keeps its last synced values, but rotated values do not reach it.',
          runbook_url: alert.runbookUrl,
        },
      }]
      : [];
    writeFileSync(join(dir, 'tests.yaml'), stringify({
      rule_files: ['rules.yaml'],
      evaluation_interval: '1m',
      tests: [{ interval: '1m', input_series: inputSeries, alert_rule_test: [{ eval_time: evalTime, alertname: ALERT, exp_alerts: expAlerts }] }],
    }));
    return runPromtool(['test', 'rules', 'tests.yaml'], dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('secret sync alert', () => {
  it('is one warning per service with secrets, with summary, description and a runbook in docs/runbooks/secrets.md', () => {
    expect(groups).toHaveLength(1);
    expect(groups[0].name).toBe('reconciliation-backend.secrets');
    expect(alert).toMatchObject({ alert: ALERT, for: '15m', severity: 'warning' });
    expect(alert.expr).toBe('externalsecret_status_condition{namespace="reconciliation-platform", name=~"reconciliation-backend", '
      + 'condition="Ready", status="False"} == 1');
    expect(alert.runbookUrl).toBe('https://github.com/reconciliation-platform/deploy/blob/main/docs/runbooks/secrets.md#secretsyncfailing');
    expect(SECRET_SYNC_NOT_READY_FOR).toBe('15m');
  });

  it('watches collaboration-api\'s ExternalSecret in the staging namespace, and nothing for a service without secrets', () => {
    const [collaboration] = secretSyncRuleGroups(alertContext(collaborationApi, staging.namespace));
    expect((collaboration.rules[0] as AlertRule).expr).toContain('{namespace="reconciliation-platform-staging", name=~"collaboration-api"');
    expect(secretSyncRuleGroups(alertContext(aionMonitoring, staging.namespace))).toEqual([]);
  });

  it('ships in the service\'s PrometheusRule groups', () => {
    const alerts = serviceRuleGroups(reconciliationBackend, production).flatMap((group) => group.rules).filter(isAlertRule).map((rule) => rule.alert);
    expect(alerts).toContain(ALERT);
    expect(serviceRuleGroups(aionMonitoring, production).map((group) => group.name)).not.toContain('aion-monitoring.secrets');
  });

  it('fires when the ExternalSecret has not been Ready for longer than 15 minutes', () => {
    const result = promtoolTest([readySeries('False', '1x30'), readySeries('True', '0x30')], '20m', true);
    expect(result.output).toContain('SUCCESS');
    expect(result.status).toBe(0);
  });

  it('holds back while the ExternalSecret has been failing for less than 15 minutes', () => {
    // Not Ready from minute 5: at minute 19 that is 14 minutes.
    const result = promtoolTest([readySeries('False', '0x4 1x25'), readySeries('True', '1x4 0x25')], '19m', false);
    expect(result.output).toContain('SUCCESS');
    expect(result.status).toBe(0);
  });

  it('stays silent while the ExternalSecret is Ready, and for other services\' or namespaces\' ExternalSecrets', () => {
    const result = promtoolTest([
      readySeries('True', '1x30'),
      readySeries('False', '0x30'),
      readySeries('False', '1x30', 'collaboration-api'),
      readySeries('False', '1x30', 'reconciliation-backend-other'),
      readySeries('False', '1x30', 'reconciliation-backend', staging.namespace),
    ], '30m', false);
    expect(result.output).toContain('SUCCESS');
    expect(result.status).toBe(0);
  });

  it('has teeth: promtool reports a failure when the expected alert is absent', () => {
    const result = promtoolTest([readySeries('True', '1x30'), readySeries('False', '0x30')], '20m', true);
    expect(result.status).not.toBe(0);
    expect(result.output).toContain(ALERT);
  });
});
