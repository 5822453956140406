import { defineMetricCatalog } from './metric-catalog';

/**
 * Workload series kube-prometheus-stack scrapes that `kubernetesMetrics` does not list
 * yet: kube-state-metrics (with `honorLabels`, so `namespace` is the object's own) for
 * replicas, resources and container state, and the kubelet's cAdvisor endpoint for
 * container usage. Dashboards refer to these entries, never to retyped names.
 */
export const kubernetesWorkloadMetrics = defineMetricCatalog({
  deploymentReplicas: {
    name: 'kube_deployment_status_replicas', type: 'gauge', help: 'Pods the Deployment currently runs',
    labels: ['namespace', 'deployment'], unit: 'pods',
  },
  deploymentReplicasAvailable: {
    name: 'kube_deployment_status_replicas_available', type: 'gauge', help: 'Pods of the Deployment available to serve',
    labels: ['namespace', 'deployment'], unit: 'pods',
  },
  hpaMinReplicas: {
    name: 'kube_horizontalpodautoscaler_spec_min_replicas', type: 'gauge', help: 'Lower bound the HPA may scale to',
    labels: ['namespace', 'horizontalpodautoscaler'], unit: 'pods',
  },
  hpaDesiredReplicas: {
    name: 'kube_horizontalpodautoscaler_status_desired_replicas', type: 'gauge', help: 'Replicas the HPA last asked for',
    labels: ['namespace', 'horizontalpodautoscaler'], unit: 'pods',
  },
  containerResourceRequests: {
    name: 'kube_pod_container_resource_requests', type: 'gauge',
    help: 'Resource requests of a container; `resource` is cpu (cores) or memory (bytes)',
    labels: ['namespace', 'pod', 'container', 'node', 'resource', 'unit'], unit: 'cores or bytes',
  },
  containerResourceLimits: {
    name: 'kube_pod_container_resource_limits', type: 'gauge',
    help: 'Resource limits of a container; `resource` is cpu (cores) or memory (bytes)',
    labels: ['namespace', 'pod', 'container', 'node', 'resource', 'unit'], unit: 'cores or bytes',
  },
  containerRestarts: {
    name: 'kube_pod_container_status_restarts_total', type: 'counter', help: 'Restarts of a container',
    labels: ['namespace', 'pod', 'container'], unit: 'restarts',
  },
  containerReady: {
    name: 'kube_pod_container_status_ready', type: 'gauge', help: '1 while the container passes its readiness probe, else 0',
    labels: ['namespace', 'pod', 'container'], unit: 'boolean',
  },
  containerCpuUsage: {
    name: 'container_cpu_usage_seconds_total', type: 'counter', help: 'CPU time a container consumed (cAdvisor)',
    labels: ['namespace', 'pod', 'container', 'node'], unit: 'seconds',
  },
  containerMemoryWorkingSet: {
    name: 'container_memory_working_set_bytes', type: 'gauge', help: 'Memory of a container that the OOM killer counts (cAdvisor)',
    labels: ['namespace', 'pod', 'container', 'node'], unit: 'bytes',
  },
});
