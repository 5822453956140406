import { containerRuleGroups } from '../../alerts/container-alerts';
import { kubernetesMetrics as k } from '../../lib/monitoring/kubernetes-metrics';
import type { ResolvedDeployment } from '../../lib/plan/resolved-deployment';
import { AlertScenario, describeAlertScenarios, examplePod, input } from '../support/alert-scenarios';
import { counterValues, gaugeValues } from '../support/rule-tests';
import { cadvisor, ksm, sustained } from '../support/sustained-scenarios';

function scenarios(context: ResolvedDeployment): AlertScenario[] {
  const length = 60;
  const name = context.service.name;
  const pod = examplePod(context);
  const otherDeploymentPod = `${name}-worker-6b7c8d9f5-q7w8e`;
  const container = (podName = pod) => ksm(context, { pod: podName, container: name });
  const gauge = (metric: string, labels: Record<string, string>, value: number) => input(metric, labels, gaugeValues(value, length));
  const waiting = (reason: string, podName = pod) => [gauge(k.containerWaitingReason.name, { ...container(podName), reason }, 1)];
  const labels = { namespace: context.namespace, pod, container: name };
  // Restarted once at minute 2 (8 samples of 15 s), after the given termination reason.
  const killed = (reason: string, restarts = '0+0x8 1+0x232') => [
    input(k.containerRestarts.name, container(), restarts),
    gauge(k.containerLastTerminatedReason.name, { ...container(), reason }, 1),
  ];
  // 10 CFS periods per second, `throttled` of them hitting the limit.
  const cpu = (throttled: number) => [
    input(k.containerCpuPeriods.name, cadvisor(context, { pod, container: name }), counterValues(10, length)),
    input(k.containerCpuThrottledPeriods.name, cadvisor(context, { pod, container: name }), counterValues(throttled, length)),
  ];

  return [
    sustained(context, {
      alert: 'ContainerWaiting', threshold: 'containerWaitingFor',
      title: 'fires for a container stuck on its configuration or image for `for`; quiet while being created, crash-looping, or in other Deployments',
      conditions: [
        { inputs: waiting('CreateContainerConfigError'), labels, value: 1 },
        { inputs: waiting('ImagePullBackOff'), labels, value: 1 },
        { inputs: waiting('ErrImagePull'), labels, value: 1 },
      ],
      healthy: [waiting('ContainerCreating'), waiting('CrashLoopBackOff'), waiting('ImagePullBackOff', otherDeploymentPod)],
    }),
    sustained(context, {
      alert: 'ContainerOomKilled', threshold: 'oomKilledFor', warmUpMinutes: 2,
      title: 'fires when the container restarted after an OOM kill; quiet for an old OOM kill or a restart for another reason',
      conditions: [{ inputs: killed('OOMKilled'), labels, value: 1 }],
      healthy: [killed('OOMKilled', '3+0x240'), killed('Error')],
    }),
    sustained(context, {
      alert: 'CpuThrottlingHigh', threshold: 'cpuThrottlingFor',
      title: 'fires when 30 % of CFS periods are throttled for `for`; quiet at 20 %',
      conditions: [{ inputs: cpu(3), labels, value: 0.3 }],
      healthy: [cpu(2)],
    }),
  ];
}

describeAlertScenarios('container', containerRuleGroups, scenarios, () => true);
