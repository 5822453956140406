import { ApiObject, App, Chart, GroupVersionKind } from 'cdk8s';
import { Construct } from 'constructs';
import { Application } from '../../imports/application-argoproj.io';
import { ApplicationSet } from '../../imports/applicationset-argoproj.io';
import { AppProject } from '../../imports/appproject-argoproj.io';
import { Gateway, GatewaySpecListenersTlsMode } from '../../imports/gateway-gateway.networking.k8s.io';
import { GitRepository } from '../../imports/gitrepository-source.toolkit.fluxcd.io';
import { HttpRoute, HttpRouteSpecRulesMatchesPathType } from '../../imports/httproute-gateway.networking.k8s.io';
import { Kustomization, KustomizationSpecSourceRefKind } from '../../imports/kustomization-kustomize.toolkit.fluxcd.io';
import { OciRepository } from '../../imports/ocirepository-source.toolkit.fluxcd.io';
import { KubernetesObject, validateAgainstSchemas, VALIDATED_KINDS } from '../../lib/validation/schema-validation';

/**
 * The kinds the fleet work (issue 22) will emit: Argo CD, Flux and Gateway API objects.
 * Each valid object is built with the construct generated from its pinned CRD (crds/), so
 * the construct's apiVersion is the CRD's served storage version; each invalid one is the
 * valid object with one defect the CRD's schema forbids.
 */
interface FleetKind {
  readonly gvk: GroupVersionKind;
  readonly build: (scope: Construct) => ApiObject;
  readonly defect: string;
  // The defect is written into synthesized JSON, whose shape the compiler does not know.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly breakIt: (spec: Record<string, any>) => void;
  /** The schema path and rule the refusal must name. */
  readonly refusal: RegExp;
}

const REPOSITORY = 'https://git.example.com/platform/deploy.git';
const IN_CLUSTER = 'https://kubernetes.default.svc';

const FLEET_KINDS: readonly FleetKind[] = [
  {
    gvk: Application.GVK,
    build: (scope) => new Application(scope, 'application', {
      metadata: { name: 'production-eu-west-1', namespace: 'argocd' },
      spec: {
        project: 'production',
        source: { repoUrl: REPOSITORY, path: 'dist/production/eu-west-1', targetRevision: 'main' },
        destination: { server: IN_CLUSTER },
        syncPolicy: { automated: { prune: true, selfHeal: true } },
      },
    }),
    defect: 'a source without repoURL',
    breakIt: (spec) => { delete spec.source.repoURL; },
    refusal: /\/spec\/source must have required property repoURL/,
  },
  {
    gvk: ApplicationSet.GVK,
    build: (scope) => new ApplicationSet(scope, 'application-set', {
      metadata: { name: 'production', namespace: 'argocd' },
      spec: {
        goTemplate: true,
        generators: [{ list: { elements: [{ cluster: 'eu-west-1' }, { cluster: 'us-east-1' }] } }],
        template: {
          metadata: { name: 'production-{{.cluster}}' },
          spec: {
            project: 'production',
            source: { repoUrl: REPOSITORY, path: 'dist/production/{{.cluster}}', targetRevision: 'main' },
            destination: { name: '{{.cluster}}' },
          },
        },
      },
    }),
    defect: 'no template',
    breakIt: (spec) => { delete spec.template; },
    refusal: /\/spec must have required property template/,
  },
  {
    gvk: AppProject.GVK,
    build: (scope) => new AppProject(scope, 'app-project', {
      metadata: { name: 'production', namespace: 'argocd' },
      spec: {
        sourceRepos: [REPOSITORY],
        destinations: [{ server: IN_CLUSTER, namespace: 'reconciliation' }],
        clusterResourceWhitelist: [{ group: '', kind: 'Namespace' }],
      },
    }),
    defect: 'sourceRepos as a single string',
    breakIt: (spec) => { spec.sourceRepos = REPOSITORY; },
    refusal: /\/spec\/sourceRepos must be array/,
  },
  {
    gvk: Kustomization.GVK,
    build: (scope) => new Kustomization(scope, 'kustomization', {
      metadata: { name: 'production-eu-west-1-workloads', namespace: 'flux-system' },
      spec: {
        interval: '10m',
        path: './dist/production/eu-west-1',
        prune: true,
        wait: true,
        sourceRef: { kind: KustomizationSpecSourceRefKind.GIT_REPOSITORY, name: 'deploy' },
        dependsOn: [{ name: 'production-eu-west-1-secrets' }],
      },
    }),
    defect: 'prune as a string',
    breakIt: (spec) => { spec.prune = 'yes'; },
    refusal: /\/spec\/prune must be boolean/,
  },
  {
    gvk: GitRepository.GVK,
    build: (scope) => new GitRepository(scope, 'git-repository', {
      metadata: { name: 'deploy', namespace: 'flux-system' },
      spec: { interval: '1m', url: REPOSITORY, ref: { branch: 'main' } },
    }),
    defect: 'no url',
    breakIt: (spec) => { delete spec.url; },
    refusal: /\/spec must have required property url/,
  },
  {
    gvk: OciRepository.GVK,
    build: (scope) => new OciRepository(scope, 'oci-repository', {
      metadata: { name: 'deploy', namespace: 'flux-system' },
      spec: { interval: '1m', url: 'oci://registry.example.com/platform/deploy', ref: { tag: 'production' } },
    }),
    defect: 'an interval as a number',
    breakIt: (spec) => { spec.interval = 60; },
    refusal: /\/spec\/interval must be string/,
  },
  {
    gvk: Gateway.GVK,
    build: (scope) => new Gateway(scope, 'gateway', {
      metadata: { name: 'public-production-eu-west-1', namespace: 'gateway' },
      spec: {
        gatewayClassName: 'public',
        listeners: [{
          name: 'https',
          port: 443,
          protocol: 'HTTPS',
          hostname: 'reconciliation.example.com',
          tls: { mode: GatewaySpecListenersTlsMode.TERMINATE, certificateRefs: [{ name: 'reconciliation-tls' }] },
        }],
      },
    }),
    defect: 'a listener port above 65535',
    breakIt: (spec) => { spec.listeners[0].port = 70000; },
    refusal: /\/spec\/listeners\/0\/port must be <= 65535/,
  },
  {
    gvk: HttpRoute.GVK,
    build: (scope) => new HttpRoute(scope, 'http-route', {
      metadata: { name: 'reconciliation-backend', namespace: 'reconciliation' },
      spec: {
        parentRefs: [{ name: 'public-production-eu-west-1', namespace: 'gateway' }],
        hostnames: ['reconciliation.example.com'],
        rules: [{
          matches: [{ path: { type: HttpRouteSpecRulesMatchesPathType.PATH_PREFIX, value: '/api' } }],
          backendRefs: [{ name: 'reconciliation-backend', port: 8080 }],
        }],
      },
    }),
    defect: "ingress-nginx's path type Prefix",
    breakIt: (spec) => { spec.rules[0].matches[0].path.type = 'Prefix'; },
    refusal: /\/spec\/rules\/0\/matches\/0\/path\/type must be equal to one of the allowed values/,
  },
];

const keyOf = (gvk: GroupVersionKind) => `${gvk.apiVersion}/${gvk.kind}`;

function validObject(kind: FleetKind): KubernetesObject {
  const chart = new Chart(new App({ outdir: 'unused' }), 'fleet');
  return kind.build(chart).toJson();
}

function invalidObject(kind: FleetKind): KubernetesObject {
  const object = structuredClone(validObject(kind));
  kind.breakIt(object.spec as Record<string, unknown>);
  return object;
}

describe('schema validation of the Argo CD, Flux and Gateway API kinds', () => {
  it('knows the schema of each kind at the API version of its pinned CRD', () => {
    expect(VALIDATED_KINDS).toEqual(expect.arrayContaining(FLEET_KINDS.map((kind) => keyOf(kind.gvk))));
    expect(FLEET_KINDS.map((kind) => keyOf(kind.gvk))).toEqual([
      'argoproj.io/v1alpha1/Application',
      'argoproj.io/v1alpha1/ApplicationSet',
      'argoproj.io/v1alpha1/AppProject',
      'kustomize.toolkit.fluxcd.io/v1/Kustomization',
      'source.toolkit.fluxcd.io/v1/GitRepository',
      'source.toolkit.fluxcd.io/v1/OCIRepository',
      'gateway.networking.k8s.io/v1/Gateway',
      'gateway.networking.k8s.io/v1/HTTPRoute',
    ]);
  });

  it.each(FLEET_KINDS.map((kind) => [kind.gvk.kind, kind] as const))(
    '%s: accepts a valid one built with its imported construct', async (_name, kind) => {
      expect(await validateAgainstSchemas('fleet.yaml', [validObject(kind)])).toEqual([]);
    });

  it.each(FLEET_KINDS.map((kind) => [kind.gvk.kind, kind.defect, kind] as const))(
    '%s: refuses one with %s, naming the path and the rule', async (_name, _defect, kind) => {
      const object = invalidObject(kind);
      const problems = await validateAgainstSchemas('fleet.yaml', [object]);
      expect(problems).toHaveLength(1);
      expect(problems[0]).toMatch(new RegExp(`^fleet\\.yaml: ${kind.gvk.kind}/${object.metadata?.name}: `));
      expect(problems[0]).toMatch(kind.refusal);
    });
});
