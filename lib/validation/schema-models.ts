import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';

/**
 * Loads the schema models of `kubernetes-models` / `@kubernetes-models/*` fast.
 *
 * The packages are ES modules of thousands of small files, slow to import on every
 * synth. They are bundled once with esbuild into one minified CommonJS file under
 * node_modules/.cache (keyed by the versions of every package in it and the kinds below),
 * which loads faster and works from CommonJS and Jest alike. The validators inside
 * are the packages' own, unchanged.
 */

export interface ValidatableModel {
  validate(): void;
}
// Each model's constructor takes its own typed shape; synthesized JSON is checked at run time.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type ModelClass = new (data: any) => ValidatableModel;

interface SchemaModule {
  /** Module that exports the model class. */
  readonly module: string;
  /** Name of the exported class. */
  readonly model: string;
}

/** Every kind this project may emit (`apiVersion/kind`), and where its model lives. */
export const SCHEMA_MODULES: Readonly<Record<string, SchemaModule>> = {
  'v1/Namespace': { module: 'kubernetes-models/v1/Namespace', model: 'Namespace' },
  'v1/ServiceAccount': { module: 'kubernetes-models/v1/ServiceAccount', model: 'ServiceAccount' },
  'v1/Service': { module: 'kubernetes-models/v1/Service', model: 'Service' },
  'v1/ConfigMap': { module: 'kubernetes-models/v1/ConfigMap', model: 'ConfigMap' },
  'apps/v1/Deployment': { module: 'kubernetes-models/apps/v1/Deployment', model: 'Deployment' },
  'autoscaling/v2/HorizontalPodAutoscaler': { module: 'kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler', model: 'HorizontalPodAutoscaler' },
  'policy/v1/PodDisruptionBudget': { module: 'kubernetes-models/policy/v1/PodDisruptionBudget', model: 'PodDisruptionBudget' },
  'networking.k8s.io/v1/NetworkPolicy': { module: 'kubernetes-models/networking.k8s.io/v1/NetworkPolicy', model: 'NetworkPolicy' },
  'monitoring.coreos.com/v1/ServiceMonitor': {
    module: '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/ServiceMonitor', model: 'ServiceMonitor',
  },
  'monitoring.coreos.com/v1/Probe': {
    module: '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/Probe', model: 'Probe',
  },
  'monitoring.coreos.com/v1/PrometheusRule': {
    module: '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PrometheusRule', model: 'PrometheusRule',
  },
  'monitoring.coreos.com/v1alpha1/AlertmanagerConfig': {
    module: '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1alpha1/AlertmanagerConfig', model: 'AlertmanagerConfig',
  },
  'external-secrets.io/v1/ExternalSecret': {
    module: '@kubernetes-models/external-secrets/external-secrets.io/v1/ExternalSecret', model: 'ExternalSecret',
  },
  'external-secrets.io/v1/SecretStore': {
    module: '@kubernetes-models/external-secrets/external-secrets.io/v1/SecretStore', model: 'SecretStore',
  },
  'external-secrets.io/v1/ClusterSecretStore': {
    module: '@kubernetes-models/external-secrets/external-secrets.io/v1/ClusterSecretStore', model: 'ClusterSecretStore',
  },
  'argoproj.io/v1alpha1/Application': {
    module: '@kubernetes-models/argo-cd/argoproj.io/v1alpha1/Application', model: 'Application',
  },
  'argoproj.io/v1alpha1/ApplicationSet': {
    module: '@kubernetes-models/argo-cd/argoproj.io/v1alpha1/ApplicationSet', model: 'ApplicationSet',
  },
  'argoproj.io/v1alpha1/AppProject': {
    module: '@kubernetes-models/argo-cd/argoproj.io/v1alpha1/AppProject', model: 'AppProject',
  },
  'kustomize.toolkit.fluxcd.io/v1/Kustomization': {
    module: '@kubernetes-models/flux-cd/kustomize.toolkit.fluxcd.io/v1/Kustomization', model: 'Kustomization',
  },
  'source.toolkit.fluxcd.io/v1/GitRepository': {
    module: '@kubernetes-models/flux-cd/source.toolkit.fluxcd.io/v1/GitRepository', model: 'GitRepository',
  },
  'source.toolkit.fluxcd.io/v1/OCIRepository': {
    module: '@kubernetes-models/flux-cd/source.toolkit.fluxcd.io/v1/OCIRepository', model: 'OCIRepository',
  },
  'gateway.networking.k8s.io/v1/Gateway': {
    module: '@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1/Gateway', model: 'Gateway',
  },
  'gateway.networking.k8s.io/v1/HTTPRoute': {
    module: '@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1/HTTPRoute', model: 'HTTPRoute',
  },
  'gateway.networking.k8s.io/v1/ReferenceGrant': {
    module: '@kubernetes-models/gateway-api/gateway.networking.k8s.io/v1/ReferenceGrant', model: 'ReferenceGrant',
  },
  'cert-manager.io/v1/Certificate': {
    module: '@kubernetes-models/cert-manager/cert-manager.io/v1/Certificate', model: 'Certificate',
  },
};

const PROJECT_ROOT = path.resolve(__dirname, '..', '..');
/** Where the bundle is cached; SCHEMA_MODELS_CACHE_DIR moves it (tests use a throwaway one). */
export const DEFAULT_MODEL_CACHE = process.env.SCHEMA_MODELS_CACHE_DIR
  || path.join(PROJECT_ROOT, 'node_modules', '.cache', 'schema-models');
/** What the bundle is built from: the kinds' packages and esbuild, each with everything it depends on. */
const BUNDLED_PACKAGES = [
  'kubernetes-models', '@kubernetes-models/prometheus-operator', '@kubernetes-models/external-secrets',
  '@kubernetes-models/argo-cd', '@kubernetes-models/flux-cd', '@kubernetes-models/gateway-api',
  '@kubernetes-models/cert-manager', 'esbuild',
];

/**
 * `folder@version` of every installed package the bundle is built from, following
 * `dependencies` and `optionalDependencies` the way Node resolves them (nested copies
 * included), sorted: a new version of any of them, the validators' too, is a new bundle.
 */
export function bundledPackageVersions(projectRoot: string, roots: readonly string[] = BUNDLED_PACKAGES): string[] {
  const versions = new Map<string, string>();
  const pending = roots.map((name) => ({ name, from: projectRoot }));
  for (let next = pending.pop(); next; next = pending.pop()) {
    const folder = installedFolder(next.name, next.from);
    // An optional dependency for another platform is not installed, and not bundled.
    if (folder === undefined || versions.has(folder)) continue;
    const manifest = JSON.parse(fs.readFileSync(path.join(folder, 'package.json'), 'utf8'));
    versions.set(folder, `${path.relative(projectRoot, folder).split(path.sep).join('/')}@${manifest.version}`);
    for (const name of Object.keys({ ...manifest.dependencies, ...manifest.optionalDependencies })) pending.push({ name, from: folder });
  }
  return [...versions.values()].sort();
}

/** Where `name` is installed for code in `from`: the nearest node_modules up the tree. */
function installedFolder(name: string, from: string): string | undefined {
  for (let folder = from; ; folder = path.dirname(folder)) {
    const candidate = path.join(folder, 'node_modules', name);
    if (fs.existsSync(path.join(candidate, 'package.json'))) return candidate;
    if (folder === path.dirname(folder)) return undefined;
  }
}

let key: string | undefined;
/** Identifies the models: every bundled package's version and the kinds bundled. */
export function schemaModelsKey(): string {
  key ??= createHash('sha256').update(bundledPackageVersions(PROJECT_ROOT).join(',')).update(JSON.stringify(SCHEMA_MODULES)).digest('hex').slice(0, 16);
  return key;
}

function bundlePath(cacheDir: string): string {
  return path.join(cacheDir, `schema-models-${schemaModelsKey()}.cjs`);
}

/**
 * The bundle starts with a comment holding the SHA-256 of the rest, so a truncated or
 * damaged bundle is rebuilt instead of loaded (it would load, lacking models, and make
 * every object fail with "no schema known").
 */
const CHECKSUM_PREFIX = '// sha256=';

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Whether `file` holds a complete bundle (its checksum matches). */
function isIntact(file: string): boolean {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch {
    return false;
  }
  const newline = text.indexOf('\n');
  return newline > 0 && text.slice(0, newline) === `${CHECKSUM_PREFIX}${sha256(text.slice(newline + 1))}`;
}

/** Export name of a kind inside the bundle: its position in SCHEMA_MODULES. */
const exportName = (index: number) => `model${index}`;

function buildBundle(outfile: string): void {
  // Loaded only on a cache miss: esbuild is not needed on the warm path.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const esbuild: typeof import('esbuild') = require('esbuild');
  const contents = Object.values(SCHEMA_MODULES)
    .map((source, index) => `export { ${source.model} as ${exportName(index)} } from '${source.module}';`)
    .join('\n');
  const temporary = `${outfile}.${process.pid}.tmp`;
  fs.mkdirSync(path.dirname(outfile), { recursive: true });
  esbuild.buildSync({
    stdin: { contents, resolveDir: PROJECT_ROOT, loader: 'js' },
    bundle: true,
    minify: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    outfile: temporary,
    // re2-wasm reads its .wasm file next to itself: leave it out of the bundle...
    external: ['re2-wasm'],
    logLevel: 'error',
  });
  // ...and load it from where it is installed, whichever folder the bundle lives in.
  const code = fs.readFileSync(temporary, 'utf8');
  const external = 'require("re2-wasm")';
  if (!code.includes(external)) throw new Error(`schema bundle ${outfile}: expected ${external} in esbuild's output`);
  const linked = code.split(external).join(`require(${JSON.stringify(require.resolve('re2-wasm'))})`);
  fs.writeFileSync(temporary, `${CHECKSUM_PREFIX}${sha256(linked)}\n${linked}`);
  fs.renameSync(temporary, outfile);
}

/** Loaded models by cache folder: the bundle is read once per process. */
const loaded = new Map<string, Readonly<Record<string, ModelClass>>>();

/** All model classes by `apiVersion/kind`, building the bundle first if the cache has none. */
export function loadSchemaModels(cacheDir: string = DEFAULT_MODEL_CACHE): Readonly<Record<string, ModelClass>> {
  let models = loaded.get(cacheDir);
  if (!models) {
    const file = bundlePath(cacheDir);
    if (!isIntact(file)) buildBundle(file);
    try {
      models = requireModels(file);
    } catch {
      // Intact but unloadable (written by another version of this code?): rebuild once.
      buildBundle(file);
      try {
        models = requireModels(file);
      } catch (error) {
        throw new Error(`the schema model bundle ${file} cannot be loaded even after a rebuild (${(error as Error).message}); `
          + `delete ${cacheDir} and run again`);
      }
    }
    loaded.set(cacheDir, models);
  }
  return models;
}

/** Loads the bundle afresh and checks that it holds a model class for every kind. */
function requireModels(file: string): Readonly<Record<string, ModelClass>> {
  delete require.cache[file];
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const bundle = require(file) as Record<string, ModelClass>;
  const models = Object.fromEntries(Object.keys(SCHEMA_MODULES).map((kind, index) => [kind, bundle[exportName(index)]]));
  const missing = Object.keys(models).filter((kind) => typeof models[kind] !== 'function');
  if (missing.length > 0) throw new Error(`it has no model for ${missing.join(', ')}`);
  return models;
}

/** The model class of `apiVersion/kind`, or undefined for a kind the project does not know. */
export function loadSchemaModel(kind: string, cacheDir: string = DEFAULT_MODEL_CACHE): ModelClass | undefined {
  return Object.hasOwn(SCHEMA_MODULES, kind) ? loadSchemaModels(cacheDir)[kind] : undefined;
}
