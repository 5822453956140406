import { environmentSelector } from '../charts/environment-labels';
import { BLACKBOX_EXPORTER_DEFAULTS } from '../monitoring/edge-probe';
import { RELOADER_RELOADED_FROM_ANNOTATION } from '../workload/http-service';
import type { ResolvedEnvironment } from '../plan/resolved-deployment';
import { GATEWAY_DEFAULTS, type ResolvedPublicRoute } from '../workload/public-route';
import { MIN_EXTERNAL_SECRETS_VERSION, MIN_GATEWAY_API_VERSION } from './preflight';

/**
 * What a cluster must run before `kubectl apply -R -f dist/<env>/<cluster>/` works, with minimum
 * versions; `dist/<env>/<cluster>/preflight.sh` checks the same list read-only.
 */
export const CLUSTER_PREREQUISITES: readonly (readonly [string, string])[] = [
  ['Kubernetes ≥ 1.28', 'autoscaling/v2, policy/v1 with `unhealthyPodEvictionPolicy`, `matchLabelKeys` on topology spread, Pod Security `restricted` v1.28'],
  [`External Secrets Operator ≥ ${MIN_EXTERNAL_SECRETS_VERSION}`, 'serves `external-secrets.io/v1`; its metrics must be scraped (chart value `serviceMonitor.enabled: true`), '
    + 'or the secret-sync alert stays silent (the ESO-metrics-absent alert says so)'],
  ['Prometheus Operator (kube-prometheus-stack) with the CRDs pinned in `crds/` (operator 0.93)', 'Prometheus selecting ServiceMonitors, Probes and PrometheusRules by the environment\'s '
    + '`monitoringSelector` in every namespace, keeping at least the SLO period plus an hour of data (`retention: 31d`; '
    + 'the chart\'s default 10d never lets the exhausted-budget ticket judge a 30-day budget); Alertmanager selecting AlertmanagerConfigs '
    + 'by `alertRouting.configSelector`, matcher strategy `OnNamespace`'],
  ['A dead man\'s switch outside the cluster (healthchecks.io, Dead Man\'s Snitch or a PagerDuty heartbeat)', 'one check per cluster, '
    + 'pinged by the always-firing heartbeat alert; it pages when the pings stop (see "The pager\'s own health")'],
  ['kube-state-metrics and the kubelet\'s cAdvisor, scraped', 'workload, outage and capacity alerts and the Workload dashboards read them'],
  ['Grafana with the dashboard sidecar', 'label `grafana_dashboard: "1"`, `folderAnnotation: grafana_folder`, watching every namespace'],
  ['Stakater Reloader, with the `annotations` reload strategy (`--reload-strategy=annotations`, chart value `reloader.reloadStrategy: annotations`)',
    'rolls a Deployment when the Secret it reads changes (`secret.reloader.stakater.com/reload`), so rotations reach the pods. The strategy matters under '
    + 'Argo CD or Flux: the default `env-vars` adds an environment variable to the containers, which self-heal reverts (rolling the pods once more, without it); '
    + `the \`annotations\` strategy writes only \`${RELOADER_RELOADED_FROM_ANNOTATION}\` in the pod template, which the Applications ignore `
    + '(`ignoreDifferences`, lib/delivery/argo-cd-chart.ts) and Flux leaves to its owner'],
  [`Gateway API CRDs ≥ ${MIN_GATEWAY_API_VERSION} (standard channel) and a conformant implementation`, 'serves `gateway.networking.k8s.io/v1` Gateway, HTTPRoute and '
    + 'ReferenceGrant; its GatewayClass Accepted. ingress-nginx was retired in March 2026 and is not used'],
  ['The environment\'s shared Gateway, run by the platform team (never applied from `dist/`)', `\`gateway.name\` in \`gateway.namespace\` `
    + `(defaults \`${GATEWAY_DEFAULTS.name('<environment>')}\` in \`${GATEWAY_DEFAULTS.namespace}\`), Accepted and Programmed, with one HTTPS listener per public host `
    + '(listed per environment below, with the YAML to add); its proxies run in that namespace, the one the services\' network policies admit to their HTTP ports'],
  ['cert-manager ≥ 1.15', 'issues each public host\'s Certificate (emitted with the service) from the ClusterIssuer the environment names, which must solve '
    + 'for the host without ingress-nginx: DNS-01, or HTTP-01 with a `gatewayHTTPRoute` solver on the Gateway\'s port-80 listener (cert-manager started with '
    + 'Gateway API support, `config.enableGatewayAPI: true`). A host that several clusters serve (DNS steering between them) needs DNS-01: an HTTP-01 '
    + 'challenge may reach the other cluster and fail; cert-manager\'s metrics scraped (chart value `prometheus.servicemonitor.enabled: true`), '
    + 'or the certificate Ready alert stays silent (the cert-manager-metrics-absent alert says so)'],
  [`Prometheus blackbox exporter with module \`${BLACKBOX_EXPORTER_DEFAULTS.module}\``, 'probes each public host from outside its pods (the services\' `Probe` objects); '
    + `its Service at each environment's \`blackboxExporter.address\` (default \`${BLACKBOX_EXPORTER_DEFAULTS.serviceName}.<monitoringNamespace>.svc:${BLACKBOX_EXPORTER_DEFAULTS.port}\`, `
    + 'the prometheus-community chart as release `prometheus-blackbox-exporter`), with `blackboxExporter.module` in its configuration, and egress to the public hosts'],
  ['A CNI that enforces NetworkPolicy, egress included', 'Calico, Cilium or the VPC CNI\'s network policy agent: the egress rules keep pods off the node metadata endpoint'],
  ['kubectl ≥ 1.27', '`--prune --applyset` (with `KUBECTL_APPLYSET=true`) deletes what left `dist/<env>/<cluster>/`'],
  ['AWS IRSA', 'an OIDC provider for the cluster; each `*-secrets-reader` ServiceAccount\'s role trusts `system:serviceaccount:<namespace>:<service>-secrets-reader` '
    + 'through the OIDC provider of every cluster that uses it (a role an environment\'s clusters share trusts each of them, and may read the secret in each region); '
    + 'the Secrets Manager of each cluster\'s region holds every key under the environment\'s prefix (docs/SECRETS_ROTATION_POLICY.md)'],
  ['With Argo CD: Argo CD ≥ 2.10 on a hub cluster', 'server-side diff and apply (`ServerSideDiff=true`); the ApplicationSet controller started with '
    + '`applicationsetcontroller.enable.policy.override: "true"` (argocd-cmd-params-cm), or it ignores each ApplicationSet\'s `applicationsSync` policy and '
    + 'production\'s `create-update` (never delete an Application) falls back to the controller\'s default `sync`'],
  ['With Flux: Flux ≥ 2.5 in each cluster', 'Kustomization `healthCheckExprs`, which judge ExternalSecrets, SecretStores and Certificates by their Ready condition, '
    + 'so the workloads wait for their Secrets (lib/delivery/flux-chart.ts)'],
];

/**
 * What an environment may add, and what it then needs; nothing generated depends on it
 * and preflight.sh does not check it.
 */
const OPTIONAL_PREREQUISITES: readonly (readonly [string, string])[] = [
  ['A global ruler and query view over every cluster: Thanos (Ruler and Querier over each Prometheus\'s sidecar) or Mimir (ruler, fed by remote write)',
    'for fleet-wide dashboards, and SLOs read across clusters (docs/runbooks/slo.md). Each cluster\'s Prometheus must carry the external label '
    + '`cluster` (`prometheus.prometheusSpec.externalLabels.cluster` in kube-prometheus-stack) with the value its cluster\'s `label` names '
    + '(default `<environment>-<cluster>`, listed per environment below; each `preflight.sh` checks it, which also tells a run against the wrong cluster), unique in the fleet: the rules aggregate and join '
    + 'by it, Alertmanager groups and inhibits by it, and the dashboards\' `cluster` variable lists it. The same PrometheusRules load unchanged '
    + 'into the global ruler; keep them in each cluster\'s Prometheus too, where the `absent()` alerts mean "absent in this cluster" (docs/ALERTING.md, Clusters)'],
];

export function renderPrerequisites(): string[] {
  return [
    '## Before the first apply',
    '',
    'The cluster must already run (`bash dist/<environment>/<cluster>/preflight.sh` checks it read-only):',
    '',
    ...CLUSTER_PREREQUISITES.map(([what, why]) => `- **${what}**: ${why}.`),
    '',
    'Optional:',
    '',
    ...OPTIONAL_PREREQUISITES.map(([what, why]) => `- **${what}**: ${why}.`),
  ];
}

/**
 * What the platform team adds to the environment's Gateway for its public hosts: one HTTPS
 * listener per host, as YAML to paste under the Gateway's `spec.listeners`. One listener
 * per host because a single certificate per listener is Gateway API's Core support (more
 * are implementation-specific), and the certificates are per host (lib/workload/public-route.ts).
 */
export function renderGatewayListeners(environment: Pick<ResolvedEnvironment, 'name' | 'namespace' | 'gateway'>, routes: readonly ResolvedPublicRoute[]): string[] {
  if (routes.length === 0) return [];
  const { namespace, gateway } = environment;
  return [
    `Public hosts attach to Gateway \`${gateway.namespace}/${gateway.name}\` (a prerequisite; \`preflight.sh\` checks each listener). `
      + 'Each host\'s Certificate and Secret live in this namespace, issued by cert-manager from the Certificate in the service\'s file; '
      + 'the service\'s ReferenceGrant lets the Gateway read that Secret. The Gateway needs these listeners:',
    '',
    '```yaml',
    ...routes.flatMap((route) => [
      `- name: ${route.listener}`,
      '  protocol: HTTPS',
      '  port: 443',
      `  hostname: ${route.host}`,
      '  tls:',
      '    mode: Terminate',
      '    certificateRefs:',
      `      - { kind: Secret, name: ${route.tlsSecretName}, namespace: ${namespace} }`,
      '  allowedRoutes:',
      '    namespaces:',
      '      from: Selector',
      `      selector: { matchLabels: { kubernetes.io/metadata.name: ${namespace} } }`,
    ]),
    '```',
    '',
    'Moving from ingress-nginx, once: cert-manager\'s ingress-shim made a Certificate of the same name owned by the old Ingress, and '
      + 'pruning the Ingress would garbage-collect the Certificate this apply adopted. Before the first apply of the routes, delete those '
      + `Certificates (\`kubectl delete certificate -n ${namespace} ${routes.map((route) => route.tlsSecretName).join(' ')}\`): their Secrets stay, `
      + 'the Gateway serves them and the new Certificates take them over without a new issuance. Without ApplySet, the prune above no longer '
      + `lists Ingress: delete the old ones by hand (\`kubectl delete ingress -n ${namespace} -l ${environmentSelector(environment.name)}\`).`,
  ];
}
