import { defineMetricCatalog } from './metric-catalog';

/**
 * Series that every service gets from the platform rather than from its own code, as
 * kube-prometheus-stack scrapes them: Prometheus's `up` per scrape target,
 * kube-state-metrics (with `honorLabels`, so `namespace` is the object's own namespace)
 * and the kubelet's cAdvisor endpoint for container usage. Alerts and dashboards refer
 * to these entries, never to retyped names.
 */
export const kubernetesMetrics = defineMetricCatalog({
  up: {
    name: 'up', type: 'gauge', help: '1 when the last scrape of the target succeeded, 0 when it failed',
    labels: ['namespace', 'job', 'pod', 'instance'], unit: 'boolean',
  },
  hpaCurrentReplicas: {
    name: 'kube_horizontalpodautoscaler_status_current_replicas', type: 'gauge', help: 'Replicas the HPA currently runs',
    labels: ['namespace', 'horizontalpodautoscaler'], unit: 'replicas',
  },
  hpaMaxReplicas: {
    name: 'kube_horizontalpodautoscaler_spec_max_replicas', type: 'gauge', help: 'Upper bound the HPA may scale to',
    labels: ['namespace', 'horizontalpodautoscaler'], unit: 'replicas',
  },
  podReady: {
    name: 'kube_pod_status_ready', type: 'gauge', help: '1 for the pod\'s current Ready condition (true, false or unknown)',
    labels: ['namespace', 'pod', 'condition'], unit: 'boolean',
  },
  podPhase: {
    name: 'kube_pod_status_phase', type: 'gauge', help: '1 for the pod\'s current phase',
    labels: ['namespace', 'pod', 'phase'], unit: 'boolean',
  },
  containerWaitingReason: {
    name: 'kube_pod_container_status_waiting_reason', type: 'gauge', help: '1 while the container waits, for the reason given',
    labels: ['namespace', 'pod', 'container', 'reason'], unit: 'boolean',
  },
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
  deploymentSpecReplicas: {
    name: 'kube_deployment_spec_replicas', type: 'gauge', help: 'Replicas the Deployment asks for; present while the Deployment exists',
    labels: ['namespace', 'deployment'], unit: 'pods',
  },
  deploymentCondition: {
    name: 'kube_deployment_status_condition', type: 'gauge', help: '1 for each current status of each condition (Available, Progressing) of the Deployment',
    labels: ['namespace', 'deployment', 'condition', 'status'], unit: 'boolean',
  },
  deploymentGeneration: {
    name: 'kube_deployment_metadata_generation', type: 'gauge', help: 'Generation of the Deployment spec, bumped by every change',
    labels: ['namespace', 'deployment'], unit: 'generation',
  },
  deploymentObservedGeneration: {
    name: 'kube_deployment_status_observed_generation', type: 'gauge', help: 'Generation the Deployment controller last acted on',
    labels: ['namespace', 'deployment'], unit: 'generation',
  },
  deploymentReplicasUpdated: {
    name: 'kube_deployment_status_replicas_updated', type: 'gauge', help: 'Pods of the Deployment that run its latest pod template',
    labels: ['namespace', 'deployment'], unit: 'pods',
  },
  deploymentReplicasUnavailable: {
    name: 'kube_deployment_status_replicas_unavailable', type: 'gauge',
    help: 'Replicas the Deployment asks for that are not available: pending, not ready, or never created (quota, admission)',
    labels: ['namespace', 'deployment'], unit: 'pods',
  },
  pdbDisruptionsAllowed: {
    name: 'kube_poddisruptionbudget_status_pod_disruptions_allowed', type: 'gauge', help: 'Pods the PodDisruptionBudget lets a drain evict now',
    labels: ['namespace', 'poddisruptionbudget'], unit: 'pods',
  },
  containerLastTerminatedReason: {
    name: 'kube_pod_container_status_last_terminated_reason', type: 'gauge', help: '1 for the reason the container last terminated, e.g. OOMKilled',
    labels: ['namespace', 'pod', 'container', 'reason'], unit: 'boolean',
  },
  containerCpuPeriods: {
    name: 'container_cpu_cfs_periods_total', type: 'counter', help: 'CFS scheduling periods in which the container could run (cAdvisor)',
    labels: ['namespace', 'pod', 'container', 'node'], unit: 'periods',
  },
  containerCpuThrottledPeriods: {
    name: 'container_cpu_cfs_throttled_periods_total', type: 'counter', help: 'CFS periods in which the container hit its CPU limit (cAdvisor)',
    labels: ['namespace', 'pod', 'container', 'node'], unit: 'periods',
  },
});
