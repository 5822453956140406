import { outageRuleGroups } from '../../alerts/outage-alerts';
import { kubernetesMetrics as k } from '../../lib/monitoring/kubernetes-metrics';
import type { ResolvedDeployment } from '../../lib/plan/resolved-deployment';
import { AlertScenario, describeAlertScenarios, input, targetLabels } from '../support/alert-scenarios';
import { gaugeValues } from '../support/rule-tests';
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
      alert: 'MostlyUnavailable', threshold: 'mostlyUnavailableFor',
      title: 'fires when no replica was available most of the window, for `for`; quiet with one of three available, or for another Deployment',
      conditions: [{ inputs: replicas(3, 0), labels: { namespace: context.namespace, deployment: name }, value: 1 }],
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
