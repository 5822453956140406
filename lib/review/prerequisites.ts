import { BLACKBOX_EXPORTER_DEFAULTS } from '../monitoring/edge-probe';
import { MIN_EXTERNAL_SECRETS_VERSION } from './preflight';

/**
 * What a cluster must run before `kubectl apply -f dist/<env>/` works, with minimum
 * versions; `dist/<env>/preflight.sh` checks the same list read-only.
 */
export const CLUSTER_PREREQUISITES: readonly (readonly [string, string])[] = [
  ['Kubernetes ≥ 1.28', 'autoscaling/v2, policy/v1 with `unhealthyPodEvictionPolicy`, `matchLabelKeys` on topology spread, Pod Security `restricted` v1.28'],
  [`External Secrets Operator ≥ ${MIN_EXTERNAL_SECRETS_VERSION}`, 'serves `external-secrets.io/v1`; its metrics must be scraped (chart value `serviceMonitor.enabled: true`), '
    + 'or the secret-sync alert stays silent (the ESO-metrics-absent alert says so)'],
  ['Prometheus Operator (kube-prometheus-stack) with the CRDs pinned in `crds/` (operator 0.93)', 'Prometheus selecting ServiceMonitors, Probes and PrometheusRules by the environment\'s '
    + '`monitoringSelector` in every namespace, keeping at least the SLO period plus an hour of data (`retention: 31d`; '
    + 'the chart\'s default 10d never lets the exhausted-budget ticket judge a 30-day budget); Alertmanager selecting AlertmanagerConfigs '
    + 'by `alertRouting.configSelector`, matcher strategy `OnNamespace`'],
  ['A dead man\'s switch outside the cluster (healthchecks.io, Dead Man\'s Snitch or a PagerDuty heartbeat)', 'one check per environment, '
    + 'pinged by the always-firing heartbeat alert; it pages when the pings stop (see "The pager\'s own health")'],
  ['kube-state-metrics and the kubelet\'s cAdvisor, scraped', 'workload, outage and capacity alerts and the Workload dashboards read them'],
  ['Grafana with the dashboard sidecar', 'label `grafana_dashboard: "1"`, `folderAnnotation: grafana_folder`, watching every namespace'],
  ['Stakater Reloader', 'rolls a Deployment when the Secret it reads changes (`secret.reloader.stakater.com/reload`), so rotations reach the pods'],
  ['ingress-nginx ≥ 1.9 (IngressClass `nginx`) and cert-manager ≥ 1.12', 'public hosts and their TLS certificates, from the ClusterIssuers the environments name; '
    + 'cert-manager\'s metrics scraped (chart value `prometheus.servicemonitor.enabled: true`), or the certificate Ready alert stays silent (the cert-manager-metrics-absent alert says so)'],
  [`Prometheus blackbox exporter with module \`${BLACKBOX_EXPORTER_DEFAULTS.module}\``, 'probes each public host from outside its pods (the services\' `Probe` objects); '
    + `its Service at each environment's \`blackboxExporter.address\` (default \`${BLACKBOX_EXPORTER_DEFAULTS.serviceName}.<monitoringNamespace>.svc:${BLACKBOX_EXPORTER_DEFAULTS.port}\`, `
    + 'the prometheus-community chart as release `prometheus-blackbox-exporter`), with `blackboxExporter.module` in its configuration, and egress to the public hosts'],
  ['A CNI that enforces NetworkPolicy, egress included', 'Calico, Cilium or the VPC CNI\'s network policy agent: the egress rules keep pods off the node metadata endpoint'],
  ['kubectl ≥ 1.27', '`--prune --applyset` (with `KUBECTL_APPLYSET=true`) deletes what left `dist/<env>/`'],
  ['AWS IRSA', 'an OIDC provider for the cluster; each `*-secrets-reader` ServiceAccount\'s role trusts `system:serviceaccount:<namespace>:<service>-secrets-reader`; '
    + 'Secrets Manager holds every key under each environment\'s prefix (docs/SECRETS_ROTATION_POLICY.md)'],
];

/**
 * What an environment may add, and what it then needs; nothing generated depends on it
 * and preflight.sh does not check it.
 */
export const OPTIONAL_PREREQUISITES: readonly (readonly [string, string])[] = [
  ['A global ruler and query view over every cluster: Thanos (Ruler and Querier over each Prometheus\'s sidecar) or Mimir (ruler, fed by remote write)',
    'for fleet-wide dashboards, and SLOs read across clusters (docs/runbooks/slo.md). Each cluster\'s Prometheus must carry the external label '
    + '`cluster` (`prometheus.prometheusSpec.externalLabels.cluster` in kube-prometheus-stack), unique per cluster: the rules aggregate and join '
    + 'by it, Alertmanager groups and inhibits by it, and the dashboards\' `cluster` variable lists it. The same PrometheusRules load unchanged '
    + 'into the global ruler; keep them in each cluster\'s Prometheus too, where the `absent()` alerts mean "absent in this cluster" (docs/ALERTING.md, Clusters)'],
];

export function renderPrerequisites(): string[] {
  return [
    '## Before the first apply',
    '',
    'The cluster must already run (`bash dist/<environment>/preflight.sh` checks it read-only):',
    '',
    ...CLUSTER_PREREQUISITES.map(([what, why]) => `- **${what}**: ${why}.`),
    '',
    'Optional:',
    '',
    ...OPTIONAL_PREREQUISITES.map(([what, why]) => `- **${what}**: ${why}.`),
  ];
}
