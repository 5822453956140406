import { ALERTS } from '../../alerts/registry';
import { outageRuleGroups } from '../../alerts/outage-alerts';
import { production } from '../../environments/production';
import { staging } from '../../environments/staging';
import { kubernetesMetrics as k } from '../../lib/monitoring/kubernetes-metrics';
import { renderForEnvironment } from '../../lib/monitoring/alerting-rules';
import { serviceRuleGroups } from '../../lib/monitoring/service-rules';
import type { ResolvedDeployment } from '../../lib/plan/resolved-deployment';
import type { EnvironmentSpec } from '../../lib/specs/environment-spec';
import { reconciliationBackend } from '../../services/reconciliation-backend';
import { AlertScenario, describeAlertScenarios, input, targetLabels } from '../support/alert-scenarios';
import { resolved } from '../support/deployments';
import { FiringCheck, testFiringAlerts } from '../support/paging';
import { gaugeValues } from '../support/rule-tests';
import { PodState, serviceInputs } from '../support/service-inputs';
import { ksm, sustained } from '../support/sustained-scenarios';

function scenarios(context: ResolvedDeployment): AlertScenario[] {
  const length = 60;
  const gauge = (name: string, labels: Record<string, string>, value: number) => input(name, labels, gaugeValues(value, length));
  const name = context.service.name;
  const deployment = ksm(context, { deployment: name });
  const replicas = (spec: number, available?: number, of = deployment) => [
    gauge(k.deploymentSpecReplicas.name, of, spec),
    ...(available === undefined ? [] : [gauge(k.deploymentReplicasAvailable.name, of, available)]),
  ];
  const pods = ['a1b2c', 'd3e4f', 'g5h6i'].map((suffix) => `${name}-7c9f5d8b6d-${suffix}`);
  const up = (values: number[]) => values.map((value, index) => gauge(k.up.name, targetLabels(context, pods[index]), value));

  return [
    sustained(context, {
      alert: 'NoReplicaAvailable', threshold: 'outageFor',
      title: 'fires when the Deployment has no available replica, or no such series, for `for`; quiet with one available, or for another Deployment',
      conditions: [
        { inputs: replicas(3, 0), labels: { namespace: context.namespace, deployment: name }, value: 3 },
        { inputs: replicas(3), labels: { namespace: context.namespace, deployment: name }, value: 3 },
        // Scaled to zero by mistake is an outage too.
        { inputs: replicas(0, 0), labels: { namespace: context.namespace, deployment: name }, value: 0 },
      ],
      healthy: [replicas(3, 1), replicas(3, 0, ksm(context, { deployment: `${name}-worker` }))],
    }),
    sustained(context, {
      alert: 'AllTargetsDown', threshold: 'outageFor',
      title: 'fires when every scrape of the job fails for `for`; quiet while one of three succeeds',
      conditions: [{ inputs: up([0, 0, 0]), labels: { namespace: context.namespace, job: context.job }, value: 0 }],
      healthy: [up([0, 0, 1]), up([1, 1, 1])],
    }),
  ];
}

describeAlertScenarios('outage', outageRuleGroups, scenarios, () => true);

/**
 * Whole incidents against every rule of the backend, checked by what pages: the
 * outage alerts read kube-state-metrics and `up` only, so they page when the app's own
 * metrics (and with them the SLO alerts) are gone. Incidents start at minute 30.
 */
describe('what pages during an outage of reconciliation-backend', () => {
  const INCIDENT_START = 30;
  const prefix = 'ReconciliationBackend';
  const three = (incident: PodState, affected = 3): ((minute: number) => PodState)[] =>
    [0, 1, 2].map((pod) => (minute: number) => (minute >= INCIDENT_START && pod < affected ? incident : 'serving'));

  function run(environment: EnvironmentSpec, pods: ((minute: number) => PodState)[], minutes: number, checks: FiringCheck[], intervalSeconds = 15) {
    const deployment = resolved(reconciliationBackend, environment);
    const groups = renderForEnvironment(serviceRuleGroups(deployment, ALERTS), environment, deployment.service.name);
    const result = testFiringAlerts(groups, serviceInputs(deployment, { minutes, intervalSeconds, pods }), checks, intervalSeconds);
    expect(result.output).toContain('SUCCESS');
    expect(result.status).toBe(0);
  }

  // The public endpoint fails with the pods: PublicEndpointDown (signal edge) fires too, and
  // Alertmanager's outage inhibition mutes it, so the pager still gets one page.
  it('pages within 15 minutes when every pod crash-loops, and not before the incident', () => {
    run(production, three('crash-looping'), 50, [
      { evalTime: `${INCIDENT_START}m`, severity: 'critical', lookback: '30m', alerts: [] },
      {
        evalTime: `${INCIDENT_START + 15}m`, severity: 'critical',
        alerts: [`${prefix}NoReplicaAvailable`, `${prefix}AllTargetsDown`, `${prefix}PublicEndpointDown`],
      },
    ]);
  });

  it('pages within 16 minutes when the pods are gone (no scrape target left)', () => {
    run(production, three('gone'), 50, [
      {
        evalTime: `${INCIDENT_START + 16}m`, severity: 'critical',
        alerts: [`${prefix}NoReplicaAvailable`, `${prefix}MetricsAbsent`, `${prefix}PublicEndpointDown`],
      },
    ]);
  });

  it('does not page when one pod of three is down: it warns', () => {
    run(production, three('crash-looping', 1), 60, [
      { evalTime: '60m', severity: 'critical', lookback: '60m', alerts: [] },
      {
        evalTime: '60m', severity: 'warning',
        alerts: [`${prefix}PodCrashLooping`, `${prefix}PodNotReady`, `${prefix}TargetDown`],
      },
    ]);
  });

  it('never pages on a healthy day (one sample a minute)', () => {
    run(production, three('serving'), 24 * 60, [{ evalTime: '24h', severity: 'critical', lookback: '24h', alerts: [] }], 60);
  });

  it('never pages in staging: the same outage only warns', () => {
    run(staging, three('crash-looping'), 50, [
      { evalTime: '50m', severity: 'critical', lookback: '50m', alerts: [] },
      {
        evalTime: `${INCIDENT_START + 15}m`, severity: 'warning',
        alerts: [
          `${prefix}NoReplicaAvailable`, `${prefix}AllTargetsDown`, `${prefix}PodCrashLooping`, `${prefix}PodNotReady`,
          `${prefix}TargetDown`, `${prefix}PdbNotEnoughHealthy`, `${prefix}PublicEndpointDown`,
        ],
      },
    ]);
  });
});
