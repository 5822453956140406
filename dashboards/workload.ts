import type * as cog from '@grafana/grafana-foundation-sdk/cog';
import type { Panel } from '@grafana/grafana-foundation-sdk/dashboard';
import {
  eq, increase, NAMESPACE_MATCHER, PROMETHEUS_DATASOURCE, prometheusQuery, rate, RATE_INTERVAL, selector, sumBy,
} from '../lib/grafana/dashboard-queries';
import { GraphThresholdsStyleConfigBuilder, GraphThresholdsStyleMode } from '@grafana/grafana-foundation-sdk/common';
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
/** The service's Probe labels its series with the service's name (lib/monitoring/edge-probe.ts). */
const probe = [NAMESPACE_MATCHER, eq('service', '$job')];

/**
 * Replicas, resources and pod health of any service, from kube-state-metrics and cAdvisor;
 * for a service with a public host, its black-box probe and certificate too.
 */
export const workloadDashboard: DashboardDefinition = {
  slug: 'workload',
  title: 'Workload',
  description: 'Replicas against the autoscaler bounds, CPU and memory against requests and limits, restarts and readiness.',
  panels: (resolved: ResolvedDeployment): cog.Builder<Panel>[] => [
    timeseriesPanel()
      .title('Replicas vs HPA min / max')
      .description('Pods the Deployment runs and how many are available, between the HPA bounds and its desired count.')
      .datasource(PROMETHEUS_DATASOURCE)
      .unit('short')
      .axisLabel('pods')
      .min(0)
      .targets([
        prometheusQuery(sumBy([], selector(k8s.deploymentReplicas.name, deployment)), 'replicas'),
        prometheusQuery(sumBy([], selector(k8s.deploymentReplicasAvailable.name, deployment)), 'available'),
        prometheusQuery(sumBy([], selector(k8s.hpaDesiredReplicas.name, autoscaler)), 'HPA desired'),
        prometheusQuery(sumBy([], selector(k8s.hpaMinReplicas.name, autoscaler)), 'HPA min'),
        prometheusQuery(sumBy([], selector(k8s.hpaMaxReplicas.name, autoscaler)), 'HPA max'),
      ])
      .span(12),
    timeseriesPanel()
      .title('Pods not ready')
      .description('Pods of the service whose container fails its readiness probe: out of the Service endpoints.')
      .datasource(PROMETHEUS_DATASOURCE)
      .unit('short')
      .axisLabel('pods')
      .min(0)
      .withTarget(prometheusQuery(sumBy([], `1 - ${selector(k8s.containerReady.name, container)}`), 'not ready'))
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
      .title('Memory vs requests and limits')
      .description('Working-set memory of each pod (what the OOM killer counts) against the container\'s request and limit.')
      .datasource(PROMETHEUS_DATASOURCE)
      .unit('bytes')
      .min(0)
      .targets([
        prometheusQuery(sumBy(['pod'], selector(k8s.containerMemoryWorkingSet.name, container)), '{{pod}}'),
        prometheusQuery(resource(k8s.containerResourceRequests.name, 'memory'), 'request'),
        prometheusQuery(resource(k8s.containerResourceLimits.name, 'memory'), 'limit'),
      ])
      .span(12),
    timeseriesPanel()
      .title('Container restarts')
      .description('Container restarts per pod within each rate interval; steady restarts mean a crash loop or OOM kills.')
      .datasource(PROMETHEUS_DATASOURCE)
      .unit('short')
      .axisLabel('restarts')
      .min(0)
      .withTarget(prometheusQuery(sumBy(['pod'], increase(selector(k8s.containerRestarts.name, container))), '{{pod}}'))
      .span(24),
    ...(resolved.edge ? edgePanels(resolved) : []),
  ],
};

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
      .thresholdsStyle(new GraphThresholdsStyleConfigBuilder().mode(GraphThresholdsStyleMode.Dashed))
      .withTarget(prometheusQuery(`min by (instance) ((${selector(edge.probeCertificateExpiry.name, probe)} - time()) / 86400)`, '{{instance}}'))
      .span(8),
  ];
}

/** The per-pod request or limit of the service's container: the same for every pod. */
function resource(series: string, kind: 'cpu' | 'memory'): string {
  return `max(${selector(series, [...container, eq('resource', kind)])})`;
}
