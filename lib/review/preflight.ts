import { check } from '../validation/errors';
import { checkDnsLabel, checkDnsSubdomain, checkLabelValue } from '../validation/names';
import type { Placeholder } from './placeholders';

/**
 * `dist/<env>/<cluster>/preflight.sh`: read-only checks that a cluster can take the environment
 * before anything is applied: the API versions and CRDs the manifests use, the namespace,
 * a Prometheus that picks up the ServiceMonitors and PrometheusRules, an Alertmanager,
 * the shared Gateway (its class, conditions and each public host's listener) and the
 * cert-manager issuers, the blackbox exporter and a Prometheus
 * selecting the Probes (when a service is public), Stakater Reloader, the External Secrets
 * operator's version, an ApplySet parent kubectl can take over, and no placeholder
 * value left in the environment's specs. Each check prints
 * PASS or FAIL; the script exits 1 when any failed. It runs only `kubectl get`,
 * `kubectl api-versions` and `kubectl auth can-i`.
 */

/** API versions the synthesized objects use (external-secrets.io/v1 needs ESO >= 0.16). */
export const REQUIRED_API_VERSIONS: readonly string[] = [
  'apps/v1', 'autoscaling/v2', 'policy/v1', 'networking.k8s.io/v1',
  'monitoring.coreos.com/v1', 'monitoring.coreos.com/v1alpha1', 'external-secrets.io/v1',
];

export const REQUIRED_CRDS: readonly string[] = [
  'servicemonitors.monitoring.coreos.com', 'prometheusrules.monitoring.coreos.com',
  'externalsecrets.external-secrets.io', 'secretstores.external-secrets.io',
];

/** What a public host needs of the Gateway's listener it attaches to. */
export interface PreflightListener {
  readonly name: string;
  readonly host: string;
  /** The host's certificate Secret, in the environment's namespace. */
  readonly secretName: string;
}

/** What the public routes add: their API versions and CRDs. */
const PUBLIC_ROUTE_API_VERSIONS: readonly string[] = ['gateway.networking.k8s.io/v1', 'cert-manager.io/v1'];
const PUBLIC_ROUTE_CRDS: readonly string[] = [
  'gateways.gateway.networking.k8s.io', 'httproutes.gateway.networking.k8s.io', 'referencegrants.gateway.networking.k8s.io',
  'certificates.cert-manager.io', 'clusterissuers.cert-manager.io',
];

/** First External Secrets release serving external-secrets.io/v1. */
export const MIN_EXTERNAL_SECRETS_VERSION = '0.16.0';
/** The first Gateway API release that serves ReferenceGrant at v1. */
export const MIN_GATEWAY_API_VERSION = 'v1.5.0';

export interface PreflightInput {
  /** `staging`, `production`: names the script and its output. */
  readonly environment: string;
  /**
   * The cluster of the environment the script is for: it then lives in `dist/<env>/<cluster>/`
   * and checks, before the namespace and monitoring, that kubectl points at that cluster, by the `cluster` external label
   * of its Prometheus. @default none: one cluster, `dist/<env>/`
   */
  readonly cluster?: { readonly name: string; readonly label: string };
  readonly namespace: string;
  /** File under the script's folder that creates the namespace, named in the hint when it is missing. @default "00-namespace.k8s.yaml" */
  readonly namespaceFile?: string;
  /** Labels the Prometheus operator must select the ServiceMonitors and PrometheusRules by. */
  readonly monitoringSelector: Readonly<Record<string, string>>;
  /** @default REQUIRED_API_VERSIONS */
  readonly apiVersions?: readonly string[];
  /** @default REQUIRED_CRDS (plus PUBLIC_ROUTE_CRDS with `gateway`) */
  readonly crds?: readonly string[];
  /**
   * When any service is public: the shared Gateway its routes attach to, the listener each
   * public host needs on it, and the ClusterIssuers its Certificates use. @default none
   */
  readonly gateway?: {
    readonly name: string;
    readonly namespace: string;
    readonly listeners: readonly PreflightListener[];
    readonly clusterIssuers: readonly string[];
  };
  /** Require the Stakater Reloader deployment (restarts pods when their secrets rotate). @default true */
  readonly requireReloader?: boolean;
  /** @default MIN_EXTERNAL_SECRETS_VERSION */
  readonly minExternalSecretsVersion?: string;
  /** The environment's ApplySet parent, if it is deployed with `--applyset`. @default none */
  readonly applySet?: { readonly resource: string; readonly name: string; readonly id: string };
  /** Placeholder values still in the specs this environment deploys: each one fails the preflight. @default none */
  readonly placeholders?: readonly Placeholder[];
  /**
   * When any service is public: the blackbox exporter's Service its Probes name, and their
   * module. Adds the Probe CRD, the Service and a Prometheus selecting the Probes. @default none
   */
  readonly blackboxExporter?: { readonly serviceName: string; readonly namespace: string; readonly port: number; readonly module: string };
}

/** One Prometheus per line for `{{range .items}}`: `namespace|name|`, then selector|matchLabels for each of `fields`. */
const prometheusRowTemplate = (fields: readonly string[]) => [
  '{{.metadata.namespace}}|{{.metadata.name}}',
  ...fields.map((field) => `|{{printf "%v" .spec.${field}}}|{{with .spec.${field}}}{{range $k, $v := .matchLabels}}{{$k}}={{$v}} {{end}}{{end}}`),
  '{{"\\n"}}',
].join('');

/** For ServiceMonitors and rules: selector|matchLabels|namespaceSelector|matchLabels. */
export const PROMETHEUS_ROW_TEMPLATE = prometheusRowTemplate(['serviceMonitorSelector', 'serviceMonitorNamespaceSelector', 'ruleSelector', 'ruleNamespaceSelector']);

/** For Probes: probeSelector|matchLabels|probeNamespaceSelector|matchLabels. */
export const PROBE_ROW_TEMPLATE = prometheusRowTemplate(['probeSelector', 'probeNamespaceSelector']);

const quote = (value: string) => `'${value.replace(/'/g, `'\\''`)}'`;
/** A bash array literal: `('a' 'b')`. */
const array = (values: readonly string[]) => `(${values.map(quote).join(' ')})`;
const labelPairs = (labels: Readonly<Record<string, string>>) => ` ${Object.entries(labels).map(([k, v]) => `${k}=${v}`).join(' ')} `;

const HELPERS = String.raw`set -uo pipefail

failures=0
checks=0
pass() { checks=$((checks + 1)); printf 'PASS %s\n' "$1"; }
fail() { checks=$((checks + 1)); failures=$((failures + 1)); printf 'FAIL %s\n' "$1"; }
warn() { printf 'WARN %s\n' "$1"; }

# Whether a label selector, printed by go-template as "%v" ($1) with its matchLabels as
# "k=v " pairs ($2), selects an object whose labels are the " k=v " pairs in $3.
# matchExpressions are not evaluated: such a selector counts as not selecting.
selects() {
  case "$1" in
    'map[]') return 0 ;;
    '<nil>' | '<no value>' | '') return 1 ;;
    *matchExpressions*) return 1 ;;
  esac
  local pair
  for pair in $2; do
    [[ "$3" == *" $pair "* ]] || return 1
  done
  return 0
}

# Whether a Prometheus in namespace $1, with the namespace selector $2 (matchLabels $3),
# looks in $namespace: without a namespace selector, it looks only in its own.
looks_in_namespace() {
  case "$2" in
    '<nil>' | '<no value>') [ "$1" = "$namespace" ] ;;
    *) selects "$2" "$3" "$namespace_labels" ;;
  esac
}`;

/** A label selector as the checks' messages show it: `release=kube-prometheus-stack`. */
const selectorText = (selector: Readonly<Record<string, string>>) => Object.entries(selector).map(([k, v]) => `${k}=${v}`).join(', ');

export function renderPreflight(input: PreflightInput): string {
  validatePreflightInput(input);
  const crds = [
    ...(input.crds ?? REQUIRED_CRDS),
    ...(input.gateway ? PUBLIC_ROUTE_CRDS : []),
    ...(input.blackboxExporter ? ['probes.monitoring.coreos.com'] : []),
  ];
  const sections = [
    [
      '#!/usr/bin/env bash',
      `# Preflight for ${folderOf(input)}: can this cluster take dist/${folderOf(input)}/?`,
      '# Generated by lib/review/preflight.ts; do not edit. Read-only: kubectl get, api-versions and auth can-i only.',
      '# The single-quoted go-templates hold $k and $v for kubectl, not for the shell:',
      '# shellcheck disable=SC2016',
    ].join('\n'),
    HELPERS,
    `namespace=${quote(input.namespace)}`,
    apiVersionChecks([...(input.apiVersions ?? REQUIRED_API_VERSIONS), ...(input.gateway ? PUBLIC_ROUTE_API_VERSIONS : [])]),
    `crds=${array(crds)}
for crd in "\${crds[@]}"; do
  if kubectl get customresourcedefinition "$crd" >/dev/null 2>&1; then pass "CRD $crd is installed"; else fail "CRD $crd is not installed"; fi
done`,
    ...(input.cluster ? [clusterLabelCheck(input.cluster.label)] : []),
    namespaceCheck(input),
    prometheusCheck(input.monitoringSelector),
    `if [ -n "$(kubectl get alertmanagers.monitoring.coreos.com --all-namespaces -o name 2>/dev/null)" ]; then
  pass "an Alertmanager runs in the cluster"
else
  fail "no Alertmanager (monitoring.coreos.com/v1) runs in the cluster: alerts would go nowhere"
fi`,
    ...(input.gateway ? [gatewayChecks(input.gateway)] : []),
    ...(input.blackboxExporter ? [blackboxExporterChecks(input.blackboxExporter, input.monitoringSelector)] : []),
    operatorChecks(input),
    ...(input.applySet ? [applySetCheck(input.applySet)] : []),
    placeholderChecks(input.placeholders ?? []),
    `if [ "$failures" -gt 0 ]; then
  printf '%d of %d checks failed\\n' "$failures" "$checks"
  exit 1
fi
printf 'all %d checks passed\\n' "$checks"`,
  ];
  return `${sections.join('\n\n')}\n`;
}

function apiVersionChecks(apiVersions: readonly string[]): string {
  return `api_versions=${array(apiVersions)}
if served=$(kubectl api-versions 2>/dev/null); then
  for version in "\${api_versions[@]}"; do
    if grep -qxF -- "$version" <<<"$served"; then pass "API version $version is served"; else fail "API version $version is not served"; fi
  done
else
  fail "kubectl api-versions failed: is the cluster reachable with this kubeconfig?"
fi`;
}

/**
 * Whether kubectl points at the cluster the folder is for: a Prometheus of it carries the
 * folder's `cluster` external label. Production's clusters share one namespace name, so
 * nothing else would tell a preflight run against the wrong region.
 */
function clusterLabelCheck(label: string): string {
  return `cluster_labels=" $(kubectl get prometheuses.monitoring.coreos.com --all-namespaces -o go-template='{{range .items}}{{with .spec.externalLabels}}{{.cluster}}{{end}} {{end}}' 2>/dev/null) "
if [[ "$cluster_labels" == *${quote(` ${label} `)}* ]]; then
  pass ${quote(`kubectl points at cluster ${label}: a Prometheus has the external label cluster=${label}`)}
else
  fail ${quote(`no Prometheus has the external label cluster=${label}: kubectl points at another cluster, or its Prometheus lacks the label alerts and dashboards tell clusters apart by`)}
fi`;
}

/** `production/eu-west-1`, or `production` for a script without a cluster. */
function folderOf(input: Pick<PreflightInput, 'environment' | 'cluster'>): string {
  return input.cluster ? `${input.environment}/${input.cluster.name}` : input.environment;
}

function namespaceCheck(input: PreflightInput): string {
  const file = `dist/${folderOf(input)}/${input.namespaceFile ?? '00-namespace.k8s.yaml'}`;
  return `if kubectl get namespace "$namespace" >/dev/null 2>&1; then
  pass "namespace $namespace exists"
  namespace_labels=" $(kubectl get namespace "$namespace" -o go-template='{{range $k, $v := .metadata.labels}}{{$k}}={{$v}} {{end}}' 2>/dev/null) "
elif [ "$(kubectl auth can-i create namespaces 2>/dev/null)" = yes ]; then
  pass "namespace $namespace does not exist yet and can be created: apply ${file} before the ApplySet apply"
  namespace_labels=" kubernetes.io/metadata.name=$namespace "
else
  fail "namespace $namespace does not exist and this user cannot create namespaces"
  namespace_labels=" kubernetes.io/metadata.name=$namespace "
fi`;
}

function prometheusCheck(selector: Readonly<Record<string, string>>): string {
  const shown = selectorText(selector);
  return `object_labels=${quote(labelPairs(selector))}
selecting=''
while IFS='|' read -r prom_namespace prom_name sm_selector sm_labels sm_ns_selector sm_ns_labels rule_selector rule_labels rule_ns_selector rule_ns_labels; do
  [ -n "$prom_name" ] || continue
  if looks_in_namespace "$prom_namespace" "$sm_ns_selector" "$sm_ns_labels" && looks_in_namespace "$prom_namespace" "$rule_ns_selector" "$rule_ns_labels" \\
    && selects "$sm_selector" "$sm_labels" "$object_labels" && selects "$rule_selector" "$rule_labels" "$object_labels"; then
    selecting="$prom_namespace/$prom_name"
  fi
done < <(kubectl get prometheuses.monitoring.coreos.com --all-namespaces -o go-template=${quote(`{{range .items}}${PROMETHEUS_ROW_TEMPLATE}{{end}}`)} 2>/dev/null)
if [ -n "$selecting" ]; then
  pass "Prometheus $selecting selects ServiceMonitors and PrometheusRules labelled ${shown} in $namespace"
else
  fail "no Prometheus selects ServiceMonitors and PrometheusRules labelled ${shown} in $namespace"
fi`;
}

/** One Gateway listener per line: name|protocol|hostname|from|selector|matchLabels|certificateRefs as `namespace/name ` pairs. */
export const LISTENER_ROW_TEMPLATE = [
  '{{range .spec.listeners}}{{.name}}|{{.protocol}}|{{with .hostname}}{{.}}{{end}}',
  '|{{with .allowedRoutes}}{{with .namespaces}}{{with .from}}{{.}}{{end}}{{end}}{{end}}',
  '|{{with .allowedRoutes}}{{with .namespaces}}{{printf "%v" .selector}}{{end}}{{end}}',
  '|{{with .allowedRoutes}}{{with .namespaces}}{{with .selector}}{{range $k, $v := .matchLabels}}{{$k}}={{$v}} {{end}}{{end}}{{end}}{{end}}',
  '|{{with .tls}}{{range .certificateRefs}}{{with .namespace}}{{.}}{{end}}/{{.name}} {{end}}{{end}}{{"\\n"}}{{end}}',
].join('');

/**
 * The shared Gateway (a prerequisite, never applied from dist/): it exists, its class and
 * it are accepted and programmed, and each public host has its HTTPS listener for that
 * hostname, terminating TLS with the host's Secret and admitting routes from the
 * namespace. Then the ClusterIssuers. After namespaceCheck, which sets namespace_labels.
 */
function gatewayChecks(gateway: NonNullable<PreflightInput['gateway']>): string {
  const shown = `${gateway.namespace}/${gateway.name}`;
  const listeners = gateway.listeners.map((listener) => {
    const ref = `$namespace/${listener.secretName}`;
    return `found=''
while IFS='|' read -r l_name l_protocol l_hostname l_from l_selector l_labels l_refs; do
  [ "$l_name" = ${quote(listener.name)} ] || continue
  found=yes
  if [ "$l_protocol" = HTTPS ]; then pass "listener ${listener.name} of Gateway ${shown} is HTTPS"; else fail "listener ${listener.name} of Gateway ${shown} is $l_protocol, not HTTPS"; fi
  if [ "$l_hostname" = ${quote(listener.host)} ]; then pass "listener ${listener.name} serves ${listener.host}"; else fail "listener ${listener.name} serves hostname '\${l_hostname:-(any)}', not ${listener.host}"; fi
  refs=" $(sed -E "s#(^| )/#\\1$gateway_namespace/#g" <<<"$l_refs") "
  if [[ "$refs" == *" ${ref} "* ]]; then pass "listener ${listener.name} terminates TLS with Secret ${ref}"; else fail "listener ${listener.name} does not reference Secret ${ref} in tls.certificateRefs (it references:\${refs%  })"; fi
  case "$l_from" in
    All) pass "listener ${listener.name} admits routes from every namespace" ;;
    Same) if [ "$gateway_namespace" = "$namespace" ]; then pass "listener ${listener.name} admits routes from $namespace"; else fail "listener ${listener.name} admits routes only from $gateway_namespace, not $namespace"; fi ;;
    Selector) if selects "$l_selector" "$l_labels" "$namespace_labels"; then pass "listener ${listener.name} admits routes from $namespace"; else fail "listener ${listener.name}'s namespace selector does not select $namespace"; fi ;;
    *) fail "listener ${listener.name} admits routes from '$l_from', not $namespace" ;;
  esac
done <<<"$listener_rows"
[ -n "$found" ] || fail "Gateway ${shown} has no listener ${listener.name} for ${listener.host} (docs/DEPLOYMENT.md lists what to add)"`;
  });
  return `gateway_namespace=${quote(gateway.namespace)}
gateway_name=${quote(gateway.name)}
if gateway_row=$(kubectl get gateways.gateway.networking.k8s.io "$gateway_name" -n "$gateway_namespace" -o go-template='{{.spec.gatewayClassName}}|{{with .status}}{{range .conditions}}{{.type}}={{.status}} {{end}}{{end}}' 2>/dev/null); then
  pass "Gateway ${shown} exists"
  gateway_class=\${gateway_row%%|*}
  gateway_conditions=" \${gateway_row#*|} "
  for condition in Accepted Programmed; do
    if [[ "$gateway_conditions" == *" $condition=True "* ]]; then pass "Gateway ${shown} is $condition"; else fail "Gateway ${shown} is not $condition"; fi
  done
  class_accepted=$(kubectl get gatewayclasses.gateway.networking.k8s.io "$gateway_class" -o jsonpath='{.status.conditions[?(@.type=="Accepted")].status}' 2>/dev/null)
  if [ "$class_accepted" = True ]; then pass "GatewayClass $gateway_class is accepted by its controller"; else fail "GatewayClass $gateway_class is missing or not accepted by a controller"; fi
  listener_rows=$(kubectl get gateways.gateway.networking.k8s.io "$gateway_name" -n "$gateway_namespace" -o go-template=${quote(LISTENER_ROW_TEMPLATE)} 2>/dev/null)
${listeners.join('\n').replace(/^/gm, '  ')}
else
  fail "Gateway ${shown} does not exist (or cannot be read): the public routes would attach to nothing"
fi
if [ "$(kubectl get customresourcedefinition referencegrants.gateway.networking.k8s.io -o jsonpath='{.spec.versions[?(@.name=="v1")].served}' 2>/dev/null)" = true ]; then
  pass "ReferenceGrant gateway.networking.k8s.io/v1 is served"
else
  fail "ReferenceGrant gateway.networking.k8s.io/v1 is not served: install the Gateway API CRDs ${MIN_GATEWAY_API_VERSION} or later (standard channel)"
fi
issuers=${array(gateway.clusterIssuers)}
for issuer in "\${issuers[@]}"; do
  ready=$(kubectl get clusterissuers.cert-manager.io "$issuer" -o jsonpath='{.status.conditions[?(@.type=="Ready")].status}' 2>/dev/null)
  if [ "$ready" = True ]; then pass "ClusterIssuer $issuer is ready"; else fail "ClusterIssuer $issuer is missing or not ready"; fi
done`;
}

/** The exporter's Service answers on the port the Probes name, and a Prometheus selects the Probes (after prometheusCheck, which sets object_labels). */
function blackboxExporterChecks(exporter: NonNullable<PreflightInput['blackboxExporter']>, selector: Readonly<Record<string, string>>): string {
  const service = `${exporter.namespace}/${exporter.serviceName}`;
  const shown = selectorText(selector);
  return `if ports=$(kubectl get service ${quote(exporter.serviceName)} -n ${quote(exporter.namespace)} -o jsonpath='{.spec.ports[*].port}' 2>/dev/null); then
  if [[ " $ports " == *' ${exporter.port} '* ]]; then
    pass "blackbox exporter Service ${service} serves port ${exporter.port} (the Probes use its module ${exporter.module})"
  else
    fail "blackbox exporter Service ${service} does not serve port ${exporter.port} (it serves: $ports)"
  fi
else
  fail "no blackbox exporter Service ${service}: the Probes of the public hosts would fail, and the edge alerts say only that they are blind"
fi
probe_selecting=''
while IFS='|' read -r prom_namespace prom_name probe_selector probe_labels probe_ns_selector probe_ns_labels; do
  [ -n "$prom_name" ] || continue
  if looks_in_namespace "$prom_namespace" "$probe_ns_selector" "$probe_ns_labels" && selects "$probe_selector" "$probe_labels" "$object_labels"; then probe_selecting="$prom_namespace/$prom_name"; fi
done < <(kubectl get prometheuses.monitoring.coreos.com --all-namespaces -o go-template=${quote(`{{range .items}}${PROBE_ROW_TEMPLATE}{{end}}`)} 2>/dev/null)
if [ -n "$probe_selecting" ]; then
  pass "Prometheus $probe_selecting selects Probes labelled ${shown} in $namespace"
else
  fail "no Prometheus selects Probes labelled ${shown} in $namespace"
fi`;
}

function operatorChecks(input: PreflightInput): string {
  const minimum = input.minExternalSecretsVersion ?? MIN_EXTERNAL_SECRETS_VERSION;
  const reloader = (input.requireReloader ?? true)
    ? `
if reloader=$(grep 'stakater/reloader' <<<"$images"); then
  pass "Stakater Reloader runs in the cluster"
  if grep -q -- '--reload-strategy=annotations' <<<"$reloader"; then
    pass "Stakater Reloader uses the annotations reload strategy"
  else
    fail "Stakater Reloader uses the env-vars reload strategy: under Argo CD or Flux, self-heal reverts its change and rolls the pods again; start it with --reload-strategy=annotations"
  fi
else
  fail "Stakater Reloader does not run in the cluster: pods would keep rotated secrets until restarted"
fi`
    : '';
  // Each container's image, then its args (Reloader's strategy is one).
  return `images=$(kubectl get deployments --all-namespaces -o jsonpath='{range .items[*]}{range .spec.template.spec.containers[*]}{.image} {.args}{"\\n"}{end}{end}' 2>/dev/null)${reloader}
eso_version=$(grep -oE 'external-secrets/external-secrets:v?[0-9]+\\.[0-9]+\\.[0-9]+' <<<"$images" | head -n 1 | sed -E 's/.*:v?//')
if [ -z "$eso_version" ]; then
  warn "External Secrets version not determinable from its image; the external-secrets.io/v1 check above stands for >= ${minimum}"
elif [ "$(printf '%s\\n%s\\n' ${quote(minimum)} "$eso_version" | sort -V | head -n 1)" = ${quote(minimum)} ]; then
  pass "External Secrets $eso_version is >= ${minimum}"
else
  fail "External Secrets $eso_version is older than ${minimum}"
fi`;
}

function applySetCheck(applySet: NonNullable<PreflightInput['applySet']>): string {
  const ref = `${applySet.resource}/${applySet.name}`;
  return `if parent=$(kubectl get ${quote(applySet.resource)} ${quote(applySet.name)} -n "$namespace" --ignore-not-found -o go-template='{{with .metadata.labels}}{{index . "applyset.kubernetes.io/id"}}{{end}}|{{with .metadata.annotations}}{{index . "applyset.kubernetes.io/tooling"}}{{end}}' 2>/dev/null); then
  if [ -z "$parent" ]; then
    pass "ApplySet parent ${ref} does not exist yet: the first apply creates it"
  elif [ "\${parent%%|*}" = ${quote(applySet.id)} ] && [[ "\${parent#*|}" == kubectl/* ]]; then
    pass "ApplySet parent ${ref} is kubectl's, with id ${applySet.id}"
  else
    fail "ApplySet parent ${ref} has id|tooling $parent, not ${applySet.id}|kubectl/<version>: the apply would be refused"
  fi
else
  fail "could not read ApplySet parent ${ref}"
fi`;
}

/** Synth only warns about placeholders (a fresh clone must synthesize); the deploy path refuses them here. */
function placeholderChecks(placeholders: readonly Placeholder[]): string {
  if (placeholders.length === 0) return 'pass "no placeholder values in the specs"';
  return [
    '# Placeholder values in the specs (docs/DEPLOYMENT.md#placeholders): replace them and run npm run synth again.',
    ...placeholders.map(({ field, value, reason }) => `fail ${quote(`placeholder ${field} = ${value} (${reason}): replace it in the specs`)}`),
  ].join('\n');
}

function validatePreflightInput(input: PreflightInput): void {
  checkDnsLabel('environment', input.environment);
  if (input.cluster) {
    checkDnsLabel('cluster.name', input.cluster.name);
    checkLabelValue('cluster.label', input.cluster.label);
  }
  checkDnsLabel('namespace', input.namespace);
  for (const [key, value] of Object.entries(input.monitoringSelector)) {
    check(/^([a-z0-9.-]+\/)?[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$/.test(key), 'monitoringSelector', key, 'must be a label key');
    checkLabelValue(`monitoringSelector.${key}`, value, { allowEmpty: true });
  }
  for (const version of input.apiVersions ?? []) check(/^([a-z0-9.-]+\/)?v[0-9]+([a-z]+[0-9]+)?$/.test(version), 'apiVersions', version, 'must be an API version such as "apps/v1"');
  (input.crds ?? []).forEach((crd, index) => checkDnsSubdomain(`crds[${index}]`, crd));
  if (input.gateway) {
    checkDnsSubdomain('gateway.name', input.gateway.name);
    checkDnsLabel('gateway.namespace', input.gateway.namespace);
    input.gateway.listeners.forEach((listener, index) => {
      checkDnsSubdomain(`gateway.listeners[${index}].name`, listener.name);
      checkDnsSubdomain(`gateway.listeners[${index}].host`, listener.host);
      checkDnsSubdomain(`gateway.listeners[${index}].secretName`, listener.secretName);
    });
    input.gateway.clusterIssuers.forEach((issuer, index) => checkDnsSubdomain(`gateway.clusterIssuers[${index}]`, issuer));
  }
  if (input.blackboxExporter) {
    checkDnsLabel('blackboxExporter.serviceName', input.blackboxExporter.serviceName);
    checkDnsLabel('blackboxExporter.namespace', input.blackboxExporter.namespace);
    const { port, module } = input.blackboxExporter;
    check(Number.isInteger(port) && port >= 1 && port <= 65535, 'blackboxExporter.port', port, 'must be a port number in 1–65535');
    check(/^[A-Za-z0-9_-]+$/.test(module), 'blackboxExporter.module', module, 'must be a module name such as "http_2xx"');
  }
  const minimum = input.minExternalSecretsVersion;
  check(minimum === undefined || /^[0-9]+\.[0-9]+\.[0-9]+$/.test(minimum), 'minExternalSecretsVersion', minimum, 'must be a version such as "0.16.0"');
  if (input.namespaceFile !== undefined) check(/^([\w.-]+\/)?[\w.-]+$/.test(input.namespaceFile), 'namespaceFile', input.namespaceFile, 'must be a file name, in a layer folder or not');
  if (input.applySet) {
    check(/^[a-z0-9.]+$/.test(input.applySet.resource), 'applySet.resource', input.applySet.resource, 'must be a resource such as "configmaps"');
    checkDnsSubdomain('applySet.name', input.applySet.name);
    check(/^applyset-[A-Za-z0-9_-]+-v1$/.test(input.applySet.id), 'applySet.id', input.applySet.id, 'must be an ApplySet id (applyset-<base64url>-v1)');
  }
}

/** The script's name in each cluster folder; kubectl, Argo CD and Flux skip it (not YAML or JSON). */
export const PREFLIGHT_FILE = 'preflight.sh';

/** The script as a file synth writes, relative to dist/. */
export function preflightFile(input: PreflightInput): { path: string; content: string } {
  return { path: `${folderOf(input)}/${PREFLIGHT_FILE}`, content: renderPreflight(input) };
}
