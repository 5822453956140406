import type { ResolvedDeployment } from '../../lib/plan/resolved-deployment';
import { podNamePattern, workloadRuleGroups } from '../../alerts/workload-alerts';
import { kubernetesMetrics as k } from '../../lib/monitoring/kubernetes-metrics';
import { AlertScenario, describeAlertScenarios, examplePod, input, targetLabels } from '../support/alert-scenarios';
import { gaugeValues } from '../support/rule-tests';
import { ksm, sustained } from '../support/sustained-scenarios';

function scenarios(context: ResolvedDeployment): AlertScenario[] {
  const length = 60;
  const gauge = (name: string, labels: Record<string, string>, value: number) => input(name, labels, gaugeValues(value, length));
  const hpa = ksm(context, { horizontalpodautoscaler: context.service.name });
  const pod = examplePod(context);
  const otherDeploymentPod = `${context.service.name}-worker-6b7c8d9f5-q7w8e`;
  const podLabels = (name = pod) => ksm(context, { pod: name, uid: 'c0ffee' });
  const ready = (condition: string, name = pod) => [
    gauge(k.podReady.name, { ...podLabels(name), condition }, 1),
    gauge(k.podPhase.name, { ...podLabels(name), phase: 'Running' }, 1),
  ];
  const waiting = (reason: string, name = pod) => [gauge(k.containerWaitingReason.name, { ...podLabels(name), container: context.service.name, reason }, 1)];
  const up = (value: number) => [gauge(k.up.name, targetLabels(context), value)];

  return [
    sustained(context, {
      alert: 'HpaAtMaxReplicas', threshold: 'hpaAtMaxFor',
      title: 'fires when current replicas reach the maximum for `for`; quiet one replica below it',
      conditions: [{
        inputs: [gauge(k.hpaCurrentReplicas.name, hpa, 4), gauge(k.hpaMaxReplicas.name, hpa, 4)],
        labels: { namespace: context.namespace, horizontalpodautoscaler: context.service.name }, value: 4,
      }],
      healthy: [[gauge(k.hpaCurrentReplicas.name, hpa, 3), gauge(k.hpaMaxReplicas.name, hpa, 4)]],
    }),
    sustained(context, {
      alert: 'PodNotReady', threshold: 'podNotReadyFor',
      title: 'fires for a pod not ready or stuck Pending for `for`; quiet for ready pods and pods of other Deployments',
      conditions: [
        { inputs: ready('false'), labels: { namespace: context.namespace, pod }, value: 1 },
        // An unscheduled pod has no Ready condition yet, only its phase.
        { inputs: [gauge(k.podPhase.name, { ...podLabels(), phase: 'Pending' }, 1)], labels: { namespace: context.namespace, pod }, value: 1 },
      ],
      healthy: [ready('true'), ready('false', otherDeploymentPod)],
    }),
    sustained(context, {
      alert: 'PodCrashLooping', threshold: 'crashLoopingFor',
      title: 'fires for a container in CrashLoopBackOff for `for`; quiet while it is only being created, and for other Deployments',
      conditions: [{ inputs: waiting('CrashLoopBackOff'), labels: { namespace: context.namespace, pod, container: context.service.name }, value: 1 }],
      healthy: [waiting('ContainerCreating'), waiting('CrashLoopBackOff', otherDeploymentPod)],
    }),
    sustained(context, {
      alert: 'TargetDown', threshold: 'targetDownFor',
      title: 'fires when scrapes of a pod fail for `for`; quiet while they succeed',
      conditions: [{ inputs: up(0), labels: { namespace: context.namespace, job: context.job, pod }, value: 0 }],
      healthy: [up(1)],
    }),
    sustained(context, {
      alert: 'MetricsAbsent', threshold: 'metricsAbsentFor', scoped: false,
      title: 'fires when the job has had no target for `for`; quiet while one exists, even a failing one',
      conditions: [{
        inputs: [gauge(k.up.name, { ...targetLabels(context), job: 'some-other-service' }, 1)],
        labels: { namespace: context.namespace, job: context.job }, value: 1,
      }],
      healthy: [up(1), up(0)],
    }),
  ];
}

describeAlertScenarios('workload', workloadRuleGroups, scenarios, () => true);

describe('pod name pattern', () => {
  const context = { service: { name: 'api' } } as unknown as ResolvedDeployment;
  const pattern = new RegExp(`^(?:${podNamePattern(context)})$`);

  it('matches the pods of the Deployment and not those of a Deployment whose name extends it', () => {
    expect(pattern.test('api-7c9f5d8b6d-x2k9q')).toBe(true);
    expect(pattern.test('api-worker-7c9f5d8b6d-x2k9q')).toBe(false);
    expect(pattern.test('api')).toBe(false);
  });
});
