import { rolloutRuleGroups } from '../../alerts/rollout-alerts';
import { kubernetesMetrics as k } from '../../lib/monitoring/kubernetes-metrics';
import type { ResolvedDeployment } from '../../lib/plan/resolved-deployment';
import { AlertScenario, describeAlertScenarios, input } from '../support/alert-scenarios';
import { gaugeValues } from '../support/rule-tests';
import { ksm, sustained } from '../support/sustained-scenarios';

function scenarios(context: ResolvedDeployment): AlertScenario[] {
  const length = 60;
  const name = context.service.name;
  const gauge = (metric: string, labels: Record<string, string>, value: number) => input(metric, labels, gaugeValues(value, length));
  const deployment = ksm(context, { deployment: name });
  const progressing = (status: string) => [gauge(k.deploymentCondition.name, { ...deployment, condition: 'Progressing', status }, 1)];
  const generations = (spec: number, observed: number) => [
    gauge(k.deploymentGeneration.name, deployment, spec), gauge(k.deploymentObservedGeneration.name, deployment, observed),
  ];
  const hpa = ksm(context, { horizontalpodautoscaler: name });
  const replicas = (desired: number, current: number) => [gauge(k.hpaDesiredReplicas.name, hpa, desired), gauge(k.hpaCurrentReplicas.name, hpa, current)];
  const pdb = ksm(context, { poddisruptionbudget: name });
  const healthy = (current: number, desired: number) => [gauge(k.pdbCurrentHealthy.name, pdb, current), gauge(k.pdbDesiredHealthy.name, pdb, desired)];
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
      alert: 'HpaReplicasMismatch', threshold: 'hpaReplicasMismatchFor',
      title: 'fires when the HPA runs fewer replicas than it asks for, for `for`; quiet when they agree',
      conditions: [{ inputs: replicas(6, 4), labels: { namespace: context.namespace, horizontalpodautoscaler: name }, value: 6 }],
      healthy: [replicas(4, 4)],
    }),
    sustained(context, {
      alert: 'PdbNotEnoughHealthy', threshold: 'pdbNotEnoughHealthyFor',
      title: 'fires when the PDB counts fewer healthy pods than it requires for `for`; quiet at exactly the floor',
      conditions: [{ inputs: healthy(1, 2), labels: { namespace: context.namespace, poddisruptionbudget: name }, value: 1 }],
      healthy: [healthy(2, 2)],
    }),
  ];
}

describeAlertScenarios('rollout', rolloutRuleGroups, scenarios, () => true);
