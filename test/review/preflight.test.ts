import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { dump } from 'js-yaml';
import { production } from '../../environments/production';
import { documents, specPlaceholders } from '../../main';
import type { Placeholder } from '../../lib/review/placeholders';
import { LISTENER_ROW_TEMPLATE, PREFLIGHT_FILE, PreflightInput, PROBE_ROW_TEMPLATE, PROMETHEUS_ROW_TEMPLATE, renderPreflight } from '../../lib/review/preflight';
import { applySetId, environmentApplySet } from '../../lib/workload/apply-set';
import { clusterFolders, outlinesOf, synthesizedMainPlan } from '../support/deployments';
import { requireExecutable } from '../support/executables';

const environment = { name: 'production', namespace: 'reconciliation-platform' };
const parent = environmentApplySet(environment);
const input: PreflightInput = {
  environment: 'production',
  namespace: 'reconciliation-platform',
  monitoringSelector: { release: 'kube-prometheus-stack' },
  gateway: {
    name: 'public-production',
    namespace: 'gateway-system',
    listeners: [{ name: 'https-reconciliation-backend', host: 'api.example.com', secretName: 'reconciliation-backend-tls' }],
    clusterIssuers: ['letsencrypt-production'],
  },
  applySet: { resource: parent.resource, name: parent.name, id: applySetId(parent) },
};
const script = renderPreflight(input);
/** With a public service: the blackbox exporter its Probes name. */
const blackboxExporter = { serviceName: 'prometheus-blackbox-exporter', namespace: 'monitoring', port: 9115, module: 'http_2xx' };
const publicScript = renderPreflight({ ...input, blackboxExporter });

/** One answer of the fake kubectl: stdout and exit status for arguments matching a bash glob. */
interface Answer { readonly args: string; readonly stdout?: string; readonly status?: number }

const ALL_API_VERSIONS = ['v1', 'apps/v1', 'autoscaling/v2', 'policy/v1', 'networking.k8s.io/v1', 'monitoring.coreos.com/v1',
  'monitoring.coreos.com/v1alpha1', 'external-secrets.io/v1', 'gateway.networking.k8s.io/v1', 'cert-manager.io/v1'];

/** The platform's Gateway with the backend's listener as docs/DEPLOYMENT.md asks for it; `listener` changes that listener. */
const gatewayWith = (listener: object = {}) => ({
  apiVersion: 'gateway.networking.k8s.io/v1', kind: 'Gateway', metadata: { name: 'public-production', namespace: 'gateway-system' },
  spec: {
    gatewayClassName: 'eg',
    listeners: [
      { name: 'http', protocol: 'HTTP', port: 80, allowedRoutes: { namespaces: { from: 'Same' } } },
      {
        name: 'https-reconciliation-backend', protocol: 'HTTPS', port: 443, hostname: 'api.example.com',
        tls: { mode: 'Terminate', certificateRefs: [{ kind: 'Secret', name: 'reconciliation-backend-tls', namespace: 'reconciliation-platform' }] },
        allowedRoutes: { namespaces: { from: 'Selector', selector: { matchLabels: { 'kubernetes.io/metadata.name': 'reconciliation-platform' } } } },
        ...listener,
      },
    ],
  },
});

const prometheus = (spec: object, namespace = 'monitoring') =>
  ({ apiVersion: 'monitoring.coreos.com/v1', kind: 'Prometheus', metadata: { name: 'kps', namespace }, spec });
const KUBE_PROMETHEUS_STACK_SELECTORS = {
  serviceMonitorSelector: { matchLabels: { release: 'kube-prometheus-stack' } }, serviceMonitorNamespaceSelector: {},
  ruleSelector: { matchLabels: { release: 'kube-prometheus-stack' } }, ruleNamespaceSelector: {},
};
const kubePrometheusStack = prometheus(KUBE_PROMETHEUS_STACK_SELECTORS);
/** kube-prometheus-stack's Prometheus in a cluster: its `cluster` external label names the cluster. */
const kubePrometheusStackIn = (cluster: string) => prometheus({ ...KUBE_PROMETHEUS_STACK_SELECTORS, externalLabels: { cluster } });

/** The script of one cluster of production: it first checks kubectl points there, by the Prometheus `cluster` label. */
const clusterScript = renderPreflight({ ...input, cluster: { name: 'eu-west-1', label: 'production-eu-west-1' } });
/** The per-Prometheus part of the script's cluster-label template, for the real kubectl to render each object with. */
const CLUSTER_LABEL_ROW_TEMPLATE = /-o go-template='\{\{range \.items\}\}(\{\{with \.spec\.externalLabels\}\}.*)\{\{end\}\}' /.exec(clusterScript)?.[1] ?? 'not found';

describe('preflight.sh', () => {
  let kubectl: string;
  let dir: string;
  beforeAll(() => {
    kubectl = requireExecutable('kubectl', 'kubectl');
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'preflight-'));
    fs.writeFileSync(path.join(dir, 'preflight.sh'), script);
    fs.writeFileSync(path.join(dir, 'preflight-public.sh'), publicScript);
    fs.writeFileSync(path.join(dir, 'preflight-cluster.sh'), clusterScript);
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  /** A list row exactly as the real kubectl renders one of the script's templates for `object` (once per object: it is deterministic). */
  const rows = new Map<string, string>();
  function renderedRow(object: object, template = PROMETHEUS_ROW_TEMPLATE): string {
    const manifest = dump(object);
    const known = rows.get(`${template}\n${manifest}`);
    if (known !== undefined) return known;
    const file = path.join(dir, 'prometheus.yaml');
    fs.writeFileSync(file, manifest);
    const row = execFileSync(kubectl, ['label', '--local', '-f', file, 'preflight=fixture', '-o', `go-template=${template}`], { encoding: 'utf8' });
    rows.set(`${template}\n${manifest}`, row);
    return row;
  }

  function healthyCluster(prometheuses: readonly object[] = [kubePrometheusStack]): Answer[] {
    return [
      // Before the generic Prometheus answer below, which would match it too.
      { args: 'get prometheuses.monitoring.coreos.com --all-namespaces -o go-template={{range .items}}{{with .spec.externalLabels}}*',
        stdout: prometheuses.map((object) => renderedRow(object, CLUSTER_LABEL_ROW_TEMPLATE)).join('') },
      { args: 'api-versions', stdout: `${ALL_API_VERSIONS.join('\n')}\n` },
      { args: 'get customresourcedefinition referencegrants.gateway.networking.k8s.io -o jsonpath=*', stdout: 'true' },
      { args: 'get customresourcedefinition *' },
      { args: 'get namespace reconciliation-platform' },
      { args: 'get namespace reconciliation-platform -o go-template=*', stdout: 'kubernetes.io/metadata.name=reconciliation-platform ' },
      { args: 'get prometheuses.monitoring.coreos.com --all-namespaces -o go-template=*', stdout: prometheuses.map((object) => renderedRow(object)).join('') },
      { args: 'get alertmanagers.monitoring.coreos.com --all-namespaces -o name', stdout: 'alertmanager.monitoring.coreos.com/main\n' },
      ...gatewayAnswers(),
      { args: 'get clusterissuers.cert-manager.io letsencrypt-production -o jsonpath=*', stdout: 'True' },
      { args: 'get deployments --all-namespaces -o jsonpath=*',
        stdout: 'ghcr.io/stakater/reloader:v1.2.1 ["--reload-strategy=annotations"]\nghcr.io/external-secrets/external-secrets:v0.16.2 ["--concurrent=1"]\n' },
      { args: 'get configmaps applyset-production -n reconciliation-platform --ignore-not-found -o go-template=*',
        stdout: `${applySetId(parent)}|kubectl/v1.32.4` },
    ];
  }

  /** The Gateway as kubectl reports it: class and conditions, then its listeners rendered by the real kubectl. */
  function gatewayAnswers(gateway: object = gatewayWith(), conditions = 'Accepted=True Programmed=True ', classAccepted = 'True'): Answer[] {
    return [
      { args: 'get gateways.gateway.networking.k8s.io public-production -n gateway-system -o go-template={{.spec.gatewayClassName}}*', stdout: `eg|${conditions}` },
      { args: 'get gateways.gateway.networking.k8s.io public-production -n gateway-system -o go-template={{range .spec.listeners}}*',
        stdout: renderedRow(gateway, LISTENER_ROW_TEMPLATE) },
      { args: 'get gatewayclasses.gateway.networking.k8s.io eg -o jsonpath=*', stdout: classAccepted },
    ];
  }

  /** A bash single-quoted word holding `text` exactly. */
  const quoted = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;

  /**
   * Runs the script with a fake kubectl that answers from `answers` (first match wins) and
   * logs each call. The fake is a bash function the script inherits (exported the way
   * `export -f` does), not a file on PATH: a script makes ~35 calls, and starting a bash for
   * each was most of this suite's time.
   */
  function runAgainst(answers: readonly Answer[], file = path.join(dir, 'preflight.sh')) {
    const log = path.join(fs.mkdtempSync(path.join(dir, 'calls-')), 'calls.log');
    const list = (values: readonly string[]) => `(${values.map(quoted).join(' ')})`;
    const kubectl = `() {
  local -a patterns=${list(answers.map((answer) => answer.args))}
  local -a stdouts=${list(answers.map((answer) => answer.stdout ?? ''))}
  local -a statuses=${list(answers.map((answer) => String(answer.status ?? 0)))}
  local index
  printf '%s\\n' "$*" >>${quoted(log)}
  for index in "\${!patterns[@]}"; do
    # shellcheck disable=SC2053
    if [[ "$*" == \${patterns[index]} ]]; then
      printf '%s' "\${stdouts[index]}"
      return "\${statuses[index]}"
    fi
  done
  echo "Error from server (NotFound): no answer for: $*" >&2
  return 1
}`;
    const result = spawnSync('bash', [file], {
      encoding: 'utf8', env: { ...process.env, 'BASH_FUNC_kubectl%%': kubectl }, timeout: 30_000,
    });
    const calls = fs.readFileSync(log, 'utf8').trim().split('\n');
    return { status: result.status, output: result.stdout, calls, lines: result.stdout.trim().split('\n') };
  }

  const writeScript = (name: string, content: string) => {
    const file = path.join(dir, name);
    fs.writeFileSync(file, content);
    return file;
  };

  /** Each cluster folder of main.ts's plan, once: one generated preflight.sh each, production's two clusters included. */
  const clusters = synthesizedMainPlan().map(({ plan }) => plan.environment)
    .filter((environment, index, all) => all.findIndex((other) => other.cluster.folder === environment.cluster.folder) === index);
  let generated: ReadonlyMap<string, string> | undefined;
  /** The preflight.sh synth writes into a cluster folder (`production/eu-west-1`). */
  function generatedScript(folder: string): string {
    generated ??= new Map(documents({ outlines: outlinesOf(synthesizedMainPlan()), kindsByCluster: new Map(), outdir: 'dist' })
      .map((document) => [document.path, document.content]));
    const content = generated.get(`dist/${folder}/${PREFLIGHT_FILE}`);
    if (content === undefined) throw new Error(`synth writes no dist/${folder}/${PREFLIGHT_FILE}`);
    return content;
  }

  it.each(['preflight.sh', 'preflight-public.sh', 'preflight-cluster.sh'])('%s is valid bash that shellcheck accepts', (file) => {
    expect(spawnSync('bash', ['-n', path.join(dir, file)], { encoding: 'utf8' }).status).toBe(0);
    const shellcheck = spawnSync(requireExecutable('shellcheck', 'shellcheck'), ['--severity=style', path.join(dir, file)], { encoding: 'utf8' });
    expect(shellcheck.stdout).toBe('');
    expect(shellcheck.status).toBe(0);
  });

  it('only reads: every kubectl call is get, api-versions or auth can-i', () => {
    const verbs = [...script.matchAll(/\bkubectl ([a-z-]+)( [a-z-]+)?/g)].map(([, verb, next]) => (verb === 'auth' ? `auth${next}` : verb));
    expect(new Set(verbs)).toEqual(new Set(['api-versions', 'get', 'auth can-i']));
    const { calls } = runAgainst(healthyCluster());
    for (const call of calls) expect(call).toMatch(/^(get|api-versions|auth can-i) ?/);
  });

  it('passes every check on a cluster that has everything, and exits 0', () => {
    const { status, lines } = runAgainst(healthyCluster());
    expect(lines.filter((line) => !line.startsWith('PASS'))).toEqual(['all 36 checks passed']);
    expect(lines).toContain('PASS no placeholder values in the specs');
    expect(lines).toContain('PASS API version external-secrets.io/v1 is served');
    expect(lines).toContain('PASS Prometheus monitoring/kps selects ServiceMonitors and PrometheusRules labelled release=kube-prometheus-stack in reconciliation-platform');
    expect(lines).toContain('PASS External Secrets 0.16.2 is >= 0.16.0');
    expect(lines).toContain(`PASS ApplySet parent configmaps/applyset-production is kubectl's, with id ${applySetId(parent)}`);
    expect(status).toBe(0);
  });

  it('fails each missing or wrong piece by name, and exits 1', () => {
    const answers: Answer[] = [
      { args: 'api-versions', stdout: `${ALL_API_VERSIONS.filter((version) => version !== 'external-secrets.io/v1').join('\n')}\n` },
      { args: 'get customresourcedefinition externalsecrets.external-secrets.io', status: 1 },
      { args: 'get clusterissuers.cert-manager.io letsencrypt-production *', stdout: 'False' },
      { args: 'get deployments --all-namespaces -o jsonpath=*', stdout: 'ghcr.io/external-secrets/external-secrets:v0.15.1\n' },
      { args: 'get configmaps applyset-production *', stdout: `${applySetId(parent)}|helm/v3` },
      ...healthyCluster([prometheus({ serviceMonitorSelector: { matchLabels: { release: 'other' } }, serviceMonitorNamespaceSelector: {} })]),
    ];
    const { status, lines } = runAgainst(answers);
    expect(lines.filter((line) => line.startsWith('FAIL'))).toEqual([
      'FAIL API version external-secrets.io/v1 is not served',
      'FAIL CRD externalsecrets.external-secrets.io is not installed',
      'FAIL no Prometheus selects ServiceMonitors and PrometheusRules labelled release=kube-prometheus-stack in reconciliation-platform',
      'FAIL ClusterIssuer letsencrypt-production is missing or not ready',
      'FAIL Stakater Reloader does not run in the cluster: pods would keep rotated secrets until restarted',
      'FAIL External Secrets 0.15.1 is older than 0.16.0',
      `FAIL ApplySet parent configmaps/applyset-production has id|tooling ${applySetId(parent)}|helm/v3, not ${applySetId(parent)}|kubectl/<version>: the apply would be refused`,
    ]);
    expect(lines[lines.length - 1]).toBe('7 of 35 checks failed');
    expect(status).toBe(1);
  });

  it('fails on a Reloader that runs with the env-vars strategy, which self-heal would fight', () => {
    const { status, lines } = runAgainst([
      { args: 'get deployments --all-namespaces -o jsonpath=*', stdout: 'ghcr.io/stakater/reloader:v1.2.1 []\nghcr.io/external-secrets/external-secrets:v0.16.2 []\n' },
      ...healthyCluster(),
    ]);
    expect(lines.filter((line) => line.startsWith('FAIL'))).toEqual([
      'FAIL Stakater Reloader uses the env-vars reload strategy: under Argo CD or Flux, self-heal reverts its change and rolls the pods again; start it with --reload-strategy=annotations',
    ]);
    expect(lines).toContain('PASS Stakater Reloader runs in the cluster');
    expect(status).toBe(1);
  });

  it.each([
    ['selects everything with empty selectors', prometheus({
      serviceMonitorSelector: {}, serviceMonitorNamespaceSelector: {}, ruleSelector: {}, ruleNamespaceSelector: {},
    }), true],
    ['looks only in its own namespace without namespace selectors', prometheus({ serviceMonitorSelector: {}, ruleSelector: {} }), false],
    ['selects its own namespace without namespace selectors', prometheus({ serviceMonitorSelector: {}, ruleSelector: {} }, 'reconciliation-platform'), true],
    ['selects nothing without a rule selector', prometheus({ serviceMonitorSelector: {}, serviceMonitorNamespaceSelector: {} }), false],
    ['selects by namespace label', prometheus({
      serviceMonitorSelector: {}, ruleSelector: {},
      serviceMonitorNamespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'reconciliation-platform' } },
      ruleNamespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'reconciliation-platform' } },
    }), true],
    ['is not evaluated with matchExpressions', prometheus({
      serviceMonitorSelector: { matchExpressions: [{ key: 'release', operator: 'Exists' }] }, ruleSelector: {},
      serviceMonitorNamespaceSelector: {}, ruleNamespaceSelector: {},
    }), false],
  ])('finds a Prometheus that %s', (_case, object, selected) => {
    const { lines } = runAgainst(healthyCluster([object]));
    expect(lines.some((line) => line.startsWith('PASS Prometheus monitoring/kps') || line.startsWith('PASS Prometheus reconciliation-platform/kps')))
      .toBe(selected);
  });

  describe('the cluster kubectl points at', () => {
    const clusterFile = () => path.join(dir, 'preflight-cluster.sh');
    const PASSED = 'PASS kubectl points at cluster production-eu-west-1: a Prometheus has the external label cluster=production-eu-west-1';
    const FAILED = 'FAIL no Prometheus has the external label cluster=production-eu-west-1: kubectl points at another cluster, '
      + 'or its Prometheus lacks the label alerts and dashboards tell clusters apart by';

    it('renders the row template the script asks kubectl for', () => {
      expect(CLUSTER_LABEL_ROW_TEMPLATE).toBe('{{with .spec.externalLabels}}{{.cluster}}{{end}} ');
      expect(renderedRow(kubePrometheusStackIn('production-eu-west-1'), CLUSTER_LABEL_ROW_TEMPLATE)).toBe('production-eu-west-1 ');
    });

    it('passes when a Prometheus of the cluster has its label, before the namespace and Prometheus checks', () => {
      const { status, lines } = runAgainst(healthyCluster([kubePrometheusStack, kubePrometheusStackIn('production-eu-west-1')]), clusterFile());
      expect(lines.filter((line) => !line.startsWith('PASS'))).toEqual(['all 37 checks passed']);
      expect(lines.indexOf(PASSED)).toBeGreaterThan(-1);
      expect(lines.indexOf(PASSED)).toBeLessThan(lines.indexOf('PASS namespace reconciliation-platform exists'));
      expect(status).toBe(0);
    });

    it.each([
      ['points at another cluster of the environment', [kubePrometheusStackIn('production-us-east-1')]],
      ['points at a cluster whose label only starts with it', [kubePrometheusStackIn('production-eu-west-1-canary')]],
      ['points at a cluster whose Prometheus has no cluster label', [kubePrometheusStack, prometheus({ ...KUBE_PROMETHEUS_STACK_SELECTORS, externalLabels: { region: 'eu-west-1' } })]],
    ])('fails when kubectl %s, and exits 1', (_case, prometheuses) => {
      const { status, lines } = runAgainst(healthyCluster(prometheuses), clusterFile());
      expect(lines.filter((line) => line.startsWith('FAIL'))).toEqual([FAILED]);
      expect(lines[lines.length - 1]).toBe('1 of 37 checks failed');
      expect(status).toBe(1);
    });

    it('fails when the Prometheus list cannot be read', () => {
      const { lines } = runAgainst([{ args: 'get prometheuses.monitoring.coreos.com *', status: 1 }, ...healthyCluster()], clusterFile());
      expect(lines).toContain(FAILED);
    });

    it.each(production.clusters.map((cluster) => [cluster.name]))(
      'the generated production/%s/preflight.sh fails when kubectl points at the other production cluster', (name) => {
        const own = clusters.find(({ cluster }) => cluster.folder === `production/${name}`)!;
        const other = clusters.find(({ name: environment, cluster }) => environment === 'production' && cluster.name !== name)!;
        const file = writeScript(`generated-production-${name}-elsewhere.sh`, generatedScript(own.cluster.folder));
        const { status, lines } = runAgainst(healthyCluster([kubePrometheusStackIn(other.cluster.label)]), file);
        expect(lines).toContain(`FAIL no Prometheus has the external label cluster=${own.cluster.label}: kubectl points at another cluster, `
          + 'or its Prometheus lacks the label alerts and dashboards tell clusters apart by');
        expect(status).toBe(1);
      });

    it('refuses a cluster label it cannot quote', () => {
      expect(() => renderPreflight({ ...input, cluster: { name: 'eu-west-1', label: "x' y" } })).toThrow('cluster.label ("x\' y") must be a label value');
    });
  });

  describe('placeholders', () => {
    const placeholders: Placeholder[] = [
      { field: 'environments.production.grafanaUrl', value: 'https://grafana.example.com', reason: 'a reserved example domain (RFC 2606)' },
      { field: 'environments.production.alertRouting.chat.channel', value: "#it's-TODO", reason: 'a to-do marker' },
    ];

    it('fail the preflight once each, naming field and value, on a cluster that has everything', () => {
      const file = writeScript('with-placeholders.sh', renderPreflight({ ...input, placeholders }));
      const shellcheck = spawnSync(requireExecutable('shellcheck', 'shellcheck'), ['--severity=style', file], { encoding: 'utf8' });
      expect(shellcheck.stdout).toBe('');
      const { status, lines } = runAgainst(healthyCluster(), file);
      expect(lines.filter((line) => line.startsWith('FAIL'))).toEqual([
        'FAIL placeholder environments.production.grafanaUrl = https://grafana.example.com (a reserved example domain (RFC 2606)): replace it in the specs',
        "FAIL placeholder environments.production.alertRouting.chat.channel = #it's-TODO (a to-do marker): replace it in the specs",
      ]);
      expect(lines[lines.length - 1]).toBe('2 of 37 checks failed');
      expect(status).toBe(1);
    });

    it('are checked by one generated preflight.sh per cluster folder', () => {
      expect(clusters.map(({ cluster }) => cluster.folder))
        .toEqual(clusterFolders());
    });

    it.each(clusters.map((environment) => [environment.cluster.folder, environment] as const))(
      'the generated %s/preflight.sh fails on every placeholder of the delivery settings\', its environment\'s and the services\' specs', (folder, environment) => {
        const name = environment.name;
        const expected = specPlaceholders()
          .filter(({ field }) => field.startsWith('delivery.') || field.startsWith(`environments.${name}.`) || field.startsWith('services.'));
        expect(expected.map(({ field }) => field)).toContain(`environments.${name}.grafanaUrl`);
        const file = writeScript(`generated-${folder.replace('/', '-')}.sh`, generatedScript(folder));
        // The production scripts run against a cluster that has everything, their own cluster label included.
        const { status, lines } = runAgainst(name === 'production' ? healthyCluster([kubePrometheusStackIn(environment.cluster.label)]) : [], file);
        if (name === 'production') {
          expect(lines).toContain(`PASS kubectl points at cluster ${environment.cluster.label}: a Prometheus has the external label cluster=${environment.cluster.label}`);
        }
        const failures = lines.filter((line) => line.startsWith('FAIL placeholder'));
        expect(failures).toEqual(expected.map(({ field, value, reason }) => `FAIL placeholder ${field} = ${value} (${reason}): replace it in the specs`));
        expect(status).toBe(1);
      });

  });

  describe('the shared Gateway of the public routes', () => {
    const gatewayFailures = (answers: Answer[]) => runAgainst([...answers, ...healthyCluster()]).lines.filter((line) => line.startsWith('FAIL'));

    it('passes a Gateway that is accepted and programmed, with the host\'s HTTPS listener, its Secret and the namespace admitted', () => {
      const { lines } = runAgainst(healthyCluster());
      expect(lines).toEqual(expect.arrayContaining([
        'PASS Gateway gateway-system/public-production exists',
        'PASS Gateway gateway-system/public-production is Accepted',
        'PASS Gateway gateway-system/public-production is Programmed',
        'PASS GatewayClass eg is accepted by its controller',
        'PASS listener https-reconciliation-backend of Gateway gateway-system/public-production is HTTPS',
        'PASS listener https-reconciliation-backend serves api.example.com',
        'PASS listener https-reconciliation-backend terminates TLS with Secret reconciliation-platform/reconciliation-backend-tls',
        'PASS listener https-reconciliation-backend admits routes from reconciliation-platform',
        'PASS ReferenceGrant gateway.networking.k8s.io/v1 is served',
        'PASS CRD httproutes.gateway.networking.k8s.io is installed',
        'PASS API version gateway.networking.k8s.io/v1 is served',
      ]));
    });

    it('fails a missing Gateway, and one not programmed whose class no controller accepted', () => {
      expect(gatewayFailures([{ args: 'get gateways.gateway.networking.k8s.io *', status: 1 }]))
        .toEqual(['FAIL Gateway gateway-system/public-production does not exist (or cannot be read): the public routes would attach to nothing']);
      expect(gatewayFailures(gatewayAnswers(gatewayWith(), 'Accepted=True Programmed=False ', 'False'))).toEqual([
        'FAIL Gateway gateway-system/public-production is not Programmed',
        'FAIL GatewayClass eg is missing or not accepted by a controller',
      ]);
    });

    it('fails a listener that is missing, or serves another host, another Secret or only its own namespace', () => {
      expect(gatewayFailures(gatewayAnswers(gatewayWith({ name: 'https' })))).toEqual([
        'FAIL Gateway gateway-system/public-production has no listener https-reconciliation-backend for api.example.com (docs/DEPLOYMENT.md lists what to add)',
      ]);
      expect(gatewayFailures(gatewayAnswers(gatewayWith({
        protocol: 'HTTP', hostname: '*.example.com', tls: { certificateRefs: [{ name: 'wildcard-tls' }] }, allowedRoutes: { namespaces: { from: 'Same' } },
      })))).toEqual([
        'FAIL listener https-reconciliation-backend of Gateway gateway-system/public-production is HTTP, not HTTPS',
        'FAIL listener https-reconciliation-backend serves hostname \'*.example.com\', not api.example.com',
        'FAIL listener https-reconciliation-backend does not reference Secret reconciliation-platform/reconciliation-backend-tls in tls.certificateRefs (it references: gateway-system/wildcard-tls)',
        'FAIL listener https-reconciliation-backend admits routes only from gateway-system, not reconciliation-platform',
      ]);
      expect(gatewayFailures(gatewayAnswers(gatewayWith({ allowedRoutes: { namespaces: { from: 'Selector', selector: { matchLabels: { team: 'edge' } } } } }))))
        .toEqual(['FAIL listener https-reconciliation-backend\'s namespace selector does not select reconciliation-platform']);
    });

    it('fails a cluster whose Gateway API CRDs do not serve ReferenceGrant v1 (before v1.5.0)', () => {
      expect(gatewayFailures([{ args: 'get customresourcedefinition referencegrants.gateway.networking.k8s.io -o jsonpath=*', stdout: 'false' }]))
        .toEqual(['FAIL ReferenceGrant gateway.networking.k8s.io/v1 is not served: install the Gateway API CRDs v1.5.0 or later (standard channel)']);
    });

    it('refuses a listener or Gateway it cannot quote', () => {
      expect(() => renderPreflight({ ...input, gateway: { ...input.gateway!, name: "x'y" } })).toThrow('gateway.name ("x\'y") must be a DNS-1123 subdomain');
      expect(() => renderPreflight({ ...input, gateway: { ...input.gateway!, listeners: [{ name: 'a b', host: 'api.example.com', secretName: 's' }] } }))
        .toThrow('gateway.listeners[0].name ("a b") must be a DNS-1123 subdomain');
    });
  });

  describe('with a public service', () => {
    const kubePrometheusStackProbes = prometheus({ probeSelector: { matchLabels: { release: 'kube-prometheus-stack' } }, probeNamespaceSelector: {} });
    /** The healthy cluster plus the blackbox exporter's Service and a Prometheus selecting the Probes. */
    function publicCluster(ports = '9115', probes: object = kubePrometheusStackProbes): Answer[] {
      return [
        { args: 'get service prometheus-blackbox-exporter -n monitoring -o jsonpath=*', stdout: ports },
        { args: 'get prometheuses.monitoring.coreos.com --all-namespaces -o go-template=*probeSelector*', stdout: renderedRow(probes, PROBE_ROW_TEMPLATE) },
        ...healthyCluster(),
      ];
    }

    it('checks the Probe CRD, the blackbox exporter\'s Service and port, and a Prometheus selecting the Probes', () => {
      const { status, lines, calls } = runAgainst(publicCluster('9115 9116'), path.join(dir, 'preflight-public.sh'));
      expect(lines.filter((line) => !line.startsWith('PASS'))).toEqual(['all 39 checks passed']);
      expect(lines).toContain('PASS CRD probes.monitoring.coreos.com is installed');
      expect(lines).toContain('PASS blackbox exporter Service monitoring/prometheus-blackbox-exporter serves port 9115 (the Probes use its module http_2xx)');
      expect(lines).toContain('PASS Prometheus monitoring/kps selects Probes labelled release=kube-prometheus-stack in reconciliation-platform');
      expect(status).toBe(0);
      for (const call of calls) expect(call).toMatch(/^(get|api-versions|auth can-i) ?/);
    });

    it('fails a missing exporter, another port and a Prometheus that does not select the Probes', () => {
      const missing = runAgainst([{ args: 'get service prometheus-blackbox-exporter *', status: 1 }, ...publicCluster()], path.join(dir, 'preflight-public.sh'));
      expect(missing.lines.filter((line) => line.startsWith('FAIL'))).toEqual([
        'FAIL no blackbox exporter Service monitoring/prometheus-blackbox-exporter: the Probes of the public hosts would fail, and the edge alerts say only that they are blind',
      ]);
      expect(missing.status).toBe(1);
      const wrong = runAgainst(publicCluster('80', prometheus({ probeSelector: { matchLabels: { release: 'other' } }, probeNamespaceSelector: {} })), path.join(dir, 'preflight-public.sh'));
      expect(wrong.lines.filter((line) => line.startsWith('FAIL'))).toEqual([
        'FAIL blackbox exporter Service monitoring/prometheus-blackbox-exporter does not serve port 9115 (it serves: 80)',
        'FAIL no Prometheus selects Probes labelled release=kube-prometheus-stack in reconciliation-platform',
      ]);
    });

    it('refuses an exporter it cannot quote', () => {
      expect(() => renderPreflight({ ...input, blackboxExporter: { ...blackboxExporter, namespace: "x'y" } }))
        .toThrow('blackboxExporter.namespace ("x\'y") must be a DNS-1123 label');
      expect(() => renderPreflight({ ...input, blackboxExporter: { ...blackboxExporter, module: 'a b' } }))
        .toThrow('blackboxExporter.module ("a b") must be a module name');
    });
  });

  it('refuses input it cannot quote into a label selector or a name', () => {
    expect(() => renderPreflight({ ...input, namespace: 'Prod' })).toThrow('namespace ("Prod") must be a DNS-1123 label');
    expect(() => renderPreflight({ ...input, monitoringSelector: { release: "x'; rm -rf /" } }))
      .toThrow(`monitoringSelector.release ("x'; rm -rf /") must be a label value`);
  });
});
