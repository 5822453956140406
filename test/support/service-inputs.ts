import { edgeMetrics } from '../../lib/monitoring/edge-metrics';
import { kubernetesMetrics as k } from '../../lib/monitoring/kubernetes-metrics';
import { histogramSeries } from '../../lib/monitoring/metric-catalog';
import { EXPORTED_NAMESPACE_LABEL, externalSecretsMetrics } from '../../lib/secrets/external-secrets-metrics';
import { externalSecretName } from '../../lib/secrets/service-secrets';
import type { ResolvedDeployment } from '../../lib/plan/resolved-deployment';
import { targetLabels } from './alert-scenarios';
import { InputSeries, seriesName } from './rule-tests';
import { ksm } from './sustained-scenarios';

/** What a pod is doing at a given minute. */
export type PodState = 'serving' | 'crash-looping' | 'gone';

export interface ServiceTimeline {
  /** Length of the input, in minutes. */
  readonly minutes: number;
  /** Seconds between samples. */
  readonly intervalSeconds: number;
  /** One function per pod: its state at a minute. */
  readonly pods: readonly ((minute: number) => PodState)[];
  /** Requests per second each serving pod answers. @default 10 */
  readonly requestsPerSecond?: number;
  /** Share of requests answered with a 500 at a minute. @default 0.0005 */
  readonly errorRatio?: (minute: number) => number;
  /** Share of requests slower than the latency SLO's threshold at a minute. @default 0 */
  readonly slowRatio?: (minute: number) => number;
  /** Replicas the Deployment asks for at a minute (0: scaled to zero). @default the number of pods */
  readonly desiredReplicas?: (minute: number) => number;
  /** Whether the public endpoint fails at a minute though pods serve (a broken route, DNS, the load balancer). @default never */
  readonly edgeFailing?: (minute: number) => boolean;
  /** When the served certificate expires, in seconds of the replay's clock. @default 60 days in */
  readonly certificateExpiresAt?: number;
  /** Whether cert-manager reports the Certificate Ready at a minute. @default always */
  readonly certificateReady?: (minute: number) => boolean;
}

/**
 * The labels of ESO's Ready condition series of an ExternalSecret, scraped with its Helm
 * default (honorLabels: false): the object's namespace moves to exported_namespace.
 */
export function externalSecretReadyLabels(namespace: string, name: string, status: 'True' | 'False'): Record<string, string> {
  return { job: 'external-secrets-metrics', namespace: 'external-secrets', [EXPORTED_NAMESPACE_LABEL]: namespace, name, condition: 'Ready', status };
}

/**
 * Every series Prometheus holds about one service as the platform and the app export
 * it: `up` per pod, kube-state-metrics (Deployment, HPA, PDB, pods, containers), ESO's
 * sync condition (for a service with secrets), for a public service the probe of its host
 * (answering while a pod serves; certificate 60 days from expiry and Ready), the app's HTTP request counter by status (or with its errors counter) and, for a
 * latency SLO, its duration histogram at the SLO's bucket (every request that fast). A crash-looping pod's app series stop (its
 * scrapes fail); a gone pod has no series at all. Used to check which alerts page for
 * whole incidents, across every rule of the service.
 */
export function serviceInputs(deployment: ResolvedDeployment, timeline: ServiceTimeline): InputSeries[] {
  const samples = Math.floor((timeline.minutes * 60) / timeline.intervalSeconds) + 1;
  const minuteOf = (sample: number) => (sample * timeline.intervalSeconds) / 60;
  const series = (name: string, labels: Record<string, string>, value: (sample: number) => number | undefined): InputSeries => ({
    series: seriesName(name, labels),
    values: Array.from({ length: samples }, (_, sample) => {
      const v = value(sample);
      return v === undefined ? '_' : String(v);
    }).join(' '),
  });
  const name = deployment.service.name;
  const podNames = timeline.pods.map((_, index) => `${name}-7c9f5d8b6d-pod${index}`);
  const stateAt = (pod: number, sample: number) => timeline.pods[pod](minuteOf(sample));
  const serving = (sample: number) => timeline.pods.filter((_, pod) => stateAt(pod, sample) === 'serving').length;
  const replicas = timeline.pods.length;
  const desired = (sample: number) => timeline.desiredReplicas?.(minuteOf(sample)) ?? replicas;
  const constant = (value: number) => () => value;

  const inputs: InputSeries[] = [
    series(k.deploymentSpecReplicas.name, ksm(deployment, { deployment: name }), desired),
    series(k.deploymentReplicasAvailable.name, ksm(deployment, { deployment: name }), serving),
    series(k.deploymentGeneration.name, ksm(deployment, { deployment: name }), constant(4)),
    series(k.deploymentObservedGeneration.name, ksm(deployment, { deployment: name }), constant(4)),
    series(k.deploymentCondition.name, ksm(deployment, { deployment: name, condition: 'Progressing', status: 'true' }), constant(1)),
    series(k.hpaCurrentReplicas.name, ksm(deployment, { horizontalpodautoscaler: name }), constant(replicas)),
    series(k.hpaDesiredReplicas.name, ksm(deployment, { horizontalpodautoscaler: name }), constant(replicas)),
    series(k.hpaMaxReplicas.name, ksm(deployment, { horizontalpodautoscaler: name }), constant(replicas * 3)),
    series(k.deploymentReplicasUnavailable.name, ksm(deployment, { deployment: name }), (sample) => Math.max(0, desired(sample) - serving(sample))),
    // minAvailable 1: every serving pod but one may be evicted.
    series(k.pdbDisruptionsAllowed.name, ksm(deployment, { poddisruptionbudget: name }), (sample) => Math.max(0, serving(sample) - 1)),
  ];
  if (deployment.secrets) {
    inputs.push(series(externalSecretsMetrics.externalSecretCondition.name,
      externalSecretReadyLabels(deployment.namespace, externalSecretName(name), 'True'), constant(1)));
  }
  if (deployment.edge) {
    const probe = { namespace: deployment.namespace, service: name, job: deployment.edge.job, instance: deployment.edge.target };
    // The Gateway answers 503 while no pod is ready: the public endpoint fails with them.
    inputs.push(
      series(edgeMetrics.probeSuccess.name, probe, (sample) => (serving(sample) > 0 && !timeline.edgeFailing?.(minuteOf(sample)) ? 1 : 0)),
      series(edgeMetrics.probeCertificateExpiry.name, probe, constant(timeline.certificateExpiresAt ?? 60 * 86400)),
      series(edgeMetrics.certificateReady.name, {
        job: 'cert-manager', namespace: 'cert-manager', [EXPORTED_NAMESPACE_LABEL]: deployment.namespace, name: deployment.edge.certificate, condition: 'True',
      }, (sample) => (timeline.certificateReady?.(minuteOf(sample)) ?? true ? 1 : 0)),
    );
  }
  const perSample = (timeline.requestsPerSecond ?? 10) * timeline.intervalSeconds;
  const errorRatio = timeline.errorRatio ?? (() => 0.0005);
  podNames.forEach((pod, index) => {
    const state = (sample: number) => stateAt(index, sample);
    const exists = (value: (sample: number) => number) => (sample: number) => (state(sample) === 'gone' ? undefined : value(sample));
    const scraped = (value: (sample: number) => number) => (sample: number) => (state(sample) === 'serving' ? value(sample) : undefined);
    const bool = (holds: (sample: number) => boolean) => (sample: number) => (holds(sample) ? 1 : 0);
    inputs.push(
      series(k.up.name, targetLabels(deployment, pod), exists(bool((sample) => state(sample) === 'serving'))),
      series(k.podReady.name, ksm(deployment, { pod, condition: 'true' }), exists(bool((sample) => state(sample) === 'serving'))),
      series(k.podReady.name, ksm(deployment, { pod, condition: 'false' }), exists(bool((sample) => state(sample) !== 'serving'))),
      series(k.podPhase.name, ksm(deployment, { pod, phase: 'Running' }), exists(constant(1))),
      series(k.containerWaitingReason.name, ksm(deployment, { pod, container: name, reason: 'CrashLoopBackOff' }),
        (sample) => (state(sample) === 'crash-looping' ? 1 : undefined)),
    );
    // Counters as the app exports them: cumulative, and only while it is scraped.
    let ok = 0;
    let failed = 0;
    const okValues: number[] = [];
    const failedValues: number[] = [];
    for (let sample = 0; sample < samples; sample++) {
      const ratio = errorRatio(minuteOf(sample));
      if (sample > 0) {
        ok += perSample * (1 - ratio);
        failed += perSample * ratio;
      }
      okValues.push(Number(ok.toFixed(4)));
      failedValues.push(Number(failed.toFixed(4)));
    }
    const http = deployment.service.signals.http;
    if (!http) return;
    const labels = targetLabels(deployment, pod);
    if (http.statusLabel) {
      inputs.push(
        series(http.requests.name, { ...labels, [http.statusLabel]: '200' }, scraped((sample) => okValues[sample])),
        series(http.requests.name, { ...labels, [http.statusLabel]: '500' }, scraped((sample) => failedValues[sample])),
      );
    } else if (http.errors) {
      // A service counting its failures apart: every request, and the failed ones.
      inputs.push(
        series(http.requests.name, labels, scraped((sample) => Number((okValues[sample] + failedValues[sample]).toFixed(4)))),
        series(http.errors.name, labels, scraped((sample) => failedValues[sample])),
      );
    } else {
      return;
    }
    const latency = deployment.slos.find((slo) => slo.indicator.kind === 'latency')?.indicator;
    if (latency?.kind !== 'latency') return;
    const { bucket, count } = histogramSeries(latency.duration);
    const slowRatio = timeline.slowRatio ?? (() => 0);
    let fast = 0;
    const fastValues = okValues.map((_, sample) => {
      if (sample > 0) fast += perSample * (1 - slowRatio(minuteOf(sample)));
      return Number(fast.toFixed(4));
    });
    const requests = (sample: number) => Number((okValues[sample] + failedValues[sample]).toFixed(4));
    inputs.push(
      series(bucket, { ...labels, le: String(latency.thresholdSeconds) }, scraped((sample) => fastValues[sample])),
      series(count, labels, scraped(requests)),
    );
  });
  return inputs;
}
