import type * as cog from '@grafana/grafana-foundation-sdk/cog';
import type { Panel } from '@grafana/grafana-foundation-sdk/dashboard';
import {
  eq, increase, NAMESPACE_MATCHER, PROMETHEUS_DATASOURCE, prometheusQuery, rate, selector, sumBy,
} from '../lib/grafana/dashboard-queries';
import type { DashboardDefinition } from '../lib/grafana/service-dashboard';
import { timeseriesPanel } from '../lib/grafana/timeseries-panel';
import { kubernetesMetrics as k8s } from '../lib/monitoring/kubernetes-metrics';

/*
 * The Deployment, its HPA, its container and the Service (hence the scrape `job`) all
 * carry the service's name, so `$job` selects the workload's kube-state-metrics and
 * cAdvisor series too.
 */
const deployment = [NAMESPACE_MATCHER, eq('deployment', '$job')];
const autoscaler = [NAMESPACE_MATCHER, eq('horizontalpodautoscaler', '$job')];
const container = [NAMESPACE_MATCHER, eq('container', '$job')];

/** Replicas, resources and pod health of any service, from kube-state-metrics and cAdvisor. */
export const workloadDashboard: DashboardDefinition = {
  slug: 'workload',
  title: 'Workload',
  description: 'Replicas against the autoscaler bounds, CPU and memory against requests and limits, restarts and readiness.',
  panels: (): cog.Builder<Panel>[] => [
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
  ],
};

/** The per-pod request or limit of the service's container: the same for every pod. */
function resource(series: string, kind: 'cpu' | 'memory'): string {
  return `max(${selector(series, [...container, eq('resource', kind)])})`;
}
