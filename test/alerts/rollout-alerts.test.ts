import { rolloutRuleGroups } from '../../alerts/rollout-alerts';
import { kubernetesMetrics as k } from '../../lib/monitoring/kubernetes-metrics';
import type { ResolvedDeployment } from '../../lib/plan/resolved-deployment';
import { AlertScenario, describeAlertScenarios, input } from '../support/alert-scenarios';
import { gaugeValues } from '../support/rule-tests';
import { ksm, sustained } from '../support/sustained-scenarios';

function scenarios(context: ResolvedDeployment): AlertScenario[] {
  // The drains-blocked ticket waits an hour: the inputs outlast its `for` and the doubled one.
  const length = 130;
  const name = context.service.name;
  const gauge = (metric: string, labels: Record<string, string>, value: number) => input(metric, labels, gaugeValues(value, length));
  const deployment = ksm(context, { deployment: name });
  const progressing = (status: string) => [gauge(k.deploymentCondition.name, { ...deployment, condition: 'Progressing', status }, 1)];
  const generations = (spec: number, observed: number) => [
    gauge(k.deploymentGeneration.name, deployment, spec), gauge(k.deploymentObservedGeneration.name, deployment, observed),
  ];
  const unavailable = (count: number) => [gauge(k.deploymentReplicasUnavailable.name, deployment, count)];
  const pdb = ksm(context, { poddisruptionbudget: name });
  const disruptionsAllowed = (count: number) => [gauge(k.pdbDisruptionsAllowed.name, pdb, count)];
  const ofDeployment = { namespace: context.namespace, deployment: name };

  return [
    sustained(context, {
      alert: 'RolloutStuck', threshold: 'rolloutStuckFor',
      title: 'fires when Progressing is false, or the spec generation is not observed, for `for`; quiet while progressing and observed',
      conditions: [
        { inputs: progressing('false'), labels: ofDeployment, value: 1 },
        { inputs: generations(5, 4), labels: ofDeployment, value: 5 },
      ],
      healthy: [[...progressing('true'), ...generations(5, 5)]],
    }),
    sustained(context, {
      alert: 'ReplicasUnavailable', threshold: 'replicasUnavailableFor',
      title: 'fires when replicas the Deployment asks for stay unavailable (pending, never created) for `for`; quiet when all are available',
      conditions: [{ inputs: unavailable(2), labels: ofDeployment, value: 2 }],
      healthy: [unavailable(0)],
    }),
    sustained(context, {
      alert: 'PdbBlockingDrains', threshold: 'pdbBlockingDrainsFor',
      title: 'opens a ticket when the PDB allows no eviction for an hour; quiet while one disruption is allowed',
      conditions: [{ inputs: disruptionsAllowed(0), labels: { namespace: context.namespace, poddisruptionbudget: name }, value: 0 }],
      healthy: [disruptionsAllowed(1)],
    }),
  ];
}

describeAlertScenarios('rollout', rolloutRuleGroups, scenarios, () => true);
