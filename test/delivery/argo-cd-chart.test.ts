import { App } from 'cdk8s';
import { argoCdChartFile, ArgoCdChart, RELOADER_IGNORED_DIFFERENCE } from '../../lib/delivery/argo-cd-chart';
import { DELIVERY_STAGES } from '../../lib/delivery/delivery-order';
import { resolveDeliverySettings } from '../../lib/delivery/delivery-settings';
import type { ResolvedEnvironment } from '../../lib/plan/resolved-deployment';
import { type KubernetesObject, validateAgainstSchemas } from '../../lib/validation/schema-validation';
import { RELOADER_RELOADED_FROM_ANNOTATION } from '../../lib/workload/http-service';
import { synthesizedMainPlan } from '../support/deployments';
import { plannedTargets } from '../support/delivery-targets';

const REPOSITORY = 'https://git.example.com/platform/reconciliation-deploy.git';
const settings = resolveDeliverySettings({ repository: { url: REPOSITORY } });

// Synthesized JSON, whose shape the compiler does not know.
/* eslint-disable @typescript-eslint/no-explicit-any */
function argoCdObjects(environment: string, targets: readonly ResolvedEnvironment[]): any[] {
  return new ArgoCdChart(new App({ outdir: 'unused' }), 'argo-cd', { environment, targets, settings }).toJson();
}

const byKind = (objects: any[], kind: string) => objects.filter((object) => object.kind === kind);

/** Replaces each `{{.key}}` as Argo CD's Go template does with missingkey=error. */
function render(value: any, element: Record<string, string>): any {
  if (typeof value === 'string') {
    return value.replace(/\{\{\s*\.(\w+)\s*\}\}/g, (_match, key: string) => {
      if (!(key in element)) throw new Error(`map has no entry for key "${key}"`);
      return element[key];
    });
  }
  if (Array.isArray(value)) return value.map((item) => render(item, element));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, render(item, element)]));
  return value;
}

/** The Applications the ApplicationSet controller makes: its template rendered for each element of its list generator. */
function generatedApplications(applicationSet: any): any[] {
  const [generator] = applicationSet.spec.generators;
  return generator.list.elements.map((element: Record<string, string>) => {
    const { metadata, spec } = render(applicationSet.spec.template, element);
    return { apiVersion: 'argoproj.io/v1alpha1', kind: 'Application', metadata: { ...metadata, namespace: applicationSet.metadata.namespace }, spec };
  });
}

/** `group/kind` of an object as an AppProject names it. */
function groupKind(object: KubernetesObject): string {
  const group = object.apiVersion.includes('/') ? object.apiVersion.split('/')[0] : '';
  return `${group}/${object.kind}`;
}

describe.each(plannedTargets().map(({ environment, targets }) => [environment.name, environment.tier, targets] as const))(
  'Argo CD for %s (%s)', (environment, tier, targets) => {
    const objects = argoCdObjects(environment, targets);
    const [project] = byKind(objects, 'AppProject');
    const [applicationSet] = byKind(objects, 'ApplicationSet');
    const applications = generatedApplications(applicationSet);

    it('is one AppProject and one ApplicationSet in the argocd namespace, written to dist/delivery/argo-cd/<environment>.k8s.yaml', () => {
      expect(objects.map((object) => `${object.kind}/${object.metadata.namespace}/${object.metadata.name}`))
        .toEqual([`AppProject/argocd/${environment}`, `ApplicationSet/argocd/${environment}`]);
      expect(argoCdChartFile(environment)).toBe(`delivery/argo-cd/${environment}.k8s.yaml`);
    });

    it('validates against the pinned CRDs\' schemas, the Applications it generates too', async () => {
      expect(await validateAgainstSchemas(argoCdChartFile(environment), [...objects, ...applications])).toEqual([]);
    });

    it('generates one Application per cluster, syncing dist/<environment>/<cluster>/ with its subfolders into that cluster', () => {
      expect(applications.map((application) => ({
        name: application.metadata.name,
        project: application.spec.project,
        source: application.spec.source,
        destination: application.spec.destination,
      }))).toEqual(targets.map((target) => ({
        name: `${environment}-${target.cluster.name}`,
        project: environment,
        source: { repoURL: REPOSITORY, targetRevision: 'main', path: `dist/${environment}/${target.cluster.name}`, directory: { recurse: true } },
        destination: { name: target.cluster.argoCdDestination, namespace: target.namespace },
      })));
    });

    it('allows the one repository and only the targets\' clusters and namespace', () => {
      expect(project.spec.sourceRepos).toEqual([REPOSITORY]);
      expect(project.spec.destinations).toEqual(targets.map((target) => ({ name: target.cluster.argoCdDestination, namespace: target.namespace })));
      expect(Object.keys(project.spec).sort()).toEqual(['clusterResourceWhitelist', 'description', 'destinations', 'namespaceResourceWhitelist', 'sourceRepos']);
    });

    it('allows exactly the kinds of DELIVERY_STAGES, the Namespace alone cluster-wide', () => {
      const allowed = [...project.spec.clusterResourceWhitelist, ...project.spec.namespaceResourceWhitelist].map(({ kind }: { kind: string }) => kind);
      expect(allowed.sort()).toEqual(DELIVERY_STAGES.flatMap((stage) => stage.kinds).sort());
      expect(project.spec.clusterResourceWhitelist).toEqual([{ group: '', kind: 'Namespace' }]);
    });

    it('allows every object the plan emits for the environment, at its scope and API group', () => {
      const cluster = new Set(project.spec.clusterResourceWhitelist.map(({ group, kind }: any) => `${group}/${kind}`));
      const namespaced = new Set(project.spec.namespaceResourceWhitelist.map(({ group, kind }: any) => `${group}/${kind}`));
      const emitted = synthesizedMainPlan().filter((chart) => chart.plan.environment.name === environment).flatMap((chart) => chart.objects);
      expect(emitted.length).toBeGreaterThan(0);
      const refused = emitted.filter((object) => !(object.metadata?.namespace ? namespaced : cluster).has(groupKind(object)));
      expect(refused.map((object) => `${groupKind(object)} ${object.metadata?.name}`)).toEqual([]);
    });

    it('syncs by itself with prune and self-heal, never an empty folder, retrying with exponential backoff', () => {
      for (const application of applications) {
        const { automated, retry, syncOptions } = application.spec.syncPolicy;
        expect(automated).toEqual({ prune: true, selfHeal: true, allowEmpty: false });
        expect(retry).toEqual({ limit: 5, backoff: { duration: '10s', factor: 2, maxDuration: '5m' } });
        expect(syncOptions).toEqual(expect.arrayContaining(['ServerSideApply=true', 'PruneLast=true', 'RespectIgnoreDifferences=true']));
        expect(syncOptions).not.toContain('CreateNamespace=true');
        expect(application.metadata.annotations['argocd.argoproj.io/compare-options']).toBe('ServerSideDiff=true');
      }
    });

    it(tier === 'production'
      ? 'never deletes a production Application or its objects from the ApplicationSet'
      : 'follows the plan both ways: a cluster leaving it loses its Application', () => {
      expect(applicationSet.spec.syncPolicy).toEqual(tier === 'production'
        ? { applicationsSync: 'create-update', preserveResourcesOnDeletion: true }
        : { applicationsSync: 'sync', preserveResourcesOnDeletion: false });
    });
  });

describe('Argo CD and Reloader', () => {
  const [{ environment, targets }] = plannedTargets();
  const [applicationSet] = byKind(argoCdObjects(environment.name, targets), 'ApplicationSet');
  const [pointer] = RELOADER_IGNORED_DIFFERENCE.jsonPointers;

  /** The value at an RFC 6901 pointer, or undefined. */
  const at = (object: any, jsonPointer: string) => jsonPointer.split('/').slice(1)
    .map((token) => token.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((current, token) => current?.[token], object);

  it('ignores the annotation Reloader writes into each Deployment\'s pod template, and only that', () => {
    expect(applicationSet.spec.template.spec.ignoreDifferences).toEqual([{ group: 'apps', kind: 'Deployment', jsonPointers: [pointer] }]);
    const deployments = synthesizedMainPlan().flatMap((chart) => chart.objects).filter((object) => object.kind === 'Deployment');
    expect(deployments.length).toBeGreaterThan(0);
    for (const deployment of deployments) {
      // Git never sets it: ignoring it hides nothing the manifests say.
      expect(at(deployment, pointer)).toBeUndefined();
      const reloaded: any = structuredClone(deployment);
      reloaded.spec.template.metadata.annotations = { ...reloaded.spec.template.metadata.annotations, [RELOADER_RELOADED_FROM_ANNOTATION]: '{"type":"SECRET"}' };
      expect(at(reloaded, pointer)).toBe('{"type":"SECRET"}');
    }
  });
});

describe('ArgoCdChart props', () => {
  const [{ environment, targets }] = plannedTargets();
  const build = (given: readonly ResolvedEnvironment[]) => () => argoCdObjects(environment.name, given);

  it.each([
    ['no target', [], /targets \(0\) must hold at least one/],
    ['a target of another environment', [{ ...targets[0], name: 'elsewhere' }], /targets\[0\]\.environment \("elsewhere"\) must be/],
    ['a folder that is not <environment>/<cluster>', [{ ...targets[0], cluster: { ...targets[0].cluster, folder: 'x' } }], /targets\[0\]\.folder \("x"\) must be/],
    ['one cluster twice', [targets[0], targets[0]], /targets\[1\]\.cluster .* names a cluster already targeted/],
    ['targets of two tiers', [targets[0], { ...targets[0], cluster: { ...targets[0].cluster, name: 'other', folder: `${environment.name}/other` }, tier: targets[0].tier === 'production' ? 'non-production' : 'production' }],
      /targets\[1\]\.tier .* must match/],
  ] as [string, ResolvedEnvironment[], RegExp][])('refuses %s, naming the prop', (_what, given, message) => {
    expect(build(given)).toThrow(message);
  });

  it('refuses an environment named delivery, the folder of the engines\' own objects', () => {
    const delivery = targets.map((target) => ({ ...target, name: 'delivery', cluster: { ...target.cluster, folder: `delivery/${target.cluster.name}` } }));
    expect(() => argoCdObjects('delivery', delivery)).toThrow(/^delivery\.delivery \("delivery"\) is the folder of the Argo CD and Flux objects/);
  });
});
