import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { ApiObject, App, Chart, Yaml } from 'cdk8s';
import { production } from '../../environments/production';
import { loadAll } from 'js-yaml';
import { ALERT_ROUTING_FILE } from '../../lib/charts/alert-routing-chart';
import { NAMESPACE_FILE } from '../../lib/plan/deployment-plan';
import { sha256 } from '../../lib/synth/output-files';
import { synthesize } from '../../lib/synth/run-synth';
import { chartFiles, toYaml } from '../../lib/synth/synthesize';
import { bundledPackageVersions, loadSchemaModel, loadSchemaModels } from '../../lib/validation/schema-models';
import { validateAgainstSchemas, VALIDATED_KINDS } from '../../lib/validation/schema-validation';
import { reconciliationBackend } from '../../services/reconciliation-backend';
import { planOf, synthesizedMainPlan, synthesizedPlanCharts, testPlan } from '../support/deployments';
import { temporaryFolders } from '../support/temporary-folders';

const plan = testPlan();

const ROOT = path.resolve(__dirname, '../..');

function snapshotDirectory(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (current: string) => {
    for (const entry of fs.readdirSync(current, { withFileTypes: true })) {
      const full = path.join(current, entry.name);
      if (entry.isDirectory()) walk(full);
      else files[path.relative(dir, full)] = fs.readFileSync(full, 'utf8');
    }
  };
  walk(dir);
  return files;
}

const temporaryFolder = temporaryFolders();

/** A throwaway project root holding a dist/ of one chart file from an earlier synth, listed in its manifest. */
function previousOutput(): string {
  const dir = temporaryFolder('synth-test-');
  fs.mkdirSync(path.join(dir, 'dist/production'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'dist/production/keep.k8s.yaml'), 'kind: Previous\n');
  fs.writeFileSync(path.join(dir, 'dist/.synth-manifest'), `${sha256('kind: Previous\n')}  dist/production/keep.k8s.yaml\n`);
  return dir;
}

describe('synth writes dist/ all or nothing', () => {
  it('leaves the previous output byte-for-byte untouched when `npm run synth` fails, says so, and exits non-zero', () => {
    const dir = previousOutput();
    const before = snapshotDirectory(path.join(dir, 'dist'));
    const run = spawnSync(process.execPath, ['-r', path.join(ROOT, 'scripts/register.js'), path.join(ROOT, 'test/fixtures/broken-app.ts')], {
      cwd: dir,
      env: { ...process.env, NODE_OPTIONS: '' },
      encoding: 'utf8',
    });
    expect(run.status).toBe(1);
    const lines = run.stderr.trim().split('\n');
    expect(lines[0]).toBe('synth failed: validation failed:');
    expect(run.stderr).toContain('production/broken.k8s.yaml: Deployment/broken: ');
    expect(run.stderr).toContain('/spec/replicas must be integer');
    expect(lines[lines.length - 1]).toBe('nothing was changed: no generated file (charts, dashboards, docs) was written or deleted');
    expect(snapshotDirectory(path.join(dir, 'dist'))).toEqual(before);
    expect(fs.readdirSync(dir)).toEqual(['dist']);
  });

  it('keeps the previous output when the specs are refused', async () => {
    const projectRoot = previousOutput();
    const outdir = path.join(projectRoot, 'dist');
    const before = snapshotDirectory(outdir);
    const badService = { ...reconciliationBackend, httpPort: 0 };
    await expect(synthesize({ projectRoot, charts: () => planOf([production], [badService]).charts }))
      .rejects.toThrow('services.reconciliation-backend.httpPort (0) must be an integer port number in 1–65535');
    expect(snapshotDirectory(outdir)).toEqual(before);
  });

  it('replaces the whole folder on success, so stale charts disappear, and lists what it wrote in the manifest', async () => {
    const projectRoot = previousOutput();
    const outdir = path.join(projectRoot, 'dist');
    const result = await synthesize({ projectRoot, charts: planOf([production], [reconciliationBackend]).charts });
    // Each cluster folder splits every chart by delivery layer; the engines' charts sit in delivery/.
    const clusterFiles = production.clusters.flatMap(({ name }) => [
      `production/${name}/foundation/${NAMESPACE_FILE}`,
      `production/${name}/foundation/${ALERT_ROUTING_FILE}`,
      `production/${name}/foundation/reconciliation-backend.k8s.yaml`,
      `production/${name}/workloads/${ALERT_ROUTING_FILE}`,
      `production/${name}/workloads/reconciliation-backend.k8s.yaml`,
    ]);
    const engineFiles = ['delivery/argo-cd/production.k8s.yaml', ...production.clusters.map(({ name }) => `delivery/flux/production/${name}.k8s.yaml`)];
    expect(Object.keys(snapshotDirectory(outdir)).sort()).toEqual(['.synth-manifest', ...clusterFiles, ...engineFiles].sort());
    expect(result.output.removed).toEqual(['dist/production/keep.k8s.yaml']);
    const manifest = fs.readFileSync(path.join(outdir, '.synth-manifest'), 'utf8').trimEnd().split('\n');
    for (const line of manifest) expect(line).toMatch(/^[0-9a-f]{64} {2}\S+$/);
    expect(manifest.map((line) => line.slice(66))).toEqual([
      'dashboards/production/namespace.json',
      ...['api', 'database-cache', 'slo', 'workload'].map((slug) => `dashboards/production/reconciliation-backend-${slug}.json`),
      ...[...clusterFiles, ...engineFiles].map((file) => `dist/${file}`).sort(),
    ]);
    expect(fs.readdirSync(projectRoot).sort()).toEqual(['dashboards', 'dist']);
  });

  it('refuses a synth that would write no chart', async () => {
    const projectRoot = previousOutput();
    await expect(synthesize({ projectRoot, charts: [] })).rejects.toThrow('there is no chart to synthesize');
    expect(fs.readdirSync(projectRoot)).toEqual(['dist']);
  });
});

describe('output layout', () => {
  it('has one folder per environment and cluster, each chart split into its foundation and workloads, namespace first', () => {
    const written = synthesizedPlanCharts().flatMap((chart) => chartFiles('dist', chart).map((file) => file.path));
    for (const { cluster: { folder } } of plan.environments) {
      const own = written.filter((file) => file.startsWith(`dist/${folder}/`)).sort();
      expect(own[0]).toBe(`dist/${folder}/foundation/${NAMESPACE_FILE}`);
      expect(own).toEqual(expect.arrayContaining(plan.deployments.filter((d) => d.environment.cluster.folder === folder)
        .map((d) => `dist/${folder}/workloads/${d.service.name}.k8s.yaml`)));
      expect(own.every((file) => /^dist\/[^/]+\/[^/]+\/(foundation|workloads)\/[^/]+\.k8s\.yaml$/.test(file))).toBe(true);
    }
    expect(written.filter((file) => file.startsWith('dist/delivery/')).sort()).toEqual([
      ...[...new Set(plan.environments.map((environment) => environment.name))].map((environment) => `dist/delivery/argo-cd/${environment}.k8s.yaml`),
      ...plan.environments.map((environment) => `dist/delivery/flux/${environment.cluster.folder}.k8s.yaml`),
    ].sort());
  });

  it('is deterministic: two syntheses give identical YAML', () => {
    const first = synthesizedMainPlan().map(toYaml);
    const second = synthesizedMainPlan().map(toYaml);
    expect(second).toEqual(first);
  });

  it('never gives an object a hash-suffixed name', () => {
    for (const chart of synthesizedMainPlan()) {
      for (const object of chart.objects) {
        expect(object.metadata?.name).not.toMatch(/-c8[0-9a-f]{6}$/);
      }
    }
  });

  it('refuses duplicate services in the matrix', () => {
    expect(() => planOf([production], [reconciliationBackend, reconciliationBackend]).charts)
      .toThrow('services[1].name ("reconciliation-backend") duplicates services[0].name');
  });
});

describe('schema validation', () => {
  it('accepts every object of every chart', async () => {
    for (const chart of synthesizedMainPlan()) {
      expect(await validateAgainstSchemas(chart.plan.file, chart.objects)).toEqual([]);
    }
  });

  it('names the file, object, path and rule of a schema violation', async () => {
    const problems = await validateAgainstSchemas('x.yaml', [
      { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'hpa' }, spec: { maxReplicas: 'ten' } },
    ]);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatch(/^x\.yaml: HorizontalPodAutoscaler\/hpa: .*scaleTargetRef/);
  });

  it('fails closed on a kind it has no schema for', async () => {
    const chart = new Chart(new App({ outdir: 'unused' }), 'c');
    new ApiObject(chart, 'cm', { apiVersion: 'batch/v1', kind: 'CronJob', metadata: { name: 'nightly' } });
    const problems = await validateAgainstSchemas('c.yaml', chart.toJson());
    expect(problems).toEqual([
      'c.yaml: CronJob/nightly: no schema known for batch/v1/CronJob; add it to SCHEMA_MODULES in lib/validation/schema-models.ts',
    ]);
  });

  it('knows the schema of every kind the charts emit', () => {
    const emitted = new Set(synthesizedMainPlan().flatMap((chart) => chart.objects.map((o) => `${o.apiVersion}/${o.kind}`)));
    for (const kind of emitted) expect(VALIDATED_KINDS).toContain(kind);
  });
});

describe('YAML output', () => {
  it('reads back as exactly what cdk8s itself writes, for every chart', () => {
    // js-yaml quotes a few scalars cdk8s' writer leaves bare (`"="`, a YAML 1.1 value
    // indicator); every parser then reads the same objects, which is what kubectl sees.
    for (const chart of synthesizedMainPlan()) {
      const ours = loadAll(toYaml(chart));
      expect(ours).toEqual(loadAll(Yaml.stringify(...chart.objects)));
      expect(ours).toEqual(JSON.parse(JSON.stringify(chart.objects)));
    }
  });

  it('is byte-identical to what cdk8s itself writes where no scalar needs quoting', () => {
    const plain = synthesizedMainPlan().filter((chart) => !chart.plan.file.endsWith(ALERT_ROUTING_FILE));
    expect(plain.length).toBeGreaterThan(0);
    for (const chart of plain) expect(toYaml(chart)).toBe(Yaml.stringify(...chart.objects));
  });
});

describe('schema model bundle', () => {
  it('builds one bundle of every known kind into an empty cache, then reuses it', () => {
    const cacheDir = temporaryFolder('schema-models-');
    const models = loadSchemaModels(cacheDir);
    expect(Object.keys(models).sort()).toEqual([...VALIDATED_KINDS].sort());
    for (const Model of Object.values(models)) expect(typeof Model).toBe('function');
    const files = fs.readdirSync(cacheDir);
    expect(files).toEqual([expect.stringMatching(/^schema-models-[0-9a-f]{16}\.cjs$/)]);
    expect(loadSchemaModels(cacheDir)).toBe(models);
    expect(fs.readdirSync(cacheDir)).toEqual(files);
  });

  it('is keyed by every package it is built from, the validators\' too, not only the kinds\' packages', () => {
    const versions = bundledPackageVersions(ROOT);
    for (const name of ['kubernetes-models', '@kubernetes-models/prometheus-operator', '@kubernetes-models/validate', '@kubernetes-models/base', 'esbuild']) {
      expect(versions).toContainEqual(expect.stringMatching(new RegExp(`^node_modules/${name}@\\d`)));
    }
  });

  it('follows dependencies as Node resolves them: a nested copy and a new version of a dependency count', () => {
    const root = temporaryFolder('bundled-packages-');
    const install = (folder: string, manifest: object) => {
      fs.mkdirSync(path.join(root, folder), { recursive: true });
      fs.writeFileSync(path.join(root, folder, 'package.json'), JSON.stringify(manifest));
    };
    install('node_modules/models', { version: '1.0.0', dependencies: { validate: '^2' }, optionalDependencies: { 'other-platform': '1' } });
    install('node_modules/validate', { version: '2.0.0' });
    install('node_modules/tool', { version: '3.0.0', dependencies: { validate: '^1' } });
    install('node_modules/tool/node_modules/validate', { version: '1.4.0' });
    expect(bundledPackageVersions(root, ['models', 'tool'])).toEqual([
      'node_modules/models@1.0.0', 'node_modules/tool/node_modules/validate@1.4.0', 'node_modules/tool@3.0.0', 'node_modules/validate@2.0.0',
    ]);
    install('node_modules/validate', { version: '2.0.1' });
    expect(bundledPackageVersions(root, ['models'])).toEqual(['node_modules/models@1.0.0', 'node_modules/validate@2.0.1']);
  });

  it('validates with the packages\' own validators', () => {
    const Deployment = loadSchemaModel('apps/v1/Deployment')!;
    expect(() => new Deployment({ metadata: { name: 'x' }, spec: { selector: {}, template: {}, replicas: 'two' } }).validate())
      .toThrow(/replicas/);
    expect(loadSchemaModel('batch/v1/CronJob')).toBeUndefined();
  });
});
