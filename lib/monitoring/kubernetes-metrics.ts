import { defineMetricCatalog } from './metric-catalog';

/**
 * Series that every service gets from the platform rather than from its own code:
 * Prometheus's `up` per scrape target, and kube-state-metrics as kube-prometheus-stack
 * deploys it (with `honorLabels`, so `namespace` is the object's namespace).
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
});
