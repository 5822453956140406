import * as path from 'path';
import { loadSchemaModel, SCHEMA_MODULES, schemaModelsKey } from './schema-models';
import { VerdictCache, verdictKey } from './verdict-cache';

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
 * Objects known to be valid, by the hash of their JSON, kept across runs in
 * node_modules/.cache/schema-verdicts (one file per version of the models;
 * `SCHEMA_VERDICTS_CACHE_DIR` moves it). Loading the models and their RE2 engine takes
 * ~60 ms: a synth whose objects all passed before skips it; an edited object is checked.
 */
const VALID_OBJECTS = new VerdictCache(() => path.join(
  process.env.SCHEMA_VERDICTS_CACHE_DIR ?? path.resolve(__dirname, '..', '..', 'node_modules', '.cache', 'schema-verdicts'),
  `schema-models-${schemaModelsKey()}.json`,
));

/** Forgets the verdicts this process read or learned, so the next check reads the cache file again (tests). */
export function forgetValidObjects(): void {
  VALID_OBJECTS.forget();
}

/**
 * Returns one message per invalid object (empty when all are valid):
 * `production/reconciliation-backend.k8s.yaml: Deployment/reconciliation-backend: /spec/replicas must be integer`.
 */
export async function validateAgainstSchemas(source: string, objects: readonly KubernetesObject[]): Promise<string[]> {
  const problems: string[] = [];
  for (const object of objects) {
    const key = `${object.apiVersion}/${object.kind}`;
    const where = `${source}: ${object.kind}/${object.metadata?.name ?? '<unnamed>'}`;
    if (!Object.hasOwn(SCHEMA_MODULES, key)) {
      problems.push(`${where}: no schema known for ${key}; add it to SCHEMA_MODULES in lib/validation/schema-models.ts`);
      continue;
    }
    const verdict = verdictKey(JSON.stringify(object));
    if (VALID_OBJECTS.has(verdict)) continue;
    const Model = loadSchemaModel(key)!;
    try {
      new Model(object).validate();
      VALID_OBJECTS.add(verdict);
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
