import { defineMetricCatalog } from './metric-catalog';

/**
 * Series about a service's public host, from outside its pods. The blackbox exporter's
 * `probe_*` series come through the service's Probe (edge-probe.ts), so they carry the
 * Probe's static labels `namespace` and `service` (the service's name, as `$job` in the
 * dashboards), and on top the target labels `job` (`probe/<namespace>/<probe>`) and
 * `instance` (the URL probed). cert-manager's series describe the Certificate of the
 * host; like ESO's, their own `namespace` label ends up in `exported_namespace` when
 * cert-manager's ServiceMonitor does not honor labels (its Helm chart's default).
 */
export const edgeMetrics = defineMetricCatalog({
  probeSuccess: {
    name: 'probe_success', type: 'gauge', help: '1 when the blackbox exporter\'s last probe of the target succeeded, else 0',
    labels: ['namespace', 'service'], unit: 'boolean',
  },
  probeDuration: {
    name: 'probe_duration_seconds', type: 'gauge', help: 'Seconds the last probe took, DNS, connect, TLS and the response included',
    labels: ['namespace', 'service'], unit: 'seconds',
  },
  probeCertificateExpiry: {
    name: 'probe_ssl_earliest_cert_expiry', type: 'gauge', help: 'Unix time the earliest-expiring certificate of the served chain expires',
    labels: ['namespace', 'service'], unit: 'unixtime',
  },
  certificateReady: {
    name: 'certmanager_certificate_ready_status', type: 'gauge',
    help: '1 for the Certificate\'s current Ready condition status (True, False or Unknown), else 0',
    labels: ['namespace', 'name', 'condition'], unit: 'boolean',
  },
});
