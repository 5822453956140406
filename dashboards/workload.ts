import type * as cog from '@grafana/grafana-foundation-sdk/cog';
import type { Panel } from '@grafana/grafana-foundation-sdk/dashboard';
import {
  eq, increase, JOB_MATCHER, matches, NAMESPACE_MATCHER, objectsInNamespace, POD_MATCHER, PROMETHEUS_DATASOURCE, prometheusQuery, rate,
  RATE_INTERVAL, selector, sumBy,
} from '../lib/grafana/dashboard-queries';
import { GraphThresholdsStyleConfigBuilder, GraphThresholdsStyleMode, VisibilityMode } from '@grafana/grafana-foundation-sdk/common';
import { MappingType } from '@grafana/grafana-foundation-sdk/dashboard';
import { PanelBuilder as StateTimelinePanelBuilder } from '@grafana/grafana-foundation-sdk/statetimeline';
import type { PanelBuilder as TimeseriesPanelBuilder } from '@grafana/grafana-foundation-sdk/timeseries';
import { percent } from '../alerts/alert-context';
import { externalSecretsMetrics as eso } from '../lib/secrets/external-secrets-metrics';
import { EDGE_PANELS } from '../alerts/edge-alerts';
import { alertThresholds } from '../alerts/thresholds';
import type { DashboardDefinition } from '../lib/grafana/service-dashboard';
import { thresholdSteps } from '../lib/grafana/threshold-steps';
import { timeseriesPanel } from '../lib/grafana/timeseries-panel';
import { edgeMetrics as edge } from '../lib/monitoring/edge-metrics';
import { kubernetesMetrics as k8s } from '../lib/monitoring/kubernetes-metrics';
import type { ResolvedDeployment } from '../lib/plan/resolved-deployment';

/*
 * The Deployment, its HPA, its container and the Service (hence the scrape `job`) all
 * carry the service's name, so `$job` selects the workload's kube-state-metrics and
 * cAdvisor series too.
 */
const deployment = [NAMESPACE_MATCHER, eq('deployment', '$job')];
const autoscaler = [NAMESPACE_MATCHER, eq('horizontalpodautoscaler', '$job')];
const container = [NAMESPACE_MATCHER, eq('container', '$job')];
const pods = [NAMESPACE_MATCHER, POD_MATCHER];

/** The service's Probe labels its series with the service's name (lib/monitoring/edge-probe.ts). */
const probe = [NAMESPACE_MATCHER, eq('service', '$job')];

/**
 * Replicas, resources and pod health of any service, from kube-state-metrics and cAdvisor;
 * for a service with a public host, its black-box probe and certificate too.
 */
export const workloadDashboard: DashboardDefinition = {
  slug: 'workload',
  title: 'Workload',
  description: 'Replicas, rollouts and deploys, pod phases and scrape health, container states, CPU, memory and throttling, '
    + 'disruption budget, secret sync, and the public host\'s probe and certificate.',
  runbook: 'workload',
  panels: (resolved: ResolvedDeployment): cog.Builder<Panel>[] => {
    const t = alertThresholds(resolved);
    return [
      timeseriesPanel()
        .title('Replicas vs HPA min / max')
        .description('Pods the Deployment runs and how many are available, between the HPA bounds, with the count the HPA runs and the one it asks for.')
        .datasource(PROMETHEUS_DATASOURCE)
        .unit('short')
        .axisLabel('pods')
        .min(0)
        .targets([
          prometheusQuery(sumBy([], selector(k8s.deploymentReplicas.name, deployment)), 'replicas'),
          prometheusQuery(sumBy([], selector(k8s.deploymentReplicasAvailable.name, deployment)), 'available'),
          prometheusQuery(sumBy([], selector(k8s.hpaCurrentReplicas.name, autoscaler)), 'HPA current'),
          prometheusQuery(sumBy([], selector(k8s.hpaDesiredReplicas.name, autoscaler)), 'HPA desired'),
          prometheusQuery(sumBy([], selector(k8s.hpaMinReplicas.name, autoscaler)), 'HPA min'),
          prometheusQuery(sumBy([], selector(k8s.hpaMaxReplicas.name, autoscaler)), 'HPA max'),
        ])
        .span(12),
      timeseriesPanel()
        .title('Rollout progress')
        .description('Replicas the Deployment asks for, how many run its latest pod template, how many are available and how many are not. '
          + 'A rollout is done when updated and available reach desired; at zero available every request fails.')
        .datasource(PROMETHEUS_DATASOURCE)
        .unit('short')
        .axisLabel('pods')
        .min(0)
        .targets([
          prometheusQuery(sumBy([], selector(k8s.deploymentSpecReplicas.name, deployment)), 'desired'),
          prometheusQuery(sumBy([], selector(k8s.deploymentReplicasUpdated.name, deployment)), 'updated'),
          prometheusQuery(sumBy([], selector(k8s.deploymentReplicasAvailable.name, deployment)), 'available'),
          prometheusQuery(sumBy([], selector(k8s.deploymentReplicasUnavailable.name, deployment)), 'unavailable'),
        ])
        .span(12),
      timeseriesPanel()
        .title('Rollout generation and progress deadline')
        .description('Generation of the Deployment spec (bumped by every change: the deploy markers) and the one its controller acted on; '
          + '"deadline exceeded" is 1 while the Progressing condition is false. A gap between the two generations, or the deadline, is a stuck rollout.')
        .datasource(PROMETHEUS_DATASOURCE)
        .unit('short')
        .min(0)
        .targets([
          prometheusQuery(`max(${selector(k8s.deploymentGeneration.name, deployment)})`, 'generation'),
          prometheusQuery(`max(${selector(k8s.deploymentObservedGeneration.name, deployment)})`, 'observed generation'),
          prometheusQuery(`max(${selector(k8s.deploymentCondition.name, [...deployment, eq('condition', 'Progressing'), eq('status', 'false')])})`,
            'deadline exceeded'),
        ])
        .span(12),
      timeseriesPanel()
        .title('Pods by phase and readiness')
        .description('Pods of the Deployment in each phase (Pending: not scheduled or pulling; Failed; Unknown: node lost), '
          + 'pods whose Ready condition is not true, and containers failing their readiness probe (out of the Service endpoints).')
        .datasource(PROMETHEUS_DATASOURCE)
        .unit('short')
        .axisLabel('pods')
        .min(0)
        .targets([
          prometheusQuery(sumBy(['phase'], selector(k8s.podPhase.name, pods)), '{{phase}}'),
          prometheusQuery(sumBy([], selector(k8s.podReady.name, [...pods, matches('condition', 'false|unknown')])), 'pod not ready'),
          prometheusQuery(sumBy([], `1 - ${selector(k8s.containerReady.name, container)}`), 'container not ready'),
        ])
        .span(12),
      timeseriesPanel()
        .title('Scrape targets up')
        .description('1 for each pod Prometheus scraped at its last attempt, 0 for each it failed to; no line at all means no target (the service gone or unmonitored).')
        .datasource(PROMETHEUS_DATASOURCE)
        .unit('short')
        .min(0)
        .max(1)
        .targets([
          prometheusQuery(sumBy(['pod'], selector(k8s.up.name, [NAMESPACE_MATCHER, JOB_MATCHER])), '{{pod}}'),
        ])
        .span(12),
      timeseriesPanel()
        .title('PDB disruptions allowed')
        .description('Pods the PodDisruptionBudget lets a node drain evict now. Red at 0: drains and cluster upgrades wait on this service.')
        .datasource(PROMETHEUS_DATASOURCE)
        .unit('short')
        .axisLabel('pods')
        .min(0)
        .thresholds(thresholdSteps('red', { from: 1, color: 'green' }))
        .thresholdsStyle(dashed())
        .withTarget(prometheusQuery(`max(${selector(k8s.pdbDisruptionsAllowed.name, [NAMESPACE_MATCHER, eq('poddisruptionbudget', '$job')])})`, 'disruptions allowed'))
        .span(12),
      containerStates(),
      timeseriesPanel()
        .title('Container restarts')
        .description('Container restarts per pod within each rate interval; steady restarts mean a crash loop or OOM kills (their reasons are on the state timeline).')
        .datasource(PROMETHEUS_DATASOURCE)
        .unit('short')
        .axisLabel('restarts')
        .min(0)
        .withTarget(prometheusQuery(sumBy(['pod'], increase(selector(k8s.containerRestarts.name, container))), '{{pod}}'))
        .span(12),
      timeseriesPanel()
        .title('CPU vs requests and limits')
        .description('CPU each pod uses, in cores, against the container\'s request (what the HPA target is relative to) and limit (throttling).')
        .datasource(PROMETHEUS_DATASOURCE)
        .unit('short')
        .axisLabel('cores')
        .min(0)
        .targets([
          prometheusQuery(sumBy(['pod'], rate(selector(k8s.containerCpuUsage.name, container))), '{{pod}}'),
          prometheusQuery(resource(k8s.containerResourceRequests.name, 'cpu'), 'request'),
          prometheusQuery(resource(k8s.containerResourceLimits.name, 'cpu'), 'limit'),
        ])
        .span(12),
      timeseriesPanel()
        .title('CPU throttling')
        .description(`Share of CFS scheduling periods in which each pod's container hit its CPU limit. The dashed line is the alert threshold (${percent(t.cpuThrottlingRatioMax)}).`)
        .datasource(PROMETHEUS_DATASOURCE)
        .unit('percentunit')
        .min(0)
        .thresholds(thresholdSteps('green', { from: t.cpuThrottlingRatioMax, color: 'red' }))
        .thresholdsStyle(dashed())
        .withTarget(prometheusQuery(
          `${sumBy(['pod'], rate(selector(k8s.containerCpuThrottledPeriods.name, container)))} / (${sumBy(['pod'], rate(selector(k8s.containerCpuPeriods.name, container)))} > 0)`,
          '{{pod}}'))
        .span(12),
      timeseriesPanel()
        .title('Memory vs requests and limits')
        .description('Working-set memory of each pod (what the OOM killer counts) against the container\'s request and limit; OOM kills show on the state timeline.')
        .datasource(PROMETHEUS_DATASOURCE)
        .unit('bytes')
        .min(0)
        .targets([
          prometheusQuery(sumBy(['pod'], selector(k8s.containerMemoryWorkingSet.name, container)), '{{pod}}'),
          prometheusQuery(resource(k8s.containerResourceRequests.name, 'memory'), 'request'),
          prometheusQuery(resource(k8s.containerResourceLimits.name, 'memory'), 'limit'),
        ])
        .span(12),
      ...(resolved.secrets ? [secretSync()] : []),
      ...(resolved.edge ? edgePanels(resolved) : []),
    ];
  },
};

/** Waiting reasons (CrashLoopBackOff, ImagePullBackOff, CreateContainerConfigError) and the last termination reason (OOMKilled, Error) per pod. */
function containerStates(): StateTimelinePanelBuilder {
  return new StateTimelinePanelBuilder()
    .title('Container waiting and last-terminated reasons')
    .description('Per pod: why its container waits instead of running (CrashLoopBackOff, ImagePullBackOff, CreateContainerConfigError) '
      + 'and why it last terminated (OOMKilled: the memory limit; Error: the process exited non-zero).')
    .datasource(PROMETHEUS_DATASOURCE)
    .unit('short')
    .mappings([{ type: MappingType.ValueToText, options: { 1: { text: 'yes', color: 'red' } } }])
    .showValue(VisibilityMode.Never)
    .targets([
      prometheusQuery(`max by (pod, reason) (${selector(k8s.containerWaitingReason.name, container)}) > 0`, 'waiting: {{reason}} · {{pod}}'),
      prometheusQuery(`max by (pod, reason) (${selector(k8s.containerLastTerminatedReason.name, container)}) > 0`, 'last terminated: {{reason}} · {{pod}}'),
    ])
    .span(24);
}

/** ESO's Ready condition of the service's ExternalSecret (named after the service). */
function secretSync(): TimeseriesPanelBuilder {
  return timeseriesPanel()
    .title('External Secrets sync')
    .description('1 while ESO reports the service\'s ExternalSecret Ready (synced from AWS Secrets Manager), 0 while it is not; '
      + 'no line means ESO\'s metrics are missing. A rotation shows as a sync of the new values.')
    .datasource(PROMETHEUS_DATASOURCE)
    .unit('short')
    .min(0)
    .max(1)
    .thresholds(thresholdSteps('red', { from: 1, color: 'green' }))
    .withTarget(prometheusQuery(
      objectsInNamespace('max', ['name'], eso.externalSecretCondition.name, [eq('name', '$job'), eq('condition', 'Ready'), eq('status', 'True')]),
      '{{name}} Ready'))
    .span(24);
}

function dashed(): GraphThresholdsStyleConfigBuilder {
  return new GraphThresholdsStyleConfigBuilder().mode(GraphThresholdsStyleMode.Dashed);
}

/** The public host, probed by the blackbox exporter from outside the pods. */
function edgePanels(resolved: ResolvedDeployment): cog.Builder<Panel>[] {
  const { certificateExpiryPageDays, certificateExpiryTicketDays } = alertThresholds(resolved);
  return [
    timeseriesPanel()
      .title(EDGE_PANELS.probe.panel)
      .description('Share of the blackbox exporter\'s probes of the public URL answered with a 2xx: DNS, load balancer, ingress and TLS included.')
      .datasource(PROMETHEUS_DATASOURCE)
      .unit('percentunit')
      .min(0)
      .max(1)
      .withTarget(prometheusQuery(`avg by (instance) (avg_over_time(${selector(edge.probeSuccess.name, probe)}[${RATE_INTERVAL}]))`, '{{instance}}'))
      .span(8),
    timeseriesPanel()
      .title('Public endpoint probe latency')
      .description('Seconds each probe of the public URL took, from the DNS lookup to the last byte of the answer.')
      .datasource(PROMETHEUS_DATASOURCE)
      .unit('s')
      .min(0)
      .withTarget(prometheusQuery(`max by (instance) (${selector(edge.probeDuration.name, probe)})`, '{{instance}}'))
      .span(8),
    timeseriesPanel()
      .title(EDGE_PANELS.certificate.panel)
      .description(`Days until the earliest certificate the host serves expires. Dashed lines: the ticket (${certificateExpiryTicketDays} days) and the page (${certificateExpiryPageDays} days).`)
      .datasource(PROMETHEUS_DATASOURCE)
      .unit('none')
      .axisLabel('days')
      .min(0)
      .thresholds(thresholdSteps('red', { from: certificateExpiryPageDays, color: 'orange' }, { from: certificateExpiryTicketDays, color: 'green' }))
      .thresholdsStyle(dashed())
      .withTarget(prometheusQuery(`min by (instance) ((${selector(edge.probeCertificateExpiry.name, probe)} - time()) / 86400)`, '{{instance}}'))
      .span(8),
    timeseriesPanel()
      .title(EDGE_PANELS.certificateReady.panel)
      .description(`1 while cert-manager reports Certificate ${resolved.edge?.certificate} Ready (its Secret holds a valid certificate for the host), `
        + '0 while it is not: clients are refused. No line: cert-manager\'s metrics are missing.')
      .datasource(PROMETHEUS_DATASOURCE)
      .unit('short')
      .min(0)
      .max(1)
      .thresholds(thresholdSteps('red', { from: 1, color: 'green' }))
      .withTarget(prometheusQuery(objectsInNamespace('min', ['name'], edge.certificateReady.name,
        [eq('name', jobScoped(resolved, resolved.edge?.certificate ?? '')), eq('condition', 'True')]), '{{name}} Ready'))
      .span(24),
  ];
}

/** A name derived from the service's (`<service>-tls`) written with `$job`, so the query follows the dashboard's job variable. */
function jobScoped(resolved: ResolvedDeployment, name: string): string {
  const service = resolved.service.name;
  return name.startsWith(service) ? `$job${name.slice(service.length)}` : name;
}

/** The per-pod request or limit of the service's container: the same for every pod. */
function resource(series: string, kind: 'cpu' | 'memory'): string {
  return `max(${selector(series, [...container, eq('resource', kind)])})`;
}
