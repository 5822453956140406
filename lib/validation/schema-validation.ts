/**
 * Validates every synthesized object against the OpenAPI schema of its kind, using
 * the `kubernetes-models` packages (the same schemas the API server and the CRDs
 * enforce). They are ES modules only, hence the dynamic `import()` calls: `.swcrc`
 * and the Jest transform keep them as real imports.
 */

interface ValidatableModel {
  validate(): void;
}
// Each model's constructor takes its own typed shape; synthesized JSON is checked at run time.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type ModelClass = new (data: any) => ValidatableModel;

/** Every kind this project may emit, and where its schema lives. Unknown kinds fail closed. */
const MODEL_LOADERS: Readonly<Record<string, () => Promise<ModelClass>>> = {
  'v1/Namespace': async () => (await import('kubernetes-models/v1/Namespace')).Namespace,
  'v1/ServiceAccount': async () => (await import('kubernetes-models/v1/ServiceAccount')).ServiceAccount,
  'v1/Service': async () => (await import('kubernetes-models/v1/Service')).Service,
  'v1/ConfigMap': async () => (await import('kubernetes-models/v1/ConfigMap')).ConfigMap,
  'apps/v1/Deployment': async () => (await import('kubernetes-models/apps/v1/Deployment')).Deployment,
  'autoscaling/v2/HorizontalPodAutoscaler': async () =>
    (await import('kubernetes-models/autoscaling/v2/HorizontalPodAutoscaler')).HorizontalPodAutoscaler,
  'policy/v1/PodDisruptionBudget': async () => (await import('kubernetes-models/policy/v1/PodDisruptionBudget')).PodDisruptionBudget,
  'networking.k8s.io/v1/NetworkPolicy': async () => (await import('kubernetes-models/networking.k8s.io/v1/NetworkPolicy')).NetworkPolicy,
  'monitoring.coreos.com/v1/ServiceMonitor': async () =>
    (await import('@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/ServiceMonitor')).ServiceMonitor,
  'monitoring.coreos.com/v1/PrometheusRule': async () =>
    (await import('@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1/PrometheusRule')).PrometheusRule,
  'external-secrets.io/v1/ExternalSecret': async () =>
    (await import('@kubernetes-models/external-secrets/external-secrets.io/v1/ExternalSecret')).ExternalSecret,
  'external-secrets.io/v1/SecretStore': async () =>
    (await import('@kubernetes-models/external-secrets/external-secrets.io/v1/SecretStore')).SecretStore,
  'external-secrets.io/v1/ClusterSecretStore': async () =>
    (await import('@kubernetes-models/external-secrets/external-secrets.io/v1/ClusterSecretStore')).ClusterSecretStore,
};

export interface KubernetesObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata?: { readonly name?: string; readonly namespace?: string };
  readonly [key: string]: unknown;
}

const modelCache = new Map<string, Promise<ModelClass>>();

function loadModel(key: string): Promise<ModelClass> | undefined {
  const loader = MODEL_LOADERS[key];
  if (!loader) return undefined;
  let model = modelCache.get(key);
  if (!model) {
    model = loader();
    modelCache.set(key, model);
  }
  return model;
}

/** Kinds whose schema this project knows, e.g. `apps/v1/Deployment`. */
export const VALIDATED_KINDS: readonly string[] = Object.keys(MODEL_LOADERS);

/**
 * Returns one message per invalid object (empty when all are valid):
 * `production/reconciliation-backend.k8s.yaml: Deployment/reconciliation-backend: /spec/replicas must be integer`.
 */
export async function validateAgainstSchemas(source: string, objects: readonly KubernetesObject[]): Promise<string[]> {
  const problems: string[] = [];
  for (const object of objects) {
    const key = `${object.apiVersion}/${object.kind}`;
    const where = `${source}: ${object.kind}/${object.metadata?.name ?? '<unnamed>'}`;
    const model = loadModel(key);
    if (!model) {
      problems.push(`${where}: no schema known for ${key}; add it to MODEL_LOADERS in lib/validation/schema-validation.ts`);
      continue;
    }
    const Model = await model;
    try {
      new Model(object).validate();
    } catch (error) {
      problems.push(`${where}: ${describeSchemaError(error)}`);
    }
  }
  return problems;
}

function describeSchemaError(error: unknown): string {
  const details = (error as { errors?: { instancePath?: string; message?: string; params?: unknown }[] }).errors;
  if (Array.isArray(details) && details.length > 0) {
    return details.map((d) => `${d.instancePath || '/'} ${d.message ?? 'is invalid'} ${JSON.stringify(d.params ?? {})}`).join('; ');
  }
  return error instanceof Error ? error.message : String(error);
}
