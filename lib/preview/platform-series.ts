import { edgeMetrics } from '../monitoring/edge-metrics';
import { kubernetesMetrics } from '../monitoring/kubernetes-metrics';
import type { MetricDefinition } from '../monitoring/metric-catalog';
import { ALERT_ROUTING_NAME } from '../monitoring/alert-routing';
import { EXPORTED_NAMESPACE_LABEL, externalSecretsMetrics } from '../secrets/external-secrets-metrics';
import { familyName, ReplayFamily, ReplaySeries, ReplayTarget, seededNoise } from './replay-target';
import { REPLAY_ANCHOR_SECONDS, REPLAY_STEP_SECONDS } from './incident-scenario';
import type { PodTimeline } from './service-series';

/** A crash-looping container restarts about every 5 minutes once its back-off is capped. */
const CRASH_LOOP_RESTART_SECONDS = 300;
/** Working set as a share of the memory request. */
const MEMORY_SHARE_OF_REQUEST = 0.6;
const NODE = 'ip-10-0-1-23.eu-west-1.compute.internal';
/** Labels Prometheus adds to kube-state-metrics and cAdvisor series (kube-prometheus-stack defaults). */
const KUBE_STATE_METRICS = { job: 'kube-state-metrics', instance: '10.0.2.10:8080' };
/** ESO's controller as its Helm chart's ServiceMonitor scrapes it (honorLabels: false). */
const EXTERNAL_SECRETS = { job: 'external-secrets-metrics', namespace: 'external-secrets', instance: '10.0.2.11:8080' };
/** cert-manager's controller as its Helm chart's ServiceMonitor scrapes it (honorLabels: false). */
const CERT_MANAGER = { job: 'cert-manager', namespace: 'cert-manager', instance: '10.0.2.12:9402' };
const CERTIFICATE_CONDITIONS = ['True', 'False', 'Unknown'];
/** Days the served certificate has left at the replay's start: far from both expiry alerts. */
const CERTIFICATE_DAYS_LEFT = 60;
/** What a probe adds to the service's answer: DNS, the load balancer, TLS. */
const PROBE_OVERHEAD_SECONDS = 0.06;
const CADVISOR = { job: 'kubelet', metrics_path: '/metrics/cadvisor', instance: '10.0.1.23:10250' };
const POD_PHASES = ['Pending', 'Running', 'Succeeded', 'Failed', 'Unknown'];
const READY_CONDITIONS = ['true', 'false', 'unknown'];

/** CFS scheduling periods per second at the kernel's default 100 ms period. */
const CFS_PERIODS_PER_SECOND = 10;

const constant = (value: number, steps: number) => Array.from({ length: steps }, () => value);

/**
 * The series the platform records about the service: `up` per scrape target, the
 * kube-state-metrics objects (Deployment, HPA, pods, containers), cAdvisor usage,
 * ESO's sync condition of its ExternalSecrets, and for a public service the blackbox
 * exporter's probe of its host and cert-manager's Ready condition of its certificate.
 */
export function platformFamilies(target: ReplayTarget, timeline: PodTimeline, targetLabels: (pod: string) => Record<string, string>): ReplayFamily[] {
  const { service, namespace } = target;
  const steps = timeline.conditions.length;
  const families = new Map<MetricDefinition, ReplaySeries[]>();
  const add = (metric: MetricDefinition, labels: Record<string, string>, values: readonly (number | undefined)[]) => {
    families.set(metric, [...(families.get(metric) ?? []), { name: metric.name, labels, values }]);
  };
  for (const name of target.externalSecrets ?? []) {
    // Only the alert routing's secret fails in the scenario; the services' keep syncing.
    const synced = timeline.conditions.map((conditions) => name !== ALERT_ROUTING_NAME || conditions.routingSecretSynced);
    for (const status of ['True', 'False']) {
      add(externalSecretsMetrics.externalSecretCondition, { ...EXTERNAL_SECRETS, [EXPORTED_NAMESPACE_LABEL]: namespace, name, condition: 'Ready', status },
        synced.map((ready) => (ready === (status === 'True') ? 1 : 0)));
    }
  }
  // The environment's own target (alert routing) runs no pods: only its ExternalSecret.
  if (timeline.pods.length === 0) return [...families].map(([metric, series]) => ({ name: familyName(metric), type: metric.type, help: metric.help, series }));
  const available = timeline.conditions.map((_, step) => timeline.up.filter((podUp) => podUp[step]).length);
  const deployment = { ...KUBE_STATE_METRICS, namespace, deployment: service };
  const generation = timeline.conditions.map((conditions) => conditions.deploymentGeneration);
  // The rollout replaces one pod per step (maxSurge 1): updated climbs back to every pod.
  const rolledOutAt = generation.findIndex((value) => value > generation[0]);
  const updated = generation.map((_, step) => (rolledOutAt < 0 || step < rolledOutAt ? timeline.pods.length
    : Math.min(timeline.pods.length, step - rolledOutAt)));
  add(kubernetesMetrics.deploymentSpecReplicas, deployment, constant(timeline.pods.length, steps));
  add(kubernetesMetrics.deploymentReplicas, deployment, constant(timeline.pods.length, steps));
  add(kubernetesMetrics.deploymentReplicasUpdated, deployment, updated);
  add(kubernetesMetrics.deploymentReplicasAvailable, deployment, available);
  add(kubernetesMetrics.deploymentReplicasUnavailable, deployment, available.map((count) => timeline.pods.length - count));
  add(kubernetesMetrics.deploymentGeneration, deployment, generation);
  // The controller observes a new generation one step after it is written.
  add(kubernetesMetrics.deploymentObservedGeneration, deployment, generation.map((value, step) => generation[step - 1] ?? value));
  for (const status of ['true', 'false']) {
    add(kubernetesMetrics.deploymentCondition, { ...deployment, condition: 'Progressing', status }, constant(status === 'true' ? 1 : 0, steps));
  }
  // minAvailable 1: every available pod but one may be evicted.
  add(kubernetesMetrics.pdbDisruptionsAllowed, { ...KUBE_STATE_METRICS, namespace, poddisruptionbudget: service }, available.map((count) => Math.max(0, count - 1)));
  // The public host answers throughout (the crash loop takes one pod of several); its probe is as slow as the service.
  for (const labels of target.probes ?? []) {
    const noise = seededNoise(`${labels.instance}/probe`);
    add(edgeMetrics.probeSuccess, labels, constant(1, steps));
    add(edgeMetrics.probeDuration, labels, timeline.conditions.map((conditions) =>
      Math.round((PROBE_OVERHEAD_SECONDS + conditions.httpMedianSeconds * (0.9 + 0.2 * noise())) * 1000) / 1000));
    add(edgeMetrics.probeCertificateExpiry, labels, constant(REPLAY_ANCHOR_SECONDS + CERTIFICATE_DAYS_LEFT * 86400, steps));
  }
  for (const name of target.certificates ?? []) {
    for (const condition of CERTIFICATE_CONDITIONS) {
      add(edgeMetrics.certificateReady, { ...CERT_MANAGER, [EXPORTED_NAMESPACE_LABEL]: namespace, name, condition }, constant(condition === 'True' ? 1 : 0, steps));
    }
  }
  const hpa = { ...KUBE_STATE_METRICS, namespace, horizontalpodautoscaler: service };
  add(kubernetesMetrics.hpaMinReplicas, hpa, constant(target.minReplicas, steps));
  add(kubernetesMetrics.hpaMaxReplicas, hpa, constant(target.maxReplicas, steps));
  add(kubernetesMetrics.hpaCurrentReplicas, hpa, constant(timeline.pods.length, steps));
  add(kubernetesMetrics.hpaDesiredReplicas, hpa, constant(timeline.pods.length, steps));

  timeline.pods.forEach((pod, podIndex) => {
    const up = timeline.up[podIndex];
    const bool = (holds: (step: number) => boolean) => up.map((_, step) => (holds(step) ? 1 : 0));
    add(kubernetesMetrics.up, targetLabels(pod), bool((step) => up[step]));

    const podLabels = { ...KUBE_STATE_METRICS, namespace, pod };
    for (const condition of READY_CONDITIONS) {
      add(kubernetesMetrics.podReady, { ...podLabels, condition }, bool((step) => (condition === 'true') === up[step]));
    }
    for (const phase of POD_PHASES) add(kubernetesMetrics.podPhase, { ...podLabels, phase }, bool(() => phase === 'Running'));

    const container = { ...podLabels, container: service };
    // kube-state-metrics exports a waiting reason only while the container waits.
    add(kubernetesMetrics.containerWaitingReason, { ...container, reason: 'CrashLoopBackOff' }, up.map((scraped) => (scraped ? undefined : 1)));
    // From its first crash until the rollout replaces it, the container last terminated with an error (exit code non-zero, not OOMKilled).
    const firstCrash = up.indexOf(false);
    add(kubernetesMetrics.containerLastTerminatedReason, { ...container, reason: 'Error' },
      up.map((_, step) => (firstCrash >= 0 && step >= firstCrash && generation[step] === generation[firstCrash] ? 1 : undefined)));
    add(kubernetesMetrics.containerReady, container, bool((step) => up[step]));
    let restarts = 0;
    let downSince = -1;
    add(kubernetesMetrics.containerRestarts, container, up.map((scraped, step) => {
      if (scraped) downSince = -1;
      else if (downSince < 0) downSince = step;
      if (!scraped && ((step - downSince) * REPLAY_STEP_SECONDS) % CRASH_LOOP_RESTART_SECONDS === 0) restarts += 1;
      return restarts;
    }));
    const resources = { ...container, node: NODE };
    for (const [metric, cpu, memory] of [
      [kubernetesMetrics.containerResourceRequests, target.cpuRequestCores, target.memoryRequestBytes],
      [kubernetesMetrics.containerResourceLimits, target.cpuLimitCores, target.memoryLimitBytes],
    ] as const) {
      add(metric, { ...resources, resource: 'cpu', unit: 'core' }, constant(cpu, steps));
      add(metric, { ...resources, resource: 'memory', unit: 'byte' }, constant(memory, steps));
    }

    const usage = { ...CADVISOR, namespace, pod, container: service, node: NODE };
    const noise = seededNoise(`${namespace}/${pod}/usage`);
    let cpuSeconds = 0;
    add(kubernetesMetrics.containerCpuUsage, usage, up.map((scraped, step) => {
      // A crash-looping container still burns a little CPU while it starts and dies.
      const cores = scraped ? timeline.conditions[step].cpuCores * timeline.trafficShare[step] : 0.01;
      cpuSeconds += step > 0 ? cores * REPLAY_STEP_SECONDS * (0.9 + 0.2 * noise()) : 0;
      return Math.round(cpuSeconds * 1000) / 1000;
    }));
    // CFS: ten 100 ms periods a second; the container hits its limit in a few of them, more under load.
    let periods = 0;
    let throttled = 0;
    add(kubernetesMetrics.containerCpuPeriods, usage, up.map((_, step) => {
      periods += step > 0 ? CFS_PERIODS_PER_SECOND * REPLAY_STEP_SECONDS : 0;
      return periods;
    }));
    add(kubernetesMetrics.containerCpuThrottledPeriods, usage, up.map((scraped, step) => {
      const share = scraped ? Math.min(0.2, timeline.conditions[step].cpuCores / target.cpuLimitCores / 4) : 0;
      throttled += step > 0 ? Math.round(CFS_PERIODS_PER_SECOND * REPLAY_STEP_SECONDS * share * (0.9 + 0.2 * noise())) : 0;
      return throttled;
    }));
    add(kubernetesMetrics.containerMemoryWorkingSet, usage, up.map(() => Math.round(target.memoryRequestBytes * MEMORY_SHARE_OF_REQUEST * (0.95 + 0.1 * noise()))));
  });

  return [...families].map(([metric, series]) => ({ name: familyName(metric), type: metric.type, help: metric.help, series }));
}
