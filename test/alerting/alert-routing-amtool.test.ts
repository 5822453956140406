import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ALERT_ROUTING_NAME, CHAT_RECEIVER, PAGING_RECEIVER } from '../../lib/monitoring/alert-routing';
import type { EnvironmentSpec, Severity } from '../../lib/specs/environment-spec';
import { alertmanagerYaml, ENVIRONMENTS } from '../support/alert-routing';
import {
  addAlert, AlertmanagerAlert, queryAlerts, receiverGroups, routedReceivers, runAmtool, RunningAlertmanager, startAlertmanager,
} from '../support/alertmanager';

/** What each environment must do with each severity: production pages critical only, staging never pages. */
const EXPECTED_RECEIVER: Readonly<Record<string, Readonly<Record<Severity, string>>>> = {
  production: { critical: PAGING_RECEIVER, warning: CHAT_RECEIVER, info: CHAT_RECEIVER },
  staging: { critical: CHAT_RECEIVER, warning: CHAT_RECEIVER, info: CHAT_RECEIVER },
};
const SEVERITIES: readonly Severity[] = ['critical', 'warning', 'info'];

/** The receiver name as the operator writes it into alertmanager.yml. */
const receiver = (environment: EnvironmentSpec, name: string) => `${environment.namespace}/${ALERT_ROUTING_NAME}/${name}`;

/** Two clusters of one environment, as their Prometheus servers' `cluster` external label names them. */
const [CLUSTER, OTHER_CLUSTER] = ['eu-west-1', 'us-east-1'];

/** An alert carrying the label contract every rule of this project guarantees, from a Prometheus with a `cluster` external label. */
function alertLabels(environment: EnvironmentSpec, labels: { alertname: string; severity: Severity; service: string; signal: string }, cluster = CLUSTER) {
  return { ...labels, namespace: environment.namespace, environment: environment.name, cluster };
}

let workDir: string;
beforeAll(() => { workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'alert-routing-')); });
afterAll(() => fs.rmSync(workDir, { recursive: true, force: true }));

function writeConfig(name: string, environments: readonly EnvironmentSpec[]): string {
  const file = path.join(workDir, name);
  fs.writeFileSync(file, alertmanagerYaml(environments));
  return file;
}

describe.each(ENVIRONMENTS.map((environment) => [environment.name, environment] as const))('alertmanager.yml of %s, as the operator merges it', (name, environment) => {
  let configFile: string;
  beforeAll(() => { configFile = writeConfig(`${name}.yml`, [environment]); });

  it('passes amtool check-config', () => {
    const result = runAmtool(['check-config', configFile]);
    expect(result.output).toContain('SUCCESS');
    expect(result.status).toBe(0);
  });

  it.each(SEVERITIES)('sends a %s alert to the expected receiver', (severity) => {
    const labels = alertLabels(environment, { alertname: 'ExampleAlert', severity, service: 'reconciliation-backend', signal: 'latency' });
    expect(routedReceivers(configFile, labels)).toEqual([receiver(environment, EXPECTED_RECEIVER[name][severity])]);
  });

  it('sends an alert without a known severity to chat rather than dropping it', () => {
    const labels = { alertname: 'Unlabelled', namespace: environment.namespace, service: 'reconciliation-backend' };
    expect(routedReceivers(configFile, labels)).toEqual([receiver(environment, CHAT_RECEIVER)]);
  });

  it('leaves alerts of other namespaces to the default receiver', () => {
    expect(routedReceivers(configFile, { alertname: 'Elsewhere', severity: 'critical', namespace: 'kube-system' })).toEqual(['null']);
  });
});

describe('one Alertmanager for both environments', () => {
  const [staging, production] = ['staging', 'production'].map((name) => ENVIRONMENTS.find((environment) => environment.name === name)!);
  let configFile: string;
  let alertmanager: RunningAlertmanager | undefined;

  beforeAll(async () => {
    configFile = writeConfig('both.yml', ENVIRONMENTS);
    const storage = path.join(workDir, 'data');
    fs.mkdirSync(storage);
    alertmanager = await startAlertmanager(configFile, storage);
  });
  afterAll(async () => { await alertmanager?.stop(); });

  it('passes amtool check-config', () => {
    expect(runAmtool(['check-config', configFile]).status).toBe(0);
  });

  it('never routes one environment\'s alert to the other\'s receivers', () => {
    for (const environment of [staging, production]) {
      for (const severity of SEVERITIES) {
        const labels = alertLabels(environment, { alertname: 'ExampleAlert', severity, service: 'collaboration-api', signal: 'latency' });
        expect(routedReceivers(configFile, labels)).toEqual([receiver(environment, EXPECTED_RECEIVER[environment.name][severity])]);
      }
    }
  });

  describe('inhibition, on the real Alertmanager', () => {
    // One service per scenario, so the scenarios cannot inhibit each other's alerts.
    const outage = alertLabels(production, { alertname: 'ServiceDown', severity: 'critical', service: 'reconciliation-backend', signal: 'outage' });
    const symptom = alertLabels(production, { alertname: 'HighLatency', severity: 'warning', service: 'reconciliation-backend', signal: 'latency' });
    const otherService = alertLabels(production, { alertname: 'HighLatency', severity: 'warning', service: 'aion-monitoring', signal: 'latency' });
    const stagingSameService = alertLabels(staging, { alertname: 'HighLatency', severity: 'warning', service: 'reconciliation-backend', signal: 'latency' });
    const page = alertLabels(production, { alertname: 'DatabaseLatencyCritical', severity: 'critical', service: 'collaboration-api', signal: 'database' });
    const sameSignalWarning = alertLabels(production, { alertname: 'DatabaseLatencyWarning', severity: 'warning', service: 'collaboration-api', signal: 'database' });
    const otherSignalInfo = alertLabels(production, { alertname: 'CacheHitRateLow', severity: 'info', service: 'collaboration-api', signal: 'cache' });
    // The same service in the other cluster of the environment: nothing there is down or paged.
    const symptomInOtherCluster = alertLabels(production, { alertname: 'HighLatency', severity: 'warning', service: 'reconciliation-backend', signal: 'latency' }, OTHER_CLUSTER);
    const sameSignalInOtherCluster = alertLabels(production, { alertname: 'DatabaseLatencyWarning', severity: 'warning', service: 'collaboration-api', signal: 'database' }, OTHER_CLUSTER);
    // Alerts that break the label contract by naming no signal: a page must not mute them all.
    const unlabelled = { service: 'billing', namespace: production.namespace, environment: production.name };
    const unlabelledPage = { ...unlabelled, alertname: 'UnlabelledPage', severity: 'critical' };
    const unlabelledWarning = { ...unlabelled, alertname: 'UnlabelledWarning', severity: 'warning' };

    let active: AlertmanagerAlert[];
    let inhibited: AlertmanagerAlert[];
    beforeAll(async () => {
      for (const labels of [outage, symptom, otherService, stagingSameService, page, sameSignalWarning, otherSignalInfo, symptomInOtherCluster,
        sameSignalInOtherCluster, unlabelledPage, unlabelledWarning]) addAlert(alertmanager!, labels);
      // The inhibitor sees new alerts asynchronously: wait until both expected inhibitions show.
      const deadline = Date.now() + 10_000;
      do {
        inhibited = queryAlerts(alertmanager!, { inhibited: true });
        if (inhibited.length >= 2) break;
        await new Promise((resolve) => setTimeout(resolve, 200));
      } while (Date.now() < deadline);
      active = queryAlerts(alertmanager!, { inhibited: false });
    });

    const find = (alerts: readonly AlertmanagerAlert[], labels: Readonly<Record<string, string>>) =>
      alerts.find((alert) => Object.entries(labels).every(([name, value]) => alert.labels[name] === value));

    it('an outage of a service inhibits its other alerts', () => {
      const outageAlert = find(active, outage);
      expect(outageAlert).toBeDefined();
      expect(find(inhibited, symptom)?.status).toMatchObject({ state: 'suppressed', inhibitedBy: [outageAlert!.fingerprint] });
    });

    it('an outage leaves other services, and the same service in another environment, alone', () => {
      expect(find(active, otherService)?.status.state).toBe('active');
      expect(find(active, stagingSameService)?.status.state).toBe('active');
    });

    it('an outage or a page in one cluster mutes nothing in another cluster', () => {
      expect(find(active, symptomInOtherCluster)?.status.state).toBe('active');
      expect(find(active, sameSignalInOtherCluster)?.status.state).toBe('active');
    });

    it('a page inhibits the warning of the same signal, not the alerts of another signal', () => {
      const pageAlert = find(active, page);
      expect(pageAlert).toBeDefined();
      expect(find(inhibited, sameSignalWarning)?.status.inhibitedBy).toEqual([pageAlert!.fingerprint]);
      expect(find(active, otherSignalInfo)?.status.state).toBe('active');
    });

    it('a page without a signal label mutes nothing', () => {
      expect(find(active, unlabelledPage)?.status.state).toBe('active');
      expect(find(active, unlabelledWarning)?.status.state).toBe('active');
    });

    it('inhibits nothing else', () => {
      expect(inhibited.map((alert) => alert.labels.alertname).sort()).toEqual(['DatabaseLatencyWarning', 'HighLatency']);
      expect(find(inhibited, symptom)?.labels.service).toBe('reconciliation-backend');
      expect(inhibited.map((alert) => alert.labels.cluster)).toEqual([CLUSTER, CLUSTER]);
    });
  });

  describe('grouping by cluster, on the real Alertmanager', () => {
    // A service of its own, so the inhibition scenarios' alerts stay out of these groups.
    const service = 'cluster-grouping';
    const alert = (alertname: string, signal: string, cluster: string, severity: Severity = 'critical') =>
      alertLabels(production, { alertname, severity, service, signal }, cluster);

    const groupsOf = (receiverName: string, alerts: number) => receiverGroups(alertmanager!, receiverName, service, alerts);

    beforeAll(() => {
      // One region loses the service (two pages of one incident, and a warning); the other has a warning only.
      for (const labels of [
        alert('NoReplicaAvailable', 'outage', CLUSTER), alert('AvailabilityErrorBudgetFastBurn', 'availability', CLUSTER),
        alert('PodNotReady', 'workload', CLUSTER, 'warning'), alert('PodNotReady', 'workload', OTHER_CLUSTER, 'warning'),
      ]) addAlert(alertmanager!, labels);
    });

    it('pages once for an outage in one cluster, and the page names that cluster', async () => {
      const pages = await groupsOf(receiver(production, PAGING_RECEIVER), 2);
      expect(pages.map((group) => ({ labels: group.labels, alerts: group.alerts.map((a) => a.labels.alertname).sort() }))).toEqual([{
        labels: { cluster: CLUSTER, namespace: production.namespace, service },
        alerts: ['AvailabilityErrorBudgetFastBurn', 'NoReplicaAvailable'],
      }]);
    });

    it('sends one chat message per cluster for the same alert in two clusters', async () => {
      const chat = await groupsOf(receiver(production, CHAT_RECEIVER), 2);
      expect(chat.map((group) => group.labels.cluster).sort()).toEqual([CLUSTER, OTHER_CLUSTER]);
      expect(chat.every((group) => group.labels.alertname === 'PodNotReady')).toBe(true);
    });
  });
});
