import { shippedGroups } from '../support/alert-scenarios';
import { secretSyncRuleGroups } from '../../alerts/secret-sync-alerts';
import { production } from '../../environments/production';
import { staging } from '../../environments/staging';
import { AlertRule, isAlertRule, renderRuleGroups } from '../../lib/monitoring/rule-groups';
import { serviceRuleGroups } from '../../lib/charts/service-chart';
import { reconciliationBackend } from '../../services/reconciliation-backend';
import { testRuleGroups } from '../support/promtool';
import { ALERTS } from '../../alerts/registry';
import { deployedServices, expectBothKinds, resolved } from '../support/deployments';
import { externalSecretName } from '../../lib/secrets/service-secrets';

const groups = shippedGroups(secretSyncRuleGroups, resolved(reconciliationBackend, production));
const alert = groups[0].rules[0] as AlertRule;
const ALERT = 'ReconciliationBackendSecretSyncFailing';

/** Namespace of the ESO controller in these tests; with the Helm default it becomes the series' `namespace`. */
const ESO_NAMESPACE = 'external-secrets';

/** How Prometheus labels ESO's series: each of the two ServiceMonitor settings the alert must survive. */
interface ScrapeSetup {
  readonly title: string;
  /** Labels of a series about an ExternalSecret in `namespace`. */
  readonly namespaceLabels: (namespace: string) => Record<string, string>;
}
const helmDefault: ScrapeSetup = {
  title: 'ESO\'s Helm default (honorLabels: false)',
  namespaceLabels: (namespace) => ({ namespace: ESO_NAMESPACE, exported_namespace: namespace }),
};
const honorLabels: ScrapeSetup = {
  title: 'honorLabels: true',
  namespaceLabels: (namespace) => ({ namespace }),
};

interface ReadyOptions {
  readonly name?: string;
  readonly namespace?: string;
}

/** ESO's gauge for an ExternalSecret (the backend's unless told): Ready=<status> is 1, the other status 0. */
function readySeries(setup: ScrapeSetup, status: 'True' | 'False', values: string, options: ReadyOptions = {}) {
  const labels = {
    ...setup.namespaceLabels(options.namespace ?? production.namespace),
    name: options.name ?? 'reconciliation-backend',
    condition: 'Ready',
    status,
  };
  const matchers = Object.entries(labels).map(([label, value]) => `${label}=${JSON.stringify(value)}`);
  return { series: `externalsecret_status_condition{${matchers.join(',')}}`, values };
}

/** Runs the rules through `promtool test rules`; `firing` lists the labels of each expected alert, besides severity and environment. */
function promtoolTest(inputSeries: { series: string; values: string }[], evalTime: string, firing: Record<string, string>[]) {
  const expAlerts = firing.map((labels) => ({
    exp_labels: { severity: 'warning', environment: 'production', service: 'reconciliation-backend', signal: 'secrets', ...labels },
    exp_annotations: {
      summary: alert.summary,
      description: `ExternalSecret reconciliation-backend in ${production.namespace} has not been Ready for at least 15m: `
        + 'Secret reconciliation-secrets keeps its last synced values, but rotated values do not reach it.',
      runbook_url: alert.runbookUrl,
      response: 'warning',
      why: alert.why,
    },
  }));
  return testRuleGroups(
    renderRuleGroups(groups, production.severityRouting, { environment: production.name, service: 'reconciliation-backend' }),
    [{ interval: '1m', input_series: inputSeries, alert_rule_test: [{ eval_time: evalTime, alertname: ALERT, exp_alerts: expAlerts }] }],
    '1m',
  );
}

describe('secret sync alert', () => {
  it('is one warning per service with secrets, with summary, description and a runbook in docs/runbooks/secrets.md', () => {
    expect(groups).toHaveLength(1);
    expect(groups[0].name).toBe('reconciliation-backend.secrets');
    expect(alert).toMatchObject({ alert: ALERT, for: '15m', severity: 'warning' });
    const matchers = 'name=~"reconciliation-backend", condition="Ready", status="False"';
    expect(alert.expr).toBe([
      `label_replace(externalsecret_status_condition{exported_namespace="reconciliation-platform", ${matchers}}, `
        + '"namespace", "$1", "exported_namespace", "(.+)") == 1',
      'or',
      `externalsecret_status_condition{namespace="reconciliation-platform", exported_namespace="", ${matchers}} == 1`,
    ].join('\n'));
    expect(alert.runbookUrl).toBe('https://github.com/reconciliation-platform/deploy/blob/main/docs/runbooks/secrets.md#secretsyncfailing');
  });

  it('waits the service\'s secretSyncNotReadyFor when it overrides the 15m default, and says so', () => {
    const patient = { ...reconciliationBackend, alertThresholds: { secretSyncNotReadyFor: '45m' } };
    const [group] = shippedGroups(secretSyncRuleGroups, resolved(patient, production));
    expect(group.rules[0]).toMatchObject({
      for: '45m',
      summary: 'reconciliation-backend secrets have not synced from AWS Secrets Manager for 45m',
      description: expect.stringContaining('has not been Ready for at least 45m: Secret reconciliation-secrets'),
    });
    expect(() => resolved({ ...reconciliationBackend, alertThresholds: { secretSyncNotReadyFor: '0m' } }, production))
      .toThrow('services.reconciliation-backend.alertThresholds.secretSyncNotReadyFor ("0m") must be a non-zero Prometheus duration');
  });

  it('watches each service\'s own ExternalSecret in its environment\'s namespace, and nothing for a service without secrets', () => {
    const deployments = deployedServices();
    for (const deployment of deployments) {
      const shipped = shippedGroups(secretSyncRuleGroups, deployment);
      if (!deployment.secrets) {
        expect({ deployment: deployment.file, shipped }).toEqual({ deployment: deployment.file, shipped: [] });
        continue;
      }
      const expr = (shipped[0].rules[0] as AlertRule).expr;
      const name = externalSecretName(deployment.service.name);
      expect(expr).toContain(`{exported_namespace="${deployment.namespace}", name=~"${name}"`);
      expect(expr).toContain(`{namespace="${deployment.namespace}", exported_namespace="", name=~"${name}"`);
    }
    expectBothKinds(deployments.map((deployment) => deployment.secrets !== undefined));
  });

  it('ships in the service\'s PrometheusRule groups', () => {
    const alerts = serviceRuleGroups(resolved(reconciliationBackend, production), ALERTS).flatMap((group) => group.rules).filter(isAlertRule).map((rule) => rule.alert);
    expect(alerts).toContain(ALERT);
    for (const deployment of deployedServices().filter((candidate) => !candidate.secrets)) {
      expect(serviceRuleGroups(deployment, ALERTS).map((group) => group.name)).not.toContain(`${deployment.job}.secrets`);
    }
  });
});

describe.each([helmDefault, honorLabels])('secret sync alert when ESO is scraped with $title', (setup) => {
  const series = (status: 'True' | 'False', values: string, options?: ReadyOptions) => readySeries(setup, status, values, options);
  /** The backend's ExternalSecret as the alert labels it: `namespace` is the ExternalSecret's in both setups. */
  const backendAlert = {
    ...setup.namespaceLabels(production.namespace),
    namespace: production.namespace,
    name: 'reconciliation-backend',
    condition: 'Ready',
    status: 'False',
  };

  it('fires when the ExternalSecret has not been Ready for longer than 15 minutes, naming its namespace', () => {
    const result = promtoolTest([series('False', '1x30'), series('True', '0x30')], '20m', [backendAlert]);
    expect(result.output).toContain('SUCCESS');
    expect(result.status).toBe(0);
  });

  it('holds back while the ExternalSecret has been failing for less than 15 minutes', () => {
    // Not Ready from minute 5: at minute 19 that is 14 minutes.
    const result = promtoolTest([series('False', '0x4 1x25'), series('True', '1x4 0x25')], '19m', []);
    expect(result.output).toContain('SUCCESS');
    expect(result.status).toBe(0);
  });

  it('stays silent while the ExternalSecret is Ready, and for other services\' or namespaces\' ExternalSecrets', () => {
    const result = promtoolTest([
      series('True', '1x30'),
      series('False', '0x30'),
      series('False', '1x30', { name: 'collaboration-api' }),
      series('False', '1x30', { name: 'reconciliation-backend-other' }),
      series('False', '1x30', { namespace: staging.namespace }),
    ], '30m', []);
    expect(result.output).toContain('SUCCESS');
    expect(result.status).toBe(0);
  });

  it('has teeth: promtool reports a failure when the expected alert is absent', () => {
    const result = promtoolTest([series('True', '1x30'), series('False', '0x30')], '20m', [backendAlert]);
    expect(result.status).not.toBe(0);
    expect(result.output).toContain(ALERT);
  });
});

describe('secret sync alert when ESO runs in the service\'s own namespace with the Helm default', () => {
  it('stays silent for a failing ExternalSecret of another namespace, which carries the service\'s namespace as `namespace`', () => {
    const series = `externalsecret_status_condition{namespace="${production.namespace}",exported_namespace="${staging.namespace}",`
      + 'name="reconciliation-backend",condition="Ready",status="False"}';
    const result = promtoolTest([{ series, values: '1x30' }], '30m', []);
    expect(result.output).toContain('SUCCESS');
    expect(result.status).toBe(0);
  });
});
