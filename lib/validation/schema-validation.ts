import { loadSchemaModel, SCHEMA_MODULES } from './schema-models';

/**
 * Validates every synthesized object against the OpenAPI schema of its kind, using
 * the models of `kubernetes-models` and `@kubernetes-models/*` (the schemas the API
 * server and the CRDs enforce). Unknown kinds fail closed.
 */

export interface KubernetesObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata?: { readonly name?: string; readonly namespace?: string };
  readonly [key: string]: unknown;
}

/** Kinds whose schema this project knows, e.g. `apps/v1/Deployment`. */
export const VALIDATED_KINDS: readonly string[] = Object.keys(SCHEMA_MODULES);

/**
 * Returns one message per invalid object (empty when all are valid):
 * `production/reconciliation-backend.k8s.yaml: Deployment/reconciliation-backend: /spec/replicas must be integer`.
 */
export async function validateAgainstSchemas(source: string, objects: readonly KubernetesObject[]): Promise<string[]> {
  const problems: string[] = [];
  for (const object of objects) {
    const key = `${object.apiVersion}/${object.kind}`;
    const where = `${source}: ${object.kind}/${object.metadata?.name ?? '<unnamed>'}`;
    const Model = loadSchemaModel(key);
    if (!Model) {
      problems.push(`${where}: no schema known for ${key}; add it to SCHEMA_MODULES in lib/validation/schema-models.ts`);
      continue;
    }
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
