import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App } from 'cdk8s';
import { DELIVERY_LAYERS } from '../../lib/delivery/delivery-order';
import { resolveDeliverySettings } from '../../lib/delivery/delivery-settings';
import { targetPath } from '../../lib/delivery/delivery-target';
import type { ResolvedEnvironment } from '../../lib/plan/resolved-deployment';
import { fluxChartFile, FluxChart } from '../../lib/delivery/flux-chart';
import { validateAgainstSchemas } from '../../lib/validation/schema-validation';
import { plannedTargets } from '../support/delivery-targets';
import { synthesizedMainPlan } from '../support/deployments';

const REPOSITORY = 'https://git.example.com/platform/reconciliation-deploy.git';
const settings = resolveDeliverySettings({ repository: { url: REPOSITORY } });

// Synthesized JSON, whose shape the compiler does not know.
/* eslint-disable @typescript-eslint/no-explicit-any */
function fluxObjects(target: ResolvedEnvironment, given = settings): any[] {
  return new FluxChart(new App({ outdir: 'unused' }), 'flux', { target, settings: given }).toJson();
}

const targets = plannedTargets().flatMap(({ targets: ofEnvironment }) => ofEnvironment);

describe.each(targets.map((target) => [target.cluster.folder, target] as const))('Flux for %s', (folder, target) => {
  const objects = fluxObjects(target);
  const [source] = objects.filter((object) => object.kind === 'GitRepository');
  const kustomizations = objects.filter((object) => object.kind === 'Kustomization');
  const [foundation, workloads] = kustomizations;
  const name = `${target.name}-${target.cluster.name}`;

  it('is one GitRepository and a Kustomization per layer in flux-system, written to dist/delivery/flux/<environment>/<cluster>.k8s.yaml', () => {
    expect(objects.map((object) => `${object.kind}/${object.metadata.namespace}/${object.metadata.name}`)).toEqual([
      'GitRepository/flux-system/reconciliation-platform',
      `Kustomization/flux-system/${name}-foundation`,
      `Kustomization/flux-system/${name}-workloads`,
    ]);
    expect(fluxChartFile(target)).toBe(`delivery/flux/${folder}.k8s.yaml`);
  });

  it('validates against the pinned CRDs\' schemas', async () => {
    expect(await validateAgainstSchemas(fluxChartFile(target), objects)).toEqual([]);
  });

  it('follows the branch of the one repository', () => {
    expect(source.spec).toEqual({ url: REPOSITORY, ref: { branch: 'main' }, interval: '1m', ignore: expect.any(String) });
  });

  it('applies the foundation folder, then the workloads folder once the foundation is ready', () => {
    expect(foundation.spec.path).toBe(`./dist/${folder}/foundation`);
    expect(workloads.spec.path).toBe(`./dist/${folder}/workloads`);
    expect(foundation.spec.dependsOn).toBeUndefined();
    expect(workloads.spec.dependsOn).toEqual([{ name: foundation.metadata.name }]);
    expect(kustomizations.map((kustomization) => kustomization.spec.path)).toEqual(DELIVERY_LAYERS.map((layer) => `./${targetPath('dist', target, layer)}`));
  });

  it('fetches only its own cluster folder, as git itself reads the ignore rules', () => {
    const repository = fs.mkdtempSync(path.join(os.tmpdir(), 'sourceignore-'));
    try {
      spawnSync('git', ['init', '-q', repository]);
      fs.writeFileSync(path.join(repository, '.gitignore'), `${source.spec.ignore}\n`);
      const ignored = (file: string) => spawnSync('git', ['-C', repository, 'check-ignore', '-q', '--no-index', file]).status === 0;
      const own = `${targetPath('dist', target)}`;
      const others = plannedTargets().flatMap(({ targets: all }) => all).filter((other) => other.cluster.folder !== target.cluster.folder);
      expect(others.length).toBeGreaterThan(0);
      expect([`${own}/foundation/00-namespace.k8s.yaml`, `${own}/workloads/x.k8s.yaml`].map(ignored)).toEqual([false, false]);
      expect(['main.ts', 'lib/plan/deployment-plan.ts', 'dist/delivery/argo-cd/production.k8s.yaml',
        ...others.map((other) => `${targetPath('dist', other)}/workloads/x.k8s.yaml`)].filter((file) => !ignored(file))).toEqual([]);
    } finally {
      fs.rmSync(repository, { recursive: true, force: true });
    }
  });

  it('reads the folder an Argo CD Application of the same target syncs', () => {
    for (const kustomization of kustomizations) expect(kustomization.spec.path.startsWith(`./${targetPath('dist', target)}/`)).toBe(true);
  });

  it('prunes, waits for every object to be ready within a timeout, and retries', () => {
    for (const kustomization of kustomizations) {
      expect(kustomization.spec).toMatchObject({
        sourceRef: { kind: 'GitRepository', name: source.metadata.name },
        prune: true,
        wait: true,
        interval: '10m',
        retryInterval: '2m',
      });
      // The objects carry their namespace; a targetNamespace would move them all.
      expect(kustomization.spec.targetNamespace).toBeUndefined();
    }
    expect([foundation.spec.timeout, workloads.spec.timeout]).toEqual(['5m', '15m']);
  });

  it('judges every emitted kind that reports only a Ready condition by it, so the workloads wait for their Secrets', () => {
    const readyReporters = new Set(synthesizedMainPlan().flatMap((chart) => chart.objects)
      .filter((object) => /^(external-secrets\.io|cert-manager\.io)\//.test(object.apiVersion)).map((object) => `${object.apiVersion} ${object.kind}`));
    expect(readyReporters.size).toBeGreaterThan(0);
    for (const kustomization of kustomizations) {
      const judged = kustomization.spec.healthCheckExprs.map((check: any) => `${check.apiVersion} ${check.kind}`);
      expect(judged).toEqual(expect.arrayContaining([...readyReporters]));
      for (const check of kustomization.spec.healthCheckExprs) expect(check.current).toContain("c.type == 'Ready' && c.status == 'True'");
    }
  });

  it(target.tier === 'production'
    ? 'leaves the workloads running when a production Kustomization is deleted'
    : 'deletes what it applied when its Kustomization is deleted', () => {
    for (const kustomization of kustomizations) {
      expect(kustomization.spec.deletionPolicy).toBe(target.tier === 'production' ? 'Orphan' : 'MirrorPrune');
    }
  });
});

describe('FluxChart settings', () => {
  const [target] = targets;

  it('reads the repository with the credentials Secret when one is named, from another dist folder and branch', () => {
    const given = resolveDeliverySettings({
      repository: { url: REPOSITORY, branch: 'release', distPath: 'deploy/dist' },
      flux: { namespace: 'flux', credentialsSecret: 'deploy-key' },
    });
    const [source, foundation] = fluxObjects(target, given);
    expect(source.metadata.namespace).toBe('flux');
    expect(source.spec).toMatchObject({ ref: { branch: 'release' }, secretRef: { name: 'deploy-key' } });
    expect(foundation.spec.path).toBe(`./deploy/dist/${target.cluster.folder}/foundation`);
  });

  it('refuses a target whose folder is not <environment>/<cluster>', () => {
    expect(() => fluxObjects({ ...target, cluster: { ...target.cluster, folder: `${target.name}/elsewhere` } })).toThrow(/targets\[0\]\.folder .* must be/);
  });
});
